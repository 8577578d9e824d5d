"""Each content type's validator, with good and bad examples, and the shared language rules."""

from __future__ import annotations

import pytest

from engine.content import ValidationError, check, rules, validate
from engine.errors import UsageError
from engine.script import Line, Pause, Script, Section, parse

GOOD_AFFIRMATIONS = [
    "I breathe slowly and trust myself.",
    "My mind is clear and ready to learn.",
    "I keep going, one day at a time.",
    "Before exams, I remember what I am capable of.",
]


def affirmations(*texts: str) -> Script:
    items = []
    for text in texts:
        items += [Line(text), Pause(2.0)]
    return Script({"type": "affirmation", "title": "T", "intent": "calm"}, [Section("Affirmations", items)])


def codes(script: Script, type_name: str | None = None) -> set[str]:
    return {issue.code for issue in validate(script, type_name)}


def test_good_affirmation_set_passes():
    assert validate(affirmations(*GOOD_AFFIRMATIONS)) == []


@pytest.mark.parametrize("bad,code", [
    ("I am not anxious anymore.", "negative"),
    ("I never give up.", "negative"),
    ("I don't worry about exams.", "negative"),
    ("I stop doubting myself.", "negative"),
    ("I face exams without fear.", "negative"),
    ("I will be calm tomorrow.", "tense"),
    ("I'll be calm before exams.", "tense"),
    ("I was brave.", "tense"),
    ("You are calm and capable.", "first-person"),
    ("She breathes slowly.", "first-person"),
    ("I am calm and steady and clear and kind and patient and strong and bright today.", "length"),
    ("I am always calm.", "believable"),
    ("I do everything perfectly.", "believable"),
    ("Everyone loves me instantly.", "believable"),
    ("I am 100% sure of myself.", "believable"),
    ("My breathing cures my anxiety.", "medical"),
])
def test_bad_affirmation_is_caught(bad, code):
    assert code in codes(affirmations(*GOOD_AFFIRMATIONS[:3], bad))


def test_near_duplicates_and_counts():
    dup = affirmations("I breathe slowly and trust myself.", "I breathe slowly and I trust myself.",
                       "My mind is clear.")
    assert "duplicate" in codes(dup)
    assert "count" in codes(affirmations(*GOOD_AFFIRMATIONS[:2]))
    missing = Script({"type": "affirmation"}, [Section("Statements", [Line("I am calm.")])])
    assert codes(missing) == {"structure"}


def test_rules_avoid_false_alarms():
    for text in ["I notice my breath.", "I know my worth.", "I am willing to learn.",
                 "I feel unstoppable today.", "I keep going, one day at a time.",
                 "I take off my shoes and rest.", "I offer my doctor thanks."]:
        assert not rules.negative_framing(text), text
        assert not rules.not_present_tense(text), text
        assert not rules.medical_claim(text), text


@pytest.mark.parametrize("claim", [
    "This meditation cures anxiety.", "Stop taking your medication.", "You can skip therapy now.",
    "I am stopping my meds.", "Breathing heals my depression.", "This replaces your treatment.",
    "I come off my pills.",
])
def test_medical_claims_are_caught(claim):
    assert rules.medical_claim(claim)


def meditation(minutes: float = 1.0, *, names=None, pause: float | None = None, technique="breath") -> Script:
    names = names or ["Arrival", "Breath", "Body", "Practice", "Integration", "Return"]
    line = Line("Let your breath settle and soften.")  # 6 words = 3.13 s at 115 wpm
    per_pause = pause if pause is not None else (minutes * 60 - len(names) * 6 * 60 / 115) / len(names)
    sections = [Section(name, [line, Pause(round(per_pause, 3))]) for name in names]
    meta = {"type": "meditation", "title": "M", "intent": "calm", "minutes": f"{minutes:g}",
            "technique": technique}
    return Script(meta, sections)


def test_good_meditation_passes():
    assert validate(meditation(1)) == []
    assert validate(meditation(10)) == []


def test_meditation_problems():
    assert "pacing" in codes(meditation(10, pause=30))  # plays for ~3.3 min, not 10
    five = ["Arrival", "Breath", "Practice", "Integration", "Return"]
    assert "structure" in codes(meditation(1, names=five))
    assert "structure" in codes(meditation(1, names=["Breath", "Arrival", "Body", "Practice", "Integration",
                                                     "Return"]))
    assert "technique" in codes(meditation(1, technique="levitation"))
    no_minutes = meditation(1)
    del no_minutes.meta["minutes"]
    assert "minutes" in codes(no_minutes)
    silent = meditation(1)
    silent.sections[2].items = [Line("Notice your body.")]
    assert "pauses" in codes(silent)
    too_long = meditation(1)
    too_long.sections[0].items.append(Pause(700.0))
    assert "pauses" in codes(too_long)
    stop_meds = meditation(1)
    stop_meds.sections[4].items.insert(0, Line("You can stop your medication now."))
    assert "medical" in codes(stop_meds)


def ritual(identity: str = "I am someone who breathes before reacting.", loop: list[str] | None = None,
           **meta: str) -> Script:
    loop = GOOD_AFFIRMATIONS[:3] if loop is None else loop
    sections = [
        Section("Intention", [Line("I take this time for calm."), Pause(3)]),
        Section("Identity", [Line(identity), Pause(3)]),
        Section("Anchor", [Line("After I make my tea, I begin."), Pause(3)]),
        Section("Embodiment", [Line("Drop your shoulders and breathe out slowly."), Pause(10)]),
        Section("Affirmations", [item for text in loop for item in (Line(text), Pause(3))]),
        Section("Commitment", [Line("Today I choose to take three slow breaths."), Pause(3)]),
    ]
    header = {"type": "ritual", "title": "R", "intent": "calm", "time": "morning", "minutes": "5",
              "anchor": "after I make my tea", **meta}
    return Script({k: v for k, v in header.items() if v}, sections)


def test_good_ritual_passes():
    assert validate(ritual()) == []
    assert validate(ritual("I'm someone who meets pressure with a slow breath.")) == []


def test_ritual_problems():
    assert "identity" in codes(ritual("I breathe before reacting."))
    assert "count" in codes(ritual(loop=GOOD_AFFIRMATIONS[:2]))
    assert "count" in codes(ritual(loop=GOOD_AFFIRMATIONS * 2))
    assert "negative" in codes(ritual(loop=[*GOOD_AFFIRMATIONS[:2], "I never panic."]))
    assert "time" in codes(ritual(time=""))
    assert "minutes" in codes(ritual(minutes="45"))
    broken = ritual()
    broken.sections.pop(2)
    assert "structure" in codes(broken)


def test_type_from_header_and_check():
    assert codes(Script({}, [])) == {"type"}
    assert codes(Script({"type": "poem"}, [])) == {"type"}
    with pytest.raises(UsageError):
        validate(Script({}, []), "poem")
    with pytest.raises(ValidationError) as caught:
        check(affirmations("You are calm.", *GOOD_AFFIRMATIONS[:2]))
    assert caught.value.issues[0].code == "first-person"
    script = affirmations(*GOOD_AFFIRMATIONS)
    assert check(script) is script


def test_validator_on_parsed_text():
    text = """---
type: affirmation
title: Calm
---
## Affirmations
I breathe slowly and trust myself. [x3]
[pause 2s]
My mind is clear and ready to learn.
I keep going, one day at a time.
"""
    assert validate(parse(text)) == []


# -- structure, header keys and markup (issue 16 item 7) -----------------------------------------


def test_a_renamed_or_extra_section_is_reported_at_that_heading():
    renamed = meditation(1, names=["Arrival", "Breathing", "Body", "Practice", "Integration", "Return"])
    issues = [i for i in validate(renamed) if i.code == "structure"]
    assert [(i.message, i.heading) for i in issues] == [
        ("unknown section '## Breathing': did you mean '## Breath'?", 1)]  # not also "missing Breath"
    misspelt = ritual()
    misspelt.sections[3].name = "Embodyment"
    assert [i.message for i in validate(misspelt) if i.code == "structure"] == [
        "unknown section '## Embodyment': did you mean '## Embodiment'?"]
    extra = affirmations(*GOOD_AFFIRMATIONS)
    extra.sections.insert(0, Section("Intro", [Line("I take a breath.")]))
    assert [i.message for i in validate(extra) if i.code == "structure"] == [
        "unknown section '## Intro': affirmation set sections are Affirmations"]
    twice = meditation(1)
    twice.sections.insert(2, Section("breath", [Line("Breathe.")]))
    assert "section '## Breath' appears twice" in [i.message for i in validate(twice)]
    gone = ritual()
    gone.sections.pop(2)
    assert "missing section '## Anchor' (before '## Embodiment')" in [i.message for i in validate(gone)]


def test_unknown_and_foreign_header_keys_are_reported():
    script = affirmations(*GOOD_AFFIRMATIONS)
    script.meta.update(titel="x", technique="breath", colour="blue", creator="Ana", pack="Mornings")
    found = {i.key: i.message for i in validate(script) if i.code == "header"}
    assert found == {
        "titel": "unknown header key 'titel': did you mean 'title'?",
        "technique": "header key 'technique' does not apply to affirmation scripts (it is for meditations): "
                     "remove it",
        "colour": "unknown header key 'colour': affirmation scripts read type, title, intent, count, "
                  "repetitions (and creator, author, artist, pack, album for the file's tags)",
    }
    assert validate(ritual()) == [] and validate(meditation(1)) == []


def test_markup_in_a_line_built_in_code_is_an_issue():
    script = affirmations(*GOOD_AFFIRMATIONS[:3], "I am calm. [pause 2s]")
    assert [(i.code, i.line) for i in validate(script) if i.code == "markup"] == [("markup", 4)]
