"""Editing a script in place: rows to show (headings, lines, pauses) and the edits a person makes.

Plain data operations on :class:`engine.script.Script` (no Textual), so they are easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from engine.content import Issue
from engine.script import Line, Pause, Script, markup_in


@dataclass(frozen=True)
class Row:
    """One row of the editor: a section heading, a spoken line or a pause."""

    kind: str  # "section", "line" or "pause"
    section: int
    index: int = -1  # position in ``section.items``; -1 for headings
    number: int = 0  # 1-based spoken-line number within the section (what Issue.line counts)


def rows(script: Script) -> list[Row]:
    out = []
    for s, section in enumerate(script.sections):
        out.append(Row("section", s))
        number = 0
        for i, item in enumerate(section.items):
            if isinstance(item, Line):
                number += 1
                out.append(Row("line", s, i, number))
            else:
                out.append(Row("pause", s, i))
    return out


def issues_for(script: Script, issues: list[Issue], row: Row) -> list[Issue]:
    """The validation issues that point at ``row`` (a heading gets its section-wide ones)."""
    name = script.sections[row.section].name
    if row.kind == "section":
        return [i for i in issues if i.section == name and not i.line]
    if row.kind == "line":
        return [i for i in issues if i.section == name and i.line == row.number]
    return []


def parse_seconds(text: str) -> float:
    """``"4"``, ``"4s"``, ``"500ms"``, ``"1.5 s"`` -> seconds; ValueError when out of 0 < s <= 600."""
    raw = text.strip().lower().replace(" ", "")
    if raw.endswith("ms"):
        value = float(raw[:-2]) / 1000
    elif raw.endswith("m") and not raw.endswith("ms"):
        value = float(raw[:-1]) * 60
    else:
        value = float(raw.removesuffix("s"))
    if not 0 < value <= 600:
        raise ValueError("a pause lasts more than 0 and at most 600 seconds")
    return round(value, 3)


def set_text(script: Script, row: Row, text: str) -> None:
    item = script.sections[row.section].items[row.index]
    if not isinstance(item, Line):
        raise ValueError("not a spoken line")
    text = " ".join(text.split())
    if not text:
        raise ValueError("a spoken line needs text")
    if found := markup_in(text):  # it would be read aloud; a pause is its own row
        raise ValueError(f"{found[0][1]!r} is markup, not words: a spoken line holds only what the voice says "
                         "(add a pause as its own row)")
    script.sections[row.section].items[row.index] = replace(item, text=text)


def set_pause(script: Script, row: Row, seconds: float) -> None:
    item = script.sections[row.section].items[row.index]
    if not isinstance(item, Pause):
        raise ValueError("not a pause")
    script.sections[row.section].items[row.index] = replace(item, seconds=seconds)


def nudge_pause(script: Script, row: Row, delta: float) -> float:
    item = script.sections[row.section].items[row.index]
    if not isinstance(item, Pause):
        raise ValueError("not a pause")
    seconds = round(min(600.0, max(0.5, item.seconds + delta)), 3)
    set_pause(script, row, seconds)
    return seconds


def move(script: Script, row: Row, step: int) -> int:
    """Move a line or pause up (-1) or down (+1) within its section; returns its new index."""
    items = script.sections[row.section].items
    target = row.index + step
    if row.kind == "section" or not 0 <= target < len(items):
        return row.index
    items[row.index], items[target] = items[target], items[row.index]
    return target
