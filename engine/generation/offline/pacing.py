"""Pacing: share the silence a script needs among its pauses so it lands on a target length."""

from __future__ import annotations

from engine.content.craft import PLANS_AHEAD, instruction_seconds
from engine.script import Line, Pause, Section

WPM = 115.0
MAX_PAUSE = 600.0
MIN_PAUSE = 1.5
FLEXIBLE_FROM = 12.0
  # pauses this long may be stretched by the audio renderer


def speech_seconds(lines: list[Line], wpm: float = WPM) -> float:
    return sum(line.words * line.repeat for line in lines) * 60.0 / wpm


def min_silence(lines: list[Line]) -> float:
    """The least silence ``lines`` can be paced with: each pause at least what its line's instruction needs."""
    return sum(max(MIN_PAUSE, instruction_seconds(line.text) + 0.05) for line in lines)


def spread(
    silence: float, weights: list[float], low: float | list[float] = MIN_PAUSE, high: float = MAX_PAUSE
) -> list[float]:
    """Split ``silence`` seconds in proportion to ``weights``, each share kept within its ``low..high``
    (``low`` may be one floor for all or a floor per share)."""
    lows = low if isinstance(low, list) else [low] * len(weights)
    shares = [0.0] * len(weights)
    free = list(range(len(weights)))
    remaining = silence
    while free:
        total = sum(weights[i] for i in free)
        clamped = False
        for i in list(free):
            share = remaining * weights[i] / total
            if share > high or share < lows[i]:
                shares[i] = high if share > high else lows[i]
                free.remove(i)
                remaining -= shares[i]
                clamped = True
        if not clamped:
            for i in free:
                shares[i] = remaining * weights[i] / total
            break
    return shares


def fill(plan: list[tuple[str, list[tuple[Line, float]]]], target: float) -> list[Section]:
    """Sections where every line is followed by a pause, the pauses sized so the whole plan
    (narration at :data:`WPM` plus silence) lasts ``target`` seconds, to a tenth of a second."""
    lines = [line for _, items in plan for line, _ in items]
    weights = [weight for _, items in plan for _, weight in items]
    lows = [max(MIN_PAUSE, round(instruction_seconds(line.text) + 0.05, 1)) if name not in PLANS_AHEAD
            else MIN_PAUSE for name, items in plan for line, _ in items]
    silence = max(target - speech_seconds(lines), sum(lows))
    shares = [round(share, 1) for share in spread(silence, weights, lows)]
    residual = round(silence - sum(shares), 1)
    if shares and residual:  # settle the rounding on the longest pause that has room
        order = sorted(range(len(shares)), key=lambda i: -shares[i])
        for i in order:
            if lows[i] <= shares[i] + residual <= MAX_PAUSE:
                shares[i] = round(shares[i] + residual, 1)
                break
    sections: list[Section] = []
    index = 0
    for name, items in plan:
        out: list[Line | Pause] = []
        for line, _ in items:
            seconds = shares[index]
            index += 1
            out.append(line)
            out.append(Pause(seconds, flexible=seconds >= FLEXIBLE_FROM))
        sections.append(Section(name, out))
    return sections
