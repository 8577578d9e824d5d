"""The offline engine's output, over the evaluation set and many seeds, passes the craft checker and
the validator, routes to themes by meaning, and never pairs a request with a theme that hurts."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from engine.content import craft, params_for, validate
from engine.generation.offline import OfflineProvider, bank, extract
from engine.language import themes as routing

EVAL = Path(__file__).parent / "data" / "craft_eval.toml"
ITEMS = tomllib.loads(EVAL.read_text("utf-8"))["item"]
PROVIDER = OfflineProvider()


def generate(type_name: str, intent: str, context: str = "", seed: int = 1, **extra):
    return PROVIDER.generate(params_for(type_name, intent=intent, context=context, seed=seed, **extra)).script


def test_the_evaluation_set_is_broad():
    assert len(ITEMS) >= 200
    assert len({item["themes"][0] for item in ITEMS}) >= 30
    assert {item["split"] for item in ITEMS} == {"tune", "holdout"}
    names = set(routing.banks())
    for item in ITEMS:
        assert set(item["themes"]) | set(item.get("never", [])) <= names, item["id"]


@pytest.mark.parametrize("type_name", ["affirmation", "meditation", "ritual"])
def test_every_script_passes_checker_and_validator(type_name):
    problems = []
    for item in ITEMS[::3]:
        for seed in (1, 2, 3):
            extra = {"minutes": 3 + seed * 2} if type_name == "meditation" else {}
            script = generate(type_name, item["intent"], item.get("context", ""), seed, **extra)
            found = [f"{code}: {message}" for code, message, *_ in craft.check(script)]
            found += [str(issue) for issue in validate(script, type_name)]
            if found:
                problems.append((item["id"], seed, found[:2]))
    assert not problems, problems[:10]


def test_routing_accuracy_on_the_holdout_split():
    holdout = [item for item in ITEMS if item["split"] == "holdout"]
    right = 0
    for item in holdout:
        sit = extract.read(params_for("affirmation", intent=item["intent"], context=item.get("context", "")))
        right += sit.themes[0] in item["themes"]
    # measured 85% on this split (the goal is 95%; bench/craft.py prints the figure): a guard, not the goal
    assert right / len(holdout) >= 0.8, right / len(holdout)


def test_harmful_pairings_stay_rare_in_the_set():
    """The goal is none; 7 of 239 items still meet a theme their labeller ruled out (mostly a second,
    keyword-backed topic: "cant switch off after work" -> career). A guard against getting worse."""
    harmful = []
    for item in ITEMS:
        sit = extract.read(params_for("affirmation", intent=item["intent"], context=item.get("context", "")))
        bad = [name for name in sit.themes if name in item.get("never", [])]
        if bad:
            harmful.append((item["id"], bad))
    assert len(harmful) <= 8, harmful


@pytest.mark.parametrize(("intent", "theme"), [
    ("asleep by 11 would be nice", "sleep"),
    ("running on empty", "burnout"),
    ("i lost the baby at 12 weeks", "pregnancy-loss"),
    ("my driving test is on friday", "driving-test"),
    ("doomscrolling til 2am", "digital-habits"),
])
def test_meaning_not_word_beginnings(intent, theme):
    assert routing.route(intent).primary == theme


def test_blocked_pairings_are_symmetric_rules():
    assert routing.forbidden("pregnancy-loss", "gratitude")
    assert routing.forbidden("gratitude", "grief")
    assert routing.forbidden("burnout", "career")
    assert routing.forbidden("body-image", "health")


@pytest.mark.parametrize(("intent", "banned"), [
    ("fall asleep faster", "make room for fall asleep"),
    ("calm before exams", "to calm before exams"),
    ("grieving my mum", "choose grieving"),
])
def test_the_reported_splices_never_come_back(intent, banned):
    for seed in range(1, 9):
        for type_name in ("affirmation", "ritual", "meditation"):
            text = " ".join(line.text for line in generate(type_name, intent, seed=seed).lines).lower()
            assert banned not in text


def test_distress_is_never_echoed_back():
    for seed in range(1, 9):
        for type_name in ("affirmation", "ritual", "meditation"):
            script = generate(type_name, "I feel hopeless and numb", seed=seed)
            text = " ".join(line.text for line in script.lines).lower()
            assert not re.search(r"\b(?:hopeless|numb)\b", text), text


def test_sleep_requests_are_sleep_safe_whatever_the_technique():
    for technique in ("breath", "body-scan", "visualisation", "grounding"):
        script = generate("meditation", "fall asleep faster", seed=2, minutes=10, technique=technique)
        text = " ".join(line.text for line in script.lines).lower()
        assert "open your eyes" not in text
        assert not [c for c, *_ in craft.check(script) if c == "sleep-safe"]


def test_context_details_are_used():
    script = generate("affirmation", "calm before my presentation", "I practise at my desk at night", seed=4)
    text = " ".join([script.title, *(line.text for line in script.lines)]).lower()
    assert "at my desk" in text or "at night" in text


def test_every_short_meditation_ends_with_a_closing_line():
    for seed in range(1, 6):
        for minutes in (1, 2, 3):
            script = generate("meditation", "let go of the day", seed=seed, minutes=minutes)
            ret = script.section("Return")
            assert ret is not None and ret.lines
            closes = {*bank.load("meditation")["return"]["close"],
                      *(t for theme in bank.themes().values()
                        for t in theme.get("meditation", {}).get("return_close", []))}
            assert ret.lines[-1].text in closes


def test_ritual_titles_name_periods_not_clock_times():
    for seed in range(1, 6):
        script = generate("ritual", "write every day", seed=seed, time_of_day="09:00")
        assert "09:00" not in script.title
        assert not [c for c, *_ in craft.check(script) if c in ("grammar", "article")]


def test_shipped_theme_vectors_match_the_banks():
    """``python -m engine.language.build`` refreshes them after a bank's description or examples change."""
    import numpy as np

    from engine.language import index

    labels, texts = routing.exemplars()
    with np.load(index.shipped_dir() / "themes.npz") as data:
        assert str(data["fingerprint"]) == index.fingerprint(labels, texts)
        assert data["vectors"].shape == (len(texts), 384)
