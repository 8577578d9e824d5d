"""The local provider against stub servers speaking llama-cpp-python's, Ollama's and vLLM's dialects."""

from __future__ import annotations

import json
import threading

import pytest

from engine.content import params_for
from engine.generation.providers import dialects
from engine.generation.providers.faults import ProviderError
from engine.generation.providers.openai_chat import LocalProvider, OpenAIProvider
from tests.stubs import answers, wire
from tests.stubs import dialects as speak
from tests.stubs.fixtures import fast
from tests.stubs.server import Reply, StubServer

TYPES = ["affirmation", "meditation", "ritual"]


def local(stub: StubServer, **section) -> LocalProvider:
    """The local provider in whole-script JSON style (plain lines mode is tested in test_local_llm.py)."""
    section = {"base_url": f"{stub.url}/v1", "model": "qwen2.5-7b", "style": "json", **section}
    config = {"providers": {"local": section}}
    return LocalProvider(config=config, retry=fast())


def formats(stub: StubServer) -> list[str]:
    """The response_format type (or the extra field) of each chat request, in order."""
    out = []
    for req in stub.requests:
        body = req.json or {}
        if req.path.endswith("/api/chat"):
            out.append("ollama_format")
        elif req.path.endswith("/chat/completions"):
            out.append("guided_json" if "guided_json" in body
                       else (body.get("response_format") or {}).get("type", "text"))
    return out


@pytest.mark.parametrize("kind", TYPES)
def test_llama_cpp_python_falls_back_to_json_object_with_schema_once(stub, kind):
    speak.install(stub, "llama_cpp_python")
    result = local(stub).generate(params_for(kind, intent="calm before exams"))
    assert result.script.type == kind and result.usage["retries"] == 0
    assert formats(stub) == ["json_schema", "json_object"]  # the 500 is not retried
    second = stub.hits(wire.OPENAI_CHAT)[1].json["response_format"]
    assert second["schema"]["properties"]  # llama-cpp-python takes the schema beside the type
    known = dialects.remembered(f"{stub.url}/v1")
    assert known["shape"] == "json_object_schema" and known["server"] == "generic"
    assert "Input should be 'text' or 'json_object'" in known["refused"]["json_schema"]

    stub.requests.clear()
    local(stub).generate(params_for(kind, intent="calm before exams"))
    assert formats(stub) == ["json_object"]  # remembered: no second refusal, no probe


def test_ollama_old_v1_endpoint_moves_to_native_format(stub):
    speak.install(stub, "ollama")
    seen: list[str] = []
    result = local(stub).generate(params_for("meditation", intent="rest", minutes=6), on_text=seen.append)
    assert result.script.type == "meditation" and seen
    assert formats(stub) == ["json_schema", "ollama_format"]
    native = stub.hits(speak.OLLAMA_CHAT)[0].json
    assert native["format"]["properties"]["sections"] and native["options"]["num_predict"] == 4096
    assert native["messages"][0]["role"] == "system"
    assert result.usage["input_tokens"] == 210 and result.usage["output_tokens"] == 140
    assert dialects.remembered(f"{stub.url}/v1")["server"] == "ollama"


def test_vllm_takes_guided_json(stub):
    speak.install(stub, "vllm")
    result = local(stub).generate(params_for("ritual", intent="write every day"))
    assert result.script.type == "ritual"
    assert formats(stub) == ["json_schema", "guided_json"]
    body = stub.hits(wire.OPENAI_CHAT)[1].json
    assert "response_format" not in body and body["guided_json"]["properties"]["intention"]


def test_json_mode_only_server_answers_are_read_through_the_chatter(stub):
    speak.install(stub, "ollama")
    stub.route(speak.OLLAMA_CHAT, lambda req: Reply(404, {"error": "404 page not found"}))
    result = local(stub, response_format="json_object").generate(params_for("affirmation", intent="calm"))
    assert result.script.type == "affirmation" and formats(stub) == ["json_object"]
    system = stub.hits(wire.OPENAI_CHAT)[0].json["messages"][0]["content"]
    assert "JSON schema:" in system  # no server-side schema: it is in the prompt


def test_last_resort_is_plain_text(stub):
    def json_mode_refused(req):
        fmt = (req.json.get("response_format") or {}).get("type")
        if fmt:
            return Reply(400, {"error": {"message": f"response_format {fmt} is not supported"}})
        return speak.openai_reply(req.json, speak.chatty(speak.answer_for(req.json)))

    stub.route(wire.OPENAI_CHAT, json_mode_refused)
    result = local(stub).generate(params_for("affirmation", intent="calm", count=5))
    assert len(result.script.sections[0].lines) == 5
    assert formats(stub) == ["json_schema", "json_object", "json_object", "text"]
    assert dialects.remembered(f"{stub.url}/v1")["shape"] == "text"


def test_a_server_refusing_every_shape_names_its_reason_once(stub):
    stub.route(wire.OPENAI_CHAT, lambda req: Reply(500, {"error": {
        "message": "1 validation error: " + speak.PYDANTIC_LITERAL % "x", "type": "internal_server_error"}}))
    with pytest.raises(ProviderError) as err:
        local(stub).generate(params_for("affirmation", intent="calm"))
    message = str(err.value)
    assert "refused every JSON shape" in message and "response_format.type: Input should be" in message
    assert "\n" not in message and "unavailable" not in message
    assert len(formats(stub)) == 4  # one request per shape, none retried


def test_pinned_shape_is_not_changed(stub):
    speak.install(stub, "llama_cpp_python")
    with pytest.raises(ProviderError, match=r"refused the request \(HTTP 500\): response_format.type"):
        local(stub, response_format="json_schema").generate(params_for("affirmation", intent="calm"))
    assert formats(stub) == ["json_schema"]
    assert dialects.remembered(f"{stub.url}/v1") == {}


def test_openai_shape_refusal_is_not_retried(stub):
    stub.enqueue(wire.OPENAI_CHAT, Reply(500, {"error": {
        "message": speak.PYDANTIC_LITERAL % "json_schema", "type": "internal_server_error"}}))
    provider = OpenAIProvider(api_key="sk-test-0000000000000000", base_url=f"{stub.url}/v1", config={},
                              retry=fast())
    with pytest.raises(ProviderError) as err:
        provider.generate(params_for("affirmation", intent="calm"))
    assert len(stub.hits(wire.OPENAI_CHAT)) == 1
    assert str(err.value) == ("OpenAI refused the request (HTTP 500): "
                              "response_format.type: Input should be 'text' or 'json_object'")


def test_a_real_outage_is_still_retried(stub):
    speak.install(stub, "llama_cpp_python")
    stub.enqueue(wire.OPENAI_CHAT, wire.openai_error(503, "loading model", "server_error"))
    result = local(stub).generate(params_for("affirmation", intent="calm"))
    assert result.usage["retries"] == 1 and formats(stub)[:2] == ["json_schema", "json_schema"]


# -- keys ------------------------------------------------------------------------------------------
KEY = "sk-local-0000000000009999"


def test_key_requiring_server_without_a_key(stub):
    speak.install(stub, "keyed", key=KEY)
    with pytest.raises(ProviderError) as err:
        local(stub).generate(params_for("affirmation", intent="calm"))
    assert str(err.value) == "Local model server rejected the key: run `waqup keys set local`"
    assert len(stub.requests) == 1


def test_stored_local_key_is_sent(stub):
    from engine.keys import set_key

    speak.install(stub, "keyed", key=KEY)
    set_key("local", KEY)
    assert local(stub).generate(params_for("affirmation", intent="calm")).script.type == "affirmation"
    assert stub.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_openai_api_key_env_is_used_for_a_local_base_url(stub, monkeypatch):
    speak.install(stub, "keyed", key=KEY)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    assert local(stub).generate(params_for("ritual", intent="focus")).script.type == "ritual"


def test_no_key_sends_a_placeholder(stub):
    local(stub).generate(params_for("affirmation", intent="calm"))
    assert stub.requests[0].headers["authorization"] == "Bearer local-no-key"


# -- timeouts, max tokens, concurrency, streaming ---------------------------------------------------
def test_timeout_max_tokens_and_concurrency_come_from_config(stub):
    provider = LocalProvider(config={"providers": {"local": {
        "base_url": f"{stub.url}/v1", "timeout": 7, "max_tokens": 900, "concurrency": 2}}})
    assert provider.retry.timeout == 7 and provider.concurrency == 2
    provider.retry = fast()
    provider.generate(params_for("affirmation", intent="calm"))
    assert stub.requests[0].json["max_tokens"] == 900
    assert LocalProvider(config={}).concurrency == 1 and OpenAIProvider(config={}).concurrency == 0


def test_single_slot_server_gets_one_request_at_a_time(stub):
    stub.latency = 0.05
    errors: list[BaseException] = []

    def run() -> None:
        try:
            local(stub).generate(params_for("affirmation", intent="calm"))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(stub.requests) == 4 and stub.max_active == 1


def test_reading_stops_once_the_json_is_complete(stub):
    content = json.dumps(answers.affirmation())
    frames = wire.openai_stream(content, usage=False)
    runaway = frames[:-2] + [wire.sse(None, {"id": "x", "object": "chat.completion.chunk", "created": 1,
                                              "model": "m", "choices": [{"index": 0, "delta": {
                                                  "content": " and more"}, "finish_reason": None}]})] * 300
    reply = Reply(sse=runaway + frames[-2:], frame_delay=0.01)
    stub.enqueue(wire.OPENAI_CHAT, reply)
    result = local(stub).generate(params_for("affirmation", intent="calm"))
    assert result.script.type == "affirmation"
    assert stub.requests[0].json["stream"] is True
    assert reply.written < len(reply.sse)  # the connection was closed, freeing the server's slot


def test_a_server_refusing_stream_options_is_asked_without_them_from_then_on(stub):
    def no_stream_options(req):
        if "stream_options" in req.json:
            return Reply(400, {"error": {"message": "Unrecognized request argument supplied: stream_options"}})
        return wire.openai_chat_handler(req)

    stub.route(wire.OPENAI_CHAT, no_stream_options)
    result = local(stub).generate(params_for("affirmation", intent="calm"))
    assert result.usage["output_tokens"] > 0  # estimated: this server sends no counts in a stream
    assert ["stream_options" in body for body in (r.json for r in stub.requests)] == [True, False]
    assert dialects.remembered(f"{stub.url}/v1")["stream_usage"] is False
    assert dialects.remembered(f"{stub.url}/v1")["shape"] == "json_schema"


def test_a_stalled_stream_is_dropped_on_timeout_and_asked_again(stub):
    frames = wire.openai_stream(json.dumps(answers.affirmation()), usage=False)
    stalled = Reply(sse=frames, frame_delay=1.0)  # each frame later than the 0.3 s read timeout
    stub.enqueue(wire.OPENAI_CHAT, stalled)
    provider = local(stub)
    provider.retry = fast(timeout=0.3)
    result = provider.generate(params_for("affirmation", intent="calm"))
    assert result.usage["retries"] == 1 and len(stub.hits(wire.OPENAI_CHAT)) == 2
    assert stalled.written < len(frames)  # the first connection was closed, not left to run on


def test_intent_extraction_through_a_json_mode_server(stub):
    from engine.generation.providers import extract_intent

    speak.install(stub, "llama_cpp_python")
    intent = extract_intent("I want to feel calm before my exams in the morning", local(stub))
    assert intent["preferred_type"] == "meditation"
    system = stub.hits(wire.OPENAI_CHAT)[-1].json["messages"][0]["content"]
    assert "JSON schema:" in system and '"goal"' in system


def test_json_answers_are_repaired_locally_first_then_re_asked_fresh(stub):
    statements = ["I will never fail again.", *answers.STATEMENTS[:6], "You are calm.", *answers.STATEMENTS[6:9]]
    stub.enqueue(wire.OPENAI_CHAT, Reply(sse=wire.openai_stream(
        json.dumps({"title": "Calm", "statements": statements}), usage=False)))
    result = local(stub).generate(params_for("affirmation", intent="calm", count=7))
    assert [line.text for line in result.script.lines] == answers.STATEMENTS[:7]  # bad ones dropped, trimmed
    assert result.usage["repairs"] == 0 and len(stub.hits(wire.OPENAI_CHAT)) == 1

    stub.requests.clear()
    stub.enqueue(wire.OPENAI_CHAT, Reply(sse=wire.openai_stream(json.dumps(answers.bad_affirmation()), usage=False)))
    local(stub).generate(params_for("affirmation", intent="calm", count=7))
    second = stub.hits(wire.OPENAI_CHAT)[1].json["messages"]
    assert [m["role"] for m in second] == ["system", "user"]  # a fresh turn, not a growing thread
    fresh = second[1]["content"]
    assert fresh.startswith("Write exactly 7 affirmations") and "negative framing" in fresh
