"""`waqup practice`: the return loop (check in, a suggested practice, play, reflect)."""

from __future__ import annotations

import time

import typer

from waqup_cli.output import console, print_script


def _player(item) -> dict:
    """Play the item's newest audio if the audio engine can; else show the script to read along."""
    assets = []
    try:
        from engine.library import Library

        with Library() as lib:
            assets = lib.audio_assets(item.id)
    except Exception:  # noqa: BLE001 - fall back to reading along
        assets = []
    started = time.monotonic()
    if assets:
        try:
            from engine.audio import play

            play(assets[0]["path"])
            return {"seconds": time.monotonic() - started, "completed": True}
        except Exception as exc:  # noqa: BLE001 - playback is optional (no PortAudio, no device)
            console().print(f"[dim]Playback unavailable ({exc}); here is the script to read along.[/]")
    print_script(item.parsed(), item_id=item.id)
    from rich.prompt import Confirm

    completed = Confirm.ask("Did you finish it?", default=True)
    from engine.practice import read_along_seconds

    return {"seconds": read_along_seconds(item.parsed(), time.monotonic() - started, completed), "completed": completed}


def practice(
    ctx: typer.Context,
    resume: bool = typer.Option(False, "--resume", help="Continue an unfinished practice session."),
) -> None:
    """Practise something from your library: check in, get a suggestion, play it, reflect.

    `waqup practice history` and `waqup practice stats` show what you have practised.

    Example: waqup practice
    """
    if ctx.invoked_subcommand is not None:
        return
    from rich.prompt import Prompt

    from engine.errors import WaqupError
    from waqup_cli.commands.converse import _open, show

    session = _open("practice", resume, False, player=_player)
    try:
        show(session.start())
        while not session.done:
            try:
                text = Prompt.ask("[cyan]you[/]", default="", show_default=False)
            except EOFError:
                return
            try:
                show(session.send(text))
            except WaqupError as exc:
                console().print(f"[red]{exc}[/]")
        stopped = session.state == "crisis"
    finally:
        session.close()
    if stopped:
        raise typer.Exit(1)


def log(
    item_id: str = typer.Option(None, "--item", help="Only this item (id or a unique prefix)."),
    since: str = typer.Option(None, "--since", help="Only sessions from this date on (YYYY-MM-DD)."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many to show."),
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List your practice sessions, newest first.

    Example: waqup practice log --since 2026-11-01 -n 50
    """
    from engine.library import Library
    from waqup_cli.output import format_duration, print_list

    with Library() as lib:
        if since is not None:
            since = _date(since).isoformat()
        rows = [{**row, "completed": bool(row["completed"])}
                for row in lib.practice_history(item_id, limit, since=since)]
        titles = {row["item_id"]: _title(lib, row["item_id"]) for row in rows}
    if json_:
        print_list([{**row, "title": titles[row["item_id"]]} for row in rows])
        return
    if not rows:
        typer.echo("No practice yet. Start one: waqup practice")
        return
    for row in rows:
        done = "done" if row["completed"] else "stopped"
        mood = f"  mood {row['mood']}" if row["mood"] else ""
        typer.echo(f"{row['started'][:16].replace('T', ' ')}  {row['item_id']}  "
                   f"{format_duration(row['seconds'])} {done}  {titles[row['item_id']]}{mood}")


def _date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date: use YYYY-MM-DD") from None


def add(
    item_id: str = typer.Argument(..., metavar="ITEM_ID", help="The item you practised (id or a unique prefix)."),
    minutes: float = typer.Option(..., "--minutes", min=0.1, max=24 * 60, help="How long you practised."),
    at: str = typer.Option(None, "--at", help="When you started, YYYY-MM-DD HH:MM local time (default: now)."),
    stopped: bool = typer.Option(False, "--stopped", help="You stopped before the end."),
    mood: str = typer.Option("", "--mood", help="A word for how you feel afterwards."),
) -> None:
    """Log a practice done away from the terminal (on your phone, from the feed, from memory).

    Example: waqup practice add 3f2a --minutes 12 --at "2026-12-02 07:10"
    """
    from datetime import UTC, datetime

    from engine.library import Library
    from engine.practice import log_practice

    started = None
    if at is not None:
        try:
            when = datetime.fromisoformat(at.strip())
        except ValueError:
            raise typer.BadParameter(f"{at!r} is not a time: use YYYY-MM-DD HH:MM") from None
        when = when.astimezone() if when.tzinfo is None else when
        if when > datetime.now(UTC):
            raise typer.BadParameter(f"{at!r} is in the future")
        started = when.astimezone(UTC).isoformat(timespec="seconds")
    with Library() as lib:
        item = lib.get(item_id)
        log_practice(lib, item.id, started=started, seconds=minutes * 60, completed=not stopped, mood=mood)
    typer.echo(f"Logged {minutes:g} min of {item.title}.")


def _title(lib, item_id: str) -> str:
    """The item's title, or '' once it is deleted."""
    from engine.errors import WaqupError

    try:
        return lib.get(item_id).title
    except WaqupError:
        return ""


def stats(
    weeks: int = typer.Option(12, "--weeks", min=1, max=104, help="How many weeks of minutes to show."),
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Your streak, minutes per week and most-practised items.

    Example: waqup practice stats --json
    """
    from datetime import date

    from engine.library import Library
    from engine.practice_stats import practice_stats
    from waqup_cli.output import print_json

    with Library() as lib:
        found = practice_stats(lib, date.today(), weeks=weeks)
    data = {"today": found.today.isoformat(), "streak": found.streak, "sessions": found.sessions,
            "total_minutes": found.total_minutes, "practised_today": found.practised_today,
            "completed": found.completed, "completion_rate": found.completion_rate,
            "weekly_minutes": [{"week": monday.isoformat(), "minutes": m} for monday, m in found.weekly_minutes],
            "top_items": [{"item_id": t.item_id, "title": t.title, "sessions": t.sessions, "minutes": t.minutes}
                          for t in found.top_items]}
    if json_:
        print_json(data)
        return
    from engine.words import count

    typer.echo(f"Streak {count(found.streak, 'day')} · {count(found.sessions, 'session')} · "
               f"{count(found.total_minutes, 'minute')} in all · {found.completion_rate:.0%} played to the end")
    if found.weekly_minutes:
        recent = " ".join(f"{m:g}" for _, m in found.weekly_minutes[-4:])
        typer.echo(f"  minutes in the last four weeks: {recent}")
    for top in found.top_items:
        typer.echo(f"  {top.item_id}  {count(top.sessions, 'session')}, {top.minutes:g} min  {top.title}")


def register(app: typer.Typer) -> None:
    group = typer.Typer(invoke_without_command=True)  # `waqup practice` alone runs the loop
    group.callback()(practice)
    group.command()(log)
    group.command()(add)
    group.command()(stats)
    app.add_typer(group, name="practice")
