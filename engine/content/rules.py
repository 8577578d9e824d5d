"""Language rules shared by the validators: framing, tense, person, claims, near-duplicates."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

WORD = re.compile(r"[a-z0-9']+")
FIRST_PERSON = {"i", "i'm", "i've", "i'll", "i'd", "me", "my", "mine", "myself"}
NEGATIONS = re.compile(
    r"\b(not|never|no|nothing|nobody|none|don't|dont|do not|can't|cannot|won't|isn't|aren't|"
    r"wasn't|shouldn't|doesn't|didn't|stop|stops|stopped|quit|no longer|without)\b|n't\b",
    re.I,
)
FUTURE_OR_PAST = re.compile(
    r"\b(will|shall|going to|gonna|someday|one day(?! at a time)|used to|was|were|had been|"
    r"tomorrow|yesterday)\b"
    r"|\b\w+'ll\b",
    re.I,
)
UNBELIEVABLE = re.compile(
    r"\b(perfect|perfectly|always|everyone|everybody|instantly|effortlessly|limitless|"
    r"infinite|nothing can|guaranteed|billionaire|millionaire|invincible)\b|\b100 ?%",
    re.I,
)
MEDICAL = re.compile(
    r"\b(cure[sd]?|curing|(heal|treat|fix)(s|es|ed|ing)? (your|my|the|this) (illness|disease|cancer|"
    r"depression|anxiety|insomnia|disorder|condition|addiction|diabetes|adhd|ptsd)|"
    r"(stop\w*|quit\w*|skip\w*|ditch\w*|instead of|replac\w*|no need for|don't need|"
    r"(come|coming|go|get) off)\b[^.]{0,30}\b"
    r"(medication|medicine|meds|therapy|treatment|doctor|pills)|diagnos\w*|prescri\w*)",
    re.I,
)
MAX_AFFIRMATION_WORDS = 15


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("’", "'"))


def is_first_person(text: str) -> bool:
    return any(word in FIRST_PERSON for word in words(text))


def negative_framing(text: str) -> str | None:
    match = NEGATIONS.search(text.replace("’", "'"))
    return match.group(0) if match else None


def not_present_tense(text: str) -> str | None:
    match = FUTURE_OR_PAST.search(text.replace("’", "'"))
    return match.group(0) if match else None


def unbelievable(text: str) -> str | None:
    match = UNBELIEVABLE.search(text)
    return match.group(0) if match else None


def medical_claim(text: str) -> str | None:
    match = MEDICAL.search(text)
    return match.group(0) if match else None


def similarity(a: str, b: str) -> float:
    """0..1 closeness of two statements by word sequence and word set."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    seq = SequenceMatcher(None, wa, wb).ratio()
    jaccard = len(set(wa) & set(wb)) / len(set(wa) | set(wb))
    return max(seq, jaccard)


def near_duplicates(texts: list[str], threshold: float = 0.8) -> list[tuple[int, int]]:
    """Index pairs of statements that say nearly the same thing."""
    pairs = []
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if similarity(texts[i], texts[j]) >= threshold:
                pairs.append((i, j))
    return pairs
