"""``/v1/me`` and the admin's user management."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Path
from sqlalchemy.orm import Session

from marketplace.auth import service as auth
from marketplace.deps import current_user, ip_limit, require_admin, session
from marketplace.models import User
from marketplace.schemas import errors
from marketplace.users.schemas import UserOut, UserPatch

router = APIRouter(tags=["users"], dependencies=[Depends(ip_limit)], responses=errors(400, 401, 413, 429))


@router.get("/v1/me", response_model=UserOut)
def me(user: User = Depends(current_user)) -> UserOut:
    """The signed-in account, with its creator profile if any."""
    return UserOut.of(user)


@router.patch("/v1/admin/users/{user_id}", response_model=UserOut, responses=errors(403, 404, 409))
def patch_user(body: UserPatch, user_id: int = Path(ge=1, le=2**31 - 1), admin: User = Depends(require_admin),
               db: Session = Depends(session)) -> UserOut:
    """Admins change a user's role or disable the account (409 for the last enabled admin's own demotion)."""
    user = db.get(User, user_id)
    if user is None:
        raise HTTPException(404, "no such user")
    demoted = (body.role is not None and body.role != "admin") or body.disabled is True
    if user.role == "admin" and demoted and not user.disabled and auth.other_admins(db, user.id) == 0:
        raise HTTPException(409, "this is the last admin: grant another admin first (on the server: "
                                 "python -m marketplace.auth.admin grant EMAIL)")
    if body.role is not None:
        user.role = body.role
    if body.disabled is not None:
        user.disabled = body.disabled
    db.flush()
    return UserOut.of(user)
