"""Words for people: counts with the right plural and the right article.

One helper for every message ("1 match", "3 sessions", "an 8-minute ritual"). Not the ``inflect``
library: it takes seconds to import (typeguard instruments it at import time) and says "a 8-minute";
a CLI line can't wait for that, and our nouns are a small known set.
"""

from __future__ import annotations

import re

_IRREGULAR = {"person": "people", "child": "children", "is": "are", "was": "were", "has": "have"}
_UNCHANGED = {"audio", "money", "info", "feedback", "music", "series"}
# Words spelt with a vowel but said with a consonant sound, and the reverse.
_CONSONANT_SOUND = re.compile(r"(?:uni[cfoqstv]|eu|ewe|one\b|once\b|u[bcfhjkmrst][aeiou])", re.I)
_VOWEL_SOUND = re.compile(r"(?:hour|honest|honou?r|heir)", re.I)
# Letters said with a vowel sound, for short abbreviations read letter by letter (an MP3, an SMS).
_VOWEL_LETTERS = set("AEFHILMNORSX")


def plural(noun: str) -> str:
    """The plural of a noun, or a short noun phrase (its last word): match -> matches."""
    head, _, last = noun.rpartition(" ")
    lower = last.lower()
    if lower in _IRREGULAR:
        word = _IRREGULAR[lower]
    elif lower in _UNCHANGED or not last:
        word = last
    elif re.search(r"(?:s|x|z|ch|sh)$", lower):
        word = last + "es"
    elif re.search(r"[^aeiou]y$", lower):
        word = last[:-1] + "ies"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def count(n: int | float, noun: str, plural_form: str | None = None) -> str:
    """A number with its noun in the right number: count(1, "match") -> "1 match", count(2, ...) -> "2 matches"."""
    amount = f"{n:g}" if isinstance(n, float) else str(n)
    one = isinstance(n, int) and abs(n) == 1 or isinstance(n, float) and n in (1.0, -1.0)
    return f"{amount} {noun if one else (plural_form or plural(noun))}"


def _says_vowel_first(word: str) -> bool:
    digits = re.match(r"\d[\d,]*", word)
    if digits:  # 8, 11, 18, 80-89, 800, 8,000, 11,000 and 18,000 start with a vowel sound
        number = digits.group().replace(",", "")
        groups = len(number) % 3 or 3
        lead = number[:groups]
        return lead.startswith("8") or lead in ("11", "18")
    letters = re.match(r"[A-Za-z]+", word)
    if not letters:
        return False
    text = letters.group()
    if len(text) <= 3 and text.isupper():
        return text[0] in _VOWEL_LETTERS
    if _VOWEL_SOUND.match(text):
        return True
    if _CONSONANT_SOUND.match(text):
        return False
    return text[0].lower() in "aeiou"


def a_an(phrase: str) -> str:
    """The phrase with "a" or "an" before it, by how its first word sounds: an 8-minute, a ritual, an hour."""
    return f"{'an' if _says_vowel_first(phrase.strip()) else 'a'} {phrase.strip()}"
