"""`waqup library`: list, show, search, add, tag, delete and prune items."""

from __future__ import annotations

from pathlib import Path

import typer

from engine.words import count
from waqup_cli.output import hint, print_items, print_json, print_list, print_script

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
        more = offset + len(items) < total
        print_list([item.to_dict() for item in items], str(offset + len(items)) if more else None)
    elif not items and total:
        typer.echo(f"nothing at offset {offset} (the library has "
                   f"{count(total, 'matching item' if kind or tag or pack else 'item')})")
    elif not items and (kind or tag or pack):
        hint("No items match. See them all:", "waqup library list")
    elif not items:
        hint("No items yet. Create one:", "waqup create affirmation --intent 'calm before exams'")
    else:
        print_items(items, title=f"{len(items)} of {count(total, 'item')}")


@app.command()
def show(item_id: str = typer.Argument(..., help="Item id (or a unique prefix)."), json_: bool = JSON) -> None:
    """Show one item with its script.

    Example: waqup library show 3f9a
    """
    with _library() as lib:
        item = lib.get(item_id)
        assets = lib.audio_assets(item.id)
        version = lib.script_version(item.id)
    if json_:
        print_json({**item.to_dict(), "version": version, "audio": assets})
        return
    print_script(item.parsed(), item_id=item.id)
    if item.tags:
        typer.echo(f"tags: {' '.join(item.tags)}")
    if version > 1:
        hint(f"version {version} ({version - 1} earlier):", f"waqup script history {item.id}")
    for asset in assets[:1]:
        typer.echo(f"audio: {asset['path']} ({asset['format']}, {asset['duration'] or 0:.1f}s)")
        if asset["stale"]:
            hint("  stale: the script changed since; render again with", f"`waqup render {item.id}`")


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
        print_list([item.to_dict() for item in items])
    elif not items:
        typer.echo(f"Nothing matches {query!r}.")
    else:
        print_items(items, title=f"{count(len(items), 'match')} for {query!r}")


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
def add(
    file: Path = typer.Argument(..., help="A script file ('-' for stdin); its header gives the type and title."),
    tags: list[str] = typer.Option([], "--tag", help="Tag the new item (repeatable)."),
    json_: bool = typer.Option(False, "--json", help="Print the new item as JSON."),
) -> None:
    """Add a script file as a new item, checked like `waqup script validate`.

    Nothing is saved unless the script passes: every problem is printed, one per line (exit 1).

    Example: waqup library add mine.txt --tag evening
    """
    from engine.content import ValidationError
    from engine.library.edits import read_script_file
    from waqup_cli.edits import refuse

    text, source = read_script_file(file)
    with _library() as lib:
        try:
            item = lib.add_script(text, source=source, tags=tags)
        except ValidationError as exc:
            refuse(exc, source, "the library is unchanged")
    if json_:
        print_json(item.to_dict())
        return
    lines = len(item.parsed().lines)
    typer.echo(f"Added {item.id} '{item.title}' ({item.type}, {lines} line{'s' if lines != 1 else ''}).")
    hint("Render it:", f"waqup render {item.id}")


@app.command()
def delete(
    item_id: str = typer.Argument(..., help="Item id (or a unique prefix)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Delete an item, its rendered audio files and your voice recordings of it.

    Its tags, script history and practice history go too.

    Only files inside the data folder are removed; a file rendered elsewhere with --out stays.

    Example: waqup library delete 3f9a --yes
    """
    from waqup_cli.edits import files_phrase, report_leftovers, size

    with _library() as lib:
        item = lib.get(item_id)
        if not yes:
            plan = lib.delete(item.id, dry_run=True)
            also = f" with {files_phrase(plan)} ({size(plan)})" if plan.count else ""
            if not typer.confirm(f"Delete {item.id} '{item.title}'{also}?"):
                raise typer.Exit(1)
        freed = lib.delete(item.id)
    removed = f": removed {files_phrase(freed)} ({size(freed)})" if freed.count else ""
    typer.echo(f"Deleted {item.id}{removed}")
    report_leftovers(freed)


@app.command()
def prune(
    item_id: str = typer.Argument(None, help="Only this item (id or unique prefix); default: every item."),
    keep: int = typer.Option(1, "--keep", "-k", min=0, help="How many of the newest renders to keep per item."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only say what would be removed."),
) -> None:
    """Remove old rendered audio files, keeping the newest renders of each item.

    Without an id, voice recordings of items that were deleted are removed too.

    Example: waqup library prune --keep 1 --dry-run
    """
    from waqup_cli.edits import files_phrase, report_leftovers, size

    with _library() as lib:
        freed = lib.prune_renders(item_id, keep=keep, dry_run=dry_run)
    for path in [*freed.files, *freed.recordings]:
        typer.echo(f"{'would remove' if dry_run else 'removed'} {path}")
    if not freed.count:
        typer.echo(f"Nothing to remove: no item has more than {keep} render{'s' if keep != 1 else ''}.")
        report_leftovers(freed)
        return
    verb = "Would free" if dry_run else "Freed"
    items = f" of {freed.items} item{'s' if freed.items != 1 else ''}" if freed.items else ""
    typer.echo(f"{verb} {size(freed)}: {files_phrase(freed)}{items}.")
    report_leftovers(freed)


@app.command()
def path() -> None:
    """Print the path of the library database."""
    from engine.paths import database_path

    typer.echo(str(database_path()))
