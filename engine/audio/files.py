"""Temp files for outputs other programs read (renders, pack exports), made with the user's umask.

``tempfile.mkstemp`` creates every file 0600, and a rename keeps that mode, so a shared folder, a web
server or a phone feed could not read the finished file. These are created 0666 less the umask, like
any file a program writes; secrets (keys, tokens) keep their own 0600 writers.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"  # the alphabet and length tempfile's names use


def shared_temp(folder: str | Path, prefix: str = "", suffix: str = "") -> Path:
    """Create an empty file ``<prefix><8 random characters><suffix>`` in ``folder`` and return it."""
    for _ in range(100):
        path = Path(folder) / f"{prefix}{''.join(secrets.choice(_LETTERS) for _ in range(8))}{suffix}"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return path
    raise FileExistsError(f"no free temp file name in {folder}")
