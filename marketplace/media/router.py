"""``/media/{key}``: files behind pre-signed, expiring URLs (no bearer token needed: the URL is the grant)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.deps import ctx, ip_limit, session
from marketplace.media.service import CONTENT_TYPES, MEDIA_PREFIX
from marketplace.models import Pack
from marketplace.schemas import errors
from marketplace.signing import SignatureError

router = APIRouter(tags=["media"], dependencies=[Depends(ip_limit)], responses=errors(400, 403, 404, 413, 429))
FILE_CONTENT = {
    "content": {
        kind: {"schema": {"type": "string", "format": "binary"}} for kind in sorted(set(CONTENT_TYPES.values()))
    },
    "description": "The file",
}


@router.get("/media/{key:path}", response_class=FileResponse, responses={200: FILE_CONTENT})
def media(
    request: Request,
    key: str,
    exp: str = Query(max_length=20),
    uid: str = Query(max_length=20),
    kid: str = Query(max_length=40),
    sig: str = Query(max_length=100),
    db: Session = Depends(session),
) -> FileResponse:
    """A pack archive or audio file. Tampered, expired or foreign-key URLs get 403."""
    try:
        ctx(request).signer.verify("GET", MEDIA_PREFIX + key, exp, uid, kid, sig)
    except SignatureError as exc:
        raise HTTPException(403, f"download link rejected: {exc}") from None
    parts = key.split("/")
    if len(parts) < 3 or parts[0] != "packs":
        raise HTTPException(404, "no such file")
    status = db.scalar(select(Pack.status).where(Pack.slug == parts[1]))
    path = ctx(request).storage.path(key)
    if path is None or status is None or status == "taken_down":
        raise HTTPException(404, "no such file")
    ext = key.rsplit(".", 1)[-1]
    return FileResponse(
        path,
        media_type=CONTENT_TYPES.get(ext, "application/octet-stream"),
        headers={"Cache-Control": "private, max-age=300"},
    )
