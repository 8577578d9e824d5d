"""Small display helpers shared by screens (text only, no Textual)."""

from __future__ import annotations

from datetime import datetime


def clock(seconds: float | None) -> str:
    """``75`` -> ``1:15``; ``3700`` -> ``1:01:40``; ``None`` -> ``-``."""
    if seconds is None:
        return "-"
    total = max(0, int(round(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def ago(stamp: str | None, now: datetime) -> str:
    """A short "last practised" label relative to ``now``."""
    if not stamp:
        return "never"
    when = datetime.fromisoformat(stamp)
    if when.tzinfo is None and now.tzinfo is not None:
        when = when.replace(tzinfo=now.tzinfo)
    days = (now.date() - when.date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 30:
        return f"{days}d ago"
    return when.date().isoformat()
