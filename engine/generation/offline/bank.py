"""Phrase banks and Jinja2 templates under ``templates/offline/``: loading and safe rendering."""

from __future__ import annotations

import random
import re
import tomllib
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2

from engine.paths import templates_dir

SMALL_WORDS = {"a", "an", "the", "to", "of", "for", "in", "on", "at", "and", "or", "with", "by", "as", "but"}
UNSAFE_CHARS = re.compile(r"[\[\]{}#<>|\\`*_~^\x00-\x1f]")


class Draw(random.Random):
    """The composer's random source for one request and seed.

    Besides ordinary draws it can *rotate* a list: the list is put in an order fixed by the request
    (``key``), and seed ``turn`` starts further along it, so consecutive seeds of one request take
    different lines before any line comes round again (a creator asking for another take gets one).
    """

    def __init__(self, text: str, *, turn: int, key: str):
        super().__init__(text)
        self.turn = int(turn)
        self.key = key


def rotated(rng: random.Random, items: list | tuple, name: str = "", step: int = 1) -> list:
    """``items`` in the order this seed should try them: rotated by ``turn * step`` for a :class:`Draw`,
    shuffled for any other random source."""
    out = list(items)
    if not isinstance(rng, Draw) or not out:
        rng.shuffle(out)
        return out
    random.Random(f"{rng.key}|{name or out[0]}").shuffle(out)
    start = (rng.turn * max(step, 1)) % len(out)
    return out[start:] + out[:start]


def theme_turn(rng: random.Random, name: str) -> bool:
    """Whether this take speaks slot ``name`` in the theme's own words: two takes in three do, the third
    uses the general lines, in a pattern shifted by the request and the slot (so one seed doesn't send
    every request, or every slot of one script, to the general lines)."""
    if not isinstance(rng, Draw):
        return rng.random() < 2 / 3
    return (rng.turn + random.Random(f"{rng.key}|{name}|slot").randrange(3)) % 3 != 2


def own_turn(rng: random.Random, own: list[str], name: str, values: dict[str, Any]) -> str | None:
    """The theme's own line for slot ``name`` in this take (filled from ``values``), or ``None`` when this
    take uses a general one (see :func:`theme_turn`). The theme's lines come round in a fixed order, so
    consecutive seeds never repeat one."""
    if not own or not theme_turn(rng, name):
        return None
    if not isinstance(rng, Draw):
        return render(rng.choice(own), values)
    turn = rng.turn + random.Random(f"{rng.key}|{name}|slot").randrange(3)
    order = rotated(Draw(rng.key, turn=0, key=rng.key), own, name)
    return render(order[(2 * (turn // 3) + turn % 3) % len(order)], values) or None


def offline_dir() -> Path:
    """The folder holding the offline engine's phrase banks and templates."""
    return templates_dir() / "offline"


@cache
def load(name: str) -> dict[str, Any]:
    """One TOML phrase bank, e.g. ``load("meditation")`` or ``load("themes/calm")``."""
    return tomllib.loads((offline_dir() / f"{name}.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def themes() -> dict[str, dict[str, Any]]:
    """Every theme bank by name, in file-name order (``general`` is the fallback)."""
    from engine.language.themes import banks

    return banks()  # parsed once for the whole engine


def clean(text: str) -> str:
    """User text made safe for the script format: no markup characters, single spaces."""
    return " ".join(UNSAFE_CHARS.sub(" ", text or "").split()).strip(" ,;:-")


def cap(text: str) -> str:
    """Capitalise the first letter only (``"before exams"`` -> ``"Before exams"``)."""
    text = str(text)
    return text[:1].upper() + text[1:]


def title_case(text: str) -> str:
    """Headline case that keeps small words small: ``"calm before exams"`` -> ``"Calm Before Exams"``."""
    words = text.split()
    out = []
    for index, word in enumerate(words):
        lower = word.lower()
        after_break = index > 0 and (words[index - 1].endswith(":") or words[index - 1] in {"—", "-"})
        if 0 < index < len(words) - 1 and lower in SMALL_WORDS and not after_break:
            out.append(lower)
        elif word[:1].islower():
            out.append(cap(word))
        else:
            out.append(word)
    return " ".join(out)


def _with_article(phrase: str) -> str:
    """Jinja filter ``a``: ``"evening ritual"|a`` -> ``"an evening ritual"``."""
    from engine.language.text import with_article

    return with_article(str(phrase))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(offline_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cap"] = cap
    env.filters["title"] = title_case
    env.filters["a"] = _with_article
    return env


@lru_cache(maxsize=4096)
def _compiled(snippet: str) -> jinja2.Template:
    return environment().from_string(snippet)


def render(snippet: str, values: dict[str, Any]) -> str | None:
    """Fill a phrase-bank snippet; ``None`` when it needs a value the user's words did not give."""
    if "{" not in snippet:
        return snippet
    present = {key: value for key, value in values.items() if value not in (None, "")}
    try:
        text = _compiled(snippet).render(present)
    except jinja2.UndefinedError:
        return None
    return " ".join(text.split())


def render_any(rng: random.Random, variants: list[str], values: dict[str, Any]) -> str | None:
    """A seeded pick among ``variants`` that can be filled, or ``None`` (consecutive seeds pick
    different variants)."""
    for snippet in rotated(rng, variants):
        text = render(snippet, values)
        if text:
            return text
    return None
