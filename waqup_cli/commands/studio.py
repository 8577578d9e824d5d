"""`waqup studio`: the Textual terminal UI (Textual is imported only when the command runs)."""

from __future__ import annotations

import typer

SCREENS = ("library", "create", "editor", "player", "practice", "settings")


def studio(
    screen: str = typer.Option("library", "--screen", "-s", help=f"Open on this screen: {', '.join(SCREENS)}."),
    light: bool = typer.Option(False, "--light", help="Start with the light theme."),
) -> None:
    """Open waQup Studio, the terminal UI: library, create, editor, player, practice, settings.

    Example: waqup studio --screen practice
    """
    from engine.errors import UsageError

    if screen not in SCREENS:
        raise UsageError(f"unknown screen {screen!r}: choose one of {', '.join(SCREENS)}")
    from waqup_cli.studio.app import StudioApp

    StudioApp(start=screen, theme="textual-light" if light else None).run()


def register(app: typer.Typer) -> None:
    app.command("studio")(studio)
