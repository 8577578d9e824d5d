"""Practice: today's suggestion, streak, a calendar heat map, minutes per week, most-practised items, the
latest sessions, and "send to phone" (the private podcast feed, :mod:`waqup_cli.studio.screens.phone`).

The figures come from :mod:`engine.practice_stats` and :func:`engine.conversation.suggest.suggest`.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Header, Static

from engine.words import count
from waqup_cli.studio.screens.base import StudioScreen
from waqup_cli.studio.widgets.heatmap import HeatMap
from waqup_cli.studio.widgets.week_bars import WeekBars


class PracticeScreen(StudioScreen):
    """Your practice at a glance."""

    TITLE = "Practice"
    BINDINGS = [
        Binding("p", "play", "Play suggestion", id="practice.play"),
        Binding("n", "next", "Next suggestion", id="practice.next"),
        Binding("r", "reload", "Refresh", id="practice.refresh"),
        Binding("s", "phone", "Send to phone", id="practice.phone"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.suggestions: list[Any] = []
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="practice-body"):
            with VerticalScroll(id="practice-left"):
                yield Static("Loading…", id="suggestion")
                yield Button("Play it", id="play-suggestion", variant="primary")
                yield Static("", id="streak")
                yield HeatMap(id="heatmap")
            with Vertical(id="practice-right"):
                yield Static("[b]Minutes per week[/]", classes="heading")
                yield WeekBars(id="weeks")
                yield Static("[b]Most practised[/]", classes="heading")
                yield DataTable(id="top-items", cursor_type="row")
                yield Static("[b]Latest sessions[/]", classes="heading")
                yield DataTable(id="history", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#top-items", DataTable)
        table.add_column("Title", width=28)
        table.add_column("Times", width=5)
        table.add_column("Min", width=5)
        history = self.query_one("#history", DataTable)
        history.add_column("When", width=11)
        history.add_column("Title", width=22)
        history.add_column("Min", width=5)
        history.add_column("", width=7)
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="practice")
    def load(self) -> None:
        from engine.conversation.suggest import suggest
        from engine.practice_stats import practice_stats

        now = self.studio.clock()
        with self.studio.open_library() as lib:
            stats = practice_stats(lib, now.date())
            suggestions = suggest(lib, now=now)
            recent = [{**row, "title": _title(lib, row["item_id"])} for row in lib.practice_history(limit=HISTORY)]
        self.app.call_from_thread(self.show, stats, suggestions, recent)

    def show(self, stats: Any, suggestions: list[Any], recent: list[dict[str, Any]] | None = None) -> None:
        self.suggestions, self.index = suggestions, 0
        self.show_suggestion()
        days = "day" if stats.streak == 1 else "days"
        self.query_one("#streak", Static).update(
            f"[b]Streak:[/] {stats.streak} {days}"
            + (" ✓ practised today" if stats.practised_today else "")
            + f"\n[dim]{count(stats.sessions, 'session')} · {count(stats.total_minutes, 'minute')} in all"
            + (f" · {stats.completion_rate:.0%} to the end" if stats.sessions else "") + "[/]")
        self.query_one(HeatMap).show(stats)
        self.query_one(WeekBars).show(stats)
        table = self.query_one("#top-items", DataTable)
        table.clear()
        for top in stats.top_items:
            table.add_row(Text(top.title), str(top.sessions), f"{top.minutes:g}", key=top.item_id)
        history = self.query_one("#history", DataTable)
        history.clear()
        for row in recent or []:
            when = _local(row["started"])
            history.add_row(when, Text(row["title"] or "(deleted)"), f"{float(row['seconds'] or 0) / 60:.0f}",
                            "done" if row["completed"] else "stopped", key=f"{row['id']}:{row['item_id']}")

    def show_suggestion(self) -> None:
        box = self.query_one("#suggestion", Static)
        if not self.suggestions:
            box.update("[b]Today's suggestion[/]\nYour library is empty: create something first (F3).")
            return
        pick = self.suggestions[self.index]
        why = "; ".join(pick.reasons) or "from your library"
        box.update(Text.assemble(("Today's suggestion", "bold"), f" ({self.index + 1}/{len(self.suggestions)})\n",
                                 (pick.title, "bold"), " ", (pick.type, "dim"), f"\n{why}"))

    def action_next(self) -> None:
        if self.suggestions:
            self.index = (self.index + 1) % len(self.suggestions)
            self.show_suggestion()

    def action_play(self) -> None:
        if self.suggestions:
            self.studio.open_item(self.suggestions[self.index].item_id, "player")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_play()

    def action_phone(self) -> None:
        from waqup_cli.studio.screens.phone import PhoneScreen

        self.app.push_screen(PhoneScreen())

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key and event.row_key.value:  # a top item's key is its id; a session's is "id:item"
            self.studio.open_item(event.row_key.value.rpartition(":")[2], "player")


HISTORY = 10  # latest sessions shown


def _title(lib: Any, item_id: str) -> str:
    from engine.errors import NotFoundError

    try:
        return lib.get(item_id).title
    except NotFoundError:
        return ""


def _local(stamp: str) -> str:
    """A stored UTC time as local ``MM-DD HH:MM``."""
    from datetime import datetime

    return datetime.fromisoformat(stamp).astimezone().strftime("%m-%d %H:%M")
