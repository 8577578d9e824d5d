"""Plain text helpers shared by the language component: sentences, words, normalisation."""

from __future__ import annotations

import re

SENTENCE = re.compile(r"(?<=[.!?;])\s+|\s*\n+\s*|\s+(?:but|and then|because|so)\s+(?=i\b|i'm\b|im\b|my\b)", re.I)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


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
