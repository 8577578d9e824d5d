"""Practice reminders: an item at a local clock time on chosen weekdays, exported as an iCalendar file.

A reminder is a row in the library (``reminders``). :func:`calendar` writes every reminder as a repeating event
with an alarm at its start, in floating local time (07:00 stays 07:00 wherever the phone is), with the command
to practise it and, when given, the private feed's address in its description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from engine.errors import NotFoundError, UsageError

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
NAMES = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
GROUPS = {"daily": DAYS, "every day": DAYS, "weekdays": DAYS[:5], "weekends": DAYS[5:]}
NAMED_TIMES = {"morning": "07:00", "midday": "12:00", "afternoon": "15:00", "evening": "19:00", "night": "21:30"}


@dataclass
class Reminder:
    id: int
    item_id: str
    at: str  # "HH:MM", local time
    days: list[str]  # iCalendar weekday codes, Monday first
    created: str
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "item_id": self.item_id, "title": self.title, "at": self.at,
                "days": [d.lower() for d in self.days], "created": self.created}


def parse_days(text: str | None) -> list[str]:
    """``mon-fri``, ``mon,wed,fri``, ``weekdays``, ``weekends``, ``daily`` (the default) -> weekday codes."""
    low = (text or "daily").strip().lower()
    if low in GROUPS:
        return list(GROUPS[low])
    chosen: set[str] = set()
    for part in re.split(r"[,\s]+", low):
        if not part:
            continue
        ends = part.split("-")
        if len(ends) > 2 or any(e[:3] not in NAMES for e in ends):
            raise UsageError(f"unknown days {text!r}: use e.g. mon-fri, mon,wed,fri, weekdays, weekends or daily")
        first, last = DAYS.index(NAMES[ends[0][:3]]), DAYS.index(NAMES[ends[-1][:3]])
        span = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
        chosen.update(DAYS[k] for k in span)
    return [d for d in DAYS if d in chosen]


def parse_at(text: str) -> str:
    """``07:00``, ``7:30``, ``7am``, ``9pm`` or a named time (``morning``) -> ``HH:MM``."""
    from engine.language.text import time_of_day

    found = time_of_day(text if re.search(r"[a-z]", text.lower()) else f"at {text}")
    found = NAMED_TIMES.get(found, found)
    match = re.fullmatch(r"(\d\d):(\d\d)", found or "")
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise UsageError(f"can't read the time {text!r}: use e.g. 07:00, 7:30, 9pm or morning")
    return found


def _row(lib: Any, row: dict[str, Any]) -> Reminder:
    try:
        title = lib.get(row["item_id"]).title
    except NotFoundError:
        title = ""
    return Reminder(row["id"], row["item_id"], row["at"], row["days"].split(","), row["created"], title)


def add(lib: Any, item_id: str, *, at: str | None = None, days: str | None = None) -> Reminder:
    """Remind of ``item_id`` at ``at`` (a ritual's own time when not given) on ``days``."""
    item = lib.get(item_id)
    if at is None:
        if item.type != "ritual":
            raise UsageError(f"say when: waqup remind add {item.id[:8]} --at 07:00")
        from engine.content.params import named_time

        at = str(item.params.get("time_of_day") or named_time(item.intent, item.context))
    row = {"item_id": item.id, "at": parse_at(at), "days": ",".join(parse_days(days)),
           "created": datetime.now().astimezone().isoformat(timespec="seconds")}
    with lib.transaction():
        row_id = lib.db["reminders"].insert(row).last_pk
    return _row(lib, {**row, "id": row_id})


def list_reminders(lib: Any) -> list[Reminder]:
    """Every reminder, by time of day."""
    return [_row(lib, r) for r in lib.db.query("select * from reminders order by at, id")]


def remove(lib: Any, reminder_id: int) -> Reminder:
    """Delete reminder ``reminder_id`` and return it."""
    rows = list(lib.db.query("select * from reminders where id = ?", [reminder_id]))
    if not rows:
        raise NotFoundError(f"no reminder {reminder_id} (see `waqup remind list`)")
    with lib.transaction():
        lib.db.execute("delete from reminders where id = ?", [reminder_id])
    return _row(lib, rows[0])


def _first(at: str, days: list[str], today: date) -> datetime:
    """The first day from ``today`` on that is one of ``days``, at ``at``."""
    hour, minute = map(int, at.split(":"))
    for ahead in range(7):
        day = today + timedelta(days=ahead)
        if DAYS[day.weekday()] in days:
            return datetime(day.year, day.month, day.day, hour, minute)
    raise UsageError("a reminder needs at least one day")


def calendar(lib: Any, reminders: list[Reminder], *, feed_url: str = "", today: date | None = None) -> bytes:
    """The reminders as one iCalendar file (RRULE weekly on their days, an alarm at the start)."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//waQup//practice reminders//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "waQup practice")
    for reminder in reminders:
        item = lib.get(reminder.item_id)
        minutes = max(1, round(item.parsed().estimated_seconds() / 60))
        event = Event()
        event.add("uid", f"reminder-{reminder.id}-{item.id}@waqup")
        event.add("summary", f"Practise: {item.title}")
        lines = [f"{item.title} ({minutes} min).", f"In a terminal: waqup practice {item.id[:8]}"]
        if feed_url:
            lines.append(f"On your phone: {feed_url}")
            event.add("url", feed_url)
        event.add("description", "\n".join(lines))
        event.add("dtstart", _first(reminder.at, reminder.days, today or date.today()))
        event.add("duration", timedelta(minutes=minutes))
        event.add("dtstamp", datetime.now().astimezone())
        rule: dict[str, Any] = {"freq": "daily"} if len(reminder.days) == 7 else {"freq": "weekly",
                                                                                   "byday": reminder.days}
        event.add("rrule", rule)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Time to practise: {item.title}")
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def write_calendar(lib: Any, path: str | Path, *, feed_url: str = "") -> Path:
    """Write every reminder to ``path`` (an .ics file) and return it."""
    path = Path(path).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(calendar(lib, list_reminders(lib), feed_url=feed_url))
    tmp.replace(path)
    return path
