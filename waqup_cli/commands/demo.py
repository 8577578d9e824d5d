"""`waqup demo`: the main job on offline defaults - one of each content type, end to end."""

from __future__ import annotations

import typer

from waqup_cli.output import console

DEMO = [
    ("affirmation", {"intent": "calm and confident before my exams",
                     "context": "I study late at night and panic when I see the paper", "count": 7}),
    ("meditation", {"intent": "let go of the working day", "context": "I bring work stress home",
                    "minutes": 5, "technique": "body-scan"}),
    ("ritual", {"intent": "become someone who writes every day", "context": "I keep postponing my novel",
                "time_of_day": "07:00", "anchor": "after I pour my first coffee", "minutes": 5}),
]


def demo(
    seed: int = typer.Option(7, "--seed", help="Seed for the offline engine."),
    audio: bool = typer.Option(True, "--audio/--no-audio", help="Render each item to an audio file."),
) -> None:
    """Create one affirmation set, one meditation and one ritual offline, render them, show where they are."""
    from engine import paths
    from engine.content import params_for
    from engine.create import create
    from engine.library import Library
    from waqup_cli.output import ICONS

    out = console()
    out.print(f"[bold]waQup demo[/] - offline engine, data in [cyan]{paths.home()}[/]\n")
    rows = []
    with Library() as lib:
        for kind, options in DEMO:
            params = params_for(kind, seed=seed, **options)
            created = create(params, library=lib, tags=["demo"])
            item = created.item
            location = ""
            if audio:
                location = render_item(lib, item.id)
            rows.append((ICONS[kind], kind, item.id, item.title, location))
            out.print(f"  {ICONS[kind]} created {kind} [cyan]{item.id}[/] - {item.title}")
    out.print()
    from rich.table import Table

    table = Table(title="Your new items", header_style="bold")
    for column in ("", "type", "id", "title", "audio"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    out.print(table)
    out.print(f"\nLibrary: [cyan]{paths.database_path()}[/]")
    out.print("Next: [bold]waqup library list[/], [bold]waqup library show ID[/], [bold]waqup play ID[/]")


def render_item(lib, item_id: str) -> str:
    """Render an item's audio if the audio engine is available; returns the file path or a note."""
    try:
        from engine.render import render_item as render
    except ImportError:
        return "(audio engine not installed)"
    return str(render(lib, item_id).path)


def register(app: typer.Typer) -> None:
    app.command()(demo)
