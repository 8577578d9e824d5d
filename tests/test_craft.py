"""The craft checker finds each class of editor's error, with the phrases that were found in real output."""

from __future__ import annotations

import pytest

from engine.content import craft, validate
from engine.language.text import indefinite
from engine.script import Line, Pause, Script, Section


def codes(text: str) -> set[str]:
    return {code for code, _ in craft.line_issues(text)}


@pytest.mark.parametrize("text", [
    "I make room for fall asleep faster today.",
    "I'm here to calm before exams.",
    "Each day I practise how to calm before exams.",
    "I choose grieving my mum.",
    "I return to this ritual after my on my lunch break.",
])
def test_bad_splices_are_grammar_errors(text):
    assert "grammar" in codes(text)


@pytest.mark.parametrize("text", ["A Evening Ritual", "Calm: A 8-Minute Breath Meditation", "an calm morning",
                                  "a hour of rest"])
def test_wrong_articles(text):
    assert "article" in codes(text)


@pytest.mark.parametrize("text", ["An Evening Ritual", "Calm: An 8-Minute Breath Meditation",
                                  "A 10-Minute Sleep Meditation", "an hour of rest", "a useful habit",
                                  "An 11-minute practice", "a one-off"])
def test_right_articles_pass(text):
    assert "article" not in codes(text)


def test_indefinite_article_by_sound():
    assert [indefinite(w) for w in ("8-minute", "18-minute", "80-minute", "evening", "hour", "user", "one", "10")] \
        == ["an", "an", "an", "an", "an", "a", "a", "a"]


@pytest.mark.parametrize("text", ["I allow myself to feel hopeless.", "I'm here to grow hopeless.",
                                  "I welcome feeling numb today."])
def test_distress_echoed_as_a_goal(text):
    assert "distress" in codes(text)


@pytest.mark.parametrize("text", ["I can take one small step, even on a heavy day.",
                                  "My breath is an anchor I carry with me."])
def test_kind_lines_pass(text):
    assert not codes(text)


def test_repeated_words():
    assert "repeat" in codes("I breathe in the the quiet.")
    assert "repeat" not in codes("Softly, softly, slower and slower.")


def _script(type_name: str, sections: list[Section], **meta: str) -> Script:
    return Script({"type": type_name, "title": "Steady", **meta}, sections)


@pytest.mark.parametrize(("text", "seconds"), [
    ("Now count each breath out: one, two, three, up to ten.", 6.0),
    ("Now let your eyes open a little, and notice five things you can see.", 3.0),
    ("I hold this posture for a few slow breaths, and feel what it's like to be this person.", 1.0),
])
def test_silence_below_what_the_instruction_needs(text, seconds):
    script = _script("ritual", [Section("Embodiment", [Line(text), Pause(seconds)])])
    assert any(code == "silence" for code, *_ in craft.check(script))
    need = craft.instruction_seconds(text)
    script = _script("ritual", [Section("Embodiment", [Line(text), Pause(need)])])
    assert not any(code == "silence" for code, *_ in craft.check(script))


def test_instruction_minimums():
    assert craft.instruction_seconds("Count each breath up to ten.") == 50
    assert craft.instruction_seconds("Notice five things you can see.") == 20
    assert craft.instruction_seconds("Hold it for three slow breaths.") == 15
    assert craft.instruction_seconds("Let the words land softly.") == 0


def test_sleep_scripts_stay_sleep_safe():
    sections = [Section("Return", [Line("When you're ready, open your eyes."), Pause(2.0)])]
    script = _script("meditation", sections, technique="sleep", minutes="1")
    assert any(code == "sleep-safe" for code, *_ in craft.check(script))
    script = _script("meditation", sections, technique="breath", minutes="1", intent="let go of the day")
    assert not any(code == "sleep-safe" for code, *_ in craft.check(script))


def test_a_meditation_needs_its_closing():
    script = _script("meditation", [Section("Practice", [Line("Rest."), Pause(2.0)])], technique="breath")
    assert any(code == "closing" for code, *_ in craft.check(script))


def test_clock_times_stay_out_of_titles():
    script = Script({"type": "ritual", "title": "09:00 Ritual"}, [])
    assert any(code == "grammar" for code, *_ in craft.check(script))


def test_the_validator_reports_craft_errors():
    script = Script({"type": "affirmation", "title": "A Evening Set"},
                    [Section("Affirmations", [Line("I breathe slowly."), Line("I choose grieving my mum."),
                                              Line("I rest when I need to.")])])
    found = {issue.code for issue in validate(script)}
    assert {"article", "grammar"} <= found
