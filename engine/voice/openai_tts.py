"""OpenAI text to speech with the creator's own key (``audio.speech.create``).

Default model ``gpt-4o-mini-tts`` with ``instructions`` asking for a calm, slow delivery (the
script's voice direction is added); ``tts-1``/``tts-1-hd`` get ``speed`` from the rate instead.
Audio is requested as raw 24 kHz 16-bit PCM (config ``providers.openai.voice_format``: pcm|wav|mp3).
"""

from __future__ import annotations

import os
from typing import Any

from engine.generation.providers.cloud_voice import CloudVoice, synthesize_many
from engine.voice.base import Speech, VoiceInfo, VoiceSettings, needs_key

VOICES = {
    "sage": "calm, even female",
    "shimmer": "soft, bright female",
    "coral": "warm female",
    "alloy": "neutral",
    "ash": "gentle male",
    "ballad": "soft male",
    "echo": "clear male",
    "fable": "British, storytelling",
    "nova": "bright female",
    "onyx": "deep male",
    "verse": "expressive male",
}
CALM = (
    "Speak slowly, softly and warmly, like a meditation guide: an unhurried, even pace, "
    "a low relaxed tone, gentle pauses at commas and full stops."
)
PCM_RATE = 24000


class OpenAITTSProvider(CloudVoice):
    """``openai``: OpenAI voices; ``OPENAI_BASE_URL`` or ``providers.openai.base_url`` honoured."""

    name = "openai"
    key_provider = "openai"
    default_model = "gpt-4o-mini-tts"
    fallback_voice = "sage"
    default_concurrency = 4

    def _build_client(self) -> Any:
        from openai import OpenAI

        base_url = os.environ.get("OPENAI_BASE_URL") or self.configured_base_url
        return OpenAI(
            api_key=self.key(), base_url=base_url or None, max_retries=0, timeout=self.retry.timeout
        )

    def instructions(self, settings: VoiceSettings) -> str:
        text = str(self.section.get("voice_instructions") or CALM)
        if settings.direction:
            text += f" Delivery for this line: {settings.direction}."
        return text

    def synthesize(self, text: str, voice: str, settings: VoiceSettings) -> Speech:
        from engine.voice.pcm import decode_audio, from_pcm16

        voice = voice or self.default_voice
        fmt = str(self.section.get("voice_format") or "pcm")
        request: dict[str, Any] = {"model": self.model, "voice": voice, "input": text, "response_format": fmt}
        if self.model.startswith("tts-1"):
            request["speed"] = min(4.0, max(0.25, settings.rate))
        else:
            request["instructions"] = self.instructions(settings)
        client = self.client()
        audio = self.request(lambda: client.audio.speech.create(**request).content, text=text, voice=voice)
        return from_pcm16(audio, PCM_RATE) if fmt == "pcm" else decode_audio(audio)

    def voices(self, refresh: bool = False) -> list[VoiceInfo]:
        """OpenAI's built-in voices (a fixed list; no API call)."""
        ok = self.available()
        needs = "" if ok else needs_key(self.key_provider)
        return [VoiceInfo(self.name, n, "en", "", d, offline=False, available=ok, needs=needs)
                for n, d in VOICES.items()]


def register() -> None:
    """Add ``openai`` to the voice registry (the SDK is imported only when it speaks)."""
    from engine.voice.registry import register_provider

    register_provider("openai", OpenAITTSProvider)


__all__ = ["OpenAITTSProvider", "register", "synthesize_many"]
