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
    # Cloud providers (openai, anthropic, local): cheap factories, SDKs imported on first use;
    # names already registered (e.g. test fakes) are kept.
    from engine.generation.providers import register_builtins

    register_builtins(register_provider, known=_FACTORIES)


def provider_names() -> list[str]:
    _register_builtins()
    return sorted(_FACTORIES)


def get_provider(name: str | None = None, model: str | None = None) -> TextProvider:
    """The provider called ``name``; ``None`` or ``"auto"`` picks the configured default.

    ``auto``: config ``text.provider`` if not ``auto``; else OpenAI when its key is set, then
    Anthropic, then ``local`` when ``providers.local.base_url`` is set, else ``offline``.
    """
    _register_builtins()
    if name in (None, "", "auto"):
        from engine.generation.providers import auto_choice

        name = auto_choice()  # text.provider, else a cloud key (openai > anthropic), local, offline
    if name not in _FACTORIES:
        raise UsageError(f"unknown text provider {name!r}: choose one of {', '.join(provider_names())}")
    if not model:
        return _FACTORIES[name]()
    try:
        return _FACTORIES[name](model=model)
    except TypeError:
        raise UsageError(f"the {name} provider has no model choice (drop --model)") from None


def generate(
    params: BaseParams,
    provider: str | TextProvider | None = None,
    *,
    profile: dict[str, Any] | None = None,
    on_text: Callable[[str], None] | None = None,
    model: str | None = None,
) -> GenerationResult:
    """Generate a script for ``params`` and check it against its type's validator.

    What a provider other than the offline engine answers goes through the crisis gate before
    anyone sees or saves it: streamed pieces are checked before ``on_text`` shows them, and the
    finished script raises :class:`engine.generation.guard.UnsafeAnswer` when it trips.
    """
    from engine.generation.guard import check_answer, guard_stream

    impl = get_provider(provider, model) if provider is None or isinstance(provider, str) else provider
    offline = getattr(impl, "name", "") == "offline"
    started = time.perf_counter()
    result = impl.generate(params, profile=profile, on_text=on_text if offline else guard_stream(on_text))
    result.elapsed = result.elapsed or time.perf_counter() - started
    if result.provider != "offline":
        check_answer(result.script, result.provider)
    check(result.script, params.type)
    return result
