"""`waqup config`: show, set and locate settings."""

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
    """Change one setting.

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
