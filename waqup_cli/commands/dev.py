"""`waqup dev`: developer tools."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True)


@app.command()
def states(fmt: str = typer.Option("mermaid", "--format", "-f", help="mermaid or json.")) -> None:
    """Print the conversation state machines (Mermaid stateDiagram-v2 or JSON).

    Example: waqup dev states --format json
    """
    from engine.conversation import diagram
    from engine.errors import UsageError

    if fmt not in ("mermaid", "json"):
        raise UsageError(f"unknown format {fmt!r}: choose mermaid or json")
    typer.echo(diagram(fmt), nl=fmt == "json")


@app.command("json-schema")
def json_schema(command: list[str] = typer.Argument(None, metavar="COMMAND",
                                                   help="A read command, e.g. library list (default: all).")
                ) -> None:
    """Print the JSON Schema of a read command's --json output (all of them, keyed by command, by default).

    Example: waqup dev json-schema library list
    """
    from engine.errors import UsageError
    from waqup_cli.contract import CONTRACT, schema
    from waqup_cli.output import print_json

    name = " ".join(command or [])
    if name and name not in CONTRACT:
        raise UsageError(f"no JSON contract for {name!r}: see `waqup dev json-schema` for the commands")
    print_json(schema(name) if name else {key: schema(key) for key in CONTRACT})


@app.command("cli-docs")
def cli_docs() -> None:
    """Print the CLI reference as Markdown (the source of docs/cli.md).

    Example: waqup dev cli-docs > docs/cli.md
    """
    from waqup_cli.reference import markdown

    typer.echo(markdown(), nl=False)
