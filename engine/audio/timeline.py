"""Script -> timeline: when each line is spoken, where every pause, gap and bell sits.

The timeline is public: a player highlights the current line by finding the event whose
``start <= position < end`` (see :func:`event_at`).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from engine.script import Line, Pause, Script


@dataclass(frozen=True)
class Pacing:
    """Default silences (seconds) where the script does not say; explicit pauses are always exact."""

    line_gap: float = 1.2
    section_gap: float = 2.5
    repeat_gap: float = 1.5
    lead_in: float = 1.5
    tail: float = 2.0
    bell_seconds: float = 6.0  # length of the bell sound
    bell_lead: float = 3.0  # start bell -> first silence (the bell rings on under it)


@dataclass
class TimelineEvent:
    """One stretch of the render. ``kind`` is ``speech``, ``pause``, ``gap`` or ``bell``.

    Speech events carry the line ``text``, its ``key`` (see :func:`line_key`) and which
    ``repeat`` (0-based) it is; ``section`` names the section it belongs to.
    """

    kind: str
    start: float
    end: float
    section: str = ""
    section_index: int = -1
    text: str = ""
    key: str = ""
    repeat: int = 0
    flexible: bool = False

    @property
    def duration(self) -> float:
        return self.end - self.start


def line_key(section_index: int, line_index: int) -> str:
    """Key of a line for ``recordings``: ``"<section>.<line>"``, both 1-based, counting lines only."""
    return f"{section_index + 1}.{line_index + 1}"


@dataclass
class _Slot:
    kind: str
    seconds: float
    section: str
    section_index: int
    text: str = ""
    key: str = ""
    repeat: int = 0
    flexible: bool = False
    line: Line | None = None


def _slots(script: Script, durations: Callable[[str, Line], float], pacing: Pacing) -> list[_Slot]:
    """Flatten the script into spoken slots and silence slots (before pacing)."""
    units: list[_Slot] = []
    pending: list[_Slot] = []  # pauses seen since the last spoken unit
    last_section = -1
    for s_index, section in enumerate(script.sections):
        line_index = 0
        for item in section.items:
            if isinstance(item, Pause):
                pending.append(_Slot("pause", item.seconds, section.name, s_index, flexible=item.flexible))
                continue
            assert isinstance(item, Line)
            key = line_key(s_index, line_index)
            line_index += 1
            seconds = durations(key, item)
            for rep in range(item.repeat):
                if pending:
                    units.extend(pending)
                    pending = []
                elif units:
                    crossing = s_index != last_section
                    gap = pacing.repeat_gap if rep else (pacing.section_gap if crossing else pacing.line_gap)
                    units.append(_Slot("gap", gap, section.name, s_index))
                else:
                    units.append(_Slot("gap", pacing.lead_in, section.name, s_index))
                units.append(_Slot("speech", seconds, section.name, s_index, item.text, key, rep, line=item))
                last_section = s_index
    if pending:
        units.extend(pending)
    elif units:
        units.append(_Slot("gap", pacing.tail, units[-1].section, units[-1].section_index))
    return units


def _fit(slots: list[_Slot], target: float, fixed: float) -> None:
    """Stretch (or shrink) silences so the total is ``target``: flexible pauses first, else all
    pauses in proportion, else the default gaps. Shrinking stops at a quarter of each silence."""
    total = fixed + sum(s.seconds for s in slots)
    extra = target - total
    if abs(extra) < 1e-6:
        return
    for pick in (
        lambda s: s.kind == "pause" and s.flexible,
        lambda s: s.kind == "pause",
        lambda s: s.kind == "gap",
    ):
        chosen = [s for s in slots if pick(s)]
        if chosen:
            break
    else:
        return
    room = sum(s.seconds for s in chosen)
    if room <= 0:
        return
    factor = max(0.25, 1.0 + extra / room)
    for s in chosen:
        s.seconds *= factor


def build_timeline(
    script: Script,
    durations: Callable[[str, Line], float],
    *,
    bell: bool = True,
    pacing: Pacing | None = None,
    target_seconds: float | None = None,
) -> list[TimelineEvent]:
    """Lay ``script`` out in time. ``durations(key, line)`` gives each spoken line's length.

    With ``target_seconds`` (a meditation's ``minutes``), silences are stretched to land on it.
    """
    pacing = pacing or Pacing()
    slots = _slots(script, durations, pacing)
    bells = (pacing.bell_lead + pacing.bell_seconds) if bell and slots else 0.0
    if target_seconds:
        _fit(slots, target_seconds, bells)
    events: list[TimelineEvent] = []
    t = 0.0
    first = slots[0] if slots else None
    if bell and first:
        events.append(TimelineEvent("bell", 0.0, pacing.bell_lead, first.section, first.section_index))
        t = pacing.bell_lead
    for s in slots:
        events.append(
            TimelineEvent(
                s.kind, t, t + s.seconds, s.section, s.section_index, s.text, s.key, s.repeat, s.flexible
            )
        )
        t += s.seconds
    if bell and first:
        last = slots[-1]
        events.append(TimelineEvent("bell", t, t + pacing.bell_seconds, last.section, last.section_index))
    return events


def total_seconds(events: list[TimelineEvent]) -> float:
    return events[-1].end if events else 0.0


def event_at(events: list[TimelineEvent], position: float) -> TimelineEvent | None:
    """The event playing at ``position`` seconds (for highlighting the current line)."""
    starts = [e.start for e in events]
    i = bisect.bisect_right(starts, position) - 1
    if 0 <= i < len(events) and events[i].start <= position < events[i].end:
        return events[i]
    return None


def speech_events(events: list[TimelineEvent]) -> list[TimelineEvent]:
    return [e for e in events if e.kind == "speech"]
