"""The crisis gate's moderation layer: the official OpenAI SDK against a local stub of ``/v1/moderations``."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from engine.safety import moderation
from engine.safety.moderation import moderate, verdict
from tests.stubs import wire
from tests.stubs.server import Reply, StubServer

KEY = "sk-test-moderation-00000000abcd"
BENIGN = "Tell me about the weather on the coast tomorrow"  # nothing the local layers read as crisis
runner = CliRunner()


@pytest.fixture
def keyed(stub, monkeypatch):
    """An OpenAI key in the environment and the SDK pointed at the stub."""
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", f"{stub.url}/v1")
    return stub


def flagged(*categories: str) -> Reply:
    return Reply(json=wire.openai_moderation(*categories))


def test_no_key_sends_nothing_and_imports_no_sdk(stub, waqup_home):
    code = (
        "import sys\n"
        "from engine.safety.moderation import moderate\n"
        "from engine.safety import check_crisis\n"
        f"print(moderate({BENIGN!r}), check_crisis({BENIGN!r}), 'openai' in sys.modules)\n"
    )
    env = {"WAQUP_HOME": str(waqup_home), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
           "OPENAI_BASE_URL": f"{stub.url}/v1", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.split() == ["None", "None", "False"]
    assert not stub.requests


def test_flagged_self_harm_intent_is_suicide_with_the_sdk_wire_format(keyed):
    keyed.enqueue(wire.OPENAI_MODERATIONS, flagged("self-harm", "self-harm/intent"))
    assert moderate(BENIGN) == ("suicide", "moderation: self-harm/intent")
    (request,) = keyed.hits(wire.OPENAI_MODERATIONS)
    assert request.method == "POST" and request.headers["authorization"] == f"Bearer {KEY}"
    assert request.json == {"model": "omni-moderation-latest", "input": BENIGN}


@pytest.mark.parametrize(("categories", "expected"), [
    (("self-harm",), ("self-harm", "moderation: self-harm")),
    (("self-harm/instructions",), ("suicide", "moderation: self-harm/instructions")),
    (("violence", "harassment/threatening"), ("harm-others", "moderation: violence, harassment/threatening")),
    (("violence", "illicit/violent"), ("harm-others", "moderation: violence, illicit/violent")),
    (("violence",), None),  # news, history, fiction: not a threat to anyone
    (("violence", "violence/graphic"), None),
    (("harassment", "hate", "sexual"), None),
    ((), None),
])
def test_categories_map_to_the_gate(keyed, categories, expected):
    keyed.enqueue(wire.OPENAI_MODERATIONS, flagged(*categories))
    assert moderate(BENIGN) == expected
    assert verdict({c: True for c in categories}) == expected


def test_check_crisis_stops_on_moderation_when_the_local_layers_pass(keyed):
    from engine.safety import check_crisis

    assert check_crisis(BENIGN, moderation=False) is None
    keyed.enqueue(wire.OPENAI_MODERATIONS, flagged("self-harm/intent"))
    found = check_crisis(BENIGN, country="GB")
    assert found is not None and found.category == "suicide" and found.matched == "moderation: self-harm/intent"
    assert found.resources and found.country == "GB"


def test_one_request_per_text_for_the_process(keyed):
    keyed.enqueue(wire.OPENAI_MODERATIONS, flagged("self-harm/intent"))
    assert moderate(BENIGN) == moderate(BENIGN) == ("suicide", "moderation: self-harm/intent")
    assert moderate("A different, quiet sentence about tea") is None
    assert len(keyed.hits(wire.OPENAI_MODERATIONS)) == 2


@pytest.mark.parametrize("reply", [
    wire.openai_error(500, "boom", "server_error"),
    wire.openai_error(429, "slow down", "rate_limit_error"),
    wire.openai_error(401, f"Incorrect API key provided: {KEY}"),
    Reply(200, body=b"not json", content_type="application/json"),
])
def test_http_errors_fail_open_without_retries(keyed, reply, caplog):
    caplog.set_level(logging.INFO)
    keyed.enqueue(wire.OPENAI_MODERATIONS, reply)
    assert moderate(BENIGN) is None
    assert len(keyed.hits(wire.OPENAI_MODERATIONS)) == 1  # max_retries=0
    assert KEY not in caplog.text and BENIGN not in caplog.text


def test_timeout_fails_open_then_cools_down(keyed, monkeypatch):
    monkeypatch.setattr(moderation, "TIMEOUT", 0.3)
    keyed.enqueue(wire.OPENAI_MODERATIONS, Reply(delay=2.0, json=wire.openai_moderation("self-harm/intent")))
    assert moderate(BENIGN) is None  # the answer came after the timeout: not waited for, not flagged
    client = moderation._client(KEY, moderation.base_url())
    assert client.timeout == 0.3 and client.max_retries == 0
    # the endpoint is left alone for a while: the next checks do not each wait for it
    assert moderate("Another sentence entirely") is None
    assert len(keyed.hits(wire.OPENAI_MODERATIONS)) == 1
    moderation.reset()
    keyed.enqueue(wire.OPENAI_MODERATIONS, flagged("self-harm/intent"))
    assert moderate(BENIGN) == ("suicide", "moderation: self-harm/intent")


def test_unreachable_endpoint_fails_open(monkeypatch):
    with StubServer() as dead:
        url = dead.url
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", f"{url}/v1")
    assert moderate(BENIGN) is None
    assert moderation._down  # remembered as down: the next checks skip it instead of waiting again


def test_a_stub_without_the_route_fails_open_and_creation_still_works(monkeypatch):
    """Tests (and servers) that speak only chat completions: a 404 from /moderations changes nothing."""
    from engine.content import params_for
    from engine.create import create

    with StubServer() as bare:
        bare.route(wire.OPENAI_CHAT, wire.openai_chat_handler)
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        monkeypatch.setenv("OPENAI_BASE_URL", f"{bare.url}/v1")
        created = create(params_for("affirmation", intent="calm before exams"), provider="openai")
        assert created.item.type == "affirmation"
        assert bare.hits(wire.OPENAI_MODERATIONS) and len(bare.hits(wire.OPENAI_CHAT)) == 1


def test_config_switch_turns_it_off(keyed, waqup_home):
    from waqup_cli.main import app

    result = runner.invoke(app, ["config", "set", "safety.moderation", "false"])
    assert result.exit_code == 0, result.output
    assert "moderation = false" in (waqup_home / "config.toml").read_text()
    keyed.enqueue(wire.OPENAI_MODERATIONS, flagged("self-harm/intent"))
    assert moderate(BENIGN) is None
    assert not keyed.hits(wire.OPENAI_MODERATIONS)
    assert moderation.enabled({"safety": {"moderation": True}}) and moderation.enabled({})
    assert not moderation.enabled({"safety": {"moderation": "off"}})


def test_base_url_from_config_like_the_text_provider(stub, monkeypatch, waqup_home):
    from engine import keys

    keys.set_key("openai", KEY)
    waqup_home.mkdir(parents=True, exist_ok=True)
    (waqup_home / "config.toml").write_text(f'[providers.openai]\nbase_url = "{stub.url}/v1"\n')
    stub.enqueue(wire.OPENAI_MODERATIONS, flagged("self-harm"))
    assert moderate(BENIGN) == ("self-harm", "moderation: self-harm")
    assert stub.hits(wire.OPENAI_MODERATIONS)[0].headers["authorization"] == f"Bearer {KEY}"


def test_cli_create_stops_on_moderation_and_charges_nothing(keyed):
    """Offline creation with a key set: the moderation answer alone stops it (exit 1, nothing made or paid)."""
    from engine.credits import Ledger
    from engine.library import Library
    from waqup_cli.main import app

    with Library() as lib:
        Ledger(lib).set_budget(10)
        before = Ledger(lib).balance().to_dict()
    keyed.enqueue(wire.OPENAI_MODERATIONS, flagged("self-harm/intent"))
    result = runner.invoke(app, ["create", "affirmation", "--intent", BENIGN, "--provider", "offline", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["crisis"]["category"] == "suicide" and data["way_back"] == "When you are ready, `waqup create` is here."
    with Library() as lib:
        assert lib.list_items() == [] and Ledger(lib).balance().to_dict() == before
        assert not [t for t in Ledger(lib).history() if t.op in ("reserve", "capture")]  # never even held
    assert not keyed.hits(wire.OPENAI_CHAT)
