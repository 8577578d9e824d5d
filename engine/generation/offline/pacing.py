"""Pacing: share the silence a script needs among its pauses so it lands on a target length."""

from __future__ import annotations

from engine.script import Line, Pause, Section

WPM = 115.0
MAX_PAUSE = 600.0
MIN_PAUSE = 1.5
FLEXIBLE_FROM = 12.0  # pauses this long may be stretched by the audio renderer


def speech_seconds(lines: list[Line], wpm: float = WPM) -> float:
    return sum(line.words * line.repeat for line in lines) * 60.0 / wpm


def spread(
    silence: float, weights: list[float], low: float = MIN_PAUSE, high: float = MAX_PAUSE
) -> list[float]:
    """Split ``silence`` seconds in proportion to ``weights``, each share kept within ``low..high``."""
    shares = [0.0] * len(weights)
    free = list(range(len(weights)))
    remaining = silence
    while free:
        total = sum(weights[i] for i in free)
        clamped = False
        for i in list(free):
            share = remaining * weights[i] / total
            if share > high or share < low:
                shares[i] = high if share > high else low
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
    silence = max(target - speech_seconds(lines), MIN_PAUSE * len(weights))
    shares = [round(share, 1) for share in spread(silence, weights)]
    residual = round(silence - sum(shares), 1)
    if shares and residual:  # settle the rounding on the longest pause that has room
        order = sorted(range(len(shares)), key=lambda i: -shares[i])
        for i in order:
            if MIN_PAUSE <= shares[i] + residual <= MAX_PAUSE:
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
