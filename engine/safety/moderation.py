"""The provider's moderation endpoint as the crisis gate's last layer (only with an OpenAI key).

:func:`moderate` asks OpenAI's moderation endpoint (the official SDK's
``client.moderations.create(model="omni-moderation-latest", input=text)``) whether ``text`` is
about self-harm or a threat to others. It runs only when all of these hold:

* an OpenAI key is set (``waqup keys set openai`` or ``OPENAI_API_KEY``); without one nothing is
  imported and nothing is sent;
* config ``safety.moderation`` is not ``false``.

The base URL is the one the OpenAI text provider uses (``OPENAI_BASE_URL``, else config
``providers.openai.base_url``), so tests point it at a local stub. A network error, an HTTP error
or a timeout (5 s, no SDK retries) answers ``None``: the gate fails open to its local layers,
which have already run. After a failure the endpoint is left alone for ``COOLDOWN`` seconds, so a
pack run against an unreachable endpoint does not wait 5 s per item. Answers are cached per text
for the life of the process, so a turn checked twice is sent once. Neither the text nor the key
is ever logged or put in an error.

Categories: ``self-harm/intent`` and ``self-harm/instructions`` -> ``suicide``; ``self-harm`` ->
``self-harm``; ``violence`` together with a threatening category (``harassment/threatening``,
``hate/threatening``, ``illicit/violent``) -> ``harm-others``. ``violence`` alone (news, fiction,
history) and the other categories are not crisis.
"""

from __future__ import annotations

import os
import threading
import time
from functools import lru_cache
from typing import Any

MODEL = "omni-moderation-latest"
TIMEOUT = 5.0
COOLDOWN = 60.0
MAX_CHARS = 20_000  # far above any intent, turn or script; keeps one request bounded
SELF_HARM = (("self-harm/intent", "suicide"), ("self-harm/instructions", "suicide"), ("self-harm", "self-harm"))
THREATS = ("harassment/threatening", "hate/threatening", "illicit/violent")

_down: dict[str, float] = {}  # base URL -> monotonic time until which the endpoint is skipped
_lock = threading.Lock()


def enabled(config: dict[str, Any] | None = None) -> bool:
    """``safety.moderation`` (default on); a broken config leaves it on (the local layers decide)."""
    if config is None:
        try:
            from engine import config as cfg

            config = cfg.load()
        except Exception:  # noqa: BLE001 - a broken config file must not break the crisis gate
            return True
    value = (config.get("safety") or {}).get("moderation", True)
    if isinstance(value, str):
        return value.strip().lower() not in ("false", "no", "off", "0")
    return bool(value)


KEY_TTL = 5.0  # seconds a keyring/file lookup is reused (an OS keyring can take tens of ms per call)
_key_cache: dict[str, tuple[float, str | None]] = {}


def _key() -> str | None:
    """The OpenAI key (env first, always current; a keyring/file answer is reused for ``KEY_TTL``)."""
    env = os.environ.get("OPENAI_API_KEY", "").strip()
    if env:
        return env
    with _lock:
        cached = _key_cache.get("openai")
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    try:
        from engine.keys import get_key

        value = get_key("openai")
    except Exception:  # noqa: BLE001 - an unreadable key store means no moderation, not a crash
        value = None
    with _lock:
        _key_cache["openai"] = (time.monotonic() + KEY_TTL, value)
    return value


def base_url(config: dict[str, Any] | None = None) -> str | None:
    """The OpenAI base URL the text provider uses: ``OPENAI_BASE_URL``, else ``providers.openai.base_url``."""
    env = os.environ.get("OPENAI_BASE_URL", "").strip()
    if env:
        return env
    if config is None:
        try:
            from engine import config as cfg

            config = cfg.load()
        except Exception:  # noqa: BLE001
            return None
    return str(((config.get("providers") or {}).get("openai") or {}).get("base_url") or "") or None


def moderate(text: str) -> tuple[str, str] | None:
    """``(category, "moderation: <label>")`` when the moderation endpoint flags ``text``; else ``None``."""
    if not text or not text.strip():
        return None
    try:
        from engine import config as cfg

        config = cfg.load()
    except Exception:  # noqa: BLE001
        config = {}
    if not enabled(config):
        return None
    key = _key()
    if not key:
        return None
    url = base_url(config)
    down = url or ""
    with _lock:
        if _down.get(down, 0.0) > time.monotonic():
            return None
    try:
        return _ask(text[:MAX_CHARS], key, url)
    except Exception:  # noqa: BLE001 - fail open: network, HTTP, timeout, an odd answer
        with _lock:
            _down[down] = time.monotonic() + COOLDOWN
        return None


@lru_cache(maxsize=4)
def _client(key: str, url: str | None) -> Any:
    from openai import OpenAI

    return OpenAI(api_key=key, base_url=url, timeout=TIMEOUT, max_retries=0)


@lru_cache(maxsize=512)
def _ask(text: str, key: str, url: str | None) -> tuple[str, str] | None:
    """One moderation request (raises on any failure, so failures are not cached)."""
    response = _client(key, url).moderations.create(model=MODEL, input=text)
    for result in response.results or []:
        found = verdict(result.categories.model_dump(by_alias=True))
        if found is not None:
            return found
    return None


def verdict(categories: dict[str, Any]) -> tuple[str, str] | None:
    """The gate's reading of one result's ``categories`` (wire names such as ``self-harm/intent``)."""
    for label, category in SELF_HARM:
        if categories.get(label):
            return category, f"moderation: {label}"
    if categories.get("violence"):
        threat = next((label for label in THREATS if categories.get(label)), None)
        if threat:
            return "harm-others", f"moderation: violence, {threat}"
    return None


def reset() -> None:
    """Forget cached answers, clients and cooldowns (tests; a changed key)."""
    _ask.cache_clear()
    _client.cache_clear()
    with _lock:
        _down.clear()
        _key_cache.clear()


__all__ = ["MODEL", "base_url", "enabled", "moderate", "reset", "verdict"]
