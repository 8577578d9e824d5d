"""The Create screen's side panel: extracted intent, chosen type, preferences, cost and balance."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from engine.content import CONTENT_TYPES


class IntentPanel(Static):
    """Renders a creation session snapshot plus the credit balance."""

    DEFAULT_CSS = "IntentPanel { height: auto; padding: 0 1; }"

    def show(self, snapshot: dict[str, Any], state: str, balance: dict[str, Any] | None) -> None:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column()
        kind = snapshot.get("type") or ""
        ctype = CONTENT_TYPES.get(kind)
        label = f"{ctype.icon} {ctype.label}" if ctype else "—"
        if kind and not snapshot.get("type_confirmed"):
            label += " (suggested)"
        grid.add_row("Step", Text(state.replace("_", " ")))  # the person's words as Text: brackets stay
        grid.add_row("Intent", Text(str(snapshot.get("intent") or "—")))
        grid.add_row("Type", Text(label))
        prefs = snapshot.get("prefs") or {}
        grid.add_row("Prefs", Text(", ".join(f"{k} {v}" for k, v in prefs.items()) or "defaults"))
        grid.add_row("Cost", f"{snapshot['cost']} credit{'s' if snapshot['cost'] != 1 else ''}"
                     if "cost" in snapshot else "—")
        if balance:
            available = balance.get("available")
            grid.add_row("Balance", f"{balance.get('balance', 0)}"
                         + (f" ({available} available)" if available is not None else " (no budget)"))
        if snapshot.get("item_id"):
            grid.add_row("Saved", Text(str(snapshot["item_id"]), style="bold green"))
        self.update(grid)
