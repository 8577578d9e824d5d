"""Voice providers by name, voice specs (``provider:voice``) and the listing across providers."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable

from engine.errors import UsageError, WaqupError
from engine.voice.base import VoiceInfo, VoiceProvider

_FACTORIES: dict[str, Callable[[], VoiceProvider]] = {}
_INSTANCES: dict[str, VoiceProvider] = {}


def register_provider(name: str, factory: Callable[[], VoiceProvider]) -> None:
    """Add (or replace) a provider; cloud providers call this with a zero-argument factory."""
    _FACTORIES[name] = factory
    _INSTANCES.pop(name, None)


def _lazy(module: str, cls: str) -> Callable[[], VoiceProvider]:
    """A factory that imports a cloud provider's module only when it is first used."""

    def factory() -> VoiceProvider:
        return getattr(importlib.import_module(module), cls)()

    return factory


def _register_builtins() -> None:
    _FACTORIES.setdefault("elevenlabs", _lazy("engine.voice.elevenlabs", "ElevenLabsProvider"))
    _FACTORIES.setdefault("openai", _lazy("engine.voice.openai_tts", "OpenAITTSProvider"))
    if "espeak" not in _FACTORIES:
        from engine.voice.espeak import EspeakProvider

        _FACTORIES["espeak"] = EspeakProvider
    if "hibari" not in _FACTORIES:
        from engine.voice.neural import HibariProvider

        _FACTORIES["hibari"] = HibariProvider


def provider_names() -> list[str]:
    _register_builtins()
    return list(_FACTORIES)


def get_voice_provider(name: str) -> VoiceProvider:
    """The (shared) provider instance called ``name``."""
    _register_builtins()
    if name not in _FACTORIES:
        raise UsageError(f"unknown voice provider {name!r}: choose one of {', '.join(_FACTORIES)}")
    if name not in _INSTANCES:
        _INSTANCES[name] = _FACTORIES[name]()
    return _INSTANCES[name]


def default_voice() -> str:
    """ElevenLabs when its key is set, else ``hibari:heart`` when hibari-tts is importable,
    else ``espeak:en-us+f3`` (set ``audio.voice`` to choose any voice explicitly)."""
    from engine.keys import has_key

    if has_key("elevenlabs"):
        return "elevenlabs"
    if importlib.util.find_spec("hibari") and importlib.util.find_spec("onnxruntime"):
        return "hibari:heart"
    return "espeak:en-us+f3"


def resolve_voice(spec: str | None) -> tuple[VoiceProvider, str]:
    """``"hibari:heart"``, ``"espeak:en-gb-x-rp"``, a bare provider (``"espeak"``) or a bare voice
    name known to one provider; empty means :func:`default_voice`."""
    spec = (spec or "").strip() or default_voice()
    _register_builtins()
    if ":" in spec:
        provider_name, voice = spec.split(":", 1)
        provider = get_voice_provider(provider_name)
        return provider, voice or provider.default_voice
    if spec in _FACTORIES:
        provider = get_voice_provider(spec)
        return provider, provider.default_voice
    for name in _FACTORIES:
        provider = get_voice_provider(name)
        try:
            if any(v.name == spec for v in provider.voices()):
                return provider, spec
        except WaqupError:
            continue
    raise UsageError(f"unknown voice {spec!r}: see `waqup voices` (write it as provider:voice)")


def configured_voice() -> str:
    """The ``provider:voice`` renders use when no ``--voice`` is given: config ``audio.voice``, else
    :func:`default_voice`."""
    from engine import config

    provider, voice = resolve_voice(config.get("audio.voice") or None)
    return f"{provider.name}:{voice}"


def list_voices(include_unavailable: bool = True, skip: Iterable[str] = ()) -> list[VoiceInfo]:
    """Every voice of every registered provider but those in ``skip``, offline ones first."""
    out: list[VoiceInfo] = []
    for name in provider_names():
        if name in skip:
            continue
        try:
            voices = get_voice_provider(name).voices()
        except WaqupError:
            continue
        out.extend(v for v in voices if include_unavailable or v.available)
    return sorted(out, key=lambda v: not v.offline)
