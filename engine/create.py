"""One call from creation parameters to a saved library item.

Every non-conversational face (``waqup create --intent``, batch packs, the TUI's quick create)
goes through :func:`create`, so the crisis check, credits and the generation log apply alike:

1. the crisis check runs on the user's words before anything else (it costs nothing);
2. ``reserve`` holds the type's price under the job id (idempotent);
3. the provider generates, a cloud provider's answer passes the crisis gate
   (:mod:`engine.generation.guard`), and the validator checks the script;
4. the item is stored, then ``capture`` settles the hold; any failure releases it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from engine.content.params import BaseParams
from engine.library import Item, Library
from engine.safety import CrisisDetected


@dataclass
class Created:
    item: Item
    result: Any  # GenerationResult
    job_id: str
    credits: int


def ensure_safe(*texts: str | None) -> None:
    """Raise :class:`CrisisDetected` when any of ``texts`` contains crisis language."""
    from engine.safety import check_crisis

    found = check_crisis(" \n".join(t for t in texts if t))
    if found is not None:
        raise CrisisDetected(found)


def create(
    params: BaseParams,
    *,
    provider: str | None = None,
    model: str | None = None,
    library: Library | None = None,
    tags: Iterable[str] = (),
    pack_id: str | None = None,
    profile: dict[str, Any] | None = None,
    on_text: Callable[[str], None] | None = None,
    job_id: str | None = None,
) -> Created:
    """Generate, check, store and pay for one piece of content."""
    from engine.credits.wallet import price_of, wallet
    from engine.generation import generate

    ensure_safe(params.intent, params.context, getattr(params, "anchor", ""))
    lib = library or Library()
    ledger = wallet(lib)  # the local ledger, or the marketplace account's wallet when signed in
    job = job_id or f"create-{secrets.token_hex(6)}"
    price = price_of(ledger, params.type)
    try:
        ledger.sweep()
        ledger.reserve(job, price, content_type=params.type, memo="create")
        try:
            result = generate(params, provider, profile=profile, on_text=on_text, model=model)
            item = lib.save_generation(result, params.to_dict(), tags=tags, pack_id=pack_id)
        except BaseException as exc:
            ledger.release(job, memo=f"failed: {type(exc).__name__}")
            raise
        ledger.capture(job, price, item_id=item.id, memo="create")
        return Created(item, result, job, price)
    finally:
        ledger.close()  # a no-op for the local ledger on a given library; closes the account wallet's client
        if library is None:
            lib.close()
