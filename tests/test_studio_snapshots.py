"""Snapshots of every Studio screen at 80x24 and 120x40 (fixed data, fixed clock, no cursor blink).

Update the baselines with ``pytest tests/test_studio_snapshots.py --snapshot-update`` and look at them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("pytest_textual_snapshot")

from test_studio_support import FakeAudio, fake_asset, make_app, seed_library  # noqa: E402

from engine.library import Library  # noqa: E402

SIZES = [(80, 24), (120, 40)]
HOME = Path("/tmp/waqup-studio-snapshots/home")  # fixed: the Settings screen shows the data folder


@pytest.fixture
def snap_home(monkeypatch):
    shutil.rmtree(HOME.parent, ignore_errors=True)
    HOME.mkdir(parents=True)
    monkeypatch.setenv("WAQUP_HOME", str(HOME))
    with Library() as lib:
        seed_library(lib)
        fake_asset(lib, "a1000002", HOME)
    yield HOME
    shutil.rmtree(HOME.parent, ignore_errors=True)


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def go(mode: str, item_id: str | None = None, then=None):
    async def run_before(pilot) -> None:
        await settle(pilot)
        if item_id:
            pilot.app.open_item(item_id, mode)
        else:
            pilot.app.action_go(mode)
        await settle(pilot)
        if then is not None:
            await then(pilot)
            await settle(pilot)
    return run_before


async def say_intent(pilot) -> None:
    pilot.app.screen.query_one("#say").value = "I want to feel calm before my exams"
    await pilot.press("enter")


async def play_a_little(pilot) -> None:
    await pilot.press("space")
    await settle(pilot)
    screen = pilot.app.screen
    screen.playback.advance(12.0)
    screen.tick()


async def search_sleep(pilot) -> None:
    await pilot.press(*"sleep")


CASES = {
    "library": go("library"),
    "library_search": go("library", then=search_sleep),
    "create": go("create", then=say_intent),
    "editor": go("editor", "a1000001"),
    "player": go("player", "a1000002", then=play_a_little),
    "practice": go("practice"),
    "settings": go("settings"),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(CASES))
def test_screen_snapshot(screen, size, snap_home, snap_compare, tmp_path):
    app = make_app(tmp_path, audio=FakeAudio())
    assert snap_compare(app, terminal_size=size, run_before=CASES[screen])
