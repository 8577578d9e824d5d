"""Loudness: BS.1770 integrated loudness (pyloudnorm), oversampled true peak and a look-ahead limiter."""

from __future__ import annotations

import numpy as np

TARGET_LUFS = -16.0
LUFS_TOLERANCE = 0.05  # how close the decoded file's integrated loudness lands on the target
TRUE_PEAK_LIMIT_DB = -1.0  # the streaming limit every decoded file stays under ...
TRUE_PEAK_MARGIN_DB = 0.5  # ... by at least this much
TRUE_PEAK_TARGET_DB = TRUE_PEAK_LIMIT_DB - TRUE_PEAK_MARGIN_DB - 0.1  # 0.1 dB for meters that differ
TRUE_PEAK_CEILING_DB = -2.0  # the PCM ceiling when the format is not known
OVERSAMPLE = 4


def integrated_lufs(samples: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness (LUFS) of mono ``samples``; -inf for silence or very short input."""
    import pyloudnorm

    if len(samples) < int(0.4 * sample_rate):
        return float("-inf")
    meter = pyloudnorm.Meter(sample_rate)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(meter.integrated_loudness(np.asarray(samples, dtype=np.float64)))


def _hot_windows(samples: np.ndarray, threshold: float, window: int) -> list[tuple[int, int]]:
    """Merged [start, end) windows around every sample whose magnitude exceeds ``threshold``."""
    hot = np.flatnonzero(np.abs(samples) > threshold)
    if len(hot) == 0:
        return []
    breaks = np.flatnonzero(np.diff(hot) > window) + 1
    starts, ends = hot[np.r_[0, breaks]], hot[np.r_[breaks - 1, len(hot) - 1]]
    return [
        (max(int(s) - window, 0), min(int(e) + window + 1, len(samples)))
        for s, e in zip(starts, ends, strict=True)
    ]


def chunk_true_peaks(samples: np.ndarray, sample_rate: int = 48000, chunk: int = 2048,
                     within_db: float = 6.0) -> np.ndarray:
    """Peak magnitude of each ``chunk`` samples: 4x oversampled (true peak) for the chunks within
    ``within_db`` of the loudest sample, the plain sample peak elsewhere."""
    from scipy.signal import resample_poly

    x = np.asarray(samples, dtype=np.float32)
    if len(x) == 0:
        return np.zeros(0, np.float32)
    pad = 32
    n_chunks = -(-len(x) // chunk)
    padded = np.zeros(n_chunks * chunk + 2 * pad, np.float32)
    padded[pad : pad + len(x)] = x
    body = padded[pad : pad + n_chunks * chunk].reshape(n_chunks, chunk)
    peaks = np.max(np.abs(body), axis=1)
    hot = np.flatnonzero(peaks >= float(peaks.max()) * 10 ** (-within_db / 20)) if peaks.max() > 0 else []
    for i in range(0, len(hot), 256):  # batches keep memory bounded
        rows = hot[i : i + 256]
        frames = np.stack([padded[r * chunk : r * chunk + chunk + 2 * pad] for r in rows])
        up = resample_poly(frames, OVERSAMPLE, 1, axis=1)[:, OVERSAMPLE * pad : -OVERSAMPLE * pad]
        peaks[rows] = np.maximum(peaks[rows], np.max(np.abs(up), axis=1))
    return peaks


def true_peak_db(samples: np.ndarray, sample_rate: int = 48000, chunk: int = 2048) -> float:
    """True peak (dBTP) by 4x polyphase oversampling of every chunk within 6 dB of the sample peak."""
    peaks = chunk_true_peaks(samples, sample_rate, chunk)
    best = float(peaks.max()) if len(peaks) else 0.0
    return 20.0 * np.log10(best) if best > 0 else float("-inf")


def limit(
    samples: np.ndarray,
    sample_rate: int,
    ceiling: float,
    smooth: float = 0.02,
    windows: list[tuple[int, int]] | None = None,
    true_peak: bool = False,
) -> np.ndarray:
    """Smooth look-ahead limiter: the output never exceeds ``ceiling`` (linear) in magnitude.

    The gain is the running minimum of ``ceiling/|x|`` over +-``smooth`` seconds, then a moving
    average ``smooth`` long (which keeps it at or below the gain each sample needs). Only the
    windows around overs are processed; pass a list as ``windows`` to receive them. With
    ``true_peak``, ``|x|`` is the 4x oversampled magnitude, so peaks between samples are held too.
    """
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    out = np.asarray(samples, dtype=np.float32).copy()
    width = max(int(smooth * sample_rate), 1)
    # a peak between samples can stand up to ~3 dB over the samples around it
    hot = _hot_windows(out, ceiling * (0.7 if true_peak else 1.0), 4 * width)
    for start, end in hot:
        seg = out[start:end].astype(np.float64)
        magnitude = np.abs(seg)
        if true_peak:
            from scipy.signal import resample_poly

            up = np.abs(resample_poly(seg, OVERSAMPLE, 1))[: len(seg) * OVERSAMPLE]
            magnitude = np.maximum(magnitude, up.reshape(len(seg), OVERSAMPLE).max(axis=1))
        need = np.minimum(1.0, ceiling / np.maximum(magnitude, 1e-12))
        gain = minimum_filter1d(need, size=2 * width + 1, mode="nearest")
        gain = np.minimum(uniform_filter1d(gain, size=width, mode="nearest"), need)
        out[start:end] = (seg * gain).astype(np.float32)
    np.clip(out, -ceiling, ceiling, out=out)
    if windows is not None:
        windows.extend(hot)
    return out


def _k_weight(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """The BS.1770 K-weighting (float32), with pyloudnorm's own filter coefficients."""
    import pyloudnorm
    from scipy.signal import lfilter

    out = np.asarray(samples, dtype=np.float32)
    for stage in pyloudnorm.Meter(sample_rate)._filters.values():
        b = np.asarray(stage.b, np.float32) * np.float32(stage.passband_gain)
        out = lfilter(b, np.asarray(stage.a, np.float32), out)
    return out


def _hop(sample_rate: int) -> int:
    return int(0.1 * sample_rate)


def hop_energies(power: np.ndarray, sample_rate: int) -> np.ndarray:
    """Sums of K-weighted power over consecutive 100 ms hops (four make one gating block)."""
    hop = _hop(sample_rate)
    n = len(power) // hop
    return power[: n * hop].reshape(n, hop).sum(axis=1, dtype=np.float64)


def gated_lufs(hops: np.ndarray, sample_rate: int) -> float:
    """BS.1770 integrated loudness from :func:`hop_energies` (400 ms blocks, 75% overlap, gates)."""
    if len(hops) < 4:
        return float("-inf")
    energy = (hops[:-3] + hops[1:-2] + hops[2:-1] + hops[3:]) / (4 * _hop(sample_rate))
    with np.errstate(divide="ignore"):
        level = -0.691 + 10 * np.log10(energy)
    above = energy[level >= -70.0]
    if len(above) == 0:
        return float("-inf")
    relative = -0.691 + 10 * np.log10(np.mean(above)) - 10.0
    gated = energy[(level >= -70.0) & (level > relative)]
    return float(-0.691 + 10 * np.log10(np.mean(gated))) if len(gated) else float("-inf")


def fast_lufs(samples: np.ndarray, sample_rate: int) -> float:
    """Vectorised integrated loudness (agrees with :func:`integrated_lufs` to ~0.05 LU)."""
    weighted = _k_weight(samples, sample_rate)
    return gated_lufs(hop_energies(weighted * weighted, sample_rate), sample_rate)


def normalise(
    samples: np.ndarray,
    sample_rate: int,
    target_lufs: float = TARGET_LUFS,
    ceiling_db: float = TRUE_PEAK_CEILING_DB,
) -> tuple[np.ndarray, float, float, float]:
    """Reach ``target_lufs`` with the true peak under ``ceiling_db``: gain, limit, re-measure.

    The K-weighted signal is computed once; each round only re-filters the windows the limiter
    touched, so the loop costs a few vectorised passes. Returns (samples, gain dB, LUFS, dBTP).
    """
    x = np.asarray(samples, dtype=np.float32)
    weighted = _k_weight(x, sample_rate)
    base = hop_energies(weighted * weighted, sample_rate)
    del weighted
    measured = gated_lufs(base, sample_rate)
    if not np.isfinite(measured):
        return x.copy(), 0.0, measured, true_peak_db(x, sample_rate)
    hop = _hop(sample_rate)
    context = 2 * hop
    gain_db = target_lufs - measured
    ceiling = 10 ** ((ceiling_db - 0.3) / 20)
    out, level, peak = x, measured, float("-inf")
    previous: tuple[float, float] | None = None  # (gain dB, level) of the round before: the slope
    for _ in range(16):
        gain = 10 ** (gain_db / 20)
        touched: list[tuple[int, int]] = []
        out = limit(x * np.float32(gain), sample_rate, ceiling, windows=touched)
        hops = base * gain**2
        for start, end in touched:
            first, last = start // hop, min(-(-end // hop), len(hops))
            if last <= first:
                continue
            lo = max(first * hop - context, 0)
            local = _k_weight(out[lo : last * hop], sample_rate)[first * hop - lo :]
            hops[first:last] = hop_energies(local * local, sample_rate)
        level = gated_lufs(hops, sample_rate)
        peak = float("nan")  # not yet measured for this ``out``
        if abs(level - target_lufs) <= LUFS_TOLERANCE / 2:
            peak = true_peak_db(out, sample_rate)
            if peak <= ceiling_db:
                break
            ceiling *= 10 ** ((ceiling_db - peak - 0.1) / 20)  # inter-sample overs: tighten
            previous = None
        else:
            # The limiter eats part of each added dB: step by the measured slope (secant), not 1:1.
            slope = 1.0
            if previous is not None and abs(gain_db - previous[0]) > 1e-3:
                slope = min(max((level - previous[1]) / (gain_db - previous[0]), 0.4), 1.0)
            previous = (gain_db, level)
            gain_db += (target_lufs - level) / slope
    return out, gain_db, level, peak if not np.isnan(peak) else true_peak_db(out, sample_rate)
