"""The official Stripe SDK, configured from settings (``stripe_api_base`` lets tests use a local stand-in)."""

from __future__ import annotations

import threading
import time

import stripe

from marketplace.settings import Settings

_CLIENTS: dict[tuple[str, str], stripe.StripeClient] = {}
_LOCK = threading.Lock()


class PaymentsDisabled(Exception):
    """No Stripe secret key is configured."""


def client(settings: Settings) -> stripe.StripeClient:
    """One ``StripeClient`` per (key, API base)."""
    if not settings.stripe_secret_key:
        raise PaymentsDisabled("payments are not configured on this server (no Stripe key)")
    key = (settings.stripe_secret_key, settings.stripe_api_base)
    with _LOCK:
        if key not in _CLIENTS:
            extra = {"base_addresses": {"api": settings.stripe_api_base.rstrip("/")}} if settings.stripe_api_base \
                else {}
            _CLIENTS[key] = stripe.StripeClient(settings.stripe_secret_key, max_network_retries=2, **extra)
        return _CLIENTS[key]


def verify(payload: bytes, signature: str | None, secret: str, tolerance: int = 300,
           now: float | None = None) -> stripe.Event:
    """``stripe.Webhook.construct_event`` on the raw body (raises ``SignatureVerificationError``/``ValueError``).

    The SDK refuses timestamps older than ``tolerance``; a timestamp more than ``tolerance`` ahead of our
    clock is refused too (a signature made for the future would otherwise be replayable until then)."""
    event = stripe.Webhook.construct_event(payload, signature, secret, tolerance=tolerance)
    stamps = [part[2:] for part in (signature or "").split(",") if part.strip().startswith("t=")]
    try:
        ahead = max(int(t.strip()) for t in stamps) - (time.time() if now is None else now)
    except ValueError:
        raise stripe.SignatureVerificationError("no timestamp in the signature header", signature) from None
    if ahead > tolerance:
        raise stripe.SignatureVerificationError("timestamp is in the future", signature)
    return event


def field(obj, *path: str):
    """``obj[a][b]...`` tolerant of missing keys and of expanded vs. id-only references."""
    for name in path:
        if obj is None:
            return None
        if isinstance(obj, str):
            return obj if name == "id" else None
        try:
            obj = obj[name]
        except (KeyError, TypeError, AttributeError):
            return None
    return obj
