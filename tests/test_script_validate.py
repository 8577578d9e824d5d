"""`waqup script validate` reports every problem at once, at file line and column (issue 16 items 6 and 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from waqup_cli.main import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "scripts"
runner = CliRunner()


def validate(*args: str):
    return runner.invoke(app, ["script", "validate", *args])


def edited(tmp_path: Path, example: str, old: str, new: str) -> Path:
    text = (EXAMPLES / example).read_text("utf-8")
    assert old in text
    path = tmp_path / "mine.txt"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def line_of(path: Path, fragment: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if fragment in line)


def test_a_pause_on_the_same_line_is_not_read_aloud(tmp_path):
    path = edited(tmp_path, "speak-up.txt", "I keep my promises to myself, and my trust in me grows.\n[pause 2s]",
                  "I keep my promises to myself, and my trust in me grows. [pause 2s]")
    ok = validate(str(path), "--json")
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.stdout)
    assert data["valid"] and data["lines"] == 7
    from engine.script import dumps, parse

    assert dumps(parse(path.read_text("utf-8"))) == (EXAMPLES / "speak-up.txt").read_text("utf-8")


def test_other_inline_markup_is_an_error_at_its_line_and_column(tmp_path):
    path = edited(tmp_path, "speak-up.txt", "In meetings, I let my strengths be seen.",
                  "In meetings, [breath] I let my strengths be seen.")
    result = validate(str(path))
    assert result.exit_code == 1
    assert f"{path}:12:14: unknown markup '[breath]'" in result.stderr


def test_a_renamed_required_section_is_reported(tmp_path):
    path = edited(tmp_path, "evening-calm.txt", "## Breath\n", "## Breathing\n")
    result = validate(str(path))
    assert result.exit_code == 1, result.output
    line = line_of(path, "## Breathing")
    assert f"{path}:{line}:1: unknown section '## Breathing': did you mean '## Breath'?" in result.stderr


def test_unknown_header_keys_are_reported_at_their_line(tmp_path):
    path = edited(tmp_path, "morning-pages.txt", "minutes: 5", "minuts: 5")
    result = validate(str(path))
    assert result.exit_code == 1
    assert f"{path}:6:1: unknown header key 'minuts': did you mean 'minutes'?" in result.stderr
    assert f"{path}:1:1: header needs a suggested duration 'minutes: N' (1..30)" in result.stderr


def test_every_markup_error_is_shown_at_once_in_text_and_json(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("---\ntype: affirmation\ntitle: T\n---\n## Affirmations\n"
                    "I am calm. [breath]\n[pause four]\nI trust my work. [x99]\nMy voice matters. {softly\n", "utf-8")
    text = validate(str(path))
    assert text.exit_code == 1
    lines = text.stderr.strip().splitlines()
    assert lines == [
        f"{path}:6:12: unknown markup '[breath]': only [pause 4s], [x3] after the words and {{softly}} at the "
        "start of a line are markup",
        f"{path}:7:1: bad pause '[pause four]': write it like [pause 4s], [pause 500ms] or [pause 10s+]",
        f"{path}:8:18: repeat must be 1..20 (got 99)",
        f"{path}:9:19: unclosed voice direction: write {{softly}} Text",
        "4 problems found.",
    ]
    result = validate(str(path), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)  # JSON, not a plain-text error
    assert data["valid"] is False and data["type"] == "affirmation"
    assert [(i["line"], i["column"], i["code"]) for i in data["issues"]] == [
        (6, 12, "markup"), (7, 1, "pause"), (8, 18, "repeat"), (9, 19, "direction")]
    assert all(set(i) == {"line", "column", "code", "message"} for i in data["issues"])


def test_content_issues_name_the_file_line_not_the_section_line(tmp_path):
    path = edited(tmp_path, "speak-up.txt", "I give myself credit for every step I take.",
                  "You will never give up.")
    result = validate(str(path), "--json")
    assert result.exit_code == 1
    issues = json.loads(result.stdout)["issues"]
    line = line_of(path, "You will never give up.")
    assert line == 18
    assert {i["code"] for i in issues if i["line"] == line} >= {"first-person", "negative", "tense"}
    assert all(i["column"] == 1 for i in issues)
    text = validate(str(path))
    assert f"{path}:18:1: not first person: 'You will never give up.'" in text.stderr
    assert "[Affirmations line" not in text.stderr


def test_a_script_without_a_type_checked_with_type_names_it(tmp_path):
    path = edited(tmp_path, "speak-up.txt", "type: affirmation\n", "")
    result = validate(str(path), "--type", "affirmation")
    assert result.exit_code == 0, result.output
    assert "valid affirmation (7 lines" in result.stdout and "None" not in result.stdout
    untyped = validate(str(path), "--json")
    assert untyped.exit_code == 1
    assert json.loads(untyped.stdout)["issues"][0] == {
        "line": 1, "column": 1, "code": "type", "message": "header needs 'type: affirmation|meditation|ritual'"}


@pytest.mark.parametrize("command", ["script", "pack"])
def test_exit_codes_match_pack_validate(tmp_path, command):
    bad = tmp_path / ("bad.txt" if command == "script" else "bad.toml")
    bad.write_text("---\ntype: affirmation\n---\n## Affirmations\n[pause]\n" if command == "script"
                   else "[pack]\ntitle = 'x'\n", "utf-8")
    good = EXAMPLES / "speak-up.txt" if command == "script" else ROOT / "examples" / "three-calm-pieces.toml"
    assert runner.invoke(app, [command, "validate", str(good)]).exit_code == 0
    assert runner.invoke(app, [command, "validate", str(bad)]).exit_code == 1
    assert runner.invoke(app, [command, "validate", str(bad), "--json"]).exit_code == 1
    missing = runner.invoke(app, [command, "validate", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and missing.stderr.startswith("Error: ")
    if command == "script":
        assert validate(str(good), "--type", "poem").exit_code == 2


def test_stdin_works_and_positions_hold(tmp_path):
    result = runner.invoke(app, ["script", "validate", "-"], input="## Affirmations\nI am calm. [pause]\n")
    assert result.exit_code == 1
    assert "<stdin>:2:12: bad pause '[pause]'" in result.stderr


def test_the_crisis_check_still_runs_and_markup_errors_never_echo_its_words(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("---\ntype: affirmation\ntitle: T\n---\n## Affirmations\nI am calm. [I want to kill myself]\n"
                    "I trust my work.\nMy voice matters.\n", "utf-8")
    result = validate(str(path), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["way_back"] and [(i["line"], i["column"], i["code"]) for i in data["issues"]] == [
        (1, 1, "crisis"), (6, 12, "markup")]
    assert data["issues"][0]["message"] == "this script uses words that suggest a crisis"
    assert "kill" not in json.dumps(data["issues"]) and "kill" not in validate(str(path)).output
