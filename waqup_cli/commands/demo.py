"""`waqup demo`: the main job on offline defaults - one of each content type, end to end."""

from __future__ import annotations

import typer

from waqup_cli.output import console, format_duration

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
    out.print(f"[bold]waQup demo[/] - offline text engine and voices, data in [cyan]{paths.home()}[/]\n")
    with Library() as lib:
        for kind, options in DEMO:
            params = params_for(kind, seed=seed, **options)
            with out.status(f"Writing a {kind}..."):
                item = create(params, library=lib, tags=["demo"]).item
            out.print(f"{ICONS[kind]} [bold]{item.title}[/]  [dim]{kind} · id[/] [cyan]{item.id}[/]")
            if audio:
                with out.status("Rendering audio..."):
                    result = render_item(lib, item.id)
                out.print(f"   audio: {result.path}  [dim]({format_duration(result.duration)}, "
                          f"{result.lufs:.1f} LUFS, {result.voice})[/]")
    out.print(f"\nLibrary: [cyan]{paths.database_path()}[/]")
    out.print("Next: [bold]waqup library list[/] · [bold]waqup library show ID[/] · [bold]waqup play ID[/] · "
              "[bold]waqup studio[/]")


def render_item(lib, item_id: str):
    """Render an item's audio with the user's defaults."""
    from engine.rendering import render_item as render

    return render(lib, item_id)


def register(app: typer.Typer) -> None:
    app.command()(demo)
