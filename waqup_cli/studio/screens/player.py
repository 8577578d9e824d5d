"""Player: play / pause / seek / loop / sleep timer / volume, with the current section and line
highlighted from the render's timeline. Without an audio device it says so and shows the script.
"""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Header, ProgressBar, Static

from engine.errors import WaqupError
from waqup_cli.studio.format import clock
from waqup_cli.studio.screens.base import StudioScreen
from waqup_cli.studio.widgets.script_view import ScriptView

SEEK = 15.0
SLEEP_STEPS = (0, 5, 15, 30, 60)  # minutes; 0 = off
MIN_LOGGED = 5.0  # seconds of listening before a practice is logged


class PlayerScreen(StudioScreen):
    """Play the selected item's latest render."""

    TITLE = "Player"
    BINDINGS = [
        Binding("space", "toggle", "Play/Pause", id="player.toggle"),
        Binding("left", "seek(-15)", "-15s", id="player.back"),
        Binding("right", "seek(15)", "+15s", id="player.forward"),
        Binding("x", "stop", "Stop", id="player.stop"),
        Binding("l", "loop", "Loop", id="player.loop"),
        Binding("t", "sleep", "Sleep timer", id="player.sleep"),
        Binding("plus,equals_sign,up", "volume(0.1)", "Vol+", id="player.louder", show=False),
        Binding("minus,down", "volume(-0.1)", "Vol-", id="player.quieter", show=False),
        Binding("r", "render", "Render", id="player.render", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.item: Any = None
        self.script: Any = None
        self.asset: dict[str, Any] | None = None
        self.timeline: list[Any] = []
        self.samples: tuple[Any, int] | None = None
        self.playback: Any = None
        self.volume = 0.8
        self.loop = False
        self.sleep_minutes = 0
        self.sleep_deadline: float | None = None
        self.device_error = ""
        self.current_key = ""
        self.listened = 0.0

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="player-top"):
            yield Static("No item selected: pick one in the Library (F2).", id="now-title")
            yield Static("", id="now-section")
            yield Static("", id="now-line")
            yield ProgressBar(total=1.0, id="position", show_eta=False, show_percentage=False)
            yield Static("", id="times")
            yield Static("", id="player-notice")
            with Horizontal(id="transport"):
                yield Button("-15s", id="back")
                yield Button("Play", id="toggle", variant="primary")
                yield Button("Stop", id="stop")
                yield Button("+15s", id="forward")
                yield Button("Loop", id="loop")
                yield Button("Sleep", id="sleep")
        with VerticalScroll(id="player-script"):
            yield ScriptView(id="player-view")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(0.25, self.tick)
        self.on_screen_resume()

    def on_screen_resume(self) -> None:
        item_id = self.studio.item_id
        if item_id and (self.item is None or self.item.id != item_id):
            self.stop_playback()
            self.load_item(item_id)

    def on_unmount(self) -> None:
        self.stop_playback(closing=True)

    # -- loading ---------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="player-load")
    def load_item(self, item_id: str) -> None:
        from engine.rendering import asset_timeline, latest_asset

        with self.studio.open_library() as lib:
            item = lib.get(item_id)
            asset = latest_asset(lib, item.id)
        timeline = asset_timeline(asset) if asset else []
        try:
            self.studio.audio.check()
            error = ""
        except WaqupError as exc:
            error = str(exc)
        self.app.call_from_thread(self.show_item, item, asset, timeline, error)

    def show_item(self, item: Any, asset: dict[str, Any] | None, timeline: list[Any], error: str) -> None:
        self.item, self.asset, self.timeline, self.device_error = item, asset, timeline, error
        self.samples = None
        try:
            self.script = item.parsed()
        except WaqupError:
            self.script = None
        self.query_one("#now-title", Static).update(
            Text.assemble((item.title, "bold"), "  ", (f"{item.type} · {item.id}", "dim")))
        notice = Text()
        if error:
            notice = Text.assemble(("No audio here:", "yellow"), f" {error}")
        elif asset is None:
            notice = Text("Not rendered yet: press r to render it.")
        self.query_one("#player-notice", Static).update(notice)
        self.query_one("#player-view", ScriptView).show(self.script)
        self.update_display(0.0)

    # -- playback --------------------------------------------------------------------------
    @property
    def duration(self) -> float:
        if self.playback is not None:
            return float(self.playback.duration)
        return float((self.asset or {}).get("duration") or 0.0)

    def action_toggle(self) -> None:
        if self.playback is not None and not self.playback.done:
            if getattr(self, "_paused", False):
                self.playback.resume()
                self._paused = False
            else:
                self.playback.pause()
                self._paused = True
            self.update_display(self.playback.position)
            return
        self.start_playback(0.0)

    def start_playback(self, start: float) -> None:
        if self.item is None:
            self.notify("Pick an item in the Library first.", severity="warning")
            return
        if self.device_error:
            self.notify(self.device_error, severity="error", title="No audio device", markup=False)
            return
        if self.asset is None:
            self.notify("Render it first (r).", severity="warning")
            return
        self.open_stream(start)

    @work(thread=True, exclusive=True, group="player-stream")
    def open_stream(self, start: float) -> None:
        audio = self.studio.audio
        try:
            if self.samples is None:
                self.samples = audio.load(self.asset["path"])
            playback = audio.start(*self.samples, start=start)
            playback.volume = self.volume
        except WaqupError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.started, playback)

    def started(self, playback: Any) -> None:
        self.playback, self._paused = playback, False
        self.started_at = self.studio.clock()
        if self.sleep_minutes and self.sleep_deadline is None:
            self.sleep_deadline = time.monotonic() + self.sleep_minutes * 60
        self.update_display(playback.position)

    def stop_playback(self, closing: bool = False) -> None:
        """Stop, and log the practice if it lasted; ``closing``: the screen is going away."""
        playback, self.playback = self.playback, None
        if playback is None:
            return
        listened = float(playback.position)
        completed = bool(playback.done)
        playback.stop()
        self.sleep_deadline = None
        if self.item is not None and listened >= MIN_LOGGED:
            if closing:
                self._log(self.item.id, listened, completed)
            else:
                self.log_practice(self.item.id, listened, completed)
        if not closing:
            self.update_display(0.0)

    @work(thread=True, group="player-log")
    def log_practice(self, item_id: str, seconds: float, completed: bool) -> None:
        self._log(item_id, seconds, completed)

    def _log(self, item_id: str, seconds: float, completed: bool) -> None:
        from engine.practice import log_practice

        with self.studio.open_library() as lib:
            log_practice(lib, item_id, started=self.studio.clock().isoformat(timespec="seconds"),
                         seconds=round(seconds, 1), completed=completed)

    def tick(self) -> None:
        playback = self.playback
        if playback is None:
            return
        if playback.done:
            if self.loop:
                self.playback = None
                self.start_playback(0.0)
            else:
                self.stop_playback()
            return
        if self.sleep_deadline is not None and time.monotonic() >= self.sleep_deadline:
            self.notify("Sleep timer: stopped.")
            self.stop_playback()
            return
        self.update_display(playback.position)

    def update_display(self, position: float) -> None:
        from engine.audio.timeline import event_at

        duration = self.duration
        bar = self.query_one("#position", ProgressBar)
        bar.update(total=max(duration, 0.001), progress=min(position, duration))
        event = event_at(self.timeline, position) if self.timeline else None
        section = event.section if event else ""
        line = event.text if event is not None and event.kind == "speech" else ""
        if event is not None and event.kind == "pause":
            line = f"… pause ({event.end - event.start:g}s)"
        self.query_one("#now-section", Static).update(Text(section, style="bold magenta"))
        self.query_one("#now-line", Static).update(Text(line))
        key = event.key if event is not None and event.kind == "speech" else ""
        if key != self.current_key:
            self.current_key = key
            self.query_one("#player-view", ScriptView).show(self.script, current=key)
        if self.playback is None:
            state = "■ stopped"
        elif getattr(self, "_paused", False):
            state = "⏸ paused"
        else:
            state = "▶ playing"
        sleep = "off"
        if self.sleep_minutes:
            left = (self.sleep_deadline - time.monotonic()) if self.sleep_deadline else self.sleep_minutes * 60
            sleep = f"{clock(left)}"
        self.query_one("#times", Static).update(
            f"{clock(position)} / {clock(duration)}   {state} · loop {'on' if self.loop else 'off'}"
            f" · sleep {sleep} · volume {round(self.volume * 100)}%")
        self.query_one("#toggle", Button).label = "Pause" if state.endswith("playing") else "Play"

    # -- actions -----------------------------------------------------------------------------
    def action_seek(self, delta: float) -> None:
        if self.playback is not None:
            self.playback.seek(max(0.0, min(self.duration, self.playback.position + delta)))
            self.update_display(self.playback.position)

    def action_stop(self) -> None:
        self.stop_playback()

    def action_loop(self) -> None:
        self.loop = not self.loop
        self.update_display(self.playback.position if self.playback else 0.0)

    def action_sleep(self) -> None:
        index = SLEEP_STEPS.index(self.sleep_minutes) if self.sleep_minutes in SLEEP_STEPS else 0
        self.sleep_minutes = SLEEP_STEPS[(index + 1) % len(SLEEP_STEPS)]
        self.sleep_deadline = (time.monotonic() + self.sleep_minutes * 60
                               if self.sleep_minutes and self.playback is not None else None)
        self.update_display(self.playback.position if self.playback else 0.0)

    def action_volume(self, delta: float) -> None:
        self.volume = round(min(1.0, max(0.0, self.volume + delta)), 2)
        if self.playback is not None:
            self.playback.volume = self.volume
        self.update_display(self.playback.position if self.playback else 0.0)

    def action_render(self) -> None:
        if self.item is not None:
            self.render_item(self.item.id)

    @work(thread=True, exclusive=True, group="player-render")
    def render_item(self, item_id: str) -> None:
        notice = self.query_one("#player-notice", Static)
        self.app.call_from_thread(notice.update, "Rendering…")
        with self.studio.open_library() as lib:
            try:
                self.studio.renderer(lib, item_id, on_progress=lambda stage, f: self.app.call_from_thread(
                    notice.update, f"Rendering… {stage} {round(f * 100)}%"))
            except WaqupError as exc:
                self.app.call_from_thread(notice.update, f"[red]Render failed:[/] {exc}")
                return
        self.item = None
        self.app.call_from_thread(self.load_item, item_id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"back": lambda: self.action_seek(-SEEK), "forward": lambda: self.action_seek(SEEK),
                   "toggle": self.action_toggle, "stop": self.action_stop, "loop": self.action_loop,
                   "sleep": self.action_sleep}
        actions[event.button.id]()
