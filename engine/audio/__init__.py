"""The audio engine: script -> timeline -> mixed, loudness-normalised, tagged file; playback.

Heavy libraries load on first use. Public API::

    from engine.audio import render_script, RenderResult, TimelineEvent, build_timeline, event_at
    result = render_script(script, voice="espeak:en-us+f3", ambience="rain", fmt="mp3")
    result.path, result.duration, result.lufs, result.true_peak_db, result.timeline

    from engine.audio import play, Playback, record_line          # sounddevice, lazily
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "render_script": "render",
    "mixdown": "render",
    "RenderResult": "render",
    "Mixdown": "render",
    "default_out_path": "render",
    "target_seconds_for": "render",
    "TimelineEvent": "timeline",
    "Pacing": "timeline",
    "build_timeline": "timeline",
    "event_at": "timeline",
    "line_key": "timeline",
    "speech_events": "timeline",
    "longest_silence": "timeline",
    "AMBIENCES": "ambience",
    "bed": "ambience",
    "bell": "ambience",
    "FORMATS": "encode",
    "encode": "encode",
    "decode_file": "encode",
    "encode_measured": "finish",
    "Tags": "tags",
    "tags_for": "tags",
    "read_tags": "tags",
    "write_tags": "tags",
    "integrated_lufs": "loudness",
    "true_peak_db": "loudness",
    "TARGET_LUFS": "loudness",
    "play": "player",
    "Playback": "player",
    "record_line": "player",
    "output_devices": "player",
    "check_playback": "player",
    "check_recording": "player",
}
AMBIENCE_NAMES = ("none", "brown", "pink", "rain", "drone")
FORMAT_NAMES = ("mp3", "ogg", "opus", "wav", "flac")


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"engine.audio.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'engine.audio' has no attribute {name!r}")


__all__ = [*_LAZY, "AMBIENCE_NAMES", "FORMAT_NAMES"]
