"""Shared pieces of the cloud voice providers (ElevenLabs, OpenAI TTS).

* :class:`CloudVoice`: key check, lazy client, per-provider concurrency limit (a semaphore, so
  however many threads the renderer uses, at most ``concurrency`` requests are in flight),
  retries through :mod:`faults`, one call-log record per request.
* :func:`synthesize_many`: speak many segments in parallel through the synthesis cache, in order.
* :func:`cached_voices`: a provider's voice list cached in the data dir for a day.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from engine.generation.providers.faults import CallStats, ProviderError, RetryPolicy, call_with_retries
from engine.generation.providers.lazy import LazyClient
from engine.generation.providers.usage import estimate_cost, log_calls

VOICE_LIST_TTL = 24 * 3600.0


class CloudVoice(LazyClient):
    """Base of a cloud :class:`~engine.voice.base.VoiceProvider` using the creator's key."""

    name = "cloud"
    key_provider = ""
    default_model = ""
    fallback_voice = ""
    default_concurrency = 4

    def __init__(self, *, api_key: str | None = None, base_url: str | None = None, model: str | None = None,
                 voice: str | None = None, config: dict[str, Any] | None = None,
                 retry: RetryPolicy | None = None, concurrency: int | None = None, log: bool = True) -> None:
        if config is None:
            from engine.config import load

            config = load()
        self.config = config
        self.section: dict[str, Any] = (config.get("providers") or {}).get(self.key_provider) or {}
        self.model = model or self.section.get("voice_model") or self.default_model
        self.default_voice = voice or self.section.get("voice") or self.fallback_voice
        self._api_key = api_key
        self.configured_base_url = base_url or self.section.get("base_url") or None
        self.retry = retry or RetryPolicy.from_config(config, self.key_provider)
        limit = concurrency or self.section.get("concurrency") or self.default_concurrency
        self.concurrency = max(1, int(limit))
        self._slots = threading.BoundedSemaphore(self.concurrency)
        self._client: Any = None
        self._lock = threading.Lock()
        self.log = log
        self._batches = 0  # while > 0 (inside synthesize_many) call records are buffered
        self._pending: list[dict[str, Any]] = []

    def available(self) -> bool:
        from engine.keys import has_key

        try:
            return bool(self._api_key) or has_key(self.key_provider)
        except Exception:
            return False

    def key(self) -> str:
        from engine.keys import require_key

        return require_key(self.key_provider, self._api_key)

    def request(self, fn: Callable[[], bytes], *, text: str, voice: str) -> bytes:
        """Run one synthesis request: concurrency slot, retries, call log. Returns the audio bytes."""
        stats = CallStats()
        status, error, audio = "ok", "", b""
        try:
            with self._slots:
                audio = call_with_retries(fn, self.key_provider, self.retry, stats)
        except ProviderError as exc:
            status, error = "error", str(exc)
            raise
        finally:
            if self.log:
                self._record(text, voice, stats, len(audio), status, error)
        if not audio:
            raise ProviderError(f"{self.name} returned no audio", provider=self.key_provider)
        return audio

    def _record(self, text: str, voice: str, stats: CallStats, size: int, status: str, error: str) -> None:
        usage: dict[str, Any] = {"characters": len(text), "retries": stats.retries,
                                 "latency_s": round(stats.seconds, 3), "bytes": size}
        usage["cost_usd"] = estimate_cost(self.key_provider, self.model, usage, self.config)
        record = dict(kind="voice", provider=self.name, model=self.model,
                      inputs={"voice": voice, "text": text[:200]}, usage=usage, seconds=stats.seconds,
                      status=status, error=error)
        with self._lock:
            if self._batches:
                self._pending.append(record)
                return
        log_calls([record])

    def flush_log(self) -> None:
        """Write buffered call records (one connection for the whole batch)."""
        with self._lock:
            records, self._pending = self._pending, []
        log_calls(records)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Buffer call records while inside; written together (one connection) at the end."""
        with self._lock:
            self._batches += 1
        try:
            yield
        finally:
            with self._lock:
                self._batches -= 1
                done = not self._batches
            if done:
                self.flush_log()

    def synthesize_many(self, segments: Sequence[str | tuple[str, Any]], voice: str | None = None,
                        settings: Any = None, concurrency: int | None = None, cache: Any = None) -> list[Any]:
        """Every segment's speech in order, up to ``concurrency`` requests at once (see module doc)."""
        return synthesize_many(self, segments, voice=voice, settings=settings,
                               concurrency=concurrency or self.concurrency, cache=cache)


def synthesize_many(provider: Any, segments: Sequence[str | tuple[str, Any]], *, voice: str | None = None,
                    settings: Any = None, concurrency: int = 4, cache: Any = None) -> list[Any]:
    """Speech for every segment, in order, ``concurrency`` requests at a time, through the cache.

    A segment is a text or ``(text, VoiceSettings)``. Works with any voice provider; cloud
    providers also cap their own in-flight requests.
    """
    from engine.voice import SynthesisCache, VoiceSettings
    from engine.voice.batch import synthesize_batch

    base = settings or VoiceSettings()
    jobs = [(s, base) if isinstance(s, str) else (s[0], s[1] or base) for s in segments]
    cache = cache if cache is not None else SynthesisCache()
    pairs = synthesize_batch(provider, jobs, voice or provider.default_voice, cache=cache, concurrency=concurrency)
    return [speech for speech, _key in pairs]


def cached_voices(provider: str, fetch: Callable[[], list[dict[str, Any]]], *, refresh: bool = False,
                  ttl: float = VOICE_LIST_TTL) -> list[dict[str, Any]]:
    """``fetch()`` (a provider's voice list) cached in ``cache_dir()/voices/<provider>.json``.

    A stale cache is used when fetching fails (offline), so ``waqup voices`` keeps working.
    """
    from engine.config import write_atomic
    from engine.paths import cache_dir

    path = cache_dir() / "voices" / f"{provider}.json"
    stale: list[dict[str, Any]] | None = None
    if path.exists():
        try:
            stale = json.loads(path.read_text("utf-8"))
        except ValueError:
            stale = None
        if stale is not None and not refresh and time.time() - path.stat().st_mtime < ttl:
            return stale
    try:
        voices = fetch()
    except ProviderError:
        if stale is not None:
            return stale
        raise
    write_atomic(path, json.dumps(voices, indent=1).encode("utf-8"))
    return voices
