"""PCM helpers for providers: decode bytes (MP3, WAV, OGG, FLAC), resample, trim and splice.

Cloud providers that return MP3 or PCM at another rate use :func:`decode_audio` and
:func:`resample` to hand the engine mono float32 at any rate it likes.
"""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path

import numpy as np

from engine.errors import WaqupError
from engine.voice.base import Speech


def to_mono_float32(samples: np.ndarray) -> np.ndarray:
    """Average channels; integer PCM is scaled to [-1, 1]."""
    data = np.asarray(samples)
    if data.dtype.kind in "iu":
        info = np.iinfo(data.dtype)
        data = (data.astype(np.float32) - (info.max + info.min + 1) / 2) / (info.max + 1)
    data = data.astype(np.float32, copy=False)
    if data.ndim == 2:
        data = data.mean(axis=1, dtype=np.float32)
    return np.ascontiguousarray(data)


def resample(samples: np.ndarray, rate_in: int, rate_out: int) -> np.ndarray:
    """Polyphase resampling (``scipy.signal.resample_poly``) by the exact rational ratio."""
    if rate_in == rate_out or len(samples) == 0:
        return np.asarray(samples, dtype=np.float32)
    from scipy.signal import resample_poly

    ratio = Fraction(rate_out, rate_in).limit_denominator(1000)
    out = resample_poly(samples, ratio.numerator, ratio.denominator)
    return out.astype(np.float32, copy=False)


def decode_audio(data: bytes | str | Path, rate: int | None = None) -> Speech:
    """Decode a file or encoded bytes (WAV/FLAC/OGG via soundfile, MP3 and others via miniaudio).

    Raw headerless PCM is not guessable: wrap it with :func:`from_pcm16` instead.
    """
    raw = Path(data).read_bytes() if isinstance(data, str | Path) else bytes(data)
    try:
        import soundfile

        samples, sr = soundfile.read(io.BytesIO(raw), dtype="float32", always_2d=False)
        speech = Speech(to_mono_float32(samples), int(sr))
    except Exception:
        import miniaudio

        try:
            decoded = miniaudio.decode(raw, output_format=miniaudio.SampleFormat.FLOAT32, nchannels=1)
        except miniaudio.DecodeError as exc:
            raise WaqupError(f"could not decode audio: {exc}") from None
        speech = Speech(np.asarray(decoded.samples, dtype=np.float32), decoded.sample_rate)
    if rate and rate != speech.sample_rate:
        speech = Speech(resample(speech.samples, speech.sample_rate, rate), rate)
    return speech


def from_pcm16(raw: bytes, sample_rate: int, channels: int = 1) -> Speech:
    """Little-endian 16-bit PCM bytes (as some APIs return) to :class:`Speech`."""
    data = np.frombuffer(raw, dtype="<i2")
    if channels > 1:
        data = data[: len(data) // channels * channels].reshape(-1, channels)
    return Speech(to_mono_float32(data), sample_rate)


def trim_silence(
    samples: np.ndarray, sample_rate: int, threshold_db: float = -50.0, pad: float = 0.003
) -> np.ndarray:
    """Cut leading/trailing audio quieter than ``threshold_db`` below the peak (keeping ``pad`` s)."""
    if len(samples) == 0:
        return samples
    peak = float(np.max(np.abs(samples)))
    if peak <= 0:
        return samples[:0]
    loud = np.flatnonzero(np.abs(samples) > peak * 10 ** (threshold_db / 20))
    keep = int(pad * sample_rate)
    start, end = max(int(loud[0]) - keep, 0), min(int(loud[-1]) + 1 + keep, len(samples))
    out = samples[start:end].astype(np.float32, copy=True)
    fade = min(int(0.004 * sample_rate), len(out) // 2)
    if fade:
        ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32)
        out[:fade] *= ramp
        out[-fade:] *= ramp[::-1]
    return out


def splice(parts: list[np.ndarray], sample_rate: int, gap: float) -> np.ndarray:
    """Join trimmed parts with ``gap`` seconds of exact digital silence."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return np.zeros(0, np.float32)
    silence = np.zeros(int(round(gap * sample_rate)), np.float32)
    out: list[np.ndarray] = []
    for i, part in enumerate(parts):
        if i:
            out.append(silence)
        out.append(part)
    return np.concatenate(out).astype(np.float32, copy=False)


def pitch_factor(semitones: float) -> float:
    return float(2.0 ** (semitones / 12.0))


def lower_by_resampling(samples: np.ndarray, semitones: float) -> np.ndarray:
    """Shift pitch by resampling (tempo changes by the same factor: compensate at synthesis)."""
    if abs(semitones) < 1e-3 or len(samples) == 0:
        return samples
    factor = Fraction(pitch_factor(semitones)).limit_denominator(64)
    from scipy.signal import resample_poly

    # Played back at the same rate, a longer signal sounds lower: stretch by 1/factor.
    return resample_poly(samples, factor.denominator, factor.numerator).astype(np.float32, copy=False)
