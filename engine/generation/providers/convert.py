"""Turn a model's structured JSON answer into a :class:`Script` (the format the validators check).

Meditation pacing: models are poor at arithmetic, so when the pacing plan (narration at 115 wpm
plus every pause) misses the target by more than 5%, the *flexible* pauses are scaled by one
common factor so the plan lands on the target (each pause kept within 0.5..600 s). If the model
marked no pause flexible, pauses of 3 s or more are treated as flexible. When the spoken words
alone overrun the target nothing is scaled: the validator's pacing issue goes back to the model.
"""

from __future__ import annotations

import json
from typing import Any

from engine.content.craft import PLANS_AHEAD, instruction_seconds
from engine.content.params import BaseParams
from engine.content.validate import NARRATION_WPM, Issue
from engine.script import Line, Pause, Script, Section

MIN_PAUSE, MAX_PAUSE = 0.5, 600.0


class AnswerError(Exception):
    """The answer is not usable JSON of the expected shape; ``issues`` say why."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues))


def parse_json(text: str) -> dict[str, Any]:
    """The JSON object in ``text``; AnswerError when there is none.

    Tolerant of what small local models wrap around it: a ```json fence, a sentence before or
    after, a trailing comma, or a second object after the first (only the first is read).
    """
    body = text.strip()
    if body.startswith("```"):
        body = body.split("\n", 1)[-1].rsplit("```", 1)[0]
    try:
        data = json.loads(body)
    except ValueError as exc:
        data = _first_object(body)
        if data is None:
            at = "" if exc.msg.endswith(" at") else " at"  # "Unterminated string starting at" + pos
            problem = f"the answer is not valid JSON ({exc.msg}{at} position {exc.pos})"
            raise AnswerError([Issue("json", problem)]) from None
    if not isinstance(data, dict):
        raise AnswerError([Issue("json", "the answer must be a JSON object")])
    return data


def _first_object(text: str) -> dict[str, Any] | None:
    """The first balanced ``{...}`` in ``text`` that parses (trailing commas forgiven), or ``None``."""
    import re

    start = text.find("{")
    while start != -1:
        depth, in_string, escape = 0, False, False
        for index in range(start, len(text)):
            char = text[index]
            if in_string:
                escape, in_string = (False, True) if escape else (char == "\\", char != '"')
                continue
            if char == '"':
                in_string = True
            elif char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    chunk = text[start:index + 1]
                    for candidate in (chunk, re.sub(r",\s*([}\]])", r"\1", chunk)):
                        try:
                            data = json.loads(candidate)
                        except ValueError:
                            continue
                        if isinstance(data, dict):
                            return data
                    break
        start = text.find("{", start + 1)
    return None


def _text(data: dict[str, Any], key: str, issues: list[Issue]) -> str:
    value = data.get(key)
    if isinstance(value, list):
        value = " ".join(str(v) for v in value if isinstance(v, str))
    if not isinstance(value, str) or not value.strip():
        issues.append(Issue("schema", f"'{key}' must be a non-empty string"))
        return ""
    return " ".join(value.split())


def _texts(data: dict[str, Any], key: str, issues: list[Issue]) -> list[str]:
    value = data.get(key)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        issues.append(Issue("schema", f"'{key}' must be a non-empty list of strings"))
        return []
    return [" ".join(v.split()) for v in value]


def _spaced(lines: list[str], pause: float, repeat: int = 1) -> list[Line | Pause]:
    items: list[Line | Pause] = []
    for index, text in enumerate(lines):
        if index:
            items.append(Pause(pause))
        items.append(Line(text, repeat=repeat))
    return items


def _affirmation(data: dict[str, Any], params: Any, issues: list[Issue]) -> Script:
    statements = _texts(data, "statements", issues)
    meta = {"type": "affirmation", "title": _text(data, "title", issues), "intent": params.intent,
            "count": str(len(statements)), "repetitions": str(params.repetitions)}
    if statements and len(statements) != params.count:
        issues.append(Issue("count", f"asked for {params.count} statements, got {len(statements)}"))
    return Script(meta, [Section("Affirmations", _spaced(statements, 2.0, params.repetitions))])


def _meditation(data: dict[str, Any], params: Any, issues: list[Issue]) -> Script:
    meta = {"type": "meditation", "title": _text(data, "title", issues), "intent": params.intent,
            "minutes": f"{params.minutes:g}", "technique": params.technique}
    script = Script(meta)
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        issues.append(Issue("schema", "'sections' must be a non-empty list"))
        return script
    for number, raw in enumerate(sections, start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not isinstance(
                raw.get("items"), list):
            issues.append(Issue("schema", f"section {number} needs a 'name' and a list of 'items'"))
            continue
        section = Section(raw["name"].strip() or f"Section {number}")
        for item in raw["items"]:
            if isinstance(item, dict) and isinstance(item.get("say"), str) and item["say"].strip():
                section.items.append(Line(" ".join(item["say"].split())))
            elif isinstance(item, dict) and isinstance(item.get("pause_seconds"), int | float):
                seconds = min(max(float(item["pause_seconds"]), MIN_PAUSE), MAX_PAUSE)
                section.items.append(Pause(round(seconds, 1), bool(item.get("flexible", False))))
            else:
                issues.append(Issue("schema", f"bad item {json.dumps(item)[:80]}: use "
                                    '{"say": "..."} or {"pause_seconds": N, "flexible": bool}', section.name))
        script.sections.append(section)
    fit_pacing(script, float(params.minutes) * 60)
    return script


def fit_pacing(script: Script, target: float, tolerance: float = 0.05) -> float:
    """Scale flexible pauses so the pacing plan lands on ``target`` seconds; returns the factor."""
    planned = script.estimated_seconds(NARRATION_WPM)
    if not target or abs(planned - target) <= tolerance * target / 2:
        return 1.0
    pauses = script.pauses
    flexible = [p for p in pauses if p.flexible] or [p for p in pauses if p.seconds >= 3]
    stretch = sum(p.seconds for p in flexible)
    fixed = planned - stretch
    if stretch <= 0 or fixed >= target:
        return 1.0
    factor = (target - fixed) / stretch
    chosen = {id(p) for p in flexible}
    for section in script.sections:
        section.items = [
            Pause(round(min(max(item.seconds * factor, MIN_PAUSE), MAX_PAUSE), 1), item.flexible)
            if isinstance(item, Pause) and id(item) in chosen else item
            for item in section.items
        ]
    return factor


def _ritual(data: dict[str, Any], params: Any, issues: list[Issue]) -> Script:
    meta = {"type": "ritual", "title": _text(data, "title", issues), "intent": params.intent,
            "time": params.time_of_day, "minutes": f"{params.minutes:g}"}
    if params.anchor:
        meta["anchor"] = params.anchor
    parts = [
        ("Intention", [_text(data, "intention", issues)]),
        ("Identity", _texts(data, "identity", issues)),
        ("Anchor", [_text(data, "anchor", issues)]),
        ("Embodiment", [_text(data, "embodiment", issues)]),
        ("Affirmations", _texts(data, "affirmations", issues)),
        ("Commitment", [_text(data, "commitment", issues)]),
    ]
    sections = []
    for name, lines in parts:
        items: list[Line | Pause] = []
        texts = [t for t in lines if t]
        for index, text in enumerate(texts):
            last = index == len(texts) - 1
            need = 0.0 if name in PLANS_AHEAD else instruction_seconds(text)  # "for three slow breaths": 15 s
            items += [Line(text), Pause(max(4.0 if last else 3.0, need), last)]
        sections.append(Section(name, items))
    return Script(meta, sections)


CONVERTERS = {"affirmation": _affirmation, "meditation": _meditation, "ritual": _ritual}


def to_script(data: dict[str, Any], params: BaseParams) -> Script:
    """The script for an answer; :class:`AnswerError` when its shape is wrong."""
    issues: list[Issue] = []
    script = CONVERTERS[params.type](data, params, issues)
    if issues:
        raise AnswerError(issues)
    return script
