"""Ledger API shapes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

Key = Field(min_length=1, max_length=120, pattern=r"^[\w.:\-]+$", description="Your idempotency key (job id)")


class BalanceOut(BaseModel):
    posted: int = Field(description="Posted credits - posted debits")
    held: int = Field(description="Pending holds")
    available: int = Field(description="posted - held: what a reservation may take")


class ReserveIn(BaseModel):
    key: str = Key
    content_type: str | None = Field(None, max_length=20, description="Price from the price list")
    amount: int | None = Field(None, ge=0, le=1_000_000, description="Explicit amount (no content type)")
    minutes: float | None = Field(None, gt=0, le=24 * 60, description="Hold expiry (default: the server's)")


class HoldOut(BaseModel):
    key: str
    amount: int
    content_type: str
    status: str
    expires_at: datetime
    balance: BalanceOut


class CaptureIn(BaseModel):
    key: str = Key
    amount: int | None = Field(None, ge=0, le=1_000_000, description="Actual cost (default: the held amount)")
    item_id: str = Field("", max_length=40)


class KeyIn(BaseModel):
    key: str = Key


class TxnOut(BaseModel):
    id: str
    seq: int
    kind: str
    amount: int
    delta: int = Field(description="Effect on your wallet")
    content_type: str
    reference: str
    reverses: str | None
    memo: str
    created_at: datetime


class CaptureOut(BaseModel):
    transaction: TxnOut
    balance: BalanceOut


class GrantIn(BaseModel):
    user_id: int = Field(ge=1)
    amount: int = Field(ge=1, le=1_000_000)
    key: str = Key
    memo: str = Field("", max_length=200)


class RefundIn(BaseModel):
    user_id: int = Field(ge=1)
    key: str = Key


class HoldStateOut(BaseModel):
    key: str
    state: str = Field(description="none, held, captured, released (voided or expired) or refunded")
    amount: int
    content_type: str
    item_id: str = Field(description="The item a capture paid for (if given)")
    expires_at: datetime | None


class RefundOut(BaseModel):
    transaction: TxnOut
    balance: BalanceOut


class PricesOut(BaseModel):
    prices: dict[str, int]
    credit_packs: dict[str, int] = Field(description="Credit pack size -> price in cents")
    currency: str
    plan: dict[str, int]


class AuditOut(BaseModel):
    total: int
    mismatched: list[str]
    bad_holds: list[str]
    swept: int
