"""The CLI end to end: Typer's CliRunner in process, and the installed `waqup` as a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from waqup_cli.main import app

runner = CliRunner()


def waqup(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def create_json(*args: str) -> dict:
    result = waqup("create", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("args", "type_"),
    [
        (["affirmation", "--intent", "calm before exams", "--context", "I study at night", "--count", "5"],
         "affirmation"),
        (["meditation", "--intent", "let go of the day", "--minutes", "3", "--technique", "body-scan"],
         "meditation"),
        (["ritual", "--intent", "write every day", "--time", "07:00", "--anchor", "after my coffee"], "ritual"),
    ],
)
def test_create_each_type_then_show_and_search(args, type_):
    item = create_json(*args, "--seed", "3", "--tag", "mine")
    assert item["type"] == type_ and item["tags"] == ["mine"] and item["provider"] == "offline"
    shown = json.loads(waqup("library", "show", item["id"][:5], "--json").stdout)
    assert shown["script"] == item["script"]
    listed = json.loads(waqup("library", "list", "--type", type_, "--json").stdout)
    assert [i["id"] for i in listed["items"]] == [item["id"]] and listed["next_cursor"] is None
    found = json.loads(waqup("library", "search", "mine", "--json").stdout)
    assert item["id"] in [i["id"] for i in found["items"]]


def test_create_prints_script_for_people():
    result = waqup("create", "affirmation", "--intent", "confidence at work", "--seed", "1")
    assert result.exit_code == 0, result.output
    assert "Affirmations" in result.stdout and "Saved" in result.stderr


def test_same_seed_same_script():
    a = create_json("affirmation", "--intent", "sleep well", "--seed", "11")
    b = create_json("affirmation", "--intent", "sleep well", "--seed", "11")
    assert a["script"] == b["script"] and a["id"] != b["id"]


def test_tag_and_delete():
    item = create_json("affirmation", "--intent", "patience with my kids", "--seed", "2")
    result = waqup("library", "tag", item["id"], "family", "evening")
    assert result.exit_code == 0 and "family evening" in result.stdout
    assert waqup("library", "tag", item["id"], "evening", "--remove").exit_code == 0
    assert json.loads(waqup("library", "show", item["id"], "--json").stdout)["tags"] == ["family"]
    assert waqup("library", "delete", item["id"], "--yes").exit_code == 0
    assert json.loads(waqup("library", "list", "--json").stdout) == {"items": [], "next_cursor": None}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["create", "poem", "--intent", "x"], 2, "unknown content type"),
        (["create", "affirmation"], 2, "--intent is required"),
        (["create", "affirmation", "--intent", "x", "--count", "99"], 2, "--count must be 3..50"),
        (["create", "meditation", "--intent", "x", "--minutes", "90"], 2, "--minutes must be 1..60"),
        (["create", "meditation", "--intent", "x", "--technique", "juggling"], 2, "unknown technique"),
        (["create", "ritual", "--intent", "x", "--time", "25:00"], 2, "--time must be"),
        (["create", "affirmation", "--intent", "x", "--minutes", "5"], 2, "does not apply"),
        (["library", "show", "deadbeef"], 1, "no item with id"),
        (["library", "search", "!!!"], 2, "at least one word"),
        (["script", "validate", "/nonexistent.txt"], 2, "no such file"),
        (["config", "set", "providers.openai.api_key", "sk-x"], 2, "keys set"),
    ],
)
def test_bad_input_is_one_line_and_exit_code(args, code, message):
    result = waqup(*args)
    assert result.exit_code == code, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]
    assert "Traceback" not in result.output


def test_script_validate_good_and_bad(tmp_path):
    item = create_json("meditation", "--intent", "rest", "--minutes", "2", "--seed", "5")
    good = tmp_path / "good.txt"
    good.write_text(item["script"])
    ok = waqup("script", "validate", str(good))
    assert ok.exit_code == 0 and "valid meditation" in ok.stdout
    bad = tmp_path / "bad.txt"
    bad.write_text("---\ntype: affirmation\n---\n## Affirmations\nYou will never fail.\n[pause 4q]\n")
    markup = waqup("script", "validate", str(bad))
    assert markup.exit_code == 1 and f"{bad}:6:1: bad pause" in markup.stderr  # invalid: 1, usage: 2
    assert f"{bad}:5:1: not first person" in markup.stderr  # every problem, markup and rules, at once
    bad.write_text("---\ntype: affirmation\n---\n## Affirmations\nYou will never fail.\n")
    rules = waqup("script", "validate", str(bad), "--json")
    assert rules.exit_code == 1 and "unexpected" not in rules.output
    codes = {i["code"] for i in json.loads(rules.stdout)["issues"]}
    assert {"first-person", "negative", "tense", "count"} <= codes


def test_script_show_raw_round_trips():
    item = create_json("ritual", "--intent", "morning movement", "--seed", "8")
    raw = waqup("script", "show", item["id"], "--raw")
    assert raw.exit_code == 0 and raw.stdout == item["script"]


def test_config_show_set_path(waqup_home):
    assert waqup("config", "set", "audio.ambience", "rain").exit_code == 0
    shown = json.loads(waqup("config", "show", "--json").stdout)
    assert shown["audio"]["ambience"] == "rain"
    assert waqup("config", "path").stdout.strip() == str(waqup_home / "config.toml")


def test_every_command_has_help():
    from typer.main import get_command

    def walk(cmd, path):
        sub = getattr(cmd, "commands", None)
        if sub:
            for name, child in sub.items():
                yield from walk(child, [*path, name])
        else:
            yield path, cmd

    for path, cmd in walk(get_command(app), []):
        assert (cmd.help or "").strip(), f"`waqup {' '.join(path)}` has no help text"


def waqup_exe() -> str:
    exe = Path(sys.executable).parent / "waqup"
    return str(exe) if exe.exists() else shutil.which("waqup") or "waqup"


def test_installed_console_script_end_to_end(waqup_home):
    env = {**os.environ, "WAQUP_HOME": str(waqup_home)}
    made = subprocess.run(
        [waqup_exe(), "create", "affirmation", "--intent", "courage to speak up", "--seed", "4", "--json"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert made.returncode == 0, made.stderr
    item_id = json.loads(made.stdout)["id"]
    found = subprocess.run([waqup_exe(), "library", "search", "courage", "--json"],
                           capture_output=True, text=True, env=env, timeout=60)
    assert item_id in [i["id"] for i in json.loads(found.stdout)["items"]]
    bad = subprocess.run([waqup_exe(), "library", "show", "nope1234"], capture_output=True, text=True,
                         env=env, timeout=60)
    assert bad.returncode == 1 and bad.stderr.strip().startswith("Error: no item")
    assert (waqup_home / "library.db").exists()


def test_demo_creates_and_renders_one_of_each(waqup_home):
    from engine.audio import decode_file
    from engine.library import Library

    result = waqup("demo", "--seed", "3")
    assert result.exit_code == 0, result.output
    with Library() as lib:
        items = lib.list_items()
        assert sorted(i.type for i in items) == ["affirmation", "meditation", "ritual"]
        for item in items:
            [asset] = lib.audio_assets(item.id)
            samples, rate = decode_file(asset["path"])
            assert abs(len(samples) / rate - asset["duration"]) < 0.2
            assert asset["path"] in result.stdout.replace("\n", "")
    from engine.credits import Ledger

    with Ledger() as ledger:
        assert ledger.balance().spent == 1 + 2 + 3
    again = waqup("demo", "--seed", "3")  # a second run reuses what the first made
    with Library() as lib, Ledger() as ledger:
        assert lib.count() == 3 and ledger.balance().spent == 1 + 2 + 3
    first = items[-1].id
    assert f"WAQUP_HOME={waqup_home} " in again.stdout and f"library show {first}" in again.stdout


@pytest.mark.parametrize(
    "args",
    [["library", "list", "--limit", "0"], ["create", "meditation", "--intent", "x", "--minutes", "abc"],
     ["credits", "budget", "-5"], ["library", "show"]],
)
def test_framework_usage_errors_keep_exit_code_2(args):
    result = waqup(*args)
    assert result.exit_code == 2, result.output
    assert "unexpected" not in result.output and "Traceback" not in result.output


def test_version():
    from engine import __version__

    result = waqup("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"waqup {__version__}"


def test_one_exit_code_rule(waqup_home):
    from typer.testing import CliRunner

    from waqup_cli.main import app

    runner = CliRunner()
    for args in ([], ["library"], ["credits"], ["--help"]):
        assert runner.invoke(app, args).exit_code == 0, args  # asking for nothing is asking for help
    missing_key = runner.invoke(app, ["create", "affirmation", "--intent", "calm", "--provider", "openai"])
    missing_url = runner.invoke(app, ["create", "affirmation", "--intent", "calm", "--provider", "local"])
    assert missing_key.exit_code == missing_url.exit_code == 2  # something to set up first
    assert "keys set openai" in missing_key.stderr and "providers.local.base_url" in missing_url.stderr
    created = runner.invoke(app, ["create", "affirmation", "--intent", "calm", "--count", "3", "--json"])
    item = __import__("json").loads(created.stdout)["id"]
    for voice in ("bogus", "espeak:xx"):  # an unknown voice is bad input, whichever part is unknown
        assert runner.invoke(app, ["render", item, "--voice", voice]).exit_code == 2, voice
