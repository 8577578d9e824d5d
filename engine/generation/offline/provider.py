"""The offline text provider: no network, no keys, deterministic for a seed."""

from __future__ import annotations

import dataclasses
import random
import zlib
from collections.abc import Callable
from typing import Any

from engine.content import validate
from engine.content.params import AffirmationParams, BaseParams, MeditationParams, RitualParams
from engine.errors import WaqupError
from engine.generation.base import GenerationResult
from engine.generation.offline import affirmation, bank, extract, meditation, ritual
from engine.script import Script, parse
from engine.words import a_an

MODEL = "waqup-offline-1"
ATTEMPTS = 4


def compose(params: BaseParams, rng: random.Random, sit: extract.Situation) -> Script:
    """The script for ``params`` (not yet rendered through the document template)."""
    if isinstance(params, AffirmationParams):
        return affirmation.compose(rng, sit, params.count, params.repetitions)
    if isinstance(params, MeditationParams):
        return meditation.compose(rng, sit, float(params.minutes), params.technique)
    if isinstance(params, RitualParams):
        return ritual.compose(rng, sit, params)
    raise WaqupError(f"the offline engine cannot write {a_an(params.type)}")


def plainer(sit: extract.Situation, attempt: int) -> extract.Situation:
    """``sit`` with fewer of the person's words for a later attempt: a slot that made every draft fail
    its rules is dropped (the goal first, then the topic and moments), so the script is written
    from lines without it rather than not at all."""
    if attempt < 2:
        return sit
    plain = dataclasses.replace(sit, goal_verb=None, goal_noun=None, topic=None)
    if attempt < ATTEMPTS - 1:
        return plain
    return dataclasses.replace(plain, situations=[], people=[], since=None, until=None, span=None)


def _turn(seed: object) -> int:
    """Where this seed starts in the rotated banks: consecutive integer seeds take consecutive turns."""
    return seed if isinstance(seed, int) else zlib.crc32(str(seed).encode())


def render_document(script: Script) -> str:
    """The script as text, through ``templates/offline/script.j2``."""
    template = bank.environment().get_template("script.j2")
    return template.render(meta=script.meta, sections=script.sections)


class OfflineProvider:
    """Writes affirmation sets, meditations and rituals from curated phrase banks and templates."""

    name = "offline"

    def generate(
        self,
        params: BaseParams,
        *,
        profile: dict[str, Any] | None = None,
        on_text: Callable[[str], None] | None = None,
    ) -> GenerationResult:
        seed = params.seed if params.seed is not None else random.SystemRandom().randrange(1, 2**31)
        sit = extract.read(params, profile)
        script, text = None, ""
        for attempt in range(ATTEMPTS):  # later attempts only run if a draft failed its rules
            # the request is part of the seed: one seed reproduces one script, and two different requests
            # with the same seed don't draw the same general lines
            request = f"{params.type}|{sit.intent}|{sit.context}"
            rng = bank.Draw(f"{seed}|{request}" + (f"/{attempt}" if attempt else ""),
                            turn=_turn(seed) + 7919 * attempt, key=request)
            text = render_document(compose(params, rng, plainer(sit, attempt)))
            script = parse(text, source="offline")
            if not validate(script, params.type):
                break
        else:
            raise WaqupError("the offline engine could not write a valid script for this intent")
        if on_text:
            for chunk in text.split("\n\n"):
                on_text(chunk + "\n\n")
        usage = {
            "words": script.spoken_words(),
            "lines": len(script.lines),
            "seconds": round(script.estimated_seconds(meditation.pacing.WPM), 1),
        }
        if not sit.english:
            usage["note"] = ("the offline engine reads English; your words could not be read, so this is a "
                             "general script that does not quote them")
        return GenerationResult(script, self.name, MODEL, seed, usage, prompt=params.to_dict())
