"""engine.practice_stats: streak, heat map, weekly minutes and most-practised items."""

from __future__ import annotations

from datetime import date

from test_studio_support import NOW, seed_library

from engine.library import Library
from engine.practice_stats import heatmap, last_practised, level, practice_stats


def test_stats_from_logged_sessions():
    with Library() as lib:
        seed_library(lib)
        stats = practice_stats(lib, NOW.date())
        assert stats.streak == 6 and stats.sessions == 10 and stats.practised_today
        assert stats.total_minutes == 70.0
        assert stats.weekly_minutes[-1] == (date(2026, 3, 9), 34.0)
        assert [t.item_id for t in stats.top_items][:2] == ["a1000001", "a1000002"]
        assert stats.top_items[0].sessions == 4
        assert len(stats.heatmap) == 7 and len(stats.heatmap[0]) == 12
        assert stats.heatmap[6][-1] > 0 and stats.heatmap[0][-1] == 0  # Sunday practised, Monday not
        last = last_practised(lib, ["a1000001", "a1000004", "nope"])
        assert set(last) == {"a1000001", "a1000004"}


def test_empty_history_and_future_days():
    start, grid = heatmap({}, date(2026, 3, 11), weeks=2)  # a Wednesday
    assert start == date(2026, 3, 2) and grid[3][1] == -1 and grid[2][1] == 0
    assert level(0, 10) == 0 and level(10, 10) == 4 and level(1, 10) == 1
    with Library() as lib:
        stats = practice_stats(lib, date(2026, 3, 11))
        assert stats.streak == 0 and stats.top_items == [] and not stats.practised_today
