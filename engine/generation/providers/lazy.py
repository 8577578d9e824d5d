"""SDK clients built on first use: no SDK import and no client at import or construction time."""

from __future__ import annotations

import threading
from typing import Any

_BUILD_LOCK = threading.Lock()  # building a client is rare; one lock for all keeps it race-free


class LazyClient:
    """Mixin: ``client()`` builds the SDK client once (thread-safe) through ``_build_client()``."""

    _client: Any = None

    def client(self) -> Any:
        """The SDK client, built (and its module imported) on first use."""
        with _BUILD_LOCK:
            if self._client is None:
                self._client = self._build_client()
            return self._client

    def _build_client(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError
