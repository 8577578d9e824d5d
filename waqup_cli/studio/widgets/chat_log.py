"""The creation chat: the person's messages and the engine's, styled by kind."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static

KIND_CLASS = {"ask": "-ask", "say": "-say", "preview": "-preview", "note": "-note", "error": "-error",
              "crisis": "-crisis", "user": "-user"}


class ChatMessage(Static):
    """One message bubble."""

    DEFAULT_CSS = """
    ChatMessage { margin: 0 0 1 0; padding: 0 1; height: auto; }
    ChatMessage.-user { margin-left: 6; background: $primary 20%; }
    ChatMessage.-error { color: $error; }
    ChatMessage.-note { color: $text-muted; }
    ChatMessage.-crisis { border: heavy $warning; }
    ChatMessage.-preview { border-left: thick $accent; }
    """


class ChatLog(VerticalScroll):
    """Append-only list of messages that follows the newest one."""

    DEFAULT_CSS = "ChatLog { height: 1fr; }"

    def add(self, kind: str, text: str) -> ChatMessage:
        prefix = "you › " if kind == "user" else ""
        message = ChatMessage(prefix + text, markup=False, classes=KIND_CLASS.get(kind, ""))
        self.mount(message)
        self.scroll_end(animate=False)
        return message
