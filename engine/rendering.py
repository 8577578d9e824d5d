"""Library items to audio: render with the user's defaults, record the asset, find it for playback.

The audio engine (``engine.audio``) knows scripts and samples; this module connects it to the
library (assets, the creator's own recordings, practice logging).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from engine import config
from engine.errors import UsageError
from engine.library import Library
from engine.library.store import script_sha


def recordings_dir(item_id: str) -> Path:
    """Where the creator's own recordings of an item's lines live (one WAV per line key)."""
    from engine.library.files import recordings_path

    path = recordings_path(item_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def item_recordings(item_id: str) -> dict[str, Path]:
    """Line key (``"2.3"``: section 2, spoken line 3) -> WAV of the creator's voice."""
    return {p.stem: p for p in sorted(recordings_dir(item_id).glob("*.wav"))}


def render_item(
    lib: Library,
    item_id: str,
    *,
    voice: str | None = None,
    ambience: str | None = None,
    fmt: str | None = None,
    out: str | Path | None = None,
    bell: bool | None = None,
    on_progress: Callable[[str, float], Any] | None = None,
):
    """Render an item (creator recordings replace TTS for their lines) and record the asset."""
    from engine.audio import render_script
    from engine.audio.encode import output_format

    item = lib.get(item_id)
    audio = config.load()["audio"]
    out, fmt = output_format(out, fmt, audio.get("format") or "mp3")
    script = item.parsed()
    script.meta.setdefault("intent", item.intent)
    if item.pack_id:
        script.meta.setdefault("pack", lib.get_pack(item.pack_id)["title"])
    result = render_script(
        script,
        voice=voice or audio.get("voice") or None,
        ambience=ambience or audio.get("ambience") or None,
        fmt=fmt,
        out_path=out,
        bell=audio.get("bell", True) if bell is None else bell,
        recordings=item_recordings(item.id) or None,
        on_progress=on_progress,
    )
    lib.add_audio_asset(
        item.id, path=str(result.path), format=result.format, duration=result.duration,
        sample_rate=result.sample_rate, lufs=result.lufs, true_peak=result.true_peak_db,
        voice=result.voice, ambience=result.ambience, cache_keys=list(result.cache_keys),
        timeline=json.dumps([asdict(e) for e in result.timeline]), script_sha=script_sha(item.script),
    )
    return result


def latest_asset(lib: Library, item_id: str) -> dict[str, Any] | None:
    """The newest rendered file of an item that still exists on disk."""
    for asset in lib.audio_assets(item_id):
        if Path(asset["path"]).is_file():
            return asset
    return None


def asset_timeline(asset: dict[str, Any]) -> list:
    """The asset's timeline as :class:`engine.audio.TimelineEvent` objects."""
    from engine.audio import TimelineEvent

    return [TimelineEvent(**event) for event in json.loads(asset.get("timeline") or "[]")]


def section_start(timeline: list, section: str) -> float:
    """Start time of the first section whose name starts with ``section`` (case-insensitive)."""
    wanted = section.strip().lower()
    names = []
    for event in timeline:
        if event.section and event.section not in names:
            names.append(event.section)
        if event.section.lower().startswith(wanted) and event.kind in ("speech", "pause", "gap"):
            return event.start
    for event in timeline:
        if re.fullmatch(r"\d+", wanted) and event.section_index == int(wanted) - 1:
            return event.start
    raise UsageError(f"no section {section!r}: choose one of {', '.join(names) or 'none'}")
