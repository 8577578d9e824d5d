"""``waqup pack validate``: every problem in a spec, each with file, line and a fix hint.

Three passes: the JSON Schema (:mod:`engine.packs.schema`) for shape, types and ranges; expansion
(placeholders, generator rows); then each expanded item (every row of a generator too) is built as
creation parameters and its words (intent, context, anchor, title) go through the crisis check.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.errors import UsageError
from engine.packs.positions import line_of
from engine.packs.spec import PACK_FIELDS, PackSpec, SpecSource, SpecSyntaxError, read_source
from engine.words import a_an

TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number", "array": "a list",
              "object": "a table", "boolean": "true or false"}


@dataclass(frozen=True)
class SpecIssue:
    """One problem: where (file, line, key path), what, and how to fix it."""

    file: str
    line: int | None
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{where}: {self.message}{hint}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "path": self.path, "message": self.message,
                "hint": self.hint}


class SpecInvalid(UsageError):
    """A spec has problems; ``issues`` lists all of them."""

    def __init__(self, issues: list[SpecIssue]):
        self.issues = issues
        more = f" (and {len(issues) - 1} more: run `waqup pack validate`)" if len(issues) > 1 else ""
        super().__init__(f"{issues[0]}{more}")


def dotted(path: tuple[Any, ...] | list[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def did_you_mean(word: str, choices: list[str] | set[str]) -> str:
    close = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


def _value(instance: Any) -> str:
    text = repr(instance)
    return text if len(text) <= 40 else text[:37] + "..."


def _schema_issues(source: SpecSource) -> list[tuple[tuple[Any, ...], str, str]]:
    """(path, message, hint) for every schema violation, in file order."""
    from jsonschema import Draft202012Validator

    from engine.packs.schema import SCHEMA

    out = []
    for error in Draft202012Validator(SCHEMA).iter_errors(source.data):
        for found in _translate(error, source.data):
            if found not in out:
                out.append(found)
    return out


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _translate(error: Any, data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str, str]]:
    path = tuple(error.absolute_path)
    key = path[-1] if path and isinstance(path[-1], str) else None
    name = dotted(path) or "the spec"
    kind, value, schema = error.validator, error.validator_value, error.schema
    if kind == "additionalProperties":
        allowed = set(schema.get("properties") or {})
        extra = sorted(set(error.instance) - allowed) if isinstance(error.instance, dict) else []
        if not allowed:  # e.g. vars: anything goes, so the value was wrong
            return [(path, error.message, "")]
        return [((*path, word), f"unknown key {word!r} in {name}",
                 did_you_mean(word, allowed) or f"allowed keys: {', '.join(sorted(allowed))}") for word in extra]
    if kind == "required":
        missing = [w for w in value if w not in (error.instance or {})]
        hints = {"intent": 'add intent = "what this is for", e.g. "calm before exams"',
                 "slug": 'add slug = "my-pack" (lowercase letters, digits and -)',
                 "title": 'add title = "..."', "items": "add at least one [[items]] row with type and intent",
                 "pack": "add a [pack] table with title and slug"}
        return [(path, f"{name} is missing {w!r}", hints.get(w, f"add {w} = ...")) for w in missing]
    if kind is None or schema is False:  # a false schema: these keys are not for this item's type
        from engine.packs.schema import NOT_FOR

        row = _at(data, path)
        kind_name = row.get("type")
        return [((*path, word), f"{word} does not apply to {a_an(kind_name)}", _not_for_hint(word))
                for word in NOT_FOR.get(kind_name, ()) if word in row]
    if kind == "type":
        expected = value if isinstance(value, str) else value[0]
        hint = ""
        if isinstance(error.instance, str) and expected in ("integer", "number"):
            hint = f"remove the quotes: {key} = {error.instance.strip()}"
        elif expected == "array":
            hint = f'write a list: {key} = ["..."]'
        return [(path, f"{name} must be {TYPE_NAMES.get(expected, expected)} (got {_value(error.instance)})",
                 hint)]
    if kind in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        bounds = f"{low:g}..{high:g}" if low is not None and high is not None else \
            (f">= {low:g}" if low is not None else f"<= {high:g}")
        return [(path, f"{name} is out of range: {_value(error.instance)} (must be {bounds})",
                 schema.get("description", ""))]
    if kind in ("enum", "const"):
        choices = value if kind == "enum" else [value]
        hint = did_you_mean(error.instance, [str(c) for c in choices]) or \
            f"choose one of {', '.join(str(c) for c in choices)}"
        return [(path, f"{name} has an unknown value {_value(error.instance)}", hint)]
    if kind == "pattern":
        return [(path, f"{name} is not in the right form: {_value(error.instance)}",
                 schema.get("description", f"it must match {value}"))]
    if kind in ("minLength", "minItems"):
        return [(path, f"{name} is empty", "give it a value or remove it")]
    if kind in ("maxLength", "maxItems"):
        return [(path, f"{name} is too long (at most {value})", "shorten it")]
    if kind == "uniqueItems":
        return [(path, f"{name} has duplicates", "list each value once")]
    if kind in ("allOf", "if", "then"):
        return []
    return [(path, error.message, "")]


def _not_for_hint(key: str | None) -> str:
    owners = {"count": "affirmation", "repetitions": "affirmation", "technique": "meditation",
              "time_of_day": "ritual", "anchor": "ritual"}
    return f"{key} is for {owners[key]} items: remove it or change the type" if key in owners else "remove it"


CRISIS_HINT = ("a pack cannot be generated from these words; if this is about you, please reach out: "
               "`waqup create` shows support lines")


def _crisis_word(item: Any, params: Any) -> str | None:
    """The first of the item's own words (intent, context, anchor, title) that trips the crisis gate."""
    from engine.create import CrisisDetected, ensure_safe

    for word in ("intent", "context", "anchor", "title"):
        text = item.title if word == "title" else getattr(params, word, "")
        try:
            ensure_safe(text)
        except CrisisDetected:
            return word
    return None


Found = tuple[tuple[Any, ...], str, str]  # (key path, message, hint)


def _item_issues(spec_items: list[Any], data: dict[str, Any],
                 crisis: list[tuple[Any, tuple[Any, ...], str]] | None = None) -> list[Found]:
    """Per-item problems as ``(path, message, hint)``; with ``crisis`` (a list), items that trip the
    crisis gate are appended there as ``(item, path, message)`` instead of being reported."""
    from engine.generation import provider_names
    from engine.library.store import clean_tags

    out: list[tuple[tuple[Any, ...], str, str]] = []
    providers = set(provider_names()) | {"auto"}
    named = [(("defaults", "provider"), (data.get("defaults") or {}).get("provider"))]
    named += [(("items", n, "provider"), row.get("provider")) for n, row in enumerate(data.get("items") or [])
              if isinstance(row, dict)]
    for path, name in named:
        if isinstance(name, str) and name not in providers:
            out.append((path, f"unknown provider {name!r}",
                        did_you_mean(name, providers) or f"choose one of {', '.join(sorted(providers))}"))
    seen: dict[str, Any] = {}
    reported_rows: set[tuple[int, str]] = set()
    for item in spec_items:
        where = ("items", item.row)
        if not item.type:
            if (item.row, "type") not in reported_rows:
                out.append((where, f"items[{item.row + 1}] has no type",
                            'add type = "affirmation", "meditation" or "ritual" (or defaults.type)'))
                reported_rows.add((item.row, "type"))
            continue
        try:
            params = item.params()
        except UsageError as exc:
            if (item.row, str(exc)) not in reported_rows:
                out.append((where, f"items[{item.row + 1}] ({item.name}): {exc}", ""))
                reported_rows.add((item.row, str(exc)))
            continue
        try:
            clean_tags(item.tags)
        except UsageError as exc:
            out.append(((*where, "tags"), f"items[{item.row + 1}] ({item.name}): {exc}", ""))
        word = _crisis_word(item, params)
        if word is not None:
            row = data["items"][item.row] or {}
            path = (*where, word) if word in row else ("defaults", word)
            message = f"items[{item.row + 1}] ({item.name}): the {word} uses words that suggest a crisis"
            if crisis is None:
                out.append((path, message, CRISIS_HINT))
            else:
                crisis.append((item, path, message))
        other = seen.get(item.key)
        if other is not None:
            out.append((where, f"items {other.position} ({other.name}) and {item.position} ({item.name}) "
                               "would generate the same content", "change the intent, context or seed of one"))
        seen.setdefault(item.key, item)
    return out


def check_source(source: SpecSource, *, skip_crisis: bool = False) -> tuple[PackSpec | None, list[SpecIssue]]:
    """Validate parsed spec data; returns the expanded spec when there are no issues.

    ``skip_crisis`` (``waqup pack run``): an item whose words trip the crisis gate is not an issue
    but is marked ``blocked`` (file, line and item, never the words), so the run skips it and the
    rest of the pack still runs.
    """
    from engine.packs.expand import expand

    crisis: list[tuple[Any, tuple[Any, ...], str]] | None = [] if skip_crisis else None
    raw = _schema_issues(source)
    bad_rows = {p[1] for p, _, _ in raw if len(p) > 1 and p[0] == "items" and isinstance(p[1], int)}
    items: list[Any] = []
    if not any(len(p) < 2 or p[0] != "items" for p, _, _ in raw if p[:1] != ("pack",)):
        usable = dict(source.data)
        rows = [r if i not in bad_rows else {} for i, r in enumerate(source.data.get("items") or [])]
        usable["items"] = rows
        items, expand_issues = expand(usable)
        raw += [(("items", e.row, *e.path), e.message, e.hint) for e in expand_issues]
        items = [item for item in items if item.row not in bad_rows]
        raw += _item_issues(items, source.data, crisis)
    withheld: list[tuple[Any, ...]] = []
    for item, path, message in crisis or []:
        if path not in withheld:
            withheld.append(path)
        line = line_of(source.positions, path)
        where = f"{source.path}:{line}" if line else str(source.path)
        item.blocked = (f"{where}: item {item.position}, {message}; skipped by the crisis check: "
                        "nothing generated, nothing charged")
    issues: list[SpecIssue] = []
    for path, message, hint in raw:
        issue = SpecIssue(str(source.path), line_of(source.positions, path), dotted(path), message, hint)
        if issue not in issues:
            issues.append(issue)
    issues.sort(key=lambda i: (i.line or 0))
    if issues:
        return None, issues
    pack = {key: source.data["pack"][key] for key in PACK_FIELDS if key in source.data["pack"]}
    return PackSpec(source, pack, dict(source.data.get("defaults") or {}), items, withheld), []


def check_spec(path: str | Path, text: str | None = None, *,
               skip_crisis: bool = False) -> tuple[PackSpec | None, list[SpecIssue]]:
    """Read and validate a spec file (syntax errors become one issue); ``skip_crisis``: see :func:`check_source`."""
    try:
        source = read_source(path, text)
    except SpecSyntaxError as exc:
        return None, [SpecIssue(str(exc.path), exc.line, "", str(exc).split(": ", 1)[-1],
                                "fix the syntax first; other checks run once the file parses")]
    return check_source(source, skip_crisis=skip_crisis)


def load_spec(path: str | Path, *, skip_crisis: bool = False) -> PackSpec:
    """A valid, expanded spec, or :class:`SpecInvalid` with every issue.

    ``skip_crisis``: items that trip the crisis gate are marked ``blocked`` instead (see :func:`check_source`).
    """
    spec, issues = check_spec(path, skip_crisis=skip_crisis)
    if issues:
        raise SpecInvalid(issues)
    assert spec is not None
    return spec
