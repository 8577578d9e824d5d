"""Client side of payments: start a checkout on the server, open it, and wait for the webhook to fulfil it."""

from __future__ import annotations

import secrets
import time
import webbrowser
from collections.abc import Callable
from typing import Any

from engine.market.client import MarketClient
from engine.market.errors import MarketError, MarketUnavailable

DONE = {"fulfilled", "active"}
FAILED = {"failed", "refunded", "canceled", "expired"}


def checkout(client: MarketClient, kind: str, *, size: int | None = None, pack: str | None = None,
             pay: str = "card") -> dict:
    """Create the purchase (one idempotency key per call, so a retried request is the same purchase)."""
    body: dict[str, Any] = {"kind": kind, "pay": pay, "idempotency_key": secrets.token_hex(12)}
    if size is not None:
        body["size"] = size
    if pack:
        body["pack"] = pack
    return client.request("POST", "/v1/payments/checkout", auth=True, json=body).json()


def purchase(client: MarketClient, purchase_id: str) -> dict:
    return client.request("GET", f"/v1/payments/purchases/{purchase_id}", auth=True).json()


def open_url(url: str) -> bool:
    """Open ``url`` in a browser where one is available; ``False`` means print it instead."""
    try:
        return bool(webbrowser.open(url))
    except webbrowser.Error:
        return False


def wait(client: MarketClient, purchase_id: str, *, timeout: float = 900, interval: float = 2.0,
         sleep: Callable[[float], None] = time.sleep) -> dict:
    """Poll until the purchase is fulfilled (webhooks are the only fulfilment path); errors on failure."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            state = purchase(client, purchase_id)
        except MarketUnavailable:
            state = {"status": "unknown"}
        if state["status"] in DONE:
            return state
        if state["status"] in FAILED:
            outcome = {"failed": "did not go through", "refunded": "was refunded", "canceled": "was cancelled",
                       "expired": "expired before it was paid"}[state["status"]]
            raise MarketError(f"the purchase {outcome}; nothing was charged, or it was given back")
        if time.monotonic() > deadline:
            raise MarketError(f"still waiting for the payment to complete (purchase {purchase_id}); "
                              "`waqup sync` picks it up when it does")
        sleep(interval)


def earnings(client: MarketClient, limit: int = 50) -> dict:
    return client.request("GET", "/v1/creators/me/earnings", auth=True, params={"limit": limit}).json()


def prices(client: MarketClient) -> dict:
    return client.request("GET", "/v1/prices").json()
