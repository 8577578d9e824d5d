"""Every problem of a script's text at once, each at its file line and column (``waqup script validate``).

:func:`check_text` runs the three checks a script a person wrote goes through - the markup
(:func:`engine.script.parse_report`, which collects every error instead of stopping at the first),
the crisis gate (:func:`~engine.content.validate.crisis_check`) and the content type's rules
(:func:`~engine.content.validate.validate`) - and puts each problem at a file position: a content
issue names a section and a spoken line within it, :func:`locate` turns that into the file's line.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.content.validate import CRISIS_SCRIPT, Issue, crisis_check, validate
from engine.errors import UsageError
from engine.script import Line, MarkupError, Script, SourceMap, parse_report

HIDDEN = "(not shown: it would repeat words that suggest a crisis)"


# One problem at a 1-based file line and column, whichever check found it (markup, crisis, the type's rules):
# the parser's record, so there is one shape for a positioned problem.
Problem = MarkupError


@dataclass
class ScriptCheck:
    """The outcome of :func:`check_text`."""

    script: Script  # what could be read (lines with markup errors are left out)
    problems: list[Problem]  # in file order
    crisis: object | None = None  # the CrisisResult (support lines) when the crisis gate tripped
    type: str | None = None  # the content type it was checked as, when known

    @property
    def valid(self) -> bool:
        return not self.problems


def _section_index(script: Script, name: str) -> int | None:
    for exact in (True, False):
        for index, section in enumerate(script.sections):
            if section.name == name if exact else section.name.lower() == name.lower():
                return index
    return None


def locate(issue: Issue, script: Script, where: SourceMap) -> tuple[int, int]:
    """The file ``(line, column)`` an :class:`Issue` of ``script`` points at (``where`` from the parse)."""
    if issue.heading is not None:
        if 0 <= issue.heading < len(where.headings):
            return where.headings[issue.heading]
        return where.last_line, 1
    if issue.section is not None:
        index = _section_index(script, issue.section)
        if index is None or index >= len(where.headings):
            return where.last_line, 1
        if issue.line:
            items = script.sections[index].items
            spoken = [spot for item, spot in zip(items, where.items[index], strict=False) if isinstance(item, Line)]
            if issue.line <= len(spoken):
                return spoken[issue.line - 1]
        return where.headings[index]
    if issue.key and issue.key in where.keys:
        return where.keys[issue.key], 1
    return 1, 1


def check_text(text: str, source: str | None = None, type_name: str | None = None, *,
               moderation: bool = True) -> ScriptCheck:
    """Every markup, crisis and content problem of ``text``, in file order.

    ``type_name`` checks it as that type instead of the header's (an unknown name is a
    :class:`~engine.errors.UsageError`). Crisis issues never repeat the words; when the gate trips,
    any other message that would repeat them is replaced by a note.
    """
    from engine.content.types import get_type
    from engine.safety import check_crisis

    report = parse_report(text, source)
    script, where = report.script, report.positions
    crisis, crisis_issues = crisis_check(script, moderation=moderation)
    if crisis is None and report.errors:  # words on lines with markup errors are not in the script
        crisis = check_crisis(text, moderation=moderation)
        if crisis is not None:
            crisis_issues = [Issue("crisis", CRISIS_SCRIPT)]
    problems = [Problem(*locate(issue, script, where), issue.code, issue.message) for issue in crisis_issues]
    problems += [Problem(e.line, e.column, e.code, e.message) for e in report.errors]
    problems += [Problem(*locate(issue, script, where), issue.code, issue.message)
                 for issue in validate(script, type_name)]
    if crisis is not None:
        problems = [p if p.code == "crisis" or check_crisis(p.message, moderation=False) is None
                    else Problem(p.line, p.column, p.code, f"{p.code} problem here {HIDDEN}") for p in problems]
    problems.sort(key=lambda p: (p.line, p.column))
    try:
        checked = get_type(type_name or script.type or "").name
    except UsageError:
        checked = None
    return ScriptCheck(script, problems, crisis, checked)
