"""Provider choice (auto), registry wiring, intent extraction, call logs, prices and the key-leak check."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from engine.content import params_for
from engine.generation import get_provider, provider_names
from engine.generation.providers import auto_choice, extract_intent
from engine.generation.providers.faults import ProviderError
from engine.generation.providers.openai_chat import OpenAIProvider
from engine.generation.providers.usage import estimate_cost, price
from tests.stubs import wire
from tests.stubs.fixtures import fast


def test_auto_choice_order(ring, monkeypatch):
    assert auto_choice({}) == "offline"
    assert auto_choice({"providers": {"local": {"base_url": "http://127.0.0.1:11434/v1"}}}) == "local"
    ring.set_password("waqup", "anthropic", "sk-ant-ring-00000001")
    assert auto_choice({"providers": {"local": {"base_url": "http://x"}}}) == "anthropic"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-000000000001")
    assert auto_choice({}) == "openai"
    assert auto_choice({"text": {"provider": "offline"}}) == "offline"  # config overrides


def test_registry_names_and_lookup(ring, monkeypatch):
    assert {"offline", "openai", "anthropic", "local"} <= set(provider_names())
    assert type(get_provider("openai")).__name__ == "OpenAIProvider"
    assert type(get_provider("anthropic")).__name__ == "AnthropicProvider"
    assert get_provider().name == "offline"
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-env-00000002")
    assert get_provider("auto").name == "anthropic"


def test_generate_through_registry_and_save(stub, monkeypatch):
    from engine.create import create

    monkeypatch.setenv("OPENAI_API_KEY", "sk-registry-000000003")
    monkeypatch.setenv("OPENAI_BASE_URL", f"{stub.url}/v1")
    created = create(params_for("meditation", intent="sleep well", minutes=8, technique="sleep"))
    assert created.item.provider == "openai" and created.item.model == "gpt-4o-mini"
    from engine.library import Library

    with Library() as lib:
        row = lib.generations()[0]
    assert row["provider"] == "openai" and row["usage"]["input_tokens"] == 120
    assert row["usage"]["cost_usd"] > 0 and "system" in row["inputs"]


def test_profile_personalises_prompt(stub):
    provider = OpenAIProvider(
        api_key="sk-profile-0000000004", base_url=f"{stub.url}/v1", config={}, retry=fast()
    )
    provider.generate(
        params_for("affirmation", intent="calm"),
        profile={"name": "Sam", "goals": "sleep better", "history": ["Evening Calm"]},
    )
    user = stub.hits(wire.OPENAI_CHAT)[0].json["messages"][1]["content"]
    assert "Sam" in user and "sleep better" in user and "Evening Calm" in user


def test_extract_intent(stub):
    provider = OpenAIProvider(
        api_key="sk-intent-00000000005", base_url=f"{stub.url}/v1", config={}, retry=fast()
    )
    out = extract_intent("I get so anxious before exams, mornings are worst", provider)
    assert out == {
        "goal": "feel calm before exams",
        "feelings": ["anxious", "tired"],
        "time": "morning",
        "obstacles": ["racing thoughts"],
        "preferred_type": "meditation",
    }
    assert (
        stub.hits(wire.OPENAI_CHAT)[0].json["response_format"]["json_schema"]["name"] == "conversation_intent"
    )
    with pytest.raises(Exception, match="cannot extract intents"):
        extract_intent("hello", "offline")


def test_prices_are_data():
    assert price("openai", "gpt-4o-mini")["input_per_mtok"] == 0.15
    assert price("openai", "unknown-model") == price("openai", "default")
    usage = {"input_tokens": 1_000_000, "output_tokens": 1_000_000}
    assert estimate_cost("openai", "gpt-4o-mini", usage) == pytest.approx(0.75)
    override = {"provider_prices": {"openai": {"gpt-4o-mini": {"input_per_mtok": 1.0}}}}
    assert estimate_cost("openai", "gpt-4o-mini", usage, override) == pytest.approx(1.6)
    assert estimate_cost("elevenlabs", "eleven_multilingual_v2", {"characters": 1000}) == pytest.approx(0.3)


def test_imports_stay_cheap():
    modules = "engine.generation.providers, engine.keys, engine.voice.elevenlabs, engine.voice.openai_tts"
    heavy = ("openai", "anthropic", "elevenlabs", "keyring", "tenacity")
    code = (
        f"import sys, {modules}\n"
        "from engine.generation import provider_names; provider_names()\n"
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_logs_cli(stub, monkeypatch):
    from typer.testing import CliRunner

    from waqup_cli.commands.logs import app

    runner = CliRunner()
    assert "no generations" in runner.invoke(app, []).output
    OpenAIProvider(api_key="sk-logs-000000000006", base_url=f"{stub.url}/v1", config={}, retry=fast())
    from engine.voice import VoiceSettings
    from engine.voice.openai_tts import OpenAITTSProvider

    OpenAITTSProvider(api_key="sk-logs-000000000006", base_url=f"{stub.url}/v1", config={}).synthesize(
        "Hello there.", "", VoiceSettings()
    )
    out = runner.invoke(app, ["--json", "-n", "5"])
    rows = json.loads(out.output)["items"]
    assert rows[0]["provider"] == "openai" and rows[0]["usage"]["characters"] == 12
    out = runner.invoke(app, [], env={"COLUMNS": "200"})
    assert out.exit_code == 0 and "gpt-4o-mini-tts" in out.output and "12 chars" in out.output


KEY_MARK = "sk-LEAKCHECK-9f8e7d6c5b4a39281706"


def test_keys_never_leak(stub, ring, monkeypatch, waqup_home, capsys):
    """A full run with a distinctive key: success, a repair, a 401, voice, logs, errors. Grep everything."""
    from typer.testing import CliRunner

    from engine import keys
    from engine.create import create
    from engine.voice import VoiceSettings
    from engine.voice.openai_tts import OpenAITTSProvider
    from waqup_cli.commands.logs import app as logs_app

    keys.set_key("openai", KEY_MARK)
    waqup_home.mkdir(parents=True, exist_ok=True)
    (waqup_home / "config.toml").write_text(f'[providers.openai]\nbase_url = "{stub.url}/v1"\n')
    stub.enqueue(wire.OPENAI_CHAT, wire.openai_error(500, f"upstream echoed {KEY_MARK}", "server_error"))
    stub.enqueue(wire.OPENAI_CHAT, wire.Reply(json=wire.openai_completion("not json")))
    created = create(params_for("ritual", intent="steady mornings"))
    texts = [
        json.dumps(created.item.to_dict()),
        json.dumps(created.result.usage),
        json.dumps(created.result.prompt),
    ]

    stub.enqueue(wire.OPENAI_CHAT, wire.openai_error(401, f"Incorrect API key provided: {KEY_MARK}"))
    stub.enqueue(wire.OPENAI_CHAT, *[wire.openai_error(400, f"bad request for key {KEY_MARK}")])
    for _ in range(2):
        with pytest.raises(ProviderError) as err:
            get_provider("auto").generate(params_for("affirmation", intent="calm"))
        texts += [str(err.value), repr(err.value), str(err.value.__cause__ or "")]
    stub.enqueue(wire.OPENAI_SPEECH, wire.openai_error(400, f"voice rejected {KEY_MARK}"))
    with pytest.raises(ProviderError) as err:
        OpenAITTSProvider().synthesize("Hello.", "", VoiceSettings())
    texts.append(str(err.value))
    OpenAITTSProvider().synthesize("Hello again.", "", VoiceSettings())

    texts.append(CliRunner().invoke(logs_app, ["--json", "-n", "100"]).output)
    texts.append(CliRunner().invoke(logs_app, []).output)
    captured = capsys.readouterr()
    texts += [captured.out, captured.err]
    for text in texts:
        assert KEY_MARK not in text
        assert "LEAKCHECK" not in text
    for path in waqup_home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert KEY_MARK.encode() not in data, path
            assert b"LEAKCHECK" not in data, path
    assert len(stub.hits(wire.OPENAI_CHAT)) >= 5  # the key really was used on the wire
