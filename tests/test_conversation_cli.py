"""CLI faces of the conversation engine: --jsonl protocol, credits and dev commands."""

from __future__ import annotations

import json

import typer
from test_conversation_fakes import FakeProvider
from typer.testing import CliRunner

from waqup_cli.commands.converse import run_conversation

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def create(resume: bool = False, jsonl: bool = False, keep_transcript: bool = False) -> None:
        run_conversation(resume=resume, jsonl=jsonl, keep_transcript=keep_transcript,
                         provider=FakeProvider(), renderer=lambda *a: None)

    @app.command()
    def other() -> None:  # a second command so Typer keeps `create` as a subcommand
        pass

    return app


def _lines(*objs) -> str:
    return "".join(json.dumps(o) + "\n" for o in objs)


def test_jsonl_full_conversation():
    FakeProvider.calls = 0  # the fake's lines depend on how many scripts it made before: start from the same draft
    stdin = _lines({"text": "calm before exams"}, {"text": "skip all"}, {"text": "affirmations"},
                   {"text": "skip all"}, {"text": "yes"},
                   {"event": "edit", "line": 1, "text": "I am calm now"},
                   {"event": "nope"}, "not an object", {"event": "accept"}, {"text": "no"})
    result = runner.invoke(_app(), ["create", "--jsonl"], input=stdin)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert out[0]["state"] == "intent" and out[0]["messages"][-1]["kind"] == "ask"
    states = [o.get("state") for o in out]
    assert states[5] == "review" and "I am calm now" in out[6]["data"]["script"]
    assert "not possible" in out[7]["error"] and "JSON object" in out[8]["error"]
    assert out[-1]["state"] == "saved" and out[-1]["done"] and out[-1]["data"]["item_id"]


def test_jsonl_resume_continues():
    runner.invoke(_app(), ["create", "--jsonl"], input=_lines({"text": "sleep better"}, {"text": "skip all"}))
    result = runner.invoke(_app(), ["create", "--jsonl", "--resume"], input=_lines({"text": "cancel"}))
    out = [json.loads(line) for line in result.output.splitlines()]
    assert out[0]["state"] == "confirm_type" and "Welcome back" in out[0]["messages"][0]["text"]
    assert out[-1]["state"] == "cancelled"


def test_interactive_prompts_and_crisis():
    result = runner.invoke(_app(), ["create"], input="calm\nI want to kill myself\n")
    assert result.exit_code == 1  # stopped by the crisis gate, like `waqup create --intent`
    assert "What would you like support with?" in result.output and "findahelpline.com" in result.output
    assert "When you are ready, `waqup create` is here." in result.output


def test_credits_and_dev_commands():
    from engine.conversation import diagram
    from waqup_cli.main import app

    def run(*args: str) -> str:
        result = runner.invoke(app, list(args))
        assert result.exit_code == 0, result.output
        return result.output

    assert "no budget" in run("credits", "balance")
    assert "Budget 4 credits" in run("credits", "budget", "4")
    data = json.loads(run("credits", "balance", "--json"))
    assert data["mode"] == "budget" and data["available"] == 4
    assert "No budget" in run("credits", "budget", "--clear")
    assert json.loads(run("credits", "history", "--json")) == {"items": [], "next_cursor": None}
    assert run("dev", "states") == diagram()
    assert json.loads(run("dev", "states", "--format", "json"))["practice"]["initial"] == "checkin"
    assert runner.invoke(app, ["dev", "states", "-f", "xml"]).exit_code == 2


def test_open_conversations_are_listed_and_discarded(waqup_home):
    from engine.conversation import Session
    from engine.credits import Ledger
    from engine.library import Library
    from waqup_cli.main import app

    with Library() as lib:
        s = Session.create("creation", library=lib, provider=FakeProvider(), renderer=lambda *a: None,
                           config={"conversation": {"keep_transcript": False}, "credits": {}, "prices": {}})
        s.start()
        for text in ("calm before exams", "skip all", "affirmations", "skip all", "yes"):
            s.send(text)
        assert s.state == "review"
    listed = runner.invoke(app, ["conversations", "list", "--json"])
    [row] = json.loads(listed.stdout)["items"]
    assert row["id"] == s.id and row["where"] == "reviewing your draft" and row["about"] == "calm before exams"
    assert "reviewing your draft" in runner.invoke(app, ["conversations", "list"]).stdout
    assert runner.invoke(app, ["conversations", "discard", s.id]).exit_code == 0
    assert json.loads(runner.invoke(app, ["conversations", "list", "--json"]).stdout)["items"] == []
    with Library() as lib:
        ledger = Ledger(lib)
        assert not ledger.open_holds() and ledger.balance().spent == 0  # the unsaved draft was refunded
    assert runner.invoke(app, ["conversations", "discard", s.id]).exit_code == 2


def test_a_conversation_in_which_nothing_was_said_is_not_offered(waqup_home):
    """Opening the studio's Create tab saves a conversation at its first question: it is not 'open work'."""
    from engine.conversation import Session
    from engine.library import Library
    from waqup_cli.main import app

    options = {"provider": FakeProvider(), "renderer": lambda *a: None,
               "config": {"conversation": {"keep_transcript": False}, "credits": {}, "prices": {}}}
    with Library() as lib:
        said = Session.create("creation", library=lib, **options)
        said.start()
        said.send("steadier mornings")
        silent = Session.create("creation", library=lib, **options)
        silent.start()  # newer, but nothing said
        assert [row["id"] for row in Session.unfinished(lib)] == [said.id]
        assert Session.resume(library=lib, **options).id == said.id  # `create --resume` skips the silent one
    listed = json.loads(runner.invoke(app, ["conversations", "list", "--json"]).stdout)["items"]
    assert [row["id"] for row in listed] == [said.id]
