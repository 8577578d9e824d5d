"""Full conversations through the engine API (creation and return loops)."""

from __future__ import annotations

import json

import pytest
from test_conversation_fakes import FakeProvider

from engine.conversation import CREATION, PRACTICE, InvalidEvent, Session
from engine.conversation.extract import HeuristicExtractor
from engine.credits import Ledger
from engine.library import Library
from engine.script import Line as SLine
from engine.script import Script, Section


@pytest.fixture
def lib():
    with Library() as library:
        yield library


@pytest.fixture
def rendered():
    return []


@pytest.fixture
def new(lib, rendered):
    def make(kind: str = "creation", **options):
        options.setdefault("provider", FakeProvider())
        options.setdefault("renderer", lambda item, script, params: rendered.append(item.id) or {"path": ""})
        config = {"conversation": {"keep_transcript": False}, "credits": {}, "prices": {}}
        options.setdefault("config", config)
        return Session.create(kind, library=lib, **options)
    return make


def talk(session: Session, *lines: str):
    reply = None
    for line in lines:
        reply = session.send(line)
    return reply


def ops(lib, op):
    return [t for t in Ledger(lib).history(1000) if t.op == op]


def test_affirmation_conversation_with_edit(new, lib, rendered):
    s = new()
    assert s.start().state == "intent"
    reply = talk(s, "I want to feel confident speaking in meetings", "skip all", "affirmations", "5", "")
    assert reply.state == "confirm" and reply.data["cost"] == 1
    assert "1 credit" in reply.text and "balance" in reply.text
    reply = s.send("yes")
    assert reply.state == "review" and any(m.kind == "preview" for m in reply.messages)
    reply = s.event("edit", line=2, text="I speak with a clear, calm voice")
    assert "I speak with a clear, calm voice" in reply.data["script"]
    reply = s.event("edit", line=1, text="I will never fail")  # breaks rules: kept as it was
    assert "I will never fail" not in reply.data["script"] and reply.messages[0].kind == "error"
    reply = talk(s, "accept", "no")
    assert reply.state == "saved" and reply.done
    item = lib.get(reply.data["item_id"])
    assert item.type == "affirmation" and "I speak with a clear, calm voice" in item.script
    assert item.params["count"] == 5 and rendered == [item.id]
    assert [t.amount for t in ops(lib, "capture")] == [1] and not Ledger(lib).open_holds()
    assert lib.profile() == {}  # consent declined


def test_meditation_conversation_regenerate_and_change(new, lib):
    s = new()
    s.start()
    reply = talk(s, "I want to sleep better", "Work is busy and my mind races", "I lie awake for hours")
    assert reply.state == "confirm_type" and reply.data["type"] == "meditation"
    reply = talk(s, "yes", "15", "body scan", "rain please")
    assert reply.state == "confirm" and reply.data["prefs"] == {"minutes": 15, "technique": "body-scan",
                                                                 "ambience": "rain"}
    first = talk(s, "yes").data["script"]
    second = s.event("regenerate").data["script"]
    assert second != first
    reply = s.send("regenerate Breath")
    assert reply.state == "review"
    reply = s.send("change minutes 8")
    assert reply.state == "confirm" and "8-minute" in reply.text
    reply = talk(s, "yes", "accept", "yes")
    assert reply.state == "saved"
    item = lib.get(reply.data["item_id"])
    assert item.parsed().meta["minutes"] == "8" and item.params["ambience"] == "rain"
    captures = ops(lib, "capture")
    assert len(captures) == 4 and sum(t.amount for t in captures) == 8
    assert lib.profile()["preferred_type"] == "meditation"  # consent given


def test_ritual_conversation_inferred_type(new, lib):
    s = new()
    s.start()
    reply = talk(s, "I want to build a daily writing habit", "I keep putting it off", "7:30")
    assert reply.state == "confirm_type" and reply.data["type"] == "ritual"
    reply = talk(s, "yes", "morning", "after my first coffee", "")
    assert reply.state == "confirm" and reply.data["prefs"]["anchor"] == "after my first coffee"
    reply = talk(s, "yes", "accept", "no")
    item = lib.get(reply.data["item_id"])
    assert item.type == "ritual" and item.params["time_of_day"] == "morning"
    assert sum(t.amount for t in ops(lib, "capture")) == 3


def test_cancel_in_review_costs_nothing(new, lib):
    s = new()
    s.start()
    talk(s, "calm before exams", "skip all", "affirmation", "skip all", "yes")
    reply = s.send("cancel")
    assert reply.state == "cancelled" and reply.done and "nothing was charged" in reply.text
    assert Ledger(lib).balance().spent == 0 and lib.count() == 0


@pytest.mark.parametrize("steps", [
    (), ("calm",), ("calm", "skip all"), ("calm", "skip all", "meditation"),
    ("calm", "skip all", "meditation", "skip all"),
])
def test_cancel_from_any_state(new, lib, steps):
    s = new()
    s.start()
    talk(s, *steps)
    assert s.event("cancel").state == "cancelled"
    assert Ledger(lib).balance().spent == 0 and not Ledger(lib).open_holds()
    with pytest.raises(InvalidEvent):
        s.event("cancel")


def test_invalid_event_changes_nothing(new, lib):
    s = new()
    s.start()
    before = (s.state, json.dumps(s.data, sort_keys=True))
    with pytest.raises(InvalidEvent, match="not possible in state 'intent'"):
        s.event("accept")
    with pytest.raises(InvalidEvent):
        s.event("no-such-event")
    assert (s.state, json.dumps(s.data, sort_keys=True)) == before
    talk(s, "calm", "skip all", "affirmation", "skip all", "yes")
    with pytest.raises(Exception, match="line number"):
        s.event("edit", line=99, text="I am calm")
    with pytest.raises(Exception, match="no section"):
        s.event("regenerate_section", section="Nope")
    assert s.state == "review"


def test_crisis_stops_before_generation(new, lib):
    calls = FakeProvider.calls
    s = new(config={"conversation": {"crisis_country": "GB"}, "credits": {}, "prices": {}})
    s.start()
    talk(s, "calm before exams")
    reply = s.send("honestly I don't want to live anymore")
    assert reply.state == "crisis" and reply.done and reply.messages[-1].kind == "crisis"
    assert "116 123" in reply.text and reply.data["crisis"]["category"] == "suicide"
    assert FakeProvider.calls == calls and Ledger(lib).history() == []


def test_crisis_in_review_refunds(new, lib):
    s = new()
    s.start()
    talk(s, "calm", "skip all", "ritual", "skip all", "yes")
    reply = s.event("edit", line=1, text="I want to end my life")
    assert reply.state == "crisis"
    assert Ledger(lib).balance().spent == 0


def test_budget_blocks_at_confirm(new, lib):
    Ledger(lib).set_budget(1)
    s = new()
    s.start()
    reply = talk(s, "calm", "skip all", "meditation", "skip all", "yes")
    assert reply.state == "confirm" and "Not enough credits" in reply.text
    assert Ledger(lib).history() == []


def test_generation_failure_releases_hold(new, lib, monkeypatch):
    monkeypatch.setenv("FAKE_FAIL", "1")
    s = new()
    s.start()
    reply = talk(s, "calm", "skip all", "affirmation", "skip all", "yes")
    assert reply.state == "confirm" and "nothing was charged" in reply.text
    assert [t.op for t in Ledger(lib).history()] == ["release", "reserve"]
    monkeypatch.delenv("FAKE_FAIL")
    assert s.send("yes").state == "review"  # a fresh job id after the failed one
    assert len(ops(lib, "reserve")) == 2 and len(ops(lib, "capture")) == 1


def test_transcript_is_ephemeral_unless_opted_in(new, lib):
    s = new()
    s.start()
    talk(s, "calm before exams")
    assert s.transcript and json.loads(lib.db["conversations"].get(s.id)["transcript"]) == []
    kept = new(keep_transcript=True)
    kept.start()
    talk(kept, "calm before exams")
    stored = json.loads(lib.db["conversations"].get(kept.id)["transcript"])
    assert {"role": "user", "text": "calm before exams"} in stored
    row = lib.db["conversations"].get(s.id)
    assert json.loads(row["data"])["intent"] == "calm before exams"  # the summary persists


def test_resume_continues_in_same_state(new, lib):
    s = new()
    s.start()
    talk(s, "calm before exams", "skip all", "meditation")
    resumed = Session.resume(library=lib, provider=FakeProvider(), renderer=lambda *a: None)
    assert resumed.id == s.id and resumed.state == "preferences"
    reply = resumed.start()
    assert "Welcome back: we were at your preferences." in reply.text and "minutes" in reply.text
    assert "'preferences'" not in reply.text  # no internal state names
    assert talk(resumed, "skip all", "yes", "accept", "no").state == "saved"


def test_resume_with_draft_but_no_capture_only_captures(new, lib):
    s = new()
    s.start()
    talk(s, "calm", "skip all", "affirmation", "skip all", "yes")
    job = s.data["job_id"]
    # simulate a crash after the draft was stored but before capture and the move to review
    lib.db.execute("delete from ledger_postings where txn_id in "
                   "(select id from ledger_transactions where op = 'capture')")
    lib.db.execute("delete from ledger_transactions where op = 'capture'")
    lib.db.conn.commit()
    s.state = "generating"
    s.save()
    calls = FakeProvider.calls
    resumed = Session.resume(library=lib, provider=FakeProvider())
    assert resumed.start().state == "review" and FakeProvider.calls == calls
    assert [t.key for t in ops(lib, "capture")] == [job]


def test_profile_consent_from_config(new, lib):
    s = new(config={"conversation": {"remember_profile": True}, "credits": {}, "prices": {}})
    s.start()
    reply = talk(s, "I want to sleep better at night", "skip all", "meditation", "skip all", "yes", "accept")
    assert reply.state == "saved" and lib.profile()["practice_time"] == "night"


def test_practice_loop(new, lib):
    script = Script({"type": "affirmation", "title": "Morning calm"},
                    [Section("Affirmations", [SLine("I am calm"), SLine("I am ready"), SLine("I am here")])])
    item = lib.add_item(script, params={"type": "affirmation", "intent": "calm"})
    played = []
    s = new("practice", player=lambda it: played.append(it.id) or {"seconds": 42, "completed": True})
    assert "How are you today?" in s.start().text
    reply = s.send("a bit anxious")
    assert reply.state == "suggest" and reply.data["suggestions"][0]["item_id"] == item.id
    reply = s.send("yes")
    assert reply.state == "reflect" and played == [item.id]
    reply = s.send("felt steadier")
    assert reply.state == "logged"
    row = lib.practice_history(item.id)[0]
    assert (row["reflection"], row["mood"], row["seconds"]) == ("felt steadier", "anxious", 42)


def test_practice_without_player_and_empty_library(new, lib):
    assert new("practice").start() and talk(new("practice"), "ok").state in ("empty",)
    lib.add_item(Script({"type": "affirmation", "title": "x"},
                        [Section("Affirmations", [SLine("I am calm"), SLine("I rest"), SLine("I am ok")])]))
    s = new("practice")
    s.start()
    talk(s, "good", "1")
    assert s.state == "play"
    assert s.event("played", seconds=5, completed=False).state == "reflect"
    assert s.send("").state == "logged" and lib.practice_history()[0]["completed"] == 0


def test_machines_are_data_and_render():
    from engine.conversation import diagram

    for machine in (CREATION, PRACTICE):
        reachable, frontier = {machine.initial}, [machine.initial]
        while frontier:
            state = frontier.pop()
            for t in machine.outgoing(state):
                if t.target not in reachable:
                    reachable.add(t.target)
                    frontier.append(t.target)
        assert reachable == set(machine.states)
    text = diagram()
    assert text.count("stateDiagram-v2") == 2 and "review --> generating: regenerate [affordable]" in text
    assert json.loads(diagram("json"))["creation"]["initial"] == "greet"


def test_docs_match_generated_diagram():
    from pathlib import Path

    from engine.conversation import MACHINES, to_mermaid

    doc = (Path(__file__).parent.parent / "docs" / "conversation.md").read_text("utf-8")
    blocks = [b.split("```")[0] for b in doc.split("```mermaid\n")[1:]]
    assert blocks == [to_mermaid(m) for m in MACHINES.values()], "regenerate with `waqup dev states`"


@pytest.mark.parametrize("text,expected", [
    ("I want a meditation to help me sleep", {"type": "meditation", "time": "night"}),
    ("Some affirmations for confidence before my 9am interview", {"type": "affirmation", "time": "09:00"}),
    ("I'd like a morning routine to start writing", {"type": "ritual", "time": "morning"}),
    ("I struggle with procrastination in the evening", {"obstacles": ["procrastination in the evening"],
                                                         "time": "evening"}),
    ("I feel anxious and exhausted", {"feelings": ["anxious", "tired"]}),
    ("at 21:15 before bed", {"time": "21:15"}),
])
def test_extraction(text, expected):
    facts = HeuristicExtractor().extract(text).to_dict()
    assert {k: facts[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "bed"),
    [("ocean waves please", "rain"), ("some white noise", "pink"), ("a low drone", "drone"),
     ("brown noise", "brown"), ("no, silence is best", "none"), ("I like birdsong", "")],
)
def test_ambience_words_map_to_beds_the_renderer_has(text, bed):
    from engine.audio import AMBIENCE_NAMES

    found = HeuristicExtractor().extract(text).ambience
    assert found == bed
    assert found in (*AMBIENCE_NAMES, "")


@pytest.mark.parametrize("typed", ["edit 99: hello", "edit 0: hello", "edit 2:", "edit 2: :", "edit 2 -"])
def test_a_bad_typed_edit_is_an_error_not_a_crash(new, typed):
    s = new()
    s.start()
    talk(s, "I want to feel confident speaking in meetings", "skip all", "affirmations", "5", "")
    before = s.send("yes").data["script"]
    reply = s.send(typed)
    assert reply.state == "review" and not reply.done
    assert reply.messages[0].kind == "error" and "edit needs" in reply.messages[0].text
    assert reply.data["script"] == before  # nothing changed, no ":" spoken
    assert s.send("edit 2: I speak with a calm voice").data["script"].count("I speak with a calm voice") == 1


@pytest.mark.parametrize("answer", ["not sure, you pick", "surprise me", "I don't know"])
def test_you_pick_chooses_a_type_instead_of_asking_again(new, answer):
    s = new()
    s.start()
    assert talk(s, "I want to feel confident speaking in meetings", "skip all").state == "choose_type"
    reply = s.send(answer)
    assert reply.state != "choose_type" and s.data["type"] in ("affirmation", "meditation", "ritual")
    assert any("I'll make" in m.text for m in reply.messages)


def test_review_says_what_a_regeneration_costs(new):
    s = new()
    s.start()
    reply = talk(s, "I want to feel confident speaking in meetings", "skip all", "affirmations", "5", "", "yes")
    ask = [m for m in reply.messages if m.kind == "ask"][-1]
    assert reply.state == "review" and "regenerating all or one section" in ask.text and "1 credit;" in ask.text
    assert ask.data["regenerate_cost"] == 1


def test_a_change_after_edits_warns_that_the_edits_go(new):
    s = new()
    s.start()
    talk(s, "I want to sleep better", "Work is busy and my mind races", "I lie awake for hours", "yes", "15",
         "body scan", "rain please", "yes")
    s.send("edit 1: I settle into the bed and let the day go")
    reply = s.send("change minutes 8")
    assert any("line edits in this one won't carry over" in m.text for m in reply.messages)


def test_a_sound_wish_it_cannot_honour_is_said_not_dropped(new):
    s = new()
    s.start()
    talk(s, "I want to sleep better", "Work is busy and my mind races", "I lie awake for hours", "yes", "15",
         "body scan")
    reply = s.send("a british voice")
    assert any("can't match \u201ca british voice\u201d" in m.text for m in reply.messages)
    assert reply.state == "confirm"


def test_enter_at_the_technique_question_takes_the_suggestion(new):
    s = new()
    s.start()
    reply = talk(s, "I want to sleep better", "Work is busy and my mind races", "I lie awake at night", "yes", "15")
    ask = [m for m in reply.messages if m.kind == "ask"][-1].text
    suggested = ask.split("Enter for ")[1].split(",")[0]
    s.send("")  # Enter
    assert s.data["prefs"]["technique"] == suggested
