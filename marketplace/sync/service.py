"""Offline-first sync: push applies each client mutation once and in order, in the same transaction as its
effect; pull returns what changed for the user since a cursor (full resync for none; 410 for a pruned one)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session

from marketplace.context import AppContext
from marketplace.ledger import service as ledger
from marketplace.ledger.models import LedgerHold, LedgerTransaction
from marketplace.ledger.uow import unit_of_work
from marketplace.models import Entitlement, Pack, User, utcnow
from marketplace.payments.models import Purchase
from marketplace.rewards import service as rewards
from marketplace.sync.models import SyncChange, SyncClient, SyncMutation, SyncState

PAGE = 1000
CURSOR_PREFIX = "1."


class SyncError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


# -- push ------------------------------------------------------------------------------------------
def push(ctx: AppContext, user: User, client_id: str, mutations: list[dict]) -> list[dict]:
    """Apply ``mutations`` (sorted by id) one transaction each; resends return the stored outcome."""
    return [apply_one(ctx, user, client_id, m) for m in sorted(mutations, key=lambda m: m["id"])]


def _invalid(message: str):
    return lambda _db: ("rejected", {"reason": "invalid", "message": message})


def apply_one(ctx: AppContext, user: User, client_id: str, mutation: dict, effect=None) -> dict:
    """Apply one mutation (``effect(db)`` or the JSON kinds) in one transaction with its bookkeeping.

    A poison mutation (text with NUL, integers beyond 64 bits, anything else the database refuses) is
    recorded as rejected with a reason, so the client shows it and its outbox moves on."""
    from marketplace.deps import find_bad

    bad = find_bad(mutation.get("payload") or {}, ("payload",), None)
    if bad is not None:
        effect = _invalid(f"{'.'.join(map(str, bad[0]))}: {bad[1]}")
    try:
        return _apply_one(ctx, user, client_id, mutation, effect)
    except DataError:
        return _apply_one(ctx, user, client_id, mutation, _invalid("the server cannot store this change"))


def _apply_one(ctx: AppContext, user: User, client_id: str, mutation: dict, effect) -> dict:
    with unit_of_work(ctx.db) as db:
        client = db.scalar(select(SyncClient).where(SyncClient.client_id == client_id).with_for_update())
        if client is None:
            client = SyncClient(client_id=client_id, user_id=user.id, last_mutation=0)
            db.add(client)
            db.flush()
        if client.user_id != user.id:
            raise SyncError(403, "this client id belongs to another account")
        mid = mutation["id"]
        if mid <= client.last_mutation:
            stored = db.scalar(select(SyncMutation).where(SyncMutation.client_id == client_id,
                                                          SyncMutation.mutation_id == mid))
            return {"id": mid, "status": "duplicate", "original": stored.status if stored else None,
                    "result": stored.result if stored else {"skipped": True}}
        if effect is not None:
            status, result = effect(db)
        else:
            status, result = _effect(ctx, db, user, mutation["kind"], mutation.get("payload") or {})
        client.last_mutation, client.updated_at = mid, utcnow()
        db.add(SyncMutation(client_id=client_id, mutation_id=mid, kind=mutation["kind"], status=status,
                            result=result))
        return {"id": mid, "status": status, "result": result}


def publish_once(ctx: AppContext, user: User, client_id: str, mutation_id: int, archive) -> dict:
    """A publish queued offline: the pack is published in the same transaction that records the mutation."""
    from marketplace.observability import redact
    from marketplace.packs.publish import PublishError, publish

    def effect(db: Session) -> tuple[str, dict]:
        if user.role not in ("creator", "admin"):
            return "rejected", {"reason": "not a creator", "message":
                                "become a creator before publishing: `waqup market become-creator --name \"...\"`"}
        try:
            pack, created = publish(ctx, db, db.merge(user), archive)
        except PublishError as exc:
            return "rejected", {"reason": "publish refused", "status": exc.status, "message": redact(str(exc))}
        return "applied", {"pack": pack.slug, "version": pack.version, "created": created}

    return apply_one(ctx, user, client_id, {"id": mutation_id, "kind": "publish"}, effect)


def _effect(ctx: AppContext, db: Session, user: User, kind: str, payload: dict) -> tuple[str, dict]:
    """The mutation's effect; a rejection writes nothing (checks run before any write)."""
    if kind == "spend":
        try:
            amount, key = int(payload["amount"]), str(payload["key"])[:120]
        except (KeyError, TypeError, ValueError):
            return "rejected", {"reason": "malformed spend"}
        if amount < 0:
            return "rejected", {"reason": "malformed spend"}
        try:
            txn = ledger.spend(db, user.id, key, amount, content_type=str(payload.get("content_type", ""))[:20],
                               item_id=str(payload.get("item_id", ""))[:40])
        except ledger.LedgerError as exc:
            return "rejected", {"reason": "insufficient" if isinstance(exc, ledger.Insufficient) else "conflict",
                                "message": str(exc), "key": key, "amount": amount,
                                "available": ledger.balance(db, user.id)["available"]}
        return "applied", {"txn": txn.id, "key": key, "amount": txn.amount}
    pack = db.scalar(select(Pack).where(Pack.slug == str(payload.get("pack", ""))))
    if pack is None:
        return "rejected", {"reason": "unknown pack"}
    owned = db.scalar(select(Entitlement.id).where(Entitlement.user_id == user.id, Entitlement.pack_id == pack.id,
                                                   Entitlement.revoked_at.is_(None)).limit(1))
    if owned is None and pack.creator_id != user.id:
        return "rejected", {"reason": "not entitled"}
    try:
        seconds = max(0.0, min(float(payload.get("seconds", 0)), 24 * 3600))
    except (TypeError, ValueError):
        seconds = 0.0
    return "applied", rewards.count_practice(db, ctx.settings, db.merge(user), pack,
                                              str(payload.get("item_id", ""))[:8], seconds,
                                              bool(payload.get("completed")))


# -- pull ------------------------------------------------------------------------------------------
def parse_cursor(db: Session, cursor: str | None) -> int | None:
    """The seq a cursor stands for; ``None`` for a full resync; :class:`SyncError` 410 when too old."""
    if not cursor:
        return None
    if not cursor.startswith(CURSOR_PREFIX) or not cursor[len(CURSOR_PREFIX):].isdigit():
        raise SyncError(410, "unknown cursor: resync from scratch")
    seq = int(cursor[len(CURSOR_PREFIX):])
    state = db.get(SyncState, "pruned_through")
    if state is not None and seq < state.value:
        raise SyncError(410, "cursor too old: resync from scratch")
    return seq


def pull(ctx: AppContext, user: User, cursor: str | None) -> dict:
    """Changes since ``cursor`` with the balance (the user's expired holds are voided first)."""
    ledger.void_expired(ctx.db, user.id)
    with ctx.db.session() as db:
        since = parse_cursor(db, cursor)
        if since is None:
            # the cursor is the user's own latest change: with per-user commit order (see changes.order_for)
            # nothing of this user below it can still be in flight
            top = db.scalar(select(func.coalesce(func.max(SyncChange.seq), 0)).where(SyncChange.user_id == user.id))
            changes, more, nxt = _snapshot(db, user), False, top or 0
        else:
            rows = list(db.scalars(select(SyncChange).where(SyncChange.user_id == user.id, SyncChange.seq > since)
                                   .order_by(SyncChange.seq).limit(PAGE + 1)))
            more = len(rows) > PAGE
            rows = rows[:PAGE]
            nxt = rows[-1].seq if rows else since
            changes = _materialise(db, user, rows)
        txn_ids = [c["key"] for c in changes if c["kind"] == "txn"]
        changes = [c for c in changes if c["kind"] != "txn"]
        txns = db.scalars(select(LedgerTransaction).where(LedgerTransaction.id.in_(txn_ids))
                          .order_by(LedgerTransaction.seq)) if txn_ids else []
        return {"cursor": f"{CURSOR_PREFIX}{nxt}", "full": since is None, "more": more,
                "balance": ledger.balance(db, user.id),
                "transactions": [ledger.txn_out(db, t, ledger.wallet_id(user.id)) for t in txns],
                "changes": changes, "prices": ledger.parse_prices(ctx.settings.prices)}


def _snapshot(db: Session, user: User) -> list[dict]:
    """Everything a fresh client needs (the wallet's transactions, entitlements, own packs, purchases)."""
    keys = [("txn", t.id) for t in reversed(ledger.history(db, user.id, 10_000))]
    keys += [("entitlement", str(e)) for e in db.scalars(select(Entitlement.pack_id).where(
        Entitlement.user_id == user.id, Entitlement.revoked_at.is_(None)).distinct())]
    keys += [("pack", s) for s in db.scalars(select(Pack.slug).where(Pack.creator_id == user.id))]
    keys += [("purchase", p) for p in db.scalars(select(Purchase.id).where(Purchase.user_id == user.id))]
    keys += [("hold", h) for h in db.scalars(select(LedgerHold.key).where(LedgerHold.user_id == user.id,
                                                                          LedgerHold.status == "pending"))]
    return [c for kind, key in keys if (c := _one(db, user, kind, key)) is not None]


def _materialise(db: Session, user: User, rows: list[SyncChange]) -> list[dict]:
    seen: dict[tuple[str, str], None] = {}
    for row in rows:
        seen.pop((row.kind, row.key), None)
        seen[(row.kind, row.key)] = None  # latest position wins; the current state is read once
    return [c for kind, key in seen if (c := _one(db, user, kind, key)) is not None]


def _one(db: Session, user: User, kind: str, key: str) -> dict | None:
    if kind == "txn":
        return {"kind": "txn", "key": key}
    if kind == "entitlement":
        pack = db.get(Pack, int(key))
        row = db.scalar(select(Entitlement).where(Entitlement.user_id == user.id, Entitlement.pack_id == int(key),
                                                  Entitlement.revoked_at.is_(None)).limit(1))
        if row is None or pack is None:
            return {"kind": "entitlement", "key": pack.slug if pack else key, "deleted": True, "data": None}
        return {"kind": "entitlement", "key": pack.slug, "deleted": False,
                "data": {"source": row.source, "price_credits": row.price_credits, "version": pack.version}}
    if kind == "pack":
        pack = db.scalar(select(Pack).where(Pack.slug == key))
        if pack is None or pack.creator_id != user.id:
            return {"kind": "pack", "key": key, "deleted": True, "data": None}
        return {"kind": "pack", "key": key, "deleted": False,
                "data": {"status": pack.status, "version": pack.version, "price_credits": pack.price_credits,
                         "title": pack.title, "downloads": pack.downloads}}
    if kind == "purchase":
        row = db.get(Purchase, key)
        if row is None:
            return None
        return {"kind": "purchase", "key": key, "deleted": False,
                "data": {"status": row.status, "kind": row.kind, "credits": row.credits}}
    if kind == "hold":
        hold = ledger.get_hold(db, user.id, key)
        if hold is None or hold.status != "pending":
            return {"kind": "hold", "key": key, "deleted": True, "data": None}
        return {"kind": "hold", "key": key, "deleted": False,
                "data": {"amount": hold.amount, "expires_at": hold.expires_at.isoformat()}}
    return None


def prune(ctx: AppContext, days: float | None = None) -> int:
    """Drop changes older than the retention; cursors from before them then get 410."""
    cutoff = utcnow() - timedelta(days=ctx.settings.sync_retention_days if days is None else days)
    with unit_of_work(ctx.db) as db:
        last = db.scalar(select(func.max(SyncChange.seq)).where(SyncChange.created_at < cutoff))
        if last is None:
            return 0
        gone = db.execute(delete(SyncChange).where(SyncChange.seq <= last)).rowcount
        state = db.get(SyncState, "pruned_through") or SyncState(key="pruned_through", value=0)
        state.value = max(state.value, last)
        db.add(state)
        return gone
