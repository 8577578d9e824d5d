"""Types shared by every voice provider: settings, voice descriptions, synthesised speech."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    import numpy as np

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=\S)")


@dataclass(frozen=True)
class VoiceSettings:
    """How to speak. Defaults are calm: a little slower and lower than the engine's normal.

    ``rate`` multiplies the provider's normal pace (1.0 = normal); ``pitch`` is in semitones
    (0 = natural); ``sentence_pause`` is the silence spliced between sentences of one line;
    ``direction`` is the script's voice direction (``{softly}``), used by providers that can.
    """

    rate: float = 0.88
    pitch: float = -1.0
    sentence_pause: float = 0.45
    direction: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def key(self) -> dict[str, Any]:
        """A JSON-ready form for cache keys."""
        return {k: v for k, v in asdict(self).items() if v not in (None, {})}


NEEDS_DOWNLOAD = "needs a download"


def needs_key(provider: str) -> str:
    """Why a cloud voice is unavailable without its key: ``needs ELEVENLABS_API_KEY``."""
    from engine.keys import PROVIDERS

    return f"needs {PROVIDERS[provider][1]}"


@dataclass(frozen=True)
class VoiceInfo:
    """One voice a provider offers. ``id`` is ``provider:name``, what ``audio.voice`` holds.

    ``needs`` says why an unavailable voice can't speak here yet (``needs a download``, ``needs
    OPENAI_API_KEY``); ``installed`` is False when the provider's own software is missing.
    """

    provider: str
    name: str
    language: str = "en"
    gender: str = ""
    description: str = ""
    offline: bool = True
    available: bool = True
    needs: str = ""
    installed: bool = True

    @property
    def id(self) -> str:
        return f"{self.provider}:{self.name}"


@dataclass
class Speech:
    """Mono float32 PCM in [-1, 1] and its sample rate."""

    samples: np.ndarray
    sample_rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate


@runtime_checkable
class VoiceProvider(Protocol):
    """Turns text into :class:`Speech`. ``model`` goes into cache keys, so bump it when output changes."""

    name: str
    model: str
    default_voice: str

    def voices(self) -> list[VoiceInfo]: ...

    def available(self) -> bool: ...

    def synthesize(self, text: str, voice: str, settings: VoiceSettings) -> Speech: ...


def split_sentences(text: str) -> list[str]:
    """Sentences of one line, split at end punctuation followed by a space."""
    parts = _SENTENCE_END.split(" ".join(text.split()))
    return [p.strip() for p in parts if p and p.strip()]
