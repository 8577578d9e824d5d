"""Ambience beds and the bell, synthesised with numpy (no recorded or copyrighted material).

Every bed is built as a short loop (seeded, so identical across runs), made seamless with a
crossfade and tiled to any length; the renderer lays it under the voice with fades and ducking.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

LOOP_SECONDS = 16.0
CROSSFADE_SECONDS = 2.0


def _shaped_noise(
    n: int, sample_rate: int, slope: float, low: float, high: float, rng: np.random.Generator
) -> np.ndarray:
    """Gaussian noise with amplitude spectrum ~ f**-slope between ``low`` and ``high`` Hz."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1.0 / sample_rate)
    shape = np.zeros_like(freqs)
    band = (freqs >= low) & (freqs <= high)
    shape[band] = freqs[band] ** -slope
    # Soft band edges instead of brick walls.
    shape *= 1.0 / (1.0 + (low / np.maximum(freqs, 1e-9)) ** 4)
    shape *= 1.0 / (1.0 + (freqs / high) ** 4)
    out = np.fft.irfft(spectrum * shape, n)
    return out / (np.sqrt(np.mean(out**2)) + 1e-12)


def brown(n: int, sample_rate: int, rng: np.random.Generator) -> np.ndarray:
    """Deep, soft rumble (1/f^2 power), like distant surf."""
    return _shaped_noise(n, sample_rate, 1.0, 25.0, 4000.0, rng)


def pink(n: int, sample_rate: int, rng: np.random.Generator) -> np.ndarray:
    """Even, airy hiss (1/f power), rolled off above 9 kHz."""
    return _shaped_noise(n, sample_rate, 0.5, 30.0, 9000.0, rng)


def rain(n: int, sample_rate: int, rng: np.random.Generator) -> np.ndarray:
    """Soft rain: a band of filtered noise plus scattered, quickly decaying droplets."""
    from scipy.signal import fftconvolve

    wash = _shaped_noise(n, sample_rate, 0.3, 400.0, 7000.0, rng)
    drops = np.zeros(n)
    count = int(n / sample_rate * 90)
    drops[rng.integers(0, n, count)] = rng.uniform(0.2, 1.0, count) ** 3
    tail = np.exp(-np.arange(int(0.012 * sample_rate)) / (0.0025 * sample_rate))
    patter = fftconvolve(drops, tail)[:n] * _shaped_noise(n, sample_rate, 0.0, 1500.0, 8000.0, rng)
    sway = 1.0 + 0.15 * np.sin(2 * np.pi * np.arange(n) / n * 3)  # whole cycles: loops cleanly
    out = wash * sway + 2.5 * patter
    return out / (np.sqrt(np.mean(out**2)) + 1e-12)


def drone(n: int, sample_rate: int, rng: np.random.Generator) -> np.ndarray:
    """A low, slowly breathing drone: root, fifth and octave, each slightly detuned."""
    seconds = n / sample_rate
    t = np.arange(n) / sample_rate
    out = np.zeros(n)
    for base, weight in ((98.0, 1.0), (147.0, 0.5), (196.0, 0.35), (294.0, 0.12)):
        for detune in (-0.15, 0.15):
            freq = round((base + detune) * seconds) / seconds  # whole cycles per loop
            out += weight * np.sin(2 * np.pi * freq * t + rng.uniform(0, 2 * np.pi))
    breath = 0.75 + 0.25 * np.sin(2 * np.pi * t * round(seconds / 8.0) / seconds)
    out = out * breath + 0.05 * _shaped_noise(n, sample_rate, 1.0, 40.0, 600.0, rng)
    return out / (np.sqrt(np.mean(out**2)) + 1e-12)


BEDS: dict[str, Callable[[int, int, np.random.Generator], np.ndarray]] = {
    "brown": brown,
    "pink": pink,
    "rain": rain,
    "drone": drone,
}
AMBIENCES: tuple[str, ...] = ("none", *BEDS)


def seamless_loop(signal: np.ndarray, crossfade: int) -> np.ndarray:
    """Make ``signal`` (length L + crossfade) into an L-sample loop whose end flows into its start."""
    length = len(signal) - crossfade
    loop = signal[:length].copy()
    ramp = np.sin(np.linspace(0.0, np.pi / 2, crossfade)) ** 2  # equal-power-ish for noise
    loop[:crossfade] = signal[:crossfade] * np.sqrt(ramp) + signal[length:] * np.sqrt(1.0 - ramp)
    return loop


def bed(name: str, n: int, sample_rate: int, seed: int = 7) -> np.ndarray:
    """``n`` samples of the named bed (RMS 1), tiled from a seamless loop."""
    if name not in BEDS:
        from engine.errors import UsageError

        raise UsageError(f"unknown ambience {name!r}: choose one of {', '.join(AMBIENCES)}")
    rng = np.random.default_rng(seed)
    loop_n = int(LOOP_SECONDS * sample_rate)
    fade_n = int(CROSSFADE_SECONDS * sample_rate)
    loop = seamless_loop(BEDS[name](loop_n + fade_n, sample_rate, rng), fade_n).astype(np.float32)
    loop /= np.float32(np.sqrt(np.mean(loop.astype(np.float64) ** 2)) + 1e-12)
    reps = -(-n // loop_n) if n else 0
    return np.tile(loop, reps)[:n]


def bell(sample_rate: int, seconds: float = 6.0, pitch: float = 528.0) -> np.ndarray:
    """A soft singing-bowl strike: inharmonic partials with slow beating and long decays (peak 1)."""
    n = int(seconds * sample_rate)
    t = np.arange(n) / sample_rate
    out = np.zeros(n)
    partials = ((1.0, 1.0, 3.2), (2.71, 0.45, 2.0), (5.15, 0.22, 1.1), (8.43, 0.1, 0.6))
    for ratio, amp, decay in partials:
        f = pitch * ratio
        beat = 1.0 + 0.3 * np.sin(2 * np.pi * 0.9 * ratio * t)
        tone = np.sin(2 * np.pi * f * t) + 0.5 * np.sin(2 * np.pi * (f + 1.3) * t)
        out += amp * beat * np.exp(-t / decay) * tone
    attack = np.minimum(1.0, t / 0.004)
    release = np.minimum(1.0, (seconds - t) / 0.5)
    out *= attack * release
    return (out / np.max(np.abs(out))).astype(np.float32)


def shipped_bell(sample_rate: int) -> np.ndarray:
    """The bell rendered into ``recordings/bell.ogg`` when present, else synthesised now."""
    from engine.paths import recordings_dir

    path = recordings_dir() / "bell.ogg"
    if path.is_file():
        try:
            from engine.voice.pcm import decode_audio

            speech = decode_audio(path, rate=sample_rate)
            peak = float(np.max(np.abs(speech.samples))) or 1.0
            return (speech.samples / peak).astype(np.float32)
        except Exception:  # a damaged asset must never stop a render
            pass
    return bell(sample_rate)
