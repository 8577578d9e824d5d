"""Guided meditations: six sections from the phrase banks, paced to the requested length."""

from __future__ import annotations

import random
import re
from functools import lru_cache
from typing import Any

from engine.content import craft, rules
from engine.generation.offline import affirmation, bank, pacing
from engine.generation.offline.extract import Situation
from engine.language.phrases import second_person
from engine.script import Line, Script

# Share of the session spoken aloud, by length in minutes (the rest is silence).
SPOKEN = [(1, 0.55), (3, 0.5), (5, 0.43), (10, 0.39), (20, 0.34), (30, 0.3), (45, 0.26), (60, 0.23)]
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


@lru_cache(maxsize=8192)
def _words(text: str) -> int:
    return Line(text).words


@lru_cache(maxsize=8192)
def _ok(text: str | None) -> bool:
    return bool(text) and not rules.medical_claim(text)


def _fits(text: str | None, values: dict) -> bool:
    """Usable here: no medical claim, and nothing of the day or of waking in a sleep session."""
    return _ok(text) and not (values.get("_sleep") and craft.DAYTIME.search(text or ""))


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


def _glue(values: dict, texts: list[str]) -> None:
    """Note which rendered line leans on the one before it ("When you get to ten ..." after the counting
    instruction), so a later trim keeps or drops them together."""
    glued = values.setdefault("_glued", {})
    for leader, follower in zip(texts, texts[1:], strict=False):
        glued[follower] = leader


def pick_beats(rng: random.Random, beats: list[list[str]], budget: float, values: dict) -> list[str]:
    """A seeded, order-keeping selection of beats (glued groups whole) within ``budget`` words."""
    rendered: list[list[str]] = []
    for group in _groups(beats):
        texts = [bank.render_any(rng, variants, values) for variants in group]
        rendered.append([t for t in texts if t] if all(_fits(t, values) for t in texts) else [])
        _glue(values, rendered[-1])
    order = [i for i, texts in enumerate(rendered) if texts]
    rng.shuffle(order)
    chosen, used = set(), 0
    for i in order:
        size = sum(_words(t) for t in rendered[i])
        if used + size <= budget:
            chosen.add(i)
            used += size
    return [text for i in sorted(chosen) for text in rendered[i]]


def stage_lines(rng: random.Random, stages: list[dict], budget: float, values: dict) -> list[list[str]]:
    """Rounds of the core practice within ``budget`` words, in their listed order.

    Each stage is ``{lines = [[variants], ...], priority = n}``: its first beat (with any ``+`` beats
    glued to it) opens the round and the rest deepen it; stages sharing a ``together`` name join or
    stay out as one, and a stage ``after`` one joins only if that one did. Stages join by priority (ties in seeded
    order) while their openings fit; the chosen stages then grow a beat at a time, in turn, so a
    longer budget brings more rounds and fuller rounds rather than more silence.
    """
    rendered: list[list[list[str]]] = []
    for stage in stages:
        groups = []
        for group in _groups(stage["lines"]):
            texts = [bank.render_any(rng, variants, values) for variants in group]
            groups.append([t for t in texts if t] if all(_fits(t, values) for t in texts) else [])
            _glue(values, groups[-1])
        rendered.append(groups)
    ready = [i for i, groups in enumerate(rendered) if groups and groups[0]]
    # stages with one `together` name join as one (the counted senses of 5-4-3-2-1: see, touch, hear):
    # all of their openings, or none of them
    units: dict[object, list[int]] = {}
    for i in ready:
        units.setdefault(stages[i].get("together", i), []).append(i)
    rank = {key: (min(stages[i].get("priority", 2) for i in members), rng.random()) for key, members in units.items()}
    chosen: dict[int, list[int]] = {}
    used = 0
    for key in sorted(units, key=rank.__getitem__):
        size = sum(_words(t) for i in units[key] for t in rendered[i][0])
        follows = {stages[i]["after"] for i in units[key] if stages[i].get("after")}
        if follows and not follows <= {stages[i].get("together") for i in chosen}:
            continue  # "two things you can smell" only after the five, four and three
        if used + size <= budget:
            chosen.update({i: [0] for i in units[key]})
            used += size
    queues = {}
    for i in chosen:
        rest = [g for g in range(1, len(rendered[i])) if rendered[i][g]]
        rng.shuffle(rest)
        queues[i] = rest
    growing = True
    while growing:
        growing = False
        for i in sorted(chosen):
            for g in list(queues[i]):
                size = sum(_words(t) for t in rendered[i][g])
                queues[i].remove(g)
                if used + size <= budget:
                    chosen[i].append(g)
                    used += size
                    growing = True
                    break
    out: list[list[str]] = []
    for n, i in enumerate(sorted(chosen)):
        texts = [t for g in sorted(chosen[i]) for t in rendered[i][g]]
        previous = sorted(chosen)[n - 1] if n else None
        if previous is not None and stages[i].get("together") and \
                stages[i].get("together") == stages[previous].get("together"):
            out[-1] += texts  # one round: nothing is said between "five things you see" and "four you feel"
        else:
            out.append(texts)
    return out


def interleave(rng: random.Random, rounds: list[list[str]], budget: float, pool: list[str],
               first: list[str] = (), must: str | None = None) -> list[str]:
    """``rounds`` flattened, with lines from ``first`` (the theme's own) and then resting reminders from
    ``pool`` placed between rounds while ``budget`` lasts; ``must`` (a line about the person's own
    situation) goes in the middle gap whatever the budget, never inside a round."""
    if must:
        middle = max(1, len(rounds) // 2)
        rounds = [[t for r in rounds[:middle] for t in r] + [must], *rounds[middle:]] if rounds else [[must]]
    mine, options = list(first), list(pool)
    rng.shuffle(mine)
    rng.shuffle(options)
    extra: list[str] = []
    if mine and rounds and not any(_words(t) <= budget for t in mine):  # the theme speaks at least once
        extra.append(min(mine, key=_words))
        budget = 0
    for text in mine + options:
        if text not in extra and _words(text) <= budget:
            extra.append(text)
            budget -= _words(text)
    gaps = max(1, len(rounds) - 1)
    slots: list[list[str]] = [[] for _ in range(gaps)]
    for n, text in enumerate(extra):  # spread evenly over the gaps
        slots[min(gaps - 1, int((n + 0.5) * gaps / len(extra)))].append(text)
    out: list[str] = []
    for n, lines in enumerate(rounds):
        out += lines
        if n < gaps:
            out += slots[n]
    return out


def _own_turn(rng: random.Random, own: list[str] | None, values: dict, name: str) -> str | None:
    """The theme's own line for slot ``name`` in this take, of those usable here (:func:`bank.own_turn`)."""
    return bank.own_turn(rng, [t for t in own or [] if _fits(t, values)], name, values)


def part(rng: random.Random, data: dict, budget: float, values: dict, *, personal: bool = True,
         must_close: bool = False) -> list[str]:
    """open, then a personal line, then beats, then close, within about ``budget`` words; a theme's
    ``theme_open`` and ``theme_close`` lines join the general openings and closings in turn."""
    slot = data.get("slot", "")
    opening = (_own_turn(rng, data.get("theme_open"), values, f"{slot}open")
               or bank.render_any(rng, data["open"], values) or data["open"][0])
    lines, used = [opening], _words(opening)
    own = bank.rotated(rng, [t for t in data.get("theme", []) if _fits(t, values)])  # another take, other lines
    for n, text in enumerate(own[:2 if budget >= 60 else 1]):  # the theme's own lines first: one, two if room
        if used + _words(text) <= (max(budget, 12) if not n else budget * 0.75):
            lines.append(text)
            used += _words(text)
    if personal and data.get("personal"):
        named = [v for v in data["personal"] if "name" in v] if values.get("name") else []
        text = bank.render_any(rng, named or data["personal"], values)
        if _fits(text, values) and used + _words(text) <= budget * 1.3:
            lines.append(text)
            used += _words(text)
    closing = (_own_turn(rng, data.get("theme_close"), values, f"{slot}close")
               or (bank.render_any(rng, data["close"], values) if data.get("close") else None))
    room = budget - used - (_words(closing) if closing else 0)
    lines += pick_beats(rng, data.get("beats", []), room, values)
    if closing and (must_close or len(lines) > 1 or used + _words(closing) <= budget):
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


def practice(rng: random.Random, technique: str, budget: float, values: dict, own: list[str] = (),
             detail: str | None = None, own_close: list[str] = ()) -> list[str]:
    """The technique's core practice: rounds that grow with the budget, with the theme's ``own``
    reflections and resting reminders between them; it ends in the theme's words (``own_close``) in two
    takes of three."""
    bank_data = bank.load("meditation")
    data = bank_data["practice"][technique]
    intro = rng.choice(bank_data["practice_intro"][technique])
    lines = [intro] if budget >= 40 else []
    opening = bank.render_any(rng, data["open"], values)
    lines.append(opening if _ok(opening) else intro)
    closing = _own_turn(rng, list(own_close), values, "practice-close") or bank.render_any(rng, data["close"], values)
    room = budget - sum(_words(t) for t in lines) - _words(closing or "")
    own = [t for t in own if _fits(t, values)]
    # the rounds take most of the room, the theme's own reflections the rest (a technique whose core is
    # one long sequence, like grounding's five senses, keeps more for its rounds)
    rounds = stage_lines(rng, data["stages"], room * (data.get("rounds_share", 0.6) if own else 1.0), values)
    room -= sum(_words(t) for r in rounds for t in r)
    interludes = bank_data["interludes"]
    pool = interludes["sleep"] if values.get("_sleep") else interludes["lines"]
    pool = [t for t in pool if _fits(t, values)]
    lines += interleave(rng, rounds, room if room > WORDS_PER_LINE * 2 else 0, pool, own, detail)
    if closing and _fits(closing, values):
        lines.append(closing)
    return lines


def body(rng: random.Random, technique: str, budget: float, values: dict, own: list[str] = (),
         ends: dict | None = None) -> list[str]:
    """The body section: a short settling for body-scan (its practice does the scan), else a
    guided softening through the body, part by part, then the theme's ``own`` lines, then as a whole.
    ``ends`` holds the theme's own ``body_open`` and ``body_close`` lines, used in two takes of three."""
    data = bank.load("meditation")["body"]
    ends = ends or {}
    if technique == "body-scan":
        return part(rng, {"open": data["open"], "close": data["close"], "theme": own, "slot": "body-",
                          "theme_open": ends.get("body_open", []), "theme_close": ends.get("body_close", [])},
                    budget, values)
    lines = [_own_turn(rng, ends.get("body_open"), values, "body-open")
             or bank.render_any(rng, data["open"], values) or data["open"][0]]
    closing = _own_turn(rng, ends.get("body_close"), values, "body-close") or rng.choice(data["close"])
    mine = bank.rotated(rng, [t for t in own if _fits(t, values)])
    mine = mine[:2 if budget >= 45 else 1]  # the theme's own way into the body, after the parts
    room = budget - _words(lines[0]) - _words(closing) - sum(_words(t) for t in mine)
    lines += body_parts(rng, data["frames"], data["parts"], room) + mine
    room = budget - sum(_words(t) for t in lines) - _words(closing)
    return lines + pick_beats(rng, data["beats"], room, values) + [closing]


def _person_line(rng: random.Random, sit: Situation, table: dict, values: dict) -> str | None:
    """A line about the person the user named, when one of the request's themes knows how to say it."""
    from engine.language.phrases import second_person

    frames = next((table[name] for name in sit.themes if name in table),
                  None if values.get("_sleep") else table.get("anyone"))  # no one to picture at bedtime
    if not frames or not (sit.people or "pregnancy-loss" in sit.themes):
        return None
    person = second_person(sit.people[0]) if sit.people else ""
    text = bank.render_any(rng, frames, {**values, "person": person})
    return text if _fits(text, values) else None


def _detail_lines(rng: random.Random, frames: dict, values: dict) -> tuple[str | None, str | None]:
    """A line meeting the thing on their mind (for the core practice) and one naming the time they
    gave (for the Integration; at night only the small hours, as a time they may wake)."""
    sleep = values.get("_sleep")
    thing = bank.render_any(rng, frames["thing_sleep" if sleep else "thing"], values) if values.get("thing") else None
    when = values.get("when")
    if sleep:
        when = when if when and re.fullmatch(r"at (?:[1-4](?:[.:]\d\d)?am|midnight)", when) else None
    line = bank.render_any(rng, frames["when_sleep" if sleep else "when"], {**values, "when": when}) if when else None
    return (thing if _fits(thing, values) else None), (line if _fits(line, values) else None)


def _date_lines(rng: random.Random, frames: dict, values: dict) -> tuple[str | None, str | None]:
    """A line for the Arrival naming the month since which things changed, and one for the Integration
    naming a date still ahead or the time they give a practice (the date first)."""
    since = bank.render_any(rng, frames["since"], values) if values.get("since") else None
    key = "until" if values.get("until") else "span" if values.get("span") else None
    ahead = bank.render_any(rng, frames[key], values) if key else None
    return (since if _fits(since, values) else None), (ahead if _fits(ahead, values) else None)


def _distinct(sections: dict[str, list[str]]) -> None:
    """Drop any line already said earlier in the script (each section keeps at least one line)."""
    seen: set[str] = set()
    for texts in sections.values():
        keep = [t for t in texts if t.lower() not in seen] or texts[:1]
        seen.update(t.lower() for t in keep)
        texts[:] = keep


def _unit(texts: list[str], text: str, glued: dict[str, str]) -> list[str]:
    """``text`` with the lines glued to it: the line it leans on (and that one's), and every line after
    that leans on one of them. They are dropped together."""
    head = text
    while glued.get(head) in texts and texts.index(glued[head]) < texts.index(head):
        head = glued[head]
    members = [head]
    for other in texts[texts.index(head) + 1:]:
        if glued.get(other) in members:
            members.append(other)
    return members


def _trim(sections: dict[str, list[str]], target: float, keep: set[str] = frozenset(),
          glued: dict[str, str] | None = None) -> None:
    """Last resort for very short sessions: drop middle lines until every pause has room. A line glued
    to the one before it (``glued``: follower -> leader) goes with it, never on its own."""
    glued = glued or {}

    def over() -> bool:
        lines = [Line(text) for texts in sections.values() for text in texts]
        return pacing.speech_seconds(lines) + pacing.min_silence(lines) > target * 0.97

    def units(texts: list[str]) -> list[list[str]]:
        """What may go from one section: each middle line with the lines glued to it."""
        if len(texts) <= 1:
            return []
        middle = texts[1:-1] or texts[:1]
        middle = [t for t in middle if t not in keep] or middle  # their own details go last
        protected = {texts[0], texts[-1]} if len(texts) > 2 else {texts[-1]}
        found = []
        for text in middle:
            unit = _unit(texts, text, glued)
            if unit[0] in protected:  # a line that stays keeps what leans on it only if that can go alone
                unit = [] if text == unit[0] else unit[1:]
            unit = [t for t in unit if t not in protected]
            if unit:
                found.append(unit)
        return found

    while over():  # every section keeps its closing line (the Return's is how the session ends)
        options = [units(sections[name]) for name in sorted(sections, key=lambda key: (len(sections[key]), key),
                                                                  reverse=True)]
        options = next((found for found in options if found), None)
        if not options:
            break
        drop = max(options, key=lambda unit: sum(_words(t) for t in unit))
        for texts in sections.values():
            if drop[0] in texts:
                for text in drop:
                    texts.remove(text)
                break


def title(rng: random.Random, sit: Situation, technique: str, minutes: float) -> str:
    """A title from the theme's qualities and, when it reads well, the user's moment
    ("Calm Before Exams: A 10-Minute Breath Meditation")."""
    data = bank.load("meditation")["titles"]
    return affirmation.title(rng, sit, data, technique=data["names"][technique], minutes=f"{minutes:g}")


def compose(rng: random.Random, sit: Situation, minutes: float, technique: str) -> Script:
    """A meditation of ``minutes`` (±0.1 s by the pacing plan) with ``technique`` at its core.

    Every section draws lines up to its share of the spoken budget; whatever a section's bank
    cannot fill passes to the practice, so longer sessions say more before the silences grow.
    """
    theme = bank.themes()[sit.theme]
    # a request for the night is sleep-safe whatever the technique
    sleep = technique == "sleep" or sit.theme == "sleep" or craft.sleep_request(sit.intent)
    own = theme.get("meditation", {})
    images = (theme.get("night_images") or bank.themes()["sleep"].get("night_images", [])) if sleep else []
    images = images or [i for i in theme["images"] if not (sleep and craft.DAYTIME.search(i))] or theme["images"]
    values: dict[str, Any] = {
        **sit.values(person=2),
        "focus": theme["focus"],
        "image": rng.choice(images),
        "thing": second_person(bank.rotated(rng, sit.things, "things")[0]) if sit.things else None,
        "_sleep": sleep,
    }
    data = bank.load("meditation")
    sleep_lines = own.get("sleep", [])
    # the theme's own breath, body and practice endings: written for the day, except the sleep theme's
    ends = own if not sleep or sit.theme == "sleep" else {}
    target = minutes * 60.0
    scale = 1.0
    for _ in range(6):
        words = spoken_share(minutes) * target * pacing.WPM / 60.0 * scale
        budget = {name: words * share for name, share in SHARES.items()}
        sections = {
            "Arrival": part(rng, {**data["arrival"], "theme": own.get("arrival", []),
                                  "theme_open": own.get("arrival_open", []),
                                  "theme_close": own.get("arrival_close", [])}, budget["Arrival"], values),
            "Breath": part(rng, {**data["breath"], "theme": own.get("breath_sleep" if sleep else "breath", []),
                                 "slot": "breath-", "theme_open": ends.get("breath_open", []),
                                 "theme_close": ends.get("breath_close", [])},
                           budget["Breath"], values),
            "Body": body(rng, technique, budget["Body"], values, own.get("body_sleep" if sleep else "body", []),
                         ends=ends),
            "Practice": [],
            "Integration": part(rng, {**data["integration_sleep" if sleep else "integration"],
                                      "theme": sleep_lines if sleep else own.get("integration", []),
                                      "theme_open": [] if sleep else own.get("integration_open", []),
                                      "theme_close": [] if sleep else own.get("integration_close", [])},
                                budget["Integration"], values),
            "Return": part(rng, {**data["return_sleep" if sleep else "return"],
                                 "theme": [] if sleep else own.get("return", []),
                                 "theme_open": [] if sleep else own.get("return_open", []),
                                 "theme_close": [] if sleep else own.get("return_close", [])}, budget["Return"],
                           values,
                           must_close=True),
        }
        unspent = sum(max(0.0, budget[name] - sum(_words(t) for t in texts))
                      for name, texts in sections.items() if name != "Practice")
        thing, when = _detail_lines(rng, data["details"], values)
        sections["Practice"] = practice(rng, technique, budget["Practice"] + unspent, values,
                                        own.get("sleep" if sleep else "practice", []), thing,
                                        ends.get("practice_close", []))
        person = _person_line(rng, sit, data.get("people", {}), values)
        if person and sections["Integration"]:
            sections["Integration"].insert(1, person)
        if when and sections["Integration"] and not any(values["when"].lower() in t.lower()
                                                        for t in sections["Integration"]):
            sections["Integration"].insert(max(1, len(sections["Integration"]) - 1), when)
        since, ahead = _date_lines(rng, data["details"], values)
        if since and sections["Arrival"]:
            sections["Arrival"].insert(1, since)
        if ahead and sections["Integration"]:
            sections["Integration"].insert(max(1, len(sections["Integration"]) - 1), ahead)
        keep = {text for text in (thing, when, person, since, ahead) if text}
        _distinct(sections)
        lines = [Line(text) for texts in sections.values() for text in texts]
        if pacing.speech_seconds(lines) <= 0.72 * target:
            break
        scale *= 0.8
    _trim(sections, target, keep, values.get("_glued"))
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
