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
    longest_silence: float | None = None  # most a stretched silence may last (None: by technique, length)


# The longest single silence stretching may make, by technique: (share of the target length, at most s).
# Guided techniques keep the voice near; a sleep session may leave long silences. Never under
# SHORTEST_CAP, nor under what the script wrote or a line asks for (see :func:`longest_silence`).
LONGEST_SILENCE: dict[str, tuple[float, float]] = {
    "breath": (0.07, 90.0),
    "body-scan": (0.05, 45.0),
    "visualisation": (0.06, 60.0),
    "loving-kindness": (0.06, 60.0),
    "grounding": (0.05, 45.0),
    "sleep": (0.10, 180.0),
}
DEFAULT_LONGEST = (0.06, 60.0)
SHORTEST_CAP = 12.0


def longest_silence(technique: str | None, target_seconds: float) -> float:
    """Most seconds one stretched silence may last in a ``target_seconds`` session of ``technique``:
    5 minutes of breath work 21 s, 20 minutes 84 s; 5 minutes of body scan 15 s; 30 minutes of sleep 180 s."""
    share, most = LONGEST_SILENCE.get(technique or "", DEFAULT_LONGEST)
    return min(most, max(SHORTEST_CAP, share * target_seconds))


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
    asks: float = 0.0  # a pause: the silence the line before it asks for ("rest here for a minute": 60)


def _slots(
    script: Script, durations: Callable[[str, Line], float], pacing: Pacing, asks: Callable[[str], float]
) -> list[_Slot]:
    """Flatten the script into spoken slots and silence slots (before pacing); ``asks(text)`` is the
    silence a line's instruction needs."""
    units: list[_Slot] = []
    pending: list[_Slot] = []  # pauses seen since the last spoken unit
    last_section = -1
    asked = 0.0
    for s_index, section in enumerate(script.sections):
        line_index = 0
        for item in section.items:
            if isinstance(item, Pause):
                pending.append(_Slot("pause", item.seconds, section.name, s_index, flexible=item.flexible,
                                     asks=asked))
                continue
            assert isinstance(item, Line)
            key = line_key(s_index, line_index)
            line_index += 1
            seconds = durations(key, item)
            asked = asks(item.text)
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


def _grow(slots: list[_Slot], extra: float, caps: dict[int, float]) -> float:
    """Lengthen ``slots`` in proportion to their seconds, none past its cap; returns the seconds left."""
    free = [s for s in slots if caps[id(s)] - s.seconds > 1e-9 and s.seconds > 0]
    while extra > 1e-9 and free:
        total = sum(s.seconds for s in free)
        full = [s for s in free if extra * s.seconds / total >= caps[id(s)] - s.seconds]
        if not full:
            for s in free:
                s.seconds += extra * s.seconds / total
            return 0.0
        for s in full:  # these reach their cap; the rest share what is left in the next round
            extra -= caps[id(s)] - s.seconds
            s.seconds = caps[id(s)]
            free.remove(s)
    return max(extra, 0.0)


def _fit(slots: list[_Slot], target: float, fixed: float, longest: float) -> None:
    """Stretch (or shrink) silences so the total is ``target``.

    Growing fills flexible pauses first, then the other pauses, then the default gaps, each in
    proportion to its length and none past ``longest`` (or what the script wrote there, or what the
    line before a pause asks for). Only if all are full do silences grow past that: first the pauses
    the script asks to be long (a flexible pause written longer than ``longest``, or one after a line
    like "rest here for a few minutes"), else all of them. Shrinking takes from the same tiers, each
    silence down to a quarter of its length at most.
    """
    extra = target - fixed - sum(s.seconds for s in slots)
    if abs(extra) < 1e-6:
        return
    tiers = [
        [s for s in slots if s.kind == "pause" and s.flexible],
        [s for s in slots if s.kind == "pause" and not s.flexible],
        [s for s in slots if s.kind == "gap"],
    ]
    if extra < 0:
        for tier in tiers:
            room = 0.75 * sum(s.seconds for s in tier)
            if room <= 0:
                continue
            take = min(-extra, room)
            factor = 1.0 - take / sum(s.seconds for s in tier)
            for s in tier:
                s.seconds *= factor
            extra += take
            if extra >= -1e-9:
                return
        return
    caps = {id(s): max(longest, s.seconds, s.asks) for s in slots}
    for tier in tiers:
        extra = _grow(tier, extra, caps)
    if extra <= 1e-9:
        return
    silences = [s for tier in tiers for s in tier]
    open_ = [s for s in tiers[0] + tiers[1] if s.asks >= longest or (s.flexible and s.seconds > longest)]
    _grow(open_ or silences, extra, {id(s): float("inf") for s in silences})


def build_timeline(
    script: Script,
    durations: Callable[[str, Line], float],
    *,
    bell: bool = True,
    pacing: Pacing | None = None,
    target_seconds: float | None = None,
) -> list[TimelineEvent]:
    """Lay ``script`` out in time. ``durations(key, line)`` gives each spoken line's length.

    With ``target_seconds`` (a meditation's ``minutes``), silences are stretched to land on it, no
    single one past :func:`longest_silence` for the script's technique unless the script asks for it
    (see :func:`_fit`).
    """
    from engine.content.craft import instruction_seconds, is_sleep_script

    pacing = pacing or Pacing()
    slots = _slots(script, durations, pacing, instruction_seconds)
    bells = (pacing.bell_lead + pacing.bell_seconds) if bell and slots else 0.0
    if target_seconds:
        technique = "sleep" if is_sleep_script(script) else script.meta.get("technique")
        longest = pacing.longest_silence or longest_silence(technique, target_seconds)
        _fit(slots, target_seconds, bells, longest)
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
