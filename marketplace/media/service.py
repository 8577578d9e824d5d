"""Entitlement checks and pre-signed links to a pack's archive and audio."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from engine.words import count
from marketplace.context import AppContext
from marketplace.models import Download, Entitlement, Pack, PackItem, PackVersion, User, utcnow

MEDIA_PREFIX = "/media/"
CONTENT_TYPES = {"mp3": "audio/mpeg", "ogg": "audio/ogg", "opus": "audio/ogg", "wav": "audio/wav",
                 "flac": "audio/flac", "waqup": "application/zip"}


class PaymentRequired(Exception):
    pass


def entitlement(db: Session, user: User, pack: Pack) -> str | None:
    """Why ``user`` may download ``pack`` (``owner``, ``admin``, ``purchase``, ``grant``, ``free``) or None."""
    if pack.creator_id == user.id:
        return "owner"
    if user.role == "admin":
        return "admin"
    if pack.status == "taken_down":
        return None
    now = utcnow()
    row = db.scalar(select(Entitlement.source).where(
        Entitlement.user_id == user.id, Entitlement.pack_id == pack.id, Entitlement.revoked_at.is_(None),
        or_(Entitlement.expires_at.is_(None), Entitlement.expires_at > now)).order_by(Entitlement.id).limit(1))
    if row is not None:
        return row  # purchased or granted stays available even after an unpublish
    if pack.status == "published" and pack.price_credits == 0:
        return "free"
    return None


def visible(pack: Pack, user: User | None) -> bool:
    """Published packs are public; owners and admins also see unpublished and taken-down ones."""
    return pack.status == "published" or (user is not None and (user.id == pack.creator_id or user.role == "admin"))


def signed(ctx: AppContext, key: str, user: User) -> tuple[str, int]:
    return ctx.signer.sign(MEDIA_PREFIX + key, user.id)


def _record_free(db: Session, user: User, pack: Pack) -> None:
    """Record a free pack's entitlement once: a second download (or a parallel first one) adds nothing."""
    from sqlalchemy.exc import IntegrityError

    if db.scalar(select(Entitlement.id).where(Entitlement.user_id == user.id, Entitlement.pack_id == pack.id)):
        return
    try:
        with db.begin_nested():
            db.add(Entitlement(user_id=user.id, pack_id=pack.id, source="free"))
    except IntegrityError:
        pass  # the row a parallel request recorded is the same entitlement


def download(ctx: AppContext, db: Session, user: User, pack: Pack) -> dict:
    """Record the download and return signed links (raises :class:`PaymentRequired`)."""
    source = entitlement(db, user, pack)
    if source is None:
        raise PaymentRequired(f"{pack.slug!r} costs {count(pack.price_credits, 'credit')} and this account does "
                              f"not own it (or its purchase was refunded); buy it with `waqup market buy {pack.slug}`")
    if source == "free":
        _record_free(db, user, pack)
    version = db.scalar(select(PackVersion).where(PackVersion.pack_id == pack.id,
                                                  PackVersion.version == pack.version))
    items = db.scalars(select(PackItem).where(PackItem.version_id == version.id).order_by(PackItem.position)).all()
    db.add(Download(user_id=user.id, pack_id=pack.id, version=pack.version))
    pack.downloads += 1  # in catalog pages within settings.catalog_counts_ttl (no revision bump: see catalog.version)
    url, expires = signed(ctx, version.archive_key, user)
    links = []
    for item in items:
        item_url = signed(ctx, item.audio_key, user)[0] if item.audio_key else None
        links.append({"item_id": item.item_id, "title": item.title, "format": item.audio_format,
                      "duration": item.duration, "url": item_url, "bytes": item.audio_bytes,
                      "sha256": item.audio_sha256})
    ctx.metrics.downloads.inc()
    return {"slug": pack.slug, "version": pack.version, "title": pack.title, "entitlement": source,
            "expires_at": expires, "archive": {"url": url, "bytes": version.archive_bytes,
                                               "sha256": version.archive_sha256}, "items": links}
