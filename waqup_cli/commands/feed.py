"""`waqup feed`: a private podcast feed of your audio (build it, then serve it to your phone)."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True)


def _default_folder() -> Path:
    from engine.paths import home

    return home() / "feed"


@app.command()
def build(
    pack: str = typer.Option(None, "--pack", help="Only the items of this pack (slug)."),
    tag: str = typer.Option(None, "--tag", help="Only items with this tag."),
    everything: bool = typer.Option(False, "--all", help="Every item in the library."),
    out: Path = typer.Option(None, "--out", help="Folder to build the feed in (default: feed/ in your data)."),
    title: str = typer.Option(None, "--title", help="The feed's title (default: the pack's title, or the tag)."),
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Write a podcast feed (RSS with iTunes tags) with its audio beside it, rendering what isn't rendered yet.

    Example: waqup feed build --pack morning-calm
    """
    from engine.feed import build as build_feed
    from engine.library import Library

    folder = out or _default_folder()

    def told(item, rendering: bool) -> None:
        if rendering and not json_:
            typer.echo(f"rendering {item.id[:8]}  {item.title}", err=True)

    with Library() as lib:
        feed = build_feed(lib, folder, pack=pack, tag=tag, everything=everything, title=title, on_item=told)
    if json_:
        from waqup_cli.output import print_json

        print_json({"title": feed.title, "folder": str(feed.folder), "feed": str(feed.xml_path),
                    "episodes": len(feed.episodes), "rendered": feed.rendered})
        return
    from engine.words import count

    typer.echo(f"Feed {feed.title!r}: {count(len(feed.episodes), 'episode')} "
               f"({feed.rendered} rendered now) in {feed.folder}")
    typer.echo(f"Serve it to your phone: waqup feed serve{'' if out is None else f' --dir {folder}'}")


@app.command()
def serve(
    folder: Path = typer.Option(None, "--dir", help="The feed's folder (default: feed/ in your data)."),
    host: str = typer.Option("0.0.0.0", "--host", help="Address to listen on (0.0.0.0: the local network)."),
    port: int = typer.Option(8790, "--port", min=1, max=65535, help="Port to listen on."),
    qr: bool = typer.Option(True, "--qr/--no-qr", help="Show the address as a QR code to scan with the phone."),
) -> None:
    """Serve a built feed on your local network; subscribe to the printed address in any podcast app.

    The address holds the feed's secret: only someone who has it can subscribe.

    Example: waqup feed serve --port 8790
    """
    import uvicorn

    from engine.feed import app as feed_app
    from engine.feed import feed_url, load
    from engine.paths import home

    folder = folder or _default_folder()
    feed = load(folder)
    url = feed_url(folder, host, port)
    typer.echo(f"Feed {feed.title!r} ({len(feed.episodes)} episodes). Subscribe in a podcast app to:\n  {url}")
    if qr:
        import segno

        segno.make(url, error="m").terminal(compact=True)
    calendar = home() / "reminders.ics"
    if calendar.is_file():
        typer.echo(f"Reminders for the phone's calendar: {url.removesuffix('feed.xml')}reminders.ics")
    typer.echo("Ctrl-C stops the server.")
    uvicorn.run(feed_app(folder, calendar), host=host, port=port, log_level="warning")
