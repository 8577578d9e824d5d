"""waQup Studio through Textual's pilot: create, edit, search, play and practise (audio and rendering faked
through the App's constructor)."""

from __future__ import annotations

import asyncio

import pytest
from test_studio_support import FakeAudio, FakeRenderer, make_app, open_editor, seed_library, settle

from engine.library import Library

pytest.importorskip("textual")

from textual.widgets import DataTable, Input  # noqa: E402

from engine.script import edit as draft  # noqa: E402
from waqup_cli.studio.widgets.item_table import ItemTable  # noqa: E402

pytestmark = pytest.mark.anyio  # anyio's pytest plugin runs the async tests (no pytest-asyncio needed)


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def seeded():
    with Library() as lib:
        seed_library(lib)
    return Library


async def say(app, pilot, text: str) -> None:
    field = app.screen.query_one("#say", Input)
    field.value = text
    await pilot.press("enter")
    await settle(app, pilot)


CONVERSATIONS = {
    "affirmation": ["I want to feel calm before my exams", "skip all", "affirmations", "5", "", "yes"],
    "meditation": ["I want to sleep better", "skip all", "a guided meditation", "5", "sleep", "", "yes"],
    "ritual": ["I want confident mornings", "skip all", "a ritual", "morning", "after my coffee", "", "yes"],
}


@pytest.mark.parametrize("kind", list(CONVERSATIONS))
async def test_create_each_type_to_a_saved_item(kind, tmp_path):
    renderer = FakeRenderer(tmp_path)
    app = make_app(tmp_path, renderer=renderer, start="create")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert screen.state == "intent"
        for line in CONVERSATIONS[kind]:
            await say(app, pilot, line)
        assert screen.state == "review", screen.state
        assert screen.query_one("#review-bar").display
        assert screen.snapshot["type"] == kind and screen.snapshot["script"]
        await pilot.click("#accept")
        await settle(app, pilot)
        assert screen.state == "saved"
        item_id = screen.snapshot["item_id"]
        assert app.item_id == item_id and renderer.calls == [item_id]
    with Library() as lib:
        item = lib.get(item_id)
        assert item.type == kind and lib.audio_assets(item_id)


async def test_create_regenerate_a_section_and_edit_a_line(tmp_path):
    app = make_app(tmp_path, start="create")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for line in CONVERSATIONS["affirmation"]:
            await say(app, pilot, line)
        screen = app.screen
        await say(app, pilot, "edit 1: I breathe slowly and feel steady")
        assert "I breathe slowly and feel steady" in screen.snapshot["script"]
        screen.query_one("#section-pick").value = "Affirmations"
        await pilot.click("#regenerate-section")
        await settle(app, pilot)
        assert screen.state == "review"
        panel = str(screen.query_one("#intent").render())
        assert "Cost" in panel or screen.snapshot.get("cost") == 1


async def test_search_the_library(seeded, tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(ItemTable)
        assert table.row_count == 5
        await pilot.press(*"sleep")
        await settle(app, pilot)
        assert table.row_count == 1 and table.selected_id == "a1000002"
        assert "1 match" in str(app.screen.query_one("#library-status").render())
        await pilot.press("escape")
        await settle(app, pilot)
        assert table.row_count == 5
        app.screen.query_one("#type-filter").value = "ritual"
        await settle(app, pilot)
        assert table.row_count == 1 and table.selected_id == "a1000003"


async def test_library_pages_through_many_items(tmp_path):
    from engine.script import Line, Script, Section

    with Library() as lib:
        script = Script({"title": "Tiny", "type": "affirmation"}, [Section("Affirmations", [Line("I am calm")])])
        rows = [{"id": f"{i:08x}", "type": "affirmation", "title": f"Item {i}", "intent": "calm",
                 "script": "## Affirmations\nI am calm.\n", "params": "{}", "tags": "",
                 "created": f"2026-01-01T00:{i // 60 % 60:02d}:{i % 60:02d}+00:00", "updated": ""} for i in range(250)]
        assert script.title == "Tiny"
        with lib.transaction():
            lib.db["items"].insert_all(rows)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(ItemTable)
        assert table.row_count == 100
        table.focus()
        await pilot.press("]", "]")
        await settle(app, pilot)
        assert table.row_count == 50 and "page 3/3" in str(app.screen.query_one("#library-status").render())


async def test_edit_a_pause_save_and_rerender(seeded, tmp_path):
    renderer = FakeRenderer(tmp_path)
    app = make_app(tmp_path, renderer=renderer)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_item("a1000002", "editor")
        await settle(app, pilot)
        screen = app.screen
        first_pause = next(i for i, row in enumerate(screen.rows) if row.kind == "pause")
        table = screen.query_one("#script-table", DataTable)
        table.focus()
        table.move_cursor(row=first_pause)
        await pilot.press("enter")  # edit the selected row
        field = screen.query_one("#edit-field", Input)
        assert field.has_focus
        field.value = "7.5s"
        await pilot.press("enter")
        await pilot.press("plus")  # nudge +0.5s
        assert screen.dirty
        await pilot.press("r")  # save, then render
        await settle(app, pilot)
        assert not screen.dirty and renderer.calls == ["a1000002"]
        assert "Rendered" in str(screen.query_one("#editor-status").render())
    with Library() as lib:
        pauses = lib.get("a1000002").parsed().pauses
        assert pauses[0].seconds == 8.0


async def test_editor_moves_lines_and_shows_validation_inline(seeded, tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, table = await open_editor(app, pilot, "a1000001", row=1)
        first = screen.script.lines[0].text
        await pilot.press("J")  # the line swaps with the pause below it; the cursor follows it
        assert screen.script.sections[0].items[1].text == first and table.cursor_row == 2
        await pilot.press("enter")
        screen.query_one("#edit-field", Input).value = "You will never fail"
        await pilot.press("enter")
        assert screen.issues and "!" in str(table.get_row_at(2)[0])
        assert "issue" in str(screen.query_one("#issues").render())


async def test_play_and_stop_with_a_fake_audio_device(seeded, tmp_path):
    audio = FakeAudio()
    renderer = FakeRenderer(tmp_path)
    app = make_app(tmp_path, audio=audio, renderer=renderer)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_item("a1000001", "player")
        await settle(app, pilot)
        screen = app.screen
        assert "Not rendered" in str(screen.query_one("#player-notice").render())
        await pilot.press("r")
        await settle(app, pilot)
        assert screen.asset is not None and screen.timeline
        await pilot.press("space")
        await settle(app, pilot)
        playback = audio.playbacks[-1]
        assert screen.playback is playback and playback.volume == 0.8
        playback.advance(4.0)
        screen.tick()
        speech = next(e for e in screen.timeline if e.kind == "speech" and e.start <= 4.0 < e.end)
        assert screen.current_key == speech.key
        assert speech.text in str(screen.query_one("#now-line").render())
        await pilot.press("right")
        assert playback.position == 19.0
        await pilot.press("space")
        assert playback.paused
        await pilot.press("minus", "l", "t")
        assert playback.volume == 0.7 and screen.loop and screen.sleep_minutes == 5
        await pilot.press("x")
        await settle(app, pilot)
        assert playback.stopped and screen.playback is None
    with Library() as lib:
        logged = lib.practice_history("a1000001", limit=1)[0]
        assert logged["seconds"] == 19.0


async def test_player_without_an_audio_device_says_so(seeded, tmp_path):
    app = make_app(tmp_path, audio=FakeAudio(device=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_item("a1000003", "player")
        await settle(app, pilot)
        assert "No audio here" in str(app.screen.query_one("#player-notice").render())
        await pilot.press("space")
        assert app.screen.playback is None


async def test_practice_screen_after_logged_sessions(seeded, tmp_path):
    app = make_app(tmp_path, start="practice")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert "6 days" in str(screen.query_one("#streak").render())
        assert "Bold Steps" in str(screen.query_one("#suggestion").render())  # a morning ritual at 09:30
        top = screen.query_one("#top-items", DataTable)
        assert top.get_row_at(0)[1] == "4"
        await pilot.press("p")
        await settle(app, pilot)
        assert app.current_mode == "player" and app.item_id == "a1000003"


async def test_settings_write_defaults_through_config(tmp_path):
    from engine import config

    app = make_app(tmp_path, start="settings")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#default-ambience").value = "rain"
        await settle(app, pilot)
        assert config.load()["audio"]["ambience"] == "rain"
        assert "not set" in str(app.screen.query_one("#keys", DataTable).get_row_at(0)[1])


async def test_help_theme_palette_and_quit(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
        for key, mode in (("f3", "create"), ("f6", "practice"), ("f7", "settings"), ("f2", "library")):
            await pilot.press(key)
            assert app.current_mode == mode
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_keys_can_be_remapped_in_config(tmp_path):
    from test_studio_support import CONFIG

    app = make_app(tmp_path, config={**CONFIG, "studio": {"keys": {"app.practice": "f6,f9"}}})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f9")
        assert app.current_mode == "practice"


def test_draft_operations():
    from engine.script import Line, Pause, Script, Section

    script = Script({"title": "T"}, [Section("A", [Line("I am calm"), Pause(2.0), Line("I rest")])])
    rows = draft.rows(script)
    assert [r.kind for r in rows] == ["section", "line", "pause", "line"]
    draft.set_pause(script, rows[2], draft.parse_seconds("500ms"))
    assert script.sections[0].items[1] == Pause(0.5)
    assert draft.move(script, rows[3], -1) == 1
    assert draft.nudge_pause(script, draft.rows(script)[3], 1.0) == 1.5
    with pytest.raises(ValueError):
        draft.parse_seconds("0")


async def test_practice_shows_latest_sessions_and_sends_the_feed_to_a_phone(seeded, tmp_path):
    import feedparser
    import httpx

    app = make_app(tmp_path, start="practice")
    async with app.run_test(size=(120, 48)) as pilot:
        await settle(app, pilot)
        history = app.screen.query_one("#history", DataTable)
        assert history.row_count == 10 and history.get_row_at(0)[3] in ("done", "stopped")
        assert "to the end" in str(app.screen.query_one("#streak").render())
        await pilot.press("s")
        await settle(app, pilot)
        phone = app.screen
        assert type(phone).__name__ == "PhoneScreen"
        shown = str(phone.query_one("#phone-status").render())
        url = next(word for word in shown.split() if word.startswith("http://"))
        assert "█" in str(phone.query_one("#phone-qr").render())
        local = "http://127.0.0.1:" + url.split(":", 2)[2]  # the LAN address, reached from here
        answer = await asyncio.to_thread(httpx.get, local, timeout=10)
        assert answer.status_code == 200 and len(feedparser.parse(answer.content).entries) == 5
        await pilot.press("escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "PracticeScreen"
        with pytest.raises(httpx.TransportError):  # closing the dialog stopped the server
            await asyncio.to_thread(httpx.get, local, timeout=2)
