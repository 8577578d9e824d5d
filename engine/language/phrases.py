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
    r"\d{1,2}(?::\d\d)?\s*(?:am|pm)|\d{1,2}:\d\d|(?<=at |by )\d{1,2}|(?:the )?(?:morning|evening|afternoon))\s*$",
    re.I,
)
PARTICLES = {"down", "up", "off", "out", "away", "back", "through", "over", "in", "on"}
SLANG = {"lol", "lmao", "haha", "hahaha", "pls", "plz", "ugh", "omg", "tbh", "ngl", "fr", "xx", "x"}
BARE_OBJECT_VERBS = {
    "learn", "play", "practise", "practice", "speak", "drink", "eat", "make", "write", "read", "study", "do", "take",
    "get", "find", "build", "keep", "pass", "ace", "nail", "finish", "start", "begin", "save", "earn", "cook", "run",
    "walk", "love", "accept", "trust", "face", "handle", "manage", "enjoy", "drive", "sing", "paint", "draw", "lose",
    "gain", "quit", "skip", "meet", "ask", "say", "give", "grow", "lift", "swim", "train", "master", "improve",
    "cut", "wear", "try", "pay", "clear", "tidy", "plan", "book", "call", "text", "visit", "sell", "fix",
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
    "mates", "class", "audience", "puppy", "kitten", "horse", "dad's", "mum's", "team lead", "editor",
    "supervisor", "consultant", "landlord", "landlady", "waiter", "waitress", "ceo", "physio", "doctor", "gp",
    "nurse", "midwife", "therapist", "counsellor", "tutor", "lecturer", "interviewer", "panel", "client",
    "clients", "customers", "cousin", "niece", "nephew", "grandson", "granddaughter", "in-laws", "mother-in-law",
    "father-in-law", "stepdad", "stepmum", "stepmom", "line manager", "headteacher", "surgeon", "dentist",
    "carer", "ex-husband", "ex-wife", "eldest", "youngest", "baby girl", "baby boy",
}
PRONOUNS = {"they", "them", "he", "him", "she", "her", "we", "us", "it", "you", "i", "me", "everyone", "someone"}
THE_PEOPLE = {"waiter", "waitress", "ceo", "examiner", "consultant", "interviewer", "panel", "landlord", "landlady",
              "doctor", "gp", "nurse", "midwife", "surgeon", "dentist", "physio", "headteacher", "eldest", "youngest",
              "kids", "children", "baby", "twins", "boss", "instructor", "coach", "teacher", "team", "audience",
              "class", "dog", "cat"}
PLACE_PREPOSITIONS = {"at", "on", "in"}
PLACE_NOUNS = {
    "desk", "train", "bus", "tube", "car", "office", "kitchen", "bed", "bedroom", "sofa", "couch", "garden",
    "park", "gym", "school", "uni", "university", "library", "work", "home", "commute", "balcony", "studio",
    "hospital", "ward", "lab", "classroom", "church", "field", "track", "pool", "room", "flat", "house", "shop",
    "café", "cafe", "break", "lunch", "walk", "run", "pitch", "court", "stage", "van", "shift", "weekend",
    "weekends", "mornings", "evenings", "nights", "night", "morning", "evening", "afternoon", "garage", "shower",
    "clinic", "surgery", "bath", "beach", "river", "allotment", "station", "platform", "motorway", "road",
    "porch", "stairs", "hallway", "pub", "bar", "hall", "canteen", "lobby", "corridor",
    "supermarket", "airport", "plane", "flight", "queue", "meeting", "interview", "exam", "hospice", "mosque",
    "temple", "theatre", "cinema", "restaurant", "warehouse", "factory", "site", "yard", "club",
    "class", "lesson", "lessons", "review", "appointment", "waiting", "lift", "street", "town", "city",
    "village", "countryside", "mountains", "woods", "forest", "sea", "lake", "unit",
}
# Devices are things a person uses, never places they are: "on my phone" is not "at my desk".
DEVICES = {"phone", "phones", "mobile", "laptop", "laptops", "tablet", "ipad", "screen", "screens", "computer", "pc",
           "kindle", "tv", "telly", "television", "console", "xbox", "playstation", "switch", "watch", "monitor"}
TIME_WORDS = {
    "tonight": "tonight", "bedtime": "at bedtime", "night": "at night", "nights": "at night",
    "morning": "in the morning", "mornings": "in the morning", "evening": "in the evening",
    "evenings": "in the evening", "afternoon": "in the afternoon", "lunchtime": "at lunchtime",
    "midnight": "at midnight", "3am": "in the small hours", "2am": "in the small hours", "4am": "in the small hours",
    "weekend": "at the weekend", "weekends": "at the weekend",
}
EVERY = {"morning", "evening", "night", "afternoon", "day", "weekend", "payday", "lunchtime", "bedtime", "shift"}
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
    # a verb straight before a bare noun takes it as its object only if it is a verb that does that
    # ("drink water", "learn spanish"); "credit card debt" is a noun compound, not a goal
    bare_object = (following and "NOUN" in pos(following) and not pos(following) & {"ADJ", "ADV"}
                   and following not in PARTICLES | OBJECTS | PREPOSITIONS and head not in BARE_OBJECT_VERBS)
    if "VERB" in kinds and not noun_led and not adjective_led and not bare_object and lemma(head, "VERB") == head \
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
    times: list[str] = field(default_factory=list)   # "at night", "in the morning", "at 9am"
    things: list[str] = field(default_factory=list)  # "the rent", "my reports", "Slack": what weighs on them
    since: list[str] = field(default_factory=list)   # "September": a month or season since which things changed
    until: list[str] = field(default_factory=list)   # "April", "14 March": a date still ahead of them
    spans: list[str] = field(default_factory=list)   # "20 minutes", "10 minutes a night": time they give a practice

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
        if word in NOT_PLACES or word in DISTRESS or word in FUNCTION_WORDS or word in DEVICES or not kinds:
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
    if preposition != "at" and words_[-1] not in PLACE_NOUNS:
        return None  # "in the mirror", "on the list" are things, not places to be; "at the X" is a place
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
        if token in {"my", "our", "the"} and (nxt in PEOPLE or f"{nxt} {after}" in PEOPLE) \
                and (token != "the" or nxt in THE_PEOPLE or f"{nxt} {after}" in PEOPLE):
            phrase = f"{token} {nxt} {after}" if f"{nxt} {after}" in PEOPLE else f"{token} {nxt}"
            if phrase not in people:
                people.append(phrase)
        if after in PEOPLE or after in DEVICES:  # "shouted at my son", "on my phone": a person, a thing
            pass
        elif token in PLACE_PREPOSITIONS and nxt in {"my", "the"} and after in PLACE_NOUNS - set(TIME_WORDS):
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
        day = token[:-1] if token.endswith("s") and token[:-1] in DAYS else token
        if day in DAYS:
            phrase = f"on {token.capitalize()}"
            if nxt in {"morning", "mornings", "evening", "evenings", "night", "nights", "afternoon", "afternoons"}:
                phrase += f" {nxt}"
            if i and tokens[i - 1] == "every":
                phrase = f"every {day.capitalize()}" + phrase[len(f"on {token}"):]
            if phrase not in times:
                times.append(phrase)
        if token == "every" and nxt in EVERY and (phrase := f"every {nxt}") not in times:
            times.insert(0, phrase)
        if token in {"at", "by", "before", "till", "until"} and re.fullmatch(r"\d{1,2}(?::\d\d)?(?:am|pm)", nxt) \
                and f"{token} {nxt}" not in times:
            times.append(f"{token} {nxt}")
        if token == "midnight" and "at midnight" not in times:
            times.append("at midnight")
    for phrase in _clock_times(text):
        if phrase not in times:
            times.insert(0, phrase)  # a time they named ("at 9am") says more than "in the morning"
    people += [p for p in _clause_people(text) if p not in people]
    places += [p for p in _named_places(text) if p not in places]
    since, until, now = _dates(text)
    times += [t for t in now if t not in times]
    things = [e for e in _events(text) if e not in people]
    things += [t for t in _things(tokens, people, places) if t not in things
               and not any(t.split()[-1] == e.split()[-1] for e in things)]
    things += [t for t in _counted(text) if t not in things]
    return Details(places[:3], people[:2], times[:2], things[:3], since[:1], until[:1], _spans(text)[:1])


CLOCK = re.compile(r"(?<![\w.:£$€])(?:(at|by|before|from|till|until|around)\s+)?"
                   r"(\d{1,2}(?:[.:][0-5]\d)?\s?(?:am|pm)|\d{1,2}[.:][0-5]\d|noon|midday)(?![\w.:%])", re.I)
WEEKDAY_AFTER = re.compile(r"\s*(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\s*(?:tomorrow|tonight)\b", re.I)
DATE = re.compile(r"\b(on|by|before|until|till)\s+the\s+(\d{1,2}(?:st|nd|rd|th))\b", re.I)


def _clock_times(text: str) -> list[str]:
    """"9am", "at 8.45", "6.30", "by the 22nd": a time of day or a date, made to follow a verb."""
    found: list[str] = []
    for match in CLOCK.finditer(text or ""):
        preposition, clock = match.groups()
        clock = clock.lower().replace(" ", "")
        if not preposition and not clock.endswith(("am", "pm")) and not WEEKDAY_AFTER.match(text[match.end():]):
            continue  # "4.50 a day" is a price; "8.45 friday" and "at 6.30" are times
        if re.fullmatch(r"\d{1,2}[.:]\d\d", clock) and int(re.split(r"[.:]", clock)[0]) > 12:
            clock = clock.replace(".", ":")  # "18.30" is a time of day, not a price
        found.append(f"{(preposition or 'at').lower()} {clock}")
    found += [f"{m[1].lower()} the {m[2].lower()}" for m in DATE.finditer(text or "")]
    return list(dict.fromkeys(found))


LINKERS = {"till", "til", "until", "since", "i", "im"}  # "my phone till 2am", "my sisters wedding, i was": no compound
THING_DETERMINERS = {"the", "my", "his", "her", "our", "their"}
NOT_THINGS = NOT_PLACES | {
    "thing", "things", "stuff", "lot", "bit", "rest", "whole", "worst", "best", "fact", "point", "idea", "reason",
    "problem", "issue", "feeling", "feelings", "thought", "thoughts", "brain", "body", "heart", "self", "own",
    "second", "minute", "hour", "hours", "year", "years", "month", "months", "weeks", "days", "other", "others",
    "kind", "sort", "type", "side", "part", "top", "bottom", "edge", "start", "chance", "answer", "question",
    "one", "ones", "number", "numbers", "size", "level", "amount", "words", "word", "fear", "fears", "worry",
    "worries", "doubt", "doubts", "confidence", "energy", "attention", "focus", "motivation", "memories",
    "memory", "voice", "face", "eyes", "hands", "head", "chest", "stomach", "shoulders", "back", "legs",
    "people", "person", "everyone", "everything", "nothing", "something", "anything", "lunch", "dinner",
    "breakfast", "tea", "bedtime", "plan", "plans", "goal", "goals", "list", "good", "party",
    "set", "group", "only", "same", "usual", "strong", "last", "next",
}
APPS = {"whatsapp": "WhatsApp", "slack": "Slack", "zoom": "Zoom", "tiktok": "TikTok", "instagram": "Instagram",
        "insta": "Instagram", "reddit": "Reddit", "youtube": "YouTube", "twitter": "Twitter", "facebook": "Facebook",
        "netflix": "Netflix", "snapchat": "Snapchat", "linkedin": "LinkedIn", "teams": "Teams", "email": "email",
        "emails": "emails", "outlook": "Outlook", "discord": "Discord", "twitch": "Twitch"}


def _compound_noun(word: str) -> bool:
    """A second noun of a compound: only a noun, or a base form that is a noun and a verb ("chat", "run")."""
    kinds = pos(word)
    if kinds == {"NOUN"}:
        return True
    return "NOUN" in kinds and "ADJ" not in kinds and lemma(word, "NOUN") == word \
        and lemma(word, "VERB") in (word, None) and not word.endswith("ing")


UNITS = {"day", "days", "week", "weeks", "month", "months", "year", "years", "yrs", "hour", "hours", "hrs",
         "min", "mins", "minute", "minutes", "second", "seconds", "times", "am", "pm", "k", "st", "nd", "rd",
         "th", "nights", "mornings", "evenings", "weekends", "shifts", "goes", "percent", "kg", "lbs", "stone",
         "miles", "km", "and", "or", "to", "a", "in"}
COUNTED = re.compile(r"(?<![\w.£$€])([£$€]\d[\d,.]*k?|\d{1,5})\s+([a-z]+)", re.I)


def _counted(text: str) -> list[str]:
    """"120 guests", "400 seats", "£6k": counted things, said with "the" ("the 120 guests")."""
    found = []
    for match in COUNTED.finditer(text or ""):
        number, noun = match[1], match[2].lower()
        if number[0] in "£$€":
            found.append(f"the {number}")
            continue
        if noun in UNITS or noun in DISTRESS or "NOUN" not in pos(noun) or lemma(noun, "NOUN") == noun:
            continue  # a plural noun: "4 outfits", never "4 months" or "2 more"
        found.append(f"the {number} {noun}")
    return found


BARE_NOT_MINE = {"ex", "mate", "class", "team", "family", "baby", "boy", "panel", "girl", "child", "kids", "children",
                 "audience"}


def _clause_people(text: str) -> list[str]:
    """Someone named bare at the start of a clause ("flatmate moving out", "landlord emailed"): "my flatmate"."""
    found = []
    for clause in re.split(r"[.,;:!?\n]|\band\b|\bbut\b", (text or "").lower()):
        first = clause.split()[:1]
        if first and first[0] in PEOPLE and first[0] not in BARE_NOT_MINE:
            found.append(f"my {first[0]}")
    return found


def _things(tokens: list[str], people: list[str], places: list[str]) -> list[str]:
    """Noun phrases after "the" or "my" ("the rent", "my reports", "the spare room") and the apps they name:
    the concrete things a script can mention ("If the rent comes to mind ...")."""
    taken = {w for phrase in people + places for w in phrase.split()[1:]}
    found: list[str] = []
    for i, token in enumerate(tokens):
        if token in APPS and (i == 0 or tokens[i - 1] not in {"the", "a"} or token in {"email", "emails"}):
            if token not in {"teams", "email", "emails", "zoom"} or (i and tokens[i - 1] in {"on", "my", "check"}):
                found.append(APPS[token])
            continue
        if token not in THING_DETERMINERS or i + 1 >= len(tokens):
            continue
        owner = tokens[i + 1]
        if owner.endswith("s") and owner[:-1] in PEOPLE and i + 2 < len(tokens) and "NOUN" in pos(tokens[i + 2]):
            words_ = [w for n, w in enumerate(tokens[i + 2:i + 4])
                      if ("NOUN" in pos(w) if n == 0 else _compound_noun(w)) and w not in NOT_THINGS
                      and w not in FUNCTION_WORDS and w not in LINKERS][:2]
            if words_ and words_ == tokens[i + 2:i + 2 + len(words_)]:
                found.append(f"{token} {owner[:-1]}'s {' '.join(words_)}")  # "my dads heart op" -> "my dad's heart"
            continue
        head: list[str] = []
        for word in tokens[i + 1:i + 3]:
            kinds = pos(word)
            noun = "NOUN" in kinds or (not kinds and len(word) >= 4 and word.isalpha() and word not in SLANG)
            if head and (not _compound_noun(word) or word in LINKERS):
                break  # "the group chat", "the tax return"; never "the prep starts" or "his walker fell"
            if (word in NOT_THINGS or word in DISTRESS or word in FUNCTION_WORDS or word in PEOPLE
                    or (word.endswith("s") and word[:-1] in PEOPLE)
                    or word in taken or not noun or "ADV" in kinds):
                break
            head.append(word)
        if head and not (len(head) == 1 and "VERB" in pos(head[0]) and head[0].endswith("ing")):
            found.append(f"{token} {' '.join(head)}")
    found = list(dict.fromkeys(found))
    return sorted(found, key=lambda phrase: not phrase.startswith("my "))  # their own things first


# Verbs that end a clause about an event ("before the exam starts"): after a noun they are never part
# of its name, as a plural noun would be ("before my exam results", "during the night feeds").
EVENT_VERBS = {"starts", "ends", "begins", "finishes", "opens", "closes", "comes", "goes", "arrives", "leaves",
               "stops", "kicks", "happens", "gets", "runs", "wakes", "sleeps", "calls", "rings", "texts", "lands",
               "visits", "is", "was", "has", "does"}


def moment(text: str) -> str | None:
    """A short moment that can front a sentence: "before my exams", "at night", "on the train"."""
    match = re.search(r"\b(before|after|during)\s+(?:(my|the|a|an)\s+)?([a-z]+)((?:\s+[a-z]+){0,3})",
                      (text or "").lower())
    if match:
        opener, det, noun1, rest = match.groups()
        adjective = "ADJ" in pos(noun1) and noun1 not in DISTRESS  # "after long shifts", "before my first day"
        # the nouns that finish the phrase: "a job interview", "the board meeting", "a hard phone call";
        # never a verb ("the exam starts"), an adverb ("my commute home") or a person
        compound: list[str] = []
        for word in rest.split()[:2]:
            if word in {"out", "off"} and (compound[-1:] or [noun1])[0] in {"night", "day", "evening", "time", "week"}:
                compound.append(word)  # "a night out", "a day off"
                break
            if word in DETERMINERS | {"each", "every", "this", "that", "these", "those", "next", "last", "some"}:
                break  # "after my run this morning": the time is not part of the run
            kinds = pos(word)
            verb_s = (compound or not adjective) and word in EVENT_VERBS
            last = compound[-1] if compound else noun1
            # after a plural, such a verb in its plain form: "the kids go", "the guests leave" (not "the sales pitch")
            after_plural = lemma(last, "NOUN") not in (None, last) and inflect(word, "VBZ") in EVENT_VERBS
            if "NOUN" not in kinds or "ADV" in kinds or word in DISTRESS | PEOPLE | PRONOUNS or verb_s or after_plural:
                break
            compound.append(word)
        if adjective and compound:
            return " ".join([opener] + ([det] if det else []) + [noun1, *compound])
        if adjective and rest.strip():
            pass  # "after long ..." with no noun to finish it: never "after long"
        elif noun1 in PEOPLE and compound and det:
            return " ".join([opener, det, noun1, *compound])  # "a dentist appointment", "the team meeting"
        elif ("NOUN" in pos(noun1) or det and lemma(noun1, "VERB") == noun1) \
                and noun1 not in DISTRESS and noun1 not in PEOPLE and noun1 not in PRONOUNS:
            return " ".join([opener] + ([det] if det else []) + [noun1, *compound])  # "during my commute"
    found = details(text)
    return found.first()


# Towns, cities and countries people name in passing ("moving to glasgow", "a firm in leeds"), said with a
# capital. A capitalised word the lexicon doesn't know, after "in" or "to", counts too ("in Harrogate").
NAMED_PLACES = {
    "london", "manchester", "birmingham", "leeds", "liverpool", "glasgow", "edinburgh", "cardiff", "belfast",
    "bristol", "sheffield", "newcastle", "nottingham", "leicester", "brighton", "oxford", "cambridge", "york",
    "bath", "exeter", "plymouth", "portsmouth", "southampton", "norwich", "coventry", "derby", "hull", "bradford",
    "aberdeen", "dundee", "swansea", "reading", "luton", "milton keynes", "stoke", "sunderland", "wolverhampton",
    "cornwall", "devon", "yorkshire", "kent", "essex", "wales", "scotland", "ireland", "england", "dublin", "cork",
    "galway", "limerick", "paris", "berlin", "madrid", "barcelona", "lisbon", "rome", "milan", "amsterdam",
    "brussels", "vienna", "prague", "budapest", "warsaw", "krakow", "athens", "copenhagen", "stockholm", "oslo",
    "helsinki", "zurich", "geneva", "munich", "new york", "los angeles", "san francisco", "san jose", "san diego",
    "seattle", "portland", "chicago", "boston", "austin", "denver", "atlanta", "miami", "houston", "dallas",
    "philadelphia", "washington", "toronto", "vancouver", "montreal", "calgary", "ottawa", "sydney", "melbourne",
    "brisbane", "perth", "adelaide", "auckland", "wellington", "lagos", "abuja", "accra", "nairobi",
    "johannesburg", "cape town", "cairo", "dubai", "mumbai", "delhi", "bangalore", "karachi", "lahore", "dhaka",
    "singapore", "hong kong", "tokyo", "seoul", "beijing", "shanghai", "manila", "bangkok", "kuala lumpur",
    "mexico city", "sao paulo", "buenos aires", "spain", "france", "italy", "germany", "portugal", "greece",
    "australia", "canada", "america", "japan", "india", "nigeria", "ghana", "kenya", "poland",
}
SOMEONE_ELSE_IS = {"is", "are", "hes", "he's", "shes", "she's", "theyre", "they're", "lives", "live", "living",
                   "stays", "based", "works"}
MOVE_VERBS = {"move", "moving", "moved", "relocating", "relocated", "relocate", "emigrating", "emigrated"}


def _named_places(text: str) -> list[str]:
    """"in Leeds", "in Glasgow": a town or city where the person is, or is moving to; never one where
    someone else is ("my family are in lagos") or one they only came from."""
    raw = re.findall(r"[A-Za-z][A-Za-z'-]*", text or "")
    tokens = [t.lower() for t in raw]
    found = []
    for i, token in enumerate(tokens):
        if token not in {"in", "to"} or i + 1 >= len(tokens):
            continue
        before = tokens[i - 1] if i else ""
        if token == "to" and before not in MOVE_VERBS and not (before == "back" and i > 1
                                                            and tokens[i - 2] in MOVE_VERBS):
            continue  # "go to lisbon" is a trip, "moving to glasgow" a new home
        if token == "in" and before in SOMEONE_ELSE_IS and not (i > 1 and tokens[i - 2] in {"im", "i'm", "i"}):
            continue  # "hes in portsmouth" is where he is; "im in london" is where they are
        two = " ".join(tokens[i + 1:i + 3])
        name = two if two in NAMED_PLACES else tokens[i + 1]
        capitalised = raw[i + 1][:1].isupper() and not pos(tokens[i + 1]) and len(tokens[i + 1]) > 2
        if name in NAMED_PLACES or capitalised:
            found.append("in " + " ".join(w.capitalize() for w in name.split()))
    return list(dict.fromkeys(found))


MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
HOLIDAYS = ["christmas", "easter", "new year", "half term", "ramadan", "diwali", "eid", "thanksgiving", "hanukkah"]
SEASONS = {"spring", "summer", "autumn", "winter", *HOLIDAYS}
MONTH = "(" + "|".join(MONTHS) + ")"
PERIOD = "(" + "|".join([*MONTHS, "spring", "summer", "autumn", "winter", *HOLIDAYS]) + ")"
PAST_WORDS = {"was", "were", "had", "did", "ago", "last", "born", "died", "passed", "lost", "left", "went", "came",
              "happened", "finished", "ended", "gave", "got", "broke", "split"}


@lru_cache(maxsize=4096)
def _past_word(word: str) -> bool:
    if word in PAST_WORDS:
        return True
    base = lemma(word, "VERB")
    return bool(base) and base != word and word.endswith(("ed", "ght", "ook", "ew", "ore", "ang", "ank")) \
        and inflect(base, "VBD") == word


def _past(clause: str) -> bool:
    """Whether a clause tells of something already over ("we moved house in january")."""
    return any(_past_word(w) for w in re.findall(r"[a-z']+", clause.lower()))


def _say(period: str) -> str:
    """"september" -> "September", "the summer" for a season, "Christmas" for a holiday."""
    period = period.lower()
    if period in SEASONS and period not in HOLIDAYS:
        return f"the {period}"
    return " ".join(w.capitalize() for w in period.split())


def _clauses(text: str) -> list[str]:
    return [c for c in re.split(r"[.;!?\n]|,\s|\s+(?:and|but|so)\s+", (text or "").lower()) if c.strip()]


def _dates(text: str) -> tuple[list[str], list[str], list[str]]:
    """Months, seasons and dates they named, sorted by how a line can say them: since when
    ("since September", or "in June" told in the past), until when ("in April", "on 14 March",
    "due 31 January", still ahead), and spans of now ("this winter", "at Christmas")."""
    since: list[str] = []
    until: list[str] = []
    now: list[str] = []
    for sentence in re.split(r"[.;!?\n]", (text or "").lower()):
        past = _past(sentence)  # "car accident in june, we were meant to go": the sentence tells of the past
        for match in re.finditer(r"\bsince\s+(?:last\s+|the\s+)?" + PERIOD + r"\b", sentence):
            since.append(_say(match[1]))
        for match in re.finditer(r"\b(?:on|by|before|until|till|til|due|is|for)?\s*(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?"
                                 r"\s+(?:of\s+)?" + MONTH + r"\b", sentence):
            if int(match[1]) <= 31:
                (since if past else until).append(f"{int(match[1])} {match[2].capitalize()}")
        for match in re.finditer(r"\b(in|by|before|until|till|til|from|next|this|over|at|for)\s+(?:the\s+)?" + PERIOD
                                 + r"\b(?!\s+\d)", sentence):
            word, period = match[1], match[2]
            if period == "may" and word not in {"in", "by", "until", "till", "til", "next"}:
                continue  # "this may help" is not a month
            if word == "this" and period in SEASONS - set(HOLIDAYS):
                now.append(f"this {period}")
            elif word in {"over", "at", "for"} and period in HOLIDAYS:
                now.append(f"at {_say(period)}")
            elif word in {"until", "till", "til", "next"} or word in {"in", "by", "before"} and not past:
                until.append(_say(period))
            elif word in {"in", "from"} and past:
                since.append(_say(period))
        for match in re.finditer(r"\bthis (week|month)\b", sentence):
            now.append(f"this {match[1]}")
    return list(dict.fromkeys(since)), list(dict.fromkeys(until)), list(dict.fromkeys(now))


SPAN = re.compile(r"\b(?:for\s+(?:about\s+|just\s+)?(\d{1,3})\s*(?:mins?|minutes)\b"
                  r"|(\d{1,3})\s*(?:mins?|minutes)\s+(a|each|every)\s+(day|night|morning|evening))", re.I)


def _spans(text: str) -> list[str]:
    """"for 20 minutes", "10 mins a night": the time they mean to give a practice ("10 minutes a night")."""
    found = []
    for match in SPAN.finditer(text or ""):
        if match[1]:
            found.append(f"{int(match[1])} minute{'s' if int(match[1]) != 1 else ''}")
        else:
            number = int(match[2])
            found.append(f"{number} minute{'s' if number != 1 else ''} {match[3].lower()} {match[4].lower()}")
    return [f for f in found if not f.startswith("0 ")]


EVENTS = {"wedding", "funeral", "party", "birthday", "championships", "championship", "tournament", "interview",
          "meeting", "review", "gig", "match", "race", "recital", "audition", "presentation", "reunion", "christening",
          "graduation", "marathon", "final", "finals", "concert", "performance", "show", "appraisal", "hearing",
          "viva", "exam", "exams", "test", "assessment", "conference", "pitch", "launch", "trial", "showcase"}


def _events(text: str) -> list[str]:
    """Events they named without "the" or with a bare possessive: "cousins wedding" -> "my cousin's wedding",
    "club championships" -> "the club championships"; never one already over."""
    found = []
    for clause in _clauses(text):
        if _past(clause):
            continue
        tokens = re.findall(r"[a-z][a-z'-]*", clause)
        for i, token in enumerate(tokens[:-1]):
            event = tokens[i + 1]
            if event not in EVENTS or (i and tokens[i - 1] in {"my", "the", "our", "his", "her", "their", "a", "an"}
                                       and token.rstrip("s'") not in PEOPLE):
                continue
            owner = token.removesuffix("'s").removesuffix("s'")
            owner = owner[:-1] if owner.endswith("s") and owner[:-1] in PEOPLE else owner
            if owner in PEOPLE and owner != token and owner not in BARE_NOT_MINE:
                det = tokens[i - 1] if i and tokens[i - 1] in {"my", "our"} else "my"
                found.append(f"{det} {owner}'s {event}")
            elif (i == 0 or tokens[i - 1] in {"a", "the", "my", "our", "at", "for", "in", "to"}) \
                    and "NOUN" in pos(token) and "ADV" not in pos(token) \
                    and token not in PEOPLE | FUNCTION_WORDS | NOT_THINGS | DISTRESS | DEVICES and len(token) > 2 \
                    and lemma(token, "NOUN") == token:
                found.append(f"the {token} {event}")
    return list(dict.fromkeys(found))
