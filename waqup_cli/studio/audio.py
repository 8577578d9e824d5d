"""The audio seam of the Studio: the App talks to playback only through an :class:`AudioBackend`.

The default, :class:`EngineAudio`, is ``engine.audio``; tests pass their own object to
``StudioApp(audio=...)`` (a front door, no monkeypatching).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol


class PlaybackLike(Protocol):
    """What the Player screen needs from a playing stream (``engine.audio.Playback`` fits)."""

    volume: float

    @property
    def position(self) -> float: ...

    @property
    def duration(self) -> float: ...

    @property
    def done(self) -> bool: ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def seek(self, seconds: float) -> None: ...

    def stop(self) -> None: ...


class AudioBackend(Protocol):
    def check(self) -> str:
        """The output device name; raises ``WaqupError`` when nothing can play."""

    def load(self, path: str | Path) -> tuple[Any, int]:
        """Decoded samples and sample rate of a rendered file."""

    def start(self, samples: Any, sample_rate: int, start: float = 0.0) -> PlaybackLike:
        """Begin playing ``samples`` from ``start`` seconds."""


class EngineAudio:
    """``engine.audio`` playback (PortAudio through sounddevice, loaded on first use)."""

    def check(self) -> str:
        from engine.audio import check_playback

        return check_playback()

    def load(self, path: str | Path) -> tuple[Any, int]:
        from engine.audio.player import load_for_playback

        return load_for_playback(path)

    def start(self, samples: Any, sample_rate: int, start: float = 0.0) -> PlaybackLike:
        from engine.audio import Playback

        return Playback(samples, sample_rate, start=start)
