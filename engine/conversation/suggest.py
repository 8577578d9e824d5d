"""Pick a practice from the library: recency, streak, time of day and mood."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

MOOD_FIT = {  # mood -> content types / techniques that suit it
    "anxious": {"meditation", "grounding", "breath"},
    "low": {"affirmation", "loving-kindness"},
    "tired": {"sleep", "body-scan"},
    "angry": {"breath", "body-scan", "meditation"},
    "insecure": {"affirmation", "ritual"},
    "calm": {"ritual", "visualisation"},
    "good": {"ritual", "affirmation"},
}


@dataclass
class Suggestion:
    item_id: str
    title: str
    type: str
    score: float
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"item_id": self.item_id, "title": self.title, "type": self.type,
                "score": round(self.score, 2), "reasons": list(self.reasons)}


def part_of_day(now: datetime) -> str:
    hour = now.hour
    return ("night" if hour < 5 or hour >= 21 else "morning" if hour < 11 else "midday" if hour < 14
            else "afternoon" if hour < 17 else "evening")


def streak(history: list[dict[str, Any]], today: date) -> int:
    """Consecutive days up to today (or yesterday) with at least one practice."""
    days = {datetime.fromisoformat(r["started"]).date() for r in history if r.get("started")}
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def suggest(library: Any, *, moods: list[str] | None = None, now: datetime | None = None,
            limit: int = 5) -> list[Suggestion]:
    """Library items ranked for this moment, best first."""
    now = now or datetime.now(UTC)
    moods = moods or []
    period = part_of_day(now)
    history = library.practice_history(limit=500)
    last: dict[str, datetime] = {}
    for row in history:
        when = datetime.fromisoformat(row["started"])
        last[row["item_id"]] = max(last.get(row["item_id"], when), when)
    out = []
    for item in library.list_items(limit=200):
        score, reasons = 0.0, []
        params = item.params or {}
        technique = params.get("technique", "")
        wanted_time = str(params.get("time_of_day") or "")
        if wanted_time == period or (period in ("night", "evening") and technique == "sleep"):
            score += 3
            reasons.append(f"suits the {period}")
        fits = set().union(*(MOOD_FIT.get(m, set()) for m in moods)) if moods else set()
        if fits & {item.type, technique}:
            score += 2
            reasons.append("fits how you feel")
        seen = last.get(item.id)
        if seen is None:
            score += 1
            reasons.append("not practised yet")
        else:
            days = (now - seen).total_seconds() / 86400
            if days >= 0.5:
                score += min(days, 7) / 7 * 1.5
            if days <= 1.5:
                score += 1
                reasons.append("keeps your streak going")
        out.append(Suggestion(item.id, item.title, item.type, score, reasons))
    out.sort(key=lambda s: -s.score)
    return out[:limit]
