"""Accounts, token pairs with rotating refresh tokens (reuse revokes the family) and the device flow."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace.context import AppContext
from marketplace.models import DeviceCode, EmailToken, RefreshToken, User, utcnow
from marketplace.security import hash_password, new_token, token_hash, verify_password

USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"  # RFC 8628 6.1: no vowels, no look-alikes


class AuthError(Exception):
    """Wrong credentials, or a refresh token that is unknown, expired, revoked or reused."""


class Conflict(Exception):
    pass


class DeviceFlowError(Exception):
    def __init__(self, error: str, description: str = ""):
        super().__init__(error)
        self.error, self.description = error, description


def normal_email(email: str) -> str:
    return email.strip().lower()


def register(db: Session, email: str, password: str, verified: bool = False) -> User | None:
    """A new ``user``, or ``None`` when the address is taken (the caller answers the same either way).
    The password is hashed first on both paths, so they take the same time. Nobody becomes an admin here."""
    email = normal_email(email)
    password_hash = hash_password(password)
    if db.scalar(select(User.id).where(User.email == email)) is not None:
        return None
    user = User(email=email, password_hash=password_hash, role="user",
                email_verified_at=utcnow() if verified else None)
    try:
        with db.begin_nested():  # a concurrent registration of the same address loses here, quietly
            db.add(user)
            db.flush()
    except IntegrityError:
        return None
    return user


def lookalike(db: Session, email: str, verified: bool = False) -> dict:
    """The answer to registering a taken address: shaped like a new account's (which this is not), verified
    exactly when a new account would be (``verified``: the server verifies new accounts itself)."""
    top = db.scalar(select(func.max(User.id))) or 0
    return {"id": top + 1, "email": normal_email(email), "role": "user", "disabled": False, "created_at": utcnow(),
            "email_verified": verified, "creator": None}


def verification_token(db: Session, user: User, ttl: int) -> str:
    """A new one-use token for ``user``'s address (earlier unused ones keep working until they expire)."""
    token = new_token()
    db.add(EmailToken(user_id=user.id, token_hash=token_hash(token), expires_at=utcnow() + timedelta(seconds=ttl)))
    return token


def verify_email(db: Session, token: str) -> User:
    """Mark the token's account verified; raises :class:`AuthError` for an unknown, used or expired token."""
    row = db.scalar(select(EmailToken).where(EmailToken.token_hash == token_hash(token)))
    if row is None or row.used_at is not None or row.expires_at < utcnow():
        raise AuthError("unknown, used or expired verification token: ask for a new one")
    claimed = db.execute(update(EmailToken).where(EmailToken.id == row.id, EmailToken.used_at.is_(None))
                         .values(used_at=utcnow()))
    user = db.get(User, row.user_id)
    if claimed.rowcount != 1 or user is None:
        raise AuthError("unknown, used or expired verification token: ask for a new one")
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


# -- admins: made by a command run on the server (python -m marketplace.auth.admin) --------------------
def set_admin(db: Session, email: str, admin: bool) -> User:
    """Grant or revoke the admin role of an existing account; the last enabled admin is never revoked."""
    user = db.scalar(select(User).where(User.email == normal_email(email)).with_for_update())
    if user is None:
        raise AuthError(f"no account {normal_email(email)!r}: register it first")
    if admin:
        user.role = "admin"
    elif user.role == "admin":
        if other_admins(db, user.id) == 0:
            raise Conflict("this is the last admin: grant another admin first")
        user.role = "creator" if user.creator is not None else "user"
    db.flush()
    return user


def other_admins(db: Session, user_id: int) -> int:
    """Enabled admins besides ``user_id`` (their rows locked on PostgreSQL, so two demotions serialise)."""
    ids = db.scalars(select(User.id).where(User.role == "admin", User.disabled.is_(False), User.id != user_id)
                     .with_for_update())
    return len(list(ids))


def authenticate(db: Session, email: str, password: str) -> User:
    user = db.scalar(select(User).where(User.email == normal_email(email)))
    if not verify_password(user.password_hash if user else None, password) or user is None or user.disabled:
        raise AuthError("wrong email or password")
    return user


def issue_pair(ctx: AppContext, db: Session, user: User, family: str | None = None) -> dict:
    refresh = new_token()
    db.add(RefreshToken(user_id=user.id, family=family or secrets.token_hex(16), token_hash=token_hash(refresh),
                        expires_at=utcnow() + timedelta(seconds=ctx.settings.refresh_ttl)))
    return {"access_token": ctx.jwt.issue(user.id, user.role), "token_type": "bearer",
            "expires_in": ctx.settings.access_ttl, "refresh_token": refresh}


def revoke_family(db: Session, family: str) -> None:
    db.execute(update(RefreshToken).where(RefreshToken.family == family, RefreshToken.revoked_at.is_(None))
               .values(revoked_at=utcnow()))


def rotate(ctx: AppContext, db: Session, refresh: str) -> tuple[dict | None, str]:
    """A new pair for a valid refresh token. A superseded or revoked token revokes its whole family.

    Returns ``(pair, "")`` or ``(None, reason)``; the caller commits either way, so a detected reuse
    stays revoked.
    """
    row = db.scalar(select(RefreshToken).where(RefreshToken.token_hash == token_hash(refresh)))
    if row is None:
        return None, "unknown refresh token"
    if row.revoked_at is not None or row.used_at is not None:
        revoke_family(db, row.family)
        return None, "refresh token reuse detected: every session from that sign-in is revoked"
    if row.expires_at < utcnow():
        return None, "refresh token expired: sign in again"
    claimed = db.execute(update(RefreshToken)
                         .where(RefreshToken.id == row.id, RefreshToken.used_at.is_(None),
                                RefreshToken.revoked_at.is_(None))
                         .values(used_at=utcnow()))
    if claimed.rowcount != 1:  # a concurrent request used it first
        revoke_family(db, row.family)
        return None, "refresh token reuse detected: every session from that sign-in is revoked"
    user = db.get(User, row.user_id)
    if user is None or user.disabled:
        return None, "this account is disabled"
    return issue_pair(ctx, db, user, family=row.family), ""


def logout(db: Session, refresh: str) -> None:
    row = db.scalar(select(RefreshToken).where(RefreshToken.token_hash == token_hash(refresh)))
    if row is not None:
        revoke_family(db, row.family)


# -- device authorization (RFC 8628) -------------------------------------------------------
def normal_user_code(code: str) -> str:
    raw = "".join(c for c in code.upper() if c.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


def start_device(ctx: AppContext, db: Session, base_url: str) -> dict:
    device_code = new_token()
    for _ in range(10):
        raw = "".join(secrets.choice(USER_CODE_ALPHABET) for _ in range(8))
        user_code = f"{raw[:4]}-{raw[4:]}"
        if db.scalar(select(DeviceCode.id).where(DeviceCode.user_code == user_code)) is None:
            break
    settings = ctx.settings
    db.add(DeviceCode(device_code_hash=token_hash(device_code), user_code=user_code,
                      interval=settings.device_interval,
                      expires_at=utcnow() + timedelta(seconds=settings.device_ttl)))
    uri = f"{base_url.rstrip('/')}/device"
    return {"device_code": device_code, "user_code": user_code, "verification_uri": uri,
            "verification_uri_complete": f"{uri}?user_code={user_code}", "expires_in": settings.device_ttl,
            "interval": settings.device_interval}


def approve_device(db: Session, user: User, user_code: str, approve: bool = True) -> None:
    row = db.scalar(select(DeviceCode).where(DeviceCode.user_code == normal_user_code(user_code)))
    if row is None or row.status != "pending" or row.expires_at < utcnow():
        raise DeviceFlowError("invalid_grant", "unknown or expired code")
    row.status = "approved" if approve else "denied"
    row.user_id = user.id


def poll_device(ctx: AppContext, db: Session, device_code: str) -> dict:
    """One token-endpoint poll: a token pair, or :class:`DeviceFlowError` with the RFC 8628 error."""
    row = db.scalar(select(DeviceCode).where(DeviceCode.device_code_hash == token_hash(device_code)))
    if row is None:
        raise DeviceFlowError("invalid_grant", "unknown device code")
    now = utcnow()
    if row.expires_at < now:
        raise DeviceFlowError("expired_token", "the code expired: start again")
    if row.status == "denied":
        raise DeviceFlowError("access_denied", "the request was denied")
    if row.status == "consumed":
        raise DeviceFlowError("invalid_grant", "this code was already used")
    too_soon = row.last_poll_at is not None and (now - row.last_poll_at).total_seconds() < row.interval
    row.last_poll_at = now
    if row.status == "pending":
        if too_soon:
            row.interval += 5
            raise DeviceFlowError("slow_down", f"poll every {row.interval}s at most")
        raise DeviceFlowError("authorization_pending", "waiting for approval")
    user = db.get(User, row.user_id)
    if user is None or user.disabled:
        raise DeviceFlowError("access_denied", "the approving account is disabled")
    row.status = "consumed"
    return issue_pair(ctx, db, user)
