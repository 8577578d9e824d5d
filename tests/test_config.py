"""User configuration in WAQUP_HOME/config.toml."""

from __future__ import annotations

import pytest

from engine import config, paths
from engine.errors import UsageError


def test_defaults_without_file():
    assert config.get("audio.format") == "mp3"
    assert not paths.config_path().exists()


def test_set_types_values_and_persists():
    assert config.set_value("audio.ambience", "rain") == "rain"
    assert config.set_value("audio.bell", "false") is False
    assert config.set_value("prices.meditation", "3") == 3
    assert config.set_value("providers.local.base_url", "http://127.0.0.1:11434/v1")
    data = config.load()
    assert data["audio"]["ambience"] == "rain" and data["audio"]["bell"] is False
    assert data["providers"]["local"]["base_url"].endswith("/v1")
    assert data["audio"]["format"] == "mp3"  # defaults still merged


def test_refuses_secrets_and_unknown_sections():
    with pytest.raises(UsageError, match="keys set"):
        config.set_value("providers.openai.api_key", "sk-123")
    with pytest.raises(UsageError, match="unknown config section"):
        config.set_value("nope.x", "1")
    with pytest.raises(UsageError):
        config.get("audio.nope")


def test_broken_file_is_a_clear_error():
    paths.config_path().write_text("this is [not toml")
    with pytest.raises(UsageError, match="not valid TOML"):
        config.load()


def test_waqup_home_moves_everything(waqup_home):
    assert paths.home() == waqup_home
    assert paths.database_path().parent == waqup_home


@pytest.mark.parametrize("key,value,message", [
    ("audio.format", "m4a", "choose one of mp3"),
    ("text.provider", "nope", "choose one of auto"),
    ("market.url", "notaurl", "http:// or https://"),
    ("prices.ritual", "abc", "whole number"),
    ("prices.podcast", "3", "unknown config key"),
    ("audio.bogus", "1", "unknown config key"),
    ("conversation.crisis_country", "Britain", "two-letter"),
])
def test_config_set_refuses_bad_keys_and_values(waqup_home, key, value, message):
    from engine import config

    with pytest.raises(UsageError, match=message):
        config.set_value(key, value)
    assert not config.config_path().exists() or key.split(".")[-1] not in config.config_path().read_text()


def test_a_bad_hand_edit_is_named_with_its_file(waqup_home):
    from engine import config

    waqup_home.mkdir(parents=True, exist_ok=True)
    (waqup_home / "config.toml").write_text('[prices]\nritual = "abc"\n')
    with pytest.raises(UsageError, match=r"config file .*config.toml: prices.ritual = 'abc': needs a whole number"):
        config.load()


def test_config_get_unset_reset_and_keys(waqup_home):
    from typer.testing import CliRunner

    from waqup_cli.main import app

    runner = CliRunner()
    assert runner.invoke(app, ["config", "set", "audio.format", "wav"]).exit_code == 0
    assert runner.invoke(app, ["config", "get", "audio.format"]).stdout.strip() == "wav"
    assert "back to its default" in runner.invoke(app, ["config", "unset", "audio.format"]).stdout
    assert runner.invoke(app, ["config", "get", "audio.format"]).stdout.strip() == "mp3"
    assert runner.invoke(app, ["config", "set", "prices.ritual", "4"]).exit_code == 0
    assert runner.invoke(app, ["config", "reset", "--yes"]).exit_code == 0
    assert runner.invoke(app, ["config", "get", "prices.ritual"]).exit_code == 2  # unknown again: no prices set
    listing = runner.invoke(app, ["config", "keys"]).stdout
    assert "audio.format" in listing and "mp3|ogg|opus|wav|flac" in listing
    assert runner.invoke(app, ["config", "set", "audio.format", "m4a"]).exit_code == 2
