"""Payments API shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class CheckoutIn(BaseModel):
    kind: Literal["credits", "pack", "plan"]
    size: int | None = Field(None, ge=1, le=100_000, description="Credit pack size (kind=credits)")
    pack: str | None = Field(None, pattern=r"^[a-z0-9][a-z0-9-]{1,79}$", description="Pack slug (kind=pack)")
    pay: Literal["card", "credits"] = Field("card", description="Packs only: `credits` pays from the wallet")
    idempotency_key: str | None = Field(None, min_length=8, max_length=64, pattern=r"^[\w\-]+$",
                                        description="Retrying with the same key returns the same purchase")


class PurchaseOut(BaseModel):
    id: str
    kind: str
    status: str = Field(description="created, open, fulfilled, active or canceled (plan), failed or refunded")
    credits: int
    amount_cents: int
    currency: str
    url: str | None = Field(description="Stripe Checkout page to open (card payments)")
    pack: str | None
    created_at: datetime
    fulfilled_at: datetime | None


class WebhookOut(BaseModel):
    received: bool
    outcome: str
