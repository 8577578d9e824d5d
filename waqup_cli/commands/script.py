"""`waqup script`: validate a script file, show an item's script."""

from __future__ import annotations

from pathlib import Path

import typer

from engine.words import count
from waqup_cli.output import hint, print_json, print_list

app = typer.Typer(no_args_is_help=True)


@app.command()
def validate(
    file: Path = typer.Argument(..., help="A script file ('-' for stdin)."),
    type: str = typer.Option(None, "--type", "-t", help="Check as this type (default: the header's)."),
    json_: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Check a script's markup, its content type's rules and the crisis gate, and report every problem.

    Each problem is printed as FILE:LINE:COLUMN: message.

    Exit code: 0 valid, 1 the script has problems, 2 a usage error (no such file, an unknown --type).

    Example: waqup script validate examples/scripts/evening-calm.txt
    """
    from engine.content.report import check_text
    from engine.library.edits import read_script_file

    text, source = read_script_file(file)
    result = check_text(text, source=source, type_name=type)
    script = result.script
    if json_:
        from engine.safety.response import reply_dict

        summary = {"lines": len(script.lines), "minutes": round(script.estimated_seconds() / 60, 1)}
        print_json({"valid": result.valid, "type": result.type, **(summary if result.valid else {}),
                    "issues": [p.to_dict() for p in result.problems],
                    **(reply_dict(result.crisis) if result.crisis is not None else {})})
    else:
        for problem in result.problems:
            typer.echo(f"{source}:{problem}", err=True)
        if result.crisis is not None:
            from waqup_cli.commands.create import show_crisis

            show_crisis(result.crisis)
        if result.problems:
            typer.echo(f"{count(len(result.problems), 'problem')} found.", err=True)
        else:
            typer.echo(f"{source}: valid {result.type} ({count(len(script.lines), 'line')}, "
                       f"about {script.estimated_seconds() / 60:.1f} min)")
    if result.problems:
        raise typer.Exit(1)


@app.command()
def show(
    item_id: str = typer.Argument(..., help="Item id (or a unique prefix)."),
    raw: bool = typer.Option(False, "--raw", help="Print the plain script text."),
    json_: bool = typer.Option(False, "--json", help="Print the parsed script (sections, lines, pauses)."),
) -> None:
    """Show an item's script (--raw for the file format).

    Example: waqup script show 3f9a --raw > mine.txt
    """
    from engine.errors import UsageError
    from engine.library import Library
    from waqup_cli.output import print_script

    if raw and json_:
        raise UsageError("give --raw or --json, not both")
    with Library() as lib:
        item = lib.get(item_id)
        version = lib.script_version(item.id)
    if json_:
        print_json(_script_dict(item, version))
    elif raw:
        typer.echo(item.script, nl=False)
    else:
        print_script(item.parsed(), item_id=item.id)


def _script_dict(item, version: int) -> dict:
    """An item's parsed script for `script show --json`: header, sections and their lines and pauses."""
    from dataclasses import asdict

    from engine.script import Pause

    script = item.parsed()
    sections = [{"name": section.name,
                 "items": [{"kind": "pause" if isinstance(part, Pause) else "line", **asdict(part)}
                           for part in section.items]} for section in script.sections]
    return {"id": item.id, "type": item.type, "title": script.title, "version": version, "meta": script.meta,
            "seconds": round(script.estimated_seconds(), 1), "sections": sections}


@app.command()
def apply(
    item_id: str = typer.Argument(..., help="Item id (or a unique prefix)."),
    file: Path = typer.Argument(..., help="The edited script file ('-' for stdin)."),
) -> None:
    """Make an edited script the item's next version; the old one stays in its history.

    Checked like `waqup script validate` (the item's type): nothing is saved unless it passes.

    Every problem is printed, one per line (exit 1).

    Example: waqup script apply 3f9a mine.txt
    """
    from engine.content import ValidationError
    from engine.library import Library
    from engine.library.edits import read_script_file
    from waqup_cli.edits import refuse

    text, source = read_script_file(file)
    with Library() as lib:
        item = lib.get(item_id)
        try:
            applied = lib.apply_script(item.id, text, source=source)
        except ValidationError as exc:
            refuse(exc, source, f"{item.id} is unchanged")
    if not applied.changed:
        typer.echo(f"Unchanged: {item.id} already has this script (version {applied.version}).")
        return
    typer.echo(f"Applied {source} to {item.id} '{applied.item.title}': version {applied.version}.")
    hint(f"Version {applied.kept} is kept:", f"waqup script history {item.id}")
    if applied.stale:
        hint("Its rendered audio is now stale: render again with", f"`waqup render {item.id}`")


@app.command()
def history(
    item_id: str = typer.Argument(..., help="Item id (or a unique prefix)."),
    version: int = typer.Option(None, "--show", min=1, help="Print this version's script text."),
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the versions of an item's script, newest first (`--show N` prints one).

    Example: waqup script history 3f9a --show 1 > old.txt
    """
    from engine.library import Library

    with Library() as lib:
        item = lib.get(item_id)
        if version is not None:
            typer.echo(lib.script_at(item.id, version), nl=False)
            return
        versions = lib.script_history(item.id)
    if json_:
        print_list(versions)  # newest first: items[0] is the current version
        return
    from engine.script import parse

    for row in versions:
        lines = len(parse(row["script"]).lines)
        when = f"replaced {row['replaced']} by {row['source']}" if row["replaced"] else "current"
        typer.echo(f"v{row['version']}  {when}  {row['title']} ({lines} spoken line{'s' if lines != 1 else ''})")
    if len(versions) > 1:
        hint("Restore one:", f"waqup script history {item.id} --show N > old.txt && "
             f"waqup script apply {item.id} old.txt")
