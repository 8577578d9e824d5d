"""How an OpenAI-compatible server takes a JSON schema: found once per base URL, then remembered.

Shapes, from most to least constrained:

* ``json_schema``: ``response_format = {"type": "json_schema", ...}`` (OpenAI, LM Studio,
  llama.cpp's ``llama-server``, Ollama >= 0.5, vLLM >= 0.6);
* ``json_object_schema``: ``{"type": "json_object", "schema": ...}`` (llama-cpp-python);
* ``guided_json``: the schema as the extra body field ``guided_json`` (vLLM);
* ``ollama_format``: Ollama's native ``/api/chat`` with ``format`` set to the schema;
* ``json_object``: JSON mode, the schema only in the prompt;
* ``text``: no ``response_format`` at all; the answer is read with a tolerant parser.

``json_schema`` is tried first. When the server refuses a shape (see
:func:`engine.generation.providers.faults.is_shape_refusal`) the server kind is probed once
(``GET /models``: vLLM says ``owned_by: vllm``, Ollama ``library``; Ollama also answers
``/api/version``) and the next shape in that kind's chain is tried. The accepted shape, the
refusals and the server's reasons are stored in ``cache/llm-servers.json`` under the base URL.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("waqup")

SHAPES = ("json_schema", "json_object_schema", "guided_json", "ollama_format", "json_object", "text")
CHAINS: dict[str, tuple[str, ...]] = {
    "vllm": ("json_schema", "guided_json", "json_object", "text"),
    "ollama": ("json_schema", "ollama_format", "json_object", "text"),
    "generic": ("json_schema", "json_object_schema", "json_object", "text"),
}
SCHEMA_ENFORCED = {"json_schema", "json_object_schema", "guided_json", "ollama_format"}
CACHE_FILE = "llm-servers.json"
_LOCK = threading.Lock()


class ServerError(Exception):
    """An HTTP error from a call made without the SDK (Ollama's native API), shaped like the SDK's."""

    def __init__(self, status_code: int, body: Any, headers: Any = None):
        self.status_code, self.body, self.headers = status_code, body, headers or {}
        super().__init__(f"HTTP {status_code}: {body}")


def root_url(base_url: str) -> str:
    """``http://host:11434/v1`` -> ``http://host:11434`` (where Ollama's native API lives)."""
    base = base_url.rstrip("/")
    return base[:-3] if base.endswith("/v1") else base


def request_fields(shape: str, schema: dict[str, Any], schema_name: str) -> dict[str, Any]:
    """The Chat Completions keyword arguments that carry ``schema`` in ``shape``."""
    if shape == "json_schema":
        return {"response_format": {"type": "json_schema",
                                    "json_schema": {"name": schema_name, "schema": schema, "strict": True}}}
    if shape == "json_object_schema":
        return {"response_format": {"type": "json_object", "schema": schema}}
    if shape == "guided_json":
        return {"extra_body": {"guided_json": schema}}
    if shape == "json_object":
        return {"response_format": {"type": "json_object"}}
    return {}


def _cache_path() -> Any:
    from engine.paths import cache_dir

    return cache_dir() / CACHE_FILE


def _load() -> dict[str, Any]:
    path = _cache_path()
    try:
        data = json.loads(path.read_text("utf-8")) if path.exists() else {}
    except (OSError, ValueError):
        log.debug("ignoring an unreadable %s", path)
        return {}
    return data if isinstance(data, dict) else {}


def _save(data: dict[str, Any]) -> None:
    from engine.config import write_atomic

    try:
        write_atomic(_cache_path(), json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))
    except OSError as exc:
        log.debug("could not remember server capabilities: %s", exc)


def remembered(base_url: str) -> dict[str, Any]:
    """What is known about the server at ``base_url``: ``shape``, ``server``, ``refused`` reasons."""
    with _LOCK:
        entry = _load().get(base_url.rstrip("/"))
    return entry if isinstance(entry, dict) else {}


def remember(base_url: str, **facts: Any) -> None:
    """Merge ``facts`` into the entry for ``base_url`` (``refused`` dicts are merged too)."""
    key = base_url.rstrip("/")
    with _LOCK:
        data = _load()
        entry = data.get(key) if isinstance(data.get(key), dict) else {}
        for name, value in facts.items():
            if name == "refused":
                entry["refused"] = {**(entry.get("refused") or {}), **value}
            else:
                entry[name] = value
        data[key] = entry
        _save(data)


def forget(base_url: str | None = None) -> None:
    """Drop what is remembered about one server (or all of them)."""
    with _LOCK:
        data = _load() if base_url else {}
        data.pop((base_url or "").rstrip("/"), None)
        _save(data)


def probe_server(base_url: str, api_key: str = "", timeout: float = 5.0) -> str:
    """``vllm``, ``ollama`` or ``generic``: read from ``GET /models`` and ``GET /api/version``."""
    import httpx

    headers = {"authorization": f"Bearer {api_key}"} if api_key else {}
    try:
        with httpx.Client(timeout=timeout, headers=headers) as http:
            try:
                models = http.get(base_url.rstrip("/") + "/models").json().get("data") or []
            except (httpx.HTTPError, ValueError, AttributeError):
                models = []
            owners = {str(m.get("owned_by", "")).lower() for m in models if isinstance(m, dict)}
            if "vllm" in owners:
                return "vllm"
            if "library" in owners or "ollama" in owners:
                return "ollama"
            try:
                answer = http.get(root_url(base_url) + "/api/version")
                if answer.status_code == 200 and "version" in answer.json():
                    return "ollama"
            except (httpx.HTTPError, ValueError, TypeError):
                pass
    except httpx.HTTPError as exc:
        log.debug("probing %s failed: %s", base_url, exc)
    return "generic"


@dataclass
class Dialect:
    """The shape to use with one server; :meth:`refused` moves to the next one and remembers it."""

    base_url: str
    api_key: str = ""
    pinned: str = ""  # a shape the user chose (``providers.local.response_format``): never changed

    def __post_init__(self) -> None:
        known = {} if self.pinned else remembered(self.base_url)
        self.server: str = known.get("server", "")
        self.shape: str = self.pinned or known.get("shape") or "json_schema"

    @property
    def enforced(self) -> bool:
        """True when the server itself holds the answer to the schema."""
        return self.shape in SCHEMA_ENFORCED

    def accepted(self) -> None:
        """The current shape worked: remember it (once)."""
        if not self.pinned and remembered(self.base_url).get("shape") != self.shape:
            remember(self.base_url, shape=self.shape, server=self.server or "generic")

    def refused(self, reason: str) -> str | None:
        """The server refused the current shape: the next shape to try, or ``None`` (pinned/last)."""
        if self.pinned:
            return None
        if not self.server:
            self.server = probe_server(self.base_url, self.api_key)
        chain = CHAINS.get(self.server, CHAINS["generic"])
        refused = {**(remembered(self.base_url).get("refused") or {}), self.shape: reason}
        later = [s for s in chain if s not in refused]
        log.info("%s refused %s (%s); next: %s", self.base_url, self.shape, reason, later[:1] or "none")
        self.shape = later[0] if later else ""
        remember(self.base_url, refused={k: refused[k] for k in refused}, server=self.server,
                 shape=self.shape)
        return self.shape or None
