"""``/v1/wallet`` (reserve, capture, void, refund, hold state, balance, history), ``/v1/prices`` and admin
ledger tools. Every wallet read first voids that wallet's expired holds (writes do it under the wallet lock)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from marketplace.deps import ctx, current_user, ip_limit, require_admin
from marketplace.ledger import service
from marketplace.ledger.schemas import (
    AuditOut,
    BalanceOut,
    CaptureIn,
    CaptureOut,
    GrantIn,
    HoldOut,
    HoldStateOut,
    KeyIn,
    PricesOut,
    RefundIn,
    RefundOut,
    ReserveIn,
    TxnOut,
)
from marketplace.ledger.uow import unit_of_work
from marketplace.models import User
from marketplace.schemas import errors, link, linked

router = APIRouter(tags=["wallet"], dependencies=[Depends(ip_limit)], responses=errors(400, 413, 429))


def price_list(request: Request) -> dict:
    s = ctx(request).settings
    return {"prices": service.parse_prices(s.prices), "credit_packs": service.parse_prices(s.credit_packs),
            "currency": s.currency, "plan": {"credits": s.plan_credits, "cents": s.plan_cents}}


def _fail(exc: service.LedgerError) -> HTTPException:
    return HTTPException(exc.status, str(exc))


@router.get("/v1/prices", response_model=PricesOut)
def prices(request: Request) -> dict:
    """Credits per generation by content type, the credit packs on sale and the monthly plan."""
    return price_list(request)


@router.get("/v1/wallet", response_model=BalanceOut, responses=errors(401))
def wallet(request: Request, user: User = Depends(current_user)) -> dict:
    """Your credit balance (expired holds are voided first)."""
    service.void_expired(ctx(request).db, user.id)
    with ctx(request).db.session() as db:
        return service.balance(db, user.id)


@router.get("/v1/wallet/transactions", response_model=list[TxnOut], responses=errors(401))
def transactions(request: Request, limit: int = Query(50, ge=1, le=500), user: User = Depends(current_user)) -> list:
    """Your wallet's transactions, newest first."""
    service.void_expired(ctx(request).db, user.id)
    with ctx(request).db.session() as db:
        return [service.txn_out(db, t) for t in service.history(db, user.id, limit)]


HELD = {"key": "$response.body#/key"}


@router.post("/v1/wallet/reserve", response_model=HoldOut, status_code=201, responses={
    **errors(401, 402, 409),
    **linked(201, "The hold", capture=link("post", "/v1/wallet/capture", body=HELD),
             void=link("post", "/v1/wallet/void", body=HELD),
             state=link("get", "/v1/wallet/hold", **{"query.key": "$response.body#/key"}))})
def reserve(request: Request, body: ReserveIn, user: User = Depends(current_user)) -> dict:
    """Hold credits for a generation (idempotent per key). 402 when the available balance is short."""
    table = price_list(request)["prices"]
    if body.content_type is not None:
        if body.content_type not in table:
            raise HTTPException(400, f"unknown content type {body.content_type!r}")
        amount = table[body.content_type]
    elif body.amount is not None:
        amount = body.amount
    else:
        raise HTTPException(400, "give content_type or amount")
    try:
        with unit_of_work(ctx(request).db) as db:
            hold = service.reserve(db, user.id, body.key, amount, content_type=body.content_type or "",
                                   minutes=body.minutes or ctx(request).settings.hold_minutes)
            return {"key": hold.key, "amount": hold.amount, "content_type": hold.content_type,
                    "status": hold.status, "expires_at": hold.expires_at, "balance": service.balance(db, user.id)}
    except service.LedgerError as exc:
        raise _fail(exc) from None


@router.post("/v1/wallet/capture", response_model=CaptureOut, responses={
    **errors(401, 402, 404, 409),
    **linked(200, "The capture and the balance after it",
             refund=link("post", "/v1/wallet/refund", body={"key": "$request.body#/key"}),
             state=link("get", "/v1/wallet/hold", **{"query.key": "$request.body#/key"}))})
def capture(request: Request, body: CaptureIn, user: User = Depends(current_user)) -> dict:
    """Settle a hold for the actual cost (idempotent per key)."""
    try:
        with unit_of_work(ctx(request).db) as db:
            txn = service.capture(db, user.id, body.key, body.amount, item_id=body.item_id)
            return {"transaction": service.txn_out(db, txn), "balance": service.balance(db, user.id)}
    except service.LedgerError as exc:
        raise _fail(exc) from None


@router.post("/v1/wallet/void", response_model=BalanceOut, responses=errors(401, 409))
def void(request: Request, body: KeyIn, user: User = Depends(current_user)) -> dict:
    """Release a hold (failure or cancel); idempotent, and a no-op for unknown keys."""
    try:
        with unit_of_work(ctx(request).db) as db:
            service.void(db, user.id, body.key)
            return service.balance(db, user.id)
    except service.LedgerError as exc:
        raise _fail(exc) from None


@router.get("/v1/wallet/hold", response_model=HoldStateOut, responses=errors(401))
def hold(request: Request, key: str = Query(min_length=1, max_length=120, pattern=r"^[\w.:\-]+$"),
         user: User = Depends(current_user)) -> dict:
    """What happened to the hold of job `key` (expired holds are voided first)."""
    service.void_expired(ctx(request).db, user.id)
    with ctx(request).db.session() as db:
        return service.hold_state(db, user.id, key)


@router.post("/v1/wallet/refund", response_model=RefundOut, responses=errors(401, 404, 409))
def refund_own(request: Request, body: KeyIn, user: User = Depends(current_user)) -> dict:
    """Refund your own capture of `key` (a generation cancelled before it was saved): within an hour of the
    capture and a few times a day; idempotent. 404 when nothing was captured under `key`."""
    try:
        with unit_of_work(ctx(request).db) as db:
            txn = service.self_refund(db, user.id, body.key)
            if txn is None:
                raise HTTPException(404, "nothing captured under that key")
            return {"transaction": service.txn_out(db, txn), "balance": service.balance(db, user.id)}
    except service.LedgerError as exc:
        raise _fail(exc) from None


@router.post("/v1/admin/wallet/grant", response_model=TxnOut, status_code=201, responses={
    **errors(401, 403, 404, 409),
    **linked(201, "The grant", refund=link("post", "/v1/admin/wallet/refund",
                                           body={"user_id": "$request.body#/user_id", "key": "$request.body#/key"}))})
def grant(request: Request, body: GrantIn, _admin: User = Depends(require_admin)) -> dict:
    """Promotional credits (idempotent per key; the same key with another user or amount is a 409)."""
    try:
        with unit_of_work(ctx(request).db) as db:
            if db.get(User, body.user_id) is None:
                raise HTTPException(404, "no such user")
            txn = service.grant(db, body.user_id, body.amount, f"grant:{body.key}", memo=body.memo)
            return service.txn_out(db, txn)
    except service.LedgerError as exc:
        raise _fail(exc) from None


@router.post("/v1/admin/wallet/refund", response_model=TxnOut, responses=errors(401, 403, 404))
def refund(request: Request, body: RefundIn, _admin: User = Depends(require_admin)) -> dict:
    """Refund a captured generation to the user's wallet (a reversing transaction)."""
    with unit_of_work(ctx(request).db) as db:
        txn = service.refund_capture(db, body.user_id, body.key)
        if txn is None:
            raise HTTPException(404, "nothing captured under that key")
        return service.txn_out(db, txn, service.wallet_id(body.user_id))


@router.post("/v1/admin/ledger/audit", response_model=AuditOut, responses=errors(401, 403))
def audit(request: Request, _admin: User = Depends(require_admin)) -> dict:
    """Void expired holds, then check the books (sum zero, cached balances and holds consistent)."""
    with unit_of_work(ctx(request).db) as db:
        swept = service.sweep(db)
    with ctx(request).db.session() as db:
        return {**service.audit(db), "swept": swept}
