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
