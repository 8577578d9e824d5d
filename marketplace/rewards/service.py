"""Creator rewards: the sale split, engagement milestones (with abuse limits), earnings and payouts."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.ledger import service as ledger
from marketplace.ledger.models import LedgerTransaction
from marketplace.models import Entitlement, Pack, PackItem, PackVersion, PracticeEvent, User, utcnow
from marketplace.rewards.models import Payout, PayoutAccount, PracticeTally
from marketplace.settings import Settings

DAILY_SESSIONS = 20  # reports per user and pack per day that count at all
LISTEN_SHARE = 0.8  # a completed report counts when it lasted this share of the item's duration ...
MIN_LISTEN_SECONDS = 60.0  # ... or this long for an item of unknown duration
LISTENER_MIN_AGE_DAYS = 7  # listeners' accounts younger than this never count
LISTENER_PACKS_PER_CREATOR = 3  # one listener counts for at most this many packs of one creator per 30 days


def split(price: int, share: float) -> tuple[int, int]:
    """``(creator, platform)`` credits of a sale; the creator's part rounds down."""
    creator = int(price * share)
    return creator, price - creator


def sell_pack(db: Session, buyer_id: int, pack: Pack, source: str, idem_key: str, reference: str, *,
              price: int, creator_credits: int) -> LedgerTransaction:
    """Post a pack sale from ``source`` (Stripe clearing or the buyer's wallet) and grant the entitlement.

    ``price`` and ``creator_credits`` are the amounts recorded on the purchase when it was quoted: a pack
    republished at another price afterwards changes nothing about this sale."""
    ledger.lock_wallet(db, buyer_id)  # one sale of a buyer at a time (card and wallet alike)
    txn = ledger.post(db, "sale", idem_key, {source: -price, ledger.payable_id(pack.creator_id): creator_credits,
                                             ledger.REVENUE: price - creator_credits},
                      user_id=buyer_id, amount=price, reference=reference, memo=f"pack {pack.slug}",
                      notify=(pack.creator_id,))
    row = db.scalar(select(Entitlement).where(Entitlement.user_id == buyer_id, Entitlement.pack_id == pack.id,
                                              Entitlement.source == "purchase"))
    if row is None:
        db.add(Entitlement(user_id=buyer_id, pack_id=pack.id, source="purchase", price_credits=price,
                           reference=txn.id))
        db.flush()  # the (user, pack, source) unique constraint decides a race, inside this transaction
    else:
        row.revoked_at, row.reference, row.price_credits = None, txn.id, price
    return txn


def revoke_sale(db: Session, buyer_id: int, pack_id: int, sale: LedgerTransaction, idem_key: str) -> None:
    """Refund or dispute: reverse the whole sale and revoke the entitlement."""
    pack = db.get(Pack, pack_id)
    ledger.reverse(db, sale, idem_key, memo="sale refunded", notify=(pack.creator_id,) if pack else ())
    row = db.scalar(select(Entitlement).where(Entitlement.user_id == buyer_id, Entitlement.pack_id == pack_id,
                                              Entitlement.source == "purchase"))
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()


def milestones(settings: Settings) -> list[tuple[int, int]]:
    """``(distinct users, credits)`` pairs, smallest first."""
    return sorted((int(k), v) for k, v in ledger.parse_prices(settings.reward_milestones).items())


def _required_seconds(db: Session, pack: Pack, item_id: str) -> float:
    duration = db.scalar(select(PackItem.duration).join(PackVersion, PackVersion.id == PackItem.version_id)
                         .where(PackVersion.pack_id == pack.id, PackVersion.version == pack.version,
                                PackItem.item_id == item_id)) or 0.0
    return LISTEN_SHARE * duration if duration > 0 else MIN_LISTEN_SECONDS


def _refusal(db: Session, user: User, pack: Pack, item_id: str, seconds: float, completed: bool,
             tally: PracticeTally | None) -> str | None:
    """Why a report does not count towards milestones (``None``: it counts)."""
    if not completed:
        return "not completed"
    if user.id == pack.creator_id:
        return "own pack"
    if seconds < _required_seconds(db, pack, item_id):
        return "too short"
    if user.created_at is not None and utcnow() - user.created_at < timedelta(days=LISTENER_MIN_AGE_DAYS):
        return "account too new"
    if tally is None:
        others = db.scalar(select(func.count()).select_from(PracticeTally).join(Pack, Pack.id == PracticeTally.pack_id)
                           .where(PracticeTally.user_id == user.id, Pack.creator_id == pack.creator_id,
                                  PracticeTally.created_at >= utcnow() - timedelta(days=30)))
        if others >= LISTENER_PACKS_PER_CREATOR:
            return "listener cap"
    return None


def count_practice(db: Session, settings: Settings, user: User, pack: Pack, item_id: str, seconds: float,
                   completed: bool, today: date | None = None) -> dict:
    """Record a practice report; a completed one counts the user once per pack towards milestones.

    Abuse limits: at most ``DAILY_SESSIONS`` reports per user, pack and day are accepted; a report counts
    only when it is completed, by someone other than the creator, lasted ``LISTEN_SHARE`` of the item, from
    an account at least ``LISTENER_MIN_AGE_DAYS`` old; each user counts once per pack and for at most
    ``LISTENER_PACKS_PER_CREATOR`` packs of one creator per 30 days; engagement credits are capped per 30 days."""
    today = today or utcnow().date()
    tally = db.scalar(select(PracticeTally).where(PracticeTally.pack_id == pack.id,
                                                  PracticeTally.user_id == user.id))
    if tally is not None and tally.day == today and tally.day_sessions >= DAILY_SESSIONS:
        return {"counted": False, "reason": "daily limit"}
    db.add(PracticeEvent(user_id=user.id, pack_id=pack.id, item_id=item_id, seconds=seconds, completed=completed))
    reason = _refusal(db, user, pack, item_id, seconds, completed, tally)
    if reason:
        return {"counted": False, "reason": reason}
    if tally is None:
        db.add(PracticeTally(pack_id=pack.id, user_id=user.id, sessions=1, day=today, day_sessions=1))
        db.flush()
    else:
        tally.sessions += 1
        tally.day_sessions = tally.day_sessions + 1 if tally.day == today else 1
        tally.day = today
    users = db.scalar(select(func.count()).select_from(PracticeTally).where(PracticeTally.pack_id == pack.id))
    granted = [reward(db, settings, pack, n, credits) for n, credits in milestones(settings) if users >= n]
    return {"counted": True, "users": users, "rewards": [g for g in granted if g]}


def reward(db: Session, settings: Settings, pack: Pack, milestone: int, credits: int) -> int:
    """Grant the creator ``credits`` for ``milestone`` once, within the 30-day cap. Returns credits granted."""
    key = f"milestone:{pack.id}:{milestone}"
    if ledger.find(db, key) is not None:
        return 0
    since = utcnow() - timedelta(days=30)
    recent = db.scalar(select(func.coalesce(func.sum(LedgerTransaction.amount), 0)).where(
        LedgerTransaction.kind == "reward", LedgerTransaction.user_id == pack.creator_id,
        LedgerTransaction.created_at >= since)) or 0
    credits = min(credits, max(0, settings.reward_cap - int(recent)))
    if credits <= 0:
        return 0
    ledger.grant(db, pack.creator_id, credits, key, kind="reward", reference=pack.slug,
                 memo=f"{milestone} people practised {pack.slug}")
    return credits


def earnings(db: Session, creator_id: int, limit: int = 50) -> dict:
    """Sales, payable balance, engagement rewards and payouts of one creator."""
    account = ledger.payable_id(creator_id)
    history = ledger.history(db, creator_id, limit, account=account)
    sales = db.scalar(select(func.count()).select_from(Entitlement).join(Pack, Pack.id == Entitlement.pack_id)
                      .where(Pack.creator_id == creator_id, Entitlement.source == "purchase",
                             Entitlement.revoked_at.is_(None)))
    rewards = db.scalar(select(func.coalesce(func.sum(LedgerTransaction.amount), 0)).where(
        LedgerTransaction.kind == "reward", LedgerTransaction.user_id == creator_id))
    payouts = db.scalars(select(Payout).where(Payout.creator_id == creator_id).order_by(Payout.created_at.desc()))
    return {"sales": sales, "payable": ledger.account_balance(db, account), "rewards": int(rewards or 0),
            "history": [ledger.txn_out(db, t, account) for t in history],
            "payouts": [{"id": p.id, "credits": p.credits, "amount_cents": p.amount_cents, "status": p.status,
                         "transfer_id": p.transfer_id, "created_at": p.created_at} for p in payouts]}


def cleared(db: Session, settings: Settings, creator_id: int) -> tuple[int, int]:
    """``(credits, cents)`` owed to the creator for cleared sales of their packs: purchases that were paid
    (fulfilled) and not refunded or disputed, at the shares recorded when each was quoted."""
    from marketplace.payments.models import Purchase

    rows = db.execute(select(Purchase.credits, Purchase.creator_credits, Purchase.creator_cents)
                      .join(Pack, Pack.id == Purchase.pack_id)
                      .where(Pack.creator_id == creator_id, Purchase.kind == "pack", Purchase.status == "fulfilled",
                             Purchase.refunded_cents == 0)).all()
    credits = cents = 0
    for price, creator, creator_cents in rows:
        share = split(price, settings.creator_share)[0] if creator is None else creator  # quoted before 0003
        credits += share
        cents += share * settings.credit_cents if creator_cents is None else creator_cents
    return credits, cents


def record_payout(db: Session, settings: Settings, creator_id: int, idem_key: str) -> Payout | None:
    """Move the payable balance out (idempotent per key; nothing to pay pays nothing).

    A payout is capped by what was collected: the creator's share of cleared sales minus earlier payouts,
    in credits and in cents. Payable credits beyond that (no cleared sale behind them) stay payable."""
    ledger.lock_wallet(db, creator_id)  # serialises payouts of one creator; the key is checked under it
    existing = db.scalar(select(Payout).where(Payout.idem_key == idem_key))
    if existing is not None:
        return existing
    sold_credits, sold_cents = cleared(db, settings, creator_id)
    paid_credits, paid_cents = db.execute(select(func.coalesce(func.sum(Payout.credits), 0),
                                                 func.coalesce(func.sum(Payout.amount_cents), 0))
                                          .where(Payout.creator_id == creator_id)).one()
    amount = min(ledger.account_balance(db, ledger.payable_id(creator_id)), sold_credits - int(paid_credits))
    cents = min(amount * settings.credit_cents, sold_cents - int(paid_cents))
    if amount <= 0 or cents <= 0:
        return None
    payout_id = secrets.token_hex(16)
    txn = ledger.post(db, "payout", f"payout:{payout_id}", {ledger.payable_id(creator_id): -amount,
                                                             ledger.STRIPE: amount},
                      user_id=creator_id, amount=amount, reference=payout_id, memo="payout")
    payout = Payout(id=payout_id, creator_id=creator_id, credits=amount, amount_cents=cents, txn_id=txn.id,
                    idem_key=idem_key)
    db.add(payout)
    db.flush()
    return payout


def payout_account(db: Session, creator_id: int) -> str | None:
    row = db.get(PayoutAccount, creator_id)
    return row.stripe_account if row else None
