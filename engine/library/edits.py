"""Scripts a person wrote or edited, back into the library (``waqup script apply``, ``waqup library add``).

The loop: ``waqup script show ID --raw > mine.txt``, edit, ``waqup script validate mine.txt``, then
apply it as the item's next version (the old one stays in its history) or add it as a new item. Both
run the same checks as ``script validate``: the markup, the crisis gate and the content type's rules,
and save nothing unless everything passes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import UsageError
from engine.script import Script, ScriptSyntaxError, parse

if TYPE_CHECKING:
    from engine.library.store import Item


def read_script_file(file: str | Path) -> tuple[str, str]:
    """``(text, source)`` of a script file (``'-'``: stdin); a missing or non-UTF-8 file is a usage error."""
    if str(file) == "-":
        return sys.stdin.read(), "<stdin>"
    path = Path(file)
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    try:
        return path.read_text("utf-8"), str(path)
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text") from None


def checked_script(text: str, *, source: str | None = None, item: Item | None = None) -> Script:
    """``text`` parsed, if it passes; else raise with every problem (nothing is saved by the caller).

    This is :func:`engine.content.validate_edited` split in two: the crisis gate runs first and, when
    it trips, :class:`~engine.content.UnsafeScript` carries only its own issues (the type's rules
    quote lines, and crisis words are never echoed). Otherwise every markup and content problem is a
    :class:`~engine.content.ValidationError` (exit code 1). With ``item`` (applying a new version), the
    header's type must be the item's and a missing type or title is taken from the item; without it
    (a new item), the header must name both.
    """
    from engine.content.types import get_type
    from engine.content.validate import CRISIS_SCRIPT, Issue, UnsafeScript, ValidationError, crisis_check, validate
    from engine.safety import check_crisis

    try:
        script = parse(text, source=source)
    except ScriptSyntaxError as exc:
        result = check_crisis(text)
        if result is not None:  # the markup message may quote the words: say nothing but this
            raise UnsafeScript([Issue("crisis", CRISIS_SCRIPT)], result) from None
        raise ValidationError([Issue("markup", f"line {e.line}, column {e.column}: {e.message}")
                               for e in getattr(exc, "errors", None) or [exc]]) from None
    result, crisis = crisis_check(script)
    if crisis:
        raise UnsafeScript(crisis, result)
    issues: list[Issue] = []
    if script.type:
        try:
            script.meta["type"] = get_type(script.type).name
        except UsageError as exc:
            issues.append(Issue("type", str(exc)))
    if item is not None:
        if not script.type:
            script.meta = {"type": item.type, **script.meta}
        elif not issues and script.type != item.type:
            issues.append(Issue("type", (
                f"the header says type {script.type}, but item {item.id} is of type {item.type}: "
                "add it as a new item with `waqup library add FILE`")))
        if not script.meta.get("title"):
            script.meta["title"] = item.title
    elif not script.meta.get("title"):
        issues.append(Issue("title", "header needs 'title: ...' (the item's name in your library)"))
    if not any(issue.code == "type" for issue in issues):  # a wrong type would only add noise
        issues += validate(script, item.type if item is not None else None)
    if issues:
        raise ValidationError(issues)
    return script


@dataclass
class Applied:
    """The outcome of :meth:`Library.apply_script`."""

    item: Item
    version: int  # the item's version now
    kept: int | None = None  # the version now in the history (None: the script was unchanged)
    stale: list[dict[str, Any]] = field(default_factory=list)  # renders of the previous script, still on disk

    @property
    def changed(self) -> bool:
        return self.kept is not None
