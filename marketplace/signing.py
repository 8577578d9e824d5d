"""Pre-signed, expiring media URLs: HMAC-SHA256 over method, path, expiry, user and key id.

The first key signs; every configured key verifies, so keys rotate by prepending a new one and
dropping the old one after ``url_ttl`` seconds.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote, urlencode


class SignatureError(Exception):
    """A media URL is tampered with, expired, or signed by an unknown key."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class URLSigner:
    def __init__(self, keys: dict[str, str], ttl: int = 600):
        if not keys:
            raise ValueError("no signing keys")
        self.keys = {kid: secret.encode("utf-8") for kid, secret in keys.items()}
        self.active = next(iter(self.keys))
        self.ttl = ttl
        self.cursors = Sealer(keys, "catalog-cursor")  # catalog page cursors: only ours are accepted

    def _mac(self, kid: str, method: str, path: str, expires: int, user: int) -> str:
        message = "\n".join([method.upper(), path, str(expires), str(user), kid]).encode("utf-8")
        return _b64(hmac.new(self.keys[kid], message, hashlib.sha256).digest())

    def sign(self, path: str, user: int, method: str = "GET", ttl: int | None = None,
             now: float | None = None) -> tuple[str, int]:
        """``path?query`` for ``user`` and its expiry (unix seconds)."""
        expires = int(now if now is not None else time.time()) + (ttl if ttl is not None else self.ttl)
        sig = self._mac(self.active, method, path, expires, user)
        query = urlencode({"exp": expires, "uid": user, "kid": self.active, "sig": sig})
        return f"{quote(path)}?{query}", expires

    def verify(self, method: str, path: str, exp: str, uid: str, kid: str, sig: str,
               now: float | None = None) -> int:
        """The user id the URL was issued to; raises :class:`SignatureError` otherwise."""
        if kid not in self.keys:
            raise SignatureError("unknown signing key")
        try:
            expires, user = int(exp), int(uid)
        except ValueError:
            raise SignatureError("malformed signature parameters") from None
        expected = self._mac(kid, method, path, expires, user)
        if not hmac.compare_digest(expected.encode("ascii"), sig.encode("ascii", "replace")):
            raise SignatureError("bad signature")
        if expires < (now if now is not None else time.time()):
            raise SignatureError("this link has expired")
        return user


class Sealer:
    """Opaque tokens the server hands out and must get back unchanged (catalog cursors): ``payload.kid.mac``,
    HMAC-SHA256 under the media URL keys (the first seals, all open)."""

    def __init__(self, keys: dict[str, str], purpose: str):
        self.keys = {kid: secret.encode("utf-8") for kid, secret in keys.items()}
        self.active, self.purpose = next(iter(self.keys)), purpose

    def _mac(self, kid: str, payload: str) -> str:
        message = f"{self.purpose}\n{payload}".encode()
        return _b64(hmac.new(self.keys[kid], message, hashlib.sha256).digest())[:32]

    def seal(self, payload: str) -> str:
        return f"{payload}.{self.active}.{self._mac(self.active, payload)}"

    def open(self, token: str) -> str:
        """The payload of a token this server sealed; raises :class:`SignatureError` otherwise."""
        payload, _, rest = token.rpartition(".")
        payload, _, kid = payload.rpartition(".")
        if kid not in self.keys or not hmac.compare_digest(self._mac(kid, payload).encode("ascii"),
                                                           rest.encode("ascii", "replace")):
            raise SignatureError("this token was not issued by this server")
        return payload
