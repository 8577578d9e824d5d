"""Cloud text providers with the creator's own keys: ``openai``, ``anthropic`` and ``local``
(any OpenAI-compatible server). SDKs are imported and clients built only on first use.

Public API::

    from engine.generation.providers import (
        OpenAIProvider, AnthropicProvider, LocalProvider, extract_intent, auto_choice,
        RetryPolicy, ProviderError, GenerationFailed)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CLOUD_PROVIDERS = {
    "openai": ("engine.generation.providers.openai_chat", "OpenAIProvider"),
    "anthropic": ("engine.generation.providers.anthropic_messages", "AnthropicProvider"),
    "local": ("engine.generation.providers.openai_chat", "LocalProvider"),
}
_LAZY = {
    **{cls: module for module, cls in CLOUD_PROVIDERS.values()},
    "extract_intent": "engine.generation.providers.intent",
    "RetryPolicy": "engine.generation.providers.faults",
    "ProviderError": "engine.generation.providers.faults",
    "GenerationFailed": "engine.generation.providers.llm",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def factory(name: str) -> Callable[..., Any]:
    """A factory for provider ``name`` that imports its module only when called."""
    module, cls = CLOUD_PROVIDERS[name]

    def make(**options: Any) -> Any:
        import importlib

        return getattr(importlib.import_module(module), cls)(**options)

    make.__name__ = f"make_{name}"
    return make


def register_builtins(register: Callable[[str, Callable[[], Any]], None], known: Any = ()) -> None:
    """Register ``openai``, ``anthropic`` and ``local`` (names already in ``known`` are kept)."""
    for name in CLOUD_PROVIDERS:
        if name not in known:
            register(name, factory(name))


def auto_choice(config: dict[str, Any] | None = None) -> str:
    """The provider ``auto`` means: ``text.provider`` if set, else a configured OpenAI key, then an
    Anthropic key, then a local server base URL, else ``offline``."""
    from engine.keys import has_key

    if config is None:
        from engine.config import load

        config = load()
    chosen = str((config.get("text") or {}).get("provider") or "auto").strip().lower()
    if chosen != "auto":
        return chosen
    for name in ("openai", "anthropic"):
        try:
            if has_key(name):
                return name
        except Exception:  # a broken keyring never blocks the offline engine
            continue
    if (((config.get("providers") or {}).get("local") or {}).get("base_url")):
        return "local"
    return "offline"


__all__ = [
    "AnthropicProvider", "CLOUD_PROVIDERS", "GenerationFailed", "LocalProvider", "OpenAIProvider",
    "ProviderError", "RetryPolicy", "auto_choice", "extract_intent", "factory", "register_builtins",
]
