"""`waqup remind` writes calendars icalendar reads back (RRULE, alarm); `waqup practice add/log/stats`."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from engine.errors import UsageError
from engine.reminders import parse_at, parse_days
from waqup_cli.main import app

runner = CliRunner()


def waqup(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result


@pytest.fixture
def items():
    ritual = json.loads(waqup("create", "ritual", "--intent", "an evening wind-down", "--anchor", "after dinner",
                              "--time", "21:15", "--seed", "2", "--json").stdout)
    words = json.loads(waqup("create", "affirmation", "--intent", "steady mornings", "--count", "3", "--json").stdout)
    return ritual["id"], words["id"]


def events(path) -> list:
    return [c for c in Calendar.from_ical(path.read_bytes()).walk() if c.name == "VEVENT"]


def test_reminders_export_a_calendar_with_rules_and_alarms(items, tmp_path):
    ritual, words = items
    ics = tmp_path / "r.ics"
    added = json.loads(waqup("remind", "add", ritual, "--out", str(ics), "--json").stdout)
    assert added["at"] == "21:15" and added["days"] == ["mo", "tu", "we", "th", "fr", "sa", "su"]  # its own time
    waqup("remind", "add", words, "--at", "7am", "--days", "mon-fri", "--out", str(ics))
    found = sorted(events(ics), key=lambda e: e.decoded("dtstart").hour)
    assert len(found) == 2
    morning, evening = found
    start = morning.decoded("dtstart")
    assert (start.hour, start.minute) == (7, 0) and start.tzinfo is None  # floating local time
    assert start.date() >= date.today() and start.weekday() < 5
    assert morning["rrule"]["FREQ"] == ["WEEKLY"] and morning["rrule"]["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"]
    assert evening["rrule"]["FREQ"] == ["DAILY"] and evening.decoded("dtstart").hour == 21
    for event in found:
        [alarm] = [c for c in event.walk() if c.name == "VALARM"]
        assert alarm["action"] == "DISPLAY" and alarm.decoded("trigger") == timedelta(0)
        assert "waqup practice" in event["description"] and event.decoded("duration") >= timedelta(minutes=1)
    listed = json.loads(waqup("remind", "list", "--json").stdout)["items"]
    assert [r["at"] for r in listed] == ["07:00", "21:15"]

    waqup("remind", "remove", str(listed[0]["id"]), "--out", str(ics))
    assert [e.decoded("dtstart").hour for e in events(ics)] == [21]
    waqup("library", "delete", ritual, "--yes")
    assert json.loads(waqup("remind", "list", "--json").stdout)["items"] == []  # gone with its item


def test_reminder_input_errors_are_one_line(items):
    ritual, words = items
    for args, said in ((["remind", "add", words], "--at 07:00"), (["remind", "add", words, "--at", "25:00"],
                                                                  "can't read the time"),
                       (["remind", "add", words, "--at", "7am", "--days", "someday"], "unknown days"),
                       (["remind", "remove", "99"], "no reminder 99")):
        result = runner.invoke(app, args)
        assert result.exit_code != 0 and said in result.output, (args, result.output)


@pytest.mark.parametrize(("text", "days"), [("mon-fri", "MO TU WE TH FR"), ("weekends", "SA SU"),
                                            ("fri-mon", "MO FR SA SU"), ("mon,wed, fri", "MO WE FR"),
                                            (None, "MO TU WE TH FR SA SU")])
def test_days(text, days):
    assert " ".join(parse_days(text)) == days


@pytest.mark.parametrize(("text", "at"), [("07:00", "07:00"), ("7:30", "07:30"), ("9pm", "21:00"),
                                          ("morning", "07:00"), ("evening", "19:00")])
def test_times(text, at):
    assert parse_at(text) == at


def test_times_refused():
    with pytest.raises(UsageError):
        parse_at("soon")


def test_practice_added_by_hand_shows_in_log_and_stats(items):
    ritual, words = items
    yesterday = (datetime.now() - timedelta(days=1)).replace(hour=7, minute=10, second=0, microsecond=0)
    waqup("practice", "add", words, "--minutes", "12", "--at", yesterday.strftime("%Y-%m-%d %H:%M"))
    waqup("practice", "add", ritual, "--minutes", "3", "--stopped")
    rows = json.loads(waqup("practice", "log", "--json").stdout)["items"]
    assert [(r["item_id"], r["seconds"], r["completed"]) for r in rows] == [(ritual, 180.0, False),
                                                                            (words, 720.0, True)]
    started = datetime.fromisoformat(rows[1]["started"]).astimezone()
    assert started.replace(tzinfo=None) == yesterday  # the local time given, stored in UTC
    today = json.loads(waqup("practice", "log", "--since", date.today().isoformat(), "--json").stdout)["items"]
    assert [r["item_id"] for r in today] == [ritual]
    stats = json.loads(waqup("practice", "stats", "--json").stdout)
    assert stats["sessions"] == 2 and stats["completion_rate"] == 0.5 and stats["total_minutes"] == 15
    future = runner.invoke(app, ["practice", "add", words, "--minutes", "5", "--at", "2999-01-01 07:00"])
    assert future.exit_code == 2 and "in the future" in future.output
    bad = runner.invoke(app, ["practice", "log", "--since", "last week"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
