"""Grammar-safe pieces of a person's words: the goal as a verb or noun phrase, moments, details.

Nothing here pastes raw text into a sentence. A piece is returned only when its words check out
by part of speech (the ``lemminflect`` lexicon); otherwise it is ``None`` and the writer uses a
line without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from engine.language.text import words

LEAD_INS = sorted([
    "i would like to", "i'd like to", "id like to", "i want to", "i wanna", "i need to", "i wish to", "i hope to",
    "i'm trying to", "im trying to", "i am trying to", "trying to", "help me to", "help me", "i want",
    "i need", "how to", "how do i", "how can i", "to", "be able to", "learn how to", "i'd love to", "id love to",
    "want to", "need to", "something to help me", "something to", "something for", "a way to", "i must",
    "i have to", "i've got to", "ive got to", "i gotta", "please help me",
], key=len, reverse=True)
TIME_TAIL = re.compile(
    r"\s+(?:(?:on|this|next|by|before|for|until|till|at)\s+)?(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|weekend|tomorrow(?: morning| night| evening)?|tonight|today|this week|next week|"
    r"this month|next month|in (?:june|july|may|the spring|the summer|the autumn|the fall|the winter)|"
    r"\d{1,2}(?::\d\d)?\s*(?:am|pm)?|\d{1,2}:\d\d|(?:the )?(?:morning|evening|afternoon))\s*$",
    re.I,
)
PARTICLES = {"down", "up", "off", "out", "away", "back", "through", "over", "in", "on"}
SLANG = {"lol", "lmao", "haha", "hahaha", "pls", "plz", "ugh", "omg", "tbh", "ngl", "fr", "xx", "x"}
BARE_OBJECT_VERBS = {
    "learn", "play", "practise", "practice", "speak", "drink", "eat", "make", "write", "read", "study", "do", "take",
    "get", "find", "build", "keep", "pass", "ace", "nail", "finish", "start", "begin", "save", "earn", "cook", "run",
    "walk", "love", "accept", "trust", "face", "handle", "manage", "enjoy", "drive", "sing", "paint", "draw", "lose",
    "gain", "quit", "skip", "meet", "ask", "say", "give", "grow", "lift", "swim", "train", "master", "improve",
}
VERBS_WITH_FOR = {"care", "look", "wait", "prepare", "study", "train", "apply", "pray", "fight", "search", "ask",
                  "make", "cook", "shop", "run", "stand", "speak", "sit"}
OBJECTS = {"my", "the", "a", "an", "our", "your", "his", "her", "their", "this", "that"}
COMPARATIVE_HEADS = {"more", "less", "better"}
DISTRESS = {
    "hopeless", "numb", "worthless", "empty", "despair", "despairing", "miserable", "depressed", "broken",
    "useless", "pathetic", "disgusting", "ugly", "stupid", "trapped", "helpless", "awful", "terrible",
    "anxious", "panicky", "lonely", "sad", "angry", "furious", "ashamed", "guilty", "scared", "afraid",
    "terrified", "overwhelmed", "exhausted", "burnt", "burned", "sick", "tired", "stressed", "nervous",
    "hate", "hating", "failure", "mess", "drained", "dead", "die", "dying", "disappear", "worse", "bad",
    "flare", "pain", "hurt", "hurting", "grief", "grieving", "nerves", "anxiety", "stress", "panic", "dread",
}
NEGATIVE = {"not", "never", "no", "don't", "dont", "can't", "cant", "stop", "quit", "without", "nothing",
            "won't", "wont", "isn't", "less", "fewer"}
PRONOUNS_2P = [
    (re.compile(r"\bI am\b"), "you are"), (re.compile(r"\bI'm\b"), "you're"), (re.compile(r"\bI've\b"), "you've"),
    (re.compile(r"\bI\b"), "you"), (re.compile(r"\bmyself\b", re.I), "yourself"),
    (re.compile(r"\bmy\b", re.I), "your"), (re.compile(r"\bme\b", re.I), "you"),
    (re.compile(r"\bmine\b", re.I), "yours"),
]
PEOPLE = {
    "mum", "mom", "mother", "dad", "father", "mam", "nan", "nana", "gran", "grandma", "grandad", "grandpa",
    "grandmother", "grandfather", "son", "daughter", "kids", "children", "child", "baby", "toddler", "boy",
    "girl", "husband", "wife", "partner", "boyfriend", "girlfriend", "fiancé", "fiance", "fiancee", "sister",
    "brother", "friend", "best friend", "aunt", "uncle", "family", "parents", "dog", "cat", "boss", "manager",
    "team", "students", "patients", "twins", "teenager", "stepson", "stepdaughter", "nanna", "granddad",
    "sponsor", "flatmate", "housemate", "roommate", "colleague", "colleagues", "coworkers", "neighbour",
    "neighbor", "teacher", "coach", "instructor", "examiner", "mentor", "little one", "ex", "bestie", "mate",
    "mates", "class", "audience", "puppy", "kitten", "horse", "dad's", "mum's",
}
PLACE_PREPOSITIONS = {"at", "on", "in"}
PLACE_NOUNS = {
    "desk", "train", "bus", "tube", "car", "office", "kitchen", "bed", "bedroom", "sofa", "couch", "garden",
    "park", "gym", "school", "uni", "university", "library", "work", "home", "commute", "balcony", "studio",
    "hospital", "ward", "lab", "classroom", "church", "field", "track", "pool", "room", "flat", "house", "shop",
    "café", "cafe", "break", "lunch", "walk", "run", "pitch", "court", "stage", "van", "shift", "weekend",
    "weekends", "mornings", "evenings", "nights", "night", "morning", "evening", "afternoon", "garage", "shower",
    "clinic", "surgery", "bath", "beach", "river", "allotment", "station", "platform", "motorway", "road",
    "laptop", "phone", "porch", "stairs", "hallway", "pub", "bar",
}
TIME_WORDS = {
    "tonight": "tonight", "bedtime": "at bedtime", "night": "at night", "nights": "at night",
    "morning": "in the morning", "mornings": "in the morning", "evening": "in the evening",
    "evenings": "in the evening", "afternoon": "in the afternoon", "lunchtime": "at lunchtime",
    "midnight": "at midnight", "3am": "in the small hours", "2am": "in the small hours", "4am": "in the small hours",
    "weekend": "at the weekend", "weekends": "at the weekend",
}
DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
DETERMINERS = {"my", "the", "our", "a", "an", "this", "his", "her", "their"}


@lru_cache(maxsize=1)
def _lemmas():
    from lemminflect import getAllLemmas, getInflection

    _warm_lemma_lookup()
    return getAllLemmas, getInflection


def _warm_lemma_lookup() -> None:
    """Load lemminflect's lemma table from a marshal copy in the cache folder (0.05 s instead of 0.6 s
    parsing its gzipped text); the copy is made on first use and named for the library's version."""
    import marshal
    from importlib.metadata import version

    try:
        from lemminflect.core.Lemmatizer import Lemmatizer

        from engine.paths import cache_dir

        lemmatizer = Lemmatizer()
        path = cache_dir() / "language" / f"lemmas-{version('lemminflect')}.marshal"
        if path.is_file():
            lemmatizer.lemma_dict = marshal.loads(path.read_bytes())
            return
        table = lemmatizer._getLemmaDict()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(marshal.dumps(table))
        tmp.replace(path)
    except Exception:  # noqa: BLE001 - a cache problem only costs time: the library loads its own table
        return


def pos(word: str) -> set[str]:
    """The parts of speech ``word`` can take (``{"VERB", "NOUN"}`` for "fall")."""
    get_all, _ = _lemmas()
    return set(get_all(word.lower()))


def lemma(word: str, upos: str) -> str | None:
    get_all, _ = _lemmas()
    found = get_all(word.lower()).get(upos)
    return found[0] if found else None


def inflect(verb: str, tag: str) -> str:
    """``inflect("fall", "VBG")`` -> ``"falling"``."""
    _, get = _lemmas()
    found = get(verb, tag)
    return found[0] if found else verb


def second_person(text: str) -> str:
    """``"when I study for my exams"`` -> ``"when you study for your exams"``."""
    for pattern, replacement in PRONOUNS_2P:
        text = pattern.sub(replacement, text)
    return text


def distressed(text: str) -> bool:
    """Whether ``text`` names a painful feeling (such words are never turned into a goal)."""
    return bool(set(words(text)) & DISTRESS)


COMPOUNDS = [
    (re.compile(r"\bin laws\b", re.I), "in-laws"),
    (re.compile(r"\bstep (mum|mom|dad|son|daughter)\b", re.I), r"step\1"),
    (re.compile(r"\bwell being\b", re.I), "wellbeing"),
    (re.compile(r"\bself (care|worth|esteem)\b", re.I), r"self-\1"),
]


def _strip(text: str) -> str:
    text = " ".join(text.replace("’", "'").split()).strip(" .,!?;:-")
    for pattern, replacement in COMPOUNDS:
        text = pattern.sub(replacement, text)
    lowered = text.lower()
    changed = True
    while changed:
        changed = False
        for lead in LEAD_INS:
            if lowered.startswith(lead + " "):
                text, lowered, changed = text[len(lead) + 1:], lowered[len(lead) + 1:], True
                break
    previous = None
    while previous != text:
        previous = text
        text = TIME_TAIL.sub("", text).strip(" .,!?;:-")
    return text


@dataclass(frozen=True)
class Goal:
    """The intent as a base-form verb phrase ("fall asleep faster") and/or a noun phrase ("better sleep")."""

    verb: str | None = None
    noun: str | None = None

    @property
    def gerund(self) -> str | None:
        """"falling asleep faster" (the verb phrase's head inflected)."""
        if not self.verb:
            return None
        head, _, rest = self.verb.partition(" ")
        return f"{inflect(head, 'VBG')} {rest}".strip()


def goal(intent: str) -> Goal:
    """The intent's goal, when its words make a clean phrase; ``Goal()`` when they do not."""
    first = re.split(r"[.;!?()\n]|,\s|\s+(?:and|but|so|because|though|since)\s+", intent or "", maxsplit=1)[0]
    text = _strip(first)
    tokens = text.split()
    if not tokens or len(tokens) > 7 or not re.fullmatch(r"[A-Za-z' -]+", text):
        return Goal()
    tokens = [t for t in tokens if t.lower() not in SLANG]
    lowered = [t.lower() for t in tokens]
    if not tokens or set(lowered) & NEGATIVE or distressed(text):
        return Goal()
    if any(not pos(w) and w not in {"i", "i'm", "im", "my", "a", "an", "the", "to"} for w in lowered):
        return Goal()  # a word the lexicon doesn't know can't be checked, so it isn't spliced
    if lowered[0] in {"i", "i'm", "im"}:
        rest = lowered[1:]
        if rest[:1] == ["am"] or lowered[0] in {"i'm", "im"}:
            rest = rest[1:] if rest[:1] == ["am"] else rest
            if rest and "ADJ" in pos(rest[0]):
                return Goal(verb="feel " + " ".join(tokens[len(tokens) - len(rest):]))
        return Goal()
    head = lowered[0]
    kinds = pos(head)
    following = lowered[1] if len(lowered) > 1 else ""
    phrase = " ".join(tokens)
    phrase = phrase[:1].lower() + phrase[1:]
    if head in COMPARATIVE_HEADS:
        if following and "ADJ" in pos(following) and "NOUN" not in pos(following):
            return Goal(verb=f"feel {phrase}")
        if following and "NOUN" in pos(following):
            return Goal(noun=phrase)
        return Goal()
    noun_led = "NOUN" in kinds and following in {"for", "of", "with"} and head not in VERBS_WITH_FOR
    # "test day nerves", "work stress": a noun compound, unless the head is a verb that takes a bare object
    compound = ("NOUN" in kinds and following and pos(following) and pos(following) <= {"NOUN", "PROPN"}
                and head not in BARE_OBJECT_VERBS)
    if compound:
        return Goal()
    adjective_led = "ADJ" in kinds and following not in PARTICLES | OBJECTS and head in ADJ_FIRST
    if "VERB" in kinds and not noun_led and not adjective_led and lemma(head, "VERB") == head \
            and following not in DETERMINERS - {"my", "the"}:
        return Goal(verb=phrase)
    if ("ADJ" in kinds and "VERB" not in kinds or head in ADJ_FIRST) and _complement(lowered[1:]):
        return Goal(verb=f"feel {phrase}")
    if "VERB" in kinds and head.endswith("ing"):
        return Goal()  # "grieving my mum" names a situation, not an aim: no goal line is written from it
    linking = {"of", "at", "in", "for", "with"}
    if "NOUN" in kinds and all("NOUN" in pos(w) or "ADJ" in pos(w) or w in linking
                               or (w in {"my", "the"} and i and lowered[i - 1] in linking)
                               for i, w in enumerate(lowered)):
        return Goal(noun=phrase)
    return Goal()


ADJ_FIRST = {"calm", "calmer", "happy", "happier", "confident", "present", "patient", "grounded", "steady",
             "steadier", "peaceful", "relaxed", "rested", "kind", "kinder", "brave", "braver", "strong",
             "stronger", "focused", "motivated", "lighter", "clearer", "centred", "centered", "ready", "okay",
             "ok", "well", "fine", "secure", "safe", "free", "content", "hopeful", "positive", "bold"}


PREPOSITIONS = {"before", "after", "during", "at", "in", "on", "about", "with", "around", "when", "while", "for",
                "again", "today", "tonight", "every", "each", "inside", "within", "and"}


def _complement(rest: list[str]) -> bool:
    """What may follow an adjective after "feel": nothing, a prepositional phrase, or an adverb
    ("calm before exams", "confident at work", "happy again"), never another noun ("bad fibro flare")."""
    if not rest:
        return True
    first = rest[0]
    return first in PREPOSITIONS or (len(rest) == 1 and "ADV" in pos(first) and "NOUN" not in pos(first))


@dataclass(frozen=True)
class Details:
    """Concrete details from the person's words, each ready to say in the first person."""

    places: list[str] = field(default_factory=list)  # "at my desk", "on the train"
    people: list[str] = field(default_factory=list)  # "my mum", "my son"
    times: list[str] = field(default_factory=list)   # "at night", "in the morning"

    def first(self) -> str | None:
        return (self.places or self.times or [None])[0]


NOT_PLACES = {"moment", "end", "time", "way", "same", "middle", "morning", "evening", "night", "afternoon",
              "weekend", "week", "day", "past", "future", "meantime", "head", "mind", "life", "world", "mood",
              "process", "run", "long", "short", "hope", "case", "event", "zone", "dark", "loop",
              "know", "habit", "state", "position", "situation", "job", "role", "relationship", "first", "last"}
FUNCTION_WORDS = {"that", "this", "it", "and", "but", "so", "of", "to", "a", "an", "the", "my", "your", "with", "for",
                  "from", "as", "when", "while", "i", "you", "we", "they", "he", "she", "is", "was", "all", "what"}


def _place(preposition: str, determiner: str, following: list[str]) -> str | None:
    """"in the car park", "at the cinema", "on the high street": a preposition, a determiner and one or two
    nouns (an adjective may lead), when the words check out by part of speech."""
    words_: list[str] = []
    for word in following:
        kinds = pos(word)
        if word in NOT_PLACES or word in DISTRESS or word in FUNCTION_WORDS or not kinds:
            break
        if "NOUN" in kinds or (not words_ and "ADJ" in kinds):
            words_.append(word)
        else:
            break
        if "NOUN" in kinds and len(words_) == 2:
            break
    while words_ and "NOUN" not in pos(words_[-1]):
        words_.pop()
    if not words_:
        return None
    return f"{preposition} {determiner} {' '.join(words_)}"


def details(text: str) -> Details:
    """Places, people and times named in ``text``, as clean phrases."""
    tokens = [t.lower() for t in re.findall(r"[A-Za-z][A-Za-z'-]*|\d{1,2}(?::\d\d)?(?:am|pm)?", text or "")]
    places: list[str] = []
    people: list[str] = []
    times: list[str] = []
    for i, token in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        after = tokens[i + 2] if i + 2 < len(tokens) else ""
        if token in {"my", "our"} and nxt in PEOPLE:
            phrase = f"{token} {nxt}" if not (nxt == "best" and after == "friend") else f"{token} best friend"
            if phrase not in people:
                people.append(phrase)
        if token in PLACE_PREPOSITIONS and nxt in {"my", "the"} and after in PLACE_NOUNS - set(TIME_WORDS):
            phrase = f"{token} {nxt} {after}"
            tail = tokens[i + 3] if i + 3 < len(tokens) else ""
            if tail in {"break", "hour", "shift", "table", "chair", "park", "room", "station", "stop"}:
                phrase += f" {tail}"
            if token == "on" and not tail and after in {"desk", "office", "kitchen", "bedroom", "garden", "park", "gym",
                                             "library", "room", "flat", "house", "shop", "cafe", "café", "hospital"}:
                phrase = f"at {nxt} {after}" if after not in {"kitchen", "bedroom", "garden", "park", "room"} \
                    else f"in {nxt} {after}"
            if phrase not in places:
                places.append(phrase)
        elif token in {"at", "in"} and nxt in {"work", "home", "school", "uni", "bed", "church"}:
            phrase = f"{token} {nxt}" if not (token == "in" and nxt != "bed") else f"at {nxt}"
            if phrase not in places:
                places.append(phrase)
        elif token in {"at", "in", "on"} and nxt in {"my", "the"}:
            phrase = _place(token, nxt, tokens[i + 2:i + 4])
            if phrase and phrase not in places:
                places.append(phrase)
        if token in TIME_WORDS and TIME_WORDS[token] not in times:
            times.append(TIME_WORDS[token])
        if token in DAYS and (phrase := f"on {token.capitalize()}") not in times:
            times.append(phrase)
        if token in {"at", "by", "before", "till", "until"} and re.fullmatch(r"\d{1,2}(?::\d\d)?(?:am|pm)", nxt) \
                and f"{token} {nxt}" not in times:
            times.append(f"{token} {nxt}")
        if token == "midnight" and "at midnight" not in times:
            times.append("at midnight")
    return Details(places[:3], people[:2], times[:2])


def moment(text: str) -> str | None:
    """A short moment that can front a sentence: "before my exams", "at night", "on the train"."""
    match = re.search(r"\b(before|after|during)\s+(?:(my|the|a|an)\s+)?([a-z]+)(?:\s+([a-z]+))?\b",
                      (text or "").lower())
    if match:
        opener, det, noun1, noun2 = match.groups()
        if "NOUN" in pos(noun1) and noun1 not in DISTRESS:
            words_ = [opener] + ([det] if det else []) + [noun1]
            if noun2 and "NOUN" in pos(noun2) and "VERB" not in pos(noun2) and noun2 not in PLACE_NOUNS:
                words_.append(noun2)
            return " ".join(words_)
    found = details(text)
    return found.first()
