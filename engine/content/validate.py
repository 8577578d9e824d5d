"""Validators: every content type checks a :class:`Script` against its structure and rules."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from engine.content import craft, rules
from engine.content.types import CONTENT_TYPES, TECHNIQUES, get_type
from engine.errors import UsageError, WaqupError
from engine.language.claims import medical_claim
from engine.script import Line, Script, markup_in
from engine.words import a_an

NARRATION_WPM = 115.0
PACING_TOLERANCE = 0.05
MEDITATION_SECTIONS = {
    "Arrival": ("arrival", "settling", "arriving", "welcome"),
    "Breath": ("breath", "breathing"),
    "Body": ("body", "body scan", "softening"),
    "Practice": ("practice", "core", "core practice", "visualisation", "loving-kindness", "journey"),
    "Integration": ("integration", "integrating", "resting"),
    "Return": ("return", "returning", "closing", "drifting"),
}
IDENTITY = re.compile(r"^(i am|i'm|i’m) (someone|a person) who\b", re.I)
MAX_PAUSE = 600.0
COMMON_KEYS = ("type", "title", "intent")
TAG_KEYS = ("creator", "author", "artist", "pack", "album")  # any type: tags of a rendered file
HEADER_KEYS = {  # header keys each type reads, besides COMMON_KEYS (docs/script-format.md)
    "affirmation": ("count", "repetitions"),
    "meditation": ("minutes", "technique"),
    "ritual": ("time", "minutes", "anchor"),
}


@dataclass(frozen=True)
class Issue:
    """One problem found in a script, pointing at a section and line where it can."""

    code: str
    message: str
    section: str | None = None
    line: int | None = None  # 1-based index of the spoken line within its section
    key: str | None = None  # the header key it is about (e.g. "minutes"), when it is about the header
    heading: int | None = None  # 0-based position of the section it is about, when names could be ambiguous

    def __str__(self) -> str:
        where = ""
        if self.section:
            where = f"[{self.section}" + (f" line {self.line}" if self.line else "") + "] "
        return f"{where}{self.message}"


class ValidationError(WaqupError):
    """A script breaks its type's rules."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        super().__init__(f"invalid script: {issues[0]}{more}")


def _affirmation_issues(line: Line, section: str, index: int) -> list[Issue]:
    text, out = line.text, []
    if not rules.is_first_person(text):
        out.append(Issue("first-person", f"not first person: {text!r}", section, index))
    if found := rules.negative_framing(text):
        out.append(Issue("negative", f"negative framing ({found!r}): {text!r}", section, index))
    if found := rules.not_present_tense(text):
        out.append(Issue("tense", f"not present tense ({found!r}): {text!r}", section, index))
    if found := rules.unbelievable(text):
        out.append(Issue("believable", f"hard to believe ({found!r}): {text!r}", section, index))
    if len(rules.words(text)) > rules.MAX_AFFIRMATION_WORDS:
        limit = rules.MAX_AFFIRMATION_WORDS
        out.append(Issue("length", f"longer than {limit} words: {text!r}", section, index))
    return out


def _statement_set(lines: list[Line], section: str, lo: int, hi: int) -> list[Issue]:
    issues: list[Issue] = []
    if not lo <= len(lines) <= hi:
        issues.append(Issue("count", f"needs {lo}..{hi} statements, has {len(lines)}", section))
    for index, line in enumerate(lines, start=1):
        issues += _affirmation_issues(line, section, index)
    from engine.language.similar import duplicate_pairs

    texts = [line.text for line in lines]
    for i, j in sorted(set(rules.near_duplicates(texts)) | set(duplicate_pairs(texts))):
        message = f"statements {i + 1} and {j + 1} are near-duplicates"
        issues.append(Issue("duplicate", message, section, j + 1))
    return issues


def _validate_affirmation(script: Script) -> list[Issue]:
    section = script.section("Affirmations")
    if section is None:  # reported by _structure
        return []
    return _statement_set(section.lines, section.name, 3, 50)


def _meditation_slot(name: str) -> str | None:
    lowered = name.lower()
    for canonical, aliases in MEDITATION_SECTIONS.items():
        if lowered == canonical.lower() or any(lowered.startswith(a) for a in aliases):
            return canonical
    return None


def _guess_section(name: str, expected: tuple[str, ...]) -> str | None:
    """The required section a heading was probably meant to be (a renamed or misspelt one)."""
    slot = _meditation_slot(name) if expected == tuple(MEDITATION_SECTIONS) else None
    if slot:
        return slot
    lowered = {n.lower(): n for n in expected}
    close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def _structure(script: Script, type_name: str) -> list[Issue]:
    """Every section is one of the type's, each once and in order; every required one is there.

    A heading that is not one of them is reported at its line, with the section it was probably
    meant to be (then that section is not reported missing as well).
    """
    content_type = CONTENT_TYPES[type_name]
    expected = content_type.sections
    canonical = {name.lower(): name for name in expected}
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    order: list[str] = []
    meant: set[str] = set()
    for index, section in enumerate(script.sections):
        name = canonical.get(section.name.lower())
        if name is None:
            guess = _guess_section(section.name, expected)
            if guess:
                meant.add(guess)
                hint = f"did you mean '## {guess}'?"
            else:
                hint = f"{content_type.label.lower()} sections are {', '.join(expected)}"
            issues.append(Issue("structure", f"unknown section '## {section.name}': {hint}", section.name,
                                heading=index))
        elif name in seen:
            issues.append(Issue("structure", f"section '## {name}' appears twice", section.name, heading=index))
        else:
            seen[name] = index
            order.append(name)
    for position, name in enumerate(expected):
        if name in seen or name in meant:
            continue
        after = [seen[n] for n in expected[position + 1:] if n in seen]
        where = f" (before '## {script.sections[after[0]].name}')" if after else ""
        issues.append(Issue("structure", f"missing section '## {name}'{where}",
                            heading=after[0] if after else len(script.sections)))
    wanted = [name for name in expected if name in seen]
    if order != wanted:
        first = next(got for got, want in zip(order, wanted, strict=True) if got != want)
        issues.append(Issue("structure", f"sections must be in this order: {', '.join(expected)} "
                            f"(got {', '.join(order)})", heading=seen[first]))
    return issues


def _header_keys(script: Script, type_name: str) -> list[Issue]:
    """Header keys no type reads (a typo, usually), and keys of another type."""
    reads = (*COMMON_KEYS, *HEADER_KEYS[type_name])
    own = set(reads) | set(TAG_KEYS)
    known = own.union(*HEADER_KEYS.values())
    issues = []
    for key in script.meta:
        if key in own:
            continue
        if key in known:
            owners = " and ".join(f"{t}s" for t, keys in HEADER_KEYS.items() if key in keys)
            issues.append(Issue("header", f"header key {key!r} does not apply to {type_name} scripts "
                                f"(it is for {owners}): remove it", key=key))
            continue
        close = difflib.get_close_matches(key, sorted(own), n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}?" if close else \
            f"{type_name} scripts read {', '.join(reads)} (and {', '.join(TAG_KEYS)} for the file's tags)"
        issues.append(Issue("header", f"unknown header key {key!r}: {hint}", key=key))
    return issues


def _validate_meditation(script: Script) -> list[Issue]:
    issues: list[Issue] = []
    for index, section in enumerate(script.sections):
        if not section.lines:
            issues.append(Issue("structure", "section has no spoken lines", section.name, heading=index))
        if not section.pauses:
            issues.append(Issue("pauses", "section has no pauses between lines", section.name, heading=index))
    technique = script.meta.get("technique")
    if technique and technique not in TECHNIQUES:
        issues.append(Issue("technique", f"unknown technique {technique!r}", key="technique"))
    try:
        minutes = float(script.meta.get("minutes", ""))
    except ValueError:
        return issues + [Issue("minutes", "header needs 'minutes: N' (1..60)", key="minutes")]
    if not 1 <= minutes <= 60:
        issues.append(Issue("minutes", f"minutes must be 1..60 (got {minutes:g})", key="minutes"))
    planned = script.estimated_seconds(NARRATION_WPM)
    target = minutes * 60
    if abs(planned - target) > PACING_TOLERANCE * target:
        issues.append(Issue("pacing", (
            f"pacing plan is {planned / 60:.1f} min for {a_an(f'{minutes:g}')} min target "
            f"(allowed ±{PACING_TOLERANCE:.0%})"
        ), key="minutes"))
    return issues


def _validate_ritual(script: Script) -> list[Issue]:
    issues: list[Issue] = []
    for name in CONTENT_TYPES["ritual"].sections:
        section = script.section(name)  # a missing one is reported by _structure
        if section is not None and not section.lines:
            issues.append(Issue("structure", "section has no spoken lines", name))
    identity = script.section("Identity")
    if identity and identity.lines and not any(IDENTITY.match(line.text) for line in identity.lines):
        issues.append(Issue("identity", "needs a statement starting 'I am someone who ...'", "Identity", 1))
    loop = script.section("Affirmations")
    if loop and loop.lines:
        issues += _statement_set(loop.lines, loop.name, 3, 7)
    if not script.meta.get("time"):
        issues.append(Issue("time", "header needs a suggested daily 'time:' (e.g. morning or 07:30)", key="time"))
    try:
        if not 1 <= float(script.meta.get("minutes", "")) <= 30:
            raise ValueError
    except ValueError:
        issues.append(Issue("minutes", "header needs a suggested duration 'minutes: N' (1..30)", key="minutes"))
    return issues


VALIDATORS = {
    "affirmation": _validate_affirmation,
    "meditation": _validate_meditation,
    "ritual": _validate_ritual,
}


def validate(script: Script, type_name: str | None = None) -> list[Issue]:
    """Every rule ``script`` breaks (empty when valid). The type comes from the header if not given."""
    name = type_name or script.type
    if not name:
        return [Issue("type", "header needs 'type: affirmation|meditation|ritual'", key="type")]
    try:
        content_type = get_type(name)
    except UsageError as exc:
        if type_name:
            raise
        return [Issue("type", str(exc), key="type")]
    issues = _header_keys(script, content_type.name) + _structure(script, content_type.name)
    issues += VALIDATORS[content_type.name](script)
    for section in script.sections:
        for pause in section.pauses:
            if not 0 < pause.seconds <= MAX_PAUSE:
                message = f"pause of {pause.seconds:g}s is out of range (0..{MAX_PAUSE:g}s)"
                issues.append(Issue("pauses", message, section.name))
        for index, line in enumerate(section.lines, start=1):
            for _, token in markup_in(line.text):  # a script built in code: markup would be read aloud
                issues.append(Issue("markup", f"markup {token!r} inside a spoken line would be read aloud: "
                                    "put a pause in its own item", section.name, index))
            if found := medical_claim(line.text):
                issues.append(Issue("medical", f"makes a medical claim ({found!r})", section.name, index))
    for code, message, section_name, line in craft.check(script):
        key = "title" if section_name is None and message.startswith("title") else None
        issues.append(Issue(code, message, section_name, line, key=key))
    return issues


def check(script: Script, type_name: str | None = None) -> Script:
    """Return ``script`` if valid, else raise :class:`ValidationError`."""
    issues = validate(script, type_name)
    if issues:
        raise ValidationError(issues)
    return script


# -- the crisis gate for scripts a person wrote or edited ----------------------------------------
CRISIS_LINE = "this line uses words that suggest a crisis"
CRISIS_SCRIPT = "this script uses words that suggest a crisis"
CRISIS_HINT = ("a script like this cannot be saved or rendered; if this is about you, please reach out to a "
               "crisis line or someone you trust")


class UnsafeScript(ValidationError):
    """A hand-edited script contains crisis language: it is not saved. ``result`` has the support lines."""

    def __init__(self, issues: list[Issue], result: object = None):
        self.result = result
        super().__init__(issues)


def crisis_items(items: list[tuple[str, str]]) -> list[str]:
    """The ids of ``(id, script text)`` pairs whose words trip the crisis gate on the device: a pack someone
    else wrote is checked as it is published and as it is installed (the words are never echoed)."""
    from engine.safety import check_crisis
    from engine.script import ScriptSyntaxError, parse

    flagged = []
    for item_id, text in items:
        try:
            spoken = parse(text, source=item_id).spoken_text()
        except ScriptSyntaxError:
            spoken = text
        if check_crisis(spoken, moderation=False) is not None:
            flagged.append(item_id)
    return flagged


def crisis_check(script: Script, *, moderation: bool = True) -> tuple[object | None, list[Issue]]:
    """``(CrisisResult or None, issues of code "crisis")`` for ``script``; the words are never echoed.

    One check of the title and every spoken line (with the moderation layer when ``moderation``);
    only when it trips are the lines checked one by one (on the device) to point at them.
    Not part of :func:`validate` (offline generation stays cheap): the validate-a-file and
    save-an-edit paths call it, and LLM answers go through ``engine.generation.guard``.
    """
    from engine.safety import check_crisis

    result = check_crisis(script.spoken_text(), moderation=moderation)
    if result is None:
        return None, []
    issues = []
    if script.title and check_crisis(script.title, moderation=False) is not None:
        issues.append(Issue("crisis", "the title uses words that suggest a crisis", key="title"))
    for section in script.sections:
        for index, line in enumerate(section.lines, start=1):
            if check_crisis(line.text, moderation=False) is not None:
                issues.append(Issue("crisis", CRISIS_LINE, section.name, index))
    return result, issues or [Issue("crisis", CRISIS_SCRIPT)]


def validate_edited(script: Script, type_name: str | None = None, *, moderation: bool = True) -> list[Issue]:
    """:func:`validate` plus the crisis gate (crisis issues first): for files and hand edits."""
    return crisis_check(script, moderation=moderation)[1] + validate(script, type_name)


def ensure_safe_script(script: Script) -> Script:
    """Return ``script``, or raise :class:`UnsafeScript` when it contains crisis language."""
    result, issues = crisis_check(script)
    if issues:
        raise UnsafeScript(issues, result)
    return script
