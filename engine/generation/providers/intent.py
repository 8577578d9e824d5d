"""Conversation intent extraction through structured output (used when an LLM is configured)."""

from __future__ import annotations

from typing import Any

from engine.generation.providers import prompts

FIELDS = ("goal", "feelings", "time", "obstacles", "preferred_type")


def extract_intent(text: str, provider: Any = None) -> dict[str, Any]:
    """``{goal, feelings, time, obstacles, preferred_type}`` from the creator's words.

    ``provider`` is an LLM provider instance or name (``openai``, ``anthropic``, ``local``;
    ``None`` = the automatic choice). Raises :class:`~engine.errors.WaqupError` when the chosen
    provider is not an LLM (e.g. offline: use the heuristic extractor then) or the call fails.
    """
    from engine.errors import UsageError
    from engine.generation.registry import get_provider

    impl = get_provider(provider) if provider is None or isinstance(provider, str) else provider
    if not hasattr(impl, "complete_json"):
        raise UsageError(f"provider {getattr(impl, 'name', impl)!r} cannot extract intents: use an LLM")
    data, _ = impl.complete_json(
        prompts.render("intent.system"), prompts.render("intent.user", text=text.strip()),
        prompts.SCHEMAS["intent"], "conversation_intent",
    )
    out: dict[str, Any] = {}
    for key in FIELDS:
        value = data.get(key)
        if key in ("feelings", "obstacles"):
            value = [str(v).strip() for v in value if str(v).strip()] if isinstance(value, list) else []
        else:
            value = " ".join(str(value or "").split())
        out[key] = value
    if out["preferred_type"] not in ("affirmation", "meditation", "ritual"):
        out["preferred_type"] = ""
    return out
