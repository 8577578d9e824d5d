"""Practice: today's suggestion, streak, a calendar heat map, minutes per week, most-practised items.

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
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#top-items", DataTable)
        table.add_column("Title", width=28)
        table.add_column("Times", width=5)
        table.add_column("Min", width=5)
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
        self.app.call_from_thread(self.show, stats, suggestions)

    def show(self, stats: Any, suggestions: list[Any]) -> None:
        self.suggestions, self.index = suggestions, 0
        self.show_suggestion()
        days = "day" if stats.streak == 1 else "days"
        self.query_one("#streak", Static).update(
            f"[b]Streak:[/] {stats.streak} {days}"
            + (" ✓ practised today" if stats.practised_today else "")
            + f"\n[dim]{count(stats.sessions, 'session')} · {count(stats.total_minutes, 'minute')} in all[/]")
        self.query_one(HeatMap).show(stats)
        self.query_one(WeekBars).show(stats)
        table = self.query_one("#top-items", DataTable)
        table.clear()
        for top in stats.top_items:
            table.add_row(Text(top.title), str(top.sessions), f"{top.minutes:g}", key=top.item_id)

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

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key and event.row_key.value:
            self.studio.open_item(event.row_key.value, "player")
