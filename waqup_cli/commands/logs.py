"""`waqup logs`: every generation and provider call (provider, model, usage, latency, cost)."""

from __future__ import annotations

import typer

app = typer.Typer(invoke_without_command=True)


@app.callback()
def logs(
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
    limit: int = typer.Option(20, "-n", "--limit", min=1, max=10000, help="How many entries (newest first)."),
) -> None:
    """Show the generation log, newest first."""
    from engine.library import Library

    with Library() as lib:
        rows = lib.generations(limit=limit)
    if json_:
        from waqup_cli.output import print_json

        print_json(rows)
        return
    if not rows:
        typer.echo("no generations logged yet")
        return
    from rich.markup import escape
    from rich.table import Table

    from waqup_cli.output import console

    table = Table(header_style="bold")
    for column in ("when", "type", "provider", "model", "usage", "time", "retries", "cost $", "status"):
        table.add_column(column, no_wrap=column != "status")
    for row in rows:
        usage = row.get("usage") or {}
        if "characters" in usage:
            amount = f"{usage['characters']} chars"
        elif "input_tokens" in usage:
            amount = f"{usage['input_tokens']}+{usage.get('output_tokens', 0)} tok"
        else:
            amount = "-"
        cost = usage.get("cost_usd")
        status = escape(row["status"] or "")
        if row["status"] != "ok":
            status = f"[red]{status}[/] {escape(row.get('error') or '')}"
        table.add_row(
            (row.get("created") or "")[:19].replace("T", " "), row.get("type") or "",
            row.get("provider") or "", row.get("model") or "", amount,
            f"{(row.get('duration_ms') or 0) / 1000:.2f}s",
            str(usage.get("retries", 0)), "-" if cost is None else f"{cost:.4f}", status,
        )
    console().print(table)
