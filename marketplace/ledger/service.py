"""The authoritative double-entry credit ledger.

Accounts (``id``):  ``user:N:wallet`` · ``platform:generation`` (generation clearing) · ``platform:revenue`` ·
``creator:N:payable`` · ``stripe:clearing`` · ``platform:promotions``. Every transaction's postings sum to
zero, so the books always sum to zero. Available = posted balance - pending holds, and it is checked under a
lock on the wallet row (``FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so concurrent
reservations never take it below zero. Each operation has an idempotency key; repeating it changes nothing.
Reversals of external money (refunds, disputes) may leave a wallet in debt: they are facts, not requests.

Expired holds are voided whenever their wallet is touched: every write locks the wallet through
:func:`lock_wallet`, which sweeps that wallet first, and reads call :func:`void_expired` (one indexed
``EXISTS`` query; a write only when something expired). ``sweep()`` does every wallet at once (admin audit).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from engine.words import count
from marketplace.ledger.models import LedgerAccount, LedgerHold, LedgerPosting, LedgerTransaction
from marketplace.models import utcnow

GENERATION = "platform:generation"
REVENUE = "platform:revenue"
STRIPE = "stripe:clearing"
PROMOTIONS = "platform:promotions"
SYSTEM_KINDS = {GENERATION: "generation", REVENUE: "revenue", STRIPE: "stripe", PROMOTIONS: "promotions"}


class LedgerError(Exception):
    status = 409


class Insufficient(LedgerError):
    status = 402


class UnknownHold(LedgerError):
    status = 404


class KeyReused(LedgerError):
    """An idempotency key sent again with a different request."""

    status = 409


SELF_REFUND_MINUTES = 60  # a user may refund their own capture this long after it (a cancelled conversation)
SELF_REFUNDS_PER_DAY = 3  # ... at most this many times a day, and only captures that saved no item
SELF_REFUND_MEMO = "cancelled before saving"


def wallet_id(user_id: int) -> str:
    return f"user:{user_id}:wallet"


def payable_id(creator_id: int) -> str:
    return f"creator:{creator_id}:payable"


def parse_prices(raw: str) -> dict[str, int]:
    """``affirmation:1,meditation:2`` -> ``{"affirmation": 1, "meditation": 2}``."""
    out = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        name, _, value = part.partition(":")
        out[name.strip()] = int(value)
    return out


# -- accounts and postings ---------------------------------------------------------------------
def ensure_account(db: Session, account_id: str, kind: str = "", user_id: int | None = None) -> None:
    """Create the account row if missing (safe under concurrency: INSERT ... ON CONFLICT DO NOTHING)."""
    if db.get(LedgerAccount, account_id) is not None:
        return
    dialect = db.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    kind = kind or SYSTEM_KINDS.get(account_id) or account_id.rsplit(":", 1)[-1]
    db.execute(insert(LedgerAccount).values(id=account_id, kind=kind, user_id=user_id, balance=0, held=0,
                                            created_at=utcnow()).on_conflict_do_nothing())


def lock_wallet(db: Session, user_id: int, *, now: datetime | None = None, sweep: bool = True) -> LedgerAccount:
    """The user's wallet row, locked for this transaction (created on first use); its expired holds are
    voided first (``sweep``), so every write sees the wallet without stale holds."""
    ensure_account(db, wallet_id(user_id), "wallet", user_id)
    wallet = db.scalars(select(LedgerAccount).where(LedgerAccount.id == wallet_id(user_id))
                        .with_for_update().execution_options(populate_existing=True)).one()
    if sweep:
        _sweep_wallet(db, wallet, now or utcnow())
    return wallet


def has_expired(db: Session, user_id: int, now: datetime | None = None) -> bool:
    """Whether the user has a pending hold past its expiry (an indexed ``EXISTS``; no lock)."""
    stale = select(LedgerHold.id).where(LedgerHold.user_id == user_id, LedgerHold.status == "pending",
                                        LedgerHold.expires_at < (now or utcnow()))
    return bool(db.scalar(select(stale.exists())))


def void_expired(database, user_id: int, now: datetime | None = None) -> int:
    """Before a read: void the user's expired holds (taking the wallet lock only when there are some)."""
    now = now or utcnow()
    with database.session() as db:
        if not has_expired(db, user_id, now):
            return 0
    from marketplace.ledger.uow import unit_of_work

    with unit_of_work(database) as db:
        return _sweep_wallet(db, lock_wallet(db, user_id, sweep=False), now)


def find(db: Session, idem_key: str) -> LedgerTransaction | None:
    return db.scalar(select(LedgerTransaction).where(LedgerTransaction.idem_key == idem_key))


def post(db: Session, kind: str, idem_key: str, postings: dict[str, int], *, user_id: int | None = None,
         amount: int = 0, content_type: str = "", reference: str = "", reverses: str | None = None,
         memo: str = "", notify: tuple[int, ...] = ()) -> LedgerTransaction:
    """Record one balanced transaction, or return the one already stored under ``idem_key`` when it is the
    same transaction (:class:`KeyReused` when the key was used for a different one)."""
    existing = find(db, idem_key)
    if existing is not None:
        same = (existing.kind, existing.user_id, existing.amount) == (kind, user_id, amount) and \
            postings_of(db, existing) == {a: d for a, d in postings.items() if d}
        if not same:
            shown = idem_key.split(":", 1)[1] if idem_key.startswith("grant:") else idem_key
            raise KeyReused(f"idempotency key {shown!r} was already used for a different request; "
                            "use a new key for a new request")
        return existing
    if sum(postings.values()) != 0:
        raise AssertionError(f"unbalanced postings {postings}")
    txn = LedgerTransaction(id=secrets.token_hex(16), kind=kind, idem_key=idem_key, user_id=user_id,
                            amount=amount, content_type=content_type, reference=reference, reverses=reverses,
                            memo=memo[:200], created_at=utcnow())
    db.add(txn)
    db.flush()
    for account, delta in postings.items():
        if not delta:
            continue
        owner = int(account.split(":")[1]) if account.startswith(("user:", "creator:")) else None
        ensure_account(db, account, user_id=owner)
        db.add(LedgerPosting(txn_seq=txn.seq, account_id=account, amount=delta))
        db.execute(update(LedgerAccount).where(LedgerAccount.id == account)
                   .values(balance=LedgerAccount.balance + delta))
    db.flush()
    from marketplace.sync.changes import record

    for uid in sorted({*(notify or ()), *((user_id,) if user_id else ())}):  # fixed order: no deadlocks
        record(db, uid, "txn", txn.id)
    return txn


def postings_of(db: Session, txn: LedgerTransaction) -> dict[str, int]:
    rows = db.execute(select(LedgerPosting.account_id, LedgerPosting.amount).where(LedgerPosting.txn_seq == txn.seq))
    out: dict[str, int] = {}
    for account, amount in rows:
        out[account] = out.get(account, 0) + amount
    return out


def reverse(db: Session, txn: LedgerTransaction, idem_key: str, *, fraction: tuple[int, int] = (1, 1),
            memo: str = "", notify: tuple[int, ...] = ()) -> LedgerTransaction:
    """A reversing transaction (all of ``txn``, or ``fraction`` of it, rounded so it still balances)."""
    num, den = fraction
    original = postings_of(db, txn)
    flipped = {acct: -(amt * num // den) for acct, amt in original.items()}
    drift = sum(flipped.values())
    if drift:  # rounding: the largest positive-side posting absorbs it
        biggest = max(flipped, key=lambda a: abs(flipped[a]))
        flipped[biggest] -= drift
    return post(db, "reversal", idem_key, flipped, user_id=txn.user_id, amount=txn.amount * num // den,
                content_type=txn.content_type, reference=txn.reference, reverses=txn.id,
                memo=memo or f"reverses {txn.kind}", notify=notify)


# -- holds -----------------------------------------------------------------------------------------
def get_hold(db: Session, user_id: int, key: str) -> LedgerHold | None:
    return db.scalar(select(LedgerHold).where(LedgerHold.user_id == user_id, LedgerHold.key == key))


def _void(db: Session, wallet: LedgerAccount, hold: LedgerHold, status: str = "voided") -> None:
    wallet.held -= hold.amount
    hold.status, hold.settled_at = status, utcnow()
    from marketplace.sync.changes import record

    record(db, hold.user_id, "hold", hold.key)


def _sweep_wallet(db: Session, wallet: LedgerAccount, now: datetime) -> int:
    stale = db.scalars(select(LedgerHold).where(LedgerHold.user_id == wallet.user_id,
                                                LedgerHold.status == "pending", LedgerHold.expires_at < now)).all()
    for hold in stale:
        _void(db, wallet, hold, "expired")
    return len(stale)


def reserve(db: Session, user_id: int, key: str, amount: int, *, content_type: str = "", minutes: float = 15,
            now: datetime | None = None) -> LedgerHold:
    """Hold ``amount`` credits under ``key``; :class:`Insufficient` if the available balance is short."""
    if amount < 0:
        raise LedgerError("amounts are whole numbers >= 0")
    now = now or utcnow()
    wallet = lock_wallet(db, user_id, now=now)  # voids this wallet's expired holds first
    hold = get_hold(db, user_id, key)
    if hold is not None:
        if hold.amount != amount:
            raise KeyReused(f"hold key {key!r} was already used for {count(hold.amount, 'credit')}"
                            f"{f' ({hold.content_type})' if hold.content_type else ''}; use a new key for a new job")
        return hold
    available = wallet.balance - wallet.held
    if available < amount:
        raise Insufficient(f"not enough credits: this costs {amount}, {max(available, 0)} available")
    wallet.held += amount
    hold = LedgerHold(user_id=user_id, key=key, amount=amount, content_type=content_type, status="pending",
                      created_at=now, expires_at=now + timedelta(minutes=minutes))
    db.add(hold)
    db.flush()
    from marketplace.sync.changes import record

    record(db, user_id, "hold", key)
    return hold


def capture(db: Session, user_id: int, key: str, amount: int | None = None, *, item_id: str = "",
            now: datetime | None = None) -> LedgerTransaction:
    """Settle hold ``key`` for ``amount`` (default: the held amount) into generation clearing."""
    wallet = lock_wallet(db, user_id, now=now)
    hold = get_hold(db, user_id, key)
    if hold is None:
        raise UnknownHold(f"no hold {key!r}")
    if hold.status == "captured":
        return find(db, f"capture:{user_id}:{key}")
    if hold.status == "pending" and hold.expires_at < (now or utcnow()):
        _void(db, wallet, hold, "expired")
    if hold.status != "pending":
        raise LedgerError(f"hold {key!r} was {hold.status}; reserve again")
    amount = hold.amount if amount is None else amount
    if amount < 0:
        raise LedgerError("amounts are whole numbers >= 0")
    if amount > hold.amount and wallet.balance - wallet.held < amount - hold.amount:
        raise Insufficient(f"not enough credits to capture {amount} for {key!r}")
    wallet.held -= hold.amount
    txn = post(db, "capture", f"capture:{user_id}:{key}", {wallet_id(user_id): -amount, GENERATION: amount},
               user_id=user_id, amount=amount, content_type=hold.content_type, reference=key, memo=item_id)
    hold.status, hold.settled_at, hold.txn_id = "captured", utcnow(), txn.id
    return txn


def void(db: Session, user_id: int, key: str) -> LedgerHold | None:
    """Release hold ``key`` (idempotent). ``None`` if there is no such hold; an error if it was captured."""
    wallet = lock_wallet(db, user_id)
    hold = get_hold(db, user_id, key)
    if hold is None:
        return None
    if hold.status == "captured":
        raise LedgerError(f"hold {key!r} was already captured; refund it instead")
    if hold.status == "pending":
        _void(db, wallet, hold)
    return hold


def spend(db: Session, user_id: int, key: str, amount: int, *, content_type: str = "",
          item_id: str = "") -> LedgerTransaction:
    """Capture ``key`` whether or not it was reserved here (offline captures): an open hold is captured,
    otherwise the amount is debited directly if available (else :class:`Insufficient`)."""
    wallet = lock_wallet(db, user_id)
    done = find(db, f"capture:{user_id}:{key}")
    if done is not None:
        return done
    hold = get_hold(db, user_id, key)
    if hold is not None and hold.status == "pending":
        return capture(db, user_id, key, amount, item_id=item_id)
    if wallet.balance - wallet.held < amount:
        raise Insufficient(f"not enough credits for the offline generation {key!r} ({amount})")
    return post(db, "capture", f"capture:{user_id}:{key}", {wallet_id(user_id): -amount, GENERATION: amount},
                user_id=user_id, amount=amount, content_type=content_type, reference=key, memo=item_id)


def refund_capture(db: Session, user_id: int, key: str) -> LedgerTransaction | None:
    """Reverse the capture of ``key`` (credits back to the wallet)."""
    lock_wallet(db, user_id)
    txn = find(db, f"capture:{user_id}:{key}")
    return None if txn is None else reverse(db, txn, f"refund:{user_id}:{key}", memo="generation refunded")


def self_refund(db: Session, user_id: int, key: str, *, now: datetime | None = None) -> LedgerTransaction | None:
    """The user's own refund of a capture that produced nothing the user kept (a conversation cancelled
    before its draft was saved): only a capture that recorded no item id, within ``SELF_REFUND_MINUTES`` of
    it and ``SELF_REFUNDS_PER_DAY`` times a day. ``None`` if nothing was captured under ``key``; idempotent."""
    now = now or utcnow()
    lock_wallet(db, user_id, now=now)
    txn = find(db, f"capture:{user_id}:{key}")
    if txn is None:
        return None
    done = find(db, f"refund:{user_id}:{key}")
    if done is not None:
        return done
    if txn.memo:  # the capture named the item it produced: the user kept it
        raise LedgerError(f"{key!r} was saved as item {txn.memo!r}; credits of kept content are not refunded")
    if now - txn.created_at > timedelta(minutes=SELF_REFUND_MINUTES):
        raise LedgerError(f"{key!r} was captured more than {SELF_REFUND_MINUTES} minutes ago; it cannot be refunded")
    today = db.scalar(select(func.count()).select_from(LedgerTransaction).where(
        LedgerTransaction.user_id == user_id, LedgerTransaction.kind == "reversal",
        LedgerTransaction.memo == SELF_REFUND_MEMO, LedgerTransaction.created_at > now - timedelta(days=1)))
    if today >= SELF_REFUNDS_PER_DAY:
        raise LedgerError(f"at most {SELF_REFUNDS_PER_DAY} cancelled generations are refunded a day")
    return reverse(db, txn, f"refund:{user_id}:{key}", memo=SELF_REFUND_MEMO)


def hold_state(db: Session, user_id: int, key: str) -> dict:
    """What happened to job ``key``: ``none``, ``held``, ``captured``, ``released`` (voided or expired) or
    ``refunded``, with the amount, content type and the captured item id."""
    hold = get_hold(db, user_id, key)
    capture_txn = find(db, f"capture:{user_id}:{key}")
    out = {"key": key, "state": "none", "amount": 0, "content_type": "", "item_id": "", "expires_at": None}
    if hold is not None:
        states = {"pending": "held", "captured": "captured", "voided": "released", "expired": "released"}
        out.update(state=states.get(hold.status, hold.status), amount=hold.amount, content_type=hold.content_type,
                   expires_at=hold.expires_at)
    if capture_txn is not None:  # also an offline spend that never had a hold here
        out.update(state="captured", amount=capture_txn.amount, content_type=capture_txn.content_type,
                   item_id=capture_txn.memo)
        if find(db, f"refund:{user_id}:{key}") is not None:
            out["state"] = "refunded"
    return out


def grant(db: Session, user_id: int, amount: int, idem_key: str, *, source: str = PROMOTIONS, kind: str = "grant",
          reference: str = "", memo: str = "") -> LedgerTransaction:
    """Credits into a wallet from ``source`` (promotions, Stripe clearing)."""
    lock_wallet(db, user_id)
    return post(db, kind, idem_key, {source: -amount, wallet_id(user_id): amount}, user_id=user_id, amount=amount,
                reference=reference, memo=memo)


def sweep(db: Session, now: datetime | None = None) -> int:
    """Void every expired pending hold. Returns how many."""
    now = now or utcnow()
    users = db.scalars(select(LedgerHold.user_id).where(LedgerHold.status == "pending",
                                                         LedgerHold.expires_at < now).distinct()).all()
    return sum(_sweep_wallet(db, lock_wallet(db, uid, sweep=False), now) for uid in users)


# -- queries ---------------------------------------------------------------------------------------
def balance(db: Session, user_id: int) -> dict:
    acct = db.get(LedgerAccount, wallet_id(user_id))
    posted, held = (acct.balance, acct.held) if acct else (0, 0)
    return {"posted": posted, "held": held, "available": posted - held}


def account_balance(db: Session, account_id: str) -> int:
    acct = db.get(LedgerAccount, account_id)
    return acct.balance if acct else 0


def history(db: Session, user_id: int, limit: int = 50, account: str | None = None) -> list[LedgerTransaction]:
    """Transactions touching ``account`` (default the user's wallet), newest first."""
    account = account or wallet_id(user_id)
    seqs = select(LedgerPosting.txn_seq).where(LedgerPosting.account_id == account)
    return list(db.scalars(select(LedgerTransaction).where(LedgerTransaction.seq.in_(seqs))
                           .order_by(LedgerTransaction.seq.desc()).limit(limit)))


def txn_out(db: Session, txn: LedgerTransaction, account: str | None = None) -> dict:
    """A transaction for the API; ``delta`` is its effect on ``account`` (default the user's wallet)."""
    postings = postings_of(db, txn)
    account = account or (wallet_id(txn.user_id) if txn.user_id else "")
    return {"id": txn.id, "seq": txn.seq, "kind": txn.kind, "amount": txn.amount, "delta": postings.get(account, 0),
            "content_type": txn.content_type, "reference": txn.reference, "reverses": txn.reverses,
            "memo": txn.memo, "created_at": txn.created_at}


def audit(db: Session) -> dict:
    """The books' invariants: postings sum to zero, cached balances match postings, holds match."""
    total = db.scalar(select(func.coalesce(func.sum(LedgerPosting.amount), 0)))
    sums = dict(db.execute(select(LedgerPosting.account_id, func.sum(LedgerPosting.amount))
                           .group_by(LedgerPosting.account_id)).all())
    mismatched = [a.id for a in db.scalars(select(LedgerAccount)) if a.balance != sums.get(a.id, 0)]
    holds = dict(db.execute(select(LedgerHold.user_id, func.sum(LedgerHold.amount))
                            .where(LedgerHold.status == "pending").group_by(LedgerHold.user_id)).all())
    bad_holds = [a.id for a in db.scalars(select(LedgerAccount).where(LedgerAccount.kind == "wallet"))
                 if a.held != holds.get(a.user_id, 0)]
    return {"total": int(total), "mismatched": mismatched, "bad_holds": bad_holds}
