"""Shared fixtures: every test gets its own WAQUP_HOME and no real provider keys."""

from __future__ import annotations

import pytest

PROVIDER_ENV = (
    "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "ELEVENLABS_API_KEY",
    "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL", "ELEVENLABS_BASE_URL",
)


@pytest.fixture(autouse=True)
def waqup_home(tmp_path, monkeypatch):
    """Point all user data at a temp folder and hide any real keys."""
    home = tmp_path / "waqup-home"
    monkeypatch.setenv("WAQUP_HOME", str(home))
    for name in PROVIDER_ENV:
        monkeypatch.delenv(name, raising=False)
    return home
