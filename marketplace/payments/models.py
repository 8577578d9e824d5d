"""Payment tables: purchases (one per Checkout Session) and the Stripe events already applied."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.models import Base, UTCDateTime, utcnow


class Purchase(Base):
    """``kind`` credits, pack or plan; ``status`` created -> open -> fulfilled -> refunded (or failed; a plan is
    active, then canceled). Every amount is fixed when the purchase is quoted; fulfilment, refunds and
    payouts use these columns, never the pack's current price or the current settings."""

    __tablename__ = "purchases"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    credits: Mapped[int] = mapped_column(BigInteger, default=0)  # credits granted, or the pack's price
    # Recorded at quote time: what a pack sale pays the creator (credits, and their cash value in cents);
    # ``None`` on rows quoted before these columns existed (the split of ``credits`` is used then).
    creator_credits: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    creator_cents: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    pack_id: Mapped[int | None] = mapped_column(ForeignKey("packs.id"), nullable=True, index=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(12), default="created", index=True)
    client_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    session_id: Mapped[str | None] = mapped_column(String(120), nullable=True, unique=True)
    payment_intent: Mapped[str | None] = mapped_column(String(120), nullable=True, index=True)
    subscription: Mapped[str | None] = mapped_column(String(120), nullable=True, index=True)
    url: Mapped[str] = mapped_column(Text, default="")
    refunded_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    txn_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    fulfilled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    __table_args__ = (UniqueConstraint("user_id", "client_key"),)


class StripeEvent(Base):
    """Each webhook event id once, written in the same transaction as its effect."""

    __tablename__ = "stripe_events"
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    type: Mapped[str] = mapped_column(String(80))
    outcome: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PlanInvoice(Base):
    """A paid invoice of the monthly plan (credits granted once per invoice)."""

    __tablename__ = "plan_invoices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_id: Mapped[str] = mapped_column(String(120), unique=True)
    purchase_id: Mapped[str] = mapped_column(ForeignKey("purchases.id"), index=True)
    txn_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
