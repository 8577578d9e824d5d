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


# -- snapshots of every prompt as it goes over the wire ---------------------------------------------
# Update with ``pytest tests/test_prompt_text.py --snapshot-update`` and read the diff as text.
SNAPSHOT_PARAMS = {
    "affirmation": params_for("affirmation", intent="calm before exams", context="I study at night", count=7),
    "meditation": params_for("meditation", intent="let go of the working day", technique="body-scan",
                             minutes=10, context="I work late shifts"),
    "sleep": params_for("meditation", intent="fall asleep after a long shift", technique="sleep", minutes=8),
    "ritual": params_for("ritual", intent="write every day", time_of_day="07:00", anchor="after my first coffee"),
}
PROFILE = {"name": "Sam", "practice_time": "evening", "history": ["Calm Mornings", "Steady Breath"]}


def _bad_answer(kind: str) -> dict:
    from tests.stubs import answers

    if kind == "affirmation":
        return answers.bad_affirmation()
    if kind == "ritual":
        return {**answers.ritual(), "identity": ["I will study more."]}
    broken = answers.meditation()
    broken["sections"] = broken["sections"][:4]
    return broken


def _wire_prompts(stub, provider_name: str, params) -> str:
    """Run one generation whose first answer breaks the rules; the prompts sent, as text."""
    import json

    from engine.generation.providers.anthropic_messages import AnthropicProvider
    from engine.generation.providers.openai_chat import LocalProvider, OpenAIProvider
    from tests.stubs import wire
    from tests.stubs.fixtures import fast
    from tests.stubs.server import Reply

    bad = json.dumps(_bad_answer(params.type))
    profile = PROFILE if params.type == "affirmation" else None
    if provider_name == "anthropic":
        stub.enqueue(wire.ANTHROPIC_MESSAGES, Reply(json=wire.anthropic_message(
            json.loads(bad), f"{params.type}_script")))
        AnthropicProvider(api_key="sk-ant-test-000000000000", base_url=stub.url, config={},
                          retry=fast()).generate(params, profile=profile)
        first, second = (r.json for r in stub.hits(wire.ANTHROPIC_MESSAGES)[:2])
        system, user = first["system"], first["messages"][0]["content"]
        repair = second["messages"][-1]["content"][0]["content"]
    else:
        if provider_name == "openai":
            stub.enqueue(wire.OPENAI_CHAT, Reply(json=wire.openai_completion(bad)))
            provider = OpenAIProvider(api_key="sk-test-000000000000", base_url=f"{stub.url}/v1", config={},
                                      retry=fast())
        else:
            stub.enqueue(wire.OPENAI_CHAT, Reply(sse=wire.openai_stream(bad, usage=False)))
            provider = LocalProvider(config={"providers": {"local": {"base_url": f"{stub.url}/v1",
                                                                     "style": "json"}}}, retry=fast())
        provider.generate(params, profile=profile)
        first, second = (r.json for r in stub.hits(wire.OPENAI_CHAT)[:2])
        system, user = first["messages"][0]["content"], first["messages"][1]["content"]
        repair = second["messages"][-1]["content"]
    return f"=== system\n{system}\n=== user\n{user}\n=== repair\n{repair}\n"


@pytest.mark.parametrize("provider_name", ["openai", "anthropic", "local"])
@pytest.mark.parametrize("case", list(SNAPSHOT_PARAMS))
def test_prompts_as_sent_match_their_snapshot(stub, snapshot, provider_name, case):
    text = _wire_prompts(stub, provider_name, SNAPSHOT_PARAMS[case])
    for line in text.splitlines():
        assert not re.search(r"[a-z)][.!?](?:Return|Fix|Write|Timing|Problems)\b", line), line
    assert text == snapshot


@pytest.mark.parametrize("case", list(SNAPSHOT_PARAMS))
def test_plain_lines_prompts_match_their_snapshot(stub, snapshot, case):
    """Small local models get one short prompt a part (and a fresh one for lines still missing)."""
    from engine.generation.providers.openai_chat import LocalProvider
    from tests.stubs import wire
    from tests.stubs.dialects import SmallModel
    from tests.stubs.fixtures import fast

    stub.route(wire.OPENAI_CHAT, SmallModel())
    LocalProvider(config={"providers": {"local": {"base_url": f"{stub.url}/v1", "style": "lines"}}},
                  retry=fast()).generate(SNAPSHOT_PARAMS[case])
    bodies = [r.json for r in stub.hits(wire.OPENAI_CHAT)]
    assert len({body["messages"][0]["content"] for body in bodies}) == 1  # one system prompt for all
    text = f"=== system\n{bodies[0]['messages'][0]['content']}\n" + "".join(
        f"=== ask {n}\n{body['messages'][1]['content']}\n" for n, body in enumerate(bodies, 1))
    for line in text.splitlines():
        assert not re.search(r"[a-z)][.!?](?:Write|Answer|Each|Say|Speak|Never)\b", line), line
    assert text == snapshot
