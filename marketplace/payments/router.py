"""``/v1/payments``: start a checkout, follow a purchase, and the Stripe webhook (the only fulfilment path)."""

from __future__ import annotations

import logging

import stripe
from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from marketplace.deps import ctx, current_user, ip_limit
from marketplace.models import User
from marketplace.payments import service, stripe_api
from marketplace.payments.models import Purchase
from marketplace.payments.schemas import CheckoutIn, PurchaseOut, WebhookOut
from marketplace.schemas import errors, link, linked

log = logging.getLogger("marketplace.payments")
router = APIRouter(prefix="/v1/payments", tags=["payments"], responses=errors(400, 413, 429))
TOLERANCE = 300


@router.post("/checkout", response_model=PurchaseOut, status_code=201, dependencies=[Depends(ip_limit)],
             responses={**errors(401, 402, 404, 409, 502),
                        **linked(201, "The purchase", state=link("get", "/v1/payments/purchases/{purchase_id}",
                                                                 **{"path.purchase_id": "$response.body#/id"}))})
def checkout(request: Request, body: CheckoutIn, user: User = Depends(current_user)) -> dict:
    """Start a purchase: a Stripe Checkout Session (open its `url`), or with `pay=credits` a pack paid from
    the wallet at once. Card purchases are fulfilled by the webhook; poll `GET /purchases/{id}`."""
    app = ctx(request)
    if body.kind == "credits" and body.size is None:
        raise HTTPException(400, "give the credit pack size")
    if body.kind == "pack" and not body.pack:
        raise HTTPException(400, "give the pack slug")
    try:
        if body.kind == "pack" and body.pay == "credits":
            purchase = service.buy_with_credits(app, user, body.pack, body.idempotency_key)
        else:
            purchase = service.start_checkout(app, user, body.kind, size=body.size, slug=body.pack,
                                              client_key=body.idempotency_key)
    except service.PaymentError as exc:
        raise HTTPException(exc.status, str(exc)) from None
    except stripe_api.PaymentsDisabled as exc:
        raise HTTPException(400, str(exc)) from None
    except stripe.StripeError as exc:
        log.warning("stripe checkout failed: %s", exc)
        raise HTTPException(502, "the payment provider failed; try again") from None
    with app.db.session() as db:
        return service.purchase_out(db, purchase)


@router.get("/purchases", response_model=list[PurchaseOut], dependencies=[Depends(ip_limit)], responses=errors(401))
def purchases(request: Request, user: User = Depends(current_user)) -> list:
    """Your purchases, newest first."""
    with ctx(request).db.session() as db:
        rows = db.scalars(select(Purchase).where(Purchase.user_id == user.id).order_by(Purchase.created_at.desc()))
        return [service.purchase_out(db, p) for p in rows]


@router.get("/purchases/{purchase_id}", response_model=PurchaseOut, dependencies=[Depends(ip_limit)],
            responses=errors(401, 404))
def purchase(request: Request, purchase_id: str = Path(pattern=r"^[0-9a-f]{32}$"),
             user: User = Depends(current_user)) -> dict:
    """One purchase (poll until `status` is `fulfilled`)."""
    with ctx(request).db.session() as db:
        row = db.get(Purchase, purchase_id)
        if row is None or row.user_id != user.id:
            raise HTTPException(404, "no such purchase")
        return service.purchase_out(db, row)


@router.post("/webhook", response_model=WebhookOut, responses=errors(400, 502))
async def webhook(request: Request) -> dict:
    """Stripe events, verified on the raw body with the signing secret (timestamps within 5 minutes of now,
    either way). A signed event the server cannot use (no object id, an unknown type) is `ignored`."""
    app = ctx(request)
    secret = app.settings.stripe_webhook_secret
    if not secret:
        raise HTTPException(400, "webhooks are not configured on this server")
    payload = await request.body()
    try:
        event = stripe_api.verify(payload, request.headers.get("stripe-signature"), secret, TOLERANCE)
    except (stripe.SignatureVerificationError, ValueError, KeyError):
        raise HTTPException(400, "invalid signature or payload") from None
    from starlette.concurrency import run_in_threadpool

    event_id, kind = stripe_api.field(event, "id"), stripe_api.field(event, "type")
    try:
        outcome = await run_in_threadpool(service.handle_event, app, event)
    except stripe.StripeError as exc:  # Stripe retries on non-2xx
        log.warning("stripe read-back for %s failed: %s", event_id, exc)
        raise HTTPException(502, "could not re-read the object from Stripe; retry") from None
    log.info("stripe event %s %s: %s", event_id, kind, outcome)
    return {"received": True, "outcome": outcome}


@router.get("/done", response_class=HTMLResponse, include_in_schema=False)
def done(canceled: int = 0) -> str:
    text = "Payment canceled." if canceled else "Thank you! Your purchase completes in a moment."
    return f"<!doctype html><title>waQup</title><p>{text} You can return to your terminal.</p>"
