"""`waqup practice`: the return loop (check in, a suggested practice, play, reflect)."""

from __future__ import annotations

import time

import typer

from waqup_cli.output import console, print_script


def _player(item) -> dict:
    """Play the item's newest audio if the audio engine can; else show the script to read along."""
    assets = []
    try:
        from engine.library import Library

        with Library() as lib:
            assets = lib.audio_assets(item.id)
    except Exception:  # noqa: BLE001 - fall back to reading along
        assets = []
    started = time.monotonic()
    if assets:
        try:
            from engine.audio import play

            play(assets[0]["path"])
            return {"seconds": time.monotonic() - started, "completed": True}
        except Exception as exc:  # noqa: BLE001 - playback is optional (no PortAudio, no device)
            console().print(f"[dim]Playback unavailable ({exc}); here is the script to read along.[/]")
    print_script(item.parsed(), item_id=item.id)
    from rich.prompt import Confirm

    completed = Confirm.ask("Did you finish it?", default=True)
    from engine.practice import read_along_seconds

    return {"seconds": read_along_seconds(item.parsed(), time.monotonic() - started, completed), "completed": completed}


def practice(
    resume: bool = typer.Option(False, "--resume", help="Continue an unfinished practice session."),
) -> None:
    """Practise something from your library: check in, get a suggestion, play it, reflect.

    Example: waqup practice
    """
    from rich.prompt import Prompt

    from engine.errors import WaqupError
    from waqup_cli.commands.converse import _open, show

    session = _open("practice", resume, False, player=_player)
    try:
        show(session.start())
        while not session.done:
            try:
                text = Prompt.ask("[cyan]you[/]", default="", show_default=False)
            except EOFError:
                return
            try:
                show(session.send(text))
            except WaqupError as exc:
                console().print(f"[red]{exc}[/]")
        stopped = session.state == "crisis"
    finally:
        session.close()
    if stopped:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(practice)
