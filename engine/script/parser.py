"""Parse the plain-text script format into a :class:`~engine.script.model.Script`."""

from __future__ import annotations

import re

from engine.errors import UsageError
from engine.script.model import Line, Pause, Script, Section

META_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
PAUSE = re.compile(r"^\[pause\s+(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>ms|s|m)?(?P<flex>\+)?\]$", re.I)
REPEAT = re.compile(r"\s*\[x(?P<n>\d+)\]$")
DIRECTION = re.compile(r"^\{(?P<dir>[^{}]*)\}\s*")
UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0}
MAX_PAUSE = 600.0
MAX_REPEAT = 20


class ScriptSyntaxError(UsageError):
    """Bad markup, located by 1-based line and column."""

    def __init__(self, message: str, line: int, column: int = 1, source: str | None = None):
        self.message, self.line, self.column, self.source = message, line, column, source
        where = f"{source}:" if source else ""
        super().__init__(f"{where}line {line}, column {column}: {message}")


def _pause(token: str, lineno: int, col: int, source: str | None) -> Pause:
    match = PAUSE.match(token)
    if not match:
        raise ScriptSyntaxError(
            f"bad pause {token!r}: write it like [pause 4s], [pause 500ms] or [pause 10s+]",
            lineno, col, source,
        )
    seconds = round(float(match["num"]) * UNIT_SECONDS[(match["unit"] or "s").lower()], 3)
    if not 0 < seconds <= MAX_PAUSE:
        raise ScriptSyntaxError(
            f"pause of {seconds:g}s is out of range (0 < pause <= {MAX_PAUSE:g}s)", lineno, col, source
        )
    return Pause(seconds, bool(match["flex"]))


def _line(text: str, lineno: int, col: int, source: str | None) -> Line:
    direction = None
    match = DIRECTION.match(text)
    if text.startswith("{") and not match:
        raise ScriptSyntaxError("unclosed voice direction: write {softly} Text", lineno, col, source)
    if match:
        direction = match["dir"].strip() or None
        col += match.end()
        text = text[match.end():]
    repeat = 1
    rep = REPEAT.search(text)
    if rep:
        repeat = int(rep["n"])
        if not 1 <= repeat <= MAX_REPEAT:
            raise ScriptSyntaxError(
                f"repeat must be 1..{MAX_REPEAT}", lineno, col + rep.start() + 1, source
            )
        text = text[: rep.start()].rstrip()
    if not text:
        raise ScriptSyntaxError("a voice direction or repeat needs spoken text", lineno, col, source)
    if text.startswith("["):
        raise ScriptSyntaxError(f"unknown markup {text.split(']')[0]}]", lineno, col, source)
    return Line(text, direction, repeat)


def parse(text: str, source: str | None = None) -> Script:
    """Parse ``text``; raise :class:`ScriptSyntaxError` with line and column on bad markup."""
    script = Script()
    raw_lines = text.splitlines()
    start = 0
    if raw_lines and raw_lines[0].strip() == "---":
        for offset, raw in enumerate(raw_lines[1:], start=2):
            if raw.strip() == "---":
                start = offset
                break
            if not raw.strip():
                continue
            key, sep, value = raw.partition(":")
            key = key.strip()
            if not sep or not META_KEY.match(key):
                raise ScriptSyntaxError(
                    f"bad header line {raw.strip()!r}: expected 'key: value'", offset, 1, source
                )
            if key in script.meta:
                raise ScriptSyntaxError(f"duplicate header key {key!r}", offset, 1, source)
            script.meta[key] = value.strip()
        else:
            raise ScriptSyntaxError("header opened with '---' is never closed", 1, 1, source)

    for lineno, raw in enumerate(raw_lines[start:], start=start + 1):
        stripped = raw.strip()
        col = len(raw) - len(raw.lstrip()) + 1
        if not stripped or (stripped.startswith("#") and not stripped.startswith("##")):
            continue
        if stripped.startswith("##"):
            name = stripped[2:].strip()
            if not name:
                raise ScriptSyntaxError("section heading needs a name: ## Arrival", lineno, col, source)
            script.sections.append(Section(name))
            continue
        if not script.sections:
            raise ScriptSyntaxError(
                "text before the first section: start one with '## Name'", lineno, col, source
            )
        items = script.sections[-1].items
        if stripped.lower().startswith("[pause"):
            items.append(_pause(stripped, lineno, col, source))
        else:
            items.append(_line(stripped, lineno, col, source))
    return script
