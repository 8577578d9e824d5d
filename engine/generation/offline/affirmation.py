"""Affirmation statements: personal frames woven from the user's words plus curated theme banks."""

from __future__ import annotations

import random
import re
from functools import lru_cache

from engine.content import rules
from engine.generation.offline import bank
from engine.generation.offline.extract import Situation
from engine.script import Line, Pause, Script, Section

NEUTRAL = ("worth", "calm")  # the last resort for very long sets: gentle banks that suit almost anyone
SIMILAR = 0.6  # stricter than the validator's 0.8, so sets read as varied
TITLE_CHARS = 72  # a longer title with the user's moment gives way to a plain one


@lru_cache(maxsize=8192)
def acceptable(text: str) -> bool:
    """A statement that passes every affirmation rule on its own."""
    return bool(text) and (
        rules.is_first_person(text)
        and not rules.negative_framing(text)
        and not rules.not_present_tense(text)
        and not rules.unbelievable(text)
        and not rules.medical_claim(text)
        and len(rules.words(text)) <= rules.MAX_AFFIRMATION_WORDS
    )


@lru_cache(maxsize=200_000)
def _similar(a: str, b: str) -> bool:
    return rules.similarity(a, b) >= SIMILAR


def _fits(text: str, chosen: list[str]) -> bool:
    from engine.language.similar import near_duplicate

    return (acceptable(text) and not any(_similar(*sorted((text, other))) for other in chosen)
            and not near_duplicate(text, chosen))


TENDER = {"grief", "pregnancy-loss"}  # themes whose personal lines are only their own


def _frames(group: dict[str, list[str]], theme: str) -> list[str]:
    """The theme's own frames first, then the general ones (a tender theme keeps to its own)."""
    own = list(group.get(theme, []))
    return own if own and theme in TENDER else own + [f for f in group.get("general", []) if f not in own]


CLOCK = re.compile(r"^(?:at|by|before|from|till|until|around) (?:\d|noon|midday)|^(?:on|by|before|until|till) the \d")


def timed(frames: list[str]) -> list[str]:
    """The frames that read well with a clock time or a date: those that open with it ("At 8.45, I ...").
    Put after a statement about who they are ("I show up as myself at 8.45") a time reads oddly."""
    return [f for f in frames if f.startswith("{{ situation|cap }},")]


def situation_frames(frames: list[str], situation: str) -> list[str]:
    """A clock time, a date or a town ("in Leeds") only opens a statement; other moments go anywhere."""
    return timed(frames) if CLOCK.match(situation) or re.match(r"in [A-Z]", situation) else frames


def personal(rng: random.Random, sit: Situation, wanted: int) -> list[str]:
    """Up to ``wanted`` statements carrying the user's own moments, things and goal."""
    frames = bank.load("affirmation")
    base = sit.values()
    slots = [(situation_frames(_frames(frames["situation"], sit.theme), situation), {**base, "situation": situation})
             for situation in sit.situations[:2]]
    goal = list(frames["goal"]["verb"]) + list(frames["goal"]["gerund"]) if sit.goal_verb \
        else list(frames["goal"]["noun"]) if sit.goal_noun else []
    if goal:  # order of priority: first moment, goal, a person, second moment, topic
        slots.insert(min(1, len(slots)), (goal, base))
    people = [frames["people"][name] for name in sit.themes if name in frames["people"]] + [frames["people"]["anyone"]]
    if sit.people and people:
        slots.insert(min(2, len(slots)), (people[0], {**base, "person": sit.people[0]}))
    if sit.things:  # after the first moment and the goal: "When I think about the rent, ..."
        night = "sleep" in sit.themes
        thing = bank.rotated(rng, sit.things, "things")[0]  # another take may name another of their things
        slots.insert(min(2, len(slots)), (frames["thing"]["sleep" if night else "general"], {**base, "thing": thing}))
    dates = [f for key in ("since", "until", "span") if base.get(key) for f in frames["dates"][key]]
    if dates:  # a month, a date ahead or the time they give it: after the first moment and the goal
        slots.insert(min(2, len(slots)), (dates, base))
    if sit.topic:
        slots.append((_frames(frames["topic"], sit.theme), base))
    chosen: list[str] = []
    for n, (snippets, values) in enumerate(slots):
        if len(chosen) >= wanted:
            break
        for snippet in bank.rotated(rng, snippets, f"personal:{n}"):
            text = bank.render(snippet, values)
            if text and _fits(text, chosen):
                chosen.append(text)
                break
    return chosen


def statements(rng: random.Random, sit: Situation, count: int) -> list[str]:
    """``count`` distinct, valid statements for ``sit``, personal ones spread through the set."""
    wanted = 1 if count <= 3 else 2 if count <= 5 else 3 if count <= 12 else 5
    mine = personal(rng, sit, wanted)
    banks = bank.themes()
    themed = [name for name in sit.themes if name != "general"]
    rest = count - len(mine)
    # each seed starts where the last one stopped, so another take of one request says new things
    pools = [bank.rotated(rng, banks[name]["affirmations"], f"affirmations:{name}", step=rest) for name in themed]
    general = bank.rotated(rng, banks["general"]["affirmations"], "affirmations:general", step=rest)
    ordered: list[str] = []
    if len(pools) == 2:
        first = max(1, round(rest * 0.65))
        ordered = pools[0][:first] + pools[1][: rest - first] + pools[0][first:] + pools[1][rest - first:]
    elif pools:
        ordered = pools[0]
    ordered += general
    from engine.language.themes import forbidden

    neutral = [name for name in NEUTRAL if name not in sit.themes and not any(forbidden(name, t) for t in sit.themes)]
    others = bank.rotated(rng, [text for name in neutral if name in banks for text in banks[name]["affirmations"]],
                          "affirmations:neutral", step=rest)
    ordered += others
    chosen: list[str] = []
    for text in ordered:
        if len(chosen) >= rest:
            break
        if _fits(text, chosen + mine):
            chosen.append(text)
    rng.shuffle(chosen)
    for index, text in enumerate(mine):  # spread: second place, then evenly through the set
        position = 1 + index * max(1, len(chosen) // max(len(mine), 1))
        chosen.insert(min(position, len(chosen)), text)
    return chosen[:count]


def title(rng: random.Random, sit: Situation, titles: dict[str, list[str]], **values: str) -> str:
    """A short title from the theme's qualities and, when it reads well, the user's moment."""
    quality = rng.choice(bank.themes()[sit.theme]["qualities"])
    taken = set(quality.lower().split())
    situation = next((s for s in sit.situations if len(s.split()) <= 5 and " I " not in f" {s} "
                      and not re.search(r"\d", s)  # titles name periods, never clock times or dates
                      and not taken & set(s.lower().split()[1:])), None)
    fill = {**values, "quality": quality, "situation": situation}
    if situation and "with_situation" in titles:  # the whole moment ("Before a Job Interview"), if it fits
        for snippet in bank.rotated(rng, titles["with_situation"]):
            text = bank.render(snippet, fill)
            if text and len(text) <= TITLE_CHARS:
                return bank.title_case(text)
    text = bank.render_any(rng, titles["plain"], fill)
    return bank.title_case(text) if text else quality


def compose(rng: random.Random, sit: Situation, count: int, repetitions: int) -> Script:
    """An affirmation set: one ``Affirmations`` section, ``count`` lines each said ``repetitions`` times."""
    texts = statements(rng, sit, count)
    items: list[Line | Pause] = []
    for index, text in enumerate(texts):
        if index:
            items.append(Pause(2.0 if repetitions == 1 else 3.0))
        items.append(Line(text, repeat=repetitions))
    items.append(Pause(2.0))
    meta = {
        "type": "affirmation",
        "title": title(rng, sit, bank.load("affirmation")["titles"]),
        "intent": sit.intent,
        "count": str(count),
        "repetitions": str(repetitions),
    }
    return Script(meta, [Section("Affirmations", items)])
