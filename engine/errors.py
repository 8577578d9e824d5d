"""Exceptions shared across the engine.

Every error the user can cause derives from :class:`WaqupError`; the CLI turns it into
one clear line and an exit code: ``UsageError`` (bad input, or a :class:`SetupError`: a key or URL to set
first) -> 2, anything else (the operation was tried and failed) -> 1. Help and success are 0.
"""

from __future__ import annotations


class WaqupError(Exception):
    """An operation failed for a reason the user can understand."""

    exit_code = 1


class UsageError(WaqupError):
    """Bad input: a flag, a file or a value the user supplied."""

    exit_code = 2


class SetupError(UsageError):
    """Something to set up before the command can run: a key, a server URL (exit 2, like bad input)."""


class NotFoundError(WaqupError):
    """A requested item does not exist."""

    exit_code = 1
