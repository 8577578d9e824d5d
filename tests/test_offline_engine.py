"""The offline text engine: always valid, paced, deterministic, varied and personal."""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter

import pytest

from engine.content import TECHNIQUES, params_for, rules, validate
from engine.generation import generate, get_provider
from engine.generation.offline import MODEL, OfflineProvider, bank
from engine.generation.offline.affirmation import acceptable
from engine.generation.offline.extract import read
from engine.script import dumps, parse

PROVIDER = OfflineProvider()
INTENTS = [
    ("calmer before exams", "I study at night"),
    ("I want to feel more confident at work", "meetings make me nervous"),
    ("better sleep", ""),
    ("learn to play the cello", "I practise after dinner"),
    ("stop procrastinating", "when I sit at my desk I open my phone"),
    ("grief", "my dad passed away in the spring"),
    ("be a more patient parent", "with my kids after school"),
    ("xyzzy plugh", ""),  # nothing recognisable: the generic fallback
]
HOSTILE = "[pause 3s] {loud} ## cure my depression; stop my meds, I never want to feel this again [x3]"


def make(type_name: str, intent: str, context: str = "", **options):
    return PROVIDER.generate(params_for(type_name, intent=intent, context=context, **options))


def assert_valid(result) -> None:
    issues = validate(result.script)
    assert not issues, f"{result.script.title}: {[str(i) for i in issues]}\n{dumps(result.script)}"


@pytest.mark.parametrize("intent,context", INTENTS)
def test_affirmations_always_valid(intent, context):
    for seed in range(100 if (intent, context) in INTENTS[:4] else 40):
        result = make("affirmation", intent, context, seed=seed, count=3 + seed % 10,
                      repetitions=1 + seed % 4)
        assert_valid(result)
        assert len(result.script.lines) == int(result.script.meta["count"]) == 3 + seed % 10
        assert {line.repeat for line in result.script.lines} == {1 + seed % 4}


def test_affirmation_count_extremes():
    for intent, context in INTENTS:
        for count in (3, 50):
            result = make("affirmation", intent, context, seed=7, count=count)
            assert_valid(result)
            assert len(result.script.lines) == count


@pytest.mark.parametrize("technique", list(TECHNIQUES))
def test_meditation_valid_and_paced_for_every_length(technique):
    errors = []
    for minutes in [*range(1, 61), 2.5, 7.5, 12.25]:
        result = make("meditation", "calmer before exams", "I study at night",
                      seed=minutes, minutes=minutes, technique=technique)
        script = result.script
        assert_valid(result)
        assert [s.name for s in script.sections] == ["Arrival", "Breath", "Body", "Practice",
                                                       "Integration", "Return"]
        assert all(0 < p.seconds <= 600 for p in script.pauses)
        errors.append(abs(script.estimated_seconds(115) - minutes * 60) / (minutes * 60))
        repeated = [text for text, n in Counter(line.text.lower() for line in script.lines).items() if n > 1]
        assert not repeated, (minutes, repeated)
        if minutes >= 10:
            assert any(p.flexible for p in script.pauses)
    assert max(errors) < 0.01  # the validator allows 5%; the engine aims for 1%


def test_longer_meditations_say_more():
    words = [make("meditation", "calm", seed=1, minutes=m).script.spoken_words() for m in (1, 5, 10, 30, 60)]
    assert words == sorted(words) and words[-1] > 5 * words[1]


@pytest.mark.parametrize("technique", list(TECHNIQUES))
def test_narration_grows_with_duration(technique):
    """Long sessions draw more distinct content rather than only longer silences.

    Measured (seed 0..4, "calmer before exams"): about 48% spoken at 5 min, 40% at 10, 34% at 20,
    30% at 30, 26% at 45 and 20-23% at 60 (sleep the quietest), with 25 -> 140 distinct lines.
    """
    spoken, distinct = [], []
    for minutes in (5, 10, 20, 30, 45, 60):
        script = make("meditation", "calmer before exams", "I study at night", seed=minutes,
                      minutes=minutes, technique=technique).script
        spoken.append(script.spoken_words() / 115 / minutes)  # share of the time spoken
        distinct.append(len({line.text for line in script.lines}))
        assert len(script.lines) == distinct[-1], minutes  # no line said twice
    assert distinct == sorted(distinct) and distinct[-1] > 2.5 * distinct[1], distinct
    assert all(0.3 <= share <= 0.5 for share in spoken[:2]), spoken
    assert spoken[-1] >= 0.2, spoken


def test_sleep_meditation_drifts_to_rest():
    for seed in range(10):
        script = make("meditation", "better sleep", seed=seed, minutes=15, technique="sleep").script
        closing = " ".join(line.text for line in script.section("Return").lines).lower()
        assert "open your eyes" not in closing and "back to the room" not in closing


def test_techniques_have_distinct_practice():
    practices = {
        technique: {line.text for line in make("meditation", "calm", seed=3, minutes=20,
                                               technique=technique).script.section("Practice").lines}
        for technique in TECHNIQUES
    }
    for a, b in itertools.combinations(TECHNIQUES, 2):
        overlap = len(practices[a] & practices[b]) / len(practices[a] | practices[b])
        assert overlap < 0.25, (a, b, overlap)  # only the shared wandering-mind reminders overlap


@pytest.mark.parametrize("intent,context", INTENTS)
def test_rituals_always_valid(intent, context):
    times = ["morning", "midday", "afternoon", "evening", "night", "07:30", "22:15"]
    for seed in range(25):
        result = make("ritual", intent, context, seed=seed, minutes=1 + seed % 30,
                      time_of_day=times[seed % len(times)])
        assert_valid(result)
        meta = result.script.meta
        assert meta["time"] == times[seed % len(times)] and meta["anchor"]
        assert 3 <= len(result.script.section("Affirmations").lines) <= 7


SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.I)


def _second_person(text: str) -> bool:
    """Speaks to "you", outside quoted speech ("I can say 'let me come back to you on that'" is first person)."""
    text = re.sub(r"(?<!\w)'[^']+'(?!\w)|\"[^\"]+\"", "", text.lower())
    return bool(SECOND_PERSON.search(text.replace("thank you", "thanks").replace("thank-you", "thanks")))


def test_rituals_speak_in_the_first_person():
    for name, theme in bank.themes().items():
        for text in theme["embodiment"]:
            assert rules.is_first_person(text) and not _second_person(text), (name, text)
    intents = ["calm", "learn to play the cello", "be a more patient parent", "accept my body", "let go of the past",
               "pay off my debt", "better sleep", "grief", "confidence at work", "gratitude", "xyzzy"]
    for seed, intent in enumerate(intents * 3):
        script = make("ritual", intent, seed=seed, minutes=1 + seed % 12).script
        spoken = [line.text for line in script.lines]
        assert not [text for text in spoken if _second_person(text)], (intent, spoken)
        assert all(rules.is_first_person(line.text) for line in script.section("Embodiment").lines), spoken


def test_ritual_anchor_from_user_or_context():
    own = make("ritual", "calm", anchor="make my morning tea", seed=1).script
    assert own.meta["anchor"] == "after I make my morning tea"
    assert any("after i make my morning tea" in line.text.lower() for line in own.section("Anchor").lines)
    inferred = make("ritual", "focus", context="I always have coffee first", seed=1).script
    assert "coffee" in inferred.meta["anchor"]


def test_deterministic_for_a_seed():
    for type_name, options in [("affirmation", {}), ("meditation", {"minutes": 12}), ("ritual", {})]:
        first = make(type_name, "calmer before exams", "I study at night", seed=42, **options)
        again = make(type_name, "calmer before exams", "I study at night", seed=42, **options)
        other = make(type_name, "calmer before exams", "I study at night", seed=43, **options)
        assert dumps(first.script) == dumps(again.script)
        assert dumps(first.script) != dumps(other.script)


def test_no_seed_picks_one_and_records_it():
    result = make("affirmation", "confidence")
    assert isinstance(result.seed, int)
    replay = make("affirmation", "confidence", seed=result.seed)
    assert dumps(replay.script) == dumps(result.script)


@pytest.mark.parametrize("intent,context", INTENTS)
def test_variety_across_seeds(intent, context):
    """20 sets of 7 on one intent: mean pairwise Jaccard of the statement sets stays low.

    Measured (seeds 0..19): 0.07-0.17 per intent, the highest for intents without a named moment
    or topic (fewer personal frames). Two random 7-subsets of a ~55-statement pool average ~0.07;
    0.2 means fewer than about 2.5 of 7 statements are shared on average.
    """
    sets = [frozenset(line.text for line in make("affirmation", intent, context, seed=s).script.lines)
            for s in range(20)]
    overlaps = [len(a & b) / len(a | b) for a, b in itertools.combinations(sets, 2)]
    assert len(set(sets)) == 20
    assert statistics.mean(overlaps) < 0.2
    assert max(overlaps) < 0.7


def test_personalisation_uses_the_users_words():
    for seed in range(20):
        text = " ".join(line.text for line in make("affirmation", "calmer before exams", "I study at night",
                                                     seed=seed).script.lines)
        assert "exams" in text and "at night" in text.lower()
    meditation = " ".join(line.text for line in make("meditation", "calmer before exams", seed=2,
                                                      minutes=10).script.lines)
    assert "exams" in meditation
    ritual = dumps(make("ritual", "calmer before exams", "I study at night", seed=2).script)
    assert "exams" in ritual


THEME_TABLE = [  # intent, context -> the theme that should lead
    ("learn to play the cello", "I practise after dinner", "skill"),
    ("get better at guitar", "", "skill"),
    ("learn Spanish", "", "skill"),
    ("enjoy my pottery hobby", "", "skill"),
    ("be a more patient parent", "with my kids after school", "parenting"),
    ("more patience with my toddler", "", "parenting"),
    ("accept my body", "", "body-image"),
    ("feel good about the way I look", "", "body-image"),
    ("stop comparing myself to others", "", "body-image"),
    ("let go of the past", "", "letting-go"),
    ("forgive my ex", "", "letting-go"),
    ("release resentment toward my sister", "", "letting-go"),
    ("pay off my debt", "", "money"),
    ("save more money", "", "money"),
    ("get on top of my budget", "", "money"),
    ("calmer before exams", "I study at night", "exams"),
    ("learn faster for my exams", "", "exams"),
    ("stop procrastinating on my thesis", "", "focus"),
    ("I want to feel more confident at work", "meetings make me nervous", "career"),
    ("better sleep", "", "sleep"),
    ("grief", "my dad passed away in the spring", "grief"),
    ("closer to my partner", "", "relationships"),
    ("eat more vegetables and move more", "", "health"),
    ("xyzzy plugh", "", "general"),
]


@pytest.mark.parametrize("intent,context,expected", THEME_TABLE)
def test_theme_detection(intent, context, expected):
    assert read(params_for("affirmation", intent=intent, context=context)).theme == expected


def test_new_themes_shape_every_content_type():
    for intent, theme in [("learn to play the cello", "skill"), ("be a more patient parent", "parenting"),
                          ("accept my body", "body-image"), ("let go of the past", "letting-go"),
                          ("pay off my debt", "money")]:
        pool = set(bank.themes()[theme]["affirmations"])
        for type_name in ("affirmation", "meditation", "ritual"):
            result = make(type_name, intent, seed=4)
            assert_valid(result)
        lines = {line.text for line in make("affirmation", intent, seed=4, count=10).script.lines}
        assert len(lines & pool) >= 4, (intent, lines)


def test_meditation_title_uses_the_moment():
    for seed in range(10):
        title = make("meditation", "calmer before exams", seed=seed, minutes=10, technique="breath").script.title
        assert "Before Exams" in title and "Breath Meditation" in title, title
    plain = make("meditation", "calm", seed=1, minutes=10, technique="grounding").script.title
    assert "Grounding" in plain


def test_generic_fallback_weaves_in_the_intent():
    lines = [line.text for line in make("affirmation", "learn to play the cello", seed=5).script.lines]
    assert any("play the cello" in text for text in lines)


def test_profile_name_and_feelings():
    script = PROVIDER.generate(params_for("meditation", intent="rest", minutes=10, seed=1),
                               profile={"name": "Ana", "feelings": ["anxious"], "obstacles": None}).script
    assert any("Ana" in line.text for line in script.section("Arrival").lines)
    sit = read(params_for("affirmation", intent="a good week"), {"feelings": "anxious, worried"})
    assert sit.theme == "calm"


def test_hostile_input_stays_valid_and_safe():
    for type_name in ("affirmation", "meditation", "ritual"):
        for seed in range(10):
            result = make(type_name, HOSTILE, HOSTILE, seed=seed)
            assert_valid(result)
            assert "cure" not in dumps(result.script).split("---")[-1].lower()


def test_round_trip_and_result_fields():
    for type_name in ("affirmation", "meditation", "ritual"):
        chunks: list[str] = []
        params = params_for(type_name, intent="calmer before exams", context="I study at night", seed=9)
        result = PROVIDER.generate(params, on_text=chunks.append)
        assert parse(dumps(result.script)) == result.script
        assert parse("".join(chunks)) == result.script
        assert (result.provider, result.model, result.seed) == ("offline", MODEL, 9)
        assert result.usage["words"] == result.script.spoken_words() > 0
        assert result.prompt == params.to_dict()
        assert result.script.meta["type"] == type_name and result.script.meta["intent"]


def test_registry_default_is_offline():
    assert get_provider().name == "offline"
    result = generate(params_for("affirmation", intent="gratitude", seed=1))
    assert result.provider == "offline"


def test_phrase_banks_are_clean():
    assert (bank.offline_dir() / "script.j2").is_file()
    for name, theme in bank.themes().items():
        for text in theme["affirmations"]:
            assert acceptable(text), (name, text)
        assert len(theme["affirmations"]) >= 25, name
        for key in ("qualities", "identity", "embodiment", "commitment", "images", "focus", "keywords"):
            assert theme[key] or name == "general", (name, key)
    texts: list[str] = []  # every meditation line is distinct, so no script can say one twice
    def walk(node) -> None:
        if isinstance(node, str):
            texts.append(node.removeprefix("+ "))
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key not in ("titles", "practice_intro"):
                    walk(value)
    walk(bank.load("meditation"))
    assert not [text for text, n in Counter(texts).items() if n > 1]
