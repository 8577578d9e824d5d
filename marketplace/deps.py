"""FastAPI dependencies: the database session, the signed-in user, roles and rate limits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network
from typing import Any

from fastapi import Depends, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, joinedload
from starlette.concurrency import run_in_threadpool

from marketplace.context import AppContext
from marketplace.models import User
from marketplace.observability import BEFORE_RESPONSE
from marketplace.ratelimit import RateLimited, StoreDown
from marketplace.security import TokenError

# Publishing and buying need a verified email address (issue 15, item 16).
NEEDS_VERIFIED = {("PUT", "/v1/creators/me"), ("POST", "/v1/packs"), ("POST", "/v1/sync/publish"),
                  ("POST", "/v1/payments/checkout")}
bearer = HTTPBearer(auto_error=False, description="An access token from /v1/auth/token, /refresh or /device/token")
RANK = {"user": 0, "creator": 1, "admin": 2}


def ctx(request: Request) -> AppContext:
    return request.app.state.ctx


def session(request: Request) -> Iterator[Session]:
    """The request's unit of work. It commits before the first byte of the answer goes out (the Middleware
    runs the ``BEFORE_RESPONSE`` hooks), so a client that got its answer can rely on the write; an error
    raised by the route rolls it back. (FastAPI runs a yield dependency's exit only after the response.)"""
    hooks = request.scope.setdefault(BEFORE_RESPONSE, [])
    with ctx(request).db.session() as db:
        hooks.append(db.commit)
        try:
            yield db
        finally:
            hooks.remove(db.commit)


INT64 = 2**63 - 1
# Free-form parts of a body judged item by item by their route (a poison sync mutation is rejected on its own).
FREE_FORM = {"/v1/sync": ("mutations", "*", "payload")}
NUL_MSG = "text must not contain NUL characters"


def find_bad(value: Any, loc: tuple, skip: tuple | None) -> tuple[tuple, str] | None:
    """The first text with a NUL or integer beyond 64 bits in a decoded body (PostgreSQL refuses both)."""
    if skip is not None and len(loc) == len(skip) + 1 and all(s in ("*", x) for s, x in zip(skip, loc[1:],
                                                                                             strict=True)):
        return None
    if isinstance(value, str):
        return (loc, NUL_MSG) if "\x00" in value else None
    if isinstance(value, int) and not isinstance(value, bool):
        return (loc, "integer out of range") if abs(value) > INT64 else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(key, str) and "\x00" in key:
            return (*loc, key), NUL_MSG
        if (found := find_bad(item, (*loc, key), skip)) is not None:
            return found
    return None


async def sane_input(request: Request) -> None:
    """App-wide input rule, checked with the schemas (same 422 shape): no NUL in any query parameter, form
    field or JSON string, no JSON integer beyond 64 bits. SQLite would store them, PostgreSQL fails on them."""
    found = next((((("query", k), NUL_MSG)) for k, v in request.query_params.multi_items()
                  if "\x00" in k or "\x00" in v), None)
    route = request.scope.get("route")
    if found is None and getattr(route, "body_field", None) is not None:
        kind = request.headers.get("content-type", "")
        if kind.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            form = await request.form()
            found = next(((("body", k), NUL_MSG) for k, v in form.multi_items()
                          if "\x00" in k or (isinstance(v, str) and "\x00" in v)), None)
        elif await request.body():
            try:
                data = await request.json()
            except (ValueError, UnicodeDecodeError):
                return  # FastAPI has answered with its own 422 already
            found = find_bad(data, ("body",), FREE_FORM.get(getattr(route, "path", "")))
    if found is not None:
        raise RequestValidationError([{"loc": found[0], "msg": found[1], "type": "value_error"}])


@lru_cache(maxsize=16)
def _networks(raw: str) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(ip_network(part.strip(), strict=False) for part in raw.split(",") if part.strip())


def _ip(value: str) -> IPv4Address | IPv6Address | None:
    try:
        return ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request: Request) -> str:
    """The client's address: the peer, unless the peer is a configured trusted proxy; then the nearest
    address in ``X-Forwarded-For`` (read from the right) that is not a trusted proxy itself."""
    peer = request.client.host if request.client else "unknown"
    trusted = _networks(ctx(request).settings.trusted_proxies)
    address = _ip(peer)
    if not trusted or address is None or not any(address in net for net in trusted):
        return peer
    hops = [h for v in request.headers.getlist("x-forwarded-for") for h in v.split(",")]
    for hop in reversed(hops):
        address = _ip(hop)
        if address is None:
            break
        peer = str(address)
        if not any(address in net for net in trusted):
            break
    return peer


def fails_closed(request: Request) -> bool:
    """Without the shared store only reads go unlimited; sign-in, registration and money (writes) get 503."""
    return request.method not in ("GET", "HEAD", "OPTIONS")


def _limit(request: Request, bucket: str, key: str) -> None:
    try:
        ctx(request).limiter.hit(bucket, key, fail_closed=fails_closed(request))
    except RateLimited as exc:
        raise HTTPException(429, "too many requests; slow down",
                            headers={"Retry-After": str(exc.retry_after)}) from None
    except StoreDown:
        raise HTTPException(503, "rate limiting is unavailable; try again shortly",
                            headers={"Retry-After": "5"}) from None


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


def account_limit(request: Request, email: str) -> None:
    """Credential attempts per account (email), wherever they come from."""
    _limit(request, "account", email.strip().lower())


def optional_user(request: Request, creds: HTTPAuthorizationCredentials | None = Depends(bearer),
                  db: Session = Depends(session)) -> User | None:
    if creds is None:
        return None
    try:
        claims = ctx(request).jwt.verify(creds.credentials)
    except TokenError:
        raise HTTPException(401, "invalid or expired access token",
                            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}) from None
    user = db.get(User, claims.user_id, options=[joinedload(User.creator)])
    # End this read now: the connection goes back to the pool before the route takes its own (a wallet
    # route opens a unit of work), so a request never holds two connections and cannot starve the pool.
    db.commit()
    if user is None or user.disabled:
        raise HTTPException(401, "this account no longer exists or is disabled",
                            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    request.scope.setdefault("state", {})["user_id"] = user.id
    _limit(request, "user", str(user.id))
    route = request.scope.get("route")
    if user.email_verified_at is None and (request.method, getattr(route, "path", "")) in NEEDS_VERIFIED:
        raise HTTPException(403, "verify your email address first (the link is in your inbox; "
                                 "POST /v1/auth/verify/resend sends a new one)")
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
            how = ': run `waqup market become-creator --name "..."` first' if role == "creator" else ""
            raise HTTPException(403, f"this needs the {role} role{how}")
        return user

    check.__name__ = f"require_{role}"
    return check


require_creator = require_role("creator")
require_admin = require_role("admin")
