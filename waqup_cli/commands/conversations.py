"""`waqup conversations`: list the conversations you left open, resume or discard one."""

from __future__ import annotations

import typer

from waqup_cli.output import Column, hint, print_list, print_table

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
        print_list(rows)
        return
    if not rows:
        hint("No open conversations. Start one:", "waqup create")
        return
    from rich.markup import escape

    # At narrow widths the date, then what it was about, make way; the id always stays whole.
    columns = [Column("id", key=True, style="cyan"), Column("kind", wrap=False), Column("where", wrap=False),
               Column("about", drop=1), Column("updated", style="dim", drop=2)]
    print_table(columns, [[row["id"], escape(row["kind"]), escape(row["where"]), escape(row["about"] or ""),
                           str(row["updated"] or "")[:16].replace("T", " ")] for row in rows])
    hint("Resume the newest:", "waqup create --resume")
    hint("Resume a practice:", "waqup practice --resume")
    hint("Drop one:", "waqup conversations discard ID")


@app.command()
def discard(session_id: str = typer.Argument(..., help="The conversation's id (see `waqup conversations list`).")):
    """Cancel an open conversation: its credit holds are released and unsaved drafts refunded.

    Example: waqup conversations discard 3fa9c2d1
    """
    from engine.conversation import Session

    Session.discard(session_id)
    typer.echo(f"Discarded {session_id}; nothing more is held or charged for it.")
