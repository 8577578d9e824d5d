"""Offline voices, the voice registry, PCM helpers and the synthesis cache."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from engine.errors import UsageError
from engine.voice import (
    SynthesisCache,
    VoiceSettings,
    decode_audio,
    get_voice_provider,
    list_voices,
    resample,
    resolve_voice,
    synthesize,
)


def test_import_is_cheap():
    code = (
        "import sys, engine.voice, engine.audio;"
        "heavy = [m for m in ('numpy','scipy','onnxruntime','hibari','sounddevice','mutagen','pyloudnorm')"
        " if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_espeak_speaks_calmly():
    provider = get_voice_provider("espeak")
    calm = provider.synthesize("Breathe in slowly. And breathe out.", "en-us+f3", VoiceSettings())
    brisk = provider.synthesize(
        "Breathe in slowly. And breathe out.", "en-us+f3", VoiceSettings(rate=1.2, pitch=0)
    )
    assert calm.sample_rate == 22050 and calm.samples.dtype == np.float32 and calm.samples.ndim == 1
    assert 0.05 < np.max(np.abs(calm.samples)) <= 1.0
    assert calm.seconds > brisk.seconds  # slower by default
    gb = provider.synthesize("Hello.", "en-gb-x-rp", VoiceSettings())
    assert gb.seconds > 0.2


def test_espeak_unknown_voice_is_one_line_error():
    with pytest.raises(Exception, match="no voice"):
        get_voice_provider("espeak").synthesize("Hi.", "xx-nope", VoiceSettings())


def test_hibari_neural_voice():
    provider = get_voice_provider("hibari")
    if not provider.available():
        pytest.skip("hibari-tts not installed")
    speech = provider.synthesize("You are safe here.", "heart", VoiceSettings())
    assert speech.sample_rate == 24000 and speech.seconds > 0.5
    assert np.sqrt(np.mean(speech.samples**2)) > 0.01


def test_registry_and_specs():
    ids = {v.id for v in list_voices()}
    assert {"espeak:en-us+f3", "espeak:en-gb-x-rp", "hibari:heart"} <= ids
    provider, voice = resolve_voice("espeak:en-gb-x-rp")
    assert provider.name == "espeak" and voice == "en-gb-x-rp"
    assert resolve_voice("espeak")[1] == "en-us+f3"
    assert resolve_voice("heart")[0].name == "hibari"
    with pytest.raises(UsageError):
        resolve_voice("nope:voice")


def test_cache_counts_hits_and_misses(waqup_home):
    cache = SynthesisCache()
    first = synthesize("I am steady.", "espeak", cache=cache)
    second = synthesize("I am steady.", "espeak", cache=cache)
    assert (cache.hits, cache.misses) == (1, 1)
    assert np.array_equal(first.samples, second.samples) and first.sample_rate == second.sample_rate
    assert list((waqup_home / "cache" / "tts").glob("*/*.npy"))
    synthesize("I am steady.", "espeak", VoiceSettings(rate=0.7), cache=cache)
    assert cache.misses == 2


def test_decode_mp3_and_resample(tmp_path):
    import imageio_ffmpeg

    sr = 24000
    tone = (0.5 * np.sin(2 * np.pi * 440 * np.arange(sr) / sr)).astype(np.float32)
    mp3 = tmp_path / "t.mp3"
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "f32le",
            "-ar",
            str(sr),
            "-ac",
            "1",
            "-i",
            "pipe:0",
            str(mp3),
        ],
        input=tone.tobytes(),
        check=True,
    )
    speech = decode_audio(mp3.read_bytes(), rate=48000)
    assert speech.sample_rate == 48000 and abs(speech.seconds - 1.0) < 0.1
    assert len(resample(tone, 24000, 44100)) == 44100
