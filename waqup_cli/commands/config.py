"""`waqup config`: show, get, set, unset and reset settings; list every key."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True)


@app.command()
def show(json_: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show the effective settings (defaults plus your config file)."""
    from engine import config

    data = config.load()
    if json_:
        from waqup_cli.output import print_json

        print_json(data)
        return
    import tomli_w

    typer.echo(tomli_w.dumps(config.drop_none(data)).strip())


@app.command("set")
def set_(
    key: str = typer.Argument(..., help="Dotted key, e.g. audio.voice or providers.local.base_url."),
    value: str = typer.Argument(..., help="New value (true/false and numbers are typed)."),
) -> None:
    """Change one setting (checked: `waqup config keys` lists every key and its values).

    Example: waqup config set audio.ambience rain
    """
    from engine import config

    stored = config.set_value(key, value)
    typer.echo(f"{key} = {stored!r}")


@app.command()
def path() -> None:
    """Print the path of the config file."""
    from engine.paths import config_path

    typer.echo(str(config_path()))


@app.command()
def get(key: str = typer.Argument(..., help="Dotted key, e.g. audio.format."),
        json_: bool = typer.Option(False, "--json", help="Print JSON (the value keeps its type).")) -> None:
    """Print one setting's effective value.

    Example: waqup config get audio.format
    """
    from engine import config

    value = config.get(key)
    if json_:
        from waqup_cli.output import print_json

        print_json({"key": key, "value": value})
        return
    typer.echo("" if value is None else str(value).lower() if isinstance(value, bool) else str(value))


@app.command()
def unset(key: str = typer.Argument(..., help="Dotted key to put back to its default.")) -> None:
    """Put one setting back to its default.

    Example: waqup config unset audio.ambience
    """
    from engine import config

    removed = config.unset(key)
    typer.echo(f"{key} is back to its default ({config.get(key)!r})" if removed else f"{key} was not set")


@app.command()
def reset(yes: bool = typer.Option(False, "--yes", "-y", help="Do it without asking.")) -> None:
    """Put every setting back to its default (your keys, library and audio are not touched)."""
    from engine import config
    from engine.paths import config_path

    if not yes and not typer.confirm(f"Remove {config_path()} and use the defaults?", default=False):
        raise typer.Exit(1)
    config.reset()
    typer.echo("Settings are back to their defaults.")


@app.command("keys")
def keys_(json_: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List every setting and the values it takes."""
    from engine import config

    rows = config.keys()
    if json_:
        from waqup_cli.output import print_list

        print_list([{"key": key, "values": values} for key, values in rows])
        return
    width = max(len(key) for key, _ in rows)
    for key, values in rows:
        typer.echo(f"{key.ljust(width)}  {values}")
