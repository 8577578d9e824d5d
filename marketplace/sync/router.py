"""``/v1/sync``: push client mutations (outbox) and pull changes since a cursor."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile

from marketplace.deps import ctx, current_user, ip_limit, require_admin
from marketplace.ledger import service as ledger
from marketplace.models import User
from marketplace.schemas import errors
from marketplace.sync import service
from marketplace.sync.schemas import MutationOut, PullOut, PushIn, PushOut

PUBLISH_PATH = "/v1/sync/publish"
router = APIRouter(prefix="/v1/sync", tags=["sync"], dependencies=[Depends(ip_limit)],
                   responses=errors(400, 401, 413, 429))


@router.get("", response_model=PullOut, responses=errors(410))
def pull(request: Request, cursor: str | None = Query(None, max_length=40), user: User = Depends(current_user)):
    """What changed since `cursor` (none: a full snapshot). 410 means the cursor is too old: resync."""
    try:
        return service.pull(ctx(request), user, cursor)
    except service.SyncError as exc:
        raise HTTPException(exc.status, str(exc)) from None


@router.post("", response_model=PushOut, responses=errors(403))
def push(request: Request, body: PushIn, user: User = Depends(current_user)) -> dict:
    """Apply outbox mutations once each, in id order (resends return the stored result)."""
    try:
        results = service.push(ctx(request), user, body.client_id, [m.model_dump() for m in body.mutations])
    except service.SyncError as exc:
        raise HTTPException(exc.status, str(exc)) from None
    ledger.void_expired(ctx(request).db, user.id)
    with ctx(request).db.session() as db:
        balance = ledger.balance(db, user.id)
    return {"results": results, "last_mutation": max([r["id"] for r in results], default=0), "balance": balance}


@router.post("/prune", status_code=200, responses=errors(403))
def prune(request: Request, _admin: User = Depends(require_admin)) -> dict:
    """Drop changes older than the retention (admins; a cron job can call it)."""
    return {"pruned": service.prune(ctx(request))}


@router.post("/publish", response_model=MutationOut, responses=errors(403))
def publish(request: Request, client_id: str = Form(min_length=8, max_length=64, pattern=r"^[\w\-]+$"),
            mutation_id: int = Form(ge=1, le=2**62), archive: UploadFile = File(description="A `.waqup` archive"),
            user: User = Depends(current_user)) -> dict:
    """A publish from the outbox: applied once per `(client_id, mutation_id)`, in order with the others.
    It takes one of the creator's publish slots like `POST /v1/packs`; when they are all busy the answer is
    429 with `Retry-After` and nothing is recorded, so the mutation stays in the client's outbox."""
    from marketplace.packs.publish import PublishError, received

    app = ctx(request)
    try:
        with received(app, user.id, archive) as path:
            return service.publish_once(app, user, client_id, mutation_id, path)
    except PublishError as exc:  # only the slots raise out of publish_once: its own refusals are recorded
        raise HTTPException(exc.status, str(exc), headers={"Retry-After": "5"}) from None
    except service.SyncError as exc:
        raise HTTPException(exc.status, str(exc)) from None
