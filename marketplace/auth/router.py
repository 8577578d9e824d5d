"""``/v1/auth``: register, log in, refresh, log out, and the device flow (+ its ``/device`` page)."""

from __future__ import annotations

import html

from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy.orm import Session

from marketplace.auth import service
from marketplace.auth.schemas import DEVICE_GRANT, Credentials, DeviceCodeOut, DeviceError, RefreshIn, TokenOut
from marketplace.deps import auth_limit, ctx, ip_limit, session
from marketplace.schemas import errors
from marketplace.users.schemas import UserOut

router = APIRouter(prefix="/v1/auth", tags=["auth"], dependencies=[Depends(auth_limit)],
                   responses=errors(400, 413, 429))
page = APIRouter(tags=["auth"], dependencies=[Depends(ip_limit)], responses=errors(400, 413, 429))
UNAUTHORIZED = errors(401)


def base_url(request: Request) -> str:
    return ctx(request).settings.public_url or str(request.base_url).rstrip("/")


@router.post("/register", response_model=UserOut, status_code=201, responses=errors(409))
def register(body: Credentials, request: Request, db: Session = Depends(session)) -> UserOut:
    """Create an account (role ``user``). Passwords are stored as argon2id hashes."""
    try:
        user = service.register(db, body.email, body.password, ctx(request).settings.admins)
    except service.Conflict as exc:
        raise HTTPException(409, str(exc)) from None
    return UserOut.of(user)


@router.post("/token", response_model=TokenOut, responses=UNAUTHORIZED)
def login(body: Credentials, request: Request, db: Session = Depends(session)) -> dict:
    """Log in with email and password: a short-lived access token and a rotating refresh token."""
    try:
        user = service.authenticate(db, body.email, body.password)
    except service.AuthError as exc:
        raise HTTPException(401, str(exc)) from None
    return service.issue_pair(ctx(request), db, user)


@router.post("/refresh", response_model=TokenOut, responses=UNAUTHORIZED)
def refresh(body: RefreshIn, request: Request, db: Session = Depends(session)) -> dict:
    """Trade a refresh token for a new pair. Each refresh token works once; reusing one revokes its family."""
    pair, reason = service.rotate(ctx(request), db, body.refresh_token)
    if pair is None:
        db.commit()  # keep the family revoked
        raise HTTPException(401, reason)
    return pair


@router.post("/logout", status_code=204)
def logout(body: RefreshIn, db: Session = Depends(session)) -> Response:
    """Revoke the refresh token's whole family (every token from that sign-in)."""
    service.logout(db, body.refresh_token)
    return Response(status_code=204)


@router.post("/device/code", response_model=DeviceCodeOut)
def device_code(request: Request, db: Session = Depends(session)) -> dict:
    """Start a device authorization (RFC 8628): show ``user_code`` and ``verification_uri`` to the person."""
    return service.start_device(ctx(request), db, base_url(request))


@router.post("/device/token", response_model=TokenOut, responses={400: {"model": DeviceError}})
def device_token(request: Request, grant_type: str = Form(max_length=100), device_code: str = Form(max_length=200),
                 db: Session = Depends(session)):
    """Poll for the tokens: ``authorization_pending``, ``slow_down``, ``expired_token`` or ``access_denied``."""
    if grant_type != DEVICE_GRANT:
        return JSONResponse({"error": "unsupported_grant_type", "error_description": f"use {DEVICE_GRANT}"}, 400)
    try:
        return service.poll_device(ctx(request), db, device_code)
    except service.DeviceFlowError as exc:
        db.commit()  # remember the poll time and any slowed-down interval
        return JSONResponse({"error": exc.error, "error_description": exc.description}, 400,
                            headers={"Cache-Control": "no-store"})


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>waQup - approve a device</title>
<meta name="viewport" content="width=device-width"><style>body{{font:16px system-ui;max-width:28em;margin:3em auto}}
label{{display:block;margin:.6em 0}}input{{width:100%;padding:.4em}}button{{margin:.8em .5em 0 0}}</style></head>
<body><h1>Approve a device</h1>{message}
<form method="post" action="/device"><label>Code shown in your terminal
<input name="user_code" value="{code}" required maxlength="16" autocomplete="off"></label>
<label>Email <input name="email" type="email" required maxlength="254"></label>
<label>Password <input name="password" type="password" required maxlength="256"></label>
<button name="action" value="approve">Approve</button><button name="action" value="deny">Deny</button></form>
</body></html>"""
HEADERS = {"X-Frame-Options": "DENY", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
           "form-action 'self'; frame-ancestors 'none'", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _page(message: str = "", code: str = "", status: int = 200) -> HTMLResponse:
    return HTMLResponse(PAGE.format(message=message, code=html.escape(code)), status, headers=HEADERS)


@page.get("/device", response_class=HTMLResponse)
def device_page(user_code: str = "") -> HTMLResponse:
    """The page where a signed-in person approves a device code."""
    return _page(code=service.normal_user_code(user_code[:16]))


@page.post("/device", response_class=HTMLResponse, dependencies=[Depends(auth_limit)],
           responses={400: {"description": "Wrong credentials or code (HTML)", "content": {"text/html": {}}}})
def device_approve(user_code: str = Form(max_length=16), email: str = Form(max_length=254),
                   password: str = Form(max_length=256), action: str = Form("approve", pattern="^(approve|deny)$"),
                   db: Session = Depends(session)) -> HTMLResponse:
    """Approve (or deny) a device code with email and password."""
    try:
        user = service.authenticate(db, email, password)
        service.approve_device(db, user, user_code, approve=action == "approve")
    except service.AuthError:
        return _page("<p><b>Wrong email or password.</b></p>", user_code, 400)
    except service.DeviceFlowError:
        return _page("<p><b>That code is unknown or expired.</b></p>", user_code, 400)
    done = "approved: go back to your terminal" if action == "approve" else "denied"
    return HTMLResponse(f"<!doctype html><title>waQup</title><p>Device {done}.</p>", headers=HEADERS)
