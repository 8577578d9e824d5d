"""waQup Studio: the Textual terminal UI over the engine (``waqup studio``).

Importing this package loads Textual; the CLI imports it only inside the ``studio`` command.
"""

from __future__ import annotations

__all__ = ["StudioApp"]


def __getattr__(name: str):
    if name == "StudioApp":
        from waqup_cli.studio.app import StudioApp

        return StudioApp
    raise AttributeError(name)
