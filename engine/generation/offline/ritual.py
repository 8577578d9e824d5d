"""Rituals: identity encoding anchored to a daily cue, with a short affirmation loop."""

from __future__ import annotations

import dataclasses
import random
import re

from engine.content import rules
from engine.content.params import RitualParams
from engine.generation.offline import affirmation, bank, pacing
from engine.generation.offline.extract import Situation
from engine.script import Line, Script

ANCHOR_OPENERS = ("after", "when", "before", "as", "once", "while", "whenever", "every time", "right after",
                  "each time", "at", "on", "in", "during", "by", "just after", "straight after")
WEIGHTS = {"Intention": 1.0, "Identity": 1.5, "Anchor": 1.0, "Embodiment": 3.0, "Affirmations": 1.2,
           "Commitment": 1.0}
MAX_WORDS = 22  # a longer line is used only when no shorter one fits
SIMILAR = 0.6  # two lines of one ritual this close (rules.similarity) read as the same line twice
# How a ritual says "the rest of this day" at each time of day ("Today I choose ...", "Tonight I choose ...").
DAY = {"morning": "today", "midday": "today", "afternoon": "today", "evening": "this evening", "night": "tonight"}
NAMES_A_TIME = re.compile(r"\b(?:today|tonight|tomorrow|this (?:morning|afternoon|evening|week)|before bed|"
                          r"next week|in the morning|at night)\b", re.I)


# Values from the person's own words: a beat that names one comes first.
OWN = ("situation", "since", "until", "span")


def period(time_of_day: str) -> str:
    """``"07:30"`` -> ``"morning"``; named times pass through."""
    match = re.match(r"^(\d{1,2}):\d\d$", time_of_day)
    if not match:
        return time_of_day
    hour = int(match[1])
    return ("night" if hour < 5 else "morning" if hour < 12 else "midday" if hour < 14
            else "afternoon" if hour < 18 else "evening" if hour < 22 else "night")


def variants(part: dict, key: str, when: str) -> list:
    """The alternatives for one slot: a plain list, or a table of ``any`` plus lists by time of day."""
    value = part.get(key, [])
    if isinstance(value, dict):
        return [*value.get("any", []), *value.get(when, [])]
    return list(value)


def _order(rng: random.Random, items: list, name: str, turn: int | None = None) -> list:
    """``items`` in this seed's rotated order; ``turn`` overrides the seed's turn (so a list that is
    itself picked in rotation moves on one line each time it comes round)."""
    if turn is not None and isinstance(rng, bank.Draw):
        return bank.rotated(bank.Draw(rng.key, turn=turn, key=rng.key), items, name)
    return bank.rotated(rng, items, name)


def anchor_cue(rng: random.Random, sit: Situation, anchor: str, time_of_day: str) -> str:
    """The daily cue: the user's own (made to read "after I ..."), one inferred from their words,
    or a default for the time of day."""
    data = bank.load("ritual")["anchor"]
    when = period(time_of_day)
    anchor = bank.clean(anchor).rstrip(".")
    if anchor:
        lowered = anchor[:1].lower() + anchor[1:]
        first = lowered.split()[0].lower()
        if lowered.lower().startswith(tuple(f"{opener} " for opener in ANCHOR_OPENERS)):
            return lowered
        if first in data["verbs"]["list"]:
            return f"after I {lowered}"
        if first.endswith("ing") or first in {"my", "the", "a", "an", "our"}:
            return f"after {lowered}"
        return f"after my {lowered}"
    for token in re.findall(r"[a-z]+", sit.text):
        if token in data["cues"]:
            return bank.render(data["cues"][token], {"period": when}) or data["cues"][token]
    if when in data["defaults"]:
        return _order(rng, data["defaults"][when], f"anchor-{when}")[0]
    return bank.render(data["defaults"]["clock"][0], {"time": time_of_day}) or "at the same time each day"


def _safe(text: str | None) -> bool:
    return bool(text) and not rules.medical_claim(text) and not rules.negative_framing(text)


def compose(rng: random.Random, sit: Situation, params: RitualParams) -> Script:
    """A six-section ritual; pauses sized so it takes about ``params.minutes`` when practised."""
    data = bank.load("ritual")
    theme = bank.themes()[sit.theme]
    identities = bank.rotated(rng, theme["identity"], "identity", step=2)[:2]
    when = period(params.time_of_day)
    anchor = anchor_cue(rng, sit, params.anchor or "", params.time_of_day)
    commitment = bank.rotated(rng, theme["commitment"], "commitment")[0]
    values = {
        **sit.values(),
        "time": params.time_of_day,
        "period": when,
        "day": None if NAMES_A_TIME.search(commitment) else DAY.get(when, "today"),  # "Tonight I choose to ..."
        "anchor": anchor,
        "identity": identities[0],
        "identity2": identities[-1],
        "commitment": commitment,
    }
    long = params.minutes >= 5
    own = theme.get("ritual", {})  # the theme's own intention, embodiment, affirmation lead-in and commitment lines
    used: list[str] = []  # every line so far: a new one must not say the same as one of these

    def plain(text: str) -> str:
        # the cue is named in the Anchor and again in the Commitment on purpose: compare what is said around it
        return text.replace(anchor, " ").replace(bank.cap(anchor), " ") if anchor else text

    def repeats(text: str) -> bool:
        return any(rules.similarity(plain(text), plain(other)) >= SIMILAR for other in used)

    def pick(options: list[str], name: str, turn: int | None = None, *, fresh: str = "prefer") -> str | None:
        """The first of ``options`` (in this seed's rotated order) that fills, is safe and short enough, and
        says something no earlier line said; with ``fresh="prefer"`` a repeat is taken if nothing else fits,
        with ``fresh="only"`` it is not."""
        fits = [text for text in (bank.render(snippet, values) for snippet in _order(rng, options, name, turn))
                if _safe(text)]
        fits.sort(key=lambda text: len(text.split()) > MAX_WORDS)  # stable: the rotation decides among the rest
        text = next((t for t in fits if fresh == "no" or not repeats(t)),
                    fits[0] if fits and fresh != "only" else None)
        if text:
            used.append(text)
        return text

    def beats(part: dict, name: str, count: int) -> list[str]:
        """``count`` beats: one naming the user's moment first, when they gave one, then the rest (the theme's
        own lines for this section among them) in rotation."""
        lists = part.get("beats", [])
        theirs = [b for b in lists if any(f"{{{{ {key}" in b[0] and values.get(key) for key in OWN)]
        rest = [b for b in lists if b not in theirs]
        turn = rng.turn // max(len(rest), 1) if isinstance(rng, bank.Draw) else None
        mine = own.get(name) or own.get(f"{name}_beats")  # the theme's own lines for this section: one beat
        chosen = [(b, None) for b in theirs]
        if mine and bank.theme_turn(rng, f"{name}-beats"):  # two takes in three, the theme's own beat first
            chosen.append((mine, rng.turn // 3 if isinstance(rng, bank.Draw) else None))
        elif mine:
            rest = [*rest, mine]
        chosen += [(b, turn) for b in _order(rng, rest, f"{name}-beats")]
        out = []
        for index, (options, own_turn) in enumerate(chosen):
            if len(out) == count:
                break
            text = pick(options, f"{name}-beat-{index}", own_turn, fresh="only")
            if text and text not in out:
                out.append(text)
        return out

    def opening(name: str, key: str, general: list[str]) -> str | None:
        """The section's first (or last) line: the theme's own ``<name>_<key>`` in two takes of three."""
        mine = own.get(f"{name}_{key}")
        text = None
        if mine and bank.theme_turn(rng, f"{name}-{key}"):
            text = pick(mine, f"{name}-{key}-own", rng.turn // 3 if isinstance(rng, bank.Draw) else None)
        return text or pick(general, f"{name}-{key}")

    def lines(name: str, key: str = "open", count: int = 1) -> list[str]:
        part = data[name]
        first = pick(variants(part, key, when), f"{name}-{key}")  # names the person's goal when it can
        if not first:  # no goal to name: the theme's own arrival, or a general one
            first = opening(name, key, variants(part, "fallback", when) or variants(part, key, when))
        return [first or "I take these few minutes for myself."] + beats(part, name, count)

    count = 3 + round(4 * min(params.minutes, 10) / 10)
    repeat = 1 if params.minutes < 5 else 2 if params.minutes < 12 else 3
    intention = lines("intention", count=2 if long else 1)
    identity = lines("identity", "lead", count=2 if long else 1)
    anchor_lines = lines("anchor", count=1)
    moves = bank.rotated(rng, theme["embodiment"], "embodiment", step=2)[: 2 if long else 1]
    used.extend(moves)
    embodiment_open = opening("embodiment", "open", variants(data["embodiment"], "open", when))
    embodiment_beats = beats(data["embodiment"], "embodiment", 1)
    embodiment_close = pick([*own.get("affirm", []), *variants(data["embodiment"], "close", when)], "embodiment-close")
    commitment_lines = lines("commitment", "lead", count=2 if long else 1)
    commitment_close = opening("commitment", "close", variants(data["commitment"], "close", when))
    sections = {
        "Intention": intention,
        "Identity": identity,
        "Anchor": anchor_lines,
        "Embodiment": [embodiment_open or "Now I let my body take part.", *moves, *embodiment_beats,
                       embodiment_close or "Now I speak my affirmations, slowly, and let each one land."],
        # the Intention and Commitment beats already name their month, date or span: not said twice
        "Affirmations": affirmation.statements(rng, dataclasses.replace(sit, since=None, until=None, span=None), count),
        "Commitment": [*commitment_lines, commitment_close or "And so I begin."],
    }
    plan = [
        (name, [(Line(text, repeat=repeat if name == "Affirmations" else 1), WEIGHTS[name])
                for text in texts])
        for name, texts in sections.items()
    ]
    quality = bank.rotated(rng, theme["qualities"], "quality")[0]
    quality = re.sub(r"^(?:A|An|The) ", "", quality)  # "The Good Beginning Ritual"
    title = bank.render_any(rng, data["titles"]["patterns"], {"quality": quality, "period": when})
    meta = {
        "type": "ritual",
        "title": title or quality,
        "intent": sit.intent,
        "time": params.time_of_day,
        "minutes": f"{params.minutes:g}",
        "anchor": anchor,
    }
    return Script(meta, pacing.fill(plan, params.minutes * 60.0))
