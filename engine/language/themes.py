"""Which themes a request is about, by meaning: the intent and context against each theme's exemplars.

Each theme bank (``templates/offline/themes/NAME.toml``) carries a ``description`` and ``examples``
written as people type them. A request scores against every theme (the mean of its three closest
exemplars); the intent outranks the context; a keyword said in full adds a little; a second theme
blends in when it scores close to the first and the pair is allowed; nothing scoring well falls
back to ``general`` (neutral self-compassion and calm) rather than to a wrong bank.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from engine.language.index import Index, build
from engine.language.text import sentences
from engine.paths import templates_dir

FALLBACK = "general"
CONTEXT_WEIGHT = 0.45  # the context counts a little under half as much as the intent
KEYWORD_BONUS = 0.06
FLOOR = 0.50  # below this best score, nothing fits well enough: use the fallback
BLEND_MARGIN = 0.035  # a second theme within this of the first is blended in
WORD = re.compile(r"[a-z][a-z'-]*")


@lru_cache(maxsize=1)
def banks() -> dict[str, dict]:
    folder = templates_dir() / "offline" / "themes"
    return {path.stem: tomllib.loads(path.read_text("utf-8")) for path in sorted(folder.glob("*.toml"))}


def exemplars() -> tuple[list[str], list[str]]:
    labels, texts = [], []
    for name, data in banks().items():
        for text in [data.get("description", ""), *data.get("examples", [])]:
            if text:
                labels.append(name)
                texts.append(text)
    return labels, texts


@lru_cache(maxsize=1)
def index() -> Index:
    labels, texts = exemplars()
    return build("themes", labels, texts)


def forbidden(a: str, b: str) -> bool:
    """Whether themes ``a`` and ``b`` must never meet in one script (either bank says so)."""
    data = banks()
    return b in data.get(a, {}).get("never_with", []) or a in data.get(b, {}).get("never_with", [])


def _keyword_hits(text: str) -> dict[str, int]:
    lowered = " ".join(WORD.findall(text.lower()))
    hits: dict[str, int] = {}
    for name, data in banks().items():
        for keyword in data.get("keywords", []):
            key = keyword.lower()
            # whole words, or a stem of five letters or more at a word start ("anxi" is too short to trust)
            pattern = rf"\b{re.escape(key)}\b" if len(key) < 5 or " " in key else rf"\b{re.escape(key)}[a-z]*\b"
            if re.search(pattern, lowered):
                hits[name] = hits.get(name, 0) + 1
    return hits


@dataclass(frozen=True)
class Routing:
    """The themes for a request, best first (``general`` closes the list), with the scores behind them."""

    themes: list[str]
    scores: dict[str, float]

    @property
    def primary(self) -> str:
        return self.themes[0]


def score(intent: str, context: str = "") -> dict[str, float]:
    """Every theme's score for the request (higher is closer)."""
    from engine.language.encoder import embed

    idx = index()
    total = dict.fromkeys(dict.fromkeys(idx.labels), 0.0)
    if intent.strip():
        for name, value in idx.scores(embed((intent,))[0]).items():
            total[name] += value
    parts = sentences(context)
    if parts:
        vectors = embed(tuple(parts))
        best: dict[str, float] = {}
        for vector in vectors:
            for name, value in idx.scores(vector).items():
                best[name] = max(best.get(name, 0.0), value)
        weight = CONTEXT_WEIGHT if intent.strip() else 1.0
        for name, value in best.items():
            total[name] += weight * value
        if intent.strip():  # keep intent-only and intent+context scores on one scale
            for name in total:
                total[name] /= 1.0 + weight
    for text, bonus in ((intent, KEYWORD_BONUS), (context, KEYWORD_BONUS / 2)):
        for name, count in _keyword_hits(text).items():
            total[name] = total.get(name, 0.0) + bonus * min(count, 2)
    return total


def route(intent: str, context: str = "") -> Routing:
    """The themes a request should draw on, best first, ending with ``general``."""
    scores = score(intent, context)
    ranked = sorted((name for name in scores if name != FALLBACK), key=lambda n: -scores[n])
    if not ranked or scores[ranked[0]] < FLOOR:
        return Routing([FALLBACK], scores)
    first = ranked[0]
    chosen = [first]
    for name in ranked[1:3]:
        if scores[name] >= scores[first] - BLEND_MARGIN and not any(forbidden(name, c) for c in chosen):
            chosen.append(name)
            break
    return Routing(chosen + [FALLBACK], scores)
