"""OpenAI and OpenAI-compatible text providers against a local server speaking the real wire format."""

from __future__ import annotations

import json
import time

import pytest

from engine.content import params_for
from engine.errors import UsageError, WaqupError
from engine.generation.providers.faults import ProviderError
from engine.generation.providers.llm import GenerationFailed
from engine.generation.providers.openai_chat import LocalProvider, OpenAIProvider
from tests.stubs import answers, wire
from tests.stubs.fixtures import fast
from tests.stubs.server import Reply, StubServer

KEY = "sk-test-openai-0000000000001111"


def provider(stub: StubServer, **options) -> OpenAIProvider:
    options.setdefault("retry", fast())
    return OpenAIProvider(api_key=KEY, base_url=f"{stub.url}/v1", config={}, **options)


def chat(content: str) -> Reply:
    return Reply(json=wire.openai_completion(content))


@pytest.mark.parametrize("kind", ["affirmation", "meditation", "ritual"])
@pytest.mark.parametrize("stream", [False, True])
def test_generates_each_type(stub, kind, stream):
    seen: list[str] = []
    result = provider(stub).generate(
        params_for(kind, intent="calm before exams"), on_text=seen.append if stream else None
    )
    assert result.provider == "openai" and result.model == "gpt-4o-mini"
    assert result.script.type == kind
    assert result.usage["input_tokens"] == 120 and result.usage["output_tokens"] == 80
    assert result.usage["cost_usd"] > 0 and result.usage["repairs"] == 0
    (req,) = stub.hits(wire.OPENAI_CHAT)
    body = req.json
    assert req.headers["authorization"] == f"Bearer {KEY}"
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
    assert body["messages"][0]["role"] == "system"
    assert bool(body.get("stream")) is stream
    if stream:
        assert body["stream_options"] == {"include_usage": True}
        assert seen and all(s.endswith("\n") for s in seen)  # string values, not JSON punctuation
        assert not any("{" in s for s in seen)


def test_meditation_pauses_scaled_to_target(stub):
    result = provider(stub).generate(params_for("meditation", intent="rest", minutes=12))
    assert abs(result.script.estimated_seconds() - 720) <= 0.05 * 720
    assert result.script.meta["minutes"] == "12" and result.script.meta["technique"] == "breath"


def test_malformed_json_is_repaired(stub):
    stub.enqueue(wire.OPENAI_CHAT, chat('{"title": "Calm", "statements": ["I breathe'))
    result = provider(stub).generate(params_for("affirmation", intent="calm"))
    assert result.usage["repairs"] == 1 and result.usage["calls"] == 2
    second = stub.hits(wire.OPENAI_CHAT)[1].json["messages"]
    assert second[-2]["role"] == "assistant" and "not valid JSON" in second[-1]["content"]


def test_schema_violation_repaired_then_clean_failure(stub):
    bad = chat(json.dumps(answers.bad_affirmation()))
    stub.enqueue(wire.OPENAI_CHAT, bad)
    result = provider(stub).generate(params_for("affirmation", intent="calm"))
    assert result.usage["repairs"] == 1
    repair = stub.hits(wire.OPENAI_CHAT)[1].json["messages"][-1]["content"]
    assert "negative framing" in repair and "not present tense" in repair

    stub.requests.clear()
    stub.enqueue(wire.OPENAI_CHAT, bad, bad, bad)
    with pytest.raises(GenerationFailed) as err:
        provider(stub).generate(params_for("affirmation", intent="calm"))
    assert len(stub.hits(wire.OPENAI_CHAT)) == 3  # first answer + 2 bounded repairs
    assert "after 2 repairs" in str(err.value) and isinstance(err.value, WaqupError)
    from engine.library import Library

    with Library() as lib:
        row = lib.generations()[0]
    assert row["status"] == "error" and row["provider"] == "openai" and row["usage"]["calls"] == 3


def test_wrong_shape_is_a_schema_issue(stub):
    stub.enqueue(wire.OPENAI_CHAT, chat('{"title": "x", "lines": []}'))
    provider(stub).generate(params_for("affirmation", intent="calm"))
    assert (
        "'statements' must be a non-empty list"
        in stub.hits(wire.OPENAI_CHAT)[1].json["messages"][-1]["content"]
    )


def test_429_honours_retry_after(stub):
    stub.enqueue(
        wire.OPENAI_CHAT,
        wire.openai_error(429, "Rate limit reached", "rate_limit_error", headers={"retry-after": "0.3"}),
    )
    started = time.monotonic()
    result = provider(stub).generate(params_for("affirmation", intent="calm"))
    assert time.monotonic() - started >= 0.3
    assert result.usage["retries"] == 1 and len(stub.hits(wire.OPENAI_CHAT)) == 2


def test_500s_retried_then_exhausted(stub):
    stub.enqueue(wire.OPENAI_CHAT, *[wire.openai_error(500, "boom", "server_error")] * 2)
    assert provider(stub).generate(params_for("affirmation", intent="calm")).usage["retries"] == 2
    stub.requests.clear()
    stub.enqueue(wire.OPENAI_CHAT, *[wire.openai_error(503, "overloaded", "server_error")] * 3)
    with pytest.raises(ProviderError) as err:
        provider(stub).generate(params_for("affirmation", intent="calm"))
    assert len(stub.hits(wire.OPENAI_CHAT)) == 3  # our retries only: the SDK's are off
    assert "OpenAI is unavailable (HTTP 503) after 3 attempts" in str(err.value)


def test_timeout_retried(stub):
    stub.enqueue(wire.OPENAI_CHAT, Reply(delay=1.2, json=wire.openai_completion("{}")))
    result = provider(stub, retry=fast(timeout=0.3)).generate(params_for("affirmation", intent="calm"))
    assert result.usage["retries"] == 1


def test_total_time_bound(stub):
    stub.enqueue(wire.OPENAI_CHAT, *[wire.openai_error(500, "boom", "server_error")] * 10)
    started = time.monotonic()
    with pytest.raises(ProviderError):
        provider(stub, retry=fast(attempts=10, total=0.3, base=0.2, max_wait=0.2)).generate(
            params_for("affirmation", intent="calm")
        )
    assert time.monotonic() - started < 1.5 and len(stub.hits(wire.OPENAI_CHAT)) < 10


def test_401_is_one_clear_line(stub):
    stub.enqueue(wire.OPENAI_CHAT, wire.openai_error(401, f"Incorrect API key provided: {KEY}"))
    with pytest.raises(ProviderError) as err:
        provider(stub).generate(params_for("affirmation", intent="calm"))
    assert str(err.value) == "OpenAI rejected the key: run `waqup keys set openai`"
    assert len(stub.hits(wire.OPENAI_CHAT)) == 1


def test_400_and_refusal_report_provider_message(stub):
    stub.enqueue(wire.OPENAI_CHAT, wire.openai_error(400, "Invalid schema for response_format"))
    with pytest.raises(ProviderError, match="refused the request \\(HTTP 400\\): Invalid schema"):
        provider(stub).generate(params_for("affirmation", intent="calm"))
    stub.enqueue(
        wire.OPENAI_CHAT, Reply(json=wire.openai_completion(None, refusal="I can't help with that."))
    )
    with pytest.raises(ProviderError, match="OpenAI declined: I can't help with that."):
        provider(stub).generate(params_for("affirmation", intent="calm"))


def test_env_base_url_and_key(stub, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", f"{stub.url}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    result = OpenAIProvider(config={}, retry=fast()).generate(params_for("affirmation", intent="calm"))
    assert result.script.type == "affirmation"


def test_config_model_and_base_url(stub):
    config = {
        "text": {"provider": "openai", "model": "gpt-4o"},
        "providers": {"openai": {"base_url": f"{stub.url}/v1"}},
    }
    result = OpenAIProvider(api_key=KEY, config=config, retry=fast()).generate(
        params_for("affirmation", intent="calm")
    )
    assert result.model == "gpt-4o" and stub.hits(wire.OPENAI_CHAT)[0].json["model"] == "gpt-4o"


def test_missing_key(stub):
    with pytest.raises(WaqupError, match="No OpenAI key found"):
        OpenAIProvider(config={}, base_url=f"{stub.url}/v1").generate(
            params_for("affirmation", intent="calm")
        )
    assert not stub.requests


def test_local_server_json_object_no_key(stub):
    config = {
        "providers": {
            "local": {"base_url": f"{stub.url}/v1", "model": "llama3.2", "response_format": "json_object"}
        }
    }
    stub.enqueue(wire.OPENAI_CHAT, Reply(sse=wire.openai_stream(json.dumps(answers.affirmation()), usage=False)))
    result = LocalProvider(config=config, retry=fast()).generate(params_for("affirmation", intent="calm"))
    assert result.provider == "local" and result.model == "llama3.2" and result.usage["cost_usd"] == 0
    assert result.usage["repairs"] == 0 and len(stub.hits(wire.OPENAI_CHAT)) == 1  # local always streams
    body = stub.hits(wire.OPENAI_CHAT)[0].json
    assert body["response_format"] == {"type": "json_object"}
    assert "JSON schema" in body["messages"][0]["content"]
    seen: list[str] = []
    LocalProvider(config={"providers": {"local": {"base_url": f"{stub.url}/v1"}}}, retry=fast()).generate(
        params_for("ritual", intent="focus"), on_text=seen.append
    )
    assert stub.hits(wire.OPENAI_CHAT)[-1].json["stream_options"] == {"include_usage": True} and seen


def test_local_without_base_url():
    with pytest.raises(UsageError, match="providers.local.base_url"):
        LocalProvider(config={}).generate(params_for("affirmation", intent="calm"))
