"""Shared output of the edit loop (``script apply``, ``library add``) and of removing files (``library
delete``, ``library prune``)."""

from __future__ import annotations

import typer


def refuse(exc, source: str, what: str) -> None:
    """One line per problem on stderr (support lines for crisis language), then fail (exit 1): nothing was saved."""
    from engine.content import UnsafeScript

    for issue in exc.issues:
        typer.echo(f"{source}: {issue}", err=True)
    if isinstance(exc, UnsafeScript) and exc.result is not None:
        from waqup_cli.commands.create import show_crisis

        show_crisis(exc.result)
    from engine.errors import WaqupError

    count = len(exc.issues)
    raise WaqupError(f"not saved: {count} problem{'s' if count != 1 else ''}; {what}") from None


def size(freed) -> str:
    return f"{freed.megabytes:.1f} MB"


def files_phrase(freed) -> str:
    """``2 audio files and 5 voice recordings`` (what a delete or prune removes)."""
    parts = []
    if freed.files:
        parts.append(f"{len(freed.files)} audio file{'s' if len(freed.files) != 1 else ''}")
    if freed.recordings:
        parts.append(f"{len(freed.recordings)} voice recording{'s' if len(freed.recordings) != 1 else ''}")
    return " and ".join(parts) or "no files"


def report_leftovers(freed) -> None:
    """Files that were left on disk, and why."""
    for path in freed.kept:
        typer.echo(f"left {path}: it is outside the data folder or not a waqup file", err=True)
    for path, reason in freed.failed:
        typer.echo(f"could not remove {path}: {reason}", err=True)
