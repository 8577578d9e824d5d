"""Becoming a creator and the creator's analytics."""

from __future__ import annotations

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session

from marketplace.creators.schemas import CreatorIn
from marketplace.models import Creator, Download, Entitlement, Pack, PracticeEvent, User


class Demoted(Exception):
    """An admin took this account's creator role away: updating the profile does not give it back."""


def upsert_profile(db: Session, user: User, body: CreatorIn) -> Creator:
    """Create or update the profile. Creating it makes a ``user`` a ``creator`` (admins stay admins); only an
    admin changes the role after that, so a demoted creator cannot promote itself again."""
    creator = db.get(Creator, user.id)
    if creator is None:
        creator = Creator(user_id=user.id, display_name=body.display_name, bio=body.bio, links=body.links)
        db.add(creator)
        if user.role == "user":
            user.role = "creator"
    elif user.role == "user":
        raise Demoted("an admin removed your creator role")
    else:
        creator.display_name, creator.bio, creator.links = body.display_name, body.bio, list(body.links)
    db.flush()
    return creator


def analytics(db: Session, user: User) -> list[dict]:
    """Per pack: downloads, distinct downloaders, purchases and the practice clients reported."""
    downloads = (select(Download.pack_id, func.count(Download.id).label("n"),
                        func.count(distinct(Download.user_id)).label("users"))
                 .group_by(Download.pack_id).subquery())
    purchases = (select(Entitlement.pack_id, func.count(Entitlement.id).label("n"))
                 .where(Entitlement.source == "purchase").group_by(Entitlement.pack_id).subquery())
    practice = (select(PracticeEvent.pack_id, func.count(PracticeEvent.id).label("n"),
                       func.sum(case((PracticeEvent.completed, 1), else_=0)).label("done"),
                       func.sum(PracticeEvent.seconds).label("seconds"))
                .group_by(PracticeEvent.pack_id).subquery())
    rows = db.execute(
        select(Pack.slug, Pack.title, Pack.status, Pack.version, downloads.c.n, downloads.c.users, purchases.c.n,
               practice.c.n, practice.c.done, practice.c.seconds)
        .outerjoin(downloads, downloads.c.pack_id == Pack.id)
        .outerjoin(purchases, purchases.c.pack_id == Pack.id)
        .outerjoin(practice, practice.c.pack_id == Pack.id)
        .where(Pack.creator_id == user.id).order_by(Pack.created_at.desc(), Pack.id.desc())
    ).all()
    return [{"slug": r[0], "title": r[1], "status": r[2], "version": r[3], "downloads": r[4] or 0,
             "unique_downloaders": r[5] or 0, "purchases": r[6] or 0, "practice_sessions": r[7] or 0,
             "practice_completed": int(r[8] or 0), "practice_seconds": float(r[9] or 0.0)} for r in rows]
