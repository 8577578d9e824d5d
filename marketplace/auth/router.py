"""``/v1/auth``: register, log in, refresh, log out, and the device flow (+ its ``/device`` page)."""

from __future__ import annotations

import html

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from marketplace.auth import mail, service
from marketplace.auth.schemas import (
    DEVICE_GRANT,
    Accepted,
    Credentials,
    DeviceCodeOut,
    DeviceError,
    NewAccount,
    RefreshIn,
    TokenOut,
    VerifyIn,
)
from marketplace.deps import account_limit, auth_limit, ctx, current_user, ip_limit, session
from marketplace.models import User
from marketplace.observability import BEFORE_RESPONSE
from marketplace.schemas import errors
from marketplace.users.schemas import UserOut

router = APIRouter(prefix="/v1/auth", tags=["auth"], dependencies=[Depends(auth_limit)],
                   responses=errors(400, 413, 429))
page = APIRouter(tags=["auth"], dependencies=[Depends(ip_limit)], responses=errors(400, 413, 429))
UNAUTHORIZED = errors(401)


def base_url(request: Request) -> str:
    return ctx(request).settings.public_url or str(request.base_url).rstrip("/")


def _mail_after_commit(request: Request, to: str, subject: str, body: str) -> None:
    """Send once the request's writes are committed (a token in a mail always exists in the database)."""
    settings = ctx(request).settings
    request.scope.setdefault(BEFORE_RESPONSE, []).append(lambda: mail.send(settings, to, subject, body))


def _send_verification(request: Request, db: Session, user: User) -> None:
    token = service.verification_token(db, user, ctx(request).settings.verify_ttl)
    link = f"{base_url(request)}/verify?token={token}"
    _mail_after_commit(request, user.email, "Verify your waQup marketplace address",
                       f"Open {link} to verify this address (or POST the token to /v1/auth/verify).\n\n"
                       f"Token: {token}\n\nYou need a verified address to publish or buy. If you did not register,"
                       " ignore this message.")


@router.post("/register", response_model=UserOut, status_code=201)
def register(body: NewAccount, request: Request, db: Session = Depends(session)) -> UserOut | dict:
    """Create an account (role ``user``; argon2id password hash) and email a verification link: publishing
    and buying need a verified address. The answer is the same whether or not the address is taken (its owner
    gets an email instead), so registration does not tell who has an account."""
    return _register(request, db, body)


def _register(request: Request, db: Session, body: NewAccount) -> UserOut | dict:
    """Registration for the API and the device page: a new account, or for a taken address a mail to its
    owner and an answer shaped like a new account's."""
    account_limit(request, body.email)
    settings = ctx(request).settings
    user = service.register(db, body.email, body.password, verified=settings.auto_verify)
    if user is None:
        email = service.normal_email(body.email)
        _mail_after_commit(request, email, "Someone tried to register your address",
                           "Someone (maybe you) tried to create a waQup marketplace account with this address, "
                           "which already has one. Sign in instead; if it was not you, nothing changed.")
        return service.lookalike(db, email, verified=settings.auto_verify)
    if user.email_verified_at is None:
        _send_verification(request, db, user)
    return UserOut.of(user)


@router.post("/verify", response_model=UserOut, responses=errors(400))
def verify(body: VerifyIn, db: Session = Depends(session)) -> UserOut:
    """Verify an email address with the token from the verification email (each token works once)."""
    try:
        return UserOut.of(service.verify_email(db, body.token))
    except service.AuthError as exc:
        raise HTTPException(400, str(exc)) from None


@router.post("/verify/resend", response_model=Accepted, status_code=202, responses=UNAUTHORIZED)
def resend(request: Request, user: User = Depends(current_user), db: Session = Depends(session)) -> dict:
    """Email a new verification link to your address (nothing happens when it is verified already)."""
    if user.email_verified_at is None:
        _send_verification(request, db, user)
    return {"detail": "if the address still needs verifying, a new link is on its way"}


@router.post("/token", response_model=TokenOut, responses=UNAUTHORIZED)
def login(body: Credentials, request: Request, db: Session = Depends(session)) -> dict:
    """Log in with email and password: a short-lived access token and a rotating refresh token."""
    account_limit(request, body.email)
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
<label>Email <input name="email" type="email" value="{email}" required maxlength="254" autocomplete="email"></label>
<label>Password <input name="password" type="password" required maxlength="256" autocomplete="current-password">
</label><button name="action" value="approve">Approve</button><button name="action" value="deny">Deny</button></form>
<h2>No account yet?</h2><p>Create one here, then approve the code above with it.</p>
<form method="post" action="/device/register"><input type="hidden" name="user_code" value="{code}">
<label>Email <input name="email" type="email" required maxlength="254" autocomplete="email"></label>
<label>Password (10 or more characters) <input name="password" type="password" required minlength="10"
maxlength="256" autocomplete="new-password"></label>
<label>Password again <input name="confirm" type="password" required minlength="10" maxlength="256"
autocomplete="new-password"></label><button>Create account</button></form>
</body></html>"""
HEADERS = {"X-Frame-Options": "DENY", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
           "form-action 'self'; frame-ancestors 'none'", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _page(message: str = "", code: str = "", status: int = 200, email: str = "") -> HTMLResponse:
    return HTMLResponse(PAGE.format(message=message, code=html.escape(code), email=html.escape(email)), status,
                        headers=HEADERS)


def _problem(text: str) -> str:
    return f"<p><b>{html.escape(text)}</b></p>"


@page.get("/device", response_class=HTMLResponse)
def device_page(user_code: str = "") -> HTMLResponse:
    """The page where a person approves a device code with their account, or creates one first."""
    return _page(code=service.normal_user_code(user_code[:16]))


@page.post("/device", response_class=HTMLResponse, dependencies=[Depends(auth_limit)],
           responses={400: {"description": "Wrong credentials or code (HTML)", "content": {"text/html": {}}}})
def device_approve(request: Request, user_code: str = Form(max_length=16), email: str = Form(max_length=254),
                   password: str = Form(max_length=256), action: str = Form("approve", pattern="^(approve|deny)$"),
                   db: Session = Depends(session)) -> HTMLResponse:
    """Approve (or deny) a device code with email and password."""
    account_limit(request, email)
    try:
        user = service.authenticate(db, email, password)
        service.approve_device(db, user, user_code, approve=action == "approve")
    except service.AuthError:
        return _page("<p><b>Wrong email or password.</b></p>", user_code, 400)
    except service.DeviceFlowError:
        return _page("<p><b>That code is unknown or expired.</b></p>", user_code, 400)
    done = "approved: go back to your terminal" if action == "approve" else "denied"
    return HTMLResponse(f"<!doctype html><title>waQup</title><p>Device {done}.</p>", headers=HEADERS)


def _form_problem(exc: ValidationError) -> str:
    """The first reason a sign-up form was refused, in words (no echo of what was typed)."""
    error = exc.errors()[0]
    if error["loc"] and error["loc"][0] == "email":
        return "That email address does not look right."
    reason = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    return f"Password: {reason}."


@page.post("/device/register", response_class=HTMLResponse, dependencies=[Depends(auth_limit)],
           responses={400: {"description": "Refused sign-up (HTML)", "content": {"text/html": {}}}})
def device_register(request: Request, user_code: str = Form("", max_length=16), email: str = Form(max_length=254),
                    password: str = Form(max_length=256), confirm: str = Form(max_length=256),
                    db: Session = Depends(session)) -> HTMLResponse:
    """Create an account from the device page (as ``POST /v1/auth/register`` does: a taken address looks like
    a new account), then show the approval form again for the new account."""
    code = service.normal_user_code(user_code)
    if password != confirm:
        return _page(_problem("The two passwords are different."), code, 400, email)
    try:
        body = NewAccount(email=email, password=password)
    except ValidationError as exc:
        return _page(_problem(_form_problem(exc)), code, 400, email)
    account = _register(request, db, body)
    email = account["email"] if isinstance(account, dict) else account.email
    address = html.escape(email)
    verify = "" if ctx(request).settings.auto_verify else (
        f" We sent a link to {address}: open it to verify the address (you need that to publish or buy).")
    return _page(f"<p><b>Account created for {address}.</b>{verify} Now approve the code with your new password."
                 "</p>", code, email=email)


VERIFY_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>waQup - verify your address</title>
<meta name="viewport" content="width=device-width"><style>body{{font:16px system-ui;max-width:28em;margin:3em auto}}
</style></head><body><h1>Verify your address</h1>{message}<form method="post" action="/verify">
<input type="hidden" name="token" value="{token}"><button>Verify</button></form></body></html>"""


@page.get("/verify", response_class=HTMLResponse)
def verify_page(token: str = Query("", max_length=200)) -> HTMLResponse:
    """The page the verification email links to (a button: mail scanners that open links verify nothing)."""
    return HTMLResponse(VERIFY_PAGE.format(message="", token=html.escape(token)), headers=HEADERS)


@page.post("/verify", response_class=HTMLResponse, dependencies=[Depends(auth_limit)],
           responses={400: {"description": "Unknown, used or expired token (HTML)", "content": {"text/html": {}}}})
def verify_form(token: str = Form(max_length=200), db: Session = Depends(session)) -> HTMLResponse:
    """Verify the address of the token (the form of ``GET /verify``)."""
    try:
        service.verify_email(db, token)
    except service.AuthError:
        return HTMLResponse(VERIFY_PAGE.format(message="<p><b>That link is unknown, used or expired.</b></p>",
                                               token=""), 400, headers=HEADERS)
    return HTMLResponse("<!doctype html><title>waQup</title><p>Address verified: you can publish and buy now.</p>",
                        headers=HEADERS)
