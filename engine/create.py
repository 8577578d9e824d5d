"""One call from creation parameters to a saved library item.

Every face (non-interactive CLI, conversation, TUI, batch packs) goes through :func:`create`,
so safety checks, credits and the generation log apply everywhere alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from engine.content.params import BaseParams
from engine.library import Item, Library


@dataclass
class Created:
    item: Item
    result: Any  # GenerationResult


def create(
    params: BaseParams,
    *,
    provider: str | None = None,
    library: Library | None = None,
    tags: Iterable[str] = (),
    pack_id: str | None = None,
    profile: dict[str, Any] | None = None,
    on_text: Callable[[str], None] | None = None,
) -> Created:
    """Generate a script for ``params``, check it, store it and log the generation."""
    from engine.generation import generate

    lib = library or Library()
    try:
        result = generate(params, provider, profile=profile, on_text=on_text)
        item = lib.save_generation(result, params.to_dict(), tags=tags, pack_id=pack_id)
        return Created(item, result)
    finally:
        if library is None:
            lib.close()
