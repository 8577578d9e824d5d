"""`waqup render`, `play`, `voices`, `record` from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from engine.audio import decode_file, read_tags
from engine.library import Library
from tests.audio_helpers import aligned_correlation, asoundrc, portaudio_available
from waqup_cli.main import app

runner = CliRunner()


def make_item(*extra: str) -> str:
    result = runner.invoke(app, ["create", "affirmation", "--intent", "steady mornings", "--count", "3",
                                 "--seed", "2", "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["id"]


def test_render_records_asset_and_reuses_cache(tmp_path):
    item_id = make_item()
    first = runner.invoke(app, ["render", item_id, "--voice", "espeak", "--format", "wav", "--json"])
    assert first.exit_code == 0, first.output
    info = json.loads(first.stdout)
    assert info["synthesised"] == 3 and abs(info["lufs"] + 16) <= 1 and info["true_peak_db"] <= -1
    out = tmp_path / "mine.ogg"
    second = runner.invoke(app, ["render", item_id, "--voice", "espeak", "--format", "ogg", "--ambience", "rain",
                                 "--out", str(out), "--json"])
    assert second.exit_code == 0, second.output
    again = json.loads(second.stdout)
    assert again["synthesised"] == 0 and again["from_cache"] == 3 and again["path"] == str(out)
    assert read_tags(out)["title"]
    with Library() as lib:
        assets = lib.audio_assets(item_id)
    assert [a["format"] for a in assets] == ["ogg", "wav"]
    assert json.loads(assets[0]["timeline"])[0]["kind"] in ("bell", "gap", "speech")


def test_render_bad_flags_are_usage_errors():
    item_id = make_item()
    for args, message in ((["--format", "aiff"], "format"), (["--ambience", "waves"], "ambience")):
        result = runner.invoke(app, ["render", item_id, *args])
        assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output


def test_the_out_file_name_decides_the_format(tmp_path):
    item_id = make_item()
    for name, codec in (("take.wav", "pcm_s16le"), ("take.flac", "flac")):
        result = runner.invoke(app, ["render", item_id, "--voice", "espeak", "--out", str(tmp_path / name), "--json"])
        assert result.exit_code == 0, result.output
        info = json.loads(result.stdout)
        assert info["format"] == name.split(".")[1] and info["path"] == str(tmp_path / name)
        import mutagen

        assert type(mutagen.File(tmp_path / name)).__name__ == {"pcm_s16le": "WAVE", "flac": "FLAC"}[codec]
    bare = runner.invoke(app, ["render", item_id, "--voice", "espeak", "--out", str(tmp_path / "take"), "--json"])
    assert bare.exit_code == 0 and json.loads(bare.stdout)["path"] == str(tmp_path / "take.mp3")
    for args in (["--out", str(tmp_path / "x.wav"), "--format", "mp3"], ["--out", str(tmp_path / "x.m4a")]):
        refused = runner.invoke(app, ["render", item_id, "--voice", "espeak", *args])
        assert refused.exit_code == 2 and "Traceback" not in refused.output
        assert not (tmp_path / "x.wav").exists() and not (tmp_path / "x.m4a").exists()


def test_voices_lists_offline_voices():
    result = runner.invoke(app, ["voices", "--json"])
    assert result.exit_code == 0
    ids = {v["id"] for v in json.loads(result.stdout)["items"]}
    assert "espeak:en-us+f3" in ids or any(i.startswith("espeak:") for i in ids)


def test_record_list_shows_line_keys():
    item_id = make_item()
    result = runner.invoke(app, ["record", item_id, "--list"])
    assert result.exit_code == 0 and "1.1" in result.stdout and "○" in result.stdout


@pytest.mark.slow
def test_play_through_portaudio_logs_practice(tmp_path, waqup_home):
    if not portaudio_available():
        pytest.skip("libportaudio2 cannot be loaded here")
    item_id = make_item()
    render = runner.invoke(app, ["render", item_id, "--voice", "espeak", "--format", "wav", "--no-bell", "--json"])
    rendered = json.loads(render.stdout)
    home = tmp_path / "home"
    home.mkdir()
    raw = tmp_path / "played.raw"
    (home / ".asoundrc").write_text(asoundrc(raw))
    env = {**os.environ, "HOME": str(home), "WAQUP_HOME": str(waqup_home)}
    env.pop("ALSA_CONFIG_PATH", None)
    waqup = Path(sys.executable).parent / "waqup"
    proc = subprocess.run([str(waqup), "play", item_id], env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert "Completed" in proc.stderr
    played = np.frombuffer(raw.read_bytes(), dtype="<i2").astype(np.float32) / 32768
    samples, _rate = decode_file(rendered["path"])
    assert len(played) >= len(samples)
    assert aligned_correlation(played, samples) > 0.99
    with Library() as lib:
        [entry] = lib.practice_history(item_id)
    assert entry["completed"] == 1 and entry["seconds"] == pytest.approx(rendered["duration"], abs=0.5)


def run_without_devices(tmp_path: Path, waqup_home: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the installed `waqup` where ALSA's default device does not exist."""
    if not portaudio_available():
        pytest.skip("libportaudio2 cannot be loaded here")
    home = tmp_path / "home"
    home.mkdir()
    (home / ".asoundrc").write_text("pcm.!default { type hw; card 99 }\nctl.!default { type hw; card 99 }\n")
    env = {**os.environ, "HOME": str(home), "WAQUP_HOME": str(waqup_home)}
    waqup = Path(sys.executable).parent / "waqup"
    return subprocess.run([str(waqup), *args], env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


@pytest.mark.parametrize(("verb", "message"), [("play", "waqup render"), ("record", "no audio input device")])
def test_no_audio_device_is_one_clear_line(tmp_path, waqup_home, verb, message):
    item_id = make_item()
    proc = run_without_devices(tmp_path, waqup_home, verb, item_id)
    assert proc.returncode == 1
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith("Error: ") and message in line
    with Library() as lib:
        assert lib.practice_history(item_id) == []

