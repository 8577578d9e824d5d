"""Shared output helpers: JSON for pipes, rich for people."""

from __future__ import annotations

import json
import sys
from typing import Any

ICONS = {"affirmation": "✦", "meditation": "◯", "ritual": "△"}


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def print_json(data: Any) -> None:
    """Machine-readable output on stdout."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def note(message: str) -> None:
    """A status line for people on stderr, so stdout stays pipeable."""
    console(stderr=True).print(message)


def format_duration(seconds: float | None) -> str:
    if not seconds:
        return "-"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def print_script(script, *, item_id: str | None = None) -> None:
    """A readable rendering of a script: sections, spoken lines, pauses dimmed."""
    from rich.markup import escape
    from rich.panel import Panel
    from rich.text import Text

    from engine.script import Line, Pause

    out = console()
    meta = script.meta
    kind = meta.get("type", "")
    header = Text(f"{ICONS.get(kind, '•')} {script.title}", style="bold")
    details = [kind] + [f"{k} {meta[k]}" for k in ("minutes", "technique", "time", "count") if k in meta]
    if item_id:
        details.append(f"id {item_id}")
    body: list[str] = []
    for section in script.sections:
        body.append(f"\n[bold cyan]{escape(section.name)}[/]")
        for item in section.items:
            if isinstance(item, Pause):
                flex = " +" if item.flexible else ""
                body.append(f"  [dim]· pause {item.seconds:g}s{flex}[/]")
            elif isinstance(item, Line):
                direction = f"[italic magenta]({escape(item.direction)})[/] " if item.direction else ""
                repeat = f" [dim]×{item.repeat}[/]" if item.repeat > 1 else ""
                body.append(f"  {direction}{escape(item.text)}{repeat}")
    estimate = script.estimated_seconds()
    subtitle = f"{' · '.join(details)} · about {format_duration(estimate)}"
    out.print(Panel("\n".join(body).strip("\n"), title=header, subtitle=subtitle, expand=False))


def print_items(items, *, title: str | None = None) -> None:
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("title")
    table.add_column("tags", style="green")
    table.add_column("created", style="dim", no_wrap=True)
    for item in items:
        table.add_row(item.id, ICONS.get(item.type, "•"), item.title, " ".join(item.tags), item.created[:10])
    console().print(table)
