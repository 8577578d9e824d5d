"""`waqup keys`: store the creator's own API keys (OS keyring; a private file where there is none)."""

from __future__ import annotations

import sys

import typer

app = typer.Typer(no_args_is_help=True)
PROVIDER_HELP = "openai, anthropic, elevenlabs or local (a local model server started with a key)."


def _with_warnings(fn, *args):
    """Run ``fn`` and show any key-storage warning as one plain line on stderr."""
    import warnings

    from waqup_cli.output import note

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn(*args)
    for warning in caught:
        note(f"[yellow]warning:[/] {warning.message}")
    return result


@app.command("set")
def set_(
    provider: str = typer.Argument(..., help=PROVIDER_HELP),
    value: str = typer.Option(None, "--value", help="The key (else read from stdin or a hidden prompt)."),
) -> None:
    """Store a key. Example: waqup keys set openai"""
    from engine import keys
    from engine.errors import UsageError

    label = keys.label(provider)
    if value is None:
        if sys.stdin is not None and not sys.stdin.isatty():
            value = sys.stdin.readline().strip()
        else:
            value = typer.prompt(f"{label} API key", hide_input=True)
    if not value:
        raise UsageError("no key given; nothing stored")
    where = _with_warnings(keys.set_key, provider, value)
    place = "OS keyring" if where == "keyring" else "key file"
    typer.echo(f"{label} key {keys.mask(value)} stored in the {place}")


@app.command("list")
def list_(json_: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Which keys are set, and from where (masked; never the key)."""
    from engine import keys

    infos = keys.list_keys()
    if json_:
        from waqup_cli.output import print_list

        print_list([{"provider": i.provider, "set": i.is_set, "source": i.source, "masked": i.masked}
                    for i in infos])
        return
    for info in infos:
        state = f"{info.masked}  ({info.source})" if info.is_set else "not set"
        typer.echo(f"{info.provider:<11} {state}")


@app.command()
def remove(provider: str = typer.Argument(..., help=PROVIDER_HELP)) -> None:
    """Forget a stored key (environment variables are left alone)."""
    from engine import keys

    removed = keys.remove_key(provider)
    label = keys.label(provider)
    typer.echo(f"{label} key removed" if removed else f"no stored {label} key")
    if keys.get_key(provider):
        typer.echo(f"note: {keys.env_var(provider)} is still set in the environment")


@app.command()
def path() -> None:
    """Where keys are stored (the keyring backend, or the private fallback file)."""
    from engine import keys

    typer.echo(keys.key_path())
