"""Serialised catalog pages kept in process, keyed by their ETag.

An ETag names the catalog revision, the download-counts window and the query; every change to what the catalog
lists moves the revision, so a cached page is never stale beyond the counts window: a changed catalog simply
stops asking for the old keys, which age out. Nothing is shared between processes, so instances behind a load
balancer stay stateless (each warms its own cache).
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class PageCache:
    """A thread-safe LRU of response bodies, bounded by entry count and total bytes (0 entries: off)."""

    def __init__(self, max_entries: int = 1024, max_bytes: int = 32 << 20) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._pages: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._pages.get(key)
            if body is not None:
                self._pages.move_to_end(key)
            return body

    def put(self, key: str, body: bytes) -> None:
        if not self.max_entries or len(body) > self.max_bytes:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            self._bytes += len(body) - (len(old) if old is not None else 0)
            self._pages[key] = body
            while len(self._pages) > self.max_entries or self._bytes > self.max_bytes:
                _, evicted = self._pages.popitem(last=False)
                self._bytes -= len(evicted)

    def __len__(self) -> int:
        return len(self._pages)
