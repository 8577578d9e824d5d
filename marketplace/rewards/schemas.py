"""Rewards API shapes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from marketplace.ledger.schemas import TxnOut


class PayoutOut(BaseModel):
    id: str
    credits: int
    amount_cents: int
    status: str = Field(description="recorded (no Connect account), transferred or failed (retry)")
    transfer_id: str | None
    created_at: datetime


class EarningsOut(BaseModel):
    sales: int = Field(description="Packs sold (not refunded)")
    payable: int = Field(description="Credits owed to you, not yet paid out")
    rewards: int = Field(description="Engagement credits granted to your wallet")
    history: list[TxnOut] = Field(description="Movements of your payable account, newest first")
    payouts: list[PayoutOut]


class PayoutIn(BaseModel):
    idempotency_key: str = Field(min_length=8, max_length=64, pattern=r"^[\w\-]+$")


class PayoutAccountIn(BaseModel):
    stripe_account: str = Field(pattern=r"^acct_[A-Za-z0-9]{4,60}$")
