"""Rate limits with the ``limits`` library: in memory for one process, Redis for a fleet.

A failing Redis lets requests through (logged): availability beats strict limits.
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


class Limiter:
    def __init__(self, redis_url: str = "", rates: dict[str, str] | None = None):
        uri = redis_url if redis_url else "memory://"
        self.local = not redis_url  # in memory: a hit is a few microseconds and never blocks on I/O
        self.storage = storage_from_string(uri)
        self.strategy = SlidingWindowCounterRateLimiter(self.storage)
        self.rates = {name: parse(rate) for name, rate in (rates or {}).items()}

    def hit(self, bucket: str, key: str) -> None:
        """Count one request for ``key`` in ``bucket``; raises :class:`RateLimited` when over."""
        rate = self.rates.get(bucket)
        if rate is None:
            return
        try:
            if self.strategy.hit(rate, bucket, key):
                return
            stats = self.strategy.get_window_stats(rate, bucket, key)
        except Exception as exc:  # noqa: BLE001 - fail open when the shared store is down
            log.warning("rate limit store unavailable: %s", type(exc).__name__)
            return
        raise RateLimited(max(1, math.ceil(stats.reset_time - time.time())))

    def reset(self) -> None:
        self.storage.reset()
