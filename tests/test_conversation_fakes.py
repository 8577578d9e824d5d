"""A fake text provider for conversation tests (registered through ``register_provider``)."""

from __future__ import annotations

import os
import time

from engine.generation import GenerationResult, register_provider
from engine.script import Line, Pause, Script, Section

AFFIRMATIONS = [
    "I am calm and steady", "I breathe slowly and feel grounded", "I trust my preparation",
    "My mind is clear and focused", "I welcome rest each evening", "I meet challenges with patience",
    "I choose kindness toward myself", "I notice small wins today", "My body feels safe and relaxed",
    "I speak to myself with warmth", "I give my best effort gently", "I am learning every day",
]


class FakeProvider:
    """Valid scripts for every type; ``FAKE_SLEEP`` seconds of delay, ``FAKE_FAIL=1`` to fail."""

    name = "fake"
    calls = 0

    def generate(self, params, *, profile=None, on_text=None):
        FakeProvider.calls += 1
        delay = float(os.environ.get("FAKE_SLEEP", "0") or 0)
        if delay:
            time.sleep(delay)
        if os.environ.get("FAKE_FAIL") == "1":
            raise RuntimeError("fake provider failure")
        n = FakeProvider.calls
        builders = {"affirmation": self._affirmation, "meditation": self._meditation, "ritual": self._ritual}
        script = builders[params.type](params, n)
        return GenerationResult(script, "fake", "fake-1", seed=n, prompt=params.to_dict())

    @staticmethod
    def _statements(k, offset):
        return [AFFIRMATIONS[(offset + i) % len(AFFIRMATIONS)] for i in range(k)]

    def _affirmation(self, p, n):
        lines = [Line(t) for t in self._statements(p.count, n)] if p.count <= len(AFFIRMATIONS) else [
            Line(f"I am growing in way number {i} with {'calm ' * (i % 3)}focus") for i in range(p.count)]
        return Script({"type": "affirmation", "title": f"Calm {n}", "intent": p.intent},
                      [Section("Affirmations", lines)])

    def _meditation(self, p, n):
        names = ["Arrival", "Breath", "Body", "Practice", "Integration", "Return"]
        text = [f"Take a moment to arrive here version {n}", "Notice the breath moving in and out",
                "Let the shoulders soften", "Rest with the practice gently", "Let this calm settle",
                "Slowly return to the room"]
        words = sum(len(t.split()) for t in text)
        pause = (p.minutes * 60 - words * 60 / 115) / 6
        sections = [Section(name, [Line(t), Pause(round(pause, 3), True)])
                    for name, t in zip(names, text, strict=True)]
        return Script({"type": "meditation", "title": f"Meditation {n}", "minutes": f"{p.minutes:g}",
                       "technique": p.technique}, sections)

    def _ritual(self, p, n):
        sections = [
            Section("Intention", [Line("I begin this practice with care")]),
            Section("Identity", [Line("I am someone who shows up each day")]),
            Section("Anchor", [Line(f"I practise {p.anchor or 'after my morning tea'}")]),
            Section("Embodiment", [Line("I feel my feet on the floor")]),
            Section("Affirmations", [Line(t) for t in self._statements(3, n)]),
            Section("Commitment", [Line("I return to this tomorrow")]),
        ]
        return Script({"type": "ritual", "title": f"Ritual {n}", "time": p.time_of_day,
                       "minutes": f"{p.minutes:g}"}, sections)


def install() -> None:
    register_provider("fake", FakeProvider)
