"""Logging a practice: always in the library, and reported to the marketplace for items installed from it.

:func:`log_practice` is the one call the faces use (`waqup play`, `waqup practice`, the studio player): it
writes the library's ``practice`` row and, when the item came from a marketplace pack (``params`` carry
``market_slug`` and ``market_item``, see :mod:`engine.market.install`) and you are signed in to that
marketplace, queues a practice report in the sync outbox. Nothing goes over the network here: the report is
sent by the next `waqup sync` (which also runs by itself before paid generations), so practising offline
counts too. The server counts each person once per pack for the creator's rewards.
"""

from __future__ import annotations

import contextlib
from typing import Any

from engine.errors import WaqupError


def read_along_seconds(script: Any, on_screen: float, completed: bool) -> float:
    """How long a practice read from the screen lasted: a finished read-along counts the script's own
    length (its words at a calm pace and its pauses), never less than the time it was on screen; an
    unfinished one counts the time on screen, at most the script's length."""
    length = float(script.estimated_seconds())
    return max(length, on_screen) if completed else min(max(on_screen, 0.0), length)


def market_source(library: Any, item: Any) -> tuple[str, str, str] | None:
    """``(marketplace url, pack slug, item id there)`` for an item installed from a marketplace, else ``None``."""
    params = item.params or {}
    slug, remote_id = params.get("market_slug"), params.get("market_item")
    if not slug or not remote_id:
        return None
    url = item.model if item.provider == "market" and str(item.model).startswith("http") else ""
    if not url:
        from engine.market.client import default_url

        url = default_url()
    return url.rstrip("/"), str(slug), str(remote_id)


def report_practice(library: Any, item: Any, seconds: float, completed: bool) -> int | None:
    """Queue a practice report of ``item`` when it came from a marketplace you are signed in to; returns the
    outbox row id, or ``None`` when there is nothing to report."""
    source = market_source(library, item)
    if source is None:
        return None
    url, slug, remote_id = source
    from engine.market.sync import enqueue_practice
    from engine.market.tokens import TokenStore

    if TokenStore(url).load() is None:
        return None
    return enqueue_practice(library, url, slug, remote_id, float(seconds), bool(completed))


def log_practice(library: Any, item_id: str, *, started: str | None = None, seconds: float = 0.0,
                 completed: bool = False, mood: str = "", reflection: str = "") -> int:
    """Record a practice in the library and, for marketplace items while signed in, queue its report.
    Returns the library's practice id (a failure to queue never loses the local log)."""
    practice_id = library.log_practice(item_id, started=started, seconds=seconds, completed=completed, mood=mood,
                                       reflection=reflection)
    with contextlib.suppress(WaqupError):  # e.g. unreadable tokens: the practice is logged locally all the same
        report_practice(library, library.get(item_id), seconds, completed)
    return practice_id
