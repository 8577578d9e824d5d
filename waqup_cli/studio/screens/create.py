"""Create: the creation loop as a chat, with a live panel of what the engine has understood.

Everything conversational is :class:`engine.conversation.Session`; this screen shows its replies
and turns buttons into its explicit events (``accept``, ``regenerate``, ``regenerate_section``).
When it opens and a conversation was left open, it offers to resume it, start fresh or discard it.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, ProgressBar, Select

from engine.errors import WaqupError
from waqup_cli.studio.screens.base import StudioScreen, picked
from waqup_cli.studio.session_runner import SessionRunner
from waqup_cli.studio.widgets.chat_log import ChatLog
from waqup_cli.studio.widgets.intent_panel import IntentPanel
from waqup_cli.studio.widgets.script_view import ScriptView


class CreateScreen(StudioScreen):
    """Talk to the engine until the new item is saved (and rendered)."""

    TITLE = "Create"
    BINDINGS = [
        Binding("ctrl+n", "new", "New", id="create.new"),
        Binding("ctrl+y", "send_event('accept')", "Accept", id="create.accept"),
        Binding("ctrl+r", "send_event('regenerate')", "Regenerate", id="create.regenerate"),
        Binding("ctrl+e", "prefill_edit", "Edit line", id="create.edit", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.runner: SessionRunner | None = None
        self.state = ""
        self.snapshot: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="create-body"):
            with Vertical(id="chat-col"):
                yield ChatLog(id="chat")
                with Horizontal(id="review-bar"):
                    yield Button("Accept", id="accept", variant="success")
                    yield Button("Regenerate", id="regenerate")
                    yield Select([], prompt="Section", id="section-pick")
                    yield Button("Redo section", id="regenerate-section")
                    yield Button("Edit line", id="edit-line")
                yield ProgressBar(total=1.0, id="render-progress", show_eta=False)
                yield Input(placeholder="Type your answer and press Enter", id="say")
            with VerticalScroll(id="side"):
                yield IntentPanel(id="intent")
                yield ScriptView(id="draft")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#review-bar").display = False
        self.query_one("#render-progress").display = False
        self.query_one("#intent", IntentPanel).show({}, "greet", None)
        self.query_one("#say", Input).focus()
        self.look_for_open()

    @work(thread=True, exclusive=True, group="create-open")
    def look_for_open(self) -> None:
        """Offer the newest open creation conversation, if any (off the UI thread: it reads the library)."""
        from engine.conversation import Session
        from waqup_cli.studio.screens.resume import worth_resuming

        with self.studio.open_library() as lib:
            rows = [row for row in Session.unfinished(lib) if worth_resuming(row)]
        self.app.call_from_thread(self.offer, rows)

    def offer(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            self.action_new()
            return
        from waqup_cli.studio.screens.resume import ResumeScreen

        session_id = rows[0]["id"]
        self.app.push_screen(ResumeScreen(rows[0], others=len(rows) - 1),
                             callback=lambda choice: self.resume_choice(choice, session_id))

    def resume_choice(self, choice: str | None, session_id: str) -> None:
        if choice == "resume":
            self.action_new(resume=session_id)
        elif choice == "discard":
            self.discard(session_id)
        else:
            self.action_new()

    @work(thread=True, group="create")
    def discard(self, session_id: str) -> None:
        """Cancel the open conversation (holds released, unsaved drafts refunded), then start a new one."""
        from engine.conversation import Session

        with self.studio.open_library() as lib:
            try:
                Session.discard(session_id, library=lib, config=self.studio.config_data)
                said = "Discarded the open conversation; nothing more is held for it."
            except WaqupError as exc:
                said = f"Could not discard it: {exc}"
        self.app.call_from_thread(self.notify, said, markup=False)
        self.app.call_from_thread(self.action_new)

    def on_unmount(self) -> None:
        if self.runner is not None:
            self.runner.close()

    # -- the session -----------------------------------------------------------------------
    def _make_session(self, resume: str | None = None) -> Any:
        from engine.conversation import Session

        lib = self.studio.open_library()
        render = self.studio.renderer

        def renderer(item: Any, script: Any, params: dict[str, Any]) -> dict[str, Any]:
            self.app.call_from_thread(self.show_progress, "render", 0.0)
            render(lib, item.id, voice=params.get("voice"), ambience=params.get("ambience"),
                   on_progress=lambda stage, f: self.app.call_from_thread(self.show_progress, stage, f))
            return {"path": ""}  # render_item records the asset (with its timeline) itself

        options = dict(library=lib, provider=self.studio.provider, renderer=renderer, config=self.studio.config_data)
        if resume is not None:
            return Session.resume(resume, **options)
        return Session.create("creation", **options)

    def action_new(self, resume: str | None = None) -> None:
        """Start a new conversation (Ctrl+N), or pick up the open one ``resume`` where it stands."""
        if self.runner is not None:
            self.runner.close()
        self.runner = SessionRunner(lambda: self._make_session(resume))
        self.query_one(ChatLog).remove_children()
        self.query_one("#draft", ScriptView).show(None, empty="The script appears here once it is written.")
        self.talk("start")

    @work(thread=True, group="create")  # not exclusive: every message must reach the session, in order
    def talk(self, method: str, *args: Any, **payload: Any) -> None:
        runner = self.runner
        if runner is None:
            return

        def step(session: Any) -> tuple[Any, dict[str, Any]]:
            reply = getattr(session, method)(*args, **payload)
            return reply, session.ledger.balance().to_dict()

        try:
            reply, balance = runner.call(step)
        except WaqupError as exc:
            self.app.call_from_thread(self.query_one(ChatLog).add, "error", str(exc))
            return
        self.app.call_from_thread(self.show_reply, reply, balance)

    def show_reply(self, reply: Any, balance: dict[str, Any]) -> None:
        chat = self.query_one(ChatLog)
        for message in reply.messages:
            chat.add(message.kind, message.text)
        self.state, self.snapshot = reply.state, reply.data
        self.query_one("#intent", IntentPanel).show(reply.data, reply.state, balance)
        if reply.data.get("script"):
            from engine.script import parse

            script = parse(reply.data["script"])
            self.query_one("#draft", ScriptView).show(script, numbered=True)
            self.query_one("#section-pick", Select).set_options([(Text(s.name), s.name) for s in script.sections])
        self.query_one("#review-bar").display = reply.state == "review"
        self.query_one("#render-progress").display = reply.state == "rendering"
        if reply.data.get("item_id"):
            self.studio.item_id = reply.data["item_id"]
        if reply.done:
            self.query_one("#say", Input).placeholder = "Done. Ctrl+N starts a new conversation."

    def show_progress(self, stage: str, fraction: float) -> None:
        bar = self.query_one("#render-progress", ProgressBar)
        bar.display = True
        bar.update(progress=fraction)

    # -- input -------------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "say":
            return
        text = event.value
        event.input.value = ""
        if self.snapshot and self.state in ("saved", "cancelled", "crisis"):
            self.notify("This conversation is over: Ctrl+N starts a new one.")
            return
        self.query_one(ChatLog).add("user", text or "(enter)")
        self.talk("send", text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "regenerate-section":
            section = picked(self.query_one("#section-pick", Select))
            if section is None:
                self.notify("Pick a section first.", severity="warning")
                return
            self.action_send_event("regenerate_section", section=str(section))
        elif event.button.id == "edit-line":
            self.action_prefill_edit()
        elif event.button.id in ("accept", "regenerate"):
            self.action_send_event(event.button.id)

    def action_send_event(self, name: str, **payload: Any) -> None:
        if self.state != "review":
            self.notify("That works once a draft is shown.", severity="warning")
            return
        self.query_one(ChatLog).add("user", name.replace("_", " ") + (f" {payload['section']}" if payload else ""))
        self.talk("event", name, **payload)

    def action_prefill_edit(self) -> None:
        say = self.query_one("#say", Input)
        say.value = "edit 1: "
        say.focus()
        say.cursor_position = len(say.value)
