"""Cloud voices (ElevenLabs, OpenAI TTS) against a local server; parallel synthesis; faults."""

from __future__ import annotations

import threading

import pytest

from engine.generation.providers.cloud_voice import synthesize_many
from engine.generation.providers.faults import ProviderError
from engine.voice import SynthesisCache, VoiceSettings
from engine.voice.elevenlabs import ElevenLabsProvider
from engine.voice.openai_tts import OpenAITTSProvider
from tests.stubs import wire
from tests.stubs.fixtures import fast
from tests.stubs.server import Reply, StubServer

EL_KEY = "el-test-key-000000000003333"
OA_KEY = "sk-test-tts-000000000004444"


def eleven(stub: StubServer, **options) -> ElevenLabsProvider:
    options.setdefault("retry", fast())
    return ElevenLabsProvider(api_key=EL_KEY, base_url=stub.url, config={}, **options)


def openai_tts(stub: StubServer, **options) -> OpenAITTSProvider:
    options.setdefault("retry", fast())
    return OpenAITTSProvider(api_key=OA_KEY, base_url=f"{stub.url}/v1", config={}, **options)


def test_elevenlabs_synthesizes_pcm_with_settings(stub):
    speech = eleven(stub).synthesize(
        "You are safe here.", "", VoiceSettings(rate=0.9, extra={"stability": 0.8})
    )
    assert speech.sample_rate == 24000 and abs(speech.seconds - 0.2) < 0.01
    (req,) = stub.hits(wire.ELEVEN_TTS)
    assert req.path == "/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM"
    assert req.headers["xi-api-key"] == EL_KEY
    body = req.json
    assert body["text"] == "You are safe here." and body["model_id"] == "eleven_multilingual_v2"
    settings = body["voice_settings"]
    assert settings["stability"] == 0.8 and settings["similarity_boost"] == 0.75 and settings["speed"] == 0.9


def test_elevenlabs_voices_cached_and_names_resolved(stub):
    provider = eleven(stub)
    voices = provider.voices()
    assert [v.id for v in voices] == ["elevenlabs:21m00Tcm4TlvDq8ikWAM", "elevenlabs:pNInz6obpgDQGcFmaJgB"]
    assert not voices[0].offline and "Rachel" in voices[0].description
    provider.voices()
    assert len(stub.hits(wire.ELEVEN_VOICES)) == 1  # second listing from the data-dir cache
    provider.synthesize("Hello there.", "Adam", VoiceSettings())
    assert stub.hits(wire.ELEVEN_TTS)[0].path.endswith("/pNInz6obpgDQGcFmaJgB")


def test_elevenlabs_env_base_url(stub, monkeypatch):
    monkeypatch.setenv("ELEVENLABS_BASE_URL", stub.url)
    monkeypatch.setenv("ELEVENLABS_API_KEY", EL_KEY)
    assert ElevenLabsProvider(config={}).synthesize("Hi there.", "", VoiceSettings()).sample_rate == 24000


def test_elevenlabs_faults(stub):
    stub.enqueue(
        wire.ELEVEN_TTS,
        Reply(429, {"detail": {"status": "too_many_concurrent_requests"}}, headers={"retry-after": "0.1"}),
        Reply(500, {"detail": "oops"}),
    )
    assert eleven(stub).synthesize("Breathe in.", "", VoiceSettings()).sample_rate == 24000
    assert len(stub.hits(wire.ELEVEN_TTS)) == 3
    stub.enqueue(wire.ELEVEN_TTS, Reply(401, {"detail": {"status": "invalid_api_key", "message": EL_KEY}}))
    with pytest.raises(ProviderError) as err:
        eleven(stub).synthesize("Breathe out.", "", VoiceSettings())
    assert str(err.value) == "ElevenLabs rejected the key: run `waqup keys set elevenlabs`"
    stub.enqueue(
        wire.ELEVEN_TTS,
        Reply(
            400, {"detail": {"status": "voice_not_found", "message": "A voice with that id was not found."}}
        ),
    )
    with pytest.raises(ProviderError, match="HTTP 400\\): A voice with that id was not found."):
        eleven(stub).synthesize("Rest.", "nope", VoiceSettings())


def test_openai_tts_calm_instructions(stub):
    speech = openai_tts(stub).synthesize("Let your shoulders soften.", "", VoiceSettings(direction="whisper"))
    assert speech.sample_rate == 24000
    body = stub.hits(wire.OPENAI_SPEECH)[0].json
    assert body["model"] == "gpt-4o-mini-tts" and body["voice"] == "sage" and body["response_format"] == "pcm"
    assert "slowly" in body["instructions"] and "whisper" in body["instructions"]
    assert stub.hits(wire.OPENAI_SPEECH)[0].headers["authorization"] == f"Bearer {OA_KEY}"
    openai_tts(stub, model="tts-1").synthesize("Rest.", "nova", VoiceSettings(rate=0.85))
    body = stub.hits(wire.OPENAI_SPEECH)[1].json
    assert body["speed"] == 0.85 and "instructions" not in body
    assert [v.name for v in openai_tts(stub).voices()][:2] == ["sage", "shimmer"]


def test_openai_tts_401(stub):
    stub.enqueue(wire.OPENAI_SPEECH, wire.openai_error(401, "bad key"))
    with pytest.raises(ProviderError, match="^OpenAI rejected the key: run `waqup keys set openai`$"):
        openai_tts(stub).synthesize("Rest.", "", VoiceSettings())


def test_synthesize_many_parallel_ordered_and_capped(stub, tmp_path):
    """No clock: the stub holds each request until a second one is in flight (so the run must be parallel),
    counts requests in flight under a lock (the provider's cap of 2 wins over the 8 asked for), and answers
    line ``i`` with ``i + 1`` tenths of a second of audio (so the order of the results shows)."""
    provider = eleven(stub, concurrency=2)
    provider.synthesize("Warm up the client.", "", VoiceSettings())  # SDK import + client build
    stub.requests.clear()
    pair = threading.Barrier(2, timeout=30)  # the timeout only ends a hang if requests ran one at a time
    lock = threading.Lock()
    flight = {"now": 0, "most": 0, "paired": 0}

    def held(req):
        with lock:
            flight["now"] += 1
            flight["most"] = max(flight["most"], flight["now"])
        try:
            pair.wait()  # returns once two requests are in flight together
            with lock:
                flight["paired"] += 1
            number = int(req.json["text"].split()[2])
            return Reply(body=wire.pcm_tone(seconds=(number + 1) / 10), content_type="audio/pcm")
        finally:
            with lock:
                flight["now"] -= 1

    stub.route(wire.ELEVEN_TTS, held)
    texts = [f"Line number {i} of the practice." for i in range(8)]
    out = synthesize_many(provider, texts, concurrency=8, cache=SynthesisCache(tmp_path / "c"))
    assert flight["paired"] == 8 and flight["most"] == 2  # parallel, never more than the provider's 2
    expected = [(i + 1) / 10 for i in range(8)]
    assert [round(speech.seconds, 2) for speech in out] == expected  # results in the order of the texts
    assert sorted(r.json["text"] for r in stub.hits(wire.ELEVEN_TTS)) == sorted(texts)
    cache = SynthesisCache(tmp_path / "c")
    again = provider.synthesize_many(texts, cache=cache)  # all cached now
    assert cache.hits == 8 and len(stub.hits(wire.ELEVEN_TTS)) == 8
    assert [round(speech.seconds, 2) for speech in again] == expected


def test_calls_are_logged(stub):
    from engine.library import Library

    openai_tts(stub).synthesize("Twelve chars", "", VoiceSettings())
    with Library() as lib:
        row = lib.generations()[0]
    assert row["type"] == "voice" and row["provider"] == "openai" and row["model"] == "gpt-4o-mini-tts"
    assert row["usage"]["characters"] == 12 and row["usage"]["cost_usd"] > 0


def test_register_into_voice_registry(stub, monkeypatch):
    from engine.voice import registry
    from engine.voice.elevenlabs import register

    monkeypatch.setattr(registry, "_FACTORIES", dict(registry._FACTORIES))
    monkeypatch.setattr(registry, "_INSTANCES", {})
    monkeypatch.setenv("ELEVENLABS_BASE_URL", stub.url)
    monkeypatch.setenv("ELEVENLABS_API_KEY", EL_KEY)
    register()
    provider, voice = registry.resolve_voice("elevenlabs:21m00Tcm4TlvDq8ikWAM")
    assert provider.name == "elevenlabs" and voice == "21m00Tcm4TlvDq8ikWAM"
    assert provider.available()
