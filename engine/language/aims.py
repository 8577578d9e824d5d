"""Whether a goal phrase names something wanted ("better sleep") or something suffered ("insomnia").

The offline engine writes goal lines ("I make room for better sleep") only from aims. The phrase
is compared with labelled exemplars in ``templates/language/aims.toml`` (the mean of the three
closest on each side); it must lean towards the aims by :data:`MARGIN`. Dropping a real aim costs
one personal line, keeping a problem writes "time for insomnia", so the margin is strict.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache

from engine.language.index import Index, build
from engine.paths import templates_dir

MARGIN = 0.04
TOP = 3


@lru_cache(maxsize=2)
def index(ship: bool = False) -> Index:
    data = tomllib.loads((templates_dir() / "language" / "aims.toml").read_text("utf-8"))
    labels = ["aim"] * len(data["aim"]) + ["problem"] * len(data["problem"])
    return build("aims", labels, [*data["aim"], *data["problem"]], ship=ship)


def lean(phrase: str) -> float:
    """How much closer ``phrase`` is to the aims than to the problems (cosine, -1..1)."""
    from engine.language.encoder import embed

    found = index().scores(embed((phrase.lower(),))[0], top=TOP)
    return found["aim"] - found["problem"]


@lru_cache(maxsize=1024)
def wanted(phrase: str) -> bool:
    """Whether ``phrase`` reads as an aim a person could be wished, by meaning."""
    return bool(phrase.strip()) and lean(phrase) >= MARGIN
