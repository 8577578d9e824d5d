"""Every path in and out stops at the crisis gate: CLI create, conversation turns (prompts, --jsonl,
studio chat), pack spec items and generator rows, hand-edited scripts, and what an LLM answers.

Real parts throughout: SQLite files in a temp WAQUP_HOME, the official SDKs against local stubs,
Typer's CliRunner, Textual's pilot. Phrases are ones the rules layer already catches.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.content import params_for
from engine.credits import Ledger
from engine.generation import UnsafeAnswer, generate
from engine.generation.guard import UNSAFE_MESSAGE
from engine.library import Library
from engine.safety.response import WAY_BACK
from tests.stubs import answers, wire
from tests.stubs.fixtures import fast
from tests.stubs.server import Reply
from waqup_cli.main import app

ROOT = Path(__file__).resolve().parents[1]
CRISIS = "I want to kill myself"
SELF_HARM = "I've been cutting myself again"
LOOKALIKE = "this exam is killing me"
WORDS = ("kill myself", "cutting myself")  # what must never be echoed where it should not be
KEY = "sk-test-crisis-paths-00001111"
runner = CliRunner()


def flat(text: str) -> str:
    """Rich wraps panels: compare with single spaces and no box drawing."""
    return " ".join(text.replace("│", " ").split())


def budget(n: int = 10) -> dict:
    with Library() as lib:
        Ledger(lib).set_budget(n)
    return position()


def position() -> dict:
    with Library() as lib:
        return Ledger(lib).balance().to_dict()


def ops() -> list[str]:
    with Library() as lib:
        return [t.op for t in Ledger(lib).history(limit=500)]


def stored_items() -> list:
    with Library() as lib:
        return lib.list_items(limit=1000)


def no_words_in_database(*words: str) -> None:
    """No table of the library file holds ``words`` (items, logs, ledger memos, pack state, stored specs)."""
    from engine.paths import database_path

    db = sqlite3.connect(database_path())
    try:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type = 'table'")]
        for table in tables:
            for row in db.execute(f'select * from "{table}"'):
                text = json.dumps(row, default=str).lower()
                for word in words:
                    assert word not in text, f"{word!r} stored in {table}"
    finally:
        db.close()


# -- 1. `waqup create` with an intent or context -----------------------------------------------------
@pytest.mark.parametrize(("intent", "context"), [(CRISIS, None), ("steady mornings", SELF_HARM)])
def test_cli_create_stops_with_the_way_back_and_charges_nothing(intent, context):
    before = budget()
    args = ["create", "affirmation", "--intent", intent, *(["--context", context] if context else [])]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    shown = flat(result.output)
    assert WAY_BACK in shown and "findahelpline.com" in shown
    assert stored_items() == [] and position() == before and ops() == []


def test_cli_create_json_carries_the_way_back():
    result = runner.invoke(app, ["create", "ritual", "--intent", CRISIS, "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["way_back"] == WAY_BACK and data["crisis"]["category"] == "suicide" and data["crisis"]["resources"]


def test_cli_create_lets_a_look_alike_through():
    result = runner.invoke(app, ["create", "affirmation", "--intent", "calm when " + LOOKALIKE, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["type"] == "affirmation" and len(stored_items()) == 1


# -- 2. what an LLM answers ----------------------------------------------------------------------------
def crisis_affirmation(line: str = "I want to kill myself.") -> dict:
    """Valid by the content rules (so no repair hides it): only the crisis gate can stop it."""
    data = answers.affirmation(7)
    data["statements"][3] = line
    return data


def openai(stub, monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", f"{stub.url}/v1")


def test_openai_answer_with_crisis_is_not_saved_and_the_hold_is_released(stub, monkeypatch):
    from engine.create import create

    openai(stub, monkeypatch)
    before = budget()
    stub.enqueue(wire.OPENAI_CHAT, Reply(json=wire.openai_completion(json.dumps(crisis_affirmation()))))
    with pytest.raises(UnsafeAnswer) as err:
        create(params_for("affirmation", intent="calm before exams"), provider="openai")
    assert str(err.value) == UNSAFE_MESSAGE and err.value.category == "suicide"
    assert "kill" not in str(err.value)
    assert len(stub.hits(wire.OPENAI_CHAT)) == 1
    assert stored_items() == [] and position() == before
    assert ops() == ["release", "reserve"]  # held, then given back: nothing charged
    no_words_in_database(*WORDS)


def test_openai_answer_flagged_only_by_moderation_is_refused(stub, monkeypatch):
    from engine.create import create

    openai(stub, monkeypatch)
    before = budget()
    stub.enqueue(wire.OPENAI_MODERATIONS, Reply(json=wire.openai_moderation()),  # the intent: fine
                 Reply(json=wire.openai_moderation("self-harm/instructions")))  # the answer: not
    with pytest.raises(UnsafeAnswer):
        create(params_for("affirmation", intent="calm before exams"), provider="openai")
    sent = [r.json["input"] for r in stub.hits(wire.OPENAI_MODERATIONS)]
    assert sent[0] == "calm before exams" and sent[1].startswith("Calm Before Exams\nI breathe slowly")
    assert stored_items() == [] and position() == before


def test_cli_create_with_openai_answer_in_crisis_exits_1_without_echoing_it(stub, monkeypatch):
    openai(stub, monkeypatch)
    before = budget()
    stub.enqueue(wire.OPENAI_CHAT, Reply(json=wire.openai_completion(json.dumps(crisis_affirmation()))))
    result = runner.invoke(app, ["create", "affirmation", "--intent", "calm", "--provider", "openai"])
    assert result.exit_code == 1
    assert UNSAFE_MESSAGE in flat(result.output) and "kill" not in result.output.lower()
    assert stored_items() == [] and position() == before


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_streamed_answer_stops_showing_at_the_crisis_line(stub, provider):
    from engine.generation.providers.anthropic_messages import AnthropicProvider
    from engine.generation.providers.openai_chat import OpenAIProvider

    data = crisis_affirmation(SELF_HARM + ".")
    if provider == "openai":
        impl = OpenAIProvider(api_key=KEY, base_url=f"{stub.url}/v1", config={}, retry=fast())
        stub.enqueue(wire.OPENAI_CHAT, Reply(sse=wire.openai_stream(json.dumps(data))))
    else:
        impl = AnthropicProvider(api_key=KEY, base_url=stub.url, config={}, retry=fast())
        stub.enqueue(wire.ANTHROPIC_MESSAGES, Reply(sse=wire.anthropic_stream(json.dumps(data), "affirmation_script")))
    shown: list[str] = []
    with pytest.raises(UnsafeAnswer):
        generate(params_for("affirmation", intent="calm"), impl, on_text=shown.append)
    assert shown == [f"{text}\n" for text in [data["title"], *data["statements"][:3]]]  # nothing from the trip on
    assert not any("cutting" in piece for piece in shown)


def test_anthropic_answer_with_crisis_in_a_ritual(stub, monkeypatch):
    from engine.create import create

    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", stub.url)
    before = budget()
    ritual = answers.ritual()
    ritual["commitment"] = "Tonight I end my life."
    stub.enqueue(wire.ANTHROPIC_MESSAGES, Reply(json=wire.anthropic_message(ritual, "ritual_script")))
    with pytest.raises(UnsafeAnswer):
        create(params_for("ritual", intent="steady mornings"), provider="anthropic")
    assert stored_items() == [] and position() == before and ops() == ["release", "reserve"]


def test_medical_claim_in_an_answer_is_repaired(stub):
    from engine.generation.providers.openai_chat import OpenAIProvider

    impl = OpenAIProvider(api_key=KEY, base_url=f"{stub.url}/v1", config={}, retry=fast())
    stub.enqueue(wire.OPENAI_CHAT, Reply(json=wire.openai_completion(
        json.dumps(crisis_affirmation("This practice cures my anxiety.")))))
    result = generate(params_for("affirmation", intent="calm"), impl)
    assert not any("cures" in line.text for line in result.script.lines)
    repair = stub.hits(wire.OPENAI_CHAT)[1].json["messages"][-1]["content"]
    assert "medical claim" in repair


def test_conversation_generation_with_crisis_answer_fails_without_charge(stub, monkeypatch):
    from engine.conversation import Session

    openai(stub, monkeypatch)
    before = budget()
    stub.enqueue(wire.OPENAI_CHAT, Reply(json=wire.openai_completion(json.dumps(crisis_affirmation()))))
    with Session.create("creation", provider="openai", renderer=lambda *a: None) as session:
        session.start()
        for text in ("calm before exams", "skip all", "affirmations", "skip all"):
            session.send(text)
        reply = session.send("yes")
    assert UNSAFE_MESSAGE in reply.text and "kill" not in reply.text.lower()
    assert reply.state == "confirm" and not reply.data.get("script")
    assert position() == before and stored_items() == []


def test_offline_generation_skips_the_answer_check(monkeypatch):
    """Offline output is built from reviewed banks plus words that passed the gate: no second check."""
    import engine.generation.guard as guard

    def refuse(*args, **kwargs):
        raise AssertionError("the offline engine's script was sent through the crisis gate")

    monkeypatch.setattr(guard, "check_answer", refuse)
    result = generate(params_for("meditation", intent="rest", minutes=5))
    assert result.provider == "offline" and result.script.lines


# -- 3. hand-edited scripts ------------------------------------------------------------------------------
def edited_file(tmp_path: Path, replace: str, with_: str) -> Path:
    text = (ROOT / "examples" / "scripts" / "speak-up.txt").read_text("utf-8")
    assert replace in text
    path = tmp_path / "mine.txt"
    path.write_text(text.replace(replace, with_), "utf-8")
    return path


def test_script_validate_refuses_crisis_without_echoing_it(tmp_path):
    path = edited_file(tmp_path, "Each small win adds to my belief in myself.", CRISIS + ".")
    result = runner.invoke(app, ["script", "validate", str(path)])
    assert result.exit_code == 1
    shown = flat(result.output)
    assert "mine.txt:16:1: this line uses words that suggest a crisis" in shown  # the file's line 16
    assert WAY_BACK in shown and "kill" not in result.output.lower()
    data = json.loads(runner.invoke(app, ["script", "validate", str(path), "--json"]).stdout)
    assert not data["valid"] and data["way_back"] == WAY_BACK
    crisis = [i for i in data["issues"] if i["code"] == "crisis"]
    assert crisis == [{"line": 16, "column": 1, "code": "crisis",
                       "message": "this line uses words that suggest a crisis"}]
    assert "kill" not in json.dumps(data["issues"]).lower()


def test_script_validate_passes_clean_files_and_look_alikes(tmp_path):
    from engine.content import crisis_check
    from engine.script import parse

    clean = runner.invoke(app, ["script", "validate", str(ROOT / "examples" / "scripts" / "speak-up.txt")])
    assert clean.exit_code == 0 and "valid affirmation" in clean.output
    path = edited_file(tmp_path, "Each small win adds to my belief in myself.",
                       "Even when " + LOOKALIKE + ", I trust my preparation.")
    assert crisis_check(parse(path.read_text("utf-8"))) == (None, [])


def test_a_crisis_title_is_an_issue_too():
    from engine.content import validate_edited
    from engine.script import Line, Script, Section

    script = Script({"type": "affirmation", "title": CRISIS}, [Section("Affirmations", [Line("I am calm.")])])
    crisis = [i for i in validate_edited(script) if i.code == "crisis"]
    assert [str(i) for i in crisis] == ["the title uses words that suggest a crisis"]


def test_saving_an_edit_through_the_library_refuses_crisis():
    from engine.content import UnsafeScript
    from engine.script import Line

    assert runner.invoke(app, ["create", "affirmation", "--intent", "calm mornings"]).exit_code == 0
    with Library() as lib:
        item = lib.list_items()[0]
        script = item.parsed()
        section = script.sections[0]
        index = next(i for i, x in enumerate(section.items) if isinstance(x, Line))
        section.items[index] = Line(SELF_HARM)
        with pytest.raises(UnsafeScript) as err:
            lib.update_script(item.id, script, edited=True)
        assert err.value.issues[0].code == "crisis" and "cutting" not in str(err.value)
        assert err.value.result is not None and err.value.result.category == "self-harm"
        assert lib.get(item.id).script == item.script  # nothing saved


# -- 4. conversation turns --------------------------------------------------------------------------------
def test_interactive_conversation_turn_stops_with_the_way_back():
    before = budget()
    result = runner.invoke(app, ["create"], input=f"calm before exams\n{SELF_HARM}\n")
    assert result.exit_code == 1
    shown = flat(result.output)
    assert "findahelpline.com" in shown and WAY_BACK in shown
    assert stored_items() == [] and position() == before and ops() == []


def lines(*objs) -> str:
    return "".join(json.dumps(o) + "\n" for o in objs)


def test_jsonl_turn_stops_and_later_lines_are_ignored():
    before = budget()
    stdin = lines({"text": "calm before exams"}, {"text": CRISIS}, {"text": "affirmations"})
    result = runner.invoke(app, ["create", "--jsonl"], input=stdin)
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    last = out[-1]
    assert len(out) == 3 and last["state"] == "crisis" and last["done"]
    message = last["messages"][-1]
    assert message["kind"] == "crisis" and message["text"].endswith(WAY_BACK)
    assert message["data"]["way_back"] == WAY_BACK and last["data"]["crisis"]["category"] == "suicide"
    assert stored_items() == [] and position() == before


def test_jsonl_event_payload_in_review_stops_and_refunds():
    before = budget()
    stdin = lines({"text": "calm"}, {"text": "skip all"}, {"text": "affirmations"}, {"text": "skip all"},
                  {"text": "yes"}, {"event": "edit", "line": 1, "text": CRISIS})
    result = runner.invoke(app, ["create", "--jsonl"], input=stdin)
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[-2]["state"] == "review" and out[-1]["state"] == "crisis"
    assert stored_items() == []
    after = position()
    assert after["spent"] == 0 and after["held"] == 0 and after["available"] == before["available"]


def test_practice_conversation_turn_stops():
    assert runner.invoke(app, ["create", "affirmation", "--intent", "calm mornings"]).exit_code == 0
    result = runner.invoke(app, ["practice"], input=f"{CRISIS}\n")
    assert result.exit_code == 1
    assert WAY_BACK in flat(result.output)


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.mark.anyio
async def test_studio_chat_turn_stops(tmp_path):
    from test_studio_support import make_app, settle
    from textual.widgets import Input

    from waqup_cli.studio.widgets.chat_log import ChatLog, ChatMessage

    before = budget()
    studio = make_app(tmp_path, start="create")
    async with studio.run_test(size=(100, 30)) as pilot:
        await settle(studio, pilot)
        screen = studio.screen
        for text in ("calm before exams", SELF_HARM):
            screen.query_one("#say", Input).value = text
            await pilot.press("enter")
            await settle(studio, pilot)
        assert screen.state == "crisis"
        bubbles = [m for m in screen.query_one(ChatLog).query(ChatMessage) if m.has_class("-crisis")]
        assert len(bubbles) == 1 and WAY_BACK in str(bubbles[0].render())
        screen.query_one("#say", Input).value = "affirmations"
        await pilot.press("enter")  # the conversation is over: nothing more is sent
        await settle(studio, pilot)
        assert screen.state == "crisis"
    assert stored_items() == [] and position() == before


@pytest.mark.anyio
async def test_studio_editor_refuses_to_save_a_crisis_line(tmp_path):
    from test_studio_support import make_app, open_editor, seed_library, settle
    from textual.widgets import Input

    with Library() as lib:
        seed_library(lib, practice=False)
        original = lib.get("a1000001").script
    studio = make_app(tmp_path)
    async with studio.run_test(size=(120, 40)) as pilot:
        screen, table = await open_editor(studio, pilot, "a1000001", row=1)  # the first spoken line
        await pilot.press("enter")
        screen.query_one("#edit-field", Input).value = CRISIS
        await pilot.press("enter")
        assert [(i.code, i.section, i.line) for i in screen.issues if i.code == "crisis"] == [
            ("crisis", "Affirmations", 1)]
        assert "!" in str(table.get_row_at(1)[0])
        await pilot.press("s")
        await settle(studio, pilot)
        status = str(screen.query_one("#editor-status").render())
        assert "Not saved" in status and WAY_BACK in flat(status) and screen.dirty
    with Library() as lib:
        assert lib.get("a1000001").script == original


# -- 5. packs: spec items and generator rows ------------------------------------------------------------------
MIXED = """\
[pack]
title = "Mixed"
slug = "mixed"

[defaults]
provider = "offline"
seed = 1

[[items]]
name = "calm"
type = "affirmation"
intent = "calm mornings"
count = 3

[[items]]
name = "hard"
type = "affirmation"
intent = "feel better"
context = "I want to kill myself"
count = 3

[[items]]
name = "theme"
type = "affirmation"
intent = "confidence {theme}"
count = 3
[items.generate]
vars = { theme = ["at work", "even though I've been cutting myself again", "with new people"] }
"""


def test_pack_validate_names_the_spec_item_and_the_generator_row(tmp_path):
    spec = tmp_path / "mixed.toml"
    spec.write_text(MIXED, "utf-8")
    result = runner.invoke(app, ["pack", "validate", str(spec), "--json"])
    assert result.exit_code == 1
    issues = json.loads(result.stdout)["issues"]
    assert [(i["line"], i["path"]) for i in issues] == [(19, "items[2].context"), (25, "items[3].intent")]
    assert "items[3] (theme-2)" in issues[1]["message"] and "crisis" in issues[1]["message"]
    assert not any(word in result.stdout for word in WORDS)


def test_pack_run_skips_tripped_items_charges_nothing_for_them_and_runs_the_rest(tmp_path):
    spec = tmp_path / "mixed.toml"
    spec.write_text(MIXED, "utf-8")
    report = tmp_path / "report.json"
    before = budget(20)
    result = runner.invoke(app, ["pack", "run", str(spec), "--no-audio", "--report", str(report)])
    assert result.exit_code == 1  # incomplete: two items were skipped
    data = json.loads(report.read_text("utf-8"))
    status = {i["position"]: i["status"] for i in data["items"]}
    assert status == {1: "done", 2: "skipped", 3: "done", 4: "skipped", 5: "done"}
    skipped = {i["position"]: i for i in data["items"] if i["status"] == "skipped"}
    assert f"{spec}:19: item 2" in skipped[2]["error"] and "context" in skipped[2]["error"]
    assert f"{spec}:25: item 4" in skipped[4]["error"] and "theme-2" in skipped[4]["error"]
    assert all(i["credits"] == 0 and not i["item_id"] for i in skipped.values())
    assert data["credits"] == 3 and len(stored_items()) == 3
    after = position()
    assert after["spent"] == 3 and after["held"] == 0 and after["available"] == before["available"] - 3
    assert ops().count("reserve") == 3  # the skipped items were never even held
    everything = result.output + report.read_text("utf-8")
    assert "item 2" in flat(result.output) and "item 4" in flat(result.output)
    assert not any(word in everything.lower() for word in WORDS)
    no_words_in_database(*WORDS)  # state rows, labels, logs, the stored spec


def test_exported_pack_does_not_carry_the_withheld_words(tmp_path):
    spec = tmp_path / "mixed.toml"
    spec.write_text(MIXED, "utf-8")
    runner.invoke(app, ["pack", "run", str(spec), "--no-audio"])
    archive = tmp_path / "mixed.waqup"
    result = runner.invoke(app, ["pack", "export", "mixed", "--out", str(archive)])
    assert result.exit_code == 0, result.output
    import zipfile

    with zipfile.ZipFile(archive) as zf:
        manifest = zf.read("manifest.json").decode("utf-8")
    spec_rows = json.loads(manifest)["spec"]["items"]
    assert spec_rows[0]["intent"] == "calm mornings"  # untouched rows keep their words
    assert spec_rows[1]["context"] == "(withheld: crisis check)"
    assert spec_rows[2]["generate"]["vars"]["theme"] == ["(withheld: crisis check)"] * 3
    assert not any(word in manifest.lower() for word in WORDS)


def test_runtime_trip_in_a_pack_is_skipped_not_retried_and_not_charged(tmp_path):
    """A spec item that reaches the run with crisis words (here: changed after validation) is caught by
    `create`'s gate: skipped, one attempt, no hold, the rest still done."""
    from engine.packs.run import RunOptions, run_pack
    from engine.packs.validate import load_spec

    spec_path = tmp_path / "two.toml"
    spec_path.write_text('[pack]\ntitle = "Two"\nslug = "two"\n\n[defaults]\nprovider = "offline"\n\n'
                         '[[items]]\nname = "a"\ntype = "affirmation"\nintent = "calm mornings"\ncount = 3\n\n'
                         '[[items]]\nname = "b"\ntype = "affirmation"\nintent = "steady evenings"\ncount = 3\n',
                         "utf-8")
    spec = load_spec(spec_path)
    spec.items[1].options["context"] = SELF_HARM
    events = []
    report = run_pack(spec, RunOptions(audio=False, attempts=3), on_event=events.append)
    assert report.counts() == {"done": 1, "skipped": 1} and report.credits == 1
    item = next(i for i in report.items if i.status == "skipped")
    assert item.position == 2 and item.attempts == 1 and item.credits == 0
    assert f"{spec_path}:14: item 2 (b)" in item.error  # line 14: its [[items]] row and "nothing charged" in item.error
    assert [e.kind for e in events].count("item_skipped") == 1
    assert not any("cutting" in e.message for e in events)
    assert ops().count("reserve") == 1
