"""Send to phone: build the private feed of the library, serve it, and show its address as a QR code.

The feed is :mod:`engine.feed` (the same as `waqup feed build --all` and `waqup feed serve`); the server runs
while this dialog is open and stops when it closes.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


def qr_text(url: str) -> str:
    """``url`` as a QR code in block characters (two rows of modules per line of text)."""
    import io

    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue().rstrip("\n")


class PhoneScreen(ModalScreen[None]):
    """Builds the feed (rendering what isn't rendered), serves it and shows where to subscribe."""

    BINDINGS = [Binding("escape", "close", "Close", id="phone.close")]

    def __init__(self, folder: Any = None, port: int = 8790) -> None:
        super().__init__()
        self.folder, self.port = folder, port
        self.server: Any = None
        self.closed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="phone-dialog"):
            yield Static("[b]Send to phone[/]\nBuilding the feed…", id="phone-status")
            yield Static("", id="phone-qr")
            yield Button("Stop serving and close (esc)", id="phone-close")

    def on_mount(self) -> None:
        self.build()

    @work(thread=True, exclusive=True, group="phone")
    def build(self) -> None:
        from engine.errors import WaqupError
        from engine.feed import FeedServer
        from engine.feed import build as build_feed
        from engine.paths import home

        folder = self.folder or home() / "feed"

        def told(item: Any, rendering: bool) -> None:
            if rendering:
                self.app.call_from_thread(self.status, f"Building the feed… rendering {item.title}")

        try:
            with self.app.open_library() as lib:
                feed = build_feed(lib, folder, everything=True, on_item=told,
                                  render=lambda library, item_id: self.app.renderer(library, item_id))
            server = FeedServer(folder, port=self.port, calendar=home() / "reminders.ics")
            url = server.start()
        except (WaqupError, OSError) as exc:
            self.app.call_from_thread(self.status, f"[b]Send to phone[/]\n[red]{exc}[/]")
            return
        if self.closed:  # closed while the feed was being built: serve nothing
            server.stop()
            return
        self.server = server
        self.app.call_from_thread(self.ready, url, len(feed.episodes))

    def status(self, message: str) -> None:
        self.query_one("#phone-status", Static).update(message)

    def ready(self, url: str, episodes: int) -> None:
        from engine.words import count

        self.query_one("#phone-status", Static).update(Text.assemble(
            ("Send to phone", "bold"), f"\n{count(episodes, 'episode')}. On the same Wi-Fi, scan the code or add "
            "this address in any podcast app:\n", (url, "bold cyan")))
        self.query_one("#phone-qr", Static).update(Text(qr_text(url)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_close()

    def action_close(self) -> None:
        self.closed = True
        if self.server is not None:
            self.server.stop()
            self.server = None
        self.dismiss(None)
