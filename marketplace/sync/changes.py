"""The change feed behind ``GET /v1/sync``: every effect a client should re-read adds a row.

Ledger, payment and reward code calls :func:`record`; entitlements and pack status changes made anywhere
through the ORM (downloads, unpublish, takedown) are recorded by a ``before_flush`` hook.
"""

from __future__ import annotations

from sqlalchemy import event, inspect, text
from sqlalchemy.orm import Session

from marketplace.models import Entitlement, Pack, utcnow
from marketplace.sync.models import SyncChange

PACK_FIELDS = ("status", "version", "price_credits", "title")
LOCK_SPACE = 0x73796E63  # "sync"


def order_for(db: Session, user_id: int) -> None:
    """On PostgreSQL, hold a per-user lock until commit, so one user's changes commit in ``seq`` order and a
    cursor never skips a change that was still in flight (SQLite has one writer at a time anyway)."""
    conn = db.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(text("select pg_advisory_xact_lock(:space, :user)"), {"space": LOCK_SPACE, "user": user_id})


def record(db: Session, user_id: int, kind: str, key: str, deleted: bool = False) -> None:
    order_for(db, user_id)
    db.add(SyncChange(user_id=user_id, kind=kind, key=str(key), deleted=deleted, created_at=utcnow()))


@event.listens_for(Session, "before_flush")
def _track(db: Session, _context, _instances) -> None:
    for obj in list(db.new) + list(db.dirty):
        if isinstance(obj, Entitlement) and obj.user_id is not None:
            changed = obj in db.new or inspect(obj).attrs.revoked_at.history.has_changes()
            if changed:
                order_for(db, obj.user_id)
                db.add(SyncChange(user_id=obj.user_id, kind="entitlement", key=str(obj.pack_id),
                                  deleted=obj.revoked_at is not None, created_at=utcnow()))
        elif isinstance(obj, Pack) and obj.creator_id is not None:
            state = inspect(obj)
            if obj in db.new or any(state.attrs[f].history.has_changes() for f in PACK_FIELDS):
                order_for(db, obj.creator_id)
                db.add(SyncChange(user_id=obj.creator_id, kind="pack", key=obj.slug, deleted=False,
                                  created_at=utcnow()))
