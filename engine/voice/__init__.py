"""Text to speech: providers, voice specs and the synthesis cache. Cheap to import.

Public API::

    from engine.voice import (VoiceSettings, Speech, VoiceInfo, VoiceProvider, get_voice_provider,
                              register_provider, resolve_voice, default_voice, configured_voice, list_voices,
                              synthesize, SynthesisCache, cache_key, decode_audio, resample)

    speech = synthesize("You are safe here.", voice="espeak:en-us+f3")   # Speech(samples, sample_rate)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.voice.base import Speech, VoiceInfo, VoiceProvider, VoiceSettings, split_sentences
from engine.voice.registry import (
    configured_voice,
    default_voice,
    get_voice_provider,
    list_voices,
    provider_names,
    register_provider,
    resolve_voice,
)

if TYPE_CHECKING:
    from engine.voice.cache import SynthesisCache

_LAZY = {
    "SynthesisCache": "engine.voice.cache",
    "cache_key": "engine.voice.cache",
    "decode_audio": "engine.voice.pcm",
    "resample": "engine.voice.pcm",
    "from_pcm16": "engine.voice.pcm",
    "trim_silence": "engine.voice.pcm",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'engine.voice' has no attribute {name!r}")


def synthesize(
    text: str,
    voice: str | None = None,
    settings: VoiceSettings | None = None,
    cache: SynthesisCache | None = None,
) -> Speech:
    """Speak ``text`` with ``voice`` (a spec like ``hibari:heart``), through the disk cache."""
    from engine.voice.cache import SynthesisCache

    provider, name = resolve_voice(voice)
    speech, _ = (cache or SynthesisCache()).synthesize(provider, text, name, settings or VoiceSettings())
    return speech


__all__ = [
    "Speech",
    "VoiceInfo",
    "VoiceProvider",
    "VoiceSettings",
    "split_sentences",
    "configured_voice",
    "default_voice",
    "get_voice_provider",
    "list_voices",
    "provider_names",
    "register_provider",
    "resolve_voice",
    "synthesize",
    "SynthesisCache",
    "cache_key",
    "decode_audio",
    "resample",
    "from_pcm16",
    "trim_silence",
]
