"""User configuration: a TOML file in the data folder, read with defaults, written atomically.

Keys are dotted paths (``audio.voice``, ``providers.local.base_url``). Secrets never live here:
API keys go to the keyring (``waqup keys``).
"""

from __future__ import annotations

import copy
import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from engine.errors import UsageError
from engine.paths import config_path

DEFAULTS: dict[str, Any] = {
    "text": {"provider": "auto", "model": ""},
    "audio": {"voice": "", "ambience": "none", "format": "mp3", "bell": True},
    "conversation": {"keep_transcript": False, "crisis_country": ""},
    "safety": {"moderation": True},  # with an OpenAI key, also ask its moderation endpoint
    "credits": {"budget": None, "wallet": "local"},
    "prices": {},
    "providers": {
        "openai": {"base_url": "", "model": ""},
        "anthropic": {"base_url": "", "model": ""},
        "elevenlabs": {"base_url": "", "model": ""},
        "local": {"base_url": "", "model": ""},
    },
    "market": {"url": "http://127.0.0.1:8765"},
    "studio": {"theme": "", "keys": {}},
    "cache": {"max_mb": 500},  # `waqup data prune` trims the synthesis cache to this size
}
SECRET_SUFFIXES = ("api_key", "token", "secret", "password")
TEXT_PROVIDERS = ("auto", "offline", "openai", "anthropic", "local")
AUDIO_FORMATS = ("mp3", "ogg", "opus", "wav", "flac")
CONTENT_TYPES = ("affirmation", "meditation", "ritual")


def _choice(*options: str):
    def check(value: Any) -> str | None:
        return None if str(value) in options else f"choose one of {', '.join(options)}"
    check.hint = "|".join(options)  # type: ignore[attr-defined]
    return check


def _kind(kind: type, hint: str):
    def check(value: Any) -> str | None:
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        return None if ok else f"needs {hint}"
    check.hint = hint  # type: ignore[attr-defined]
    return check


def _count(value: Any) -> str | None:
    whole = isinstance(value, int) and not isinstance(value, bool)
    return None if whole and value >= 0 else "needs a whole number >= 0"


def _url(value: Any) -> str | None:
    from urllib.parse import urlparse

    if value == "":
        return None
    parts = urlparse(str(value))
    return None if parts.scheme in ("http", "https") and parts.netloc else "needs an http:// or https:// URL"


def _ambience(value: Any) -> str | None:
    from engine.audio.ambience import AMBIENCES

    return None if str(value) in AMBIENCES else f"choose one of {', '.join(AMBIENCES)}"


def _country(value: Any) -> str | None:
    text = str(value)
    return None if text == "" or (len(text) == 2 and text.isalpha()) else "needs a two-letter country code (GB, US)"


def _seconds(value: Any) -> str | None:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return None if number and value > 0 else "needs a number of seconds above 0"


_count.hint = "N"  # type: ignore[attr-defined]
_seconds.hint = "SECONDS"  # type: ignore[attr-defined]
_url.hint = "URL"  # type: ignore[attr-defined]
_ambience.hint = "none|brown|pink|rain|drone"  # type: ignore[attr-defined]
_country.hint = "GB|US|..."  # type: ignore[attr-defined]
TEXT = _kind(str, "text")
FLAG = _kind(bool, "true|false")
# Every key a user may set, and what its value must be (a ``*`` matches one part: a provider, a type, an action).
SCHEMA: dict[str, Any] = {
    "text.provider": _choice(*TEXT_PROVIDERS), "text.model": TEXT,
    "audio.voice": TEXT, "audio.ambience": _ambience, "audio.format": _choice(*AUDIO_FORMATS), "audio.bell": FLAG,
    "conversation.keep_transcript": FLAG, "conversation.crisis_country": _country,
    "safety.moderation": FLAG,
    "credits.budget": _count, "credits.wallet": _choice("local", "account"),
    "prices.*": _count,
    "providers.*.base_url": _url, "providers.*.model": TEXT,
    "providers.*.timeout": _seconds, "providers.*.max_tokens": _count, "providers.*.concurrency": _count,
    "providers.local.response_format": _choice("auto", "json_schema", "json_object_schema", "guided_json",
                                               "ollama_format", "json_object", "text"),
    "providers.local.style": _choice("auto", "lines", "json"),
    "market.url": _url,
    "studio.theme": TEXT, "studio.keys.*": TEXT,
    "cache.max_mb": _count,
}
WILDCARDS = {"prices.*": CONTENT_TYPES, "providers.*.base_url": ("openai", "anthropic", "elevenlabs", "local"),
             "providers.*.model": ("openai", "anthropic", "elevenlabs", "local"),
             "providers.*.timeout": ("openai", "anthropic", "local"),
             "providers.*.max_tokens": ("openai", "anthropic", "local"),
             "providers.*.concurrency": ("openai", "anthropic", "elevenlabs", "local")}


def rule_for(key: str):
    """The check for ``key``, or ``None`` for a key waQup does not have."""
    parts = key.split(".")
    for pattern, check in SCHEMA.items():
        shape = pattern.split(".")
        if len(shape) != len(parts):
            continue
        if all(a == "*" or a == b for a, b in zip(shape, parts, strict=True)):
            allowed = WILDCARDS.get(pattern)
            star = shape.index("*") if "*" in shape else -1
            if allowed is None or parts[star] in allowed:
                return check
    return None


def check_value(key: str, value: Any, where: str = "") -> None:
    """Raise :class:`UsageError` naming the key (and ``where`` it came from) when ``value`` is not allowed."""
    check = rule_for(key)
    origin = f"{where}: " if where else ""
    if check is None:
        raise UsageError(f"{origin}unknown config key {key!r} (see `waqup config keys`)")
    if value is None and key == "credits.budget":
        return
    if problem := check(value):
        raise UsageError(f"{origin}{key} = {value!r}: {problem}")


def _flatten(data: dict, prefix: str = "") -> list[tuple[str, Any]]:
    out = []
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and rule_for(dotted) is None:
            out += _flatten(value, dotted + ".")
        else:
            out.append((dotted, value))
    return out


def _merge(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def drop_none(data: dict) -> dict:
    return {k: drop_none(v) if isinstance(v, dict) else v for k, v in data.items() if v is not None}


def load(path: Path | None = None) -> dict[str, Any]:
    """The effective configuration: defaults overlaid with the user's file."""
    path = path or config_path()
    user: dict[str, Any] = {}
    if path.exists():
        try:
            user = tomllib.loads(path.read_text("utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise UsageError(f"config file {path} is not valid TOML: {exc}") from None
        for key, value in _flatten(user):  # a bad hand edit is named here, not as a crash somewhere else
            check_value(key, value, where=f"config file {path}")
    return _merge(DEFAULTS, user)


def get(key: str, config: dict | None = None) -> Any:
    node: Any = config if config is not None else load()
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise UsageError(f"unknown config key {key!r}")
        node = node[part]
    return node


def parse_value(raw: str) -> Any:
    """``true``/``false``/numbers become TOML values; anything else stays a string."""
    lowered = raw.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    for cast in (int, float):
        try:
            return cast(raw)
        except ValueError:
            pass
    return raw


def unset(key: str, path: Path | None = None) -> bool:
    """Remove ``key`` from the user's file (back to its default); ``False`` when it was not set."""
    import tomli_w

    if rule_for(key) is None:
        raise UsageError(f"unknown config key {key!r} (see `waqup config keys`)")
    path = path or config_path()
    user = tomllib.loads(path.read_text("utf-8")) if path.exists() else {}
    node, parts = user, key.split(".")
    for part in parts[:-1]:
        node = node.get(part)
        if not isinstance(node, dict):
            return False
    if parts[-1] not in node:
        return False
    del node[parts[-1]]
    write_atomic(path, tomli_w.dumps(drop_none(user)).encode("utf-8"))
    return True


def reset(path: Path | None = None) -> None:
    """Remove the user's config file: every setting back to its default."""
    (path or config_path()).unlink(missing_ok=True)


def keys() -> list[tuple[str, str]]:
    """``(key pattern, allowed values)`` for every setting."""
    return [(pattern, getattr(check, "hint", "")) for pattern, check in SCHEMA.items()]


def set_value(key: str, raw: str, path: Path | None = None) -> Any:
    """Set ``key`` to ``raw`` in the user's file (atomic write) and return the stored value."""
    import tomli_w

    parts = key.split(".")
    if not all(parts):
        raise UsageError(f"bad config key {key!r}")
    if parts[-1].lower().endswith(SECRET_SUFFIXES):
        raise UsageError("secrets do not belong in config: use `waqup keys set`")
    if parts[0] not in DEFAULTS:
        raise UsageError(f"unknown config section {parts[0]!r}: choose one of {', '.join(DEFAULTS)}")
    numeric = (FLAG, _count, _seconds)
    value = parse_value(raw) if rule_for(key) in numeric else raw  # text, choices and URLs stay as typed
    check_value(key, value)
    path = path or config_path()
    user = tomllib.loads(path.read_text("utf-8")) if path.exists() else {}
    node = user
    for part in parts[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise UsageError(f"config key {key!r} is under a value, not a table")
    node[parts[-1]] = value
    write_atomic(path, tomli_w.dumps(drop_none(user)).encode("utf-8"))
    return value


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file and a rename, so readers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
