"""Medical claims read by meaning: the same encoder and exemplar method as the crisis gate.

A line is a claim when it promises to cure, treat or replace care, or tells the listener to change
their medical care ("you can stop taking your pills now", "this replaces your therapy"). The word
rules in :mod:`engine.content.rules` catch the plain forms; this reads the rest. Exemplars live in
``templates/safety/medical_claims.toml``; only lines that talk about health are encoded.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from engine.language.index import Index, build
from engine.paths import templates_dir

NEAR = 0.72  # a claim exemplar at least this close ...
MARGIN = 0.05  # ... and this much closer than the nearest fine line
HEALTH = re.compile(
    r"\b(?:cur\w*|heal\w*|treat\w*|medic\w*|meds|pills?|doctors?|therap\w*|psychiatr\w*|prescri\w*|"
    r"diagnos\w*|disease|illness|sick|cancer|tumou?r|virus|depress\w*|anxiety|panic|insomnia|adhd|ptsd|"
    r"diabet\w*|arthritis|migraines?|epilep\w*|insulin|inhaler|thyroid|blood pressure|immune|dna|cells?|"
    r"detox\w*|addiction|disorder|condition|clinically|proven|trauma|pain|antidepressants?|recover\w*|chemo\w*|"
    r"infection|nerves?|organs?|lungs?|liver|kidneys?|heart condition|regrow\w*|surgery|hospital|symptoms?|"
    r"vaccin\w*|antibiotics?|dose|doses|dosage|tablets?)\b", re.I)


@lru_cache(maxsize=2)
def indexes(ship: bool = False) -> tuple[Index, Index]:
    data = tomllib.loads((templates_dir() / "safety" / "medical_claims.toml").read_text("utf-8"))["exemplars"]
    return (build("claims", ["claim"] * len(data["claim"]), list(data["claim"]), ship=ship),
            build("claims-fine", ["fine"] * len(data["fine"]), list(data["fine"]), ship=ship))


def scores(text: str) -> tuple[float, float] | None:
    """``(closeness to a claim, closeness to a fine line)``, or ``None`` for a line not about health."""
    if not HEALTH.search(text or ""):
        return None
    from engine.language.encoder import embed

    claim, fine = indexes()
    vector = embed((text.lower(),))[0]
    return claim.nearest(vector)[2], fine.nearest(vector)[2]


def medical_claim(text: str) -> str | None:
    """What makes ``text`` a medical claim (the words, or ``"meaning"``), else ``None``."""
    from engine.content.rules import medical_claim as worded

    if found := worded(text):
        return found
    found = scores(text)
    if found and found[0] >= NEAR and found[0] - found[1] >= MARGIN:
        return "meaning: a promise to cure, treat or replace care"
    return None
