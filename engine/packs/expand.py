"""Expanding spec rows into items: defaults applied, generator rows multiplied, placeholders filled.

A generator row has a ``generate`` table::

    [[items]]
    type = "affirmation"
    name = "morning"
    title = "Day {day}: {theme}"
    intent = "confidence {theme}"
    [items.generate]
    count = 30
    vars = { theme = ["at work", "when speaking up", "with new people"] }

``{n}`` and ``{day}`` count from ``start`` (default 1); each var's list is cycled.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from engine.packs.spec import SpecItem, canonical_hash

TEXT_FIELDS = ("title", "intent", "context", "anchor", "time_of_day")
PARAM_FIELDS = ("intent", "context", "count", "repetitions", "minutes", "technique", "time_of_day", "anchor")
INHERITED = ("provider", "model", "voice", "ambience", "format")


@dataclass(frozen=True)
class ExpandIssue:
    """A problem found while expanding row ``row`` (path inside the row, message, hint)."""

    row: int
    path: tuple[Any, ...]
    message: str
    hint: str = ""


def placeholders(text: str) -> list[str]:
    """Field names used as ``{name}`` in ``text`` (``{{`` escapes are skipped)."""
    try:
        return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return ["{"]


def _fill(text: str, values: dict[str, Any]) -> str:
    return text.format_map(values)


def derived_seed(base: int, row: dict[str, Any], n: int | None) -> int:
    """A stable per-item seed from the default seed and the item's own words."""
    material = [base, row.get("type"), row.get("intent"), row.get("context"), n]
    return int(canonical_hash(material, 8), 16) % 2_000_000_000


def expand_row(row: dict[str, Any], index: int, defaults: dict[str, Any],
               position: int) -> tuple[list[SpecItem], list[ExpandIssue]]:
    """The items of one ``[[items]]`` row (many for a generator row), starting at ``position``."""
    gen = row.get("generate")
    variables: dict[str, list[Any]] = dict((gen or {}).get("vars") or {})
    count = 1
    start = 1
    if gen is not None:
        start = int(gen.get("start", 1))
        count = int(gen.get("count") or max((len(v) for v in variables.values()), default=0))
        if count < 1:
            return [], [ExpandIssue(index, ("generate",), "a generator row needs count or vars",
                                    "add count = 30 or vars = { theme = [...] } under generate")]
    known = {"n", "day", *variables} if gen is not None else set()
    issues = []
    for key in TEXT_FIELDS + ("name",):
        value = row.get(key)
        if not isinstance(value, str):
            continue
        for name in placeholders(value):
            if name not in known:
                hint = (f"use one of {{{'}, {'.join(sorted(known))}}}" if known else
                        "placeholders only work in generator rows (add a generate table) - or write {{ }}")
                issues.append(ExpandIssue(index, (key,), f"unknown placeholder {{{name}}} in {key}", hint))
    for number, tag in enumerate(row.get("tags") or []):
        for name in placeholders(str(tag)):
            if name not in known:
                issues.append(ExpandIssue(index, ("tags", number), f"unknown placeholder {{{name}}} in a tag"))
    if issues:
        return [], issues
    items = []
    for k in range(count):
        n = start + k
        values: dict[str, Any] = {"n": n, "day": n, **{name: vals[k % len(vals)] for name, vals in variables.items()}}
        filled = {key: _fill(row[key], values) if gen is not None and isinstance(row.get(key), str) else row.get(key)
                  for key in row}
        items.append(_item(filled, row, index, defaults, position + k, n if gen is not None else None, values))
    return items, []


def _item(filled: dict[str, Any], row: dict[str, Any], index: int, defaults: dict[str, Any], position: int,
          n: int | None, values: dict[str, Any]) -> SpecItem:
    options = {key: filled[key] for key in PARAM_FIELDS if filled.get(key) is not None}
    if "context" not in options and defaults.get("context"):
        options["context"] = defaults["context"]
    if row.get("seed") is not None:
        options["seed"] = int(row["seed"]) + (n - 1 if n else 0)
    elif defaults.get("seed") is not None:
        options["seed"] = derived_seed(int(defaults["seed"]), row, n)
    base = row.get("name") or f"item{index + 1}"
    name = f"{base}-{n}" if n is not None else base
    tags = [str(t).format_map(values) if n is not None else str(t) for t in row.get("tags") or []]
    inherited = {key: row.get(key, defaults.get(key)) for key in INHERITED}
    return SpecItem(
        position=position, row=index, name=name, type=str(row.get("type") or defaults.get("type") or ""),
        options=options, title=filled.get("title"), tags=tags,
        provider=str(inherited["provider"] or "auto"), model=str(inherited["model"] or ""),
        voice=inherited["voice"] or None, ambience=inherited["ambience"] or None,
        format=inherited["format"] or None,
    )


def expand(data: dict[str, Any]) -> tuple[list[SpecItem], list[ExpandIssue]]:
    """Every item of a (schema-valid) spec in pack order, and the problems found on the way."""
    defaults = data.get("defaults") or {}
    items: list[SpecItem] = []
    issues: list[ExpandIssue] = []
    for index, row in enumerate(data.get("items") or []):
        if not isinstance(row, dict):
            continue
        made, found = expand_row(row, index, defaults, len(items) + 1)
        items += made
        issues += found
    return items, issues
