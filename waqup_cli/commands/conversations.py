"""`waqup conversations`: list the conversations you left open, resume or discard one."""

from __future__ import annotations

import typer

from waqup_cli.output import console, print_json

app = typer.Typer(no_args_is_help=True)


@app.command("list")
def list_(json_: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List unfinished conversations, newest first (resume one with `waqup create --resume`).

    Example: waqup conversations list
    """
    from engine.conversation import Session
    from engine.library import Library

    with Library() as lib:
        rows = Session.unfinished(lib)
    if json_:
        print_json(rows)
        return
    if not rows:
        console().print("No open conversations. Start one with `waqup create`.")
        return
    for row in rows:
        about = f" - {row['about']}" if row["about"] else ""
        console().print(f"[cyan]{row['id']}[/]  {row['kind']}, {row['where']}{about}  [dim]{row['updated']}[/]",
                        highlight=False)
    console().print("Resume the newest with `waqup create --resume` (or `waqup practice --resume`); "
                    "drop one with `waqup conversations discard ID`.", highlight=False)


@app.command()
def discard(session_id: str = typer.Argument(..., help="The conversation's id (see `waqup conversations list`).")):
    """Cancel an open conversation: its credit holds are released and unsaved drafts refunded.

    Example: waqup conversations discard 3fa9c2d1
    """
    from engine.conversation import Session

    Session.discard(session_id)
    typer.echo(f"Discarded {session_id}; nothing more is held or charged for it.")
