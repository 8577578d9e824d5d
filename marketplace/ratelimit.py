"""Rate limits with the ``limits`` library: in memory for one process, Redis for a fleet.

When the shared store fails, reads are let through (logged) and everything else (sign-in, registration,
money) is refused with 503: a limit that silently stops counting is no limit for credentials or money.
"""

from __future__ import annotations

import logging
import math
import time

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import SlidingWindowCounterRateLimiter

log = logging.getLogger("marketplace.ratelimit")


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"rate limited; retry after {retry_after}s")
        self.retry_after = retry_after


class StoreDown(Exception):
    """The shared store is unreachable and the request must not go unlimited."""


class Limiter:
    def __init__(self, redis_url: str = "", rates: dict[str, str] | None = None):
        uri = redis_url if redis_url else "memory://"
        self.local = not redis_url  # in memory: a hit is a few microseconds and never blocks on I/O
        # a shared store that stops answering must fail fast (then open or closed, see hit), not hang requests
        options = {"socket_timeout": 1, "socket_connect_timeout": 1} if redis_url.startswith("redis") else {}
        self.storage = storage_from_string(uri, **options)
        self.strategy = SlidingWindowCounterRateLimiter(self.storage)
        self.rates = {name: parse(rate) for name, rate in (rates or {}).items()}

    def hit(self, bucket: str, key: str, fail_closed: bool = False) -> None:
        """Count one request for ``key`` in ``bucket``; raises :class:`RateLimited` when over, and
        :class:`StoreDown` when the store fails and ``fail_closed`` (else the request passes, logged)."""
        rate = self.rates.get(bucket)
        if rate is None:
            return
        try:
            if self.strategy.hit(rate, bucket, key):
                return
            stats = self.strategy.get_window_stats(rate, bucket, key)
        except Exception as exc:  # noqa: BLE001 - any store failure
            log.warning("rate limit store unavailable (%s): failing %s", type(exc).__name__,
                        "closed" if fail_closed else "open")
            if fail_closed:
                raise StoreDown from None
            return
        raise RateLimited(max(1, math.ceil(stats.reset_time - time.time())))

    def reset(self) -> None:
        self.storage.reset()
