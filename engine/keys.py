"""The creator's own API keys: OS keyring first, a private file where no keyring works.

Lookup order for a provider: explicit ``--key`` > its standard env var > keyring > fallback file.
Keys never go to config, logs or the database; :func:`scrub` removes any key this process
has seen from text before it is shown or stored.

Public API::

    from engine.keys import set_key, get_key, require_key, remove_key, list_keys, key_path, scrub
"""

from __future__ import annotations

import json
import os
import stat
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

from engine.errors import UsageError, WaqupError

SERVICE = "waqup"
PROVIDERS: dict[str, tuple[str, str]] = {
    # name: (label, env var)
    "openai": ("OpenAI", "OPENAI_API_KEY"),
    "anthropic": ("Anthropic", "ANTHROPIC_API_KEY"),
    "elevenlabs": ("ElevenLabs", "ELEVENLABS_API_KEY"),
    "local": ("Local model server", "WAQUP_LOCAL_API_KEY"),  # only for servers started with a key
}
FILE_NAME = "keys.json"

_SEEN: set[str] = set()
_LOCK = threading.Lock()
_warned = False


class KeyStorageWarning(UserWarning):
    """Keys are kept in a private file because no OS keyring backend works here."""


@dataclass(frozen=True)
class KeyInfo:
    """Where a provider's key comes from (``source`` is ``env``, ``keyring``, ``file`` or ``""``)."""

    provider: str
    label: str
    source: str
    masked: str

    @property
    def is_set(self) -> bool:
        return bool(self.source)


def _check(provider: str) -> str:
    name = provider.strip().lower()
    if name not in PROVIDERS:
        raise UsageError(f"unknown key provider {provider!r}: choose one of {', '.join(PROVIDERS)}")
    return name


def label(provider: str) -> str:
    return PROVIDERS[_check(provider)][0]


def env_var(provider: str) -> str:
    return PROVIDERS[_check(provider)][1]


def remember(secret: str | None) -> None:
    """Note ``secret`` so :func:`scrub` removes it from any text later."""
    if secret and len(secret) >= 6:
        with _LOCK:
            _SEEN.add(secret)


def scrub(text: str) -> str:
    """``text`` with every key this process has seen (and env keys) replaced by a mask."""
    if not text:
        return text
    for _, var in PROVIDERS.values():
        remember(os.environ.get(var))
    with _LOCK:
        secrets = sorted(_SEEN, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, mask(secret))
    return text


def mask(key: str) -> str:
    """``sk-proj-abcd…a1b2`` -> ``sk-…a1b2``: the prefix before the first dash and the last 4."""
    key = key.strip()
    if len(key) <= 8:
        return "…" * bool(key)
    prefix = key.split("-", 1)[0] + "-" if "-" in key[:8] else ""
    return f"{prefix}…{key[-4:]}"


# -- storage backends ---------------------------------------------------------------------
def _keyring():
    """The usable keyring module, or ``None`` where only the fail/null backend exists."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring) or "null" in type(backend).__module__:
        return None
    return keyring


def key_file() -> Path:
    from engine.paths import home

    return home() / FILE_NAME


def _warn_file() -> None:
    global _warned
    if not _warned:
        _warned = True
        warnings.warn(
            f"no OS keyring is available: keys are kept in {key_file()} (readable only by you)",
            KeyStorageWarning, stacklevel=3,
        )


def _read_file() -> dict[str, str]:
    path = key_file()
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        raise WaqupError(f"the key file {path} is unreadable: remove it and set your keys again") from None
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def _write_file(data: dict[str, str]) -> None:
    """Write the key file with mode 0600 from creation (never world-readable, even briefly)."""
    path = key_file()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.chmod(tmp, stat.S_IRUSR | stat.S_IWUSR)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _from_keyring(provider: str) -> str | None:
    ring = _keyring()
    if ring is None:
        return None
    try:
        return ring.get_password(SERVICE, provider) or None
    except Exception:
        return None


def _lookup(provider: str) -> tuple[str | None, str]:
    value = os.environ.get(env_var(provider), "").strip()
    if value:
        return value, "env"
    value = _from_keyring(provider)
    if value:
        return value, "keyring"
    value = _read_file().get(provider)
    if value:
        return value, "file"
    return None, ""


# -- public API --------------------------------------------------------------------------
def get_key(provider: str, explicit: str | None = None) -> str | None:
    """The key for ``provider`` (explicit > env > keyring > file), or ``None``."""
    provider = _check(provider)
    value = (explicit or "").strip() or _lookup(provider)[0]
    remember(value)
    return value


def has_key(provider: str) -> bool:
    return get_key(provider) is not None


def require_key(provider: str, explicit: str | None = None) -> str:
    """Like :func:`get_key` but a missing key is a clear :class:`SetupError` (exit 2)."""
    from engine.errors import SetupError

    value = get_key(provider, explicit)
    if not value:
        raise SetupError(
            f"No {label(provider)} key found — run `waqup keys set {_check(provider)}` "
            f"or set {env_var(provider)}"
        )
    return value


def set_key(provider: str, value: str) -> str:
    """Store ``value`` for ``provider``; returns where (``keyring`` or ``file``)."""
    provider = _check(provider)
    value = (value or "").strip()
    if not value or any(c.isspace() for c in value):
        raise UsageError("a key is one word without spaces; nothing stored")
    remember(value)
    ring = _keyring()
    if ring is not None:
        try:
            ring.set_password(SERVICE, provider, value)
            return "keyring"
        except Exception:
            pass
    _warn_file()
    data = _read_file()
    data[provider] = value
    _write_file(data)
    return "file"


def remove_key(provider: str) -> bool:
    """Forget the stored key (keyring and file); True if one was removed. Env vars are untouched."""
    provider = _check(provider)
    removed = False
    ring = _keyring()
    if ring is not None:
        try:
            if ring.get_password(SERVICE, provider):
                ring.delete_password(SERVICE, provider)
                removed = True
        except Exception:
            pass
    data = _read_file()
    if provider in data:
        del data[provider]
        _write_file(data)
        removed = True
    return removed


def list_keys() -> list[KeyInfo]:
    """Every provider with the source of its key and a masked form (never the key); ``local`` only when set."""
    out = []
    for provider, (name, _) in PROVIDERS.items():
        value, source = _lookup(provider)
        if provider == "local" and not value:  # most local servers need no key: not listed as missing
            continue
        remember(value)
        out.append(KeyInfo(provider, name, source, mask(value) if value else ""))
    return out


def key_path() -> str:
    """Where ``set_key`` stores keys: the keyring backend's name or the fallback file's path."""
    ring = _keyring()
    if ring is not None:
        backend = ring.get_keyring()
        return f"keyring: {type(backend).__module__}.{type(backend).__name__} (service {SERVICE!r})"
    return f"file: {key_file()}"


__all__ = [
    "KeyInfo", "KeyStorageWarning", "PROVIDERS", "get_key", "has_key", "key_path", "list_keys", "mask",
    "remember", "remove_key", "require_key", "scrub", "set_key",
]
