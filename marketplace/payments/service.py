"""Purchases through Stripe Checkout and their fulfilment from webhooks only.

Checkout: a purchase row is committed first, then the session is created with the idempotency key
``checkout-<purchase id>``. Webhooks: the event is verified, the object's current state is re-read from
Stripe (events may arrive in any order, or be stale), then the effect and the event id are written in one
transaction, so a replayed event changes nothing.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

import stripe
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace.context import AppContext
from marketplace.ledger import service as ledger
from marketplace.ledger.uow import unit_of_work
from marketplace.models import Pack, User, utcnow
from marketplace.payments import stripe_api
from marketplace.payments.models import PlanInvoice, Purchase, StripeEvent
from marketplace.rewards import service as rewards
from marketplace.sync.changes import record

log = logging.getLogger("marketplace.payments")
OPEN_CHECKOUT_HOURS = 23  # a pack's open card checkout is offered again for this long (Stripe's sessions last 24)


class PaymentError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


# -- checkout ----------------------------------------------------------------------------------------
def _new_purchase(ctx: AppContext, db: Session, user: User, kind: str, size: int | None, slug: str | None,
                  client_key: str | None, pay: str = "card") -> Purchase:
    s = ctx.settings
    if client_key:
        existing = db.scalar(select(Purchase).where(Purchase.user_id == user.id, Purchase.client_key == client_key))
        if existing is not None:
            if not _same_request(db, existing, kind, size, slug, pay):
                raise PaymentError(409, f"idempotency key {client_key!r} was already used for a different "
                                        "purchase; use a new key for a new request")
            return existing
    pack_id = None
    if kind == "credits":
        packs = ledger.parse_prices(s.credit_packs)
        if str(size) not in packs:
            raise PaymentError(400, f"credit packs on sale: {', '.join(packs)}")
        credits, cents = int(size), packs[str(size)]
    elif kind == "plan":
        credits, cents = s.plan_credits, s.plan_cents
    else:
        pack = _buyable(db, user, slug)
        if pay == "card" and (open_one := _open_checkout(db, user, pack)) is not None:
            return open_one  # one card checkout per pack at a time: a second one would take a second payment
        pack_id, credits, cents = pack.id, pack.price_credits, pack.price_credits * s.credit_cents
    creator = rewards.split(credits, s.creator_share)[0] if kind == "pack" else None
    purchase = Purchase(id=secrets.token_hex(16), user_id=user.id, kind=kind, credits=credits, pack_id=pack_id,
                        amount_cents=cents, currency=s.currency, client_key=client_key, creator_credits=creator,
                        creator_cents=None if creator is None else creator * s.credit_cents)
    db.add(purchase)
    return purchase


def _same_request(db: Session, purchase: Purchase, kind: str, size: int | None, slug: str | None, pay: str) -> bool:
    """Whether a retried checkout asks for what ``purchase`` was created for (kind, size or pack, payment)."""
    if purchase.kind != kind or (purchase.currency == "credits") != (pay == "credits"):
        return False
    if kind == "credits":
        return purchase.credits == size
    if kind == "pack":
        pack = db.get(Pack, purchase.pack_id)
        return pack is not None and pack.slug == slug
    return True


def _open_checkout(db: Session, user: User, pack: Pack) -> Purchase | None:
    """The buyer's card checkout of ``pack`` that can still be paid (Stripe keeps a session open 24 hours)."""
    since = utcnow() - timedelta(hours=OPEN_CHECKOUT_HOURS)
    return db.scalar(select(Purchase).where(
        Purchase.user_id == user.id, Purchase.kind == "pack", Purchase.pack_id == pack.id,
        Purchase.currency != "credits", Purchase.status == "open", Purchase.created_at > since,
    ).order_by(Purchase.created_at.desc()).limit(1))


def _buyable(db: Session, user: User, slug: str | None) -> Pack:
    from marketplace.media.service import entitlement

    pack = db.scalar(select(Pack).where(Pack.slug == (slug or "")))
    if pack is None or pack.status != "published":
        raise PaymentError(404, f"no pack {slug!r} on sale")
    if pack.price_credits <= 0:
        raise PaymentError(409, f"{slug!r} is free: download it")
    if entitlement(db, user, pack) is not None:
        raise PaymentError(409, f"you already have {slug!r}")
    return pack


def start_checkout(ctx: AppContext, user: User, kind: str, *, size: int | None = None, slug: str | None = None,
                   client_key: str | None = None) -> Purchase:
    """Create (or return) the purchase and its Checkout Session."""
    client = stripe_api.client(ctx.settings)
    with ctx.db.session() as db:
        try:
            purchase = _new_purchase(ctx, db, db.merge(user), kind, size, slug, client_key)
            db.flush()
        except IntegrityError:
            db.rollback()
            return start_checkout(ctx, user, kind, size=size, slug=slug, client_key=client_key)
    if purchase.session_id:
        return purchase
    try:
        session = client.v1.checkout.sessions.create(_session_params(ctx, purchase, user),
                                                     {"idempotency_key": f"checkout-{purchase.id}"})
    except Exception:
        _mark(ctx, purchase.id, "created", "failed")  # a retry with the same key tries again
        raise
    with ctx.db.session() as db:
        row = db.get(Purchase, purchase.id)
        if row.status in ("created", "failed"):
            row.status = "open"
        row.session_id, row.url = session.id, session.url or ""
        return row


def _mark(ctx: AppContext, purchase_id: str, old: str, new: str) -> None:
    """Move a purchase from status ``old`` to ``new`` (nothing if it moved meanwhile)."""
    with ctx.db.session() as db:
        row = db.get(Purchase, purchase_id)
        if row is not None and row.status == old:
            row.status = new
            record(db, row.user_id, "purchase", row.id)


def _session_params(ctx: AppContext, purchase: Purchase, user: User) -> dict:
    s = ctx.settings
    base = (s.public_url or "http://127.0.0.1:8765").rstrip("/")
    name = {"credits": f"{purchase.credits} waQup credits", "plan": f"waQup monthly: {purchase.credits} credits",
            "pack": f"waQup pack #{purchase.pack_id}"}[purchase.kind]
    price: dict = {"currency": purchase.currency, "unit_amount": purchase.amount_cents, "product_data": {"name": name}}
    meta = {"purchase_id": purchase.id, "user_id": str(user.id), "kind": purchase.kind}
    params: dict = {
        "line_items": [{"price_data": price, "quantity": 1}], "client_reference_id": purchase.id, "metadata": meta,
        "customer_email": user.email,
        "success_url": f"{base}/v1/payments/done?purchase={purchase.id}",
        "cancel_url": f"{base}/v1/payments/done?purchase={purchase.id}&canceled=1",
    }
    if purchase.kind == "plan":
        price["recurring"] = {"interval": "month"}
        params.update(mode="subscription", subscription_data={"metadata": meta})
    else:
        params.update(mode="payment", payment_intent_data={"metadata": meta})
    return params


def buy_with_credits(ctx: AppContext, user: User, slug: str, client_key: str | None) -> Purchase:
    """Pay for a pack from the wallet: one transaction (sale + entitlement), 402 if short, 409 if owned.

    The buyer's wallet is locked first, so every check below (the idempotency key, "already own it", the
    balance) sees the buyer's other committed buys, on PostgreSQL as on SQLite; the entitlement's unique
    constraint is the last word."""
    try:
        with unit_of_work(ctx.db) as db:
            wallet = ledger.lock_wallet(db, user.id)
            purchase = _new_purchase(ctx, db, db.merge(user), "pack", None, slug, client_key, pay="credits")
            if purchase.status == "fulfilled":
                return purchase
            purchase.amount_cents, purchase.currency = 0, "credits"
            if wallet.balance - wallet.held < purchase.credits:
                raise PaymentError(402, f"not enough credits: {slug!r} costs {purchase.credits}, "
                                        f"{max(0, wallet.balance - wallet.held)} available")
            db.flush()
            txn = _sell(ctx, db, purchase, ledger.wallet_id(user.id))
            purchase.status, purchase.txn_id, purchase.fulfilled_at = "fulfilled", txn.id, utcnow()
            record(db, user.id, "purchase", purchase.id)
            return purchase
    except IntegrityError:
        raise PaymentError(409, f"you already have {slug!r}") from None


def _sell(ctx: AppContext, db: Session, purchase: Purchase, source: str):
    """The pack sale of ``purchase`` at the amounts recorded when it was quoted."""
    creator = purchase.creator_credits
    if creator is None:  # quoted before the split was recorded: the quoted price, today's share
        creator = rewards.split(purchase.credits, ctx.settings.creator_share)[0]
    return rewards.sell_pack(db, purchase.user_id, db.get(Pack, purchase.pack_id), source, f"sale:{purchase.id}",
                             purchase.id, price=purchase.credits, creator_credits=creator)


# -- webhooks ----------------------------------------------------------------------------------------
@dataclass
class Action:
    """What an event means once its object's state was re-read from Stripe."""

    kind: str  # fulfil fail refund subscribe invoice ignore
    purchase_id: str | None = None
    payment_intent: str | None = None
    subscription: str | None = None
    invoice: str | None = None
    refunded: int = 0  # cents refunded so far (cumulative)
    amount: int = 0
    paid: tuple[int, str] | None = None  # (amount_total, currency) of a paid session
    note: str = ""  # why an event is ignored


def handle_event(ctx: AppContext, event) -> str:
    """Apply one verified event; returns an outcome for the log (``replay`` when already applied). Every
    field of the event is read tolerantly: a signed event without an id or object is ignored, not a 500."""
    event_id, kind = stripe_api.field(event, "id"), stripe_api.field(event, "type")
    if not isinstance(event_id, str) or not event_id:
        return "ignored: no event id"
    with ctx.db.session() as db:
        if db.get(StripeEvent, event_id) is not None:
            return "replay"
    try:
        action = resolve(ctx, event)
    except stripe.InvalidRequestError as exc:
        if getattr(exc, "code", None) != "resource_missing":
            raise
        action = Action("ignore", note="the object does not exist at Stripe")  # permanent: no retries
    try:
        with unit_of_work(ctx.db) as db:
            if db.get(StripeEvent, event_id) is not None:
                return "replay"
            outcome = apply(ctx, db, action)
            db.add(StripeEvent(id=event_id[:120], type=str(kind or "")[:80], outcome=outcome[:200]))
            return outcome
    except IntegrityError:
        return "replay"


SESSION_EVENTS = ("checkout.session.completed", "checkout.session.async_payment_succeeded",
                  "checkout.session.async_payment_failed", "checkout.session.expired")


def resolve(ctx: AppContext, event) -> Action:
    """Re-read the event's object from Stripe and decide what it means now (fields read with
    :func:`stripe_api.field`, so a missing one is ``None``, never an ``AttributeError``)."""
    f = stripe_api.field
    kind, oid = f(event, "type"), f(event, "data", "object", "id")
    if not isinstance(oid, str) or not oid:
        return Action("ignore", note="no data.object.id")
    client = stripe_api.client(ctx.settings)
    if kind in SESSION_EVENTS:
        session = client.v1.checkout.sessions.retrieve(oid)
        pid = f(session, "client_reference_id") or f(session, "metadata", "purchase_id")
        if f(session, "mode") == "subscription":
            if f(session, "status") == "complete":
                return Action("subscribe", pid, subscription=f(session, "subscription", "id"))
            if kind == "checkout.session.expired":
                return Action("fail", pid)
            return Action("ignore", pid)
        if f(session, "payment_status") in ("paid", "no_payment_required"):
            return Action("fulfil", pid, payment_intent=f(session, "payment_intent", "id"),
                          paid=(int(f(session, "amount_total") or 0), str(f(session, "currency") or "")))
        if kind in ("checkout.session.async_payment_failed", "checkout.session.expired"):
            return Action("fail", pid)
        return Action("ignore", pid)
    if kind == "invoice.paid":
        invoice = client.v1.invoices.retrieve(oid)
        sub = f(invoice, "subscription", "id") or f(invoice, "parent", "subscription_details", "subscription")
        if f(invoice, "status") != "paid" or not sub:
            return Action("ignore")
        subscription = client.v1.subscriptions.retrieve(sub)
        return Action("invoice", f(subscription, "metadata", "purchase_id"), subscription=sub,
                      invoice=f(invoice, "id") or oid)
    if kind == "customer.subscription.deleted":
        subscription = client.v1.subscriptions.retrieve(oid)
        if f(subscription, "status") not in ("canceled", "incomplete_expired"):
            return Action("ignore", note=f"subscription is {f(subscription, 'status')}")
        return Action("cancel", f(subscription, "metadata", "purchase_id"), subscription=oid)
    if kind in ("charge.refunded", "charge.dispute.created"):
        charge_id = oid
        if kind == "charge.dispute.created":
            charge_id = f(client.v1.disputes.retrieve(oid), "charge", "id")
            if not charge_id:
                return Action("ignore", note="dispute without a charge")
        charge = client.v1.charges.retrieve(charge_id)
        intent_id = f(charge, "payment_intent", "id")
        intent = client.v1.payment_intents.retrieve(intent_id) if intent_id else None
        amount = int(f(charge, "amount") or 0)
        disputed = kind == "charge.dispute.created" or bool(f(charge, "disputed"))
        refunded = amount if disputed else int(f(charge, "amount_refunded") or 0)
        return Action("refund", f(intent, "metadata", "purchase_id"), payment_intent=intent_id, refunded=refunded,
                      amount=amount)
    return Action("ignore")


def _locked_purchase(db: Session, purchase_id: str | None, payment_intent: str | None = None,
                     subscription: str | None = None) -> Purchase | None:
    query = select(Purchase).with_for_update()
    if isinstance(purchase_id, str) and purchase_id:
        return db.scalar(query.where(Purchase.id == purchase_id[:32]))
    if payment_intent:
        return db.scalar(query.where(Purchase.payment_intent == payment_intent))
    if subscription:
        return db.scalar(query.where(Purchase.subscription == subscription))
    return None


def apply(ctx: AppContext, db: Session, action: Action) -> str:
    if action.kind == "ignore":
        return f"ignored: {action.note}" if action.note else "ignored"
    purchase = _locked_purchase(db, action.purchase_id, action.payment_intent,
                                action.subscription if action.kind == "cancel" else None)
    if purchase is None:
        return "unknown purchase"
    if action.kind == "fulfil":
        if action.paid is not None and not _covers(purchase, *action.paid):
            log.warning("purchase %s: paid %s %s, quoted %s %s", purchase.id, *action.paid, purchase.amount_cents,
                        purchase.currency)
            return f"paid amount {action.paid[0]} {action.paid[1]} does not cover the quote; not fulfilled"
        return fulfil(ctx, db, purchase, action.payment_intent)
    if action.kind == "fail":
        if purchase.status in ("created", "open"):
            purchase.status = "failed"
            record(db, purchase.user_id, "purchase", purchase.id)
        return f"purchase {purchase.status}"
    if action.kind == "subscribe":
        purchase.subscription = action.subscription
        if purchase.status in ("created", "open"):
            purchase.status = "active"
            record(db, purchase.user_id, "purchase", purchase.id)
        return "subscription active"
    if action.kind == "cancel":
        if purchase.status in ("created", "open", "active"):
            purchase.status = "canceled"  # credits of paid invoices stay; no further invoices are granted
            record(db, purchase.user_id, "purchase", purchase.id)
        return f"subscription {purchase.status}"
    if action.kind == "invoice":
        return grant_invoice(db, purchase, action.invoice)
    return refund(ctx, db, purchase, action.refunded, action.amount, action.payment_intent)


def _covers(purchase: Purchase, paid: int, currency: str) -> bool:
    """Whether a session's total pays for the purchase as it was quoted."""
    return paid >= purchase.amount_cents and currency.lower() == purchase.currency.lower()


def fulfil(ctx: AppContext, db: Session, purchase: Purchase, payment_intent: str | None) -> str:
    """Grant what was paid for, once (``checkout.session.completed`` and ``async_payment_succeeded``)."""
    if purchase.status in ("fulfilled", "refunded"):
        return f"already {purchase.status}"
    purchase.payment_intent = payment_intent or purchase.payment_intent
    if purchase.kind == "pack" and _owned(db, purchase):
        return _refund_duplicate(ctx, db, purchase)
    if purchase.kind == "credits":
        txn = ledger.grant(db, purchase.user_id, purchase.credits, f"purchase:{purchase.id}", source=ledger.STRIPE,
                           kind="purchase", reference=purchase.id, memo=f"{purchase.credits} credits")
    else:
        txn = _sell(ctx, db, purchase, ledger.STRIPE)
    purchase.status, purchase.txn_id, purchase.fulfilled_at = "fulfilled", txn.id, utcnow()
    record(db, purchase.user_id, "purchase", purchase.id)
    return "fulfilled"


def _owned(db: Session, purchase: Purchase) -> bool:
    """Whether the buyer already holds the pack by another purchase, a grant or as its creator."""
    from marketplace.media.service import entitlement

    pack, user = db.get(Pack, purchase.pack_id), db.get(User, purchase.user_id)
    return pack is not None and user is not None and entitlement(db, user, pack) in ("owner", "purchase", "grant")


def _refund_duplicate(ctx: AppContext, db: Session, purchase: Purchase) -> str:
    """A second payment for a pack the buyer already has (two checkouts, or card after credits): give the
    money back at Stripe and sell nothing. A failed refund call fails the webhook, so Stripe retries it."""
    if not purchase.payment_intent:
        log.error("purchase %s: paid for a pack already owned, with no payment intent to refund", purchase.id)
        return "duplicate payment without a payment intent: refund it from the Stripe dashboard"
    stripe_api.client(ctx.settings).v1.refunds.create(
        {"payment_intent": purchase.payment_intent, "reason": "duplicate", "metadata": {"purchase_id": purchase.id}},
        {"idempotency_key": f"duplicate-{purchase.id}"})
    purchase.status, purchase.refunded_cents = "refunded", purchase.amount_cents
    record(db, purchase.user_id, "purchase", purchase.id)
    return "duplicate: the pack was already owned; the payment was refunded"


def grant_invoice(db: Session, purchase: Purchase, invoice_id: str) -> str:
    if db.scalar(select(PlanInvoice).where(PlanInvoice.invoice_id == invoice_id)) is not None:
        return "invoice already granted"
    txn = ledger.grant(db, purchase.user_id, purchase.credits, f"invoice:{invoice_id}", source=ledger.STRIPE,
                       kind="purchase", reference=purchase.id, memo="monthly plan")
    db.add(PlanInvoice(invoice_id=invoice_id, purchase_id=purchase.id, txn_id=txn.id))
    if purchase.status in ("created", "open"):
        purchase.status = "active"
    record(db, purchase.user_id, "purchase", purchase.id)
    return "plan credits granted"


def refund(ctx: AppContext, db: Session, purchase: Purchase, refunded: int, amount: int,
           payment_intent: str | None) -> str:
    """Reverse what a refund or dispute took back (cumulative ``refunded`` cents; partial refunds of credit
    packs reverse a proportional number of credits, any refund of a pack revokes it)."""
    purchase.payment_intent = purchase.payment_intent or payment_intent
    already = purchase.refunded_cents
    if refunded <= already:
        return "no new refund"
    purchase.refunded_cents = refunded
    total = purchase.amount_cents or amount  # the quoted amount; proportions of a partial refund use it
    if purchase.status != "fulfilled":
        if refunded >= total and purchase.status in ("created", "open", "failed"):
            purchase.status = "refunded"  # seen before the payment event: never fulfil it
        return f"refund recorded before fulfilment ({purchase.status})"
    sale = ledger.find(db, f"sale:{purchase.id}") or ledger.find(db, f"purchase:{purchase.id}")
    if purchase.kind == "pack":
        rewards.revoke_sale(db, purchase.user_id, purchase.pack_id, sale, f"refund:{purchase.id}")
    else:
        back = purchase.credits * min(refunded, total) // total - purchase.credits * already // total
        if back:
            ledger.lock_wallet(db, purchase.user_id)
            ledger.post(db, "reversal", f"refund:{purchase.id}:{refunded}",
                        {ledger.wallet_id(purchase.user_id): -back, ledger.STRIPE: back}, user_id=purchase.user_id,
                        amount=back, reference=purchase.id, reverses=sale.id, memo="purchase refunded")
    if refunded >= total:
        purchase.status = "refunded"
    record(db, purchase.user_id, "purchase", purchase.id)
    return f"refunded {refunded}/{total}"


def purchase_out(db: Session, purchase: Purchase) -> dict:
    pack = db.get(Pack, purchase.pack_id) if purchase.pack_id else None
    return {"id": purchase.id, "kind": purchase.kind, "status": purchase.status, "credits": purchase.credits,
            "amount_cents": purchase.amount_cents, "currency": purchase.currency, "url": purchase.url or None,
            "pack": pack.slug if pack else None, "created_at": purchase.created_at,
            "fulfilled_at": purchase.fulfilled_at}
