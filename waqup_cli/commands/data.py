"""`waqup data`: where your data lives, its size, and backup, restore, export, prune and erase (engine.userdata)."""

from __future__ import annotations

from pathlib import Path

import typer

from waqup_cli.output import Column, note, print_json, print_table

app = typer.Typer(no_args_is_help=True)
JSON = typer.Option(False, "--json", help="Print JSON instead of text.")
AREAS = {"home": "the data folder (WAQUP_HOME)", "library": "items, history, credits (SQLite)",
         "config": "settings", "audio": "rendered audio", "recordings": "your voice recordings",
         "cache": "synthesis and language caches", "outbox": "packs queued to publish",
         "keys": "API keys (when no OS keyring works)", "tokens": "marketplace sign-in (when no OS keyring works)"}


@app.command()
def path(json_: bool = JSON) -> None:
    """Show where the data folder, the library, config, audio, recordings and cache live.

    Move everything by setting WAQUP_HOME.

    Example: waqup data path
    """
    from engine import keys, userdata

    where = {area: str(p) for area, p in userdata.locations().items()}
    if json_:
        print_json({**where, "key_store": keys.key_path()})
        return
    rows = [[area, AREAS.get(area, ""), p] for area, p in where.items()]
    rows.append(["key store", "where `waqup keys set` stores keys", keys.key_path()])
    print_table([Column("area", key=True, style="cyan"), Column("what", drop=1, style="dim"),
                 Column("path", key=True)], rows)


@app.command()
def size(json_: bool = JSON) -> None:
    """Show how much space each area of the data folder takes.

    Example: waqup data size --json
    """
    from engine import userdata

    where = userdata.locations()
    sizes = userdata.sizes()
    areas = [{"area": area, "path": str(where[area]), "bytes": n, "size": userdata.human(n)}
             for area, n in sizes.items() if area != "total"]
    if json_:
        print_json({"home": str(where["home"]), "total": sizes["total"], "areas": areas})
        return
    rows = [[a["area"], a["size"], a["path"]] for a in areas]
    rows.append(["total", userdata.human(sizes["total"]), str(where["home"])])
    print_table([Column("area", key=True, style="cyan"), Column("size", wrap=False, justify="right"),
                 Column("path", key=True, style="dim")], rows)


@app.command()
def backup(
    out: Path = typer.Option(None, "--out", "-o", help="The archive to write (a .zip); default: one in this folder."),
    json_: bool = JSON,
) -> None:
    """Back up the library, config, audio and recordings into one zip archive with a manifest of checksums.

    The library is copied with SQLite's online backup, so it is consistent even while waqup is running.

    API keys and marketplace tokens never go in.

    Example: waqup data backup --out ~/waqup-backup.zip
    """
    from engine import userdata

    result = userdata.backup(out)
    if json_:
        print_json(result.to_dict())
        return
    data = result.to_dict()
    typer.echo(f"Backed up {len(result.files)} file{'s' if len(result.files) != 1 else ''} "
               f"({userdata.human(result.bytes)}) to {result.archive} ({userdata.human(data['archive_bytes'])})")
    note(f"Restore it with: waqup data restore {result.archive}")


@app.command()
def restore(
    file: Path = typer.Argument(..., help="A backup archive written by `waqup data backup`."),
    force: bool = typer.Option(False, "--force", help="Replace the data that is already in the data folder."),
    json_: bool = JSON,
) -> None:
    """Restore a backup into an empty data folder.

    Every checksum is verified before anything is written, and a failure leaves the data folder as it was.

    A data folder that already holds data is refused unless you pass --force.

    Example: WAQUP_HOME=~/waqup-new waqup data restore waqup-backup.zip
    """
    from engine import userdata

    result = userdata.restore(file, force=force)
    if json_:
        print_json(result.to_dict())
        return
    replaced = f", replacing {', '.join(result.replaced)}" if result.replaced else ""
    typer.echo(f"Restored {result.files} file{'s' if result.files != 1 else ''} "
               f"({userdata.human(result.bytes)}) into {result.home}{replaced}")
    note("API keys are not in backups: set them again with `waqup keys set`.")


@app.command()
def export(
    format: str = typer.Option("json", "--format", "-f", help="json, csv or md (Markdown, one file per item)."),
    out: Path = typer.Option(Path("waqup-export"), "--out", "-o", help="The folder to write into."),
    json_: bool = JSON,
) -> None:
    """Export every item with its script as text, your practice history and packs, to take elsewhere.

    Keys and tokens never go in.

    Example: waqup data export --format md --out my-scripts
    """
    from engine import userdata

    result = userdata.export(out, format)
    if json_:
        print_json(result.to_dict())
        return
    typer.echo(f"Exported {result.items} item{'s' if result.items != 1 else ''} as {result.format} to "
               f"{result.folder} ({len(result.files)} file{'s' if len(result.files) != 1 else ''})")


@app.command()
def prune(
    dry_run: bool = typer.Option(False, "--dry-run", help="Only say what would be removed."),
    json_: bool = JSON,
) -> None:
    """Remove renders that are not an item's latest, and trim the synthesis cache to cache.max_mb.

    Audio files no item refers to and recordings of deleted items go too.

    Set the limit with `waqup config set cache.max_mb 200` (default 500).

    Example: waqup data prune --dry-run
    """
    from engine import userdata

    result = userdata.prune(dry_run=dry_run)
    if json_:
        print_json(result.to_dict())
        return
    would = "would remove" if dry_run else "removed"
    for p in [*result.renders, *result.recordings]:
        typer.echo(f"{would} {p}")
    renders = len(result.renders) + len(result.recordings)
    verb = "Would free" if dry_run else "Freed"
    typer.echo(f"{verb} {userdata.human(result.bytes)}: {renders} audio file{'s' if renders != 1 else ''} "
               f"({userdata.human(result.render_bytes)}), "
               f"{len(result.cache)} cache file{'s' if len(result.cache) != 1 else ''} "
               f"({userdata.human(result.cache_bytes)}; the cache was {userdata.human(result.cache_before)}, "
               f"limit {userdata.human(result.cache_limit)}).")
    for p in result.kept:
        typer.echo(f"left {p}: it is outside the data folder or not a waqup file", err=True)
    for p, reason in result.failed:
        typer.echo(f"could not remove {p}: {reason}", err=True)


@app.command()
def erase(
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask: erase at once (for scripts)."),
    json_: bool = JSON,
) -> None:
    """Delete everything waqup keeps: library, config, audio, recordings, cache, stored keys and tokens.

    You are asked to type the word erase first. There is no undo: run `waqup data backup` before.

    Example: waqup data erase --yes
    """
    from engine import paths, userdata
    from engine.errors import UsageError

    if not yes:
        home = paths.home()
        typed = typer.prompt(f"This deletes everything in {home} and your stored keys. Type erase to go on",
                             default="", show_default=False, err=True)
        if typed.strip() != "erase":
            raise UsageError("nothing erased (type the word erase to confirm, or pass --yes)")
    result = userdata.erase()
    if json_:
        print_json(result.to_dict())
        return
    removed = ", ".join(result.removed) or "nothing"
    typer.echo(f"Erased {result.home}: {removed} ({userdata.human(result.bytes)})")
    if result.keys:
        typer.echo(f"Forgot the stored keys of {', '.join(result.keys)}")
    if result.tokens:
        typer.echo(f"Signed out of {', '.join(result.tokens)}")
    for name in result.left:
        typer.echo(f"left {result.home / name}: waqup did not create it", err=True)
