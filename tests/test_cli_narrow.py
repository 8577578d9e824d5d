"""Narrow terminals: tables keep their id column whole and fit; copy-paste hints never break a command."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from waqup_cli.main import app

runner = CliRunner()
WIDTHS = (80, 60)


def at(width: int, *args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": str(width)}, terminal_width=width)


def make_items(n: int = 2) -> list[str]:
    ids = []
    for seed in range(n):
        made = runner.invoke(app, ["create", "meditation", "--intent", "let go of a long and crowded working day",
                                   "--context", "I sit on the train home and my mind keeps replaying meetings",
                                   "--minutes", "3", "--seed", str(seed), "--tag", "evening-commute",
                                   "--tag", "letting-go", "--json"])
        assert made.exit_code == 0, made.output
        ids.append(json.loads(made.stdout)["id"])
    return ids


def assert_fits_with_whole_ids(output: str, width: int, ids: list[str]) -> None:
    lines = output.splitlines()
    assert lines and all(len(line) <= width for line in lines), output
    for id_ in ids:  # each id whole, in a table cell of its own, never wrapped or cut with an ellipsis
        assert any(re.search(rf"│ {re.escape(id_)} +│", line) for line in lines), (id_, output)


@pytest.mark.parametrize("width", WIDTHS)
def test_logs_keep_the_item_id_whole(width):
    ids = make_items()
    result = at(width, "logs")
    assert result.exit_code == 0, result.output
    assert_fits_with_whole_ids(result.stdout, width, ids)
    assert "status" in result.stdout and "ok" in result.stdout  # the columns that matter stay


@pytest.mark.parametrize("width", WIDTHS)
def test_credits_history_keeps_the_job_whole(width):
    make_items()
    jobs = [row["key"] for row in json.loads(runner.invoke(app, ["credits", "history", "--json"]).stdout)["items"]]
    assert jobs
    result = at(width, "credits", "history")
    assert result.exit_code == 0, result.output
    assert_fits_with_whole_ids(result.stdout, width, jobs)
    assert "amount" in result.stdout


@pytest.mark.parametrize("width", WIDTHS)
def test_library_list_keeps_ids_whole(width):
    ids = make_items()
    result = at(width, "library", "list")
    assert result.exit_code == 0, result.output
    assert_fits_with_whole_ids(result.stdout, width, ids)


def test_wide_terminal_keeps_every_column():
    make_items(1)
    header = next(line for line in at(200, "logs").stdout.splitlines() if "when" in line)
    assert all(name in header for name in ("item", "provider", "model", "usage", "retries", "cost $"))


@pytest.mark.parametrize("width", WIDTHS)
def test_voices_keep_voice_ids_whole(width):
    from engine.voice import list_voices

    ids = [v.id for v in list_voices() if v.installed]
    result = at(width, "voices")
    assert result.exit_code == 0, result.output
    table = result.stdout.replace(" (default)", "")
    assert_fits_with_whole_ids(table, width, ids)


@pytest.mark.parametrize("width", WIDTHS)
def test_create_prints_whole_render_and_play_commands(width):
    result = at(width, "create", "affirmation", "--intent", "calm before exams", "--count", "3", "--seed", "4")
    assert result.exit_code == 0, result.output
    item_id = re.search(r"Saved ([0-9a-f]+)", result.stderr).group(1)
    lines = result.stderr.splitlines()
    for command in (f"waqup render {item_id}", f"waqup play {item_id}"):
        assert any(line.strip().endswith(command) for line in lines), result.stderr
    assert "1 credit)" in result.stderr


def test_a_long_hint_puts_the_command_on_its_own_line(monkeypatch):
    import io

    from rich.console import Console

    import waqup_cli.output as output

    buffer = io.StringIO()
    monkeypatch.setattr(output, "console", lambda stderr=False: Console(file=buffer, width=40, highlight=False))
    output.hint("Restore an earlier version:", "waqup script history 3f9a2b7c --show 1")
    output.hint("Render it:", "waqup render 3f9a2b7c")
    output.hint("Too long for any line:", "waqup script history 3f9a2b7c --show 1 > old.txt && waqup script apply")
    assert buffer.getvalue().splitlines() == [
        "Restore an earlier version:", "  waqup script history 3f9a2b7c --show 1",
        "Render it: waqup render 3f9a2b7c",
        "Too long for any line:", "  waqup script history 3f9a2b7c --show 1 > old.txt && waqup script apply",
    ]


def test_script_history_restore_hint_is_one_line():
    [item_id] = make_items(1)
    title = json.loads(runner.invoke(app, ["library", "show", item_id, "--json"]).stdout)["title"]
    edited = runner.invoke(app, ["script", "show", item_id, "--raw"]).stdout.replace(title, "Home Again", 1)
    assert runner.invoke(app, ["script", "apply", item_id, "-"], input=edited + "\n").exit_code == 0
    result = at(60, "script", "history", item_id)
    assert result.exit_code == 0, result.output
    command = f"waqup script history {item_id} --show N > old.txt && waqup script apply {item_id} old.txt"
    assert f"  {command}" in result.stdout.splitlines(), result.stdout


def test_conversations_list_fits_and_hints_stay_whole(waqup_home):
    from test_conversation_fakes import FakeProvider

    from engine.conversation import Session
    from engine.library import Library

    with Library() as lib:
        s = Session.create("creation", library=lib, provider=FakeProvider(), renderer=lambda *a: None,
                           config={"conversation": {"keep_transcript": False}, "credits": {}, "prices": {}})
        s.start()
        for text in ("calm before the long exams in the summer term", "skip all", "affirmations"):
            s.send(text)
    for width in WIDTHS:
        result = at(width, "conversations", "list")
        assert result.exit_code == 0, result.output
        assert_fits_with_whole_ids(result.stdout.split("Resume")[0], width, [s.id])
        lines = result.stdout.splitlines()
        for command in ("waqup create --resume", "waqup practice --resume", "waqup conversations discard ID"):
            assert any(line.strip().endswith(command) for line in lines), result.stdout
