"""`waqup library`: list, show, search, tag and delete items."""

from __future__ import annotations

import typer

from waqup_cli.output import print_items, print_json, print_script

app = typer.Typer(no_args_is_help=True)
JSON = typer.Option(False, "--json", help="Print JSON instead of a table.")


def _library():
    from engine.library import Library

    return Library()


@app.command("list")
def list_items(
    type: str = typer.Option(None, "--type", "-t", help="affirmation, meditation or ritual."),
    tag: str = typer.Option(None, "--tag", help="Only items with this tag."),
    pack: str = typer.Option(None, "--pack", help="Only items of this pack (slug or id)."),
    limit: int = typer.Option(50, "--limit", "-n", min=1, help="How many to show."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip this many (for paging)."),
    json_: bool = JSON,
) -> None:
    """List items, newest first.

    Example: waqup library list --type meditation --tag sleep
    """
    from engine.content import get_type

    kind = get_type(type).name if type else None
    with _library() as lib:
        items = lib.list_items(type=kind, tag=tag, pack=pack, limit=limit, offset=offset)
        total = lib.count(type=kind, tag=tag, pack=pack)
    if json_:
        print_json([item.to_dict() for item in items])
    elif not items:
        typer.echo("No items yet. Create one: waqup create affirmation --intent 'calm before exams'")
    else:
        print_items(items, title=f"{len(items)} of {total} items")


@app.command()
def show(item_id: str = typer.Argument(..., help="Item id (or a unique prefix)."), json_: bool = JSON) -> None:
    """Show one item with its script.

    Example: waqup library show 3f9a
    """
    with _library() as lib:
        item = lib.get(item_id)
        assets = lib.audio_assets(item.id)
    if json_:
        print_json({**item.to_dict(), "audio": assets})
        return
    print_script(item.parsed(), item_id=item.id)
    if item.tags:
        typer.echo(f"tags: {' '.join(item.tags)}")
    for asset in assets[:1]:
        typer.echo(f"audio: {asset['path']} ({asset['format']}, {asset['duration']:.1f}s)")


@app.command()
def search(
    query: str = typer.Argument(..., help="Words to look for in titles, intents, scripts and tags."),
    type: str = typer.Option(None, "--type", "-t", help="Only this content type."),
    tag: str = typer.Option(None, "--tag", help="Only items with this tag."),
    pack: str = typer.Option(None, "--pack", help="Only items of this pack (slug or id)."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many to show."),
    json_: bool = JSON,
) -> None:
    """Full-text search of the library.

    Example: waqup library search "exam calm"
    """
    from engine.content import get_type

    with _library() as lib:
        items = lib.search(query, limit=limit, type=get_type(type).name if type else None, tag=tag, pack=pack)
    if json_:
        print_json([item.to_dict() for item in items])
    elif not items:
        typer.echo(f"Nothing matches {query!r}.")
    else:
        print_items(items, title=f"{len(items)} matches for {query!r}")


@app.command()
def tag(
    item_id: str = typer.Argument(..., help="Item id (or a unique prefix)."),
    tags: list[str] = typer.Argument(..., help="Tags to add."),
    remove: bool = typer.Option(False, "--remove", "-r", help="Remove these tags instead."),
) -> None:
    """Add (or remove) tags.

    Example: waqup library tag 3f9a exams evening
    """
    with _library() as lib:
        item = lib.set_tags(item_id, remove=tags) if remove else lib.set_tags(item_id, add=tags)
    typer.echo(f"{item.id}: {' '.join(item.tags) or '(no tags)'}")


@app.command()
def delete(
    item_id: str = typer.Argument(..., help="Item id (or a unique prefix)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Delete an item, its tags, audio records and practice history.

    Example: waqup library delete 3f9a --yes
    """
    with _library() as lib:
        item = lib.get(item_id)
        if not yes and not typer.confirm(f"Delete {item.id} '{item.title}'?"):
            raise typer.Exit(1)
        lib.delete(item.id)
    typer.echo(f"Deleted {item.id}")


@app.command()
def path() -> None:
    """Print the path of the library database."""
    from engine.paths import database_path

    typer.echo(str(database_path()))
