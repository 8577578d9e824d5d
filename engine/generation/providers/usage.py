"""Estimated cost (price table is data: ``templates/provider_prices.toml``) and the call log.

Every cloud call is recorded in the library's ``generations`` table (``waqup logs``): provider,
model, tokens or characters, latency, retries and estimated cost in USD. Keys are scrubbed.
"""

from __future__ import annotations

import threading
import tomllib
from functools import lru_cache
from typing import Any

from engine.keys import scrub

_LOG_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _shipped_prices() -> dict[str, Any]:
    from engine.paths import templates_dir

    path = templates_dir() / "provider_prices.toml"
    return tomllib.loads(path.read_text("utf-8")) if path.exists() else {}


def price(provider: str, model: str, config: dict[str, Any] | None = None) -> dict[str, float]:
    """The price entry for ``provider``/``model`` (config ``provider_prices`` overrides the table)."""
    table = _shipped_prices().get(provider, {})
    entry = dict(table.get(model) or table.get("default") or {})
    override = ((config or {}).get("provider_prices") or {}).get(provider, {})
    entry.update(override.get(model) or {})
    return {k: float(v) for k, v in entry.items() if isinstance(v, int | float)}


def estimate_cost(provider: str, model: str, usage: dict[str, Any],
                  config: dict[str, Any] | None = None) -> float:
    """USD estimate from tokens (text) or characters (voice)."""
    entry = price(provider, model, config)
    cost = usage.get("input_tokens", 0) * entry.get("input_per_mtok", 0.0) / 1e6
    cost += usage.get("output_tokens", 0) * entry.get("output_per_mtok", 0.0) / 1e6
    cost += usage.get("characters", 0) * entry.get("per_kchar", 0.0) / 1e3
    return round(cost, 6)


def log_call(*, kind: str, provider: str, model: str, inputs: dict[str, Any], usage: dict[str, Any],
             seconds: float, status: str = "ok", error: str = "", output: str = "") -> str | None:
    """Record one provider call in the library's generation log; never raises (returns the id)."""
    ids = log_calls([dict(kind=kind, provider=provider, model=model, inputs=inputs, usage=usage,
                          seconds=seconds, status=status, error=error, output=output)])
    return ids[0] if ids else None


def log_calls(records: list[dict[str, Any]]) -> list[str]:
    """Record many calls through one database connection (keys scrubbed); never raises."""
    import json

    if not records:
        return []
    try:
        from engine.library import Library

        with _LOG_LOCK, Library() as lib:
            return [
                lib.log_generation(
                    type=r["kind"], provider=r["provider"], model=r["model"],
                    inputs=json.loads(scrub(json.dumps(r.get("inputs") or {}, default=str))),
                    output=scrub(r.get("output", "")), usage=r.get("usage") or {},
                    seconds=r.get("seconds", 0.0), status=r.get("status", "ok"),
                    error=scrub(r.get("error", "")),
                )
                for r in records
            ]
    except Exception:  # logging must never break a generation
        return []
