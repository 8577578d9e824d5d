"""Rituals: identity encoding anchored to a daily cue, with a short affirmation loop."""

from __future__ import annotations

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


def period(time_of_day: str) -> str:
    """``"07:30"`` -> ``"morning"``; named times pass through."""
    match = re.match(r"^(\d{1,2}):\d\d$", time_of_day)
    if not match:
        return time_of_day
    hour = int(match[1])
    return ("night" if hour < 5 else "morning" if hour < 12 else "midday" if hour < 14
            else "afternoon" if hour < 18 else "evening" if hour < 22 else "night")


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
        return rng.choice(data["defaults"][when])
    return bank.render(data["defaults"]["clock"][0], {"time": time_of_day}) or "at the same time each day"


def _safe(text: str | None) -> bool:
    return bool(text) and not rules.medical_claim(text) and not rules.negative_framing(text)


def compose(rng: random.Random, sit: Situation, params: RitualParams) -> Script:
    """A six-section ritual; pauses sized so it takes about ``params.minutes`` when practised."""
    data = bank.load("ritual")
    theme = bank.themes()[sit.theme]
    identities = rng.sample(theme["identity"], 2)
    when = period(params.time_of_day)
    anchor = anchor_cue(rng, sit, params.anchor or "", params.time_of_day)
    values = {
        **sit.values(),
        "time": params.time_of_day,
        "period": when,
        "anchor": anchor,
        "identity": identities[0],
        "identity2": identities[1],
        "commitment": rng.choice(theme["commitment"]),
    }
    long = params.minutes >= 5

    def lines(part: dict, key: str = "open", beats: int = 1) -> list[str]:
        first = bank.render_any(rng, part[key], values)
        out = [first if _safe(first) else rng.choice(part.get("fallback", part[key]))]
        options = rng.sample(part.get("beats", []), len(part.get("beats", [])))
        options.sort(key=lambda beat: "situation" not in beat[0] or not values.get("situation"))  # theirs first
        for beat in options[:beats]:
            text = bank.render_any(rng, beat, values)
            if _safe(text):
                out.append(text)
        return out

    count = 3 + round(4 * min(params.minutes, 10) / 10)
    repeat = 1 if params.minutes < 5 else 2 if params.minutes < 12 else 3
    embodiment = rng.sample(theme["embodiment"], 2 if long else 1)
    sections = {
        "Intention": lines(data["intention"], beats=2 if long else 1),
        "Identity": lines(data["identity"], "lead", beats=2 if long else 1),
        "Anchor": lines(data["anchor"], beats=1),
        "Embodiment": [data["embodiment"]["open"][0], *embodiment,
                       *lines(data["embodiment"], beats=1)[1:], data["embodiment"]["close"][0]],
        "Affirmations": affirmation.statements(rng, sit, count),
        "Commitment": lines(data["commitment"], "lead", beats=2 if long else 1)
        + [bank.render_any(rng, data["commitment"]["close"], values) or "And so I begin."],
    }
    plan = [
        (name, [(Line(text, repeat=repeat if name == "Affirmations" else 1), WEIGHTS[name])
                for text in texts])
        for name, texts in sections.items()
    ]
    quality = re.sub(r"^(?:A|An|The) ", "", rng.choice(theme["qualities"]))  # "The Good Beginning Ritual"
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
