"""`waqup demo`: the main job on offline defaults - one of each content type, end to end."""

from __future__ import annotations

import typer

from engine.words import a_an
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
    first = ""
    with Library() as lib:
        for kind, options in DEMO:
            params = params_for(kind, seed=seed, **options)
            item = _earlier(lib, params)
            if item is None:
                with out.status(f"Writing {a_an(kind)}..."):
                    item = create(params, library=lib, tags=["demo"]).item
            first = first or item.id
            out.print(f"{ICONS[kind]} [bold]{item.title}[/]  [dim]{kind} · id[/] [cyan]{item.id}[/]")
            if audio:
                from engine.rendering import latest_asset

                asset = latest_asset(lib, item.id)
                if asset is None:
                    with out.status("Rendering audio..."):
                        result = render_item(lib, item.id)
                    asset = {"path": result.path, "duration": result.duration, "lufs": result.lufs,
                             "voice": result.voice}
                out.print(f"   audio: {asset['path']}  [dim]({format_duration(asset['duration'])}, "
                          f"{asset['lufs']:.1f} LUFS, {asset['voice']})[/]")
    out.print(f"\nLibrary: [cyan]{paths.database_path()}[/]")
    waqup = _command()
    out.print("Next, copy and paste:", highlight=False)
    for line in (f"{waqup} library list", f"{waqup} library show {first}", f"{waqup} play {first}",
                 f"{waqup} studio"):
        out.print(f"  {line}", highlight=False, soft_wrap=True)


def _earlier(lib, params):
    """The item an earlier demo run made from the same request, so running the demo again adds nothing."""
    wanted = params.to_dict()
    for item in lib.list_items(type=params.type, tag="demo", limit=200):
        if item.params == wanted:
            return item
    return None


def _command() -> str:
    """How to run waqup from here: ``waqup`` when it is on PATH, else the path of this one, with the
    data folder the demo used when it is not the default."""
    import os
    import shlex
    import shutil
    import sys
    from pathlib import Path

    me = Path(sys.argv[0]).resolve()
    found = shutil.which("waqup")
    if found and Path(found).resolve() == me:
        command = "waqup"
    elif me.name == "waqup":
        try:
            command = str(me.relative_to(Path.cwd()))
        except ValueError:
            command = str(me)
    else:
        command = "waqup"
    home = os.environ.get("WAQUP_HOME")
    return f"WAQUP_HOME={shlex.quote(home)} {command}" if home else command


def render_item(lib, item_id: str):
    """Render an item's audio with the user's defaults."""
    from engine.rendering import render_item as render

    return render(lib, item_id)


def register(app: typer.Typer) -> None:
    app.command()(demo)
