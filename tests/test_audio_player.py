"""Playback for real through PortAudio into an ALSA file device; no-device and no-PortAudio paths."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from engine.audio import render_script
from engine.audio.encode import decode_file
from engine.script import parse
from tests.audio_helpers import aligned_correlation, asoundrc, portaudio_available

ROOT = Path(__file__).resolve().parents[1]
def run_python(code: str, home: Path, extra_path: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(home), "WAQUP_HOME": str(home / "waqup")}
    env.pop("ALSA_CONFIG_PATH", None)
    if extra_path:
        env["PYTHONPATH"] = f"{extra_path}{os.pathsep}{env.get('PYTHONPATH', '')}"
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_playback_reaches_the_device(tmp_path):
    if not portaudio_available():
        pytest.skip("libportaudio2 cannot be loaded here")
    script = parse("---\ntitle: Play\n---\n## A\nI am calm.\n[pause 500ms]\nI am here.\n")
    result = render_script(
        script, voice="espeak", ambience="none", fmt="wav", bell=False, out_path=tmp_path / "p.wav"
    )
    home = tmp_path / "home"
    home.mkdir()
    raw = tmp_path / "played.raw"
    (home / ".asoundrc").write_text(asoundrc(raw))
    proc = run_python(
        f"""
        from engine.audio import play
        seen = []
        p = play({str(result.path)!r}, on_position=seen.append)
        print("ok", p.done, round(p.position, 2), round(p.duration, 2))
    """,
        home,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok True")
    played = np.frombuffer(raw.read_bytes(), dtype="<i2").astype(np.float32) / 32768
    rendered, sr = decode_file(result.path)
    assert sr == 48000 and len(played) >= len(rendered)
    assert aligned_correlation(played, rendered) > 0.99


def test_no_output_device_is_a_clear_error(tmp_path):
    if not portaudio_available():
        pytest.skip("libportaudio2 cannot be loaded here")
    home = tmp_path / "home"
    home.mkdir()
    (home / ".asoundrc").write_text("pcm.!default { type hw; card 99 }\nctl.!default { type hw; card 99 }\n")
    proc = run_python(
        """
        import numpy as np
        from engine.errors import WaqupError
        from engine.audio import play
        try:
            play(np.zeros(4800, np.float32), 48000)
        except WaqupError as exc:
            print("WaqupError:", exc)
    """,
        home,
    )
    assert proc.returncode == 0, proc.stderr
    assert (
        "WaqupError: no audio output device" in proc.stdout
        or "could not open the audio output" in proc.stdout
    )
    assert "Traceback" not in proc.stderr


def test_missing_portaudio_is_a_clear_error(tmp_path):
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "sounddevice.py").write_text("raise OSError('PortAudio library not found')\n")
    proc = run_python(
        """
        import numpy as np
        from engine.errors import WaqupError
        from engine.audio import play
        try:
            play(np.zeros(10, np.float32), 48000)
        except WaqupError as exc:
            print(exc)
    """,
        tmp_path,
        extra_path=fake,
    )
    assert proc.returncode == 0, proc.stderr
    assert "install libportaudio2" in proc.stdout and "waqup render" in proc.stdout


@pytest.mark.slow
def test_record_line_captures_trims_and_writes_a_wav(tmp_path):
    """A 440 Hz tone fed to the capture device comes back as a trimmed WAV of the creator's take."""
    if not portaudio_available():
        pytest.skip("libportaudio2 cannot be loaded here")
    rate = 48000
    t = np.arange(rate) / rate
    signal = np.concatenate([np.zeros(rate // 2), 0.3 * np.sin(2 * np.pi * 440 * t), np.zeros(2 * rate)])
    infile = tmp_path / "mic.raw"
    (signal * 32767).astype("<i2").tofile(infile)
    home = tmp_path / "home"
    home.mkdir()
    (home / ".asoundrc").write_text(asoundrc(tmp_path / "out.raw", infile))
    take = tmp_path / "take.wav"
    proc = run_python(
        f"""
        from engine.audio import record_line
        audio, sr = record_line({str(take)!r}, seconds=3)
        print(len(audio), sr)
    """,
        home,
    )
    assert proc.returncode == 0, proc.stderr
    recorded, sr = decode_file(take)
    assert sr == rate and 0 < len(recorded) < 3 * rate  # bounded by `seconds`, silence trimmed away
    assert 0.25 < float(np.max(np.abs(recorded))) < 0.35
    spectrum = np.abs(np.fft.rfft(recorded))
    assert abs(np.argmax(spectrum) * rate / len(recorded) - 440) < 40
