"""The CLI's JSON contract (waqup_cli/contract.py): every read command's real ``--json`` output, against a real
data folder (and a real marketplace server for the market commands), validates against its schema; every
command's ``--help`` fits 80 columns."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
import httpx
import jsonschema
import pytest
import typer
from typer.testing import CliRunner

from waqup_cli.contract import CONTRACT, schema, summary
from waqup_cli.main import app

ROOT = Path(__file__).resolve().parent.parent
MARKET = [command for command in CONTRACT if command.startswith("market ") or command == "credits account"]
LOCAL = [command for command in CONTRACT if command not in MARKET]
runner = CliRunner()


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result


def check(command: str, args: list[str]) -> object:
    """Run ``waqup ARGS --json`` and validate its stdout against the contract's schema for ``command``."""
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, (args, result.output)  # a command in the contract without --json exits 2
    data = json.loads(result.stdout)  # nothing but JSON on stdout
    jsonschema.Draft202012Validator.check_schema(schema(command))
    jsonschema.validate(data, schema(command), cls=jsonschema.Draft202012Validator)
    return data


@pytest.fixture(scope="module")
def data_home(tmp_path_factory):
    """A data folder with two created items (one edited, one with a recording and a reminder), a pack, a budget
    and an open conversation."""
    home = tmp_path_factory.mktemp("contract") / "waqup-home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WAQUP_HOME", str(home))
        first = json.loads(invoke("create", "affirmation", "--intent", "calm before exams", "--seed", "3",
                                  "--json").stdout)
        invoke("create", "meditation", "--intent", "rest", "--minutes", "2", "--seed", "5")
        edited = first["script"].replace("## Affirmations\n", "## Affirmations\nI breathe and begin.\n", 1)
        applied = runner.invoke(app, ["script", "apply", first["id"], "-"], input=edited)
        assert applied.exit_code == 0, applied.output
        assert invoke("pack", "run", str(ROOT / "examples" / "three-calm-pieces.toml"), "--no-audio")
        invoke("credits", "budget", "50")
        from engine.library import Library
        from engine.practice import log_practice

        with Library() as lib:
            log_practice(lib, first["id"], seconds=75.0, completed=True, mood="calm")
        invoke("remind", "add", first["id"], "--at", "07:00", "--days", "mon-fri")
        from engine.audio import line_key
        from engine.rendering import recordings_dir
        from tests.market.helpers import tone

        folder = recordings_dir(first["id"])
        folder.mkdir(parents=True, exist_ok=True)
        tone(folder / f"{line_key(0, 0)}.wav", 0.2)
        from test_conversation_fakes import FakeProvider

        from engine.conversation import Session

        with Library() as lib:
            session = Session.create("creation", library=lib, provider=FakeProvider(), renderer=lambda *a: None,
                                     config={"conversation": {"keep_transcript": False}, "credits": {},
                                             "prices": {}})
            session.start()
            session.send("calm before exams")
    return {"home": home, "item": first["id"]}


def local_args(command: str, item: str) -> list[str]:
    """The arguments that run ``command`` against the data folder (every local contract command needs one)."""
    extra = {"library show": [item], "library search": ["calm"], "script show": [item], "script history": [item],
             "pack show": ["three-calm-pieces"], "record": [item, "--list"], "config get": ["audio.format"],
             "logs": ["-n", "5"]}
    return [*command.split(), *extra.get(command, [])]


@pytest.mark.parametrize("command", LOCAL)
def test_local_read_command_json_matches_contract(command, data_home, monkeypatch):
    monkeypatch.setenv("WAQUP_HOME", str(data_home["home"]))
    data = check(command, local_args(command, data_home["item"]))
    if isinstance(data, dict) and set(data) == {"items", "next_cursor"}:
        assert data["items"], f"{command}: the data folder should give it something to list"


def test_envelope_pages_library_list(data_home, monkeypatch):
    """``next_cursor`` is the next page's --offset; null on the last page."""
    monkeypatch.setenv("WAQUP_HOME", str(data_home["home"]))
    seen, cursor = [], "0"
    while cursor is not None:
        page = check("library list", ["library", "list", "--limit", "2", "--offset", cursor])
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
    everything = check("library list", ["library", "list"])
    assert seen == [item["id"] for item in everything["items"]] and len(seen) == 5
    assert everything["next_cursor"] is None


def test_script_show_json_is_the_parsed_script(data_home, monkeypatch):
    monkeypatch.setenv("WAQUP_HOME", str(data_home["home"]))
    shown = check("script show", ["script", "show", data_home["item"]])
    lines = [part["text"] for section in shown["sections"] for part in section["items"] if part["kind"] == "line"]
    assert lines[0] == "I breathe and begin." and shown["version"] == 2
    both = runner.invoke(app, ["script", "show", data_home["item"], "--raw", "--json"])
    assert both.exit_code == 2 and both.stdout == "" and "not both" in both.output


def test_practice_log_and_stats_json_show_the_logged_session(data_home, monkeypatch):
    monkeypatch.setenv("WAQUP_HOME", str(data_home["home"]))
    [row] = check("practice log", ["practice", "log", "--item", data_home["item"]])["items"]
    assert row["item_id"] == data_home["item"] and row["seconds"] == 75.0 and row["completed"] is True
    stats = check("practice stats", ["practice", "stats", "--weeks", "4"])
    assert stats["sessions"] == 1 and len(stats["weekly_minutes"]) == 4 and stats["completion_rate"] == 1.0
    assert [t["item_id"] for t in stats["top_items"]] == [data_home["item"]]


def test_record_json_needs_list_and_budget_json_follows_changes(data_home, monkeypatch):
    monkeypatch.setenv("WAQUP_HOME", str(data_home["home"]))
    listed = check("record", ["record", data_home["item"], "--list"])
    assert [row["recorded"] for row in listed["items"]].count(True) == 1
    alone = runner.invoke(app, ["record", data_home["item"], "--json"])
    assert alone.exit_code == 2 and "--list" in alone.output
    set_ = check("credits budget", ["credits", "budget", "30"])
    assert set_["budget"] == 30 and set_["available"] is not None and set_["available"] <= 30
    assert check("credits budget", ["credits", "budget"])["budget"] == 30
    assert check("credits budget", ["credits", "budget", "--clear"])["budget"] is None


def test_an_error_with_json_is_one_line_on_stderr(data_home, monkeypatch):
    monkeypatch.setenv("WAQUP_HOME", str(data_home["home"]))
    result = runner.invoke(app, ["library", "show", "nope1234", "--json"])
    assert result.exit_code in (1, 2) and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("Error: ")


@pytest.fixture
def market(tmp_path):
    """A real `waqup market serve` process, a creator signed in from this data folder and one published pack."""
    from engine.market.tokens import Tokens, TokenStore
    from tests.market.helpers import PASSWORD, database_url, make_pack
    from tests.market.server import MarketServer

    with MarketServer(tmp_path, database_url(tmp_path)) as server:
        server.account("ana@example.com", creator="Ana")
        r = httpx.post(f"{server.url}/v1/auth/token", json={"email": "ana@example.com", "password": PASSWORD})
        tokens = r.json()
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        assert server.publish(headers, make_pack(tmp_path)).status_code in (200, 201)
        TokenStore(server.url).save(Tokens(tokens["access_token"], tokens["refresh_token"],
                                           time.time() + tokens.get("expires_in", 900)))
        yield server.url


@pytest.mark.slow
def test_market_read_commands_json_match_contract(market):
    extra = {"market search": ["calm"], "market show": ["calm-evenings"]}
    for command in MARKET:
        data = check(command, [*command.split(), *extra.get(command, []), "--url", market])
        if command == "market search":
            assert [p["slug"] for p in data["items"]] == ["calm-evenings"]


def test_dev_json_schema_prints_the_contract():
    every = json.loads(invoke("dev", "json-schema").stdout)
    assert set(every) == set(CONTRACT) and every["library list"] == schema("library list")
    assert json.loads(invoke("dev", "json-schema", "practice", "stats").stdout) == schema("practice stats")
    unknown = runner.invoke(app, ["dev", "json-schema", "library", "nope"])
    assert unknown.exit_code == 2 and unknown.stdout == "" and "library nope" in unknown.stderr


def _walk(cmd: click.Command, path: list[str]):
    yield path, cmd
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        yield from _walk(sub, [*path, name])


def test_contract_names_real_commands_with_json():
    """Every command path in the contract exists and takes --json; the docs describe each."""
    commands = {" ".join(path): cmd for path, cmd in _walk(typer.main.get_command(app), [])}
    for command in CONTRACT:
        assert command in commands, f"{command}: no such command"
        assert any("--json" in getattr(p, "opts", []) for p in commands[command].params), f"{command}: no --json"
        assert summary(command)[0].startswith("**JSON output**")


@pytest.mark.parametrize("path", [path for path, _ in _walk(typer.main.get_command(app), [])],
                         ids=lambda path: " ".join(path) or "waqup")
def test_help_fits_80_columns(path):
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    wide = [line for line in result.output.splitlines() if len(line) > 80]
    assert not wide, f"waqup {' '.join(path)} --help: {wide}"
