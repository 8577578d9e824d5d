"""``/media/{key}``: files behind pre-signed, expiring URLs (no bearer token needed: the URL is the grant).

Local storage is served as a file; S3 storage is streamed through the app (the bucket stays private, and a
takedown cuts off every link at once), passing a single ``Range`` through to S3.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, Response, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.deps import ctx, ip_limit, session
from marketplace.media.service import CONTENT_TYPES, MEDIA_PREFIX, entitlement
from marketplace.models import Pack, User
from marketplace.schemas import errors
from marketplace.signing import SignatureError
from marketplace.storage import RangeNotSatisfiable

router = APIRouter(tags=["media"], dependencies=[Depends(ip_limit)], responses=errors(400, 403, 404, 413, 429))
FILE_CONTENT = {
    "content": {
        kind: {"schema": {"type": "string", "format": "binary"}} for kind in sorted(set(CONTENT_TYPES.values()))
    },
    "description": "The file",
}


@router.get("/media/{key:path}", response_class=FileResponse,
            responses={200: FILE_CONTENT, 206: {**FILE_CONTENT, "description": "Part of the file (Range)"},
                       **errors(416)})
def media(
    request: Request,
    key: str,
    exp: str = Query(max_length=20),
    uid: str = Query(max_length=20),
    kid: str = Query(max_length=40),
    sig: str = Query(max_length=100),
    db: Session = Depends(session),
) -> Response:
    """A pack archive or audio file. Tampered, expired or foreign-key URLs get 403, and so does a link whose
    user no longer has the pack (a refunded or disputed purchase, a revoked grant): the entitlement is checked
    on every use, as the download route checked it when the link was issued."""
    try:
        user_id = ctx(request).signer.verify("GET", MEDIA_PREFIX + key, exp, uid, kid, sig)
    except SignatureError as exc:
        raise HTTPException(403, f"download link rejected: {exc}") from None
    parts = key.split("/")
    if len(parts) < 3 or parts[0] != "packs":
        raise HTTPException(404, "no such file")
    pack = db.scalar(select(Pack).where(Pack.slug == parts[1]))
    if pack is None or pack.status == "taken_down":
        raise HTTPException(404, "no such file")
    user = db.get(User, user_id) if 0 < user_id < 2**31 else None
    if user is None or user.disabled or entitlement(db, user, pack) is None:
        raise HTTPException(403, "download link rejected: this account no longer has access to the pack")
    storage = ctx(request).storage
    media_type = CONTENT_TYPES.get(key.rsplit(".", 1)[-1], "application/octet-stream")
    headers = {"Cache-Control": "private, max-age=300"}
    path = storage.path(key)
    if path is not None:
        return FileResponse(path, media_type=media_type, headers=headers)
    try:
        blob = storage.read(key, request.headers.get("range"))
    except RangeNotSatisfiable as exc:
        raise HTTPException(416, "range not satisfiable", headers={"Content-Range": f"bytes */{exc.size}"}) from None
    if blob is None:
        raise HTTPException(404, "no such file")
    db.close()  # the stream may be long: give the connection back now
    headers |= {"Accept-Ranges": "bytes", "Content-Length": str(blob.length)}
    if blob.content_range:
        headers["Content-Range"] = blob.content_range
    return StreamingResponse(blob.chunks, status_code=206 if blob.content_range else 200, media_type=media_type,
                             headers=headers)
