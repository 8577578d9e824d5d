"""Encode a mix and measure the decoded file: loudness and true peak are facts of the output.

A lossy codec changes both: LAME at 128 kbps lowers the level by ~0.43 dB, and MP3 and Opus peaks
rise between samples. So the mix is limited under the ceiling its format needs (:func:`pcm_ceiling_db`),
raised by what the codec takes away (:data:`~engine.audio.encode.LEVEL_DB`), encoded, decoded and
measured. A file that misses the target loudness by more than ``LUFS_TOLERANCE``, or whose true peak is
over ``TRUE_PEAK_TARGET_DB``, is corrected by the measured error and encoded again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.audio import loudness
from engine.audio.encode import LEVEL_DB, PEAK_RISE_DB, check_format, decode_file, encode

MAX_ENCODES = 4
log = logging.getLogger("waqup")


@dataclass
class Finished:
    """An encoded file and what its decoded audio measures."""

    path: Path
    lufs: float
    true_peak_db: float
    encodes: int


def pcm_ceiling_db(fmt: str) -> float:
    """True-peak ceiling (dBTP) for the PCM of a ``fmt`` render, so its decoded file meets the target."""
    return loudness.TRUE_PEAK_TARGET_DB - PEAK_RISE_DB[check_format(fmt)]


def _db(gain_db: float) -> np.float32:
    return np.float32(10 ** (gain_db / 20))


def peak_gain(decoded: np.ndarray, n: int, sample_rate: int, ceiling_db: float, chunk: int = 1024) -> np.ndarray | None:
    """A smooth gain curve (``n`` samples) that takes each ``chunk`` of ``decoded`` whose true peak is
    over ``ceiling_db`` down to it, and leaves the rest alone; None when nothing is over."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    x = np.zeros(n, np.float32)
    x[: min(n, len(decoded))] = decoded[:n]
    peaks = loudness.chunk_true_peaks(x, sample_rate, chunk)
    with np.errstate(divide="ignore"):
        need = np.minimum(0.0, ceiling_db - 20 * np.log10(np.maximum(peaks, 1e-12)))
    if not np.any(need < 0):
        return None
    curve = np.repeat(10 ** (need / 20), chunk)[:n]
    # widen each dip by a chunk on either side, then ease into it: still at or under what each chunk needs
    curve = minimum_filter1d(curve, size=3 * chunk, mode="nearest")
    return uniform_filter1d(curve, size=chunk, mode="nearest").astype(np.float32)


def encode_measured(
    samples: np.ndarray,
    sample_rate: int,
    fmt: str,
    out_path: Path,
    *,
    target_lufs: float = loudness.TARGET_LUFS,
    tagger: Callable[[Path, str], None] | None = None,
    metadata: dict[str, str] | None = None,
) -> Finished:
    """Encode loudness-normalised ``samples`` so that the decoded file lands on ``target_lufs`` with
    its true peak under ``TRUE_PEAK_TARGET_DB``; returns the file and its measured figures.

    Each encode is decoded and measured; a miss is corrected (the loudness error as gain, every
    stretch whose decoded peak is over as a brief local dip) and encoded again, at most
    :data:`MAX_ENCODES` times. ``tagger`` and ``metadata`` are as for :func:`~engine.audio.encode.encode`."""
    fmt = check_format(fmt)
    pcm = np.asarray(samples, np.float32) * _db(-LEVEL_DB[fmt])
    encodes, level, peak = 0, float("-inf"), float("-inf")

    def revise(tmp: Path) -> np.ndarray | None:
        nonlocal pcm, encodes, level, peak
        encodes += 1
        decoded, _ = decode_file(tmp, sample_rate)
        level, peak = loudness.fast_lufs(decoded, sample_rate), loudness.true_peak_db(decoded, sample_rate)
        error = target_lufs - level
        if not np.isfinite(level) or (abs(error) <= loudness.LUFS_TOLERANCE and
                                      peak <= loudness.TRUE_PEAK_TARGET_DB):
            return None
        if encodes >= MAX_ENCODES:
            log.warning("%s: after %d encodes the file measures %.2f LUFS, %.2f dBTP", out_path.name,
                        encodes, level, peak)
            return None
        pcm = pcm * _db(error)
        dips = peak_gain(decoded, len(pcm), sample_rate, loudness.TRUE_PEAK_TARGET_DB - 0.1 - error)
        if dips is not None:
            pcm *= dips
        return pcm

    path = encode(pcm, sample_rate, fmt, out_path, tagger=tagger, revise=revise, metadata=metadata)
    return Finished(path, level, peak, encodes)
