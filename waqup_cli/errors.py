"""Turn engine errors into one clear line and an exit code (0 ok, 1 failed, 2 bad input)."""

from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass

import click
from typer.core import TyperGroup


@dataclass
class State:
    debug: bool = False


state = State()


class WaqupGroup(TyperGroup):
    """Top-level group: every command runs inside this error boundary."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            click.echo(ctx.get_help())  # asking for nothing is asking for help: exit 0, like gh and llm
            ctx.exit(0)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        from engine.errors import WaqupError

        try:
            return super().invoke(ctx)
        except WaqupError as exc:
            fail(str(exc), exc.exit_code, exc)
        except KeyboardInterrupt:
            click.echo(f"Stopped. Nothing was lost: to carry on, run it again: {_again()}", err=True)
            sys.exit(130)
        except OSError as exc:
            fail(f"{exc.strerror or exc}{f': {exc.filename}' if exc.filename else ''}", 1, exc)
        except Exception as exc:  # noqa: BLE001 - the last line of defence; --debug shows it all
            if type(exc).__name__ == "NoArgsIsHelpError":  # a command group given nothing: its help, exit 0
                ctx_of = getattr(exc, "ctx", None)
                click.echo(ctx_of.get_help() if ctx_of else exc.format_message())
                sys.exit(0)
            if type(exc).__module__.split(".")[0] in ("click", "typer"):
                raise  # the CLI framework's usage errors and exits (typer vendors click) keep their codes
            fail(f"unexpected {type(exc).__name__}: {exc} (run with --debug for details)", 1, exc)


def _again() -> str:
    """The command as typed, ready to paste (runs pick up where they stopped: done work is kept)."""
    import shlex

    return shlex.join(["waqup", *sys.argv[1:]])


def fail(message: str, code: int = 1, exc: BaseException | None = None) -> None:
    """Print ``Error: message`` on stderr (traceback too with --debug) and exit with ``code``."""
    if state.debug and exc is not None:
        traceback.print_exception(exc, file=sys.stderr)
    first = message.strip().splitlines()[0] if message.strip() else "failed"
    click.echo(f"Error: {first}", err=True)
    sys.exit(code)
