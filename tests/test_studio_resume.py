"""waQup Studio through Textual's pilot: the Create screen offers to resume an open conversation (resume, start
fresh, discard), and text with square brackets reaches the screen whole (never eaten as markup)."""

from __future__ import annotations

import pytest
from test_studio_support import CONFIG, make_app, seed_library, settle

from engine.library import Library

pytest.importorskip("textual")

from textual.widgets import Input  # noqa: E402

from engine.conversation import Session  # noqa: E402
from waqup_cli.studio.screens.create import CreateScreen  # noqa: E402
from waqup_cli.studio.screens.resume import ResumeScreen  # noqa: E402
from waqup_cli.studio.widgets.chat_log import ChatMessage  # noqa: E402

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


TO_REVIEW = ["I want to feel calm before my [big] exams", "skip all", "affirmations", "5", "", "yes"]


def leave_open(lines: list[str]) -> tuple[str, str]:
    """A creation conversation taken through ``lines`` and left open, as after a closed terminal: (id, script)."""
    with Library() as lib, Session.create("creation", library=lib, provider="offline", config=CONFIG) as session:
        reply = session.start()
        for line in lines:
            reply = session.send(line)
        return session.id, reply.data.get("script") or ""


def shown(widget) -> str:
    rendered = widget.render()
    return rendered.plain if hasattr(rendered, "plain") else str(rendered)


def chat(screen) -> list[str]:
    return [shown(m) for m in screen.query(ChatMessage)]


def still_open() -> list[str]:
    with Library() as lib:
        return [row["id"] for row in Session.unfinished(lib)]


async def test_resume_the_open_conversation_where_it_stands(tmp_path):
    session_id, script = leave_open(TO_REVIEW)
    assert script
    app = make_app(tmp_path, start="create")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ResumeScreen)
        where = shown(dialog.query_one("#resume-where"))
        assert "we were reviewing your draft" in where
        assert "[big] exams" in where  # the person's words, brackets and all
        await pilot.press("r")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CreateScreen)
        assert screen.runner.session.id == session_id
        assert screen.state == "review" and screen.snapshot["script"] == script
        assert screen.query_one("#review-bar").display
        assert any("Welcome back: we were reviewing your draft" in text for text in chat(screen))
        await pilot.click("#accept")
        await settle(app, pilot)
        assert screen.state == "saved" and app.item_id == screen.snapshot["item_id"]
    assert session_id not in still_open()


async def test_discard_the_open_conversation_and_start_fresh(tmp_path):
    session_id, _ = leave_open(TO_REVIEW)
    app = make_app(tmp_path, start="create")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ResumeScreen)
        await pilot.click("#discard")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CreateScreen) and screen.state == "intent"
        assert screen.runner.session.id != session_id
    assert session_id not in still_open()
    with Library() as lib:
        row = lib.db["conversations"].get(session_id)
        assert row["state"] == "cancelled"


async def test_start_fresh_keeps_the_old_one_open(tmp_path):
    session_id, _ = leave_open(TO_REVIEW[:2])
    app = make_app(tmp_path, start="create")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ResumeScreen)
        assert "we were " in shown(dialog.query_one("#resume-where"))
        await pilot.press("n")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CreateScreen) and screen.state == "intent"
        assert screen.runner.session.id != session_id
        assert not chat(screen) or not any("Welcome back" in text for text in chat(screen))
    assert session_id in still_open()


async def test_no_offer_when_nothing_is_open_or_nothing_was_said(tmp_path):
    leave_open([])  # greeted, nothing said: not worth a question
    app = make_app(tmp_path, start="create")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, CreateScreen) and app.screen.state == "intent"
        field = app.screen.query_one("#say", Input)
        field.value = "I want to sleep better"
        await pilot.press("enter")
        await settle(app, pilot)
    app = make_app(tmp_path, start="create")  # the next visit: that conversation is open, and has words in it
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ResumeScreen)
        assert "sleep better" in shown(app.screen.query_one("#resume-where"))


async def test_square_brackets_are_shown_not_eaten(tmp_path):
    with Library() as lib:
        seed_library(lib, practice=False)
        lib.db["items"].update("a1000001", {"title": "Calm [draft] for [b]exams[/b]"})
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#items")
        drawn = "\n".join(table.render_line(y).text for y in range(table.row_count + 1))
        assert "Calm [draft] for [b]exams[/b]" in drawn
        app.open_item("a1000001", "editor")
        await settle(app, pilot)
        assert "Calm [draft] for [b]exams[/b]" in shown(app.screen.query_one("#editor-title"))
        app.open_item("a1000001", "player")
        await settle(app, pilot)
        assert "Calm [draft] for [b]exams[/b]" in shown(app.screen.query_one("#now-title"))
        await pilot.press("f1")
        await settle(app, pilot)
        from rich.console import Console

        from waqup_cli.studio.screens.help import HelpScreen, bindings_table

        assert isinstance(app.screen, HelpScreen)
        console = Console(width=200, record=True)
        console.print(bindings_table(app))
        assert "Id (for [studio.keys])" in console.export_text()
        assert '[studio.keys] "library.next_page" = "n"' in shown(app.screen.query_one("#help-remap"))
