"""Creator bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from marketplace.models import Creator

LINK = r"^https?://[^\s]{1,300}$"


class CreatorIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    display_name: str = Field(min_length=1, max_length=80, pattern=r"^\S(.*\S)?$")
    bio: str = Field("", max_length=2000)
    links: list[Annotated[str, Field(pattern=LINK, max_length=300)]] = Field(default_factory=list, max_length=5)


class CreatorOut(BaseModel):
    user_id: int
    display_name: str
    bio: str
    links: list[str]
    created_at: datetime

    @classmethod
    def of(cls, creator: Creator) -> CreatorOut:
        return cls(user_id=creator.user_id, display_name=creator.display_name, bio=creator.bio,
                   links=list(creator.links or []), created_at=creator.created_at)


class PackStats(BaseModel):
    slug: str
    title: str
    status: str
    version: int
    downloads: int
    unique_downloaders: int
    purchases: int
    practice_sessions: int
    practice_completed: int
    practice_seconds: float


class AnalyticsOut(BaseModel):
    packs: list[PackStats]
