"""Minutes practised per week as horizontal bars."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from engine.practice_stats import PracticeStats

BAR_WIDTH = 20


def render_weeks(stats: PracticeStats, weeks: int = 8) -> Text:
    rows = stats.weekly_minutes[-weeks:]
    most = max((m for _, m in rows), default=0.0)
    text = Text()
    for monday, minutes in rows:
        width = round(BAR_WIDTH * minutes / most) if most else 0
        text.append(f"{monday:%d %b} ", style="dim")
        text.append("█" * width, style="green")
        text.append(f" {minutes:g} min\n" if minutes else " -\n", style="" if minutes else "dim")
    return text


class WeekBars(Static):
    DEFAULT_CSS = "WeekBars { height: auto; }"

    def show(self, stats: PracticeStats) -> None:
        self.update(render_weeks(stats))
