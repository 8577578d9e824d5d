"""Small local-CLI fixes: short id prefixes, paging past the end, the voice list, recording without a microphone."""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pytest
import soundfile
from typer.testing import CliRunner

from engine.errors import UsageError
from engine.library import Library
from waqup_cli.main import app

runner = CliRunner()


def make_item(seed: int = 1) -> str:
    made = runner.invoke(app, ["create", "affirmation", "--intent", "steady mornings", "--count", "3",
                               "--seed", str(seed), "--json"])
    assert made.exit_code == 0, made.output
    return json.loads(made.stdout)["id"]


# -- id prefixes ---------------------------------------------------------------------------
def test_a_short_id_prefix_asks_for_four_characters():
    item_id = make_item()
    short = item_id[:3]
    for args in (["library", "show", short], ["script", "show", short], ["render", short],
                 ["library", "tag", short, "evening"], ["record", short, "--list"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "give at least 4 characters of the id" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert runner.invoke(app, ["library", "show", item_id[:4], "--json"]).exit_code == 0


def test_the_engine_error_carries_the_message():
    item_id = make_item()
    with Library() as lib, pytest.raises(UsageError, match="give at least 4 characters of the id"):
        lib.get(item_id[:2])
    with Library() as lib:
        assert lib.get(item_id[:4].upper()).id == item_id


# -- paging --------------------------------------------------------------------------------
def test_an_offset_past_the_end_says_how_many_items_there_are():
    make_item(1), make_item(2)
    result = runner.invoke(app, ["library", "list", "--offset", "999"])
    assert result.exit_code == 0
    assert result.stdout.strip() == "nothing at offset 999 (the library has 2 items)"
    filtered = runner.invoke(app, ["library", "list", "--type", "affirmation", "--offset", "5"])
    assert filtered.stdout.strip() == "nothing at offset 5 (the library has 2 matching items)"
    none = runner.invoke(app, ["library", "list", "--type", "ritual"])
    assert "No items match" in none.stdout and "waqup library list" in none.stdout


def test_an_empty_library_says_how_to_make_a_first_item():
    result = runner.invoke(app, ["library", "list", "--offset", "999"])
    assert result.exit_code == 0
    assert "No items yet" in result.stdout and "waqup create affirmation --intent" in result.stdout


# -- voices --------------------------------------------------------------------------------
def voice_rows(*args: str) -> list[str]:
    result = runner.invoke(app, ["voices", *args], env={"COLUMNS": "200"}, terminal_width=200)
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line.startswith("│")]


def test_voices_list_offline_first_with_availability_and_why():
    header = runner.invoke(app, ["voices"], env={"COLUMNS": "200"}).stdout.splitlines()[1]
    column = [c.strip() for c in header.strip("┃").split("┃")]
    off, avail = column.index("offline"), column.index("available")
    cells = [[c.strip() for c in row.strip("│").split("│")] for row in voice_rows()]
    flags = [c[off] for c in cells]
    assert "yes" in flags and "no" in flags
    assert flags == sorted(flags, key=lambda f: f != "yes"), cells  # offline voices first
    by_name = {c[0].replace(" (default)", ""): c[avail] for c in cells}
    assert by_name["openai:sage"] == "needs OPENAI_API_KEY"  # conftest removes every provider key
    assert any(k.startswith("elevenlabs:") and v == "needs ELEVENLABS_API_KEY" for k, v in by_name.items())
    assert by_name["espeak:en-us+f3"] == "yes"


def test_voices_that_need_a_download_say_so():
    from engine.voice.neural import HibariProvider

    provider = HibariProvider()
    if not provider.available():
        pytest.skip("hibari-tts is not installed here")
    missing = [name for name in ("fenrir", "emma", "fable", "kore") if not provider._downloaded(name)]
    if not missing:
        pytest.skip("every hibari voice is downloaded here")
    rows = {r.split("│")[1].strip().removesuffix(" (default)"): r for r in voice_rows()}
    assert "needs a download" in rows[f"hibari:{missing[0]}"]
    assert "needs a download" not in rows["hibari:heart"]


def test_voices_mark_the_configured_default():
    assert runner.invoke(app, ["config", "set", "audio.voice", "espeak:en-gb-x-rp"]).exit_code == 0
    marked = [r for r in voice_rows() if "(default)" in r]
    assert len(marked) == 1 and "espeak:en-gb-x-rp (default)" in marked[0]
    assert runner.invoke(app, ["config", "set", "audio.voice", "espeak"]).exit_code == 0
    assert "espeak:en-us+f3 (default)" in "".join(voice_rows())


# -- recording -----------------------------------------------------------------------------
def has_microphone() -> bool:
    from engine.audio import check_recording
    from engine.errors import WaqupError

    try:
        check_recording()
    except WaqupError:
        return False
    return True


def test_record_without_a_microphone_suggests_importing_a_take():
    if has_microphone():
        pytest.skip("this machine has a microphone")
    item_id = make_item()
    result = runner.invoke(app, ["record", item_id])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert "no microphone" in line and f"waqup record {item_id} --line 1.1 --file take.wav" in line


def write_take(path, seconds: float = 1.0, rate: int = 44100, loud: float = 0.3) -> None:
    t = np.arange(int(seconds * rate)) / rate
    tone = loud * np.sin(2 * np.pi * 220 * t)
    silence = np.zeros(rate // 2)
    soundfile.write(path, np.concatenate([silence, tone, silence]).astype(np.float32), rate)


def test_record_file_imports_wav_flac_and_mp3_takes(tmp_path):
    from engine.audio.encode import ffmpeg_exe

    item_id = make_item()
    write_take(tmp_path / "take.wav")
    write_take(tmp_path / "take.flac")
    subprocess.run([ffmpeg_exe(), "-nostdin", "-v", "error", "-i", str(tmp_path / "take.wav"),
                    str(tmp_path / "take.mp3")], check=True)
    for key, name in (("1.1", "take.wav"), ("1.2", "take.flac"), ("1.3", "take.mp3")):
        result = runner.invoke(app, ["record", item_id, "--line", key, "--file", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert f"waqup render {item_id}" in result.stdout
    listed = json.loads(runner.invoke(app, ["record", item_id, "--list", "--json"]).stdout)["items"]
    assert [row["recorded"] for row in listed] == [True, True, True]
    stored, rate = soundfile.read(listed[0]["path"])
    assert rate == 44100 and 0.9 < len(stored) / rate < 1.3  # trimmed of the silence around the tone
    rendered = runner.invoke(app, ["render", item_id, "--voice", "espeak", "--format", "wav", "--json"])
    assert rendered.exit_code == 0, rendered.output
    assert json.loads(rendered.stdout)["synthesised"] == 0  # every line is the creator's own take


@pytest.mark.parametrize("problem", ["not audio", "silent", "wrong type", "missing", "no line", "bad line"])
def test_record_file_refuses_bad_takes(tmp_path, problem):
    item_id = make_item()
    take = tmp_path / "take.wav"
    args = ["--line", "1.1"]
    if problem == "not audio":
        take.write_text("hello, this is not a recording")
    elif problem == "silent":
        soundfile.write(take, np.zeros(44100, dtype=np.float32), 44100)
    elif problem == "wrong type":
        take = tmp_path / "take.ogg"
        write_take(take)
    elif problem == "no line":
        write_take(take)
        args = []
    elif problem == "bad line":
        write_take(take)
        args = ["--line", "9.9"]
    result = runner.invoke(app, ["record", item_id, *args, "--file", str(take)])
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    listed = json.loads(runner.invoke(app, ["record", item_id, "--list", "--json"]).stdout)["items"]
    assert not any(row["recorded"] for row in listed)
