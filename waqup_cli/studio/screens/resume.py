"""Resume: offered when the Create screen opens while a creation conversation is still open."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

CHOICES = ("resume", "fresh", "discard")


def worth_resuming(row: dict[str, Any]) -> bool:
    """An open creation conversation (``Session.unfinished`` lists only those in which something was said)."""
    return row["kind"] == "creation"


def describe(row: dict[str, Any], others: int) -> Text:
    """Where the conversation stands, in words (the person's own words as plain text)."""
    from engine.words import count

    text = Text.assemble(("You have an open conversation", "bold"), f": we were {row['where']}.")
    if row["about"]:
        text.append(f"\nAbout: {row['about']}")
    if others:
        text.append(f"\n{count(others, 'other conversation')} also open: see `waqup conversations list`.",
                    style="dim")
    return text


class ResumeScreen(ModalScreen[str]):
    """Resume the open conversation, start a fresh one (the old one stays open) or discard it.

    Dismisses with ``"resume"``, ``"fresh"`` or ``"discard"``.
    """

    BINDINGS = [
        Binding("r", "choose('resume')", "Resume", id="resume.resume"),
        Binding("n", "choose('fresh')", "Start fresh", id="resume.fresh"),
        Binding("d", "choose('discard')", "Discard it", id="resume.discard"),
        Binding("escape", "choose('fresh')", "Start fresh", id="resume.close", show=False),
    ]

    def __init__(self, row: dict[str, Any], others: int = 0) -> None:
        super().__init__()
        self.row, self.others = row, others

    def compose(self) -> ComposeResult:
        with Vertical(id="resume-dialog"):
            yield Static(describe(self.row, self.others), id="resume-where")
            with Horizontal(id="resume-buttons"):
                yield Button("Resume (r)", id="resume", variant="primary")
                yield Button("Start fresh (n)", id="fresh")
                yield Button("Discard it (d)", id="discard", variant="error")

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(str(event.button.id))

    def action_choose(self, choice: str) -> None:
        if choice in CHOICES:
            self.dismiss(choice)
