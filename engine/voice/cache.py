"""Content-addressed synthesis cache: one ``.npy`` per (provider, model, voice, settings, text).

Files live under ``paths.cache_dir()/"tts"/ab/<sha256>-<rate>.npy`` and are written atomically,
so re-rendering a script with another ambience or format synthesises nothing new.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from pathlib import Path

from engine.voice.base import Speech, VoiceProvider, VoiceSettings

KEY_VERSION = 2


def cache_key(provider: str, model: str, voice: str, text: str, settings: VoiceSettings) -> str:
    """sha256 of everything that changes the audio."""
    payload = {
        "v": KEY_VERSION,
        "provider": provider,
        "model": model,
        "voice": voice,
        "text": " ".join(text.split()),
        "settings": settings.key(),
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class SynthesisCache:
    """Disk cache of synthesised speech, with hit/miss counters (``hits``, ``misses``)."""

    def __init__(self, root: Path | None = None) -> None:
        self._root = root
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()

    @property
    def root(self) -> Path:
        if self._root is None:
            from engine.paths import cache_dir

            return cache_dir() / "tts"
        return self._root

    def _find(self, key: str) -> Path | None:
        folder = self.root / key[:2]
        if folder.is_dir():
            for path in folder.glob(f"{key}-*.npy"):
                return path
        return None

    def get(self, key: str) -> Speech | None:
        import numpy as np

        path = self._find(key)
        if path is None:
            return None
        try:
            samples = np.load(path, allow_pickle=False)
        except (OSError, ValueError):
            path.unlink(missing_ok=True)
            return None
        return Speech(samples.astype(np.float32, copy=False), int(path.stem.rsplit("-", 1)[1]))

    def put(self, key: str, speech: Speech) -> Path:
        import numpy as np

        folder = self.root / key[:2]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{key}-{int(speech.sample_rate)}.npy"
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{key[:12]}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                np.save(handle, np.asarray(speech.samples, dtype=np.float32), allow_pickle=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def synthesize(
        self, provider: VoiceProvider, text: str, voice: str, settings: VoiceSettings
    ) -> tuple[Speech, str]:
        """Speech for ``text`` from the cache, else from ``provider`` (then stored). Returns (speech, key)."""
        voice = voice or provider.default_voice
        key = cache_key(provider.name, provider.model, voice, text, settings)
        speech = self.get(key)
        with self._lock:
            if speech is not None:
                self.hits += 1
                return speech, key
            self.misses += 1
        speech = provider.synthesize(text, voice, settings)
        self.put(key, speech)
        return speech, key

    def clear(self) -> int:
        """Delete every cached file; returns how many."""
        count = 0
        if self.root.is_dir():
            for path in self.root.glob("*/*.npy"):
                path.unlink(missing_ok=True)
                count += 1
        return count
