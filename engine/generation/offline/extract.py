"""Read the user's intent and context: themes, the moments and things they named, and their goal."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from engine.content import rules
from engine.content.params import BaseParams
from engine.generation.offline import bank

TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+")
CLAUSES = re.compile(r"[.;,!?()]+|\s+(?:and|but|so|because|though)\s+", re.I)
OPENERS_STRONG = {"before", "after", "during", "when", "while", "whenever"}
CLAUSE_OPENERS = {"when", "while", "whenever"}
PLACES = {"work", "home", "school", "university", "uni", "college", "office", "gym", "night", "weekends",
          "bed", "class", "lectures", "meetings", "parties", "public", "the office", "the gym", "interviews",
          "presentations", "stage", "the morning", "the evening", "the afternoon", "the night", "mornings",
          "evenings", "lunchtime", "the weekend", "exams", "exam", "the exam", "tests", "study", "church"}
SECOND_PERSON = [
    (re.compile(r"\bI am\b"), "you are"), (re.compile(r"\bI'm\b"), "you're"),
    (re.compile(r"\bI've\b"), "you've"), (re.compile(r"\bI\b"), "you"),
    (re.compile(r"\bmy\b", re.I), "your"), (re.compile(r"\bme\b", re.I), "you"),
    (re.compile(r"\bmyself\b", re.I), "yourself"), (re.compile(r"\bmine\b", re.I), "yours"),
]


@dataclass
class Situation:
    """What the offline engine understood from the user's words."""

    intent: str
    context: str = ""
    themes: list[str] = field(default_factory=lambda: ["general"])
    keywords: list[str] = field(default_factory=list)
    situations: list[str] = field(default_factory=list)  # "before exams", "at night", "when I study"
    topic: str | None = None  # "my exams"
    goal_verb: str | None = None  # "feel calmer before exams"
    goal_adj: str | None = None  # "calmer before exams"
    goal_noun: str | None = None  # "better sleep"
    time_of_day: str | None = None
    name: str | None = None
    text: str = ""  # everything the user said, lower-cased

    @property
    def theme(self) -> str:
        return self.themes[0]

    @property
    def purpose(self) -> str | None:
        """First person: ``"to feel calmer before exams"``, ``"to grow calmer"`` or ``"for better sleep"``."""
        if self.goal_verb:
            return f"to {self.goal_verb}"
        if self.goal_adj:
            return f"to grow {self.goal_adj}"
        if self.goal_noun:
            return f"for {self.goal_noun}"
        return None

    def values(self, person: int = 1) -> dict[str, Any]:
        """Template variables; ``person=2`` speaks to the listener ("before your exams")."""
        convert = second_person if person == 2 else (lambda text: text)
        situation = self.situations[0] if self.situations else None
        return {
            "intent": self.intent,
            "name": self.name,
            "situation": convert(situation) if situation else None,
            "topic": convert(self.topic) if self.topic else None,
            "goal_verb": self.goal_verb,
            "goal_adj": self.goal_adj,
            "goal_noun": self.goal_noun,
            "purpose": convert(self.purpose) if self.purpose else None,
            "purpose_1p": self.purpose,
        }


def second_person(text: str) -> str:
    """``"when I study for my exams"`` -> ``"when you study for your exams"``."""
    for pattern, replacement in SECOND_PERSON:
        text = pattern.sub(replacement, text)
    return text


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


def rank_themes(intent: str, context: str) -> list[str]:
    """Theme names by how strongly the user's words point at them; ``general`` closes the list."""
    banks = bank.themes()
    scores = {name: 0.0 for name in banks}
    stems = sorted(
        ((stem, name) for name, data in banks.items() for stem in data.get("keywords", [])),
        key=lambda pair: -len(pair[0]),
    )
    for text, weight in ((intent, 3.0), (context, 1.0)):
        lowered = " ".join(_tokens(text.lower()))
        for stem, name in stems:
            if " " in stem and stem in lowered:
                scores[name] += weight * 1.5
        for token in lowered.split():
            for stem, name in stems:
                if " " not in stem and token.startswith(stem):
                    scores[name] += weight
                    break
    ranked = [name for name in banks if scores[name] > 0 and name != "general"]
    ranked.sort(key=lambda name: -scores[name])  # stable: ties keep file order
    top = scores[ranked[0]] if ranked else 0
    return [name for name in ranked[:2] if scores[name] >= top / 3] + ["general"]


def _strip_lead_in(intent: str) -> str:
    lowered = intent.lower()
    for lead in sorted(_lexicon()["lead_ins"], key=len, reverse=True):
        if lowered.startswith(lead + " "):
            return intent[len(lead) + 1:]
    return intent


def goal_forms(intent: str) -> tuple[str | None, str | None, str | None]:
    """The intent as a verb phrase, adjective phrase or noun phrase (one of the three)."""
    first_clause = CLAUSES.split(intent)[0]
    goal = bank.clean(_strip_lead_in(first_clause.strip()))
    goal = re.sub(r"\bi\b", "I", goal)
    words = goal.split()
    if not words or len(words) > 8 or not _safe(goal):
        return None, None, None
    if words[0] == "I":
        if len(words) > 2 and words[1].lower() in {"am", "feel"}:
            return None, " ".join(words[2:]), None
        return None, None, None
    goal = goal[:1].lower() + goal[1:]
    head = words[0].lower()
    lexicon = _lexicon()
    lists = lexicon["lists"]
    if head in lexicon["verbs"]:
        return goal, None, None
    if head in lexicon["adjectives"]:
        if head in {"more", "less", "better"}:
            nxt = words[1].lower() if len(words) > 1 else ""
            if not nxt.endswith(tuple(lexicon["adjective_endings"])):
                head = ""
        if head:
            return None, goal, None
    if any(word.startswith(tuple(lists["problems"])) for word in goal.lower().split()):
        return None, None, None
    return None, None, goal


def find_situations(text: str) -> list[str]:
    """Moments the user named, ready to front a sentence: "before exams", "at night", "when I study"."""
    lists = _lexicon()["lists"]
    openers, breakers = set(lists["situation_openers"]), set(lists["breakers"])
    ignored, stop = set(lists["ignored_objects"]), set(lists["stopwords"])
    known = PLACES | set(_lexicon()["topics"]) | set(_lexicon()["time_words"])
    found: list[str] = []
    for clause in CLAUSES.split(text):
        tokens = _tokens(clause)
        for index, token in enumerate(tokens):
            opener = token.lower()
            if opener not in openers:
                continue
            limit = 5 if opener in CLAUSE_OPENERS else 4
            body: list[str] = []
            for word in tokens[index + 1:index + 1 + limit]:
                lowered = word.lower()
                if lowered in breakers or (lowered in openers and opener not in CLAUSE_OPENERS):
                    break
                body.append("I" if lowered == "i" else word)
            while body and body[-1].lower() in stop and body[-1] != "I":
                body.pop()
            if not body or all(w.lower() in stop for w in body):
                continue
            obj = " ".join(body).lower()
            if body[-1].lower() in ignored or obj in ignored:
                continue
            if opener not in OPENERS_STRONG and obj not in known and body[-1].lower() not in known:
                continue
            if opener in CLAUSE_OPENERS and body[0].lower() not in {"i", "my"}:
                continue
            phrase = f"{opener} {' '.join(body)}"
            if _safe(phrase) and phrase.lower() not in (f.lower() for f in found):
                found.append(phrase)
    return found[:3]


def find_topic(*texts: str) -> str | None:
    topics = _lexicon()["topics"]
    for text in texts:
        for token in _tokens(text.lower()):
            if token in topics:
                return topics[token]
    return None


def find_time(*texts: str) -> str | None:
    times = _lexicon()["time_words"]
    for text in texts:
        for token in _tokens(text.lower()):
            if token in times:
                return times[token]
    return None


def _profile_text(profile: dict[str, Any] | None, key: str) -> str:
    value = (profile or {}).get(key)
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    return bank.clean(str(value)) if value else ""


def read(params: BaseParams, profile: dict[str, Any] | None = None) -> Situation:
    """Everything the composers need from ``params`` (and the optional ``profile``)."""
    intent, context = bank.clean(params.intent), bank.clean(params.context)
    extra = " ".join(_profile_text(profile, key) for key in ("feelings", "obstacles", "goals"))
    stop = set(_lexicon()["lists"]["stopwords"])
    keywords: list[str] = []
    for token in _tokens(f"{intent} {context}".lower()):
        if len(token) > 2 and token not in stop and token not in keywords and _safe(token):
            keywords.append(token)
    name = _profile_text(profile, "name").split(" ")[0][:30] or None
    if name and not name.replace("-", "").isalpha():
        name = None
    verb, adj, noun = goal_forms(intent)
    moments = find_situations(intent)
    return Situation(
        intent=intent,
        context=context,
        themes=rank_themes(intent, f"{context} {extra}"),
        keywords=keywords,
        situations=moments + [s for s in find_situations(context) if s not in moments],
        topic=find_topic(intent, context),
        goal_verb=verb,
        goal_adj=adj,
        goal_noun=noun,
        time_of_day=find_time(intent, context) or (_profile_text(profile, "time").lower() or None),
        name=name.title() if name else None,
        text=f"{intent} {context}".lower(),
    )
