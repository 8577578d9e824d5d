"""Anthropic Messages provider (tool-use structured output) against a local wire-format server."""

from __future__ import annotations

import json

import pytest

from engine.content import params_for
from engine.generation.providers.anthropic_messages import AnthropicProvider
from engine.generation.providers.faults import ProviderError
from engine.generation.providers.llm import GenerationFailed
from tests.stubs import answers, wire
from tests.stubs.fixtures import fast
from tests.stubs.server import Reply, StubServer

KEY = "sk-ant-test-0000000000002222"


def provider(stub: StubServer, **options) -> AnthropicProvider:
    options.setdefault("retry", fast())
    return AnthropicProvider(api_key=KEY, base_url=stub.url, config={}, **options)


@pytest.mark.parametrize("kind", ["affirmation", "meditation", "ritual"])
@pytest.mark.parametrize("stream", [False, True])
def test_generates_each_type(stub, kind, stream):
    seen: list[str] = []
    result = provider(stub).generate(
        params_for(kind, intent="calm before exams"), on_text=seen.append if stream else None
    )
    assert result.provider == "anthropic" and result.model == "claude-3-5-haiku-latest"
    assert result.script.type == kind
    assert result.usage["input_tokens"] == 150 and result.usage["output_tokens"] == 90
    (req,) = stub.hits(wire.ANTHROPIC_MESSAGES)
    body = req.json
    assert KEY in (req.headers.get("x-api-key"), req.headers.get("authorization", "").removeprefix("Bearer "))
    assert body["tool_choice"] == {"type": "tool", "name": f"{kind}_script"}
    assert body["tools"][0]["input_schema"]["type"] == "object"
    assert "waQup" in body["system"]
    assert bool(body.get("stream")) is stream
    if stream:
        assert seen and not any("{" in s for s in seen)


def test_invalid_tool_input_repaired_with_tool_result(stub):
    stub.enqueue(
        wire.ANTHROPIC_MESSAGES,
        Reply(json=wire.anthropic_message(answers.bad_affirmation(), "affirmation_script")),
    )
    result = provider(stub).generate(params_for("affirmation", intent="calm"))
    assert result.usage["repairs"] == 1
    messages = stub.hits(wire.ANTHROPIC_MESSAGES)[1].json["messages"]
    assert messages[1]["content"][0]["type"] == "tool_use"
    result_block = messages[2]["content"][0]
    assert result_block["type"] == "tool_result" and result_block["is_error"] is True
    assert result_block["tool_use_id"] == messages[1]["content"][0]["id"]
    assert "negative framing" in result_block["content"]


def test_malformed_streamed_json_repaired(stub):
    broken = wire.anthropic_stream('{"title": "Calm", "statements": ["I bre', "affirmation_script")
    stub.enqueue(wire.ANTHROPIC_MESSAGES, Reply(sse=broken))
    result = provider(stub).generate(params_for("affirmation", intent="calm"), on_text=lambda _: None)
    assert result.usage["repairs"] == 1
    tool_result = stub.hits(wire.ANTHROPIC_MESSAGES)[1].json["messages"][2]["content"][0]
    assert "not valid JSON" in tool_result["content"]


def test_persistent_violation_fails_cleanly(stub):
    bad = Reply(json=wire.anthropic_message(answers.bad_affirmation(), "affirmation_script"))
    stub.enqueue(wire.ANTHROPIC_MESSAGES, bad, bad, bad)
    with pytest.raises(GenerationFailed, match="Anthropic .* still broke the rules after 2 repairs"):
        provider(stub).generate(params_for("affirmation", intent="calm"))
    assert len(stub.hits(wire.ANTHROPIC_MESSAGES)) == 3


def test_text_only_answer_repaired(stub):
    stub.enqueue(
        wire.ANTHROPIC_MESSAGES,
        Reply(
            json=wire.anthropic_message(
                None, "affirmation_script", stop_reason="end_turn", text="Here are some affirmations!"
            )
        ),
    )
    provider(stub).generate(params_for("affirmation", intent="calm"))
    messages = stub.hits(wire.ANTHROPIC_MESSAGES)[1].json["messages"]
    assert messages[1] == {"role": "assistant", "content": "Here are some affirmations!"}


def test_429_and_529_retried(stub):
    stub.enqueue(
        wire.ANTHROPIC_MESSAGES,
        wire.anthropic_error(429, "rate limited", "rate_limit_error", headers={"retry-after": "0.1"}),
        wire.anthropic_error(529, "Overloaded", "overloaded_error"),
    )
    result = provider(stub).generate(params_for("affirmation", intent="calm"))
    assert result.usage["retries"] == 2 and len(stub.hits(wire.ANTHROPIC_MESSAGES)) == 3


def test_401_403_400_refusal(stub):
    stub.enqueue(
        wire.ANTHROPIC_MESSAGES, wire.anthropic_error(401, "invalid x-api-key", "authentication_error")
    )
    with pytest.raises(ProviderError) as err:
        provider(stub).generate(params_for("affirmation", intent="calm"))
    assert str(err.value) == "Anthropic rejected the key: run `waqup keys set anthropic`"
    stub.enqueue(wire.ANTHROPIC_MESSAGES, wire.anthropic_error(403, "forbidden", "permission_error"))
    with pytest.raises(ProviderError, match="rejected the key"):
        provider(stub).generate(params_for("affirmation", intent="calm"))
    stub.enqueue(wire.ANTHROPIC_MESSAGES, wire.anthropic_error(400, "tools.0.input_schema: bad"))
    with pytest.raises(ProviderError, match="HTTP 400\\): tools.0.input_schema: bad"):
        provider(stub).generate(params_for("affirmation", intent="calm"))
    stub.enqueue(
        wire.ANTHROPIC_MESSAGES,
        Reply(json=wire.anthropic_message(None, "x", stop_reason="refusal", text="I can't write that.")),
    )
    with pytest.raises(ProviderError, match="Anthropic declined: I can't write that."):
        provider(stub).generate(params_for("affirmation", intent="calm"))


def test_env_base_url(stub, monkeypatch):
    monkeypatch.setenv("ANTHROPIC_BASE_URL", stub.url)
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    result = AnthropicProvider(config={}, retry=fast()).generate(params_for("ritual", intent="focus"))
    assert result.script.type == "ritual"
    assert json.loads(stub.hits(wire.ANTHROPIC_MESSAGES)[0].body)["model"] == "claude-3-5-haiku-latest"
