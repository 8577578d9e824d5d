"""The offline text provider: no network, no keys, deterministic for a seed."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from engine.content import validate
from engine.content.params import AffirmationParams, BaseParams, MeditationParams, RitualParams
from engine.errors import WaqupError
from engine.generation.base import GenerationResult
from engine.generation.offline import affirmation, bank, extract, meditation, ritual
from engine.script import Script, parse

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
    raise WaqupError(f"the offline engine cannot write a {params.type}")


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
        for attempt in range(ATTEMPTS):  # later attempts only run if a composition ever failed its rules
            # the request is part of the seed: one seed reproduces one script, and two different requests
            # with the same seed don't draw the same general lines
            rng = random.Random(f"{seed}|{params.type}|{sit.intent}|{sit.context}" + (f"/{attempt}" if attempt else ""))
            text = render_document(compose(params, rng, sit))
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
