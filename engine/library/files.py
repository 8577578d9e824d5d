"""An item's files on disk: its rendered audio and the creator's voice recordings, and removing them safely.

Only files inside the data folder (``WAQUP_HOME``) are ever removed: a render written elsewhere with
``--out`` is the user's own file and is left alone (and reported). A symlink is removed as a link; its
target is never touched.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from engine import paths

AUDIO_SUFFIXES = frozenset({".mp3", ".ogg", ".oga", ".opus", ".wav", ".flac", ".m4a", ".aac"})
ITEM_ID = re.compile(r"^[0-9a-f]{4,64}$")


def recordings_path(item_id: str) -> Path:
    """The folder of the creator's recordings of an item's lines (not created here)."""
    if not ITEM_ID.match(item_id):
        raise ValueError(f"not an item id: {item_id!r}")
    return paths.home() / "recordings" / item_id


@dataclass
class Freed:
    """What a delete or prune removed (or, in a dry run, would remove)."""

    files: list[Path] = field(default_factory=list)  # rendered audio files
    recordings: list[Path] = field(default_factory=list)  # the creator's voice recordings
    bytes: int = 0
    records: int = 0  # audio asset rows forgotten
    items: int = 0  # items that had something removed
    kept: list[Path] = field(default_factory=list)  # recorded, but outside the data folder: left alone
    failed: list[tuple[Path, str]] = field(default_factory=list)  # could not be removed, and why
    dry_run: bool = False

    @property
    def megabytes(self) -> float:
        return self.bytes / 1_000_000

    @property
    def count(self) -> int:
        return len(self.files) + len(self.recordings)

    def to_dict(self) -> dict:
        return {
            "dry_run": self.dry_run, "files": [str(p) for p in self.files],
            "recordings": [str(p) for p in self.recordings], "bytes": self.bytes, "records": self.records,
            "items": self.items, "kept": [str(p) for p in self.kept],
            "failed": [{"path": str(p), "error": e} for p, e in self.failed],
        }


def in_data_folder(path: str | Path) -> Path | None:
    """``path`` (its folder resolved, the name as is) when it lies inside the data folder, else None."""
    raw = Path(path).expanduser()
    if not str(path) or not raw.is_absolute():
        return None
    home = paths.home().resolve()
    candidate = raw.parent.resolve() / raw.name
    return candidate if candidate != home and candidate.is_relative_to(home) else None


def _remove(path: Path, freed: Freed, bucket: list[Path]) -> None:
    try:
        size = path.lstat().st_size
    except FileNotFoundError:
        return
    except OSError as exc:
        freed.failed.append((path, exc.strerror or str(exc)))
        return
    if not freed.dry_run:
        try:
            path.unlink()
        except FileNotFoundError:
            return
        except OSError as exc:
            freed.failed.append((path, exc.strerror or str(exc)))
            return
    bucket.append(path)
    freed.bytes += size


def remove_render(path: str | Path, freed: Freed) -> None:
    """Remove one rendered file if it is an audio file inside the data folder (else note it as kept)."""
    candidate = in_data_folder(path)
    recordings = paths.home().resolve() / "recordings"
    if (candidate is None or candidate.suffix.lower() not in AUDIO_SUFFIXES
            or candidate.is_relative_to(recordings)):
        if Path(path).exists() and Path(path) not in freed.kept:
            freed.kept.append(Path(path))
        return
    if candidate.is_symlink() or candidate.is_file():
        _remove(candidate, freed, freed.files)
        audio = paths.home().resolve() / "audio"
        folder = candidate.parent
        while not freed.dry_run and folder != audio and folder.is_relative_to(audio):  # a pack's emptied folders
            try:
                folder.rmdir()
            except OSError:
                break
            folder = folder.parent


def remove_recordings(item_id: str, freed: Freed) -> None:
    """Remove the files of an item's recordings folder, then the folder (a symlinked folder: the link only)."""
    folder = recordings_path(item_id)
    if folder.is_symlink():
        _remove(folder, freed, freed.recordings)
        return
    if not folder.is_dir():
        return
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink() or entry.is_file():
            _remove(entry, freed, freed.recordings)
        else:
            freed.kept.append(entry)
    if not freed.dry_run:
        with contextlib.suppress(OSError):  # something we do not own is left in it (reported as kept)
            folder.rmdir()


def recorded_item_ids() -> list[str]:
    """Ids of every item that has a recordings folder (deleted items included)."""
    root = paths.home() / "recordings"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if ITEM_ID.match(p.name))


TAKE_SUFFIXES = frozenset({".wav", ".flac", ".mp3"})
LINE_KEY = re.compile(r"^\d+\.\d+$")


def import_take(item_id: str, key: str, source: str | Path) -> Path:
    """Make an audio file recorded elsewhere (WAV, FLAC or MP3) the creator's recording of line ``key``.

    The take is decoded, checked to hold sound, trimmed like a take recorded here and stored as a
    16-bit mono WAV in the item's recordings folder. Bad input is a :class:`UsageError`.
    """
    import io

    import numpy as np
    import soundfile

    from engine.config import write_atomic
    from engine.errors import UsageError, WaqupError
    from engine.voice.pcm import decode_audio, trim_silence

    if not LINE_KEY.match(key):
        raise UsageError(f"not a line key: {key!r} (like 2.3: section 2, line 3)")
    source = Path(source)
    if source.suffix.lower() not in TAKE_SUFFIXES:
        raise UsageError(f"{source}: a take must be a .wav, .flac or .mp3 file")
    if not source.is_file():
        raise UsageError(f"no such file: {source}")
    try:
        speech = decode_audio(source)
    except WaqupError as exc:
        raise UsageError(f"{source} is not readable audio ({exc})") from None
    samples = speech.samples
    if not len(samples) or float(np.max(np.abs(samples))) < 1e-3:
        raise UsageError(f"{source} is silent: record the line again")
    samples = trim_silence(samples, speech.sample_rate, threshold_db=-40.0, pad=0.05)
    buffer = io.BytesIO()
    soundfile.write(buffer, samples, speech.sample_rate, format="WAV", subtype="PCM_16")
    target = recordings_path(item_id) / f"{key}.wav"
    write_atomic(target, buffer.getvalue())
    return target
