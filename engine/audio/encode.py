"""Encode PCM to MP3, OGG/Opus, WAV or FLAC with the ffmpeg binary from ``imageio-ffmpeg``.

Raw float32 PCM is piped into ffmpeg's stdin; output goes to a temp file beside the target and is
renamed into place only when complete (and tagged).
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from engine.audio.files import shared_temp
from engine.errors import UsageError, WaqupError

FORMATS: dict[str, tuple[str, list[str]]] = {
    # format: (extension, ffmpeg output options)
    "mp3": (".mp3", ["-c:a", "libmp3lame", "-b:a", "128k", "-f", "mp3"]),
    "ogg": (".ogg", ["-c:a", "libopus", "-b:a", "64k", "-application", "audio", "-f", "ogg"]),
    "opus": (".opus", ["-c:a", "libopus", "-b:a", "64k", "-application", "audio", "-f", "ogg"]),
    "wav": (".wav", ["-c:a", "pcm_s16le", "-f", "wav"]),
    "flac": (".flac", ["-c:a", "flac", "-f", "flac"]),
}
# What each codec does to a mix, measured on the decoded renders of every offline voice under every
# ambience (tests/test_audio_finish.py measures the output again). LEVEL_DB: the codec's change of
# loudness (LAME at 128 kbps lowers everything by 0.41-0.44 dB; Opus and the lossless codecs change it by
# under 0.02 dB). PEAK_RISE_DB: how far under the decoded file's true-peak target the PCM is limited, so
# that most files pass their first check; :mod:`engine.audio.finish` corrects the others.
LEVEL_DB: dict[str, float] = {"mp3": -0.43, "ogg": 0.0, "opus": 0.0, "wav": 0.0, "flac": 0.0}
PEAK_RISE_DB: dict[str, float] = {"mp3": 0.3, "ogg": 0.7, "opus": 0.7, "wav": 0.0, "flac": 0.0}
CHUNK = 1 << 18


def ffmpeg_exe() -> str:
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError) as exc:
        raise WaqupError(f"no ffmpeg binary found ({exc}); run `pip install imageio-ffmpeg`") from None


def check_format(fmt: str) -> str:
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UsageError(f"unknown audio format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return fmt


def output_format(out: str | Path | None, fmt: str | None, default: str = "mp3") -> tuple[Path | None, str]:
    """``(path, format)`` for a render: an ``out`` file's extension decides the format.

    ``x.wav`` is WAV; with ``fmt`` too they must agree; ``name`` without an extension gets the
    format's (``name.mp3``). An extension no format writes is refused.
    """
    chosen = check_format(fmt) if fmt else None
    if out is None:
        return None, chosen or check_format(default)
    path = Path(out)
    suffix = path.suffix.lower().lstrip(".")
    if not suffix:
        fmt = chosen or check_format(default)
        return path.with_name(path.name + FORMATS[fmt][0]), fmt
    by_extension = {ext.lstrip("."): name for name, (ext, _) in FORMATS.items()}
    if suffix not in by_extension:
        raise UsageError(f"{path.name}: waQup writes {', '.join(sorted(by_extension))} files, not .{suffix}")
    if chosen and chosen != by_extension[suffix] and not {chosen, by_extension[suffix]} <= {"ogg", "opus"}:
        raise UsageError(f"--format {chosen} does not match the file name {path.name}: use one or the other")
    return path, chosen or by_extension[suffix]


def encode(
    samples: np.ndarray,
    sample_rate: int,
    fmt: str,
    out_path: Path,
    tagger: Callable[[Path, str], None] | None = None,
    while_encoding: Callable[[], None] | None = None,
    options: list[str] | None = None,
    revise: Callable[[Path], np.ndarray | None] | None = None,
    metadata: dict[str, str] | None = None,
) -> Path:
    """Encode mono float32 ``samples`` to ``out_path`` atomically; ``tagger(tmp_path, fmt)`` runs
    before the rename; ``options`` replace the format's ffmpeg codec options;
    ``while_encoding`` runs in this thread while ffmpeg works (on another core). ``revise(tmp_path)``
    checks each encoded file: it returns samples to encode instead, or None to keep the file.
    ``metadata`` become ffmpeg's own tags (a WAV's ``LIST/INFO`` chunk)."""
    fmt = check_format(fmt)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    suffix = FORMATS[fmt][0]
    tmp = shared_temp(out_path.parent, prefix=f".{out_path.stem}.", suffix=suffix)  # the umask's mode
    cmd = [
        ffmpeg_exe(),
        "-nostdin",
        "-hide_banner",
        "-v",
        "error",
        "-y",
        "-f",
        "f32le",
        "-ar",
        str(sample_rate),
        "-ac",
        "1",
        "-i",
        "pipe:0",
        *(options or FORMATS[fmt][1]),
        *[arg for key, value in (metadata or {}).items() for arg in ("-metadata", f"{key}={value}")],
        str(tmp),
    ]
    try:
        pcm: np.ndarray | None = samples
        while pcm is not None:
            _run(cmd, pcm, fmt, while_encoding)
            while_encoding = None
            pcm = revise(tmp) if revise else None
        if tagger:
            tagger(tmp, fmt)
        os.replace(tmp, out_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out_path


def _run(cmd: list[str], samples: np.ndarray, fmt: str, while_encoding: Callable[[], None] | None) -> None:
    """Pipe ``samples`` through one ffmpeg ``cmd``; a failure is a one-line :class:`WaqupError`."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    data = np.ascontiguousarray(samples, dtype="<f4")
    feed_error: list[BaseException] = []

    def feed() -> None:
        try:
            assert proc.stdin is not None
            view = memoryview(data).cast("B")
            for i in range(0, len(view), CHUNK * 4):
                proc.stdin.write(view[i : i + CHUNK * 4])
            proc.stdin.close()
        except BaseException as exc:  # broken pipe: ffmpeg reports why below
            feed_error.append(exc)

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    if while_encoding:
        while_encoding()
    feeder.join()
    err = proc.stderr.read() if proc.stderr else b""
    if proc.wait() != 0 or feed_error:
        raise WaqupError(f"ffmpeg could not encode {fmt}: {err.decode(errors='replace').strip()[:300]}")


def decode_file(path: str | Path, sample_rate: int | None = None) -> tuple[np.ndarray, int]:
    """Decode any file ffmpeg reads to mono float32 (at ``sample_rate`` if given)."""
    cmd = [ffmpeg_exe(), "-nostdin", "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1"]
    rate = sample_rate
    if rate is None:
        from engine.voice.pcm import decode_audio

        try:
            speech = decode_audio(path)
            return speech.samples, speech.sample_rate
        except Exception:
            rate = 48000
    cmd += ["-ar", str(rate), "pipe:1"]
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode != 0:
        raise WaqupError(f"could not decode {path}: {proc.stderr.decode(errors='replace').strip()[:300]}")
    return np.frombuffer(proc.stdout, dtype="<f4").copy(), rate
