"""`waqup credits`: balance, history and budget of the local credit ledger, and which wallet pays."""

from __future__ import annotations

import typer

from engine.words import count
from waqup_cli.output import console, print_json, print_list

app = typer.Typer(no_args_is_help=True)
JSON = typer.Option(False, "--json", help="Print JSON.")


def _ledger():
    from engine.credits import Ledger

    return Ledger()


@app.command()
def balance(json_: bool = JSON) -> None:
    """Show which wallet pays for generation, and the local balance, holds, spending and budget.

    Example: waqup credits balance --json
    """
    from engine.credits.wallet import mode

    ledger = _ledger()
    try:
        ledger.sweep()
        bal = ledger.balance()
    finally:
        ledger.close()
    pays = mode()
    if json_:
        print_json({**bal.to_dict(), "pays": "account" if pays == "remote" else "local"})
        return
    if pays == "remote":
        console().print("Your marketplace account pays for generation (credits.wallet = account): see "
                        "`waqup credits account`; `waqup config set credits.wallet local` pays locally instead.")
        return
    if bal.budget is None and not bal.granted:
        console().print(f"Local mode: [bold]{bal.spent}[/] credits spent, {bal.held} held · no budget "
                        "(every generation is recorded, nothing is blocked; set one with `waqup credits budget N`)")
        return
    limit = "no budget (recorded, never blocked)" if bal.budget is None else \
        f"budget {bal.budget}, [bold]{bal.available}[/] available"
    console().print(f"Balance [bold]{bal.balance}[/] · held {bal.held} · spent {bal.spent} · "
                    f"granted {bal.granted} · {limit}")


@app.command()
def history(limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many to show."),
            json_: bool = JSON) -> None:
    """List ledger transactions, newest first.

    Example: waqup credits history -n 50
    """
    from rich.markup import escape

    from waqup_cli.output import Column, print_table

    ledger = _ledger()
    try:
        txns = ledger.history(limit)
    finally:
        ledger.close()
    if json_:
        print_list([t.to_dict() for t in txns])
        return
    if not txns:
        typer.echo("No credit transactions yet.")
        return
    sign = {"grant": "+", "refund": "+", "release": "+", "capture": "-", "reserve": "-"}
    # At narrow widths the memo, then the content type, make way; the job id always stays whole.
    columns = [Column("when"), Column("op", wrap=False), Column("amount", wrap=False, justify="right"),
               Column("type", drop=2), Column("job", key=True, style="cyan"), Column("memo", drop=3)]
    rows = [[t.created[:19].replace("T", " "), t.op, f"{sign.get(t.op, '')}{t.amount}", escape(t.content_type),
             t.key, escape(t.memo)] for t in txns]
    print_table(columns, rows)


@app.command()
def budget(value: int = typer.Argument(None, min=0, help="Cap spending at this many credits."),
           clear: bool = typer.Option(False, "--clear", help="Remove the cap (unlimited, still recorded)."),
           json_: bool = JSON) -> None:
    """Show, set or clear the spending budget.

    Examples: waqup credits budget 20 · waqup credits budget --clear
    """
    from engine.errors import UsageError

    if value is not None and clear:
        raise UsageError("give a budget or --clear, not both")
    ledger = _ledger()
    try:
        if clear:
            ledger.set_budget(None)
        elif value is not None:
            ledger.set_budget(value)
        bal = ledger.balance()
    finally:
        ledger.close()
    if json_:
        print_json({"budget": bal.budget, "available": bal.available})
    elif bal.budget is None:
        typer.echo("No budget: generations are recorded but never blocked.")
    else:
        typer.echo(f"Budget {count(bal.budget, 'credit')}; {bal.available} available.")


@app.command()
def buy(size: str = typer.Argument(..., help="Credit pack size (see the sizes on sale), or `plan` for monthly."),
        url: str = typer.Option(None, "--url", help="Marketplace URL (default: config `market.url`)."),
        no_browser: bool = typer.Option(False, "--no-browser", help="Print the payment link instead."),
        timeout: float = typer.Option(900, "--timeout", help="Seconds to wait for the payment."),
        json_: bool = JSON) -> None:
    """Buy credits for your marketplace account (Stripe Checkout in your browser).

    Examples: waqup credits buy 50 · waqup credits buy plan
    """
    from engine.errors import UsageError
    from waqup_cli.commands.purchase import buy as run

    if size != "plan" and not size.isdigit():
        raise UsageError("give a credit pack size (e.g. 50) or `plan`")
    done = run("plan" if size == "plan" else "credits", size=None if size == "plan" else int(size), url=url,
               browser=not no_browser, timeout=timeout)
    if json_:
        print_json(done)
        return
    what = "Monthly plan active" if done["kind"] == "plan" else f"Added {count(done['credits'], 'credit')}"
    typer.echo(f"{what} (purchase {done['id']}).")


@app.command()
def account(url: str = typer.Option(None, "--url", help="Marketplace URL (default: config `market.url`)."),
            json_: bool = JSON) -> None:
    """Show the marketplace account's wallet (it pays for generation while you are signed in).

    Example: waqup credits account
    """
    from engine.credits.wallet import RemoteWallet
    from engine.market.client import MarketClient
    from engine.market.errors import MarketError
    from waqup_cli.commands.sync import quiet_sync

    with MarketClient(url) as client:
        if client.store.load() is None:
            raise MarketError("not signed in: run `waqup market login`", 401)
    quiet_sync(url)
    with MarketClient(url) as client, RemoteWallet(client=client) as w:
        bal = w.balance()
    if json_:
        print_json(bal)
        return
    line = f"Account wallet: [bold]{bal['available']}[/] available · server {bal['server']['available']}"
    if bal["unsynced"]:
        line += f" · {bal['unsynced']} spent offline, not yet synced"
    if bal["debt"]:
        line += f" · [red]owes {bal['debt']}[/] (top up with `waqup credits buy SIZE`)"
    console().print(line)
