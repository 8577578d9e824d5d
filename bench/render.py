"""Bench: render a 10-minute meditation from cached speech to MP3 (ambience + loudness), against a
plain ffmpeg MP3 encode of PCM of the same length; plus each offline voice's speed.

Run: .venv/bin/python bench/render.py   (prints figures; targets: ratio <= 1.5, espeak >= 200x,
neural >= 50x realtime).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from engine.audio import render_script  # noqa: E402
from engine.audio.encode import FORMATS, ffmpeg_exe  # noqa: E402
from engine.script import Line, Pause, Script, Section  # noqa: E402
from engine.voice import VoiceSettings, get_voice_provider  # noqa: E402

PHRASES = [
    "Let your breath settle into its own easy rhythm.",
    "Notice the weight of your body resting where you are.",
    "With each breath out, let your shoulders soften a little more.",
    "There is nothing you need to do right now.",
    "Feel the gentle rise and fall of your chest.",
    "If your mind wanders, simply return to the breath.",
    "Allow the muscles of your face to relax.",
    "You are safe, and you are supported.",
]


def meditation(lines: int = 40) -> Script:
    names = ["Arrival", "Breath", "Body", "Practice", "Integration", "Return"]
    sections = [Section(name) for name in names]
    for i in range(lines):
        section = sections[i * len(names) // lines]
        section.items.append(Line(f"{PHRASES[i % len(PHRASES)]} Breath {i + 1}."))
        section.items.append(Pause(4.0, flexible=i % 3 == 0))
    meta = {"title": "Bench Meditation", "type": "meditation", "intent": "bench", "minutes": "10"}
    return Script(meta, sections)


def plain_encode(seconds: float, rate: int = 48000) -> float:
    pcm = (np.random.default_rng(0).standard_normal(int(seconds * rate)) * 0.05).astype(np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run(
            [
                ffmpeg_exe(),
                "-nostdin",
                "-v",
                "error",
                "-y",
                "-f",
                "f32le",
                "-ar",
                str(rate),
                "-ac",
                "1",
                "-i",
                "pipe:0",
                *FORMATS["mp3"][1],
                os.path.join(tmp, "plain.mp3"),
            ],
            input=pcm.tobytes(),
            check=True,
        )
        return time.perf_counter() - start


def voice_speed(name: str, voice: str) -> float:
    provider = get_voice_provider(name)
    settings = VoiceSettings()
    provider.synthesize("Warm up.", voice, settings)
    audio = 0.0
    start = time.perf_counter()
    for phrase in PHRASES:
        audio += provider.synthesize(phrase, voice, settings).seconds
    return audio / (time.perf_counter() - start)


def main() -> None:
    home = tempfile.mkdtemp(prefix="waqup-bench-")
    os.environ["WAQUP_HOME"] = home
    script = meditation()
    voice = "hibari:heart" if get_voice_provider("hibari").available() else "espeak:en-us+f3"
    out = Path(home) / "bench.mp3"
    warm = render_script(script, voice=voice, ambience="rain", fmt="mp3", out_path=out)  # fills the cache
    print(f"cache warm-up: {warm.cache_misses} syntheses in {warm.elapsed:.2f}s")
    start = time.perf_counter()
    result = render_script(script, voice=voice, ambience="rain", fmt="mp3", out_path=out)
    wall = time.perf_counter() - start
    plain = plain_encode(result.duration, result.sample_rate)
    print(
        f"render {result.duration / 60:.2f} min ({voice}, rain, mp3): {wall:.2f}s wall = "
        f"{result.duration / wall:.0f}x realtime; cache hits {result.cache_hits}, "
        f"misses {result.cache_misses}"
    )
    print(
        f"plain ffmpeg mp3 encode of the same length: {plain:.2f}s; ratio {wall / plain:.2f} (target <= 1.5)"
    )
    print(
        f"loudness {result.lufs:.2f} LUFS, true peak {result.true_peak_db:.2f} dBTP, "
        f"length {result.duration:.1f}s for a 600 s target"
    )
    print(f"espeak-ng: {voice_speed('espeak', 'en-us+f3'):.0f}x realtime (target >= 200x)")
    if get_voice_provider("hibari").available():
        print(f"hibari (neural): {voice_speed('hibari', 'heart'):.0f}x realtime (target >= 50x)")


if __name__ == "__main__":
    main()
