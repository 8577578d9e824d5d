"""Craft rules an editor applies to any script, offline or from an LLM: grammar of spliced words,
a/an, repeated words, distress echoed back as a goal, a closing that fits, silence long enough for
what a line asks, and sleep scripts that stay sleep-safe.

``instruction_seconds(text)`` is the silence a line's instruction needs; the offline pacing gives it
and the checker holds every script to it.
"""

from __future__ import annotations

import re

from engine.script import Line, Pause, Script

BREATH_SECONDS = 5.0
PLANS_AHEAD = ("Commitment", "Affirmations", "Intention")  # sections that describe rather than instruct
NUMBERS = {"a couple of": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "a few": 3, "few": 3, "several": 4, "some": 3, "2": 2, "3": 3, "4": 4, "5": 5,
           "6": 6, "7": 7, "8": 8, "9": 9, "10": 10}
_N = "|".join(sorted((re.escape(k) for k in NUMBERS), key=len, reverse=True))
COUNT_BREATHS = re.compile(rf"\bcount\b[^.]*?\b(?:up to|to|until you reach)\s+({_N})\b", re.I)
N_BREATHS = re.compile(rf"\b(?:for|take|over|through|stay[^.]*?for|hold[^.]*?for)\s+({_N})\s+(?:\w+\s+)?breaths?\b",
                       re.I)
N_THINGS = re.compile(rf"\b(?:notice|name|find|count|look for)\s+({_N})\s+(?:things|sounds|colours|colors|"
                      r"shapes|objects|points)\b", re.I)
N_TIMES = re.compile(rf"\bbreath\w*\b[^.]*?\b({_N})\s+times\b|\b({_N})\s+times\b[^.]*?\bbreath", re.I)
FOR_TIME = re.compile(r"\bfor (?:a|one) (?:full )?minute\b|\bfor a few minutes\b|\bfor (\d+) seconds\b", re.I)
PARTS = (r"(?:feet|toes|ankles|calves|legs|knees|thighs|hips|pelvis|belly|stomach|lower back|back|chest|"
         r"upper back|shoulders|arms|elbows|hands|fingers|neck|throat|jaw|face|forehead|scalp|head)")
BODY_REGION = re.compile(
    rf"\b(?:bring|move|let|rest) (?:your )?attention (?:to|into|down to|up to|over) your {PARTS}\b"
    rf"|\bnotice your {PARTS}\b",
    re.I,
)
REST_HERE = re.compile(r"\b(?:rest here|stay with this|stay here|rest in this)\b", re.I)

DISTRESS_WORDS = ("hopeless|numb|worthless|empty|despair|miserable|depressed|broken|useless|helpless|trapped|"
                  "ashamed|awful|terrible|lonely|anxious|panicky|exhausted|overwhelmed|drained|afraid|scared")
SEVERE = "hopeless|numb|worthless|empty|despair|despairing|trapped|helpless|broken|useless|dead inside"
ECHOED_DISTRESS = re.compile(
    rf"\b(?:grow|growing|become|becoming|welcome|welcoming|choose|choosing|embrace|embracing)\s+"
    rf"(?:feeling\s+|more\s+)?(?:{DISTRESS_WORDS})\b"
    rf"|\b(?:allow|let)\s+(?:myself|yourself)\s+(?:to\s+)?(?:feel|be)\s+(?:so\s+)?(?:{SEVERE})\b"
    rf"|\b(?:i am|i'm|you are|you're) (?:here )?to (?:feel|be|grow|become) (?:{DISTRESS_WORDS})\b",
    re.I,
)
# Frames that only read well with the right kind of phrase after them.
BAD_SPLICES = [
    (re.compile(r"\b(?:for|of|about|room for|time for)\s+(?:fall|get|calm|stay|feel|be|go|sleep|wake|stop|"
                r"write|study|focus|learn|run|speak|make|find)\s+(?:asleep|awake|up|down|better|faster|calm|"
                r"calmer|more|less|on|through|before|every|my|the)\b", re.I), "a verb spliced where a noun belongs"),
    (re.compile(r"\bto\s+calm\s+(?:before|after|during|at|in|on|when)\b", re.I),
     "'calm' used as a verb with no object"),
    (re.compile(r"\bhow to (?:calm|confident|happy|better|calmer)\s+(?:before|after|at|in|on)\b", re.I),
     "an adjective spliced where a verb belongs"),
    (re.compile(r"\b(?:I|you) (?:choose|welcome|allow myself|allow yourself) (?:\w+ing)\s+(?:my|your|the|a)\b"),
     "a gerund phrase spliced into a frame"),
    (re.compile(r"\b(?:my|your|the|a|an|our) (?:on|in|at|to|for|of|my|your|the|a|an)\b(?![-'’])", re.I),
     "two function words in a row"),
    (re.compile(r"\b(?:feel|grow|growing) (?:for|to|before|after)\b", re.I), "a verb left without its complement"),
]
CLOCK = re.compile(r"\b\d{1,2}:\d\d\b")
ARTICLE = re.compile(r"\b(a|an|A|An)\s+([A-Za-z0-9][\w-]*)")
REPEATED = re.compile(r"\b(\w+)\s+\1\b", re.I)
REPEAT_OK = {"very", "so", "that", "had", "slowly", "softly", "deeper", "quieter", "breathe", "in", "out", "down"}
DAYTIME = re.compile(
    r"\bopen your eyes\b|\bsun(?:light|lit|rise|shine|ny)?\b|\bbright(?:ly|ness)?\b|\bdaylight\b|\bmidday\b|"
    r"\bnoon\b|\bmorning light\b|\breturn to your day\b|\binto (?:the rest of )?your day\b|\benergi[sz]ed\b|"
    r"\balert\b|\bwide awake\b|\bget up\b|\bstand up\b|\bstretch\b",
    re.I,
)
WAKING = re.compile(r"\bmorning\b|\bwak(?:e|ing) up (?:energi|fresh|early|feeling|ready|rested)", re.I)
SLEEP_WORDS = re.compile(r"\b(?:sleep|asleep|insomnia|bedtime|bed|night|drift off|nod off|falling asleep)\b", re.I)


def instruction_seconds(text: str) -> float:
    """The silence (seconds) the instruction in ``text`` needs after it is spoken; 0 when none."""
    need = 0.0
    if match := COUNT_BREATHS.search(text):
        need = max(need, NUMBERS[match[1].lower()] * BREATH_SECONDS)
    if match := N_BREATHS.search(text):
        need = max(need, NUMBERS[match[1].lower()] * BREATH_SECONDS)
    if match := N_TIMES.search(text):
        need = max(need, NUMBERS[(match[1] or match[2]).lower()] * BREATH_SECONDS)
    if match := N_THINGS.search(text):
        need = max(need, NUMBERS[match[1].lower()] * 4.0)
    if match := FOR_TIME.search(text):
        need = max(need, float(match[1]) if match[1] else 60.0 if "minute" in match[0].lower() else 0.0)
        if "few minutes" in match[0].lower():
            need = max(need, 120.0)
    if BODY_REGION.search(text):
        need = max(need, 6.0)
    if REST_HERE.search(text):
        need = max(need, 8.0)
    return need


def article_errors(text: str) -> list[str]:
    """``"A Evening"``-style mistakes in ``text``."""
    from engine.language.text import indefinite

    out = []
    for match in ARTICLE.finditer(text):
        article, word = match[1].lower(), match[2]
        if word.isupper() and len(word) > 1:  # initialisms ("an MP3") follow letter names; leave them
            continue
        if indefinite(word) != article:
            out.append(match[0])
    return out


def line_issues(text: str) -> list[tuple[str, str]]:
    """``(code, message)`` for every craft problem inside one line of text."""
    out = []
    for found in article_errors(text):
        out.append(("article", f"wrong article in {found!r}"))
    for match in REPEATED.finditer(text):
        if match[1].lower() not in REPEAT_OK:
            out.append(("repeat", f"repeated word {match[0]!r}"))
    for pattern, what in BAD_SPLICES:
        if match := pattern.search(text):
            out.append(("grammar", f"{what}: {match[0]!r}"))
    if match := ECHOED_DISTRESS.search(text):
        out.append(("distress", f"a painful feeling said back as a goal: {match[0]!r}"))
    return out


def sleep_request(text: str) -> bool:
    """Whether a meditation asked for in these words is for the night (and so must be sleep-safe)."""
    return bool(SLEEP_WORDS.search(text or "")) and not WAKING.search(text or "")


def is_sleep_script(script: Script) -> bool:
    if script.meta.get("technique") == "sleep":
        return True
    return script.type == "meditation" and sleep_request(script.meta.get("intent", ""))


def check(script: Script) -> list[tuple[str, str, str | None, int | None]]:
    """``(code, message, section, line)`` for every craft problem in ``script``."""
    out: list[tuple[str, str, str | None, int | None]] = []
    title = script.meta.get("title", "")
    for code, message in line_issues(title):
        out.append((code, f"title: {message}", None, None))
    if CLOCK.search(title):
        out.append(("grammar", f"title names a clock time: {title!r}", None, None))
    sleep = is_sleep_script(script)
    for section in script.sections:
        index = 0
        items = section.items
        for position, item in enumerate(items):
            if not isinstance(item, Line):
                continue
            index += 1
            for code, message in line_issues(item.text):
                out.append((code, message, section.name, index))
            need = instruction_seconds(item.text)
            if need and script.type in ("meditation", "ritual") and section.name not in PLANS_AHEAD:
                following = items[position + 1] if position + 1 < len(items) else None
                have = following.seconds if isinstance(following, Pause) else 0.0
                if have + 0.05 < need * 0.9:
                    out.append(("silence", f"{have:g}s of silence after an instruction that needs about {need:g}s: "
                                f"{item.text!r}", section.name, index))
            if sleep and (match := DAYTIME.search(item.text)):
                out.append(("sleep-safe", f"daytime or waking cue in a sleep script ({match[0]!r})",
                            section.name, index))
    if script.type == "meditation":
        closing = script.section("Return")
        if closing is None or not closing.lines:
            out.append(("closing", "the meditation has no closing (Return) line", "Return", None))
    return out
