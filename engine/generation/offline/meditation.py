"""Guided meditations: six sections from the phrase banks, paced to the requested length."""

from __future__ import annotations

import random
from typing import Any

from engine.content import rules
from engine.generation.offline import bank, pacing
from engine.generation.offline.extract import Situation
from engine.script import Line, Script

# Share of the session spoken aloud, by length in minutes (the rest is silence).
SPOKEN = [(1, 0.55), (3, 0.5), (5, 0.45), (10, 0.38), (20, 0.3), (30, 0.24), (45, 0.19), (60, 0.15)]
SHARES = {"Arrival": 0.12, "Breath": 0.15, "Body": 0.16, "Practice": 0.37, "Integration": 0.12,
          "Return": 0.08}
WEIGHTS = {"Arrival": 1.0, "Breath": 1.6, "Body": 1.4, "Practice": 2.2, "Integration": 2.0, "Return": 0.8}
WORDS_PER_LINE = 9


def spoken_share(minutes: float) -> float:
    """Linear interpolation in :data:`SPOKEN`."""
    for (m0, s0), (m1, s1) in zip(SPOKEN, SPOKEN[1:], strict=False):
        if minutes <= m1:
            return s0 + (s1 - s0) * (max(minutes, m0) - m0) / (m1 - m0)
    return SPOKEN[-1][1]


def _words(text: str) -> int:
    return Line(text).words


def _ok(text: str | None) -> bool:
    return bool(text) and not rules.medical_claim(text)


def _groups(beats: list[list[str]]) -> list[list[list[str]]]:
    """Beats whose first variant starts with ``+`` stay glued to the beat before them."""
    groups: list[list[list[str]]] = []
    for beat in beats:
        if beat and beat[0].startswith("+ ") and groups:
            groups[-1].append([variant.removeprefix("+ ") for variant in beat])
        else:
            groups.append(list(beat))
            groups[-1] = [list(beat)]
    return groups


def pick_beats(rng: random.Random, beats: list[list[str]], budget: float, values: dict) -> list[str]:
    """A seeded, order-keeping selection of beats (glued groups whole) within ``budget`` words."""
    rendered: list[list[str]] = []
    for group in _groups(beats):
        texts = [bank.render_any(rng, variants, values) for variants in group]
        rendered.append([t for t in texts if _ok(t)] if all(_ok(t) for t in texts) else [])
    order = [i for i, texts in enumerate(rendered) if texts]
    rng.shuffle(order)
    chosen, used = set(), 0
    for i in order:
        size = sum(_words(t) for t in rendered[i])
        if used + size <= budget:
            chosen.add(i)
            used += size
    return [text for i in sorted(chosen) for text in rendered[i]]


def with_interludes(rng: random.Random, lines: list[str], budget: float) -> list[str]:
    """Weave wandering-mind reminders between ``lines`` while ``budget`` words remain."""
    pool = list(bank.load("meditation")["interludes"]["lines"])
    rng.shuffle(pool)
    extra: list[str] = []
    for text in pool:
        if _words(text) > budget:
            break
        extra.append(text)
        budget -= _words(text)
    if not extra:
        return lines
    out, step = list(lines), max(1, len(lines) // (len(extra) + 1))
    for n, text in enumerate(extra, start=1):
        out.insert(min(n * step + n - 1, len(out)), text)
    return out


def part(rng: random.Random, data: dict, budget: float, values: dict, *, personal: bool = True) -> list[str]:
    """open, then a personal line, then beats, then close, within about ``budget`` words."""
    opening = bank.render_any(rng, data["open"], values) or data["open"][0]
    lines, used = [opening], _words(opening)
    if personal and data.get("personal"):
        named = [v for v in data["personal"] if "name" in v] if values.get("name") else []
        text = bank.render_any(rng, named or data["personal"], values)
        if _ok(text) and used + _words(text) <= budget * 1.3:
            lines.append(text)
            used += _words(text)
    closing = bank.render_any(rng, data.get("close", []), values) if data.get("close") else None
    room = budget - used - (_words(closing) if closing else 0)
    lines += pick_beats(rng, data.get("beats", []), room, values)
    if closing and (len(lines) > 1 or used + _words(closing) <= budget):
        lines.append(closing)
    return lines


def body_parts(rng: random.Random, frames: list[str], parts: list[str], budget: float) -> list[str]:
    """Lines moving through ``parts`` in order, as many as ``budget`` words allow (evenly spaced)."""
    count = min(len(parts), int(budget // WORDS_PER_LINE))
    if count <= 0:
        return []
    picks = sorted({round(i * (len(parts) - 1) / max(count - 1, 1)) for i in range(count)})
    order = list(frames)
    rng.shuffle(order)
    return [bank.render(order[n % len(order)], {"part": parts[i]}) or parts[i] for n, i in enumerate(picks)]


def practice(rng: random.Random, technique: str, budget: float, values: dict) -> list[str]:
    """The technique's core practice, growing with the budget (and reminders for long sessions)."""
    bank_data = bank.load("meditation")
    data = bank_data["practice"][technique]
    lines: list[str] = []
    intro = bank_data["practice_intro"][technique][0]
    if budget >= 40:
        lines.append(intro)
    opening = bank.render_any(rng, data["open"], values) or intro
    lines.append(opening)
    closing = bank.render_any(rng, data["close"], values)
    room = budget - sum(_words(t) for t in lines) - _words(closing or "")
    core: list[str] = []
    if technique == "body-scan":
        core = body_parts(rng, data["frames"], data["parts"], room)
    elif technique == "loving-kindness":
        circles = data["circles"]
        core = [circles[0][1]]
        room -= _words(circles[0][1])
        others = circles[1:]
        per_circle = sum(_words(c[1]) for c in others) / len(others) + 8
        keep = min(len(others), int(room // per_circle))
        for who, wish in (others[:keep - 1] + others[-1:]) if keep else []:
            core += [bank.render(rng.choice(data["frames"]), {"who": who}) or who, wish]
        room -= sum(_words(t) for t in core)
        beats = pick_beats(rng, data["beats"], room, values)
        for n, text in enumerate(beats):  # one reflection after each circle
            core.insert(min(2 + n * 3, len(core)), text)
    else:
        core = pick_beats(rng, data["beats"], room, values)
    room = budget - sum(_words(t) for t in lines + core) - _words(closing or "")
    if room > WORDS_PER_LINE * 2:
        core = with_interludes(rng, core, room)
    lines += core
    if closing:
        lines.append(closing)
    return lines


def _trim(sections: dict[str, list[str]], target: float) -> None:
    """Last resort for very short sessions: drop middle lines until every pause has room."""
    def over() -> bool:
        lines = [Line(text) for texts in sections.values() for text in texts]
        return pacing.speech_seconds(lines) + pacing.MIN_PAUSE * len(lines) > target * 0.97

    while over():
        name = max(sections, key=lambda key: (len(sections[key]), key))
        texts = sections[name]
        if len(texts) <= 1:
            break
        middle = texts[1:-1] or texts[1:]
        texts.remove(max(middle, key=_words))


def title(rng: random.Random, sit: Situation, technique: str, minutes: float) -> str:
    data = bank.load("meditation")["titles"]
    quality = rng.choice(bank.themes()[sit.theme]["qualities"])
    values = {"quality": quality, "technique": data["names"][technique], "minutes": f"{minutes:g}"}
    return bank.render_any(rng, data["patterns"], values) or quality


def compose(rng: random.Random, sit: Situation, minutes: float, technique: str) -> Script:
    """A meditation of ``minutes`` (±0.1 s by the pacing plan) with ``technique`` at its core."""
    theme = bank.themes()[sit.theme]
    values: dict[str, Any] = {
        **sit.values(person=2),
        "focus": theme["focus"],
        "image": rng.choice(theme["images"]),
    }
    data = bank.load("meditation")
    sleep = technique == "sleep"
    target = minutes * 60.0
    scale = 1.0
    for _ in range(6):
        words = spoken_share(minutes) * target * pacing.WPM / 60.0 * scale
        budget = {name: words * share for name, share in SHARES.items()}
        body_data = data["body"]
        if technique == "body-scan":
            body = part(rng, {"open": body_data["open"], "close": body_data["close"]}, budget["Body"], values)
        else:
            body = [bank.render_any(rng, body_data["open"], values) or body_data["open"][0]]
            closing = rng.choice(body_data["close"])
            room = budget["Body"] - _words(body[0]) - _words(closing)
            body += body_parts(rng, body_data["frames"], body_data["parts"], room) + [closing]
        sections = {
            "Arrival": part(rng, data["arrival"], budget["Arrival"], values),
            "Breath": part(rng, data["breath"], budget["Breath"], values),
            "Body": body,
            "Practice": practice(rng, technique, budget["Practice"], values),
            "Integration": part(rng, data["integration_sleep" if sleep else "integration"],
                                budget["Integration"], values),
            "Return": part(rng, data["return_sleep" if sleep else "return"], budget["Return"], values),
        }
        lines = [Line(text) for texts in sections.values() for text in texts]
        if pacing.speech_seconds(lines) <= 0.72 * target:
            break
        scale *= 0.8
    _trim(sections, target)
    plan = []
    for name, texts in sections.items():
        weights = [WEIGHTS[name] * (0.6 + min(_words(text), 16) / 20) for text in texts]
        if name == "Practice":
            weights[-1] *= 3
        if name == "Integration":
            weights[-1] *= 2
        if name == "Return" and sleep:
            weights = [2.0] * len(texts)
            weights[-1] = 8.0
        plan.append((name, [(Line(text, direction="softly" if sleep else None), w)
                            for text, w in zip(texts, weights, strict=True)]))
    meta = {
        "type": "meditation",
        "title": title(rng, sit, technique, minutes),
        "intent": sit.intent,
        "minutes": f"{minutes:g}",
        "technique": technique,
    }
    return Script(meta, pacing.fill(plan, target))
