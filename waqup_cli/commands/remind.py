"""`waqup remind`: reminders to practise, written to an iCalendar file any calendar imports."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True)


def _calendar(lib, out: Path | None) -> Path:
    from engine.paths import home
    from engine.reminders import write_calendar

    return write_calendar(lib, out or home() / "reminders.ics")


@app.command()
def add(
    item_id: str = typer.Argument(..., metavar="ITEM_ID", help="The item to practise (id or a unique prefix)."),
    at: str = typer.Option(None, "--at", help="Local time, e.g. 07:00, 9pm or morning (a ritual: its own time)."),
    days: str = typer.Option("daily", "--days", help="e.g. mon-fri, mon,wed,fri, weekdays, weekends or daily."),
    out: Path = typer.Option(None, "--out", help="The .ics file to write (default: reminders.ics in your data)."),
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Remind yourself to practise an item, and write every reminder to an .ics file.

    Example: waqup remind add 3f2a --at 07:00 --days mon-fri
    """
    from engine.library import Library
    from engine.reminders import add as add_reminder

    with Library() as lib:
        reminder = add_reminder(lib, item_id, at=at, days=days)
        path = _calendar(lib, out)
    if json_:
        from waqup_cli.output import print_json

        print_json({**reminder.to_dict(), "calendar": str(path)})
        return
    typer.echo(f"Reminder {reminder.id}: {reminder.title} at {reminder.at}, {_days(reminder.days)}.")
    typer.echo(f"Import {path} into your calendar (or `waqup feed serve` offers it to your phone).")


def _days(days: list[str]) -> str:
    from engine.reminders import DAYS

    if len(days) == 7:
        return "every day"
    if days == list(DAYS[:5]):
        return "Monday to Friday"
    return ", ".join(d.title() for d in days)


@app.command("list")
def list_(json_: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Your reminders, by time of day.

    Example: waqup remind list --json
    """
    from engine.library import Library
    from engine.reminders import list_reminders

    with Library() as lib:
        reminders = list_reminders(lib)
    if json_:
        from waqup_cli.output import print_list

        print_list([r.to_dict() for r in reminders])
        return
    if not reminders:
        typer.echo("No reminders yet. Add one: waqup remind add ITEM_ID --at 07:00")
        return
    from waqup_cli.output import Column, print_table

    print_table([Column("id", key=True), Column("at"), Column("days"), Column("item", key=True, style="cyan"),
                 Column("title")],
                [[str(r.id), r.at, _days(r.days), r.item_id[:8], r.title] for r in reminders])


@app.command()
def remove(
    reminder_id: int = typer.Argument(..., metavar="REMINDER_ID", help="The reminder's number (see list)."),
    out: Path = typer.Option(None, "--out", help="The .ics file to rewrite (default: reminders.ics in your data)."),
) -> None:
    """Remove a reminder and rewrite the .ics file (import it again, or the calendar keeps the old one).

    Example: waqup remind remove 2
    """
    from engine.library import Library
    from engine.reminders import remove as remove_reminder

    with Library() as lib:
        gone = remove_reminder(lib, reminder_id)
        path = _calendar(lib, out)
    typer.echo(f"Removed reminder {gone.id} ({gone.title} at {gone.at}); {path} rewritten.")
