"""Read the user's intent and context: themes, the moments and things they named, and their goal."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from engine.content import rules
from engine.content.params import BaseParams
from engine.generation.offline import bank

TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+")


@dataclass
class Situation:
    """What the offline engine understood from the user's words."""

    intent: str
    context: str = ""
    themes: list[str] = field(default_factory=lambda: ["general"])
    situations: list[str] = field(default_factory=list)  # "before exams", "at night", "when I study"
    topic: str | None = None  # "my exams"
    goal_verb: str | None = None  # "feel calmer before exams"
    goal_noun: str | None = None  # "better sleep"
    name: str | None = None
    text: str = ""  # everything the user said, lower-cased
    people: list[str] = field(default_factory=list)  # "my mum", first person
    things: list[str] = field(default_factory=list)  # "the rent", "my reports": what is on their mind
    since: str | None = None  # "September": the month or season since which things changed for them
    until: str | None = None  # "April", "14 March": a date still ahead of them
    span: str | None = None   # "20 minutes", "10 minutes a night": time they mean to give a practice
    english: bool = True  # False: the words could not be read (another language, emoji): write a general script

    @property
    def theme(self) -> str:
        return self.themes[0]

    @property
    def purpose(self) -> str | None:
        """First person: ``"to feel calmer before exams"`` or ``"for better sleep"``."""
        if self.goal_verb:
            return f"to {self.goal_verb}"
        if self.goal_noun:
            return f"for {self.goal_noun}"
        return None

    def values(self, person: int = 1) -> dict[str, Any]:
        """Template variables; ``person=2`` speaks to the listener ("before your exams")."""
        from engine.language.phrases import second_person

        convert = second_person if person == 2 else (lambda text: text)
        situation = self.situations[0] if self.situations else None
        clock = next((m for m in self.situations if re.fullmatch(r"at (?:\d.*|noon|midday)", m)),  # the hour first
                     next((m for m in self.situations if re.fullmatch(r"on [A-Z]\w+day", m)), None))
        return {
            "when": clock,
            "place": convert(place) if (place := next((m for m in self.situations if re.fullmatch(
                r"(?:at|on|in) (?:my|the) [a-z ]+", m) and m.split()[-1] not in _TIMES), None)) else None,
            "thing": convert(self.things[0]) if self.things else None,
            "intent": self.intent,
            "name": self.name,
            "situation": convert(situation) if situation else None,
            "topic": convert(self.topic) if self.topic else None,
            "goal_verb": self.goal_verb,
            "goal_noun": self.goal_noun,
            "goal_gerund": _Gerund(self.goal_verb) if self.goal_verb else None,
            "purpose": convert(self.purpose) if self.purpose else None,
            "purpose_1p": self.purpose,
            "since": self.since,
            "until": self.until,
            "span": self.span,
        }


class _Gerund:
    """"falling asleep faster", inflected only if a frame uses it (the inflection table is slow to load)."""

    def __init__(self, verb: str):
        self.verb = verb

    def __str__(self) -> str:
        from engine.language.phrases import Goal

        return Goal(verb=self.verb).gerund or self.verb


def _tokens(text: str) -> list[str]:
    return [token.replace("’", "'") for token in TOKEN.findall(text)]


def _lexicon() -> dict[str, Any]:
    return bank.load("lexicon")


def _safe(phrase: str) -> bool:
    lowered = phrase.lower()
    unsafe = _lexicon()["lists"]["unsafe"]
    return not (
        any(word in lowered for word in unsafe)
        or rules.negative_framing(phrase)
        or rules.not_present_tense(phrase)
        or rules.unbelievable(phrase)
        or rules.medical_claim(phrase)
    )


GROUPS = {"board", "committee", "jury", "council", "governors", "directors", "trustees", "shareholders",
          "investors", "judges", "selectors", "partners", "management", "leadership", "execs", "examiners",
          "interviewers", "inspectors", "panel", "crowd", "congregation", "choir", "band", "squad", "staff"}
_TIMES = {"morning", "evening", "night", "afternoon", "weekend", "hours", "day", "week", "lunch", "break"}
NOUN_CUES = {"my", "the", "a", "an", "for", "before", "after", "during", "about", "at", "of", "our", "with"}


def find_topic(intent: str) -> str | None:
    """A thing the intent names as a noun ("my exams"); never a word used as a verb or in an idiom."""
    topics = _lexicon()["topics"]
    tokens = _tokens(intent.lower())
    for index, token in enumerate(tokens):
        if token not in topics:
            continue
        before = tokens[index - 1] if index else ""
        if before in NOUN_CUES or (index == len(tokens) - 1 and index > 0):
            return topics[token]
    return None


def _profile_text(profile: dict[str, Any] | None, key: str) -> str:
    value = (profile or {}).get(key)
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    return bank.clean(str(value)) if value else ""


def read(params: BaseParams, profile: dict[str, Any] | None = None) -> Situation:
    """Everything the composers need from ``params`` (and the optional ``profile``)."""
    from engine.language import phrases, themes

    intent, context = bank.clean(params.intent), bank.clean(params.context)
    extra = " ".join(_profile_text(profile, key) for key in ("feelings", "obstacles", "goals"))
    name = _profile_text(profile, "name").split(" ")[0][:30] or None
    if name and not name.replace("-", "").isalpha():
        name = None
    english = language_ok(intent)
    goal = phrases.goal(intent) if english else phrases.Goal()
    found = phrases.details(f"{intent}. {context}")
    moments = [m for m in (phrases.moment(intent), phrases.moment(context)) if m]
    moments += [p for p in found.places + found.times if p not in moments]
    # a month or season is said by the since/until lines ("between now and April"), never as the
    # moment a line opens with ("In April, I choose ..." for a race still ahead)
    dated = {d.lower() for d in (found.since or []) + (found.until or [])}
    moments = [m for m in moments if not any(m.lower().endswith(f" {d}") for d in dated)]
    said = {word for m in moments for word in m.split()[1:]}
    things = [t for t in found.things if t.split()[-1] not in said and _safe(t)]  # "my presentation" twice: no
    # "the board", "the committee": a group of people, met in the people lines, never "the board can wait"
    groups = [t for t in things if t.split()[-1] in GROUPS]
    things = [t for t in things if t not in groups]
    people = list(dict.fromkeys([*found.people, *groups]))
    routing = themes.route(intent if english else "", " ".join(t for t in (context, extra) if t))
    avoid = {word for name in routing.themes for word in bank.themes().get(name, {}).get("avoid_moments", [])}
    moments = [m for m in moments if not avoid & set(m.lower().split()[1:])]  # never "at the pub" when sober
    return Situation(
        intent=intent,
        context=context,
        themes=routing.themes,
        situations=[m for m in dict.fromkeys(moments) if _safe(m)][:3],
        topic=find_topic(intent) if english else None,
        goal_verb=goal.verb if _usable(goal.verb) and _aim(goal.verb) else None,
        goal_noun=goal.noun if _usable(goal.noun) and _aim(goal.noun, noun=True) else None,
        name=name.title() if name else None,
        text=f"{intent} {context}".lower(),
        people=people if english else [],
        things=things if english else [],
        since=found.since[0] if english and found.since else None,
        until=found.until[0] if english and found.until else None,
        span=found.spans[0] if english and found.spans else None,
        english=english,
    )


def _usable(phrase: str | None) -> bool:
    """A goal phrase that is safe and that the craft checker would pass in any frame."""
    from engine.content.craft import line_issues

    return bool(phrase) and _safe(phrase) and not line_issues(f"I am learning to {phrase}.")


def _aim(phrase: str | None, *, noun: bool = False) -> bool:
    """A goal that names something wanted: "better sleep" yes, "insomnia" or "feel migraine again" no.
    An action ("fall asleep faster") stands, and so does "feel" with one of the plain good states."""
    from engine.language import aims
    from engine.language.phrases import ADJ_FIRST

    if not phrase:
        return False
    head, _, rest = phrase.partition(" ")
    if not noun and (head != "feel" or rest.split()[:1] and rest.split()[0] in ADJ_FIRST):
        return True
    return aims.wanted(phrase)


def language_ok(text: str) -> bool:
    """Whether ``text`` reads as English words (not emoji only, not another language) we can build on."""
    from engine.language import phrases
    from engine.language.themes import respell

    tokens = [t for t in _tokens(respell(text)) if not t.isdigit()]  # a typo ("lonley") is still English
    if not tokens:
        return False
    function = {"i", "im", "i'm", "my", "a", "an", "the", "to", "of", "and", "for", "in", "on", "at", "with", "me"}
    known = sum(1 for t in tokens if phrases.pos(t) or t.lower() in function or (t[:1].isupper() and t != tokens[0]))
    return known >= 1 and known / len(tokens) >= 0.3  # typos and slang pass; another language does not
