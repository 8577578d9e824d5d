"""``/v1/creators/me/earnings`` and payouts."""

from __future__ import annotations

import logging

import stripe
from fastapi import APIRouter, Depends, HTTPException, Request

from marketplace.deps import ctx, ip_limit, require_creator
from marketplace.ledger.uow import unit_of_work
from marketplace.models import User
from marketplace.payments import stripe_api
from marketplace.rewards import service
from marketplace.rewards.models import Payout, PayoutAccount
from marketplace.rewards.schemas import EarningsOut, PayoutAccountIn, PayoutIn, PayoutOut
from marketplace.schemas import errors

log = logging.getLogger("marketplace.rewards")
router = APIRouter(prefix="/v1/creators/me", tags=["creators"], dependencies=[Depends(ip_limit)],
                   responses=errors(400, 401, 403, 413, 429))


@router.get("/earnings", response_model=EarningsOut)
def earnings(request: Request, limit: int = 50, user: User = Depends(require_creator)) -> dict:
    """Your sales, payable balance (your share of each sale), engagement rewards and payouts."""
    with ctx(request).db.session() as db:
        return service.earnings(db, user.id, max(1, min(limit, 500)))


@router.put("/payout-account", status_code=204)
def payout_account(request: Request, body: PayoutAccountIn, user: User = Depends(require_creator)) -> None:
    """Your Stripe Connect account for payouts."""
    with ctx(request).db.session() as db:
        row = db.get(PayoutAccount, user.id) or PayoutAccount(user_id=user.id, stripe_account=body.stripe_account)
        row.stripe_account = body.stripe_account
        db.add(row)


@router.post("/payouts", response_model=PayoutOut, responses=errors(409, 502))
def payout(request: Request, body: PayoutIn, user: User = Depends(require_creator)) -> dict:
    """Pay out your whole payable balance (idempotent per key; retrying a failed transfer reuses its Stripe
    idempotency key, so a payout is never paid twice)."""
    app = ctx(request)
    with unit_of_work(app.db) as db:
        row = service.record_payout(db, app.settings, user.id, f"{user.id}:{body.idempotency_key}")
        if row is None:
            raise HTTPException(409, "nothing to pay out")
        destination = service.payout_account(db, user.id)
    if row.status != "transferred" and destination and app.settings.stripe_secret_key:
        try:
            transfer = stripe_api.client(app.settings).v1.transfers.create(
                {"amount": row.amount_cents, "currency": app.settings.currency, "destination": destination,
                 "metadata": {"payout_id": row.id}}, {"idempotency_key": f"payout-{row.id}"})
            status, transfer_id = "transferred", transfer.id
        except stripe.StripeError as exc:
            log.warning("transfer for payout %s failed: %s", row.id, exc)
            status, transfer_id = "failed", None
        with app.db.session() as db:
            stored = db.get(Payout, row.id)
            stored.status, stored.transfer_id = status, transfer_id
            row = stored
    return {"id": row.id, "credits": row.credits, "amount_cents": row.amount_cents, "status": row.status,
            "transfer_id": row.transfer_id, "created_at": row.created_at}
