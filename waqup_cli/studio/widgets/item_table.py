"""The library table: one page of items (type icon, title, tags, duration, last practised)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import DataTable


@dataclass(frozen=True)
class ItemRow:
    """A display-ready row, built off the UI thread."""

    id: str
    icon: str
    title: str
    tags: str
    duration: str
    last: str


class ItemTable(DataTable):
    """A :class:`DataTable` of :class:`ItemRow` keyed by item id."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_column(" ", key="icon", width=2)
        self.add_column("Title", key="title", width=30)
        self.add_column("Tags", key="tags", width=18)
        self.add_column("Length", key="duration", width=7)
        self.add_column("Practised", key="last", width=10)

    def show_rows(self, rows: list[ItemRow]) -> None:
        self.clear()
        for r in rows:
            self.add_row(r.icon, Text(r.title), Text(r.tags), r.duration, r.last, key=r.id)  # Text: brackets stay
        self._ids = [r.id for r in rows]

    @property
    def selected_id(self) -> str | None:
        ids = getattr(self, "_ids", [])
        if not ids or self.cursor_row < 0 or self.cursor_row >= len(ids):
            return None
        return ids[self.cursor_row]
