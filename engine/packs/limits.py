"""Per-provider limits for batch runs: a concurrency cap and an evenly spaced rate limit.

The rate limiter is a token bucket (``burst`` tokens, refilled at ``rate`` per second); with the
default burst of 1 it spaces calls evenly, so no one-second window sees more than the rate.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from dataclasses import dataclass, field

from engine.errors import UsageError


def parse_rate(text: str | float | None) -> float | None:
    """Requests per minute from ``"120"``, ``"120/min"``, ``"2/s"`` or ``"7200/h"`` (``None``: no limit)."""
    if text is None or text == "":
        return None
    if isinstance(text, int | float):
        value, unit = float(text), "min"
    else:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:/\s*(s|sec|second|m|min|minute|h|hour))?\s*", text.lower())
        if not match:
            raise UsageError(f"--rate must look like 60/min, 2/s or 600/h (got {text!r})")
        value, unit = float(match.group(1)), match.group(2) or "min"
    per_minute = value * {"s": 60, "sec": 60, "second": 60, "h": 1 / 60, "hour": 1 / 60}.get(unit, 1)
    if per_minute <= 0:
        raise UsageError("--rate must be above zero")
    return per_minute


class RateLimiter:
    """At most ``per_minute`` acquisitions a minute, evenly spaced (bursts up to ``burst``).

    Each caller reserves the next free moment under a lock and then sleeps outside it, so waiters
    are served in order from asyncio (:meth:`acquire`) or from worker threads (:meth:`wait`); a
    thread calls :meth:`wait` right before its request so database work never bunches requests up.
    """

    def __init__(self, per_minute: float, burst: int = 1, clock=time.monotonic):
        self.rate = per_minute / 60.0
        self.burst = max(1, int(burst))
        self._clock = clock
        self._tokens = float(self.burst)
        self._last = clock()
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take a token (possibly in debt); returns the seconds to wait before using it."""
        with self._lock:
            now = self._clock()
            self._tokens = min(float(self.burst), self._tokens + (now - self._last) * self.rate)
            self._last = now
            self._tokens -= 1.0
            return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    async def acquire(self) -> None:
        delay = self.reserve()
        if delay > 0:
            await asyncio.sleep(delay)

    def wait(self) -> None:
        delay = self.reserve()
        if delay > 0:
            time.sleep(delay)


class Paced:
    """A text provider whose every ``generate`` first waits its turn on a :class:`RateLimiter`."""

    def __init__(self, provider, limiter: RateLimiter | None):
        self.provider, self.limiter = provider, limiter
        self.name = getattr(provider, "name", "")

    def generate(self, params, **kwargs):
        if self.limiter is not None:
            self.limiter.wait()
        return self.provider.generate(params, **kwargs)


@dataclass
class ProviderLimit:
    """The slots and the rate limiter of one provider."""

    slots: asyncio.Semaphore
    limiter: RateLimiter | None = None


@dataclass
class Limits:
    """Concurrency and rate per provider name (created lazily inside the running loop)."""

    concurrency: int = 4
    per_minute: float | None = None
    burst: int = 1
    _by_provider: dict[str, ProviderLimit] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.concurrency < 1:
            raise UsageError("--concurrency must be 1 or more")

    def of(self, provider: str) -> ProviderLimit:
        if provider not in self._by_provider:
            limiter = RateLimiter(self.per_minute, self.burst) if self.per_minute else None
            self._by_provider[provider] = ProviderLimit(asyncio.Semaphore(self.concurrency), limiter)
        return self._by_provider[provider]
