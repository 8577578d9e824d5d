"""Help: every screen and its key bindings (with any remapping from ``[studio.keys]``)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

NAMES = {"app": "Everywhere", "library": "Library", "create": "Create", "editor": "Editor",
         "player": "Player", "practice": "Practice", "settings": "Settings"}


def bindings_table(app: object) -> Table:
    from waqup_cli.studio.app import StudioApp

    keymap = getattr(app, "_keymap", {}) or {}
    table = Table(box=None, padding=(0, 1), expand=True)
    table.add_column("Where", style="bold")
    table.add_column("Keys", style="cyan", no_wrap=True)
    table.add_column("Does")
    table.add_column(Text("Id (for [studio.keys])"), style="dim")  # a Text: square brackets stay
    groups = [StudioApp, *StudioApp.MODES.values()]
    for owner in groups:
        for binding in owner.BINDINGS:
            if not isinstance(binding, Binding) or not binding.id:
                continue
            area = NAMES.get(binding.id.split(".")[0], "")
            keys = keymap.get(binding.id, binding.key)
            table.add_row(Text(area), Text(keys.replace(",", " / ")), Text(binding.description or binding.action),
                          Text(binding.id))
    return table


class HelpScreen(ModalScreen[None]):
    """A scrollable list of key bindings; Escape closes it."""

    BINDINGS = [Binding("escape,q,f1", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("[b]waQup Studio[/] — F2-F7 switch screens · Ctrl+P command palette · "
                         "Ctrl+T light/dark · Ctrl+Q quit · mouse works too", id="help-intro")
            yield Static(bindings_table(self.app))
            yield Static(Text('Remap keys in config.toml: [studio.keys] "library.next_page" = "n"', style="dim"),
                         id="help-remap")
