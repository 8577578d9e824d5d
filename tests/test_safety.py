"""Crisis-language detection: caught rate and false-positive rate on a phrase set."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from engine.safety import check_crisis, crisis_lines, resources_for

PHRASES = tomllib.loads((Path(__file__).parent / "data" / "crisis_phrases.toml").read_text("utf-8"))


def test_phrase_set_is_large_enough():
    assert len(PHRASES["crisis"]) >= 40 and len(PHRASES["lookalike"]) >= 40


def test_caught_rate_and_false_positive_rate():
    missed = [p for p in PHRASES["crisis"] if check_crisis(p) is None]
    flagged = [p for p in PHRASES["lookalike"] if check_crisis(p) is not None]
    caught = 1 - len(missed) / len(PHRASES["crisis"])
    false_pos = len(flagged) / len(PHRASES["lookalike"])
    print(f"crisis caught rate {caught:.0%} ({len(PHRASES['crisis'])} phrases), "
          f"false-positive rate {false_pos:.0%} ({len(PHRASES['lookalike'])} look-alikes)")
    assert missed == [] and flagged == []


@pytest.mark.parametrize("text,category", [
    ("I want to kill myself", "suicide"),
    ("I've been cutting myself again", "self-harm"),
    ("I want to hurt my brother", "harm-others"),
])
def test_categories(text, category):
    assert check_crisis(text, country="").category == category


def test_resources_default_and_country():
    default = check_crisis("I want to die", country="")
    assert "findahelpline.com" in default.text() and "emergency" in default.emergency
    gb = check_crisis("I want to die", country="gb")
    assert gb.country == "GB" and "116 123" in gb.text() and "findahelpline.com" in gb.text()
    assert resources_for("ZZ")[2] == ""  # unknown country: the international default
    assert {"US", "GB", "AU"} <= set(crisis_lines()["countries"])


def test_country_from_config(waqup_home):
    waqup_home.mkdir(parents=True, exist_ok=True)
    (waqup_home / "config.toml").write_text('[conversation]\ncrisis_country = "US"\n')
    assert "988" in check_crisis("I wanna die").text()


def test_empty_and_plain_text_pass():
    assert check_crisis("") is None and check_crisis(None) is None
    assert check_crisis("I want to feel calm before my exams") is None
