"""Editor: sections, spoken lines and pauses; edit, move, re-time; inline validation; save and re-render.

Re-rendering goes through the App's renderer (``render_item``), whose synthesis cache only
synthesises lines that changed.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, ProgressBar, Select, Static

from engine.errors import WaqupError
from engine.script import edit as draft
from waqup_cli.studio.format import clock
from waqup_cli.studio.screens.base import StudioScreen, picked

_VOICES: list[tuple[str, str]] | None = None


class EditorScreen(StudioScreen):
    """Edit the selected item's script."""

    TITLE = "Editor"
    BINDINGS = [
        Binding("e", "edit", "Edit", id="editor.edit"),
        Binding("shift+up,K", "move(-1)", "Move up", id="editor.move_up"),
        Binding("shift+down,J", "move(1)", "Move down", id="editor.move_down"),
        Binding("plus,equals_sign", "nudge(0.5)", "+0.5s", id="editor.longer", show=False),
        Binding("minus", "nudge(-0.5)", "-0.5s", id="editor.shorter", show=False),
        Binding("s", "save", "Save", id="editor.save"),
        Binding("r", "render", "Render", id="editor.render"),
        Binding("v", "preview", "Preview", id="editor.preview", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.item: Any = None
        self.script: Any = None
        self.rows: list[draft.Row] = []
        self.issues: list[Any] = []
        self.dirty = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="editor-body"):
            with Vertical(id="editor-main"):
                yield Static("No item selected: pick one in the Library (F2).", id="editor-title")
                yield DataTable(id="script-table", cursor_type="row", show_header=False)
                yield Static("", id="issues")
            with VerticalScroll(id="editor-side"):
                yield Label("Edit selected (Enter)")
                yield Input(id="edit-field", placeholder="select a row")
                yield Label("Voice")
                yield Select([], prompt="Default voice", id="voice")
                yield Label("Ambience")
                from engine.audio import AMBIENCE_NAMES

                yield Select([(n, n) for n in AMBIENCE_NAMES], prompt="Default ambience", id="ambience")
                with Horizontal(id="editor-buttons"):
                    yield Button("Save", id="save", variant="primary")
                    yield Button("Render", id="render")
                    yield Button("Preview", id="preview")
                yield ProgressBar(total=1.0, id="editor-progress", show_eta=False)
                yield Static("", id="editor-status")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#script-table", DataTable)
        table.add_column("", key="mark", width=2)
        table.add_column("Script", key="text")
        self.query_one("#editor-progress").display = False
        self.load_voices()
        self.on_screen_resume()

    def on_screen_resume(self) -> None:
        item_id = self.studio.item_id
        if item_id and (self.item is None or self.item.id != item_id):
            self.load_item(item_id)

    # -- loading ---------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="editor-load")
    def load_item(self, item_id: str) -> None:
        with self.studio.open_library() as lib:
            item = lib.get(item_id)
        self.app.call_from_thread(self.show_item, item)

    @work(thread=True, exclusive=True, group="editor-voices")
    def load_voices(self) -> None:
        global _VOICES
        if _VOICES is None:
            from engine.voice import list_voices

            _VOICES = [(Text(v.id), v.id) for v in list_voices(include_unavailable=False)]
        self.app.call_from_thread(self.query_one("#voice", Select).set_options, _VOICES)

    def show_item(self, item: Any) -> None:
        self.item, self.dirty = item, False
        try:
            self.script = item.parsed()
        except WaqupError as exc:
            self.script = None
            self.query_one("#editor-title", Static).update(Text(f"{item.title}: cannot parse ({exc})"))
            return
        self.refresh_rows(0)

    def refresh_rows(self, cursor: int | None = None) -> None:
        from engine.content import validate_edited

        table = self.query_one("#script-table", DataTable)
        row_now = table.cursor_row if cursor is None else cursor
        self.rows = draft.rows(self.script)
        # on the device only here (this runs on the UI thread); saving adds the moderation layer
        self.issues = validate_edited(self.script, self.item.type, moderation=False)
        table.clear()
        for row in self.rows:
            table.add_row(*self.cells(row))
        table.move_cursor(row=min(max(row_now, 0), len(self.rows) - 1))
        title = Text.assemble(f"{self.item.title}  ", (f"{self.item.type} · {self.item.id}", "dim"))
        if self.dirty:
            title.append("  ").append("● unsaved", style="yellow")
        self.query_one("#editor-title", Static).update(title)
        summary = Text()
        if self.issues:
            summary.append(f"{len(self.issues)} issue{'s' if len(self.issues) != 1 else ''}: ", style="bold red")
            summary.append("; ".join(str(i) for i in self.issues[:3]))
        else:
            summary.append("✓ valid", style="green")
        self.query_one("#issues", Static).update(summary)
        self.fill_field()

    def cells(self, row: draft.Row) -> tuple[Text, Text]:
        section = self.script.sections[row.section]
        problems = draft.issues_for(self.script, self.issues, row)
        if row.kind == "section":
            return Text("§", style="bold magenta"), Text(section.name, style="bold magenta")
        item = section.items[row.index]
        if row.kind == "pause":
            return Text("‖", style="dim"), Text(f"pause {item.seconds:g}s{'+' if item.flexible else ''}",
                                                style="dim italic")
        mark = Text("!", style="bold red") if problems else Text(f"{row.number}", style="dim")
        text = Text(item.text)
        if problems:
            text.append(f"  ← {problems[0].message}", style="red")
        return mark, text

    def current(self) -> draft.Row | None:
        table = self.query_one("#script-table", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def fill_field(self) -> None:
        row, field = self.current(), self.query_one("#edit-field", Input)
        if row is None or row.kind == "section":
            field.value, field.disabled = "", True
            return
        item = self.script.sections[row.section].items[row.index]
        field.disabled = False
        field.value = item.text if row.kind == "line" else f"{item.seconds:g}"

    # -- events ------------------------------------------------------------------------------
    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.fill_field()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        row = self.current()
        if event.input.id != "edit-field" or row is None or row.kind == "section":
            return
        try:
            if row.kind == "line":
                draft.set_text(self.script, row, event.value)
            else:
                draft.set_pause(self.script, row, draft.parse_seconds(event.value))
        except ValueError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.dirty = True
        self.refresh_rows()
        self.query_one("#script-table", DataTable).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"save": self.action_save, "render": self.action_render, "preview": self.action_preview}[event.button.id]()

    # -- actions -----------------------------------------------------------------------------
    def action_edit(self) -> None:
        if self.current() is not None:
            self.query_one("#edit-field", Input).focus()

    def action_move(self, step: int) -> None:
        row = self.current()
        if row is None or row.kind == "section":
            return
        new_index = draft.move(self.script, row, step)
        if new_index != row.index:
            self.dirty = True
            self.refresh_rows(self.query_one("#script-table", DataTable).cursor_row + step)

    def action_nudge(self, delta: float) -> None:
        row = self.current()
        if row is not None and row.kind == "pause":
            draft.nudge_pause(self.script, row, delta)
            self.dirty = True
            self.refresh_rows()

    def action_save(self) -> None:
        if self.item is not None and self.script is not None:
            self.save(render=False)

    def action_render(self) -> None:
        if self.item is not None and self.script is not None:
            self.save(render=True)

    def _pick(self, select_id: str) -> str | None:
        return picked(self.query_one(select_id, Select))

    @work(thread=True, exclusive=True, group="editor-save")
    def save(self, render: bool) -> None:
        from engine.content import UnsafeScript

        status = self.query_one("#editor-status", Static)
        with self.studio.open_library() as lib:
            if self.dirty:
                try:
                    self.item = lib.update_script(self.item.id, self.script, edited=True)
                except UnsafeScript as exc:
                    from engine.safety.response import reply_text

                    self.app.call_from_thread(status.update, Text.assemble(
                        ("Not saved:", "red"), f" {exc}\n\n{reply_text(exc.result)}"))
                    return
                self.dirty = False
                self.app.call_from_thread(status.update, "Saved.")
                self.app.call_from_thread(self.refresh_rows)
            if not render:
                return
            self.app.call_from_thread(self.progress, "voice", 0.0)
            try:
                result = self.studio.renderer(
                    lib, self.item.id, voice=self._pick("#voice"), ambience=self._pick("#ambience"),
                    on_progress=lambda stage, f: self.app.call_from_thread(self.progress, stage, f))
            except WaqupError as exc:
                self.app.call_from_thread(status.update, Text.assemble(("Render failed:", "red"), f" {exc}"))
                return
            finally:
                self.app.call_from_thread(self.progress, "", -1)
        done = f"Rendered {clock(getattr(result, 'duration', None))}"
        if hasattr(result, "cache_misses"):
            done += f" · {result.cache_misses} synthesised, {result.cache_hits} from cache"
        self.app.call_from_thread(status.update, done)

    def progress(self, stage: str, fraction: float) -> None:
        bar = self.query_one("#editor-progress", ProgressBar)
        bar.display = fraction >= 0
        if fraction >= 0:
            bar.update(progress=fraction)

    def action_preview(self) -> None:
        row = self.current()
        if self.script is None:
            return
        lines = self.script.lines
        text = (self.script.sections[row.section].items[row.index].text if row and row.kind == "line"
                else lines[0].text if lines else "")
        if text:
            self.preview(text, self._pick("#voice"))

    @work(thread=True, exclusive=True, group="editor-preview")
    def preview(self, text: str, voice: str | None) -> None:
        from engine.voice import synthesize

        status = self.query_one("#editor-status", Static)
        try:
            speech = synthesize(text, voice)
        except WaqupError as exc:
            self.app.call_from_thread(status.update, Text.assemble(("Preview failed:", "red"), f" {exc}"))
            return
        try:
            self.studio.audio.check()
            self.studio.audio.start(speech.samples, speech.sample_rate)
            from engine.words import a_an

            note = f"Playing {a_an(f'{speech.seconds:.1f}s')} preview."
        except WaqupError as exc:
            note = f"Preview synthesised ({speech.seconds:.1f}s) but not played: {exc}"
        self.app.call_from_thread(status.update, Text(note))
