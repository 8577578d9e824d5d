"""Shared fixtures: every test gets its own WAQUP_HOME, an empty keyring and no real provider keys."""

from __future__ import annotations

import sys

import keyring
import pytest

from tests.stubs.memkeyring import MemoryKeyring

PROVIDER_ENV = (
    "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "ELEVENLABS_API_KEY", "WAQUP_LOCAL_API_KEY",
    "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL", "ELEVENLABS_BASE_URL",
)


@pytest.fixture(autouse=True)
def waqup_home(tmp_path, monkeypatch):
    """Point all user data at a temp folder and hide any real keys."""
    home = tmp_path / "waqup-home"
    monkeypatch.setenv("WAQUP_HOME", str(home))
    for name in PROVIDER_ENV:
        monkeypatch.delenv(name, raising=False)
    # Subprocesses get no keyring (keys fall back to the 0600 file inside WAQUP_HOME) ...
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    # ... and marketplace servers they start count new accounts as verified (no inbox in tests; the
    # verification flow itself is tested with the file mail backend in tests/test_market_accounts.py).
    monkeypatch.setenv("WAQUP_MARKET_AUTO_VERIFY", "1")
    return home


@pytest.fixture(autouse=True)
def ring():
    """... and this process an in-memory one, so a developer's real stored keys are never used."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def fresh_moderation():
    """Each test starts with no cached moderation answers or cooldowns (stub ports get reused)."""
    yield
    module = sys.modules.get("engine.safety.moderation")
    if module is not None and hasattr(module, "reset"):
        module.reset()


@pytest.fixture
def stub():
    """A local HTTP server on 127.0.0.1 speaking the providers' wire formats."""
    from tests.stubs import wire
    from tests.stubs.server import StubServer

    with wire.install_defaults(StubServer()) as server:
        yield server
