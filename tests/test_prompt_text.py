"""Rendered prompts read as text: block tags never glue two lines together."""

from __future__ import annotations

import re

import pytest

from engine.content import params_for
from engine.generation.providers.prompts import messages_for, repair_message

PARAMS = [
    params_for("affirmation", intent="calm before exams", context="I study at night", count=7),
    params_for("meditation", intent="sleep", technique="sleep", minutes=10),
    params_for("meditation", intent="let go of the day", technique="breath", minutes=5),
    params_for("ritual", intent="write every day", time_of_day="07:00", anchor="after my first coffee"),
]


@pytest.mark.parametrize("params", PARAMS, ids=lambda p: p.type)
def test_prompts_keep_their_line_breaks(params):
    for text in messages_for(params):
        for line in text.splitlines():
            assert not re.search(r"[a-z)][.!?]Return only", line), line
            assert not re.search(r"\w(?:Timing|Return|Write|Problems):", line), line


def test_repair_lists_each_problem_on_its_own_line():
    text = repair_message(["asked for 7 statements, got 1", "statement 2 is not first person"])
    assert text.splitlines()[1:3] == ["- asked for 7 statements, got 1", "- statement 2 is not first person"]
    assert text.splitlines()[-1].startswith("Fix every problem")
