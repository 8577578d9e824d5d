"""Shared output helpers: JSON for pipes, rich for people."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

ICONS = {"affirmation": "✦", "meditation": "◯", "ritual": "△"}


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def print_json(data: Any) -> None:
    """Machine-readable output on stdout."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def print_list(items: Iterable[Any], next_cursor: str | None = None) -> None:
    """A list on stdout in the one envelope every list uses (waqup_cli.contract): items and the next page's
    cursor (None: nothing more)."""
    print_json({"items": list(items), "next_cursor": next_cursor})


def note(message: str) -> None:
    """A status line for people on stderr, so stdout stays pipeable."""
    console(stderr=True).print(message)


def hint(label: str, command: str, *, stderr: bool = False) -> None:
    """A copy-paste hint ("Render it: waqup render 3f9a") that the terminal never breaks mid-command.

    ``label`` may hold rich markup; ``command`` is printed as is. When both don't fit on one line the
    command goes on a line of its own, and a command wider than the terminal is left for the terminal
    to soft-wrap (no newline inside it, so it still pastes as one line).
    """
    from rich.text import Text

    out = console(stderr=stderr)
    text = Text.from_markup(label)
    if text.cell_len + 1 + len(command) <= out.width:
        out.print(text.append(" " + command), soft_wrap=True)
    else:
        out.print(text, soft_wrap=True)
        out.print(Text("  " + command), soft_wrap=True)


@dataclass(frozen=True)
class Column:
    """A table column for :func:`print_table`.

    ``key`` columns (ids) are never wrapped, truncated or dropped; ``drop`` ranks what goes first when
    the terminal is too narrow (0: never; higher numbers go first); ``wrap`` False keeps a cell on one line.
    """

    header: str
    key: bool = False
    drop: int = 0
    wrap: bool = True
    style: str | None = None
    justify: str = "left"


_CELL_PADDING = 3  # a column's border and the space either side of it
_SHORTEST_WRAP = 8  # narrowest a wrapping column is squeezed to before columns are dropped
_LONGEST_WORD = 20  # a wrapping column is kept wide enough for words up to this long (env var names)


def _widest(column: Column, rows: list[list[str]], i: int) -> int:
    from rich.text import Text

    return max(Text.from_markup(cell).cell_len for cell in [column.header, *(r[i] for r in rows)])


def fit_columns(columns: list[Column], rows: list[list[str]], width: int) -> list[int]:
    """The indexes of the columns that fit ``width`` cells: the lowest-ranked droppable ones go first."""
    from rich.text import Text

    def need(i: int) -> int:
        widest = _widest(columns[i], rows, i)
        if columns[i].key or not columns[i].wrap:
            return widest
        words = (word for row in rows for word in Text.from_markup(row[i]).plain.split())
        return min(widest, max(_SHORTEST_WRAP, min(_LONGEST_WORD, max(map(len, words), default=0))))

    kept = list(range(len(columns)))
    needs = {i: need(i) for i in kept}
    droppable = sorted((i for i in kept if columns[i].drop and not columns[i].key), key=lambda i: -columns[i].drop)
    while droppable and sum(needs[i] + _CELL_PADDING for i in kept) + 1 > width:
        kept.remove(droppable.pop(0))
    return kept


def print_table(columns: list[Column], rows: list[list[str]], *, title: str | None = None,
                stderr: bool = False) -> None:
    """A table that fits the terminal: key (id) columns stay whole, others wrap, then drop by rank."""
    from rich.table import Table

    out = console(stderr=stderr)
    kept = fit_columns(columns, rows, out.width)
    table = Table(title=title, header_style="bold")
    for i in kept:
        column = columns[i]
        width = _widest(column, rows, i) if column.key else None
        table.add_column(column.header, style=column.style, justify=column.justify,  # type: ignore[arg-type]
                         no_wrap=column.key or not column.wrap, min_width=width,
                         overflow="ellipsis" if not column.key and not column.wrap else "fold")
    for row in rows:
        table.add_row(*(row[i] for i in kept))
    out.print(table)


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
    """Library items as a table; at narrow widths the tags, then the date, then the icon make way."""
    from rich.markup import escape

    columns = [Column("id", key=True, style="cyan"), Column("", wrap=False, drop=1), Column("title"),
               Column("tags", style="green", drop=3), Column("created", style="dim", wrap=False, drop=2)]
    rows = [[item.id, ICONS.get(item.type, "•"), escape(item.title), escape(" ".join(item.tags)), item.created[:10]]
            for item in items]
    print_table(columns, rows, title=title)
