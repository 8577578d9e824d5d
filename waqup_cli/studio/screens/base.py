"""What every Studio screen shares: access to the App's seams and the cursor-blink setting."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen
from textual.widgets import Input, Select

if TYPE_CHECKING:
    from waqup_cli.studio.app import StudioApp


class StudioScreen(Screen):
    """A screen of the Studio. ``self.studio`` is the typed App."""

    @property
    def studio(self) -> StudioApp:
        return cast("StudioApp", self.app)

    def on_mount(self) -> None:
        if not self.studio.cursor_blink:
            for field in self.query(Input):
                field.cursor_blink = False


def picked(select: Select) -> str | None:
    """The chosen value of a :class:`Select`, or ``None`` when nothing is chosen."""
    return None if select.is_blank() else str(select.value)
