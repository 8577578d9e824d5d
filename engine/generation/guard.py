"""The crisis gate on what a text provider returns, before it is shown or saved.

The person's words pass the gate before a provider is asked (``engine.create.ensure_safe``, the
conversation's turn check); this module checks the other direction, what an LLM answers:

* :func:`guard_stream` wraps ``on_text``: each streamed piece (a whole string value, see
  ``StringStream``) is checked on the device before it is shown, and once one trips nothing more
  is shown;
* :func:`check_answer` checks the finished script (title and every line, one call, with the
  moderation layer when it is on) and raises :class:`UnsafeAnswer`, so nothing is saved and the
  caller releases the credit hold.

The offline engine is not checked here: its scripts come from reviewed phrase banks plus the
person's words, which already passed the gate.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from engine.errors import WaqupError
from engine.script import Script

UNSAFE_MESSAGE = "the provider's answer contained crisis language; nothing was saved or charged"


class UnsafeAnswer(WaqupError):
    """A provider's answer tripped the crisis gate. Carries the category, never the words."""

    def __init__(self, category: str = "", provider: str = ""):
        self.category = category
        self.provider = provider
        super().__init__(UNSAFE_MESSAGE)


def check_answer(script: Script, provider: str = "") -> None:
    """Raise :class:`UnsafeAnswer` when ``script`` contains crisis language."""
    from engine.safety import check_crisis

    found = check_crisis(script.spoken_text())
    if found is not None:
        raise UnsafeAnswer(found.category, provider)


class StreamGuard:
    """``on_text`` behind the gate: pieces pass until one trips, then nothing more is shown."""

    def __init__(self, on_text: Callable[[str], None]):
        self.on_text = on_text
        self.tripped = False
        self._lock = threading.Lock()

    def __call__(self, piece: str) -> None:
        from engine.safety import check_crisis

        with self._lock:
            if self.tripped:
                return
            if piece.strip() and check_crisis(piece, moderation=False) is not None:
                self.tripped = True
                return
        self.on_text(piece)


def guard_stream(on_text: Callable[[str], None] | None) -> StreamGuard | None:
    return StreamGuard(on_text) if on_text is not None else None


__all__ = ["UNSAFE_MESSAGE", "StreamGuard", "UnsafeAnswer", "check_answer", "guard_stream"]
