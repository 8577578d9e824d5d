"""Goal phrases read by meaning: aims become goal lines, problems never do (phrases not in aims.toml)."""

from __future__ import annotations

import tomllib

import pytest

from engine.content import params_for
from engine.generation.offline import extract
from engine.language import aims
from engine.paths import templates_dir

UNSEEN_AIMS = ["restful nights", "inner peace", "more energy", "better focus", "a calm morning",
               "confidence at work", "patience with my kids"]
UNSEEN_PROBLEMS = ["tinnitus", "fibromyalgia", "shame", "feel dizzy", "feel empty", "insomnia again", "ptsd",
                   "a divorce", "sciatica", "bad dreams", "regret", "a hangover"]


def test_unseen_phrases_are_not_exemplars():
    data = tomllib.loads((templates_dir() / "language" / "aims.toml").read_text("utf-8"))
    assert not set(UNSEEN_AIMS + UNSEEN_PROBLEMS) & set(data["aim"] + data["problem"])


@pytest.mark.parametrize("phrase", UNSEEN_AIMS)
def test_aims_are_wanted(phrase):
    assert aims.wanted(phrase), aims.lean(phrase)


@pytest.mark.parametrize("phrase", UNSEEN_PROBLEMS)
def test_problems_are_not(phrase):
    assert not aims.wanted(phrase), aims.lean(phrase)


@pytest.mark.parametrize("intent", ["insomnia", "migraine again, third this week", "loneliness", "cravings",
                                    "money worries", "credit card debt"])
def test_a_problem_never_becomes_the_goal(intent):
    """"You've made time for insomnia" and "I have what it takes to feel migraine again" are not written."""
    sit = extract.read(params_for("affirmation", intent=intent))
    assert sit.goal_verb is None and sit.goal_noun is None


@pytest.mark.parametrize(("intent", "verb", "noun"), [("better sleep", None, "better sleep"),
                                                     ("fall asleep faster", "fall asleep faster", None),
                                                     ("feel calmer before exams", "feel calmer before exams", None),
                                                     ("sobriety", None, "sobriety")])
def test_aims_stay_goals(intent, verb, noun):
    sit = extract.read(params_for("affirmation", intent=intent))
    assert (sit.goal_verb, sit.goal_noun) == (verb, noun)
