"""The catalog: full-text search (FTS5 / PostgreSQL tsvector), filters, sorts, cursors, ETags, similar packs."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import datetime
from typing import Any

from sqlalchemy import Float, Integer, and_, column, distinct, func, literal_column, or_, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from marketplace.models import CatalogState, Creator, Download, Pack, PackItem, PackTag, PackVersion

# Core table columns rather than ORM attributes: the catalog search runs on a plain Connection, where statements
# of ORM-annotated columns cost more to build and every result re-keys its columns through (slow) SQL equality.
PACKS, CREATORS, PACK_TAGS = Pack.__table__, Creator.__table__, PackTag.__table__
P = PACKS.c
KEYSET = {  # sort -> (column, descending)
    "newest": (P.created_at, True),
    "popular": (P.downloads, True),
    "title": (P.title, False),
    "duration": (P.duration, False),
    "price": (P.price_credits, False),
}
SUMMARY_COLUMNS = (P.id, P.slug, P.title, P.description, P.type, P.tags, P.language, P.price_credits, P.creator_id,
                   P.item_count, P.duration, P.downloads, P.version, P.status, P.created_at, P.updated_at,
                   CREATORS.c.display_name)


SEARCH_WINDOW = 500
# Read by every catalog request (the ETag): built once.
REVISION = select(CatalogState.__table__.c.revision).where(CatalogState.__table__.c.id == 1)


class CatalogError(Exception):
    """A bad query parameter (e.g. a cursor from another query)."""


def bump_revision(db: Session) -> None:
    """A change to what the catalog lists (publish, new version, unpublish, takedown) moves the revision, which
    invalidates every ETag and cached page at once. Download counts do not: see :func:`version`."""
    db.execute(update(CatalogState).where(CatalogState.id == 1).values(revision=CatalogState.revision + 1))


def version(db: Session | Connection, counts_ttl: int, now: float) -> str:
    """What a catalog ETag is made of: the revision and the current ``counts_ttl``-second window. Download
    counts (and the popular sort) move with every download, so they are refreshed once per window instead of
    each download invalidating every page and making the catalog row a write hotspot."""
    return f"{db.scalar(REVISION) or 0}.{int(now // max(1, counts_ttl))}"


def etag(catalog_version: str, *parts: Any) -> str:
    """A weak ETag: pages built at different moments of one counts window may differ in download counts."""
    digest = hashlib.sha256(json.dumps([catalog_version, *parts], default=str, sort_keys=True).encode())
    return f'W/"r{catalog_version}-{digest.hexdigest()[:24]}"'


def _dialect(db: Session | Connection) -> str:
    return db.dialect.name if isinstance(db, Connection) else db.get_bind().dialect.name


def words(q: str) -> list[str]:
    return re.findall(r"\w+", q, re.UNICODE)[:12]


def _cursor_encode(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, default=str).encode()).decode().rstrip("=")


def _cursor_decode(cursor: str, sort: str) -> dict:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(data, dict) or data.get("s") != sort:
            raise ValueError
        if sort == "relevance":
            data["o"] = int(data["o"])
            if not 0 <= data["o"] <= 10_000:
                raise ValueError
        else:
            data["id"] = int(data["id"])
            if sort == "newest":
                data["v"] = datetime.fromisoformat(data["v"])
            elif sort in ("popular", "price"):
                data["v"] = int(data["v"])
            elif sort == "duration":
                data["v"] = float(data["v"])
            elif not isinstance(data["v"], str):
                raise ValueError
        return data
    except (ValueError, KeyError, TypeError, json.JSONDecodeError, UnicodeDecodeError):
        raise CatalogError("bad cursor: it belongs to another query or is corrupt") from None


def summary(row: Any) -> dict[str, Any]:
    """A PackSummary body from a row of SUMMARY_COLUMNS (unpacked by position: a third of the cost of
    attribute access on SQLAlchemy rows, which adds up over a page of results)."""
    (_id, slug, title, description, type_, tags, language, price_credits, creator_id, item_count, duration, downloads,
     version, status, created_at, updated_at, display_name) = row
    return {"slug": slug, "title": title, "description": description, "type": type_, "tags": tags.split(),
            "language": language, "price_credits": price_credits, "free": price_credits == 0,
            "creator": {"id": creator_id, "display_name": display_name or ""}, "item_count": item_count,
            "duration": duration, "downloads": downloads, "version": version, "status": status,
            "created_at": created_at.isoformat(), "updated_at": updated_at.isoformat()}


def search(db: Session | Connection, *, q: str = "", type: str | None = None, tags: list[str] | None = None,
           price: str | None = None, creator: int | None = None, min_duration: float | None = None,
           max_duration: float | None = None, sort: str | None = None, limit: int = 20,
           cursor: str | None = None) -> dict[str, Any]:
    terms = words(q)
    sort = sort or ("relevance" if terms else "newest")
    if sort == "relevance" and not terms:
        sort = "newest"
    stmt = (select(*SUMMARY_COLUMNS).select_from(PACKS.outerjoin(CREATORS, CREATORS.c.user_id == P.creator_id))
            .where(P.status == "published"))
    score = None
    if terms:
        if _dialect(db) == "postgresql":
            tsq = func.to_tsquery("simple", " & ".join(f"{term}:*" for term in terms))
            matches = literal_column("packs.search_vector").bool_op("@@")(tsq)
            if sort == "relevance":  # ts_rank over the SEARCH_WINDOW newest matches, as bm25 on SQLite
                newest = (select(P.id, literal_column("packs.search_vector").label("vector"))
                          .where(matches, P.status == "published").order_by(P.created_at.desc(), P.id.desc())
                          .limit(SEARCH_WINDOW).subquery("newest"))
                hits = select(newest.c.id.label("pack_id"),
                              (-func.ts_rank(newest.c.vector, tsq)).label("score")).subquery("hits")
                stmt = stmt.join(hits, hits.c.pack_id == P.id)
                score = hits.c.score
            else:
                stmt = stmt.where(matches)
        else:
            match = " ".join(f'"{term}"' for term in terms) + "*"
            # Relevance (bm25) is computed for the SEARCH_WINDOW newest matches only: ranking every match of
            # a broad query costs far more than the query. Other sorts see every match.
            sql = ("select rowid as pack_id, rank as score from (select rowid, rank from packs_fts "
                   f"where packs_fts match :q order by rowid desc limit {SEARCH_WINDOW})" if sort == "relevance" else
                   "select rowid as pack_id, 0.0 as score from packs_fts where packs_fts match :q")
            hits = (text(sql)
                    .bindparams(q=match).columns(column("pack_id", Integer), column("score", Float))
                    .subquery("hits"))
            stmt = stmt.join(hits, hits.c.pack_id == P.id)
            score = hits.c.score
    if type:
        stmt = stmt.where(P.type == type)
    for tag in tags or []:
        stmt = stmt.where(P.id.in_(select(PACK_TAGS.c.pack_id).where(PACK_TAGS.c.tag == tag.lower())))
    if price == "free":
        stmt = stmt.where(P.price_credits == 0)
    elif price == "paid":
        stmt = stmt.where(P.price_credits > 0)
    if creator is not None:
        stmt = stmt.where(P.creator_id == creator)
    if min_duration is not None:
        stmt = stmt.where(P.duration >= min_duration)
    if max_duration is not None:
        stmt = stmt.where(P.duration <= max_duration)
    state = _cursor_decode(cursor, sort) if cursor else None
    offset = 0
    if sort == "relevance":
        stmt = stmt.order_by(score, P.id.desc())
        offset = state["o"] if state else 0
        stmt = stmt.offset(offset)
    else:
        col, desc = KEYSET[sort]
        if state:
            after = (col < state["v"]) if desc else (col > state["v"])
            tie = P.id < state["id"] if desc else P.id > state["id"]
            stmt = stmt.where(or_(after, and_(col == state["v"], tie)))
        stmt = stmt.order_by(col.desc() if desc else col.asc(), P.id.desc() if desc else P.id.asc())
    rows = db.execute(stmt.limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        if sort == "relevance":
            next_cursor = _cursor_encode({"s": sort, "o": offset + limit})
        else:
            value = getattr(last, KEYSET[sort][0].key)
            next_cursor = _cursor_encode({"s": sort, "v": value.isoformat() if isinstance(value, datetime) else value,
                                          "id": last.id})
    return {"items": [summary(r) for r in rows], "next_cursor": next_cursor}


def find(db: Session, slug: str) -> Pack | None:
    return db.scalar(select(Pack).where(Pack.slug == slug))


def detail(db: Session, pack: Pack) -> dict[str, Any]:
    row = db.execute(select(*SUMMARY_COLUMNS).outerjoin(Creator, Creator.user_id == Pack.creator_id)
                     .where(Pack.id == pack.id)).one()
    items = db.scalars(select(PackItem).join(PackVersion, PackVersion.id == PackItem.version_id)
                       .where(PackVersion.pack_id == pack.id, PackVersion.version == pack.version)
                       .order_by(PackItem.position)).all()
    return {**summary(row), "items": [
        {"item_id": i.item_id, "position": i.position, "type": i.type, "title": i.title, "intent": i.intent,
         "tags": i.tags.split(), "duration": i.duration, "has_audio": bool(i.audio_key), "preview": i.preview}
        for i in items]}


def similar(db: Session, pack: Pack, limit: int = 10) -> list[dict[str, Any]]:
    """Packs sharing tags (2 points per tag) and downloaded by the same people (1 point per person)."""
    scores: dict[int, float] = {}
    own_tags = select(PackTag.tag).where(PackTag.pack_id == pack.id)
    for pack_id, n in db.execute(select(PackTag.pack_id, func.count()).where(PackTag.tag.in_(own_tags),
                                                                             PackTag.pack_id != pack.id)
                                 .group_by(PackTag.pack_id)):
        scores[pack_id] = scores.get(pack_id, 0) + 2 * n
    fans = select(Download.user_id).where(Download.pack_id == pack.id).distinct().limit(1000)
    for pack_id, n in db.execute(select(Download.pack_id, func.count(distinct(Download.user_id)))
                                 .where(Download.user_id.in_(fans), Download.pack_id != pack.id)
                                 .group_by(Download.pack_id)):
        scores[pack_id] = scores.get(pack_id, 0) + n
    if not scores:
        return []
    best = sorted(scores, key=lambda pid: -scores[pid])[: limit * 3]
    rows = db.execute(select(*SUMMARY_COLUMNS).outerjoin(Creator, Creator.user_id == Pack.creator_id)
                      .where(Pack.id.in_(best), Pack.status == "published")).all()
    rows.sort(key=lambda r: (-scores[r.id], -r.downloads, r.id))
    return [summary(r) for r in rows[:limit]]
