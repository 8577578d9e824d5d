"""Shared by `waqup credits buy` and `waqup market buy`: checkout, browser, wait for the webhook, sync."""

from __future__ import annotations

import typer

from waqup_cli.output import note


def buy(kind: str, *, size: int | None = None, pack: str | None = None, pay: str = "card", url: str | None = None,
        browser: bool = True, timeout: float = 900) -> dict:
    """Run a purchase to completion and return its final state."""
    from engine.market import payments
    from engine.market.client import MarketClient
    from waqup_cli.commands.sync import quiet_sync

    with MarketClient(url) as client:
        started = payments.checkout(client, kind, size=size, pack=pack, pay=pay)
        if started["status"] not in payments.DONE:
            link = started.get("url") or ""
            if not (browser and link and payments.open_url(link)):
                typer.echo(f"Open this page to pay: {link}")
            else:
                typer.echo(f"Opened the payment page in your browser ({link})")
            note("Waiting for the payment to complete... (Ctrl-C stops waiting; the purchase still completes)")
            started = payments.wait(client, started["id"], timeout=timeout)
    quiet_sync(url)
    return started
