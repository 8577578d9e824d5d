"""The official Stripe SDK, configured from settings (``stripe_api_base`` lets tests use a local stand-in)."""

from __future__ import annotations

import threading

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


def verify(payload: bytes, signature: str | None, secret: str, tolerance: int = 300) -> stripe.Event:
    """``stripe.Webhook.construct_event`` on the raw body (raises ``SignatureVerificationError``/``ValueError``)."""
    return stripe.Webhook.construct_event(payload, signature, secret, tolerance=tolerance)


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
