"""`waqup sync`: push offline changes to your marketplace account and pull what changed there."""

from __future__ import annotations

import typer

from waqup_cli.output import print_json


def run_sync(url: str | None = None):
    """Sync both directions with the account signed in at ``url``; returns the report."""
    from engine.library import Library
    from engine.market.client import MarketClient
    from engine.market.sync import sync as both_ways

    with MarketClient(url) as client, Library() as lib:
        return both_ways(client, lib)


def quiet_sync(url: str | None = None) -> None:
    """Best-effort sync for commands that want fresh state (offline or signed out: nothing happens)."""
    import contextlib

    from engine.market.errors import MarketError

    with contextlib.suppress(MarketError):
        run_sync(url)


def sync(
    url: str = typer.Option(None, "--url", help="Marketplace URL (default: config `market.url`)."),
    json_: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Sync with your marketplace account: send offline generations and practice, fetch balance,
    purchases and pack status. Runs by itself around paid commands; run it after being offline.

    Example: waqup sync
    """
    from engine.words import count

    report = run_sync(url)
    if json_:
        print_json(report.to_dict())
        return
    bal = report.balance
    parts = [f"sent {report.pushed}" + (f" ({report.duplicates} already applied)" if report.duplicates else ""),
             f"received {report.pulled}" + (" (full resync)" if report.full else "")]
    typer.echo(f"Synced: {', '.join(parts)}. Balance {count(bal.get('available', 0), 'credit')} available.")
    for rejected in report.rejected:
        typer.echo(f"  refused: {rejected.get('message') or rejected.get('reason')}", err=True)
    if report.debt:
        typer.echo(f"You owe {count(report.debt, 'credit')} for offline generations: top up with "
                   "`waqup credits buy SIZE`; paid generations are paused until then.", err=True)


def register(app: typer.Typer) -> None:
    app.command()(sync)
