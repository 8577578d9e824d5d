"""ElevenLabs voices with the creator's own key (official ``elevenlabs`` SDK).

Voice specs are ``elevenlabs:<voice id>`` (or a voice's name from ``waqup voices``). Settings:
``VoiceSettings.extra`` keys ``stability``, ``similarity``, ``style``, ``speed`` win over config
``providers.elevenlabs.*``; speed otherwise follows ``VoiceSettings.rate`` (clamped 0.7..1.2).
Audio is requested as ``pcm_24000`` (config ``providers.elevenlabs.output_format``; ``mp3_*`` works too).
"""

from __future__ import annotations

import os
from typing import Any

from engine.generation.providers.cloud_voice import CloudVoice, cached_voices, synthesize_many
from engine.generation.providers.faults import call_with_retries
from engine.voice.base import Speech, VoiceInfo, VoiceSettings, needs_key

DEFAULT_VOICE = "21m00Tcm4TlvDq8ikWAM"  # "Rachel", a calm premade voice
NO_SDK_RETRIES = {"max_retries": 0}


class ElevenLabsProvider(CloudVoice):
    """``elevenlabs``: cloud voices; ``ELEVENLABS_BASE_URL`` or ``providers.elevenlabs.base_url`` honoured."""

    name = "elevenlabs"
    key_provider = "elevenlabs"
    default_model = "eleven_multilingual_v2"
    fallback_voice = DEFAULT_VOICE
    default_concurrency = 3

    @property
    def output_format(self) -> str:
        return str(self.section.get("output_format") or "pcm_24000")

    def _build_client(self) -> Any:
        from elevenlabs.client import ElevenLabs

        base_url = os.environ.get("ELEVENLABS_BASE_URL") or self.configured_base_url
        return ElevenLabs(api_key=self.key(), base_url=base_url or None, timeout=self.retry.timeout)

    def voice_settings(self, settings: VoiceSettings) -> dict[str, float]:
        extra, section = settings.extra or {}, self.section

        def pick(name: str, default: float) -> float:
            return float(extra.get(name, section.get(name, default)))

        return {
            "stability": pick("stability", 0.6),
            "similarity_boost": pick("similarity", 0.75),
            "style": pick("style", 0.0),
            "speed": min(1.2, max(0.7, pick("speed", settings.rate))),
        }

    def synthesize(self, text: str, voice: str, settings: VoiceSettings) -> Speech:
        from elevenlabs import VoiceSettings as ElevenSettings

        from engine.voice.pcm import decode_audio, from_pcm16

        voice_id = self._voice_id(voice or self.default_voice)
        client = self.client()
        fmt = self.output_format

        def call() -> bytes:
            chunks = client.text_to_speech.convert(
                voice_id,
                text=text,
                model_id=self.model,
                output_format=fmt,
                voice_settings=ElevenSettings(**self.voice_settings(settings)),
                request_options=NO_SDK_RETRIES,
            )
            return b"".join(chunks)

        audio = self.request(call, text=text, voice=voice_id)
        if fmt.startswith("pcm_"):
            return from_pcm16(audio, int(fmt.split("_")[1]))
        return decode_audio(audio)

    def _voice_id(self, voice: str) -> str:
        """A voice id as given, or the id of a voice whose name matches (from the cached list)."""
        if len(voice) >= 16 and voice.isalnum():
            return voice
        for entry in self._voice_list():
            if entry["name"].lower() == voice.lower():
                return entry["id"]
        return voice

    def _voice_list(self, refresh: bool = False) -> list[dict[str, Any]]:
        def fetch() -> list[dict[str, Any]]:
            client = self.client()
            response = call_with_retries(
                lambda: client.voices.get_all(request_options=NO_SDK_RETRIES), self.key_provider, self.retry
            )
            return [
                {
                    "id": v.voice_id,
                    "name": v.name or v.voice_id,
                    "category": v.category or "",
                    "labels": dict(v.labels or {}),
                    "description": v.description or "",
                }
                for v in response.voices
            ]

        return cached_voices(self.name, fetch, refresh=refresh)

    def voices(self, refresh: bool = False) -> list[VoiceInfo]:
        """The account's voices (cached for a day); without a key, only the default voice, unavailable."""
        if not self.available():
            return [VoiceInfo(self.name, DEFAULT_VOICE, "en", "female", "Rachel; your account's voices are listed "
                              "once a key is set", offline=False, available=False, needs=needs_key(self.key_provider))]
        out = []
        for v in self._voice_list(refresh):
            labels = v.get("labels") or {}
            out.append(
                VoiceInfo(
                    self.name,
                    v["id"],
                    labels.get("language", "en"),
                    labels.get("gender", ""),
                    f"{v['name']}"
                    + (
                        f" ({labels.get('description') or v.get('category')})"
                        if labels.get("description") or v.get("category")
                        else ""
                    ),
                    offline=False,
                    available=True,
                )
            )
        return out


def register() -> None:
    """Add ``elevenlabs`` to the voice registry (the SDK is imported only when it speaks)."""
    from engine.voice.registry import register_provider

    register_provider("elevenlabs", ElevenLabsProvider)


__all__ = ["ElevenLabsProvider", "register", "synthesize_many"]
