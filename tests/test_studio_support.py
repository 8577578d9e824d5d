"""Shared pieces of the Studio tests: fixed data, a fixed clock and fakes passed through the front door.

(No tests here; pytest collects nothing from this module.)
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

NOW = datetime(2026, 3, 15, 9, 30, tzinfo=UTC)
CONFIG = {"conversation": {"keep_transcript": False, "remember_profile": False}, "credits": {"budget": None},
          "prices": {}, "audio": {"voice": "", "ambience": "none", "format": "wav", "bell": False},
          "text": {"provider": "offline", "model": ""}}
SCRIPTS = {  # fixed scripts, so the snapshots do not move when a provider changes
    "a1000001": ("affirmation", "Calm, Before Exams", "calm before exams", "exams calm", 1, {"Affirmations": [
        "My mind feels rested, alert and ready.", 2, "Before exams, I remember what I am capable of.", 2,
        "I meet this moment one breath at a time.", 2, "I give myself time to feel calm.", 2,
        "My calm grows stronger every time I practise.", 2]}),
    "a1000002": ("meditation", "Softly Into Sleep", "sleep deeply tonight", "sleep", 2, {
        "Arrival": ["{softly} Welcome to this time for yourself.", 3, "Let the day be done now.", 4],
        "Breath": ["Let the breath slow down on its own.", 5, "Each out-breath a little longer.", 6],
        "Body": ["Let your shoulders soften.", 5, "Feel the bed holding your weight.", 6],
        "Practice": ["Rest in the quiet between breaths.", 20],
        "Integration": ["Nothing to do, nowhere to be.", 10],
        "Return": ["Drift gently into sleep.", 15]}),
    "a1000003": ("ritual", "Bold Steps: A Morning Ritual", "confident mornings", "morning confidence", 3, {
        "Intention": ["This morning I choose to show up with confidence.", 2],
        "Identity": ["I am someone who speaks up.", 2], "Anchor": ["After my first coffee, I pause.", 2],
        "Embodiment": ["I stand tall and breathe.", 3], "Affirmations": ["I trust my voice.", 2],
        "Commitment": ["Today I take one bold step.", 2]}),
    "a1000004": ("affirmation", "Heart to Heart", "patience with my kids", "family", 4, {"Affirmations": [
        "I meet my children with patience.", 2, "I breathe before I answer.", 2, "I am a calm presence at home.",
        2]}),
    "a1000005": ("meditation", "Confident at Work", "focus at work", "focus work", 5, {
        "Arrival": ["Welcome to this time for yourself.", 2], "Breath": ["Let your attention rest on the breath.", 4],
        "Body": ["Feel your feet on the floor.", 3], "Practice": ["Return to the breath each time you drift.", 8],
        "Integration": ["Notice how steady you feel.", 4], "Return": ["Open your eyes, ready to work.", 2]}),
}


def clock() -> datetime:
    return NOW


def seed_library(lib: Any, practice: bool = True) -> list[str]:
    """Five fixed items (fixed ids, dates and scripts) and, optionally, a few weeks of practice."""
    from engine.script import Pause, Script, Section, dumps

    rows, tags = [], []
    for item_id, (kind, title, intent, tag_text, day, sections) in SCRIPTS.items():
        script = Script({"type": kind, "title": title, "intent": intent}, [
            Section(name, [Pause(float(x)) if isinstance(x, int) else _line(x) for x in items])
            for name, items in sections.items()])
        stamp = f"2026-03-{day:02d}T08:00:00+00:00"
        rows.append({"id": item_id, "type": kind, "title": title, "intent": intent, "context": "",
                     "script": dumps(script), "params": json.dumps({"type": kind, "intent": intent,
                                                       **({"time_of_day": "morning"} if kind == "ritual" else {})}),
                     "tags": tag_text, "pack_id": None, "provider": "offline", "model": "offline-1", "seed": day,
                     "created": stamp, "updated": stamp})
        tags += [{"item_id": item_id, "tag": t} for t in tag_text.split()]
    with lib.transaction():
        lib.db["items"].insert_all(rows)
        lib.db["item_tags"].insert_all(tags)
    if practice:
        log_practice_days(lib)
    return [r["id"] for r in rows]


def _line(text: str) -> Any:
    from engine.script import Line

    if text.startswith("{"):
        direction, _, rest = text[1:].partition("} ")
        return Line(rest, direction)
    return Line(text)


def log_practice_days(lib: Any) -> None:
    """Practice on the 6 days up to NOW (a streak of 6) and a few scattered days before."""
    plan = [(0, "a1000001", 300), (1, "a1000002", 600), (2, "a1000001", 240), (3, "a1000003", 420),
            (4, "a1000001", 300), (5, "a1000005", 180), (9, "a1000002", 900), (16, "a1000004", 360),
            (23, "a1000001", 300), (30, "a1000002", 600)]
    for days_ago, item_id, seconds in plan:
        started = (NOW - timedelta(days=days_ago, hours=1)).isoformat(timespec="seconds")
        lib.log_practice(item_id, started=started, seconds=seconds, completed=True)


def fake_asset(lib: Any, item_id: str, folder: Path, line_seconds: float = 3.0) -> dict[str, Any]:
    """Record a rendered file (an empty placeholder) with a timeline laid out by the engine."""
    from engine.audio.timeline import build_timeline, total_seconds

    item = lib.get(item_id)
    timeline = build_timeline(item.parsed(), lambda key, line: line_seconds, bell=False)
    path = folder / f"{item_id}.wav"
    path.write_bytes(b"")
    return lib.add_audio_asset(item_id, path=str(path), format="wav", duration=total_seconds(timeline),
                               sample_rate=8000, timeline=json.dumps([asdict(e) for e in timeline]))


class FakePlayback:
    """Plays nothing; position moves only when the test says so (``advance``)."""

    def __init__(self, duration: float, start: float = 0.0) -> None:
        self.position, self.duration, self.volume = start, duration, 1.0
        self.paused = self.stopped = False

    @property
    def done(self) -> bool:
        return self.stopped or self.position >= self.duration

    def pause(self) -> None:
        self.paused = True

    def resume(self) -> None:
        self.paused = False

    def seek(self, seconds: float) -> None:
        self.position = seconds

    def stop(self) -> None:
        self.stopped = True

    def advance(self, seconds: float) -> None:
        self.position = min(self.duration, self.position + seconds)


class FakeAudio:
    """The Studio's audio backend, faked: ``device=False`` behaves like a machine with no sound card."""

    def __init__(self, device: bool = True, rate: int = 8000) -> None:
        self.device, self.rate = device, rate
        self.playbacks: list[FakePlayback] = []
        self.loaded: list[str] = []

    def check(self) -> str:
        from engine.errors import WaqupError

        if not self.device:
            raise WaqupError("no audio output device found; render to a file with `waqup render`")
        return "fake device"

    def load(self, path: Any) -> tuple[Any, int]:
        self.loaded.append(str(path))
        return [0.0] * (self.rate * 60), self.rate

    def start(self, samples: Any, sample_rate: int, start: float = 0.0) -> FakePlayback:
        playback = FakePlayback(len(samples) / sample_rate, start)
        self.playbacks.append(playback)
        return playback


class FakeRenderer:
    """Stands in for ``render_item``: records calls and stores an asset with a real timeline."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.calls = folder, []

    def __call__(self, lib: Any, item_id: str, *, voice: Any = None, ambience: Any = None,
                 on_progress: Any = None) -> Any:
        self.calls.append(item_id)
        if on_progress:
            on_progress("voice", 0.5)
            on_progress("done", 1.0)
        asset = fake_asset(lib, item_id, self.folder)
        return type("Result", (), {"duration": asset["duration"], "cache_hits": 0, "cache_misses": 1})()


def make_app(tmp_path: Path, **options: Any) -> Any:
    from waqup_cli.studio.app import StudioApp

    options.setdefault("audio", FakeAudio())
    options.setdefault("renderer", FakeRenderer(tmp_path))
    options.setdefault("clock", clock)
    options.setdefault("provider", "offline")
    options.setdefault("config", CONFIG)
    options.setdefault("cursor_blink", False)
    return StudioApp(**options)


async def settle(app: Any, pilot: Any) -> None:
    """Let the app's workers and pending messages finish: rounds until three in a row start no worker
    (workers post messages whose handlers may start more; a loaded machine needs more rounds, never a clock)."""
    quiet = 0
    for _ in range(60):
        await pilot.pause()
        busy = any(not worker.is_finished for worker in app.workers)
        await app.workers.wait_for_complete()
        quiet = 0 if busy else quiet + 1
        if quiet >= 3:
            break
    await pilot.pause()


async def open_editor(app: Any, pilot: Any, item_id: str, row: int) -> tuple[Any, Any]:
    """Open ``item_id`` in the script editor with the cursor on table ``row``: ``(screen, table)``."""
    from textual.widgets import DataTable

    await settle(app, pilot)
    app.open_item(item_id, "editor")
    await settle(app, pilot)
    screen = app.screen
    table = screen.query_one("#script-table", DataTable)
    table.focus()
    table.move_cursor(row=row)
    return screen, table
