"""Render scripts and analyse the audio itself: pauses, length, loudness, peaks, tags, decodability."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from engine.audio import build_timeline, event_at, read_tags, render_script
from engine.audio.encode import decode_file, ffmpeg_exe
from engine.audio.loudness import fast_lufs, integrated_lufs, true_peak_db
from engine.script import parse

PAUSES = """---
title: Pause Check
type: affirmation
---
## Affirmations
I am calm.
[pause 4s]
I breathe slowly.
[pause 1.5s]
I am here now.
[pause 250ms]
I am safe.
"""

MEDITATION = """---
title: One Minute Calm
type: meditation
intent: settle before sleep
creator: Ana Test
pack: Evening Pack
minutes: 1
---
## Arrival
Welcome. Settle into a comfortable position.
[pause 3s]
Let your breath find its own rhythm.
[pause 5s+]
## Practice
I am calm and steady. [x2]
[pause 8s+]
Notice the ground beneath you.
## Return
Gently open your eyes.
"""


def silent_runs(samples: np.ndarray, sr: int, frame_ms: float = 1.0, floor_db: float = -60.0):
    """(start, end) seconds of every run of frames whose RMS is below ``floor_db`` dBFS."""
    n = int(sr * frame_ms / 1000)
    frames = samples[: len(samples) // n * n].reshape(-1, n)
    quiet = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1)) < 10 ** (floor_db / 20)
    edges = np.diff(np.r_[0, quiet.astype(int), 0])
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [(s * n / sr, e * n / sr) for s, e in zip(starts, ends, strict=True)]


def ffmpeg_decodes(path) -> str:
    proc = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "null", "-"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    return proc.stderr.strip()


def test_pauses_are_exact_silence(tmp_path):
    result = render_script(
        parse(PAUSES), voice="espeak", ambience="none", fmt="wav", bell=False, out_path=tmp_path / "p.wav"
    )
    samples, sr = decode_file(result.path)
    runs = silent_runs(samples, sr)
    pauses = [e for e in result.timeline if e.kind == "pause"]
    assert [round(p.duration, 3) for p in pauses] == [4.0, 1.5, 0.25]
    for pause in pauses:
        mid = (pause.start + pause.end) / 2
        run = next(r for r in runs if r[0] <= mid <= r[1])
        assert abs((run[1] - run[0]) - pause.duration) <= 0.010, (pause, run)


@pytest.mark.slow
def test_meditation_length_loudness_peaks_and_tags(tmp_path):
    script = parse(MEDITATION)
    outputs = {}
    for fmt, ambience in (("mp3", "rain"), ("ogg", "brown"), ("wav", "drone")):
        result = render_script(
            script, voice="espeak", ambience=ambience, fmt=fmt, out_path=tmp_path / f"m.{fmt}"
        )
        outputs[fmt] = result
        assert result.path.exists() and not list(tmp_path.glob(".*.tmp"))
        assert abs(result.duration - 60.0) <= 0.02 * 60.0
        assert abs(result.lufs + 16.0) <= 1.0 and result.true_peak_db <= -1.0
        assert ffmpeg_decodes(result.path) == ""
        samples, sr = decode_file(result.path, 48000)
        assert abs(len(samples) / sr - 60.0) <= 0.02 * 60.0
        assert abs(integrated_lufs(samples, sr) + 16.0) <= 1.0
        assert true_peak_db(samples, sr) <= -1.0
        assert int(np.sum(np.abs(samples) >= 0.999)) == 0
        tags = read_tags(result.path)
        assert tags["title"] == "One Minute Calm" and tags["artist"] == "Ana Test"
        assert tags["album"] == "Evening Pack" and tags["comment"] == "settle before sleep"
        assert tags["genre"] == "Meditation"
    # A re-render with another ambience and format synthesises nothing.
    assert outputs["mp3"].cache_misses == 5 and outputs["ogg"].cache_misses == 0
    assert outputs["ogg"].cache_hits == 5 and outputs["wav"].cache_misses == 0
    assert outputs["mp3"].cache_keys == outputs["wav"].cache_keys


def test_timeline_repeats_bells_and_lookup():
    script = parse(MEDITATION)
    events = build_timeline(script, lambda key, line: 2.0, bell=True)
    speech = [e for e in events if e.kind == "speech"]
    assert [e.key for e in speech] == ["1.1", "1.2", "2.1", "2.1", "2.2", "3.1"]
    assert [e.repeat for e in speech if e.key == "2.1"] == [0, 1]
    assert events[0].kind == "bell" and events[-1].kind == "bell"
    assert event_at(events, speech[2].start + 0.5) is speech[2]
    natural = events[-1].end
    paced = build_timeline(script, lambda key, line: 2.0, bell=True, target_seconds=natural + 6)
    assert abs(paced[-1].end - (natural + 6)) < 1e-6
    fixed = [e.duration for e in paced if e.kind == "pause" and not e.flexible]
    assert fixed == [3.0]  # flexible pauses stretch first
    assert [e.duration for e in paced if e.flexible] == pytest.approx([5 + 6 * 5 / 13, 8 + 6 * 8 / 13])  # in proportion


def test_recordings_replace_tts(tmp_path):
    import soundfile

    sr = 44100
    t = np.arange(sr) / sr
    voice = (0.3 * np.sin(2 * np.pi * 220 * t) * np.hanning(sr)).astype(np.float32)
    wav = tmp_path / "mine.wav"
    soundfile.write(wav, voice, sr)
    result = render_script(
        parse(PAUSES),
        voice="espeak",
        ambience="none",
        fmt="wav",
        bell=False,
        recordings={"1.2": wav},
        out_path=tmp_path / "r.wav",
    )
    assert result.cache_keys["1.2"] == "recording"
    assert result.cache_misses == 3


def test_fast_meter_matches_pyloudnorm():
    rng = np.random.default_rng(1)
    sr = 48000
    x = (rng.standard_normal(sr * 20) * 0.05).astype(np.float32)
    x[: sr * 8] *= 0.02
    assert abs(fast_lufs(x, sr) - integrated_lufs(x, sr)) < 0.05


def test_bad_inputs_are_usage_errors():
    from engine.errors import UsageError

    with pytest.raises(UsageError):
        render_script(parse(PAUSES), voice="espeak", ambience="thunder")
    with pytest.raises(UsageError):
        render_script(parse(PAUSES), voice="espeak", fmt="aiff")
