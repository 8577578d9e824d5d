"""Experimental, not used by the crisis gate yet: crisis meaning by nearest exemplars.

Measured on the tuning split of ``tests/data/crisis_eval.toml`` (``bench/safety.py``), this layer with
the 3-layer encoder reaches about 70% recall at 15% false positives: far from the gate's targets
(98% / 3%), so ``engine.safety`` still decides by its rules alone.

Each sentence of a text is compared against labelled crisis statements and against look-alikes
(idioms, hyperbole, fiction, recovery stories, calm talk of death, medical questions, strong everyday
stress) in ``templates/safety/crisis_exemplars.toml``. A sentence is flagged when it sits close to a
crisis exemplar *and* clearly closer to it than to any look-alike; the thresholds are tuned on the
tuning split only.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from engine.language.index import Index, build
from engine.language.text import sentences
from engine.paths import templates_dir

NEAR = 0.70  # a crisis exemplar at least this close ...
MARGIN = 0.04  # ... and this much closer than the nearest look-alike
CATEGORY = {"suicide-active": "suicide", "suicide-passive": "suicide", "plan": "suicide", "means": "suicide",
            "farewell": "suicide", "self-harm": "self-harm", "harm-others": "harm-others",
            "abuse-danger": "danger"}


@lru_cache(maxsize=1)
def exemplars() -> dict[str, dict[str, list[str]]]:
    return tomllib.loads((templates_dir() / "safety" / "crisis_exemplars.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def indexes() -> tuple[Index, Index]:
    data = exemplars()
    crisis = [(label, text) for label, texts in data["crisis"].items() for text in texts]
    other = [(label, text) for label, texts in data["lookalike"].items() for text in texts]
    return (build("crisis", [c[0] for c in crisis], [c[1] for c in crisis]),
            build("lookalike", [o[0] for o in other], [o[1] for o in other]))


@dataclass(frozen=True)
class Meaning:
    """The sentence of a text that came closest to crisis meaning, and how close."""

    sentence: str
    label: str  # the nearest crisis exemplar's label, e.g. "plan"
    crisis: float
    lookalike: float

    @property
    def category(self) -> str:
        return CATEGORY.get(self.label, "suicide")

    @property
    def flagged(self) -> bool:
        return self.crisis >= NEAR and self.crisis - self.lookalike >= MARGIN


def parts(text: str) -> list[str]:
    """The sentences of ``text``, plus neighbouring pairs (a plan often spans two short sentences)."""
    found = sentences(text, max_words=30)
    pairs = [f"{a} {b}" for a, b in zip(found, found[1:], strict=False) if len((a + b).split()) <= 30]
    return list(dict.fromkeys(found + pairs))[:40]


def nearest(text: str) -> Meaning | None:
    """The most crisis-like part of ``text`` (``None`` for empty text)."""
    from engine.language.encoder import embed

    pieces = parts(text)
    if not pieces:
        return None
    crisis, other = indexes()
    vectors = embed(tuple(pieces))
    best: Meaning | None = None
    for piece, vector in zip(pieces, vectors, strict=True):
        label, _, near = crisis.nearest(vector)
        _, _, look = other.nearest(vector)
        found = Meaning(piece, label, near, look)
        if best is None or (found.crisis - found.lookalike, found.crisis) > (best.crisis - best.lookalike, best.crisis):
            best = found
    return best
