"""Passwords (argon2id), access tokens (JWT, HS256 only) and opaque random tokens (stored as SHA-256)."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ALGORITHM = "HS256"
_hasher = PasswordHasher()
# Verified against when the email is unknown, so both paths cost the same time.
_DUMMY = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def token_hash(token: str) -> str:
    """Refresh and device codes are high-entropy, so a fast hash is enough (and indexable)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    role: str
    jti: str


class TokenError(Exception):
    """An access token is missing, malformed, expired or not ours."""


class JWTIssuer:
    def __init__(self, secret: str, issuer: str, audience: str, ttl: int):
        self.secret, self.issuer, self.audience, self.ttl = secret, issuer, audience, ttl

    def issue(self, user_id: int, role: str) -> str:
        now = int(time.time())
        claims = {"sub": str(user_id), "role": role, "iss": self.issuer, "aud": self.audience,
                  "iat": now, "nbf": now, "exp": now + self.ttl, "jti": secrets.token_hex(8)}
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> AccessClaims:
        try:
            claims = jwt.decode(token, self.secret, algorithms=[ALGORITHM], audience=self.audience,
                                issuer=self.issuer, options={"require": ["exp", "iat", "sub", "iss", "aud"]},
                                leeway=5)
            return AccessClaims(int(claims["sub"]), str(claims.get("role", "user")), str(claims.get("jti", "")))
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise TokenError(str(exc)) from None
