"""User bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from marketplace.creators.schemas import CreatorOut
from marketplace.models import User


class UserOut(BaseModel):
    id: int
    email: str
    role: Literal["user", "creator", "admin"]
    disabled: bool
    created_at: datetime
    email_verified: bool = False
    creator: CreatorOut | None = None

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(id=user.id, email=user.email, role=user.role, disabled=user.disabled, created_at=user.created_at,
                   email_verified=user.email_verified_at is not None,
                   creator=CreatorOut.of(user.creator) if user.creator else None)


class UserPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "creator", "admin"] | None = None
    disabled: bool | None = None
