"""hibari-tts: a small neural English voice (ONNX, 24 kHz) whose default model ships in the wheel."""

from __future__ import annotations

import importlib.util
import threading
from typing import Any

from engine.errors import UsageError, WaqupError
from engine.voice.base import NEEDS_DOWNLOAD, Speech, VoiceInfo, VoiceSettings, split_sentences

_VOICES = {
    "heart": ("en-US", "female", "American English, warm female (bundled)"),
    "fenrir": ("en-US", "male", "American English, male (downloads 8 MB on first use)"),
    "emma": ("en-GB", "female", "British English, female (downloads 8 MB on first use)"),
    "fable": ("en-GB", "male", "British English, male (downloads 8 MB on first use)"),
    "kore": ("en-US", "female", "American English, second female (downloads 8 MB on first use)"),
}


class HibariProvider:
    """The default voice when ``hibari`` is importable. One loaded model per voice, one lock each."""

    name = "hibari"
    model = "hibari-0.2"
    default_voice = "heart"

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._models: dict[str, Any] = {}
        self._lock = threading.Lock()

    def available(self) -> bool:
        find = importlib.util.find_spec
        return find("hibari") is not None and find("onnxruntime") is not None

    def voices(self) -> list[VoiceInfo]:
        installed = self.available()
        out = []
        for n, (lang, g, d) in _VOICES.items():
            ready = installed and (n == "heart" or self._downloaded(n))
            needs = "" if ready else NEEDS_DOWNLOAD if installed else "needs `pip install hibari-tts`"
            out.append(VoiceInfo(self.name, n, lang, g, d, True, ready, needs, installed))
        return out

    @staticmethod
    def _downloaded(voice: str) -> bool:
        try:
            from hibari.voices import voice_path

            voice_path(voice, download_missing=False)
            return True
        except Exception:
            return False

    def _model(self, voice: str) -> Any:
        if voice not in self._models:
            if voice not in _VOICES:
                raise UsageError(f"hibari has no voice {voice!r}; try one of {', '.join(_VOICES)}")
            try:
                from hibari import Hibari

                self._models[voice] = Hibari(voice=voice, threads=self.threads)
            except ImportError:
                raise WaqupError(
                    "the neural voice needs `pip install hibari-tts`; or use an espeak voice"
                ) from None
            except RuntimeError as exc:  # a voice that must be downloaded, offline
                raise WaqupError(str(exc)) from None
        return self._models[voice]

    def synthesize(self, text: str, voice: str, settings: VoiceSettings) -> Speech:
        from engine.voice.pcm import lower_by_resampling, pitch_factor, splice, trim_silence

        voice = voice or self.default_voice
        # Pitch is lowered by resampling, which also slows the voice by the same factor: speak
        # faster by that factor first so the final pace is ``rate``.
        speed = min(2.0, max(0.5, settings.rate / pitch_factor(settings.pitch)))
        with self._lock:
            tts = self._model(voice)
            rate = int(tts.sample_rate)
            parts = []
            for sentence in split_sentences(text):
                audio = tts(sentence, speed=speed, seed=0)
                audio = lower_by_resampling(audio, settings.pitch)
                parts.append(trim_silence(audio, rate))
        return Speech(splice(parts, rate, settings.sentence_pause), rate)
