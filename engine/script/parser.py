"""Parse the plain-text script format into a :class:`~engine.script.model.Script`.

Two entry points: :func:`parse_report` reads the whole text and collects **every** markup error
(with its 1-based line and column) next to the script it could read and a :class:`SourceMap`
(where each header key, heading and item was); :func:`parse` is the strict form for callers that
need a valid script: it raises one :class:`ScriptSyntaxError` carrying all the errors.

A spoken line may carry markup inline: ``{softly}`` at its start, ``[pause 2s]`` anywhere (the line
is split there: ``I am calm. [pause 2s] I am here.`` is a line, a pause and a line) and ``[x3]``
after the words it repeats. Any other bracketed text (``[breath]``, ``[pause]``, ``{...}`` mid-line,
SSML tags, a stray bracket) is an error: markup is never left in the words a voice speaks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from engine.errors import UsageError
from engine.script.model import Item, Line, Pause, Script, Section

META_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
PAUSE = re.compile(r"^\[pause\s+(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>ms|s|m)?(?P<flex>\+)?\]$", re.I)
PAUSE_LIKE = re.compile(r"^\[\s*pause\b", re.I)
REPEAT = re.compile(r"^\[\s*x\s*(?P<n>\d+)\s*\]$", re.I)
# one markup token: [...], {...}, an SSML/HTML-like tag, or a bracket left open or alone
TOKEN = re.compile(r"\[[^\[\]]*\]|\{[^{}]*\}|<\s*/?\s*[A-Za-z][\w:-]*(?:\s[^<>]*)?/?\s*>|[\[\]{}]")
UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0}
MAX_PAUSE = 600.0
MAX_REPEAT = 20
PAUSE_HINT = "write it like [pause 4s], [pause 500ms] or [pause 10s+]"


@dataclass(frozen=True)
class MarkupError:
    """One markup problem at a 1-based ``line`` and ``column``; ``code`` names its kind."""

    line: int
    column: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column, "code": self.code, "message": self.message}


class ScriptSyntaxError(UsageError):
    """Bad markup. ``errors`` holds every problem found; ``line``/``column``/``message`` are the first's."""

    def __init__(self, errors: list[MarkupError], source: str | None = None):
        if not errors:
            raise ValueError("ScriptSyntaxError needs at least one error")
        self.errors, self.source = list(errors), source
        first = self.errors[0]
        self.message, self.line, self.column, self.code = first.message, first.line, first.column, first.code
        where = f"{source}:" if source else ""
        more = f" (and {len(errors) - 1} more: run `waqup script validate FILE`)" if len(errors) > 1 else ""
        super().__init__(f"{where}{first}{more}")


@dataclass
class SourceMap:
    """Where things were in the text (1-based lines and columns), to point issues at file positions."""

    keys: dict[str, int] = field(default_factory=dict)  # header key -> line
    headings: list[tuple[int, int]] = field(default_factory=list)  # per section: (line, column) of '##'
    items: list[list[tuple[int, int]]] = field(default_factory=list)  # per section, per item: (line, column)
    last_line: int = 1


@dataclass
class ParseReport:
    """What :func:`parse_report` read: the script (markup in error left out), every error, and positions."""

    script: Script
    errors: list[MarkupError]
    positions: SourceMap

    @property
    def ok(self) -> bool:
        return not self.errors


def markup_in(text: str) -> list[tuple[int, str]]:
    """``(offset, token)`` of every markup token in ``text`` (words a voice would speak: should be none)."""
    return [(m.start(), m.group()) for m in TOKEN.finditer(text)]


def _pause(token: str) -> tuple[Pause | None, str | None]:
    match = PAUSE.match(token)
    if not match:
        return None, f"bad pause {token!r}: {PAUSE_HINT}"
    seconds = round(float(match["num"]) * UNIT_SECONDS[(match["unit"] or "s").lower()], 3)
    if not 0 < seconds <= MAX_PAUSE:
        return None, f"pause of {seconds:g}s is out of range (0 < pause <= {MAX_PAUSE:g}s)"
    return Pause(seconds, bool(match["flex"])), None


def _unknown(token: str) -> tuple[str, str]:
    """``(code, message)`` for a token that is not markup the format knows."""
    if token == "{":
        return "direction", "unclosed voice direction: write {softly} Text"
    if token == "[":
        return "markup", "unclosed '[': write [pause 4s] or, after the words, [x3]"
    if token in "]}":
        return "markup", f"stray {token!r}: brackets only hold markup like [pause 4s], [x3] or {{softly}}"
    if token.startswith("<"):
        return "markup", f"tag {token!r} is not part of the format (it would be read aloud): use [pause 4s]"
    shown = token if len(token) <= 40 else token[:37] + "..."
    return "markup", (f"unknown markup {shown!r}: only [pause 4s], [x3] after the words and {{softly}} "
                      "at the start of a line are markup")


def _body_line(text: str, col0: int, add_error: Callable[[int, str, str], None]) -> list[tuple[Item, int]]:
    """The items of one spoken line (a pause line is one pause), each with its 0-based offset in ``text``.

    ``col0`` is the column where ``text`` starts; ``add_error(column, code, message)`` reports a problem.
    """
    out: list[tuple[Item, int]] = []
    line_direction: str | None = None
    first_direction_end: int | None = None
    state: dict[str, Any] = {}

    def start_segment(offset: int, first: bool) -> None:
        state.update(words=[], start=None, offset=offset, direction=None, own_direction=False, repeat=None,
                     repeat_at=None, direction_end=None, first=first)

    def close_segment() -> None:
        words = " ".join("".join(state["words"]).split())
        if words:
            direction = state["direction"] if state["own_direction"] else line_direction
            at = 0 if state["first"] else state["start"]  # a line starts where it is written (its direction)
            out.append((Line(words, direction, state["repeat"] or 1), at))
            return
        if state["repeat"] is not None:
            add_error(col0 + state["repeat_at"], "repeat", "a repeat like [x3] needs spoken text before it")
        # the line's opening direction may stand before a pause: it applies to the words after it (below)
        if state["own_direction"] and not state["first"]:
            add_error(col0 + state["direction_end"], "direction", "a voice direction needs spoken text after it")

    def words(piece: str, offset: int) -> None:
        if not piece.strip():
            state["words"].append(piece)
            return
        if state["repeat"] is not None:
            add_error(col0 + state["repeat_at"], "repeat",
                      "a repeat like [x3] goes right after the words it repeats (at the end of the line "
                      "or just before a pause)")
            state["repeat"] = state["repeat_at"] = None
        if state["start"] is None:
            state["start"] = offset + len(piece) - len(piece.lstrip())
        state["words"].append(piece)

    start_segment(0, True)
    last = 0
    for match in TOKEN.finditer(text):
        words(text[last:match.start()], last)
        token, at = match.group(), match.start()
        last = match.end()
        if PAUSE_LIKE.match(token):
            close_segment()
            pause, problem = _pause(token)
            if problem:
                add_error(col0 + at, "pause", problem)
            else:
                out.append((pause, at))
            start_segment(last, False)
        elif rep := REPEAT.match(token):
            count = int(rep["n"])
            if not 1 <= count <= MAX_REPEAT:
                add_error(col0 + at, "repeat", f"repeat must be 1..{MAX_REPEAT} (got {count})")
            elif state["repeat"] is not None:
                add_error(col0 + at, "repeat", "one repeat like [x3] per line of words")
            else:
                state["repeat"], state["repeat_at"] = count, at
        elif token.startswith("{") and token.endswith("}") and len(token) > 1:
            if "".join(state["words"]).strip() or state["own_direction"] or state["repeat"] is not None:
                add_error(col0 + at, "direction",
                          f"a voice direction like {token} goes at the start of a line, before the words")
            else:
                direction = token[1:-1].strip() or None
                state["direction"], state["own_direction"], state["direction_end"] = direction, True, last
                if state["first"]:
                    line_direction, first_direction_end = direction, last
        else:
            code, message = _unknown(token)
            add_error(col0 + at, code, message)
    words(text[last:], last)
    close_segment()
    if first_direction_end is not None and not any(isinstance(item, Line) for item, _ in out):
        add_error(col0 + first_direction_end, "direction", "a voice direction needs spoken text after it")
    return out


def parse_report(text: str, source: str | None = None) -> ParseReport:
    """Read all of ``text``: the script (markup in error left out), every markup error, and positions."""
    script, positions, errors = Script(), SourceMap(), []
    raw_lines = text.splitlines()
    positions.last_line = max(len(raw_lines), 1)

    def error(line: int, column: int, code: str, message: str) -> None:
        errors.append(MarkupError(line, column, code, message))

    start = 0
    if raw_lines and raw_lines[0].strip() == "---":
        closing = next((i for i, raw in enumerate(raw_lines[1:], start=1) if raw.strip() == "---"), None)
        if closing is None:
            error(1, 1, "header", "header opened with '---' is never closed: add a '---' line after it")
            end = next((i for i, raw in enumerate(raw_lines) if raw.strip().startswith("##")), len(raw_lines))
        else:
            end = closing
        for lineno, raw in enumerate(raw_lines[1:end], start=2):
            if not raw.strip():
                continue
            key, sep, value = raw.partition(":")
            key = key.strip()
            if not sep or not META_KEY.match(key):
                if closing is not None:
                    error(lineno, 1, "header", f"bad header line {raw.strip()!r}: expected 'key: value'")
                continue
            if key in script.meta:
                error(lineno, 1, "header", f"duplicate header key {key!r} (first on line {positions.keys[key]})")
                continue
            script.meta[key] = value.strip()
            positions.keys[key] = lineno
        start = end + 1 if closing is not None else end

    section: Section | None = None
    spots: list[tuple[int, int]] = []
    reported_orphans = False
    for lineno, raw in enumerate(raw_lines[start:], start=start + 1):
        stripped = raw.strip()
        col = len(raw) - len(raw.lstrip()) + 1
        if not stripped or (stripped.startswith("#") and not stripped.startswith("##")):
            continue
        if stripped.startswith("##"):
            name = stripped[2:].strip()
            if not name:
                error(lineno, col, "section", "section heading needs a name: ## Arrival")
                section, spots = Section(""), []  # its lines are read for errors, then dropped
                continue
            section, spots = Section(name), []
            script.sections.append(section)
            positions.headings.append((lineno, col))
            positions.items.append(spots)
            continue
        if section is None:
            if not reported_orphans:
                error(lineno, col, "section", "text before the first section: start one with '## Name'")
                reported_orphans = True
            target_items: list[Item] = []
            target_spots: list[tuple[int, int]] = []
        else:
            target_items, target_spots = section.items, spots
        for item, at in _body_line(stripped, col, partial(error, lineno)):
            target_items.append(item)
            target_spots.append((lineno, col + at))
    errors.sort(key=lambda e: (e.line, e.column))
    return ParseReport(script, errors, positions)


def parse(text: str, source: str | None = None) -> Script:
    """Parse ``text``; raise :class:`ScriptSyntaxError` (carrying every error, located) on bad markup."""
    report = parse_report(text, source)
    if report.errors:
        raise ScriptSyntaxError(report.errors, source)
    return report.script
