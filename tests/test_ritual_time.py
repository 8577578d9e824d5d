"""A ritual's time of day comes from the person's words when they don't choose one."""

import pytest

from engine.content import params_for
from engine.generation.offline import OfflineProvider
from engine.language.text import time_of_day


@pytest.mark.parametrize(("intent", "context", "expected"), [
    ("evening wind-down", "", "evening"),
    ("a ritual to start my day with focus", "", "morning"),
    ("sleep better", "", "night"),
    ("focus", "I'll do it after work", "evening"),
    ("gratitude practice", "at 9pm, before the kids' bath", "21:00"),
    ("gratitude practice", "", "morning"),  # nothing named: the default
    ("calm mornings", "I can't sleep at night", "morning"),  # the intent outranks the context
])
def test_ritual_time_comes_from_the_words(intent, context, expected):
    assert params_for("ritual", intent=intent, context=context).time_of_day == expected


def test_a_chosen_time_wins_over_the_words():
    assert params_for("ritual", intent="sleep better", time_of_day="Morning").time_of_day == "morning"


def test_clock_and_named_times():
    assert time_of_day("at 7.30 before work") == "07:30"
    assert time_of_day("winding down after dinner") == "evening"
    assert time_of_day("a calm focus session") == ""


@pytest.mark.parametrize("seed", range(1, 6))
def test_an_evening_ritual_is_written_for_the_evening(seed):
    script = OfflineProvider().generate(params_for("ritual", intent="evening wind-down", seed=seed)).script
    assert script.meta["time"] == "evening"
    assert "Morning" not in script.title
    spoken = " ".join(line.text for line in script.lines).lower()
    assert "this morning" not in spoken and "start the day" not in spoken
