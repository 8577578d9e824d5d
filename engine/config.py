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
}
SECRET_SUFFIXES = ("api_key", "token", "secret", "password")


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
    path = path or config_path()
    user = tomllib.loads(path.read_text("utf-8")) if path.exists() else {}
    node = user
    for part in parts[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise UsageError(f"config key {key!r} is under a value, not a table")
    value = parse_value(raw)
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
