"""Small local models: plain lines a section at a time, local repair, fresh re-asks, offline fill."""

from __future__ import annotations

import json

import pytest

from engine.content import params_for, validate
from engine.generation.providers import dialects
from engine.generation.providers.lines import clean_lines, statement_problem
from engine.generation.providers.llm import small_model
from engine.generation.providers.openai_chat import LocalProvider
from tests.stubs import answers, wire
from tests.stubs.dialects import SmallModel
from tests.stubs.fixtures import fast
from tests.stubs.server import Reply, StubServer

OPTIONS = {"affirmation": {"count": 6}, "meditation": {"minutes": 5}, "ritual": {"time_of_day": "07:00"}}


def local(stub: StubServer, model: str = "qwen2.5-0.5b-instruct", **section) -> LocalProvider:
    config = {"providers": {"local": {"base_url": f"{stub.url}/v1", "model": model, **section}}}
    return LocalProvider(config=config, retry=fast())


def chats(stub: StubServer) -> list[dict]:
    return [r.json for r in stub.hits(wire.OPENAI_CHAT)]


@pytest.mark.parametrize("kind", list(OPTIONS))
def test_a_small_model_writes_each_type_in_plain_lines(stub, kind):
    model = SmallModel()
    stub.route(wire.OPENAI_CHAT, model)
    seen: list[str] = []
    result = local(stub).generate(params_for(kind, intent="calm before exams", **OPTIONS[kind]),
                                  on_text=seen.append)
    assert not validate(result.script, kind)
    assert set(result.prompt["provenance"].values()) == {"model"} and "offline_sections" not in result.usage
    assert result.script.meta["title"] == "Calm Before Exams"  # label and quotes dropped
    spoken = [line.text for line in result.script.lines]
    assert not any(text[0].isdigit() or text.startswith(("-", '"', "Here")) for text in spoken)
    assert "I will never panic again." not in spoken  # the rule-breaking line was dropped
    assert seen and all(s.endswith("\n") for s in seen)
    for body in chats(stub):  # every ask is fresh and short: no growing thread, no schema
        assert [m["role"] for m in body["messages"]] == ["system", "user"]
        assert "response_format" not in body and body["stream"] is True and body["max_tokens"] <= 480
    assert result.usage["calls"] == len(chats(stub)) and result.usage["output_tokens"] > 0


def test_missing_lines_are_asked_for_alone_with_what_was_kept(stub):
    model = SmallModel()
    stub.route(wire.OPENAI_CHAT, model)
    result = local(stub).generate(params_for("affirmation", intent="calm before exams", count=6))
    asks = [p for p in model.prompts if "Each affirmation:" in p]
    assert asks[0].startswith("Write 6 affirmations") and asks[1].startswith("Write 1 affirmation about")
    kept = [line.text for line in result.script.lines]
    assert all(f"- {text}" in asks[1] for text in kept[:5])  # the fresh ask lists what is already there
    assert len(kept) == 6 and result.usage["repairs"] == 1


def test_what_the_model_cannot_write_the_offline_engine_fills_and_says_so(stub):
    stub.route(wire.OPENAI_CHAT, SmallModel(bad="you"))
    result = local(stub).generate(params_for("affirmation", intent="calm before exams", count=6))
    assert not validate(result.script, "affirmation") and len(result.script.lines) == 6
    assert result.usage["offline_sections"] == ["Affirmations"]
    assert result.prompt["provenance"]["Affirmations"] in ("offline", "mixed")
    assert "offline engine wrote it" in result.usage["note"] and "qwen2.5-0.5b-instruct" in result.usage["note"]
    statements = [p for p in result.prompt["asked"] if "Each affirmation:" in p["user"]]
    assert len(statements) == 3  # the first ask and two fresh re-asks, then the offline engine


def test_a_model_that_answers_nonsense_still_gives_a_valid_script(stub):
    stub.route(wire.OPENAI_CHAT, lambda req: SmallModel.reply(req.json, "As an AI, I cannot do that:"))
    result = local(stub).generate(params_for("ritual", intent="write every day", time_of_day="07:00"))
    assert not validate(result.script, "ritual")
    assert set(result.prompt["provenance"].values()) == {"offline"}
    assert "title" in result.usage["offline_sections"] and "Identity" in result.usage["offline_sections"]


def test_plain_answers_stop_being_read_once_enough_lines_are_in(stub):
    lines = [f"I take step {n} with care." for n in range(1, 400)]
    reply = Reply(sse=wire.openai_stream("\n".join(lines), usage=False), frame_delay=0.0)
    reply.sse = reply.sse[:1] + [wire.sse(None, {"id": "x", "object": "chat.completion.chunk", "created": 1,
                                                "model": "m", "choices": [{"index": 0, "finish_reason": None,
                                                                           "delta": {"content": line + "\n"}}]})
                                 for line in lines] + reply.sse[-1:]
    reply.frame_delay = 0.005
    stub.enqueue(wire.OPENAI_CHAT, reply)
    provider = local(stub)
    from engine.generation.providers.llm import _Totals

    text = provider.ask_text("system", "user", 3, 100, _Totals())
    assert clean_lines(text)[:3] == lines[:3]
    assert reply.written < len(reply.sse)


def test_clean_lines_undoes_what_small_models_add():
    text = ('Sure! Here are 3 affirmations:\n\n1. "I rest when I need to"\n2) **My breath is steady.**\n'
            "- I welcome calm\n```\n3. I trust myself. 4. I meet the day gently.\nI hope these help!")
    assert clean_lines(text) == ["I rest when I need to.", "My breath is steady.", "I welcome calm.",
                                 "I trust myself.", "I meet the day gently."]


@pytest.mark.parametrize("line,ok", [("I breathe slowly.", True), ("You are calm.", False),
                                     ("I will never fail.", False), ("I am always perfect.", False)])
def test_statement_rules_per_line(line, ok):
    assert (statement_problem(line) is None) is ok


def test_style_auto_picks_lines_for_small_models_only(stub):
    assert small_model("qwen2.5:0.5b") and small_model("Llama-3.2-1B-Instruct-Q4_K_M")
    assert not small_model("llama3.1:8b") and not small_model("mistral-small-24b")
    local(stub, model="llama3.1:8b").generate(params_for("affirmation", intent="calm"))
    assert "response_format" in chats(stub)[0]  # a bigger model: one JSON answer
    assert local(stub, model="llama3.1:8b", style="lines").chosen_style() == "lines"


def test_when_whole_json_fails_the_model_gets_lines_and_that_is_remembered(stub):
    model = SmallModel()

    def route(req):
        if req.json.get("response_format"):
            return Reply(sse=wire.openai_stream(json.dumps(answers.bad_affirmation()), usage=False))
        return model(req)

    stub.route(wire.OPENAI_CHAT, route)
    result = local(stub, model="llama3.1:8b").generate(params_for("affirmation", intent="calm", count=6))
    assert not validate(result.script, "affirmation") and result.prompt["style"] == "lines"
    assert sum(1 for body in chats(stub) if body.get("response_format")) == 3  # 1 answer + 2 repairs
    assert dialects.remembered(f"{stub.url}/v1")["styles"] == {"llama3.1:8b": "lines"}
    stub.requests.clear()
    local(stub, model="llama3.1:8b").generate(params_for("affirmation", intent="calm", count=6))
    assert not any(body.get("response_format") for body in chats(stub))


def test_local_settings_are_config_keys(stub):
    from engine.config import load, set_value
    from engine.errors import UsageError

    set_value("providers.local.base_url", f"{stub.url}/v1")
    assert set_value("providers.local.timeout", "30") == 30 and set_value("providers.local.max_tokens", "800") == 800
    assert set_value("providers.local.concurrency", "2") == 2 and set_value("providers.local.style", "lines") == "lines"
    assert set_value("providers.local.response_format", "json_object") == "json_object"
    for key, bad in (("providers.local.timeout", "0"), ("providers.local.style", "xml"),
                     ("providers.local.response_format", "yaml")):
        with pytest.raises(UsageError, match=key):
            set_value(key, bad)
    provider = LocalProvider(config=load())
    assert (provider.retry.timeout, provider.max_tokens, provider.concurrency, provider.chosen_style()) == \
        (30, 800, 2, "lines")
    assert provider.dialect.pinned == "json_object"


def test_a_local_key_is_stored_like_the_others_and_listed_only_when_set():
    from engine import keys

    assert "local" not in {info.provider for info in keys.list_keys()}
    keys.set_key("local", "sk-local-1234567890abcd")
    (info,) = [i for i in keys.list_keys() if i.provider == "local"]
    assert info.source == "keyring" and info.masked.endswith("abcd") and "1234567890" not in info.masked
    assert keys.remove_key("local") and keys.get_key("local") is None


def test_a_messy_model_one_line_lists_and_runaway_repeats(stub):
    def messy(req):
        user = req.json["messages"][-1]["content"]
        if "title" in user.split("\n")[0]:
            return SmallModel.reply(req.json, "**Steady Mind**")
        if "Each affirmation:" in user:
            numbered = " ".join(f"{n}. {s.lower().rstrip('.')}" for n, s in enumerate(answers.STATEMENTS, 1))
            return SmallModel.reply(req.json, numbered)
        return SmallModel.reply(req.json, "Let your breath slow down.\n" * 300)  # a loop that never ends

    stub.route(wire.OPENAI_CHAT, messy)
    result = local(stub).generate(params_for("affirmation", intent="calm", count=5))
    assert [line.text for line in result.script.lines] == [s for s in answers.STATEMENTS[:5]]
    assert result.script.meta["title"] == "Steady Mind"
    stub.requests.clear()
    result = local(stub).generate(params_for("meditation", intent="rest", minutes=5))
    assert not validate(result.script, "meditation")
    # one line per section from the model (the repeats are one line), the rest from the offline engine
    assert set(result.prompt["provenance"].values()) <= {"mixed", "model"}
    assert all(body["max_tokens"] <= 480 for body in chats(stub))


def test_token_counts_a_server_does_not_send_are_estimated_and_marked(stub):
    stub.route(wire.OPENAI_CHAT, SmallModel())
    usage = local(stub).generate(params_for("affirmation", intent="calm", count=5)).usage
    assert usage["tokens_estimated"] is True and usage["input_tokens"] > usage["output_tokens"] > 0
    assert all(call.get("estimated_tokens") for call in usage["per_call"])
