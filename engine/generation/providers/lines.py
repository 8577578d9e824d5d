"""Scripts from plain lines, one section at a time: the shape a small local model can write.

A small model asked for a whole script as JSON gets the counts, the person and the structure
wrong. Here it is asked only for a few plain lines at a time (the title, then each section); the
engine owns the structure, the pauses and the pacing (:mod:`~engine.generation.providers.convert`):

1. every answer is cleaned deterministically (numbers, bullets, quotes, prefaces and fences
   dropped; one line split where the model numbered several on one line; a full stop added);
2. each line is checked on its own (the statement rules, the craft checker, medical claims,
   sleep safety, near-duplicates of lines already kept) and a failing line is dropped, extra
   lines are trimmed, and the answer stops being read once enough lines are in;
3. when lines are missing, a *fresh* short prompt asks for just those (never a growing thread);
4. what the model still did not write, the offline engine writes, and the result says so:
   ``usage["offline_sections"]``, ``usage["note"]`` and ``prompt["provenance"]``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from engine.content import craft, rules
from engine.content.params import BaseParams
from engine.content.types import TECHNIQUES
from engine.content.validate import MEDITATION_SECTIONS, NARRATION_WPM, validate
from engine.generation.base import GenerationResult
from engine.generation.providers import convert, prompts
from engine.script import Line, Pause, Script, Section

WORDS_PER_LINE = 11.0
MAX_SPOKEN_WORDS = 24
SECTION_SHARE = {"Arrival": 0.13, "Breath": 0.16, "Body": 0.19, "Practice": 0.28, "Integration": 0.12,
                 "Return": 0.12}
MEDITATION_PURPOSE = {
    "Arrival": "welcome the listener and help them settle where they are",
    "Breath": "bring their attention to the breath and let it slow down",
    "Body": "soften the body, one region at a time",
    "Integration": "notice how they feel now and let the practice settle",
}
RITUAL_PARTS: dict[str, tuple[int, str]] = {  # section: (lines, what it is)
    "Intention": (1, 'one sentence starting with "I", saying why this ritual matters to me'),
    "Identity": (2, 'each line starts exactly "I am someone who" and names who I am becoming'),
    "Anchor": (1, 'the daily cue that starts the ritual, as one sentence starting with "After I" or "When I"'),
    "Embodiment": (1, 'a posture, breath or gesture to do while speaking, saying how long '
                      '(for example "for three slow breaths")'),
    "Commitment": (1, 'one sentence starting with "Today I", naming one small thing I do today'),
}
RITUAL_AFFIRMATIONS = 5
_BULLET = re.compile(r"^\s*(?:[-*•·>]+|\(?\d{1,2}\s*[.):]|#+)\s*")
_INLINE_NUMBER = re.compile(r"\s+(?=\(?\d{1,2}[.)]\s)")
_CHATTER = re.compile(r"^(?:here (?:are|is)|sure\b|certainly\b|of course\b|i hope (?:this|these|that)|"
                      r"note:|let me know|feel free|these (?:lines|affirmations))", re.IGNORECASE)
_LOWER_I = re.compile(r"\bi\b(?=$|[\s'’,.!?])")
_LABEL = re.compile(r"^(?:title|line|affirmation|statement)\s*\d*\s*:\s*", re.IGNORECASE)


def clean_lines(text: str) -> list[str]:
    """The lines in a model's plain answer, tidied (see the module doc, step 1)."""
    out: list[str] = []
    for raw in _INLINE_NUMBER.sub("\n", text).splitlines():
        line = _LABEL.sub("", _BULLET.sub("", raw.strip()))
        line = line.strip().strip("*_`").strip().strip('"“”‘’\'').strip()
        if not line or line.startswith("```") or line.endswith(":") or _CHATTER.match(line):
            continue
        line = _LOWER_I.sub("I", " ".join(line.split()))  # "i trust" -> "I trust"
        line = line[0].upper() + line[1:]
        if line[-1] not in ".!?":
            line += "."
        out.append(line)
    return out


def statement_problem(text: str) -> str | None:
    """Why ``text`` cannot be an affirmation, or ``None``."""
    from engine.language.claims import medical_claim

    if not rules.is_first_person(text):
        return "not first person"
    for check, what in ((rules.negative_framing, "negative framing"), (rules.not_present_tense, "not present"),
                        (rules.unbelievable, "hard to believe"), (medical_claim, "a medical claim")):
        if found := check(text):
            return f"{what} ({found!r})"
    if len(rules.words(text)) > rules.MAX_AFFIRMATION_WORDS:
        return "too long"
    return _craft_problem(text)


def spoken_problem(text: str, *, sleep: bool = False) -> str | None:
    """Why ``text`` cannot be a spoken meditation or ritual line, or ``None``."""
    from engine.language.claims import medical_claim

    if len(rules.words(text)) > MAX_SPOKEN_WORDS:
        return "too long"
    if found := medical_claim(text):
        return f"a medical claim ({found!r})"
    if sleep and (match := craft.DAYTIME.search(text)):
        return f"not sleep-safe ({match[0]!r})"
    return _craft_problem(text)


def _craft_problem(text: str) -> str | None:
    issues = craft.line_issues(text)
    return issues[0][1] if issues else None


AskText = Callable[[str, str, int, int], str]  # (system, user, max_lines, max_tokens) -> the answer's text


class LineWriter:
    """Writes one script through ``ask`` (one plain request per call)."""

    def __init__(self, ask: AskText, params: BaseParams, *, max_tokens: int = 4096, reasks: int = 2,
                 on_text: Callable[[str], None] | None = None) -> None:
        self._ask, self.params, self.max_tokens = ask, params, max_tokens
        self.reasks, self.on_text = max(int(reasks), 0), on_text
        self.system = prompts.render("lines.system")
        self.asked: list[dict[str, str]] = []  # every prompt sent, for the generation log
        self.provenance: dict[str, str] = {}
        self._offline: Script | None = None
        self.sleep = params.type == "meditation" and craft.is_sleep_script(
            Script({"type": "meditation", "technique": getattr(params, "technique", ""),
                    "intent": params.intent}))

    # -- asking --------------------------------------------------------------------------------
    def ask(self, user: str, lines: int) -> list[str]:
        self.asked.append({"user": user})
        text = self._ask(self.system, user, lines + 2, min(self.max_tokens, 48 * (lines + 2)))
        return clean_lines(text)

    def gather(self, section: str, need: int, prompt: Callable[[int, list[str]], str],
               problem: Callable[[str], str | None]) -> list[str]:
        """``need`` good lines for ``section``: fresh short re-asks for the missing ones, then offline."""
        from engine.language.similar import near_duplicate

        kept: list[str] = []
        for _ in range(1 + self.reasks):
            for line in self.ask(prompt(need - len(kept), kept), need - len(kept)):
                if len(kept) < need and problem(line) is None and not near_duplicate(line, kept) and \
                        not any(rules.similarity(line, k) >= 0.8 for k in kept):
                    kept.append(line)
            if len(kept) >= need:
                break
        if self.on_text:
            for line in kept:
                self.on_text(line + "\n")
        self.provenance[section] = "model" if len(kept) >= need else ("mixed" if kept else "offline")
        return kept

    # -- the offline engine, for what the model could not write ------------------------------------
    def offline(self) -> Script:
        if self._offline is None:
            from engine.generation.offline import OfflineProvider

            params = self.params
            if params.seed is None:
                import zlib

                params = dataclasses.replace(params, seed=zlib.crc32(f"{params.type}|{params.intent}".encode()))
            self._offline = OfflineProvider().generate(params).script
        return self._offline

    def offline_lines(self, section: str) -> list[str]:
        found = self.offline().section(section)
        return [line.text for line in found.lines] if found else []

    def topped_up(self, section: str, kept: list[str], need: int) -> list[str]:
        """``kept`` plus offline lines (not near-duplicates) until there are ``need``."""
        from engine.language.similar import near_duplicate

        out = list(kept)
        for text in self.offline_lines(section):
            if len(out) >= need:
                break
            if not near_duplicate(text, out):
                out.append(text)
        return out

    # -- each type -----------------------------------------------------------------------------------
    def title(self, what: str) -> str:
        self.asked.append({"user": (user := prompts.render("lines.title", what=what, params=self.params))})
        text = self._ask(self.system, user, 1, min(self.max_tokens, 24))
        for line in clean_lines(text):
            line = line.rstrip(".!")
            if 1 <= len(line.split()) <= 7 and not craft.line_issues(line) and not craft.CLOCK.search(line):
                self.provenance["title"] = "model"
                return line
        self.provenance["title"] = "offline"
        return self.offline().meta.get("title", "") or "Daily Practice"

    def statements(self, section: str, count: int) -> list[str]:
        def prompt(n: int, avoid: list[str]) -> str:
            return prompts.render("lines.statements", params=self.params, count=n, avoid=avoid)

        kept = self.gather(section, count, prompt, statement_problem)
        return self.topped_up(section, kept, count)

    def affirmation(self) -> dict[str, Any]:
        return {"title": self.title("an affirmation set"),
                "statements": self.statements("Affirmations", int(self.params.count))}  # type: ignore[attr-defined]

    def ritual(self) -> dict[str, Any]:
        data: dict[str, Any] = {"title": self.title("a daily ritual")}
        for section, (count, purpose) in RITUAL_PARTS.items():
            check = _identity_problem if section == "Identity" else spoken_problem

            def prompt(n: int, avoid: list[str], section: str = section, purpose: str = purpose) -> str:
                return prompts.render_for("lines.ritual", self.params, count=n, section=section.lower(),
                                          purpose=purpose, avoid=avoid)

            kept = self.topped_up(section, self.gather(section, count, prompt, check), count)
            data[section.lower()] = kept if section == "Identity" else " ".join(kept[:1])
            if section == "Embodiment":
                data["affirmations"] = self.statements("Affirmations", RITUAL_AFFIRMATIONS)
        return data

    def meditation(self) -> dict[str, Any]:
        params: Any = self.params
        seconds = float(params.minutes) * 60
        words = seconds * prompts.SPEECH_SHARE * NARRATION_WPM / 60
        technique = TECHNIQUES[params.technique]
        practice = technique.split(": ", 1)[-1]
        sections = []
        for section in MEDITATION_SECTIONS:
            count = max(2, min(8, round(words * SECTION_SHARE[section] / WORDS_PER_LINE)))
            purpose = MEDITATION_PURPOSE.get(section) or (
                practice if section == "Practice" else
                "let them drift towards sleep, ending with a soft closing line" if self.sleep else
                "bring them gently back, ending with a closing line")

            def prompt(n: int, avoid: list[str], section: str = section, purpose: str = purpose) -> str:
                return prompts.render_for("lines.meditation", self.params, count=n, section=section,
                                          purpose=purpose, avoid=avoid, sleep=self.sleep)

            kept = self.gather(section, count, prompt, lambda text: spoken_problem(text, sleep=self.sleep))
            if len(kept) < count:
                kept = self.topped_up(section, kept, count)
            sections.append({"name": section, "items": _paced(kept)})
        return {"title": self.title("a meditation"), "sections": sections}

    # -- the whole script ----------------------------------------------------------------------------
    def write(self) -> tuple[Script, list[str]]:
        """The script and the parts the offline engine wrote (whole or in part)."""
        data = getattr(self, self.params.type)()
        try:
            script = _trimmed(convert.to_script(data, self.params), self.params)
        except convert.AnswerError:  # a part left empty even after the offline top-up: all offline
            self.provenance = {name: "offline" for name in self.provenance}
            return self.offline(), list(self.provenance)
        issues = validate(script, self.params.type)
        flagged = {i.section for i in issues if i.section == "Affirmations" and i.line and i.code != "count"}
        if flagged:  # what the line checks could not see (a duplicate in meaning): drop it, top up, rebuild
            section = script.section("Affirmations")
            bad = {section.lines[i.line - 1].text for i in issues  # type: ignore[union-attr]
                   if i.section == "Affirmations" and i.line and i.line <= len(section.lines)}  # type: ignore[union-attr]
            key = "statements" if self.params.type == "affirmation" else "affirmations"
            kept = [text for text in data[key] if text not in bad]
            data[key] = self.topped_up("Affirmations", kept, len(data[key]))
            self.provenance["Affirmations"] = "mixed" if kept else "offline"
            script = _trimmed(convert.to_script(data, self.params), self.params)
            issues = validate(script, self.params.type)
        for name in dict.fromkeys(i.section for i in issues if i.section):  # then swap the section whole
            _swap_section(script, self.offline(), name)
            self.provenance[name] = "offline"
        if self.params.type == "meditation":
            convert.fit_pacing(script, float(self.params.minutes) * 60)  # type: ignore[attr-defined]
        if validate(script, self.params.type):
            script = self.offline()
            self.provenance = {name: "offline" for name in self.provenance}
        offline = [name for name, source in self.provenance.items() if source != "model"]
        return script, offline


def repair_statements(data: dict[str, Any], params: BaseParams) -> dict[str, Any]:
    """A whole-script answer with its rule-breaking or repeated statements dropped and the rest trimmed
    to the count, when enough good ones are left; otherwise unchanged (the problems go back to the model)."""
    from engine.language.similar import near_duplicate

    key, low, high = (("statements", params.count, params.count) if params.type == "affirmation"  # type: ignore[attr-defined]
                      else ("affirmations", 3, 7) if params.type == "ritual" else ("", 0, 0))
    given = data.get(key) if key else None
    if not isinstance(given, list) or not all(isinstance(text, str) for text in given):
        return data
    kept: list[str] = []
    for text in (" ".join(t.split()) for t in given):
        if text and statement_problem(text) is None and not near_duplicate(text, kept):
            kept.append(text)
    if len(kept) < low or kept == given:
        return data
    return {**data, key: kept[:high]}


def _identity_problem(text: str) -> str | None:
    from engine.content.validate import IDENTITY

    return spoken_problem(text) or (None if IDENTITY.match(text) else 'does not start "I am someone who"')


def _paced(lines: list[str]) -> list[dict[str, Any]]:
    """Each line followed by the silence it needs; the last pause of a section is the one that stretches."""
    items: list[dict[str, Any]] = []
    for index, text in enumerate(lines):
        last = index == len(lines) - 1
        need = craft.instruction_seconds(text)
        items += [{"say": text}, {"pause_seconds": max(need, 8.0 if last else 3.0), "flexible": last}]
    return items


def _trimmed(script: Script, params: BaseParams) -> Script:
    """A meditation whose words alone overrun its length loses lines from its longest sections."""
    if params.type != "meditation":
        return script
    target = float(params.minutes) * 60  # type: ignore[attr-defined]
    while script.spoken_words() * 60 / NARRATION_WPM > target * 0.8:
        longest = max(script.sections, key=lambda s: len(s.lines))
        if len(longest.lines) <= 1:
            break
        position = max(i for i, item in enumerate(longest.items) if isinstance(item, Line))
        del longest.items[position - 1 if position and isinstance(longest.items[position - 1], Pause)
                          else position: position + 1]
    return script


def _swap_section(script: Script, offline: Script, name: str) -> None:
    replacement = offline.section(name)
    for index, section in enumerate(script.sections):
        if section.name == name and replacement is not None:
            script.sections[index] = Section(name, list(replacement.items))


def note(provenance: dict[str, str], who: str) -> str:
    """The line shown after a save when the offline engine wrote the script or a part of it."""
    parts = [("the title" if name == "title" else f"the {name} section") if source == "offline"
             else f"part of the {name} section" for name, source in provenance.items() if source != "model"]
    named = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]
    return (f"{who} could not write {named} within the rules, so the offline engine wrote "
            f"{'them' if len(parts) > 1 else 'it'}")


def generate(ask: AskText, params: BaseParams, *, provider: str, model: str, max_tokens: int = 4096,
             reasks: int = 2, on_text: Callable[[str], None] | None = None) -> GenerationResult:
    """One script in lines mode (the caller adds the token totals to ``usage``)."""
    writer = LineWriter(ask, params, max_tokens=max_tokens, reasks=reasks, on_text=on_text)
    script, offline = writer.write()
    result = GenerationResult(script=script, provider=provider, model=model, seed=params.seed)
    if offline:
        result.usage["offline_sections"] = offline
        result.usage["note"] = note(writer.provenance, f"the model {model}")
    result.usage["asks"] = len(writer.asked)
    result.prompt = {"params": params.to_dict(), "style": "lines", "system": writer.system,
                     "asked": writer.asked, "model": model, "provenance": writer.provenance}
    return result
