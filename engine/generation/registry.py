"""Provider registry and the one ``generate`` call every face uses."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from engine.content import check
from engine.content.params import BaseParams
from engine.errors import UsageError
from engine.generation.base import GenerationResult, TextProvider

_FACTORIES: dict[str, Callable[[], TextProvider]] = {}


def register_provider(name: str, factory: Callable[[], TextProvider]) -> None:
    """Make ``factory`` available as provider ``name`` (tests register fakes the same way)."""
    _FACTORIES[name] = factory


def _register_builtins() -> None:
    if "offline" not in _FACTORIES:
        from engine.generation.offline import OfflineProvider

        register_provider("offline", OfflineProvider)


def provider_names() -> list[str]:
    _register_builtins()
    return sorted(_FACTORIES)


def get_provider(name: str | None = None) -> TextProvider:
    """The provider called ``name``; ``None`` or ``"auto"`` picks the configured default."""
    _register_builtins()
    if name in (None, "", "auto"):
        name = "offline"
    if name not in _FACTORIES:
        raise UsageError(f"unknown text provider {name!r}: choose one of {', '.join(provider_names())}")
    return _FACTORIES[name]()


def generate(
    params: BaseParams,
    provider: str | TextProvider | None = None,
    *,
    profile: dict[str, Any] | None = None,
    on_text: Callable[[str], None] | None = None,
) -> GenerationResult:
    """Generate a script for ``params`` and check it against its type's validator."""
    impl = get_provider(provider) if provider is None or isinstance(provider, str) else provider
    started = time.perf_counter()
    result = impl.generate(params, profile=profile, on_text=on_text)
    result.elapsed = result.elapsed or time.perf_counter() - started
    check(result.script, params.type)
    return result
