"""``waqup pack run --dry-run``: the expanded items, estimated credits, provider cost and time.

Estimates only: tokens from the prompt length (about 4 characters a token) and the expected
answer size per type; dollars from ``templates/provider_prices.toml``; time from a typical
latency per provider, the concurrency and the rate limit, plus offline audio rendering.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from engine.packs.spec import PackSpec, SpecItem

LATENCY = {"offline": 0.05, "local": 8.0, "openai": 6.0, "anthropic": 8.0}  # seconds per item, typical
RENDER_RATIO = 0.02  # seconds of CPU per second of rendered audio (offline voice)
WPM = 115.0


@dataclass
class ItemEstimate:
    position: int
    key: str
    name: str
    type: str
    label: str
    provider: str
    model: str
    credits: int
    input_tokens: int
    output_tokens: int
    cost_usd: float
    audio_seconds: float
    done: bool = False


@dataclass
class Estimate:
    items: list[ItemEstimate]
    credits: int
    cost_usd: float
    seconds: float
    done: int = 0
    by_provider: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return {"items": [asdict(i) for i in self.items], "credits": self.credits,
                "cost_usd": round(self.cost_usd, 4), "seconds": round(self.seconds, 1), "done": self.done,
                "by_provider": self.by_provider}


def _resolve(item: SpecItem) -> tuple[str, str]:
    """(provider name, model) as a run would use them (``auto`` resolved from config)."""
    name = item.provider
    if name == "auto":
        from engine.generation.providers import auto_choice

        name = auto_choice()
    model = item.model
    if not model and name != "offline":
        from engine.generation.providers import CLOUD_PROVIDERS

        if name in CLOUD_PROVIDERS:
            import importlib

            module, cls = CLOUD_PROVIDERS[name]
            model = getattr(importlib.import_module(module), cls).default_model
    return name, model


def _tokens(item: SpecItem, params: Any) -> tuple[int, int]:
    try:
        from engine.generation.providers.prompts import messages_for

        system, user = messages_for(params)
        prompt = len(system) + len(user)
    except Exception:  # noqa: BLE001 - an estimate never fails
        prompt = 2000
    if item.type == "affirmation":
        answer = params.count * 16 + 40
    elif item.type == "meditation":
        answer = int(params.minutes * WPM * 0.45 * 1.4) + 300
    else:
        answer = 450
    return prompt // 4 + 50, answer


def _audio_seconds(item: SpecItem, params: Any) -> float:
    if item.type == "affirmation":
        return params.count * params.repetitions * 6.0 + 10
    return float(params.minutes) * 60


def estimate(spec: PackSpec, items: list[SpecItem], *, concurrency: int = 4, per_minute: float | None = None,
             audio: bool = True, done_keys: set[str] | None = None) -> Estimate:
    """Credits, cost and time to run ``items`` (those in ``done_keys`` are free and instant)."""
    from engine.credits import cost_of
    from engine.generation.providers.usage import estimate_cost

    done_keys = done_keys or set()
    rows: list[ItemEstimate] = []
    groups: dict[str, list[ItemEstimate]] = {}
    for item in items:
        params = item.params()
        provider, model = _resolve(item)
        tin, tout = _tokens(item, params) if provider != "offline" else (0, 0)
        cost = estimate_cost(provider, model, {"input_tokens": tin, "output_tokens": tout})
        row = ItemEstimate(item.position, item.key, item.name, item.type, item.label, provider, model,
                           cost_of(item.type), tin, tout, cost, _audio_seconds(item, params), item.key in done_keys)
        rows.append(row)
        if not row.done:
            groups.setdefault(provider, []).append(row)
    todo = [r for r in rows if not r.done]
    by_provider = {}
    slowest = 0.0
    for provider, group in groups.items():
        latency = LATENCY.get(provider, 8.0)
        seconds = len(group) * latency / concurrency
        if per_minute:
            seconds = max(seconds, (len(group) - 1) * 60.0 / per_minute + latency)
        slowest = max(slowest, seconds)
        by_provider[provider] = {"items": len(group), "credits": sum(r.credits for r in group),
                                 "cost_usd": round(sum(r.cost_usd for r in group), 4), "seconds": round(seconds, 1)}
    render = 0.0
    if audio:
        cores = max(1, min(concurrency, os.cpu_count() or 1))
        render = sum(r.audio_seconds * RENDER_RATIO + 0.3 for r in todo) / cores
    return Estimate(rows, sum(r.credits for r in todo), sum(r.cost_usd for r in todo), slowest + render,
                    len(rows) - len(todo), by_provider)
