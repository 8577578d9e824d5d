"""Runs one creation :class:`~engine.conversation.Session` on its own thread.

SQLite connections belong to the thread that opened them, so the session and its library live
on a single-thread executor; Textual thread workers call :meth:`SessionRunner.call` and wait.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any


class SessionRunner:
    """Owns a session (created lazily on the runner thread) and serialises every call to it."""

    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="waqup-session")
        self.session: Any = None

    def call(self, fn: Callable[[Any], Any]) -> Any:
        """Run ``fn(session)`` on the session thread and return its result (raises its errors)."""

        def run() -> Any:
            if self.session is None:
                self.session = self._factory()
            return fn(self.session)

        return self._executor.submit(run).result()

    def close(self) -> None:
        def shut() -> None:
            if self.session is not None:
                self.session.library.close()
                self.session = None

        self._executor.submit(shut).result()
        self._executor.shutdown(wait=False)
