"""Library: a paged table of every item, search as you type (FTS), filters and a details pane.

Only one page of rows is ever loaded (``list_items(limit, offset)``), so 100,000 items stay fast.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Input, Select, Static
from textual.worker import get_current_worker

from engine.content import CONTENT_TYPES
from engine.words import count
from waqup_cli.studio.format import ago, clock
from waqup_cli.studio.screens.base import StudioScreen, picked
from waqup_cli.studio.widgets.item_table import ItemRow, ItemTable
from waqup_cli.studio.widgets.script_view import ScriptView

PAGE = 100


def build_rows(lib: Any, items: list[Any], now: Any) -> list[ItemRow]:
    """Display rows for ``items`` (one query for "last practised")."""
    from engine.practice_stats import last_practised

    last = last_practised(lib, [i.id for i in items])
    rows = []
    for item in items:
        try:
            length = clock(item.parsed().estimated_seconds())
        except Exception:  # noqa: BLE001 - a broken script still lists
            length = "?"
        ctype = CONTENT_TYPES.get(item.type)
        rows.append(ItemRow(item.id, ctype.icon if ctype else "·", item.title, " ".join(item.tags), length,
                            ago(last.get(item.id), now)))
    return rows


class LibraryScreen(StudioScreen):
    """Browse and search the library."""

    TITLE = "Library"
    BINDINGS = [
        Binding("/", "focus_search", "Search", id="library.search"),
        Binding("]", "page(1)", "Next page", id="library.next_page"),
        Binding("[", "page(-1)", "Prev page", id="library.prev_page"),
        Binding("e", "open('editor')", "Edit", id="library.edit"),
        Binding("p", "open('player')", "Play", id="library.play"),
        Binding("down", "focus_table", "Table", id="library.table", show=False),
        Binding("escape", "clear_search", "Clear", id="library.clear", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.page_offset = 0
        self.total = 0
        self.items: dict[str, Any] = {}
        self.generation = 0  # bumped per request; ``shown`` is the last one on screen
        self.shown = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder="Search…  (/)", id="search")
            yield Select([(f"{t.icon} {t.name}", name) for name, t in CONTENT_TYPES.items()],
                         prompt="Type", id="type-filter")
            yield Select([], prompt="Tag", id="tag-filter")
            yield Select([], prompt="Pack", id="pack-filter")
        with Horizontal(id="library-body"):
            yield ItemTable(id="items")
            with VerticalScroll(id="details"):
                yield ScriptView(id="details-script")
        yield Static("Loading…", id="library-status")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#search", Input).focus()
        self.refresh_page()
        self.load_filters()

    def on_screen_resume(self) -> None:
        if self.items:
            self.refresh_page()

    # -- data ----------------------------------------------------------------------------
    def filters(self) -> dict[str, Any]:
        return {key: picked(self.query_one(f"#{key}-filter", Select)) for key in ("type", "tag", "pack")}

    def refresh_page(self) -> None:
        self.generation += 1
        self.load_page(self.query_one("#search", Input).value.strip(), self.filters(), self.page_offset,
                       self.generation)

    @work(thread=True, exclusive=True, group="library-page")
    def load_page(self, query: str, filters: dict[str, Any], offset: int, generation: int) -> None:
        worker = get_current_worker()
        now = self.studio.clock()
        with self.studio.open_library() as lib:
            if query:
                try:
                    hits = lib.search(query, limit=offset + PAGE, type=filters["type"])
                except Exception:  # noqa: BLE001 - e.g. only punctuation typed so far
                    hits = []
                hits = [i for i in hits if (not filters["tag"] or filters["tag"] in i.tags)
                        and (not filters["pack"] or i.pack_id == filters["pack"])]
                total, items = len(hits), hits[offset:]
            else:
                total = lib.count(**filters)
                items = lib.list_items(**filters, limit=PAGE, offset=offset)
            rows = build_rows(lib, items, now)
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show_page, generation, query, total, items, rows)

    def show_page(self, generation: int, query: str, total: int, items: list[Any], rows: list[ItemRow]) -> None:
        if generation != self.generation:
            return  # a newer request is on its way
        self.shown = generation
        self.total = total
        self.items = {i.id: i for i in items}
        table = self.query_one(ItemTable)
        table.show_rows(rows)
        first = self.page_offset + 1 if rows else 0
        pages = max(1, -(-total // PAGE))
        what = f"{count(total, 'match')} for “{query}”" if query else count(total, "item")
        status = f"{what} · {first}–{self.page_offset + len(rows)} · page {self.page_offset // PAGE + 1}/{pages}"
        self.query_one("#library-status", Static).update(  # a Text: the query's square brackets stay
            Text.assemble(f"{status}   ", ("[ ] pages · Enter edit · p play", "dim")))
        self.show_details(table.selected_id)

    @work(thread=True, exclusive=True, group="library-filters")
    def load_filters(self) -> None:
        with self.studio.open_library() as lib:
            tags = [(Text(f"{tag} ({n})"), tag) for tag, n in lib.tags()[:100]]
            packs = [(Text(p["title"]), p["id"]) for p in lib.list_packs()]
        self.app.call_from_thread(self.set_filter_options, tags, packs)

    def set_filter_options(self, tags: list[tuple[Text, str]], packs: list[tuple[Text, str]]) -> None:
        self.query_one("#tag-filter", Select).set_options(tags)
        self.query_one("#pack-filter", Select).set_options(packs)

    def show_details(self, item_id: str | None) -> None:
        item = self.items.get(item_id or "")
        view = self.query_one("#details-script", ScriptView)
        if item is None:
            view.show(None)
            return
        try:
            view.show(item.parsed())
        except Exception as exc:  # noqa: BLE001 - show the problem instead of the script
            view.update(Text(f"Cannot parse this script: {exc}"))
        if item_id:
            self.studio.item_id = item_id

    # -- events ----------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.page_offset = 0
            self.refresh_page()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.action_focus_table()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.page_offset = 0
        self.refresh_page()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_details(event.row_key.value if event.row_key else None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key and event.row_key.value:
            self.studio.open_item(event.row_key.value, "editor")

    # -- actions -----------------------------------------------------------------------------
    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one(ItemTable).focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
        search.focus()

    def action_page(self, step: int) -> None:
        offset = self.page_offset + step * PAGE
        if 0 <= offset < max(self.total, 1):
            self.page_offset = offset
            self.refresh_page()

    def action_open(self, mode: str) -> None:
        item_id = self.query_one(ItemTable).selected_id
        if item_id:
            self.studio.open_item(item_id, mode)
        else:
            self.notify("Select an item first.", severity="warning")
