"""A calendar heat map of practice days (rows Monday..Sunday, one column per week)."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.widgets import Static

from engine.practice_stats import PracticeStats

SHADES = ("grey30", "green4", "green3", "green1", "bright_green")
DAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def render_heatmap(stats: PracticeStats) -> Text:
    text = Text()
    if not stats.heatmap or stats.heatmap_start is None:
        return text
    weeks = len(stats.heatmap[0])
    text.append("    ")
    last_month = None
    for col in range(weeks):
        month = (stats.heatmap_start + timedelta(weeks=col)).strftime("%b")
        text.append(month[:2] if month != last_month else "  ", style="dim")
        last_month = month
    text.append("\n")
    for row, label in enumerate(DAYS):
        text.append(f"{label:<4}", style="dim")
        for value in stats.heatmap[row]:
            text.append("  " if value < 0 else "■ ", style="" if value < 0 else SHADES[value])
        text.append("\n")
    text.append("    less ", style="dim")
    for shade in SHADES:
        text.append("■ ", style=shade)
    text.append("more", style="dim")
    return text


class HeatMap(Static):
    DEFAULT_CSS = "HeatMap { height: auto; }"

    def show(self, stats: PracticeStats) -> None:
        self.update(render_heatmap(stats))
