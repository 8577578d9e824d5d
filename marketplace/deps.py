"""FastAPI dependencies: the database session, the signed-in user, roles and rate limits."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from marketplace.context import AppContext
from marketplace.models import User
from marketplace.ratelimit import RateLimited
from marketplace.security import TokenError

bearer = HTTPBearer(auto_error=False, description="An access token from /v1/auth/token, /refresh or /device/token")
RANK = {"user": 0, "creator": 1, "admin": 2}


def ctx(request: Request) -> AppContext:
    return request.app.state.ctx


def session(request: Request) -> Iterator[Session]:
    with ctx(request).db.session() as db:
        yield db


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _limit(request: Request, bucket: str, key: str) -> None:
    try:
        ctx(request).limiter.hit(bucket, key)
    except RateLimited as exc:
        raise HTTPException(429, "too many requests; slow down",
                            headers={"Retry-After": str(exc.retry_after)}) from None


async def ip_limit(request: Request) -> None:
    """Every request counts against its client IP. Async, so FastAPI does not spend a threadpool hop on it:
    the in-memory store is counted on the event loop, only a shared (Redis) store goes to the threadpool."""
    if ctx(request).limiter.local:
        _limit(request, "ip", client_ip(request))
    else:
        await run_in_threadpool(_limit, request, "ip", client_ip(request))


def auth_limit(request: Request) -> None:
    """Credential endpoints (log in, register, device approval): a tight per-IP budget."""
    _limit(request, "auth", client_ip(request))


def optional_user(request: Request, creds: HTTPAuthorizationCredentials | None = Depends(bearer),
                  db: Session = Depends(session)) -> User | None:
    if creds is None:
        return None
    try:
        claims = ctx(request).jwt.verify(creds.credentials)
    except TokenError:
        raise HTTPException(401, "invalid or expired access token",
                            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}) from None
    user = db.get(User, claims.user_id)
    if user is None or user.disabled:
        raise HTTPException(401, "this account no longer exists or is disabled",
                            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    request.scope.setdefault("state", {})["user_id"] = user.id
    _limit(request, "user", str(user.id))
    return user


def current_user(user: User | None = Depends(optional_user)) -> User:
    if user is None:
        raise HTTPException(401, "sign in first (Authorization: Bearer <token>)",
                            headers={"WWW-Authenticate": "Bearer"})
    return user


def require_role(role: str) -> Callable[[User], User]:
    """A dependency that admits ``role`` and anything above it (user < creator < admin)."""

    def check(user: User = Depends(current_user)) -> User:
        if RANK.get(user.role, -1) < RANK[role]:
            raise HTTPException(403, f"this needs the {role} role")
        return user

    check.__name__ = f"require_{role}"
    return check


require_creator = require_role("creator")
require_admin = require_role("admin")
