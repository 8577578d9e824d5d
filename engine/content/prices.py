"""The credit price list: data in ``templates/prices.toml``, overridable in config ``[prices]``."""

from __future__ import annotations

import tomllib
from functools import lru_cache

from engine.paths import templates_dir


@lru_cache(maxsize=1)
def _default_prices() -> dict[str, int]:
    data = tomllib.loads((templates_dir() / "prices.toml").read_text("utf-8"))
    return {str(k): int(v) for k, v in data["credits"].items()}


def prices(overrides: dict | None = None) -> dict[str, int]:
    """Credits per content type; ``overrides`` (e.g. config ``prices``) win."""
    table = dict(_default_prices())
    if overrides:
        table.update({str(k): int(v) for k, v in overrides.items()})
    return table
