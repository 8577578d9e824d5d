"""The ``waqup`` command: a thin Typer face over the engine.

Each area lives in its own module under ``waqup_cli.commands``; modules import the engine
inside their commands so ``waqup --help`` stays fast. Shell completion of values (item ids, pack
slugs, voices, config keys) is attached to the whole tree here, by ``waqup_cli.completion``.
"""

from __future__ import annotations

import typer

from waqup_cli import commands
from waqup_cli.completion import attach
from waqup_cli.errors import WaqupGroup, state
from waqup_cli.helpstyle import tidy


class RootGroup(WaqupGroup):
    """The ``waqup`` group: the error boundary, one look for all help, value completion on every command."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        tidy(self)  # typer builds the whole tree before the root group: tidy and attach once, to all of it
        attach(self)


app = typer.Typer(
    cls=RootGroup,
    name="waqup",
    help="Create, render and practise personalised affirmations, guided meditations and rituals.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from engine import __version__

        typer.echo(f"waqup {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", is_eager=True, callback=_print_version
    ),
) -> None:
    """waQup: your own rituals, offline by default; bring your own keys for cloud voices and models."""
    state.debug = debug


commands.register(app)


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    run()
