"""``/v1/packs``: the catalog (search, detail, similar, versions), publishing, downloads and practice reports."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Path, Query, Request, Response, UploadFile
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from marketplace.context import AppContext
from marketplace.deps import ctx, current_user, ip_limit, optional_user, require_admin, require_creator, session
from marketplace.media import service as media
from marketplace.models import Entitlement, PackVersion, PracticeEvent, User
from marketplace.packs import catalog
from marketplace.packs.pagecache import PageCache
from marketplace.packs.publish import PublishError, publish_outcome, received
from marketplace.packs.schemas import (
    Accepted,
    CatalogPage,
    CatalogQuery,
    DownloadOut,
    PackDetail,
    PackSummary,
    PracticeIn,
    PublishOut,
    TakedownIn,
    VersionOut,
)
from marketplace.schemas import errors
from marketplace.signing import SignatureError

router = APIRouter(
    prefix="/v1/packs", tags=["packs"], dependencies=[Depends(ip_limit)], responses=errors(400, 413, 429)
)
Slug = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{1,79}$", description="The pack's slug")]
NOT_MODIFIED = {304: {"description": "Not modified (the `If-None-Match` ETag still matches)"}}
UPLOAD_PATH = "/v1/packs"


def _matches(if_none_match: str, tag: str) -> bool:
    """RFC 9110 weak comparison, as ``If-None-Match`` asks for: ``W/`` prefixes are ignored, ``*`` matches."""
    listed = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in listed or tag.removeprefix("W/") in listed


def _cached(if_none_match: str | None, tag: str, build: Callable[[], Any], pages: PageCache | None = None) -> Response:
    """A JSON response with an ETag, or 304 when ``If-None-Match`` lists it (``build`` is not called then).
    With ``pages``, bodies are kept under their ETag, so a repeated query is not run again."""
    headers = {"ETag": tag, "Cache-Control": "public, max-age=0, must-revalidate"}
    if if_none_match and _matches(if_none_match, tag):
        return Response(status_code=304, headers=headers)
    body = pages.get(tag) if pages is not None else None
    if body is None:
        body = json.dumps(build(), separators=(",", ":"), ensure_ascii=False).encode()
        if pages is not None:
            pages.put(tag, body)
    return Response(body, media_type="application/json", headers=headers)


def _catalog_page(app: AppContext, params: dict[str, Any], if_none_match: str | None) -> Response:
    """The whole database part of a catalog search, for one threadpool hop: the revision (ETag), then only
    when the client's copy is stale, and the page is not in this process's cache, the search and its
    serialisation (not re-validated). Read only, so a plain connection does (no ORM unit of work)."""
    with app.db.engine.connect() as conn:
        source = "cache"

        def build() -> dict[str, Any]:
            nonlocal source
            source = "search"
            try:
                page = catalog.search(conn, **params)
            except catalog.CatalogError as exc:
                raise HTTPException(400, str(exc)) from None
            if page["next_cursor"]:  # signed (issue 15, item 12): a crafted cursor never reaches the query
                page["next_cursor"] = app.signer.cursors.seal(page["next_cursor"])
            return page

        tag = catalog.etag(catalog.version(conn, app.settings.catalog_counts_ttl, app.clock()), "list", params)
        response = _cached(if_none_match, tag, build, app.pages)
    app.metrics.catalog_pages.labels("not_modified" if response.status_code == 304 else source).inc()
    return response


@router.get("", response_model=CatalogPage, responses={**NOT_MODIFIED, **errors(400)})
async def list_packs(request: Request, query: Annotated[CatalogQuery, Query()]) -> Response:
    """Search and browse published packs (cursor pagination; ETag / If-None-Match gives 304)."""
    params = query.model_dump()
    params["tags"] = params.pop("tag")
    if params["cursor"]:
        try:
            params["cursor"] = ctx(request).signer.cursors.open(params["cursor"])
        except SignatureError:
            raise HTTPException(400, "bad cursor: it belongs to another query or is corrupt") from None
    # async, with no sync dependencies: FastAPI would run each of them (and a sync endpoint) in the threadpool.
    return await run_in_threadpool(_catalog_page, ctx(request), params, request.headers.get("if-none-match"))


@router.post(
    "",
    response_model=PublishOut,
    status_code=201,
    responses={
        200: {"model": PublishOut, "description": "A new version of an existing pack, or (`unchanged`) its latest "
                                                  "version when the archive says the same"},
        **errors(400, 401, 403, 409),
    },
)
def publish_pack(
    request: Request,
    response: Response,
    archive: UploadFile = File(description="A `.waqup` pack archive"),
    user: User = Depends(require_creator),
    db: Session = Depends(session),
) -> dict:
    """Publish a pack or its next version. The archive's manifest, checksums and scripts are verified and
    every audio file is decoded (size and duration limits apply); anything else is refused with 4xx. An
    archive with the same content as the latest version makes no new version: the answer is that version
    with `unchanged: true`."""
    app = ctx(request)
    try:
        with received(app, user.id, archive) as path:
            pack, outcome = publish_outcome(app, db, user, path)
    except PublishError as exc:
        app.metrics.publishes.labels("rejected").inc()
        headers = {"Retry-After": "5"} if exc.status == 429 else None
        raise HTTPException(exc.status, str(exc), headers=headers) from None
    app.metrics.publishes.labels(outcome).inc()
    response.status_code = 201 if outcome == "created" else 200
    return {**catalog.detail(db, pack), "unchanged": outcome == "unchanged"}


def _visible_pack(db: Session, slug: str, user: User | None):
    pack = catalog.find(db, slug)
    if pack is None or not media.visible(pack, user):
        raise HTTPException(404, f"no pack {slug!r}")
    return pack


@router.get("/{slug}", response_model=PackDetail, responses={**NOT_MODIFIED, **errors(401, 404)})
def show_pack(
    request: Request, slug: Slug, user: User | None = Depends(optional_user), db: Session = Depends(session)
) -> Response:
    """A pack with its items and a preview of each script."""
    app = ctx(request)
    pack = _visible_pack(db, slug, user)
    return _cached(
        request.headers.get("if-none-match"),
        catalog.etag(catalog.version(db, app.settings.catalog_counts_ttl, app.clock()), "detail", slug, pack.status),
        lambda: catalog.detail(db, pack),
    )


@router.get("/{slug}/similar", response_model=list[PackSummary], responses=errors(401, 404))
def similar_packs(
    slug: Slug,
    limit: int = Query(10, ge=1, le=50),
    user: User | None = Depends(optional_user),
    db: Session = Depends(session),
) -> list[dict]:
    """Recommendations: packs with shared tags and packs the same people downloaded."""
    return catalog.similar(db, _visible_pack(db, slug, user), limit)


@router.get("/{slug}/versions", response_model=list[VersionOut], responses=errors(401, 404))
def pack_versions(slug: Slug, user: User | None = Depends(optional_user), db: Session = Depends(session)) -> list:
    """Every published version of a pack, newest first."""
    pack = _visible_pack(db, slug, user)
    rows = db.scalars(select(PackVersion).where(PackVersion.pack_id == pack.id).order_by(PackVersion.version.desc()))
    return [
        {
            "version": v.version,
            "created_at": v.created_at,
            "archive_bytes": v.archive_bytes,
            "item_count": len(v.manifest.get("items", [])),
        }
        for v in rows
    ]


@router.delete("/{slug}", status_code=204, responses=errors(401, 403, 404))
def unpublish(slug: Slug, user: User = Depends(current_user), db: Session = Depends(session)) -> Response:
    """Unpublish your pack (admins: any pack). People who already own it keep access."""
    pack = _visible_pack(db, slug, user)
    if pack.creator_id != user.id and user.role != "admin":
        raise HTTPException(403, "only the pack's creator or an admin can unpublish it")
    if pack.status == "published":
        pack.status = "unpublished"
        catalog.bump_revision(db)
    return Response(status_code=204)


@router.post("/{slug}/takedown", response_model=PackSummary, responses=errors(401, 403, 404))
def takedown(
    slug: Slug, body: TakedownIn, admin: User = Depends(require_admin), db: Session = Depends(session)
) -> dict:
    """Admins take a pack down: hidden, not downloadable (links stop working), not republishable."""
    pack = _visible_pack(db, slug, admin)
    pack.status, pack.takedown_reason = "taken_down", body.reason
    catalog.bump_revision(db)
    db.flush()
    return {k: v for k, v in catalog.detail(db, pack).items() if k != "items"}


@router.post("/{slug}/download", response_model=DownloadOut, responses=errors(401, 402, 404))
def download(request: Request, slug: Slug, user: User = Depends(current_user), db: Session = Depends(session)) -> dict:
    """Check the entitlement (free, owner or purchased), count the download and return pre-signed URLs."""
    pack = catalog.find(db, slug)
    if pack is None or (pack.status != "published" and media.entitlement(db, user, pack) is None):
        raise HTTPException(404, f"no pack {slug!r}")
    try:
        return media.download(ctx(request), db, user, pack)
    except media.PaymentRequired as exc:
        raise HTTPException(402, str(exc)) from None


@router.post("/{slug}/practice", response_model=Accepted, status_code=202, responses=errors(401, 403, 404))
def report_practice(
    slug: Slug, body: PracticeIn, user: User = Depends(current_user), db: Session = Depends(session)
) -> dict:
    """Report one practice session of an item (feeds the creator's analytics)."""
    pack = catalog.find(db, slug)
    if pack is None:
        raise HTTPException(404, f"no pack {slug!r}")
    owned = db.scalar(
        select(Entitlement.id)
        .where(Entitlement.user_id == user.id, Entitlement.pack_id == pack.id, Entitlement.revoked_at.is_(None))
        .limit(1)
    )
    if owned is None:
        raise HTTPException(403, "download the pack before reporting practice")
    db.add(
        PracticeEvent(
            user_id=user.id, pack_id=pack.id, item_id=body.item_id, seconds=body.seconds, completed=body.completed
        )
    )
    return {"accepted": True}
