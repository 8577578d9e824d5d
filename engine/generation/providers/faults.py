"""Retries and error translation shared by every cloud provider (text and voice).

Timeouts, connection errors, 429 (honouring ``Retry-After``) and 5xx are retried with jittered
exponential backoff (tenacity), bounded in attempts and in total time. The SDKs' own retries are
turned off (``max_retries=0``) so these are the only ones. Everything else becomes one clear
:class:`ProviderError` line with any key scrubbed out.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from engine.errors import WaqupError
from engine.keys import PROVIDERS, scrub

T = TypeVar("T")
RETRY_STATUS = {408, 409, 425, 429}


class ProviderError(WaqupError):
    """A cloud provider call failed; ``status`` is the HTTP status when there was one."""

    def __init__(self, message: str, *, provider: str = "", status: int | None = None,
                 retryable: bool = False):
        super().__init__(scrub(message))
        self.provider, self.status, self.retryable = provider, status, retryable


@dataclass(frozen=True)
class RetryPolicy:
    """Bounds for retrying one call: attempts, total seconds, backoff base and cap (seconds)."""

    attempts: int = 4
    total: float = 90.0
    base: float = 0.5
    max_wait: float = 20.0
    timeout: float = 60.0  # per request

    @classmethod
    def from_config(cls, config: dict[str, Any] | None = None, provider: str = "") -> RetryPolicy:
        """``providers.retry`` (global) overlaid with ``providers.<provider>.retry``."""
        providers = (config or {}).get("providers", {}) or {}
        merged = {**(providers.get("retry") or {}), **((providers.get(provider) or {}).get("retry") or {})}
        known = {k: float(v) if k != "attempts" else int(v) for k, v in merged.items()
                 if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class CallStats:
    """What one logical call cost: attempts made and seconds spent."""

    attempts: int = 0
    seconds: float = 0.0

    @property
    def retries(self) -> int:
        return max(self.attempts - 1, 0)


def status_of(exc: BaseException) -> int | None:
    for attr in ("status_code", "status"):
        value = getattr(exc, attr, None)
        if isinstance(value, int):
            return value
    response = getattr(exc, "response", None)
    value = getattr(response, "status_code", None)
    return value if isinstance(value, int) else None


def _headers(exc: BaseException) -> Any:
    headers = getattr(exc, "headers", None)  # elevenlabs ApiError
    if headers is None:
        headers = getattr(getattr(exc, "response", None), "headers", None)
    return headers or {}


def retry_after(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms`` or ``Retry-After`` seconds)."""
    headers = _headers(exc)
    try:
        if headers.get("retry-after-ms"):
            return float(headers["retry-after-ms"]) / 1000
        if headers.get("retry-after"):
            return float(headers["retry-after"])
    except (TypeError, ValueError, AttributeError):
        return None
    return None


def is_transient(exc: BaseException) -> bool:
    """Timeouts, connection failures, 408/409/425/429 and 5xx."""
    if isinstance(exc, ProviderError):
        return exc.retryable
    name = type(exc).__name__
    if name in ("APITimeoutError", "APIConnectionError") or isinstance(exc, TimeoutError | ConnectionError):
        return True
    try:
        import httpx

        if isinstance(exc, httpx.TransportError):
            return True
    except ImportError:  # pragma: no cover
        pass
    try:
        import httpx2

        if isinstance(exc, httpx2.TransportError):
            return True
    except ImportError:
        pass
    status = status_of(exc)
    return status is not None and (status in RETRY_STATUS or status >= 500)


def _message(exc: BaseException) -> str:
    """The provider's own error message, if its body had one."""
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        err = body.get("error", body.get("detail", body))
        if isinstance(err, dict):
            msg = err.get("message") or err.get("msg") or err.get("status")
            if msg:
                return str(msg)
        elif isinstance(err, str):
            return err
    elif isinstance(body, str) and body.strip():
        return body.strip()[:300]
    return getattr(exc, "message", None) or str(exc) or type(exc).__name__


def translate(exc: BaseException, provider: str, *, attempts: int = 1) -> ProviderError:
    """One clear line for a failed call (keys scrubbed)."""
    if isinstance(exc, ProviderError):
        return exc
    key_name = provider if provider in PROVIDERS else ""
    label = PROVIDERS.get(key_name, (provider.capitalize() or "The provider", ""))[0]
    status = status_of(exc)
    if status in (401, 403):
        fix = f": run `waqup keys set {key_name}`" if key_name else ": check its key and base URL"
        return ProviderError(f"{label} rejected the key{fix}", provider=provider, status=status)
    detail = _message(exc)
    if is_transient(exc):
        what = f"HTTP {status}" if status else type(exc).__name__.replace("API", "").lower()
        tries = f" after {attempts} attempt{'s' * (attempts != 1)}"
        return ProviderError(f"{label} is unavailable ({what}){tries}: {detail}", provider=provider,
                             status=status, retryable=True)
    if status is not None:
        return ProviderError(f"{label} refused the request (HTTP {status}): {detail}", provider=provider,
                             status=status)
    return ProviderError(f"{label} call failed: {detail}", provider=provider)


def call_with_retries(fn: Callable[[], T], provider: str, policy: RetryPolicy,
                      stats: CallStats | None = None) -> T:
    """Run ``fn`` with the policy's bounded, jittered exponential backoff; translate the final error."""
    from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, stop_after_delay

    stats = stats if stats is not None else CallStats()
    started = time.monotonic()

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after(exc) if exc else None
        if asked is not None:
            return min(max(asked, 0.0), policy.max_wait)
        cap = min(policy.max_wait, policy.base * 2 ** (state.attempt_number - 1))
        return random.uniform(cap / 2, cap)  # jitter in [cap/2, cap]

    def count(_: RetryCallState) -> None:
        stats.attempts += 1

    retrying = Retrying(
        stop=stop_after_attempt(max(policy.attempts, 1)) | stop_after_delay(policy.total),
        wait=wait, retry=retry_if_exception(is_transient), before=count, reraise=True,
    )
    try:
        return retrying(fn)
    except WaqupError:
        raise  # already one clear line (missing key, no base URL, a ProviderError)
    except Exception as exc:
        raise translate(exc, provider, attempts=stats.attempts) from None
    finally:
        stats.seconds += time.monotonic() - started
