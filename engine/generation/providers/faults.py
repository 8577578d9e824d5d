"""Retries and error translation shared by every cloud provider (text and voice).

Timeouts, connection errors, 429 (honouring ``Retry-After``) and 5xx are retried with jittered
exponential backoff (tenacity), bounded in attempts and in total time. The SDKs' own retries are
turned off (``max_retries=0``) so these are the only ones. A *shape refusal* (any 4xx/5xx whose
body says the request itself is wrong, e.g. llama-cpp-python's 500 "Input should be 'text' or
'json_object'") is deterministic and never retried. Everything else becomes one clear
:class:`ProviderError` line with any key scrubbed out.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from engine.errors import WaqupError
from engine.keys import PROVIDERS, scrub

T = TypeVar("T")
RETRY_STATUS = {408, 409, 425, 429}


class ProviderError(WaqupError):
    """A cloud provider call failed; ``status`` is the HTTP status when there was one.

    ``shape`` is True when the server refused the request's shape (a ``response_format`` or field
    it does not support); ``reason`` is the server's own one-line explanation.
    """

    def __init__(self, message: str, *, provider: str = "", status: int | None = None,
                 retryable: bool = False, shape: bool = False, reason: str = ""):
        super().__init__(scrub(message))
        self.provider, self.status, self.retryable = provider, status, retryable
        self.shape, self.reason = shape, scrub(reason)


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
        """``providers.retry`` (global) overlaid with ``providers.<provider>.retry`` and ``.timeout``."""
        providers = (config or {}).get("providers", {}) or {}
        section = providers.get(provider) or {}
        merged = {**(providers.get("retry") or {}), **(section.get("retry") or {})}
        if section.get("timeout"):
            merged["timeout"] = section["timeout"]  # ``providers.<name>.timeout``: seconds per request
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


# Words a server uses when the request's shape (not its load) is the problem.
_SHAPE_WORDS = re.compile(
    r"response_format|json_schema|json_object|guided_json|\bschema\b|\bformat\b|literal_error|"
    r"extra_forbidden|input should be|validation error|unrecognized request argument|"
    r"not supported|unsupported|unknown (?:field|parameter)|grammar",
    re.IGNORECASE,
)


def is_shape_refusal(exc: BaseException) -> bool:
    """A 4xx/5xx (not auth, not rate limit) whose body says the request shape is wrong."""
    if isinstance(exc, ProviderError):
        return exc.shape
    status = status_of(exc)
    if status is None or status in (401, 403, 404) or status in RETRY_STATUS or status in (502, 503, 504):
        return False
    return bool(_SHAPE_WORDS.search(_message(exc)))


def server_reason(text: str, limit: int = 240) -> str:
    """The server's explanation on one line: pydantic/FastAPI ``msg`` (and ``loc``) when present."""
    messages = re.findall(r"""['"]msg['"]\s*:\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""", text)
    locs = re.findall(r"""['"]loc['"]\s*:\s*[(\[]([^)\]]*)[)\]]""", text)
    if messages:
        parts = []
        for index, (double, single) in enumerate(messages[:2]):
            where = ""
            if index < len(locs):
                names = [n.strip(" '\"") for n in locs[index].split(",")]
                where = ".".join(n for n in names if n and n != "body")
            parts.append(f"{where}: {double or single}" if where else (double or single))
        text = "; ".join(parts)
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def is_transient(exc: BaseException) -> bool:
    """Timeouts, connection failures, 408/409/425/429 and 5xx (not a 5xx shape refusal)."""
    if isinstance(exc, ProviderError):
        return exc.retryable
    if is_shape_refusal(exc):
        return False
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
    detail = server_reason(_message(exc))
    if is_shape_refusal(exc):
        return ProviderError(f"{label} refused the request (HTTP {status}): {detail}",
                             provider=provider, status=status, shape=True, reason=detail)
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
