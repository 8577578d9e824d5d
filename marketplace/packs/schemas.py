"""Pack, catalog and download bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Sort = Literal["relevance", "newest", "popular", "title", "duration", "price"]
PackType = Literal["affirmation", "meditation", "ritual", "mixed"]
Tag = Annotated[str, StringConstraints(pattern=r"^[\w][\w\-:.]{0,39}$")]


class CatalogQuery(BaseModel):
    """The query parameters of a catalog search (one model: validated in one pass, documented field by field)."""

    q: str = Field("", max_length=200, description="Full-text query over titles, tags, descriptions, items")
    type: PackType | None = None
    tag: list[Tag] = Field([], max_length=5, description="Every given tag must match")
    price: Literal["free", "paid"] | None = None
    creator: int | None = Field(None, ge=1, le=2**31 - 1, description="Creator (user) id")
    min_duration: float | None = Field(None, ge=0, le=1e6, description="Seconds")
    max_duration: float | None = Field(None, ge=0, le=1e6, description="Seconds")
    sort: Sort | None = Field(None, description="Default: relevance with `q`, else newest")
    limit: int = Field(20, ge=1, le=100)
    cursor: str | None = Field(None, max_length=500)


class CreatorRef(BaseModel):
    id: int
    display_name: str


class PackSummary(BaseModel):
    slug: str
    title: str
    description: str
    type: PackType
    tags: list[str]
    language: str
    price_credits: int
    free: bool
    creator: CreatorRef
    item_count: int
    duration: float = Field(description="Total audio seconds, measured by decoding every file")
    downloads: int
    version: int
    status: Literal["published", "unpublished", "taken_down"]
    created_at: datetime
    updated_at: datetime


class ItemOut(BaseModel):
    item_id: str
    position: int
    type: str
    title: str
    intent: str
    tags: list[str]
    duration: float
    has_audio: bool
    preview: str = Field(description="The first spoken lines of the script")


class PackDetail(PackSummary):
    items: list[ItemOut]


class PublishOut(PackDetail):
    unchanged: bool = Field(False, description="The archive says what the latest version says: no new version")


class CatalogPage(BaseModel):
    items: list[PackSummary]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last")


class VersionOut(BaseModel):
    version: int
    created_at: datetime
    archive_bytes: int
    item_count: int


class TakedownIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=3, max_length=1000)


class PracticeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    item_id: str = Field(pattern=r"^[0-9a-f]{8}$")
    seconds: float = Field(ge=0, le=86400)
    completed: bool = False


class Accepted(BaseModel):
    accepted: bool = True


class FileLink(BaseModel):
    url: str = Field(description="Pre-signed GET URL (relative to the server), valid until `expires_at`")
    bytes: int
    sha256: str


class ItemLink(BaseModel):
    item_id: str
    title: str
    format: str | None
    duration: float
    url: str | None
    bytes: int | None
    sha256: str | None


class DownloadOut(BaseModel):
    slug: str
    version: int
    title: str
    entitlement: Literal["free", "owner", "purchase", "grant", "admin"]
    expires_at: int = Field(description="Unix time when the URLs stop working")
    archive: FileLink
    items: list[ItemLink]
