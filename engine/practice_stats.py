"""Practice statistics for faces: streak, a calendar heat map, minutes per week, most-practised items.

Everything is computed from :meth:`Library.practice_history`; ``today`` is passed in so callers
(and tests) control the clock::

    from engine.practice_stats import practice_stats
    stats = practice_stats(lib, today=date(2026, 3, 15))
    stats.streak, stats.heatmap, stats.weekly_minutes, stats.top_items
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from engine.conversation.suggest import streak as _streak

HISTORY_LIMIT = 100_000
LEVELS = 4  # heat map levels above zero


@dataclass(frozen=True)
class TopItem:
    item_id: str
    title: str
    sessions: int
    minutes: float


@dataclass
class PracticeStats:
    """What the practice screen shows. ``heatmap`` is 7 rows (Mon..Sun) x ``weeks`` columns of levels 0..4
    (``-1`` marks days after ``today``); ``weekly_minutes`` is oldest first, one entry per week (Monday)."""

    today: date
    streak: int
    sessions: int
    total_minutes: float
    day_minutes: dict[date, float] = field(default_factory=dict)
    heatmap: list[list[int]] = field(default_factory=list)
    heatmap_start: date | None = None
    weekly_minutes: list[tuple[date, float]] = field(default_factory=list)
    top_items: list[TopItem] = field(default_factory=list)
    completed: int = 0  # sessions played to the end

    @property
    def completion_rate(self) -> float:
        """Share of sessions played to the end (0 with no sessions)."""
        return round(self.completed / self.sessions, 3) if self.sessions else 0.0

    @property
    def practised_today(self) -> bool:
        return self.today in self.day_minutes


def _day(stamp: str) -> date:
    return datetime.fromisoformat(stamp).date()


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def level(minutes: float, most: float) -> int:
    """0 for no practice, then 1..LEVELS by share of the busiest day."""
    if minutes <= 0 or most <= 0:
        return 0
    return max(1, min(LEVELS, round(LEVELS * minutes / most + 0.49)))


def heatmap(day_minutes: dict[date, float], today: date, weeks: int = 12) -> tuple[date, list[list[int]]]:
    """Rows Monday..Sunday, columns the last ``weeks`` weeks ending with this week."""
    start = week_start(today) - timedelta(weeks=weeks - 1)
    window = [m for d, m in day_minutes.items() if start <= d <= today]
    most = max(window, default=0.0)
    grid = [[0] * weeks for _ in range(7)]
    for col in range(weeks):
        for row in range(7):
            day = start + timedelta(weeks=col, days=row)
            if day > today:
                grid[row][col] = -1
            elif day in day_minutes:
                grid[row][col] = max(1, level(day_minutes[day], most))
    return start, grid


def practice_stats(library: Any, today: date, *, weeks: int = 12, top: int = 5,
                   history: Iterable[dict[str, Any]] | None = None) -> PracticeStats:
    """Streak, heat map, minutes per week and the most-practised items up to ``today``."""
    rows = list(history if history is not None else library.practice_history(limit=HISTORY_LIMIT))
    day_minutes: dict[date, float] = defaultdict(float)
    counts: Counter[str] = Counter()
    minutes_by_item: dict[str, float] = defaultdict(float)
    for row in rows:
        if not row.get("started"):
            continue
        minutes = float(row.get("seconds") or 0) / 60
        day_minutes[_day(row["started"])] += minutes
        counts[row["item_id"]] += 1
        minutes_by_item[row["item_id"]] += minutes
    start, grid = heatmap(day_minutes, today, weeks)
    weekly = []
    for i in range(weeks):
        monday = start + timedelta(weeks=i)
        weekly.append((monday, round(sum(day_minutes.get(monday + timedelta(days=d), 0.0) for d in range(7)), 1)))
    top_items = []
    for item_id, n in sorted(counts.items(), key=lambda kv: (-kv[1], -minutes_by_item[kv[0]], kv[0]))[:top]:
        try:
            title = library.get(item_id).title
        except Exception:  # noqa: BLE001 - a deleted item still counts, without a title
            title = item_id
        top_items.append(TopItem(item_id, title, n, round(minutes_by_item[item_id], 1)))
    return PracticeStats(
        today=today, streak=_streak(rows, today), sessions=len(rows),
        total_minutes=round(sum(day_minutes.values()), 1), day_minutes=dict(day_minutes),
        heatmap=grid, heatmap_start=start, weekly_minutes=weekly, top_items=top_items,
        completed=sum(1 for row in rows if row.get("started") and row.get("completed")),
    )


def last_practised(library: Any, item_ids: Iterable[str]) -> dict[str, str]:
    """Item id -> ISO time of its latest practice, for the ids given (one query)."""
    ids = list(item_ids)
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = library.db.query(
        f"select item_id, max(started) as last from practice where item_id in ({marks}) group by item_id", ids
    )
    return {r["item_id"]: r["last"] for r in rows}


__all__ = ["PracticeStats", "TopItem", "heatmap", "last_practised", "level", "practice_stats", "week_start"]
