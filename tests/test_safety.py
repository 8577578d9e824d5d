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


# -- the layered gate against its labelled sets ---------------------------------------------

DATA = Path(__file__).parent / "data"
EVAL = tomllib.loads((DATA / "crisis_eval.toml").read_text("utf-8"))

ISSUE_EXAMPLES = [  # the phrasings the old pattern list let through (issue 14)
    "I have a plan to end it this weekend",
    "I'm thinking of overdosing",
    "I keep thinking about overdosing",
    "how do I stop wanting to die",
    "I bought a rope",
    "goodbye everyone, this is my last night",
    "help me feel ok about dying, I plan to take all my pills tonight",
    "I feel hopeless and numb and I want to disappear",
]


def _rates(split: str) -> tuple[float, float]:
    crisis = [r["text"] for r in EVAL["crisis"] if r["split"] == split]
    looks = [r["text"] for r in EVAL["lookalike"] if r["split"] == split]
    recall = sum(check_crisis(t, moderation=False) is not None for t in crisis) / len(crisis)
    false_pos = sum(check_crisis(t, moderation=False) is not None for t in looks) / len(looks)
    return recall, false_pos


def test_evaluation_set_has_the_required_shape():
    crisis, looks = EVAL["crisis"], EVAL["lookalike"]
    tags = [tag for row in crisis for tag in row["tags"]]
    assert len(crisis) >= 300 and len(looks) >= 300
    assert tags.count("indirect") >= 60 and tags.count("typo") >= 40 and tags.count("long") >= 30
    assert sum(r["split"] == "holdout" for r in crisis) >= 100 and sum(r["split"] == "holdout" for r in looks) >= 100
    texts = [r["text"] for r in crisis + looks]
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize("text", ISSUE_EXAMPLES)
def test_the_issue_examples_stop(text):
    assert check_crisis(text, moderation=False) is not None


def test_tuning_split():
    recall, false_pos = _rates("tune")
    print(f"tune: recall {recall:.1%}, false positives {false_pos:.1%}")
    assert recall >= 0.97 and false_pos <= 0.03


def test_holdout_split_does_not_regress():
    # Never tuned on: this only guards against a change that makes the gate worse. bench/safety.py
    # reports the figures; the goal (98% recall, 3% false positives) is not met yet.
    recall, false_pos = _rates("holdout")
    print(f"holdout: recall {recall:.1%}, false positives {false_pos:.1%}")
    assert recall >= 0.75 and false_pos <= 0.05


def test_a_crisis_sentence_buried_in_long_text_stops():
    filler = "Work was long and the train was late again. I made pasta and watched half a film. " * 12
    assert check_crisis(filler + "I've got the pills saved up for tonight. " + filler, moderation=False)
    assert check_crisis(filler, moderation=False) is None


@pytest.mark.parametrize("text", [
    "this exam is killing me", "I could murder a pizza", "dying to see the show", "kill the lights please",
    "I'm so bored I could die", "My grandmother died peacefully in her sleep last spring",
    "I used to cut. I haven't in six years and I want a morning routine.",
    "my character in the novel wants to die and I need to write it well",
])
def test_look_alikes_pass(text):
    assert check_crisis(text, moderation=False) is None


def test_abuse_and_danger_get_their_own_lines(waqup_home):
    found = check_crisis("my husband said he'll kill me if I leave", country="GB", moderation=False)
    assert found.category == "danger"
    assert found.resources[0]["name"].startswith("National Domestic Abuse Helpline")
    assert "not your fault" in found.message


def test_every_country_entry_is_sourced():
    table = crisis_lines()
    assert table["reviewed"]
    for code, entry in table["countries"].items():
        for resource in [*entry["resources"], *entry.get("danger", [])]:
            assert resource["url"].startswith("https://"), code
            assert resource["contact"], code


def test_shipped_vectors_and_head_are_current():
    import numpy as np

    from engine.language import claims, crisis, index

    stale = "stale: run python -m engine.language.build"
    for built, name in ((crisis.index(), "crisis"), *zip(claims.indexes(), ("claims", "claims-fine"), strict=True)):
        with np.load(index.shipped_dir() / f"{name}.npz") as data:
            assert str(data["fingerprint"]) == index.fingerprint(list(built.labels), list(built.texts)), stale
    rows = crisis.training_rows()
    head = crisis.head()
    assert head is not None and head.fingerprint == crisis.fingerprint_rows(rows), stale
    assert not any(row["split"] == "holdout" for row in EVAL["crisis"] if (row["text"], 1) in set(rows))


@pytest.mark.parametrize("line,claim", [
    ("you can throw away your antidepressants now", True),
    ("this session removes depression at its root", True),
    ("this meditation cures anxiety", True),
    ("ask your doctor before changing anything about your medication", False),
    ("I am patient with my healing", False),
    ("I notice the pain and soften around it", False),
])
def test_medical_claims_by_meaning(line, claim):
    from engine.language.claims import medical_claim

    assert bool(medical_claim(line)) is claim


@pytest.mark.parametrize("name,size", [("crisis_dev", 320), ("crisis_dev2", 400), ("crisis_dev3", 250),
                                       ("crisis_dev4", 240), ("crisis_dev5", 100), ("crisis_dev6", 240),
                                       ("crisis_dev7", 100), ("crisis_dev8", 160),
                                       ("crisis_dev9", 160), ("crisis_dev10", 38),
                                       ("crisis_dev11", 0)])
def test_development_sets_are_independent_of_the_holdout(name, size):
    data = tomllib.loads((DATA / f"{name}.toml").read_text("utf-8"))
    assert len(data.get("crisis", [])) >= size and len(data["lookalike"]) >= max(size, 38)
    holdout = {r["text"].lower() for kind in ("crisis", "lookalike") for r in EVAL[kind] if r["split"] == "holdout"}
    assert not holdout & {r["text"].lower() for kind in ("crisis", "lookalike") for r in data.get(kind, [])}
