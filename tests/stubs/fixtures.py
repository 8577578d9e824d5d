"""Helpers the provider tests share (import them; fixtures stay in each test file)."""

from __future__ import annotations

from engine.generation.providers.faults import RetryPolicy

FAST = RetryPolicy(attempts=3, total=10.0, base=0.01, max_wait=0.5, timeout=0.5)


def fast(**changes: float) -> RetryPolicy:
    """A retry policy with tiny backoff so fault tests stay fast."""
    from dataclasses import replace

    return replace(FAST, **changes)
