"""`waqup script`: validate a script file, show an item's script."""

from __future__ import annotations

from pathlib import Path

import typer

from waqup_cli.output import print_json

app = typer.Typer(no_args_is_help=True)


@app.command()
def validate(
    file: Path = typer.Argument(..., help="A script file ('-' for stdin)."),
    type: str = typer.Option(None, "--type", "-t", help="Check as this type (default: the header's)."),
    json_: bool = typer.Option(False, "--json", help="Print the issues as JSON."),
) -> None:
    """Check a script's markup, its content type's rules and the crisis gate.

    Example: waqup script validate examples/scripts/evening-calm.txt
    """
    import sys

    from engine.content import crisis_check
    from engine.content import validate as check
    from engine.errors import UsageError
    from engine.script import parse

    if str(file) == "-":
        text, source = sys.stdin.read(), "<stdin>"
    else:
        if not file.is_file():
            raise UsageError(f"no such file: {file}")
        try:
            text = file.read_text("utf-8")
        except UnicodeDecodeError:
            raise UsageError(f"{file} is not UTF-8 text") from None
        source = str(file)
    script = parse(text, source=source)
    crisis, issues = crisis_check(script)
    issues += check(script, type)
    if json_:
        from engine.safety.response import reply_dict

        print_json({"valid": not issues, "issues": [vars(i) for i in issues],
                    **(reply_dict(crisis) if crisis is not None else {})})
    else:
        for issue in issues:
            typer.echo(f"{source}: {issue}", err=True)
        if crisis is not None:
            from waqup_cli.commands.create import show_crisis

            show_crisis(crisis)
        if not issues:
            typer.echo(f"{source}: valid {script.type} ({len(script.lines)} lines, "
                       f"about {script.estimated_seconds() / 60:.1f} min)")
    if issues:
        raise typer.Exit(1)


@app.command()
def show(
    item_id: str = typer.Argument(..., help="Item id (or a unique prefix)."),
    raw: bool = typer.Option(False, "--raw", help="Print the plain script text."),
) -> None:
    """Show an item's script (``--raw`` for the file format).

    Example: waqup script show 3f9a --raw > mine.txt
    """
    from engine.library import Library
    from waqup_cli.output import print_script

    with Library() as lib:
        item = lib.get(item_id)
    if raw:
        typer.echo(item.script, nl=False)
    else:
        print_script(item.parsed(), item_id=item.id)
