"""Reward tables: per-user practice tallies (abuse limits), payouts and creators' Stripe Connect accounts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.models import Base, UTCDateTime, utcnow


class PracticeTally(Base):
    """One row per (pack, user): a user counts once towards milestones however often they practise."""

    __tablename__ = "practice_tallies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pack_id: Mapped[int] = mapped_column(ForeignKey("packs.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    sessions: Mapped[int] = mapped_column(Integer, default=0)
    day: Mapped[date] = mapped_column(Date)
    day_sessions: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("pack_id", "user_id"),)


class Payout(Base):
    """Money paid out to a creator: one ledger transaction, at most one Stripe transfer."""

    __tablename__ = "payouts"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    credits: Mapped[int] = mapped_column(BigInteger)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(12), default="recorded")  # recorded transferred failed
    transfer_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    txn_id: Mapped[str] = mapped_column(String(32))
    idem_key: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PayoutAccount(Base):
    """A creator's Stripe Connect account (``acct_...``) for transfers."""

    __tablename__ = "payout_accounts"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    stripe_account: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
