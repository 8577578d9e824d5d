"""Speak many segments through the synthesis cache, in order, in parallel where the provider allows."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from typing import Any

from engine.voice.base import Speech, VoiceProvider, VoiceSettings


def synthesize_batch(
    provider: VoiceProvider,
    jobs: Sequence[tuple[str, VoiceSettings]],
    voice: str,
    *,
    cache: Any,
    concurrency: int | None = None,
    on_done: Callable[[int], None] | None = None,
) -> list[tuple[Speech, str]]:
    """``(speech, cache key)`` per ``(text, settings)`` job, in order.

    ``concurrency`` defaults to the provider's own ``concurrency`` attribute (cloud providers set
    it; local engines that serialise on a lock leave it at 1). ``on_done(n)`` counts finished jobs.
    """
    workers = max(1, concurrency or getattr(provider, "concurrency", 1))
    done = 0
    lock = threading.Lock()

    def one(job: tuple[str, VoiceSettings]) -> tuple[Speech, str]:
        nonlocal done
        result = cache.synthesize(provider, job[0], voice, job[1])
        with lock:
            done += 1
            if on_done:
                on_done(done)
        return result

    batch = provider.batch() if hasattr(provider, "batch") else nullcontext()
    with batch:
        if workers <= 1 or len(jobs) <= 1:
            return [one(job) for job in jobs]
        with ThreadPoolExecutor(max_workers=min(workers, len(jobs)), thread_name_prefix="tts") as pool:
            return list(pool.map(one, jobs))
