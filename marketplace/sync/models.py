"""Sync tables: a per-user change feed (the pull cursor) and the mutations applied per client (push)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.models import Base, UTCDateTime, utcnow


class SyncChange(Base):
    """Something a client should re-read: ``kind`` (txn, entitlement, pack, purchase) and its ``key``."""

    __tablename__ = "sync_changes"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(120))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class SyncClient(Base):
    """One installation (``client_id``) of one account: the last mutation applied, in order."""

    __tablename__ = "sync_clients"
    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    last_mutation: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncMutation(Base):
    """The outcome of each applied mutation, stored with its effect so a resend returns the same answer."""

    __tablename__ = "sync_mutations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("sync_clients.client_id"), index=True)
    mutation_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(12))  # applied rejected
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("client_id", "mutation_id"),)


class SyncState(Base):
    """Server-wide sync bookkeeping: ``pruned_through`` (older cursors get 410)."""

    __tablename__ = "sync_state"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
