"""``/v1/creators``: become a creator, public profiles, analytics."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Path
from sqlalchemy.orm import Session

from marketplace.creators import service
from marketplace.creators.schemas import AnalyticsOut, CreatorIn, CreatorOut
from marketplace.deps import current_user, ip_limit, require_creator, session
from marketplace.models import Creator, User
from marketplace.schemas import errors

router = APIRouter(prefix="/v1/creators", tags=["creators"], dependencies=[Depends(ip_limit)],
                   responses=errors(400, 413, 429))


@router.put("/me", response_model=CreatorOut, responses=errors(401, 403))
def become_creator(body: CreatorIn, user: User = Depends(current_user), db: Session = Depends(session)) -> CreatorOut:
    """Create or update your creator profile (a verified address is needed); creating it grants the
    ``creator`` role. 403 when an admin removed that role."""
    try:
        return CreatorOut.of(service.upsert_profile(db, user, body))
    except service.Demoted as exc:
        raise HTTPException(403, str(exc)) from None


@router.get("/me/analytics", response_model=AnalyticsOut, responses=errors(401, 403))
def my_analytics(user: User = Depends(require_creator), db: Session = Depends(session)) -> dict:
    """Downloads, purchases and reported practice for each of your packs."""
    return {"packs": service.analytics(db, user)}


@router.get("/{user_id}", response_model=CreatorOut, responses=errors(404))
def creator_profile(user_id: int = Path(ge=1, le=2**31 - 1), db: Session = Depends(session)) -> CreatorOut:
    """A creator's public profile."""
    creator = db.get(Creator, user_id)
    if creator is None:
        raise HTTPException(404, "no such creator")
    return CreatorOut.of(creator)
