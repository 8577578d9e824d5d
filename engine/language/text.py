"""Plain text helpers shared by the language component: sentences, words, normalisation."""

from __future__ import annotations

import re

SENTENCE = re.compile(r"(?<=[.!?;])\s+|\s*\n+\s*|\s+(?:but|and then|because|so)\s+(?=i\b|i'm\b|im\b|my\b)", re.I)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Named times of day, in the order they are tried (a request "to sleep" is a night one, whatever else it says).
TIME_WORDS = (
    ("night", r"\b(before bed|bedtime|at night|tonight|night|nights|fall asleep|sleep|midnight)\b"),
    ("morning", r"\b(morning|mornings|wake up|waking|sunrise|breakfast|start (?:my|the) day)\b"),
    ("evening", r"\b(evening|evenings|after work|after dinner|dinner|wind(?:ing)?[- ]down|end of (?:my|the) day)\b"),
    ("midday", r"\b(midday|noon|lunch|lunchtime)\b"),
    ("afternoon", r"\b(afternoon|afternoons)\b"),
)
CLOCK = re.compile(r"\b([01]?\d|2[0-3])[:.h]([0-5]\d)\b|\b(1[0-2]|0?[1-9])\s?(am|pm)\b")


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, single spaces."""
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'").lower()
    return " ".join(text.split())


def sentences(text: str, max_words: int = 40) -> list[str]:
    """``text`` in sentence-sized parts (long runs split every ``max_words`` words)."""
    out: list[str] = []
    for part in SENTENCE.split(text or ""):
        words = part.split()
        for start in range(0, len(words), max_words):
            chunk = " ".join(words[start:start + max_words]).strip(" ,;:-")
            if chunk:
                out.append(chunk)
    return out


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in WORD.findall(text or "")]


_AN_NUMBERS = re.compile(r"^(8|11|18|8\d|8\d\d|8\d{3}|11\d{3}|18\d{3})(\D|$)")
_SILENT_H = ("hour", "honest", "honour", "honor", "heir", "herb")
_YOU_SOUND = ("uni", "use", "usu", "uti", "ure", "eu", "ewe", "one", "once", "ufo", "uk")


def indefinite(phrase: str) -> str:
    """``"a"`` or ``"an"`` for ``phrase`` by its first sound: an 8-minute, an hour, a user, a one-off.

    (The ``inflect`` library was measured for this: it says "a 8-minute" and takes 2 s to import.)
    """
    word = phrase.strip().lower()
    if not word:
        return "a"
    if word[0].isdigit():
        return "an" if _AN_NUMBERS.match(word) else "a"
    if word.startswith(_SILENT_H):
        return "an"
    if word.startswith(_YOU_SOUND):
        return "a"
    return "an" if word[0] in "aeiou" else "a"


def with_article(phrase: str, capital: bool = False) -> str:
    article = indefinite(phrase)
    return f"{article.capitalize() if capital else article} {phrase}"


def time_of_day(text: str) -> str:
    """The time ``text`` names: ``"HH:MM"`` for a clock time, else morning, midday, afternoon, evening or
    night; ``""`` when it names none ("an evening wind-down" -> ``"evening"``, "at 9pm" -> ``"21:00"``)."""
    low = normalise(text)
    clock = CLOCK.search(low)
    if clock:
        if clock.group(1):
            return f"{int(clock.group(1)):02d}:{clock.group(2)}"
        hour = int(clock.group(3)) % 12 + (12 if clock.group(4) == "pm" else 0)
        return f"{hour:02d}:00"
    for name, pattern in TIME_WORDS:
        if re.search(pattern, low):
            return name
    return ""
