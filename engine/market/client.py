"""The marketplace HTTP client: bearer tokens with one-at-a-time refresh, clear errors, the device flow."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from engine.market.errors import MarketError, MarketUnavailable, from_response
from engine.market.tokens import Tokens, TokenStore

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def default_url() -> str:
    from engine import config

    return str(config.get("market.url")).rstrip("/")


class MarketClient:
    """One marketplace (``market.url`` unless given). ``transport`` lets tests run the app in process."""

    def __init__(self, url: str | None = None, *, store: TokenStore | None = None,
                 transport: httpx.BaseTransport | None = None, timeout: float = 30.0):
        self.url = (url or default_url()).rstrip("/")
        self.store = store or TokenStore(self.url)
        self.http = httpx.Client(base_url=self.url, transport=transport, timeout=timeout,
                                 headers={"User-Agent": "waqup-cli"})

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> MarketClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transport -------------------------------------------------------------------------
    def _send(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", None) or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            return self.http.request(method, path, headers=headers, **kwargs)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise MarketUnavailable(
                f"the marketplace at {self.url} is unreachable ({type(exc).__name__}); your library and "
                "everything offline still work", 0) from None
        except httpx.TimeoutException:
            raise MarketUnavailable(f"the marketplace at {self.url} did not answer in time; try again", 0) from None
        except httpx.HTTPError as exc:
            raise MarketUnavailable(f"talking to the marketplace at {self.url} failed: {exc}", 0) from None

    @staticmethod
    def check(response: httpx.Response) -> httpx.Response:
        if response.status_code < 400:
            return response
        try:
            detail = response.json().get("detail", "")
            if isinstance(detail, list):  # validation errors
                detail = "; ".join(f"{'.'.join(map(str, d.get('loc', [])[1:]))}: "
                                   f"{str(d.get('msg')).removeprefix('Value error, ')}" for d in detail)
        except (ValueError, AttributeError):
            detail = ""
        raise from_response(response.status_code, detail, response.headers.get("retry-after"))

    def request(self, method: str, path: str, *, auth: bool = False, **kwargs: Any) -> httpx.Response:
        """Send a request; with ``auth`` the stored access token goes along and a 401 triggers one refresh."""
        if not auth:
            return self.check(self._send(method, path, **kwargs))
        tokens = self.store.load()
        if tokens is None:
            raise MarketError("not signed in: run `waqup market login`", 401)
        response = self._send(method, path, tokens.access_token, **kwargs)
        if response.status_code == 401:
            tokens = self.refresh(tokens.access_token)
            response = self._send(method, path, tokens.access_token, **kwargs)
        return self.check(response)

    def refresh(self, stale_access: str) -> Tokens:
        """New tokens, refreshing at most once at a time: a waiter reuses what the first one got."""
        with self.store.lock():
            current = self.store.load()
            if current is None:
                raise MarketError("not signed in: run `waqup market login`", 401)
            if current.access_token != stale_access:
                return current  # someone else refreshed while we waited
            response = self._send("POST", "/v1/auth/refresh", json={"refresh_token": current.refresh_token})
            if response.status_code == 401:
                self.store.clear()
            pair = self.check(response).json()
            tokens = self._tokens(pair)
            self.store.save(tokens)
            return tokens

    @staticmethod
    def _tokens(pair: dict) -> Tokens:
        return Tokens(pair["access_token"], pair["refresh_token"], time.time() + float(pair.get("expires_in", 0)))

    # -- auth ------------------------------------------------------------------------------
    def register(self, email: str, password: str) -> dict:
        return self.request("POST", "/v1/auth/register", json={"email": email, "password": password}).json()

    def login_password(self, email: str, password: str) -> Tokens:
        tokens = self._tokens(self.request("POST", "/v1/auth/token",
                                           json={"email": email, "password": password}).json())
        self.store.save(tokens)
        return tokens

    def device_login(self, show: Callable[[dict], None], *, sleep: Callable[[float], None] = time.sleep,
                     max_wait: float | None = None) -> Tokens:
        """RFC 8628: ``show`` the code, poll at the server's interval (slowing down when told), store tokens."""
        start = self.request("POST", "/v1/auth/device/code").json()
        show(start)
        interval = max(1.0, float(start.get("interval", 5)))
        deadline = time.monotonic() + (max_wait if max_wait is not None else float(start.get("expires_in", 600)))
        while True:
            sleep(interval)
            response = self._send("POST", "/v1/auth/device/token",
                                  data={"grant_type": DEVICE_GRANT, "device_code": start["device_code"]})
            if response.status_code == 200:
                tokens = self._tokens(response.json())
                self.store.save(tokens)
                return tokens
            if response.status_code != 400:
                self.check(response)
            error = response.json().get("error", "")
            if error == "authorization_pending":
                pass
            elif error == "slow_down":
                interval += 5
            elif error == "expired_token":
                raise MarketError("the sign-in code expired before it was approved: run `waqup market login` again")
            elif error == "access_denied":
                raise MarketError("the sign-in was denied in the browser")
            else:
                raise MarketError(f"device sign-in failed: {error or response.text[:200]}")
            if time.monotonic() > deadline:
                raise MarketError("gave up waiting for approval: run `waqup market login` again")

    def logout(self) -> bool:
        tokens = self.store.load()
        if tokens is None:
            return False
        with contextlib.suppress(MarketUnavailable):  # forget locally anyway
            self._send("POST", "/v1/auth/logout", json={"refresh_token": tokens.refresh_token})
        return self.store.clear()

    # -- API -------------------------------------------------------------------------------
    def whoami(self) -> dict:
        return self.request("GET", "/v1/me", auth=True).json()

    def become_creator(self, display_name: str, bio: str = "", links: list[str] | None = None) -> dict:
        body = {"display_name": display_name, "bio": bio, "links": links or []}
        return self.request("PUT", "/v1/creators/me", auth=True, json=body).json()

    def search(self, q: str = "", **filters: Any) -> dict:
        params = {"q": q, **{k: v for k, v in filters.items() if v not in (None, [], "")}}
        return self.request("GET", "/v1/packs", params=params).json()

    def show(self, slug: str) -> dict:
        return self.request("GET", f"/v1/packs/{slug}").json()

    def similar(self, slug: str) -> list:
        return self.request("GET", f"/v1/packs/{slug}/similar").json()

    def analytics(self) -> dict:
        return self.request("GET", "/v1/creators/me/analytics", auth=True).json()

    def publish(self, archive: Path) -> dict:
        archive = Path(archive)
        if not archive.is_file():
            raise MarketError(f"no such archive: {archive}")
        with open(archive, "rb") as handle:
            return self.request("POST", "/v1/packs", auth=True, timeout=600,
                                files={"archive": (archive.name, handle, "application/zip")}).json()

    def unpublish(self, slug: str) -> None:
        self.request("DELETE", f"/v1/packs/{slug}", auth=True)

    def download_links(self, slug: str) -> dict:
        return self.request("POST", f"/v1/packs/{slug}/download", auth=True).json()

    def report_practice(self, slug: str, item_id: str, seconds: float, completed: bool) -> None:
        self.request("POST", f"/v1/packs/{slug}/practice", auth=True,
                     json={"item_id": item_id, "seconds": seconds, "completed": completed})

    def fetch(self, url: str, target: Path, max_bytes: int) -> Path:
        """Stream a pre-signed URL to ``target`` (no bearer token: the URL is the grant)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.part")
        try:
            with self.http.stream("GET", url) as response:
                if response.status_code >= 400:
                    response.read()
                    self.check(response)
                size = 0
                with open(tmp, "wb") as out:
                    for chunk in response.iter_bytes(1 << 16):
                        size += len(chunk)
                        if size > max_bytes:
                            raise MarketError("the download is larger than announced; stopped", 413)
                        out.write(chunk)
            tmp.replace(target)
        except httpx.HTTPError as exc:
            raise MarketUnavailable(f"the download from {self.url} failed: {exc}") from None
        finally:
            tmp.unlink(missing_ok=True)
        return target
