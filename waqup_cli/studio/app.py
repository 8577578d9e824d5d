"""The Studio App: modes (one per screen), global key bindings, themes and the injectable seams.

Seams, all passed to the constructor: ``audio`` (playback backend), ``renderer`` (library item ->
audio, default :func:`engine.rendering.render_item`), ``provider`` (text provider for creation),
``clock`` (what "now" is: practice stats, "last practised"). Data lives under ``WAQUP_HOME``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from waqup_cli.studio.audio import AudioBackend, EngineAudio
from waqup_cli.studio.screens.create import CreateScreen
from waqup_cli.studio.screens.editor import EditorScreen
from waqup_cli.studio.screens.help import HelpScreen
from waqup_cli.studio.screens.library import LibraryScreen
from waqup_cli.studio.screens.player import PlayerScreen
from waqup_cli.studio.screens.practice import PracticeScreen
from waqup_cli.studio.screens.settings import SettingsScreen

Renderer = Callable[..., Any]  # (library, item_id, *, on_progress) -> RenderResult-like
SCREENS = {
    "library": ("Library", "Browse and search every item"),
    "create": ("Create", "Make something new in a conversation"),
    "editor": ("Editor", "Edit the selected item's script"),
    "player": ("Player", "Play the selected item"),
    "practice": ("Practice", "Today's suggestion, streak and history"),
    "settings": ("Settings", "Keys, defaults and the data folder"),
}


def default_renderer(library: Any, item_id: str, *, voice: str | None = None, ambience: str | None = None,
                     on_progress: Callable[[str, float], Any] | None = None) -> Any:
    """Render through :func:`engine.rendering.render_item` (the synthesis cache skips unchanged lines)."""
    from engine.rendering import render_item

    return render_item(library, item_id, voice=voice, ambience=ambience, on_progress=on_progress)


class StudioApp(App[None]):
    """waQup Studio."""

    TITLE = "waQup Studio"
    CSS_PATH = ["studio.tcss"]
    MODES = {
        "library": LibraryScreen, "create": CreateScreen, "editor": EditorScreen,
        "player": PlayerScreen, "practice": PracticeScreen, "settings": SettingsScreen,
    }
    DEFAULT_MODE = "library"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("f1", "help", "Help", id="app.help"),
        Binding("f2", "go('library')", "Library", id="app.library"),
        Binding("f3", "go('create')", "Create", id="app.create"),
        Binding("f4", "go('editor')", "Editor", id="app.editor", show=False),
        Binding("f5", "go('player')", "Player", id="app.player", show=False),
        Binding("f6", "go('practice')", "Practice", id="app.practice", show=False),
        Binding("f7", "go('settings')", "Settings", id="app.settings", show=False),
        Binding("ctrl+t", "toggle_theme", "Theme", id="app.theme", show=False),
    ]

    item_id: reactive[str | None] = reactive(None)

    def __init__(
        self,
        *,
        audio: AudioBackend | None = None,
        renderer: Renderer | None = None,
        provider: Any = None,
        clock: Callable[[], datetime] | None = None,
        theme: str | None = None,
        cursor_blink: bool = True,
        start: str = "library",
        config: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        from engine import config as cfg
        from engine import paths

        self.config_data = config if config is not None else cfg.load()
        self.db_path = paths.database_path()
        self._open_lock = threading.Lock()
        self._migrated = False
        self.audio = audio if audio is not None else EngineAudio()
        self.renderer = renderer or default_renderer
        self.provider = provider
        self.clock = clock or (lambda: datetime.now(UTC))
        self.cursor_blink = cursor_blink
        self.start_mode = start if start in SCREENS else "library"
        studio = self.config_data.get("studio") or {}
        self.theme = theme or studio.get("theme") or "textual-dark"

    def open_library(self) -> Any:
        """A fresh :class:`Library` connection for the calling thread (close it when done).

        The first open applies migrations; it runs under a lock so parallel workers never race it.
        """
        from engine.library import Library

        if self._migrated:
            return Library(self.db_path)
        with self._open_lock:
            lib = Library(self.db_path)
            self._migrated = True
            return lib

    def on_mount(self) -> None:
        from waqup_cli.studio.keys import keymap_from_config

        keymap = keymap_from_config(self.config_data)
        if keymap:
            self.set_keymap(keymap)
        if self.start_mode != "library":
            self.switch_mode(self.start_mode)

    # -- actions -----------------------------------------------------------------------------
    def action_go(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme != "textual-light" else "textual-dark"

    def open_item(self, item_id: str, mode: str) -> None:
        """Select ``item_id`` and show it on the ``editor`` or ``player`` screen."""
        self.item_id = item_id
        self.action_go(mode)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for mode, (label, help_text) in SCREENS.items():
            yield SystemCommand(f"Go to {label}", help_text, lambda mode=mode: self.action_go(mode))
        yield SystemCommand("Help", "Screens and key bindings", self.action_help)
        yield SystemCommand("Toggle light/dark", "Switch between the light and dark themes",
                            self.action_toggle_theme)
