"""Sync API shapes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from marketplace.ledger.schemas import BalanceOut, TxnOut


class MutationIn(BaseModel):
    id: int = Field(ge=1, le=2**62, description="The client's mutation id: strictly increasing per client")
    kind: Literal["spend", "practice"]
    payload: dict[str, Any]


class PushIn(BaseModel):
    client_id: str = Field(min_length=8, max_length=64, pattern=r"^[\w\-]+$")
    mutations: list[MutationIn] = Field(max_length=500)


class MutationOut(BaseModel):
    id: int
    status: Literal["applied", "rejected", "duplicate"]
    original: Literal["applied", "rejected"] | None = Field(None, description="For a duplicate: its first outcome")
    result: dict[str, Any]


class PushOut(BaseModel):
    results: list[MutationOut]
    last_mutation: int
    balance: BalanceOut


class Change(BaseModel):
    kind: Literal["entitlement", "pack", "purchase", "hold"]
    key: str
    deleted: bool = False
    data: dict[str, Any] | None = None


class PullOut(BaseModel):
    cursor: str = Field(description="Pass back as `cursor` next time")
    full: bool = Field(description="True when this is a full resync (no or unknown cursor)")
    more: bool = Field(description="More changes are waiting: pull again with the new cursor")
    balance: BalanceOut
    transactions: list[TxnOut]
    changes: list[Change]
    prices: dict[str, int]
