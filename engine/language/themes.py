"""Which themes a request is about, by meaning: the intent and context against each theme's exemplars.

Each theme bank (``templates/offline/themes/NAME.toml``) carries a ``description`` and ``examples``
written as people type them. A request scores against every theme (the mean of its three closest
exemplars); the intent outranks the context; a keyword said in full adds a little; a second theme
blends in when it scores close to the first and the pair is allowed; nothing scoring well falls
back to ``general`` (neutral self-compassion and calm) rather than to a wrong bank.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from engine.language.index import Index, build
from engine.language.text import sentences, words
from engine.paths import templates_dir

FALLBACK = "general"
CONTEXT_WEIGHT = 0.45  # the context counts a little under half as much as the intent
KEYWORD_BONUS = 0.06
FLOOR = 0.45  # below this best score, nothing fits well enough: use the fallback
BLEND_MARGIN = 0.02  # a second theme within this of the first is blended in
SUPPORTIVE = {"calm", "worth", "confidence", "letting-go", "relationships", "habits", "loneliness"}
TOP = 2  # exemplars per theme that count
CONTEXT_LEAD = 0.03  # how far a vague intent's context must lean past the fallback to decide the theme


@lru_cache(maxsize=1)
def banks() -> dict[str, dict]:
    folder = templates_dir() / "offline" / "themes"
    return {path.stem: tomllib.loads(path.read_text("utf-8")) for path in sorted(folder.glob("*.toml"))}


def exemplars() -> tuple[list[str], list[str]]:
    labels, texts = [], []
    for name, data in banks().items():
        for text in [data.get("description", ""), *data.get("examples", [])]:
            if text:
                labels.append(name)
                texts.append(text)
    return labels, texts


@lru_cache(maxsize=1)
def index() -> Index:
    labels, texts = exemplars()
    return build("themes", labels, texts)


def forbidden(a: str, b: str) -> bool:
    """Whether themes ``a`` and ``b`` must never meet in one script (either bank says so)."""
    data = banks()
    return b in data.get(a, {}).get("never_with", []) or a in data.get(b, {}).get("never_with", [])


@lru_cache(maxsize=1)
def _keyword_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Each theme's keywords as one pattern: whole words, or a stem of five letters or more at a word
    start ("anxi" is too short to trust)."""
    out = []
    for name, data in banks().items():
        parts = []
        for keyword in data.get("keywords", []):
            key = re.escape(keyword.lower())
            parts.append(rf"\b{key}\b" if len(keyword) < 5 or " " in keyword else rf"\b{key}[a-z]*\b")
        if parts:
            out.append((name, re.compile("|".join(parts))))
    return out


def _keyword_hits(text: str) -> dict[str, int]:
    lowered = " ".join(words(text))
    hits: dict[str, int] = {}
    for name, pattern in _keyword_patterns():
        count = len(pattern.findall(lowered))
        if count:
            hits[name] = count
    return hits


@lru_cache(maxsize=1)
def _word_rules() -> dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]]:
    """Per bank, its ``requires`` and ``blocked_by`` stems as patterns matching at a word start."""
    def pattern(stems: list[str]) -> re.Pattern[str] | None:
        return re.compile("|".join(rf"(?<![a-z]){re.escape(stem.lower())}" for stem in stems)) if stems else None

    return {name: (pattern(data.get("requires", [])), pattern(data.get("blocked_by", [])))
            for name, data in banks().items()}


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, list[str]]:
    """Words of five letters or more from the banks' descriptions, examples and keywords, by first letter."""
    from engine.language.phrases import pos

    table: dict[str, list[str]] = {}
    for word in sorted(_bank_words()):
        if len(word) >= 5 and word.isalpha() and pos(word):  # words, not keyword stems
            table.setdefault(word[0], []).append(word)
    return table


@lru_cache(maxsize=1)
def _bank_words() -> frozenset[str]:
    found: set[str] = set()
    for data in banks().values():
        for text in [data.get("description", ""), *data.get("examples", []), *data.get("keywords", [])]:
            found.update(words(text))
    return frozenset(found)


@lru_cache(maxsize=2048)
def _respelled(word: str) -> str:
    """``word``, or the bank word it is a typo of (a word the lexicon knows is never changed)."""
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    from engine.language.phrases import pos

    if len(word) < 5 or not word.isalpha() or pos(word) or word in _bank_words():
        return word  # a word the lexicon or the banks know ("resit") is never changed
    # one slip in a short word ("lonley", "mornign"), two in a long one ("concentrait"); never "resit" -> "respite"
    found = process.extractOne(word, _vocabulary().get(word[0], []), scorer=DamerauLevenshtein.distance,
                               score_cutoff=1 if len(word) < 8 else 2)
    return found[0] if found else word


def respell(text: str) -> str:
    """``text`` with words the lexicon doesn't know put right when a bank word is close ("lonley" ->
    "lonely", "mornign" -> "morning"), so a typo reaches the theme it means."""
    def fix(match: re.Match[str]) -> str:
        found = _respelled(match[0].lower())
        return match[0] if found == match[0].lower() else found

    return re.sub(r"[A-Za-z]{5,}", fix, text or "")


@dataclass(frozen=True)
class Routing:
    """The themes for a request, best first (``general`` closes the list), with the scores behind them."""

    themes: list[str]
    scores: dict[str, float]

    @property
    def primary(self) -> str:
        return self.themes[0]


def score(intent: str, context: str = "") -> dict[str, float]:
    """Every theme's score for the request (higher is closer)."""
    from engine.language.encoder import embed

    idx = index()
    total = dict.fromkeys(dict.fromkeys(idx.labels), 0.0)
    if intent.strip():
        for name, value in idx.scores(embed((intent,))[0], TOP).items():
            total[name] += value
    parts = sentences(context)
    if parts:
        vectors = embed(tuple(parts))
        best: dict[str, float] = {}
        for vector in vectors:
            for name, value in idx.scores(vector, TOP).items():
                best[name] = max(best.get(name, 0.0), value)
        weight = CONTEXT_WEIGHT if intent.strip() else 1.0
        for name, value in best.items():
            total[name] += weight * value
        if intent.strip():  # keep intent-only and intent+context scores on one scale
            for name in total:
                total[name] /= 1.0 + weight
    for text, bonus in ((intent, KEYWORD_BONUS), (context, KEYWORD_BONUS / 2)):
        for name, count in _keyword_hits(text).items():
            total[name] = total.get(name, 0.0) + bonus * min(count, 2)
    return total


def route(intent: str, context: str = "") -> Routing:
    """The themes a request should draw on, best first, ending with ``general``."""
    from engine.language.phrases import TIME_TAIL

    intent = TIME_TAIL.sub("", intent).strip() or intent  # "the dentist tomorrow morning" is not about mornings
    intent, context = respell(intent), respell(context)
    scores = score(intent, context)
    text = " ".join(words(f"{intent} {context}"))
    # a bank that needs certain words never guesses (pregnancy loss, parenting, body image), and
    # words that rule a bank out win over its score ("tests on monday" and a colonoscopy: not exams)
    for name, (needs, blocks) in _word_rules().items():
        if (needs and not needs.search(text)) or (blocks and blocks.search(text)):
            scores.pop(name, None)
    ranked = sorted(scores, key=lambda n: -scores[n])  # general competes too: a vague request is its own
    if ranked and ranked[0] == FALLBACK and context.strip() and intent.strip():
        # a vague intent ("a good week"): what the context says decides, if it says something clearly
        inner = route("", context)
        lead = inner.scores.get(inner.primary, 0.0) - inner.scores.get(FALLBACK, 0.0)
        return inner if lead >= CONTEXT_LEAD else Routing([FALLBACK], scores)
    if not ranked or ranked[0] == FALLBACK or scores[ranked[0]] < FLOOR:
        return Routing([FALLBACK], scores)
    ranked = [name for name in ranked if name != FALLBACK]
    first = ranked[0]
    chosen = [first]
    said = _keyword_hits(f"{intent} {context}")
    for name in ranked[1:3]:
        close = scores[name] >= scores[first] - BLEND_MARGIN
        # a second topic needs the person's own words behind it; the gentle banks blend on meaning alone
        if close and (name in SUPPORTIVE or name in said) and not any(forbidden(name, c) for c in chosen):
            chosen.append(name)
            break
    return Routing(chosen + [FALLBACK], scores)
