"""Marketplace failures as one clear line each (the CLI prints them; the toolkit keeps working offline)."""

from __future__ import annotations

from engine.errors import WaqupError

HINTS = {
    401: "not signed in, or your session expired: run `waqup market login`",
    402: "this pack is paid",
    403: "not allowed",
    404: "not found",
    409: "conflict",
    413: "too large for the marketplace",
    422: "the marketplace refused the input",
    429: "the marketplace is rate limiting you",
}
BECOME_CREATOR = 'waqup market become-creator --name "..."'


class MarketError(WaqupError):
    """The marketplace answered with an error (``status`` is the HTTP status, 0 for client-side)."""

    def __init__(self, message: str, status: int = 0):
        super().__init__(message)
        self.status = status


class MarketUnavailable(MarketError):
    """The marketplace cannot be reached: everything local still works."""


def from_response(status: int, detail: str, retry_after: str | None = None) -> MarketError:
    """``MarketError`` with a one-line message for an HTTP error status."""
    detail = " ".join(str(detail or "").split())[:300]
    if status == 401:
        message = f"{HINTS[401]}" + (f" ({detail})" if detail else "")
    elif status == 429:
        wait = f" try again in {retry_after}s" if retry_after else " try again shortly"
        message = f"{HINTS[429]}:{wait}"
    elif status == 403 and "needs the creator role" in detail and "become-creator" not in detail:
        message = f"{HINTS[403]}: {detail}: run `{BECOME_CREATOR}` first"
    elif status in HINTS:
        message = f"{HINTS[status]}: {detail}" if detail else HINTS[status]
    elif status >= 500:
        message = f"the marketplace failed (HTTP {status}); try again later" + (f": {detail}" if detail else "")
    else:
        message = f"the marketplace refused the request (HTTP {status})" + (f": {detail}" if detail else "")
    return MarketError(message, status)
