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
        from waqup_cli.output import print_list

        print_list(rows)
        return
    if not rows:
        typer.echo("no generations logged yet")
        return
    from rich.markup import escape

    from waqup_cli.output import Column, print_table

    # At narrow widths the retries, time, model, cost and usage columns make way, in that order.
    columns = [Column("when"), Column("item", key=True, style="cyan"), Column("type", drop=3),
               Column("provider", drop=2), Column("model", drop=6), Column("usage", drop=4, wrap=False),
               Column("time", drop=7, wrap=False), Column("retries", drop=8, wrap=False),
               Column("cost $", drop=5, wrap=False), Column("status")]
    table = []
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
        table.append([
            (row.get("created") or "")[:19].replace("T", " "), row.get("item_id") or "-",
            escape(row.get("type") or ""), escape(row.get("provider") or ""), escape(row.get("model") or ""),
            amount, f"{(row.get('duration_ms') or 0) / 1000:.2f}s",
            str(usage.get("retries", 0)), "-" if cost is None else f"{cost:.4f}", status,
        ])
    print_table(columns, table)
