"""API keys: keyring first, env and explicit keys win, a 0600 fallback file, masking, scrubbing, CLI."""

from __future__ import annotations

import os
import stat
import warnings

import keyring
import pytest
from keyring.backends import fail

from engine import keys
from engine.errors import UsageError, WaqupError


@pytest.fixture
def no_ring():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    keys._warned = False
    yield
    keyring.set_keyring(previous)


def test_set_get_remove_in_keyring(ring):
    assert keys.get_key("openai") is None
    assert keys.set_key("openai", "sk-proj-abcdefgh1234a1b2") == "keyring"
    assert ring.store[("waqup", "openai")] == "sk-proj-abcdefgh1234a1b2"
    assert keys.get_key("openai") == "sk-proj-abcdefgh1234a1b2"
    assert not keys.key_file().exists()
    assert keys.remove_key("openai") is True
    assert keys.get_key("openai") is None
    assert keys.remove_key("openai") is False


def test_lookup_order_explicit_env_keyring_file(ring, monkeypatch):
    keys.set_key("anthropic", "sk-ant-from-keyring-0001")
    assert keys.get_key("anthropic") == "sk-ant-from-keyring-0001"
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-from-env-0002")
    assert keys.get_key("anthropic") == "sk-ant-from-env-0002"
    assert keys.get_key("anthropic", explicit="sk-ant-explicit-0003") == "sk-ant-explicit-0003"
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    ring.store.clear()
    keys._write_file({"anthropic": "sk-ant-from-file-0004"})
    assert keys.get_key("anthropic") == "sk-ant-from-file-0004"


def test_fallback_file_is_private_and_warns_once(no_ring):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert keys.set_key("elevenlabs", "el-abcdefgh12345678") == "file"
        assert keys.set_key("openai", "sk-abcdefgh12345678") == "file"
    assert [w.category for w in caught] == [keys.KeyStorageWarning]
    path = keys.key_file()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert keys.get_key("elevenlabs") == "el-abcdefgh12345678"
    assert keys.key_path().startswith("file: ")
    assert keys.remove_key("elevenlabs") and keys.get_key("elevenlabs") is None
    # never in plain config
    from engine.paths import config_path

    assert not config_path().exists() or "abcdefgh" not in config_path().read_text()


def test_list_keys_masked_with_source(ring, monkeypatch):
    keys.set_key("openai", "sk-proj-zzzzzzzzzzzza1b2")
    monkeypatch.setenv("ELEVENLABS_API_KEY", "xi-9999999999993c4d")
    infos = {i.provider: i for i in keys.list_keys()}
    assert infos["openai"].source == "keyring" and infos["openai"].masked == "sk-…a1b2"
    assert infos["elevenlabs"].source == "env" and infos["elevenlabs"].masked.endswith("3c4d")
    assert not infos["anthropic"].is_set
    assert all("zzzz" not in i.masked for i in infos.values())


def test_missing_key_message(ring):
    with pytest.raises(WaqupError) as err:
        keys.require_key("openai")
    assert str(err.value) == "No OpenAI key found — run `waqup keys set openai` or set OPENAI_API_KEY"


def test_unknown_provider_and_bad_key(ring):
    with pytest.raises(UsageError):
        keys.set_key("mistral", "abc")
    with pytest.raises(UsageError):
        keys.set_key("openai", "has space")


def test_scrub_removes_seen_keys(ring):
    keys.set_key("openai", "sk-secretsecretsecret9876")
    assert "secretsecret" not in keys.scrub("failed with sk-secretsecretsecret9876 in it")
    assert keys.mask("short") == "…"


def test_cli_keys_set_list_remove_path(ring):
    from typer.testing import CliRunner

    from waqup_cli.commands.keys import app

    runner = CliRunner()
    out = runner.invoke(app, ["set", "openai"], input="sk-cli-abcdefghijk7777\n")
    assert out.exit_code == 0, out.output
    assert "sk-…7777" in out.output and "abcdefghijk" not in out.output
    out = runner.invoke(app, ["list", "--json"])
    assert '"source": "keyring"' in out.output and "abcdefghijk" not in out.output
    out = runner.invoke(app, ["set", "anthropic", "--value", "sk-ant-valuevalue8888"])
    assert out.exit_code == 0 and keys.get_key("anthropic") == "sk-ant-valuevalue8888"
    out = runner.invoke(app, ["path"])
    assert "keyring" in out.output
    out = runner.invoke(app, ["remove", "openai"])
    assert "removed" in out.output and keys.get_key("openai") is None
