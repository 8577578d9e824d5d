"""Intent and context extraction from free text.

:class:`HeuristicExtractor` is the offline default: keyword and pattern rules. Anything with an
``extract(text) -> Facts`` method (e.g. an LLM with structured output) can replace it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from engine.content.types import TECHNIQUES
from engine.language.text import CLOCK, time_of_day

FEELINGS = {
    "anxious": ("anxious", "anxiety", "nervous", "worried", "worry", "panic", "on edge", "stressed", "stress",
                "overwhelmed", "tense", "restless"),
    "low": ("sad", "feeling low", "feel low", "feeling down", "feel down", "depressed",
            "hopeless", "lonely", "empty", "blue", "unmotivated"),
    "tired": ("tired", "exhausted", "drained", "sleepy", "fatigued", "burnt out", "burned out", "worn out"),
    "angry": ("angry", "frustrated", "irritated", "annoyed", "furious", "resentful"),
    "insecure": ("insecure", "not good enough", "self-doubt", "doubt myself", "imposter", "ashamed"),
    "calm": ("calm", "peaceful", "relaxed", "content", "settled"),
    "good": ("good", "great", "happy", "fine", "okay", "grateful", "energised", "energized"),
}
TYPE_WORDS = (
    ("meditation", r"\b(meditat\w*|mindful\w*|breath\w*|body[- ]?scan|visuali[sz]\w*|relax\w*|"
                   r"wind[- ]?down|sleep|fall asleep|insomnia)\b"),
    ("ritual", r"\b(ritual\w*|habit\w*|routine\w*|every (day|morning|evening|night)|daily|"
               r"each (morning|day))\b"),
    ("affirmation", r"\b(affirmation\w*|mantra\w*|self[- ]talk|positive statements?|confidence|"
                    r"believe in)\b"),
)
EXPLICIT_TYPE = re.compile(r"\b(affirmations?|meditations?|rituals?)\b")
OBSTACLE = re.compile(
    r"\b(?:struggle with|struggling with|hard to|difficult to|can't|cannot|keep|always end up|"
    r"tend to|problem is|but)\s+([^.,;!?]{3,80})"
)
GOAL = re.compile(
    r"\b(?:i want to|i'd like to|i would like to|help me|i need to|i wish i could|to help me|"
    r"i'm trying to|i am trying to|want to|something (?:for|to help with))\s+([^.,;!?]{3,160})"
)
ANCHOR = re.compile(r"\b((?:after|before|when|while|with)\s+(?:i\s+|my\s+)?[^.,;!?]{3,60})")
NUMBER = re.compile(r"\b(\d{1,3})\b")
WORD_NUMBERS = {"three": 3, "five": 5, "seven": 7, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20,
                "thirty": 30}
TECHNIQUE_WORDS = {
    "body-scan": r"body[- ]?scan|through the body|body",
    "loving-kindness": r"loving[- ]kindness|metta|kindness",
    "visualisation": r"visuali[sz]\w*|imagin\w*|scene", "sleep": r"sleep|bed|insomnia",
    "grounding": r"ground\w*|senses|panic", "breath": r"breath\w*",
}
# Words people use for a background -> the nearest ambience bed the renderer synthesises.
AMBIENCE_WORDS = {
    "rain": "rain", "ocean": "rain", "waves": "rain", "stream": "rain", "water": "rain",
    "brown noise": "brown", "brown": "brown", "fire": "brown", "rumble": "brown",
    "pink noise": "pink", "white noise": "pink", "pink": "pink", "wind": "pink", "fan": "pink",
    "drone": "drone", "bowls": "drone", "hum": "drone", "om": "drone",
    "none": "none", "silence": "none", "nothing": "none", "quiet": "none",
}
YES = re.compile(r"^\s*(y|yes|yeah|yep|yup|sure|ok|okay|please|go|go ahead|do it|sounds good|correct|right|"
                 r"that's right|let's go|absolutely|of course)\b", re.I)
NO = re.compile(r"^\s*(n|no|nope|nah|not really|don't|do not|no thanks|rather not|wrong)\b", re.I)


@dataclass
class Facts:
    """What a message says. Empty fields mean "not mentioned"."""

    goal: str = ""
    feelings: list[str] = field(default_factory=list)
    time: str = ""  # morning | midday | afternoon | evening | night | HH:MM
    obstacles: list[str] = field(default_factory=list)
    type: str = ""  # explicit or inferred content type
    type_explicit: bool = False
    number: int | None = None
    technique: str = ""
    anchor: str = ""
    ambience: str = ""
    voice: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Extractor(Protocol):
    def extract(self, text: str) -> Facts: ...


def _clean(fragment: str) -> str:
    return " ".join(fragment.strip(" ,.;:-").split())


def yes_no(text: str) -> bool | None:
    """``True``/``False`` for a yes/no answer, ``None`` when it is neither."""
    if NO.match(text):
        return False
    if YES.match(text):
        return True
    return None


class HeuristicExtractor:
    """Offline rules good enough to run a conversation without a model."""

    def extract(self, text: str) -> Facts:
        low = " ".join(text.lower().replace("\u2019", "'").split())
        facts = Facts(time=time_of_day(low))
        explicit = EXPLICIT_TYPE.search(low)
        if explicit:
            facts.type, facts.type_explicit = explicit.group(1).rstrip("s"), True
        else:
            for name, pattern in TYPE_WORDS:
                if re.search(pattern, low):
                    facts.type = name
                    break
        for name, words in FEELINGS.items():
            if any(re.search(rf"\b{re.escape(w)}\b", low) for w in words):
                facts.feelings.append(name)
        if goal := GOAL.search(low):
            facts.goal = _clean(goal.group(1))
        facts.obstacles = [_clean(m.group(1)) for m in OBSTACLE.finditer(low)][:3]
        if anchor := ANCHOR.search(low):
            facts.anchor = _clean(anchor.group(1))
        if number := NUMBER.search(CLOCK.sub(" ", low)):
            facts.number = int(number.group(1))
        else:
            facts.number = next((v for k, v in WORD_NUMBERS.items() if re.search(rf"\b{k}\b", low)), None)
        for name, pattern in TECHNIQUE_WORDS.items():
            if re.search(rf"\b({pattern})\b", low) and name in TECHNIQUES:
                facts.technique = name
                break
        facts.ambience = next((bed for word, bed in AMBIENCE_WORDS.items() if re.search(rf"\b{word}\b", low)), "")
        if voice := re.search(r"\bvoice\s+(?:of\s+|named\s+|called\s+)?([\w-]{2,40})", low):
            facts.voice = voice.group(1)
        return facts


def summarise(text: str, facts: Facts, limit: int = 160) -> str:
    """A short intent line: the extracted goal, else the message itself."""
    base = facts.goal or text.strip()
    base = " ".join(base.split())
    return base if len(base) <= limit else base[: limit - 1].rsplit(" ", 1)[0] + "…"
