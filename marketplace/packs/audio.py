"""Measuring uploaded audio without trusting it: the header's duration first (no decoding), then a bounded
streaming decode (ffmpeg, 8 kHz mono 16-bit, counted and thrown away) that stops just past the limit.

Memory stays flat whatever the file claims or contains: nothing is decoded into memory, and a FLAC of hours
of silence is refused from its header before a single frame is decoded."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

RATE = 8000  # samples per second of the counting decode (duration only: quality does not matter)
CHUNK = 1 << 16


class AudioRejected(Exception):
    """The file does not decode (``status`` 400) or is too long (413)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def header_seconds(path: Path) -> float | None:
    """The duration a WAV, FLAC or Ogg header states (frames / rate), or None when it states none (MP3)."""
    try:
        import soundfile

        info = soundfile.info(str(path))
    except Exception:  # noqa: BLE001 - not a format libsndfile reads: the decode decides
        return None
    if info.samplerate <= 0 or info.frames <= 0 or info.format == "MPEG":
        return None
    return info.frames / float(info.samplerate)


def decoded_seconds(path: Path, limit: float) -> float:
    """Seconds of audio ffmpeg decodes from ``path``, reading at most ``limit`` + 1 s of it."""
    from engine.audio.encode import ffmpeg_exe

    cmd = [ffmpeg_exe(), "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a:0", "-t", f"{limit + 1:.3f}",
           "-ac", "1", "-ar", str(RATE), "-f", "s16le", "pipe:1"]
    count = 0
    # stderr goes to a file, so a chatty ffmpeg never blocks on a full pipe
    with tempfile.TemporaryFile() as errors, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errors) as proc:
        assert proc.stdout is not None
        for block in iter(lambda: proc.stdout.read(CHUNK), b""):
            count += len(block)
        code = proc.wait()
    if code != 0:
        raise AudioRejected(400, "the audio file does not decode")
    return count / 2 / RATE


def measure(path: Path, limit: float) -> float:
    """The decoded duration of ``path``; :class:`AudioRejected` when over ``limit``, empty or undecodable."""
    stated = header_seconds(path)
    if stated is not None and stated > limit + 1:
        raise AudioRejected(413, f"{stated:.0f}s of audio is over the {limit:.0f}s limit")
    seconds = decoded_seconds(path, limit)
    if seconds <= 0.05:
        raise AudioRejected(400, "the audio file is empty or does not decode")
    if seconds > limit:
        raise AudioRejected(413, f"{seconds:.0f}s of audio is over the {limit:.0f}s limit")
    return seconds
