"""User key remapping: ``[studio.keys]`` in config.toml maps binding ids to keys.

    [studio.keys]
    "app.quit" = "ctrl+q,f10"
    "library.next_page" = "n"
"""

from __future__ import annotations

from typing import Any


def keymap_from_config(config: dict[str, Any]) -> dict[str, str]:
    """Binding id -> comma-separated keys, ignoring anything that is not a string."""
    keys = ((config.get("studio") or {}).get("keys")) or {}
    return {str(k): v for k, v in keys.items() if isinstance(v, str) and v.strip()}
