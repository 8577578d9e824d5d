"""Settings: providers and which keys are set (masked), default voice / ambience / format, data folder.

Defaults are written with :func:`engine.config.set_value`, exactly as ``waqup config set`` does.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Label, Select, Static

from engine.errors import WaqupError
from waqup_cli.studio.screens.base import StudioScreen, picked

DEFAULTS = (("default-voice", "audio.voice"), ("default-ambience", "audio.ambience"),
            ("default-format", "audio.format"))


class SettingsScreen(StudioScreen):
    """Keys, defaults and where your data lives."""

    TITLE = "Settings"
    BINDINGS = [Binding("r", "reload", "Refresh", id="settings.refresh")]

    def __init__(self) -> None:
        super().__init__()
        self._populating = True

    def compose(self) -> ComposeResult:
        from engine.audio import AMBIENCE_NAMES, FORMAT_NAMES

        yield Header()
        with VerticalScroll(id="settings"):
            yield Static("[b]Providers and keys[/]", classes="heading")
            yield Static("", id="text-provider")
            yield DataTable(id="keys", cursor_type="row")
            yield Static("[dim]Set a key with `waqup keys set PROVIDER`; keys are never shown in full.[/]")
            yield Static("[b]Defaults[/]", classes="heading")
            with Horizontal(classes="setting"):
                yield Label("Voice", classes="setting-label")
                yield Select([], prompt="Automatic", id="default-voice")
            with Horizontal(classes="setting"):
                yield Label("Ambience", classes="setting-label")
                yield Select([(n, n) for n in AMBIENCE_NAMES], prompt="none", id="default-ambience")
            with Horizontal(classes="setting"):
                yield Label("Format", classes="setting-label")
                yield Select([(n, n) for n in FORMAT_NAMES], prompt="mp3", id="default-format")
            yield Static("[b]Data folder[/]", classes="heading")
            yield Static("", id="data-folder")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#keys", DataTable).add_columns("Provider", "Key", "From")
        self.action_reload()

    def action_reload(self) -> None:
        self._populating = True
        self.load()

    @work(thread=True, exclusive=True, group="settings")
    def load(self) -> None:
        from engine import config, paths
        from engine.keys import list_keys
        from engine.voice import list_voices

        cfg = config.load()
        keys = [(k.label, k.masked or "not set", k.source or "-") for k in list_keys()]
        voices = [(v.id, v.id) for v in list_voices(include_unavailable=False)]
        folder = {"home": str(paths.home()), "db": str(paths.database_path()), "config": str(paths.config_path())}
        self.app.call_from_thread(self.show, cfg, keys, voices, folder)

    def show(self, cfg: dict[str, Any], keys: list[tuple[str, str, str]], voices: list[tuple[str, str]],
             folder: dict[str, str]) -> None:
        text = cfg.get("text") or {}
        self.query_one("#text-provider", Static).update(Text.assemble(
            "Text provider: ", (text.get("provider") or "auto", "bold"),
            f" · model {text['model']}" if text.get("model") else "", "   ", ("(offline works with no key)", "dim")))
        table = self.query_one("#keys", DataTable)
        table.clear()
        for row in keys:
            table.add_row(*(Text(cell) for cell in row))
        audio = cfg.get("audio") or {}
        voice = self.query_one("#default-voice", Select)
        if audio.get("voice") and audio["voice"] not in {v for _, v in voices}:
            voices = [(audio["voice"], audio["voice"]), *voices]
        voice.set_options([(Text(label), value) for label, value in voices])
        for select_id, key in DEFAULTS:
            value = audio.get(key.split(".")[1]) or ""
            select = self.query_one(f"#{select_id}", Select)
            if value and any(value == v for _, v in select._options):
                select.value = value
            else:
                select.clear()
        self.query_one("#data-folder", Static).update(Text.assemble(
            f"Folder:   {folder['home']}\nLibrary:  {folder['db']}\nConfig:   {folder['config']}\n",
            ("Move everything by setting WAQUP_HOME.", "dim")))
        self.call_after_refresh(setattr, self, "_populating", False)

    def on_select_changed(self, event: Select.Changed) -> None:
        if self._populating:
            return
        key = dict(DEFAULTS).get(event.select.id or "")
        if key:
            self.save(key, picked(event.select) or "")

    @work(thread=True, group="settings-save")
    def save(self, key: str, value: str) -> None:
        from engine import config

        try:
            config.set_value(key, value)
        except WaqupError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self.notify, f"{key} = {value or '(default)'}", markup=False)
