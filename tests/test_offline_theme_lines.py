"""The themes' own lines for every stage, the moments people name kept whole, and grounding's five senses."""

from __future__ import annotations

import re

import pytest

from engine.content import craft, params_for, rules
from engine.generation.offline import OfflineProvider, bank
from engine.generation.offline.extract import read
from engine.language.phrases import moment

PROVIDER = OfflineProvider()
MEDITATION_KEYS = ("breath", "body", "return")
RITUAL_KEYS = ("intention", "embodiment", "affirm", "commitment")


def generate(type_name: str, intent: str, context: str = "", **options):
    return PROVIDER.generate(params_for(type_name, intent=intent, context=context, **options)).script


def texts(script, section: str) -> list[str]:
    found = script.section(section)
    return [line.text for line in found.lines] if found else []


@pytest.mark.parametrize(("text", "expected"), [
    ("settle before a job interview", "before a job interview"),
    ("unwind after the board meeting", "after the board meeting"),
    ("confidence before the sales pitch", "before the sales pitch"),
    ("after a hard phone call with my mum", "after a hard phone call"),
    ("calm after a long shift", "after a long shift"),
    ("calm before a dentist appointment", "before a dentist appointment"),
    ("before the team meeting", "before the team meeting"),
    ("during the night feeds", "during the night feeds"),
    ("before my exam results", "before my exam results"),
    ("before the exam starts", "before the exam"),
    ("during my commute", "during my commute"),
    ("relax before bed tonight", "before bed"),
    ("after long shifts", "after long shifts"),
    ("after my run this morning", "after my run"),
    ("after a night out", "after a night out"),
    ("going back after burnout leave", "after burnout leave"),
])
def test_a_moment_keeps_the_noun_that_matters(text, expected):
    assert moment(text) == expected


def test_a_verb_after_people_is_never_part_of_the_moment():
    assert moment("after the kids go to bed") != "after the kids go"


def test_titles_name_the_whole_moment():
    for seed in range(1, 4):
        for type_name in ("meditation", "affirmation"):
            title = generate(type_name, "settle before a job interview", seed=seed).title
            assert not re.search(r"Before a Job\b(?! Interview)", title), title
    title = generate("meditation", "settle before a job interview", seed=1).title
    assert "Before a Job Interview" in title


def test_a_group_of_people_is_never_a_thing():
    sit = read(params_for("meditation", intent="settle before a job interview", context="the board are all directors"))
    assert "the board" in sit.people and "the board" not in sit.things
    for seed in range(1, 4):
        script = generate("meditation", "settle before a job interview", "the board are all directors", seed=seed,
                          minutes=5)
        assert not any("board can wait" in line.text.lower() for line in script.lines)


SENSES = {variant for stage in bank.load("meditation")["practice"]["grounding"]["stages"]
          if stage.get("together") == 1 for beat in stage["lines"] for variant in beat}


def _senses(lines: list[str]) -> list[int]:
    return [i for i, t in enumerate(lines) if re.search(r"\b(?:five|four|three) (?:things|sounds)\b", t)
            or re.search(r"\bname three sounds\b", t)]


@pytest.mark.parametrize("minutes", [5, 10])
def test_grounding_keeps_the_five_senses_whole_and_together(minutes):
    for seed in range(1, 7):
        practice = texts(generate("meditation", "feel grounded when panic rises", seed=seed, minutes=minutes,
                                  technique="grounding"), "Practice")
        found = _senses(practice)
        assert len(found) == 3, practice  # seen, felt, heard: all three
        between = practice[found[0]:found[-1] + 1]  # only the senses' own steps between them, nothing else
        assert all(text in SENSES for text in between), practice
        assert "five" in practice[found[0]] and "four" in practice[found[1]]


def test_smell_and_taste_only_follow_the_counted_senses():
    for seed in range(1, 7):
        practice = texts(generate("meditation", "feel grounded", seed=seed, minutes=3, technique="grounding"),
                         "Practice")
        if any("things you can smell" in t or "thing you can taste" in t for t in practice):
            assert _senses(practice), practice


def test_every_theme_has_its_own_stage_lines():
    for name, data in bank.themes().items():
        own = data.get("meditation", {})
        keys = ("breath_sleep", "body_sleep") if name == "sleep" else MEDITATION_KEYS
        for key in keys:
            assert len(own.get(key, [])) >= 3, (name, key)
            for text in own[key]:
                assert not rules.medical_claim(text), text
                assert not re.search(r"\b(?:I|my|me)\b", text), text  # a meditation speaks to the listener
        for text in [*own.get("breath_sleep", []), *own.get("body_sleep", [])]:
            assert not craft.DAYTIME.search(text), text
        ritual = data.get("ritual", {})
        for key in RITUAL_KEYS:
            assert len(ritual.get(key, [])) >= 3, (name, key)
            for text in ritual[key]:
                assert not re.search(r"\byou(?:r|rs|rself)?\b", text, re.I), text  # spoken by the person practising
                assert not rules.negative_framing(text) and not rules.medical_claim(text), text


def test_a_theme_speaks_in_the_breath_body_and_return():
    for name, intent in [("calm", "calm down, my mind is racing"), ("career", "settle before a job interview"),
                         ("grief", "grieving my mum")]:
        own = bank.themes()[name]["meditation"]
        seen = {key: False for key in MEDITATION_KEYS}
        for seed in range(1, 6):
            script = generate("meditation", intent, seed=seed, minutes=10)
            for key, section in zip(MEDITATION_KEYS, ("Breath", "Body", "Return"), strict=True):
                seen[key] |= bool(set(texts(script, section)) & set(own[key]))
        assert all(seen.values()), (name, seen)


def test_a_ritual_speaks_in_the_theme_s_words_too():
    """The theme's own intention, affirmation lead-in and commitment lines join the general ones in turn."""
    own = bank.themes()["calm"]["ritual"]
    closes = {*own["affirm"], *(t for v in bank.load("ritual")["embodiment"]["close"].values() for t in v)}
    said: set[str] = set()
    for seed in range(1, 9):
        script = generate("ritual", "calm down, my mind is racing", seed=seed)
        embodiment = texts(script, "Embodiment")
        assert embodiment[-1] in closes, embodiment
        said.update(texts(script, "Intention") + embodiment + texts(script, "Commitment"))
    for key in ("intention", "affirm", "commitment"):
        assert said & set(own[key]), key


OPEN_CLOSE = ("arrival_open", "arrival_close", "integration_open", "integration_close", "return_open",
              "return_close")
# the key, the section it speaks in, and where: its first line or its last
PLACES = {"arrival_open": ("Arrival", 0), "arrival_close": ("Arrival", -1), "integration_open": ("Integration", 0),
          "integration_close": ("Integration", -1), "return_open": ("Return", 0), "return_close": ("Return", -1)}


def test_theme_openings_and_closings_are_written_for_the_listener():
    found = 0
    for name, data in bank.themes().items():
        own = data.get("meditation", {})
        for key in OPEN_CLOSE:
            if key not in own:
                continue
            found += 1
            assert len(own[key]) >= 4, (name, key)
            assert len(set(own[key])) == len(own[key]), (name, key)
            for text in own[key]:
                assert not rules.medical_claim(text), text
                assert not re.search(r"\b(?:I|my|me)\b", text), text
                if name == "sleep":
                    assert not craft.DAYTIME.search(text), text
                if name in ("grief", "pregnancy-loss"):
                    assert not re.search(r"\b(?:grateful|gratitude|thankful|bless|move on|silver lining)", text,
                                         re.I), text
            if key == "return_close":  # the session's last words bring the listener back
                assert all("open your eyes" in t.lower() for t in own[key]), (name, key)
    assert found >= 5 * len(OPEN_CLOSE)


@pytest.mark.parametrize(("name", "intent"), [("career", "settle before a job interview"),
                                              ("grief", "grieving my mum"), ("burnout", "running on empty")])
def test_a_theme_opens_and_closes_its_sections_in_its_own_words_and_the_general_ones_in_turn(name, intent):
    own = bank.themes()[name]["meditation"]
    general = bank.load("meditation")
    spoken = {key: set() for key in OPEN_CLOSE}
    for seed in range(1, 13):
        script = generate("meditation", intent, seed=seed, minutes=5)
        for key, (section, at) in PLACES.items():
            spoken[key].add(texts(script, section)[at])
    for key, (section, at) in PLACES.items():
        pool = general[section.lower()]["open" if at == 0 else "close"]
        assert spoken[key] & set(own[key]), (name, key, spoken[key])
        assert spoken[key] & set(pool), (name, key, spoken[key])


def test_consecutive_takes_open_differently_and_twenty_reach_many_openings():
    firsts = [texts(generate("meditation", "running on empty", seed=seed, minutes=5), "Arrival")[0]
              for seed in range(1, 21)]
    assert all(a != b for a, b in zip(firsts, firsts[1:], strict=False)), firsts
    assert len(set(firsts)) >= len(bank.themes()["burnout"]["meditation"]["arrival_open"]) + 5, firsts


def test_a_night_session_keeps_the_theme_s_daytime_closings_out():
    own = bank.themes()["grief"]["meditation"]
    daytime = {t for key in ("integration_open", "integration_close", "return_open", "return_close")
               for t in own[key]}
    for seed in range(1, 7):
        script = generate("meditation", "grieving my mum, can't sleep at night", seed=seed, minutes=10)
        lines = [line.text for line in script.lines]
        assert not daytime & set(lines), lines
        assert not any(craft.DAYTIME.search(t) for t in lines), lines
