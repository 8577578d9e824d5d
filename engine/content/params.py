"""Creation parameters for each content type, checked at the edge."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields

from engine.content.types import TECHNIQUES, get_type
from engine.errors import UsageError
from engine.words import a_an

TIME_OF_DAY = re.compile(r"^(morning|midday|afternoon|evening|night|([01]?\d|2[0-3]):[0-5]\d)$")


@dataclass
class BaseParams:
    intent: str
    context: str = ""
    seed: int | None = None
    voice: str | None = None
    ambience: str | None = None

    type = "base"

    def __post_init__(self) -> None:
        self.intent = " ".join((self.intent or "").split())
        self.context = " ".join((self.context or "").split())
        if not self.intent:
            raise UsageError("an intent is required: say what this is for, e.g. --intent 'calm before exams'")
        if len(self.intent) > 500:
            raise UsageError("the intent is too long (500 characters at most)")
        if len(self.context) > 2000:
            raise UsageError("the context is too long (2000 characters at most)")

    def to_dict(self) -> dict:
        return {"type": self.type, **asdict(self)}


@dataclass
class AffirmationParams(BaseParams):
    count: int = 7
    repetitions: int = 1
    type = "affirmation"

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 3 <= self.count <= 50:
            raise UsageError(f"--count must be 3..50 (got {self.count})")
        if not 1 <= self.repetitions <= 10:
            raise UsageError(f"--repetitions must be 1..10 (got {self.repetitions})")


@dataclass
class MeditationParams(BaseParams):
    minutes: float = 10
    technique: str = "breath"
    type = "meditation"

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 1 <= self.minutes <= 60:
            raise UsageError(f"--minutes must be 1..60 (got {self.minutes:g})")
        technique = self.technique.lower().replace("_", "-").replace(" ", "-")
        technique = {"bodyscan": "body-scan", "visualization": "visualisation",
                     "metta": "loving-kindness"}.get(technique, technique)
        if technique not in TECHNIQUES:
            raise UsageError(
                f"unknown technique {self.technique!r}: choose one of {', '.join(TECHNIQUES)}"
            )
        self.technique = technique


def named_time(intent: str, context: str = "") -> str:
    """A ritual's time when none is chosen: the one the intent names, else the context's, else morning."""
    from engine.language.text import time_of_day

    return time_of_day(intent) or time_of_day(context) or "morning"


@dataclass
class RitualParams(BaseParams):
    time_of_day: str | None = None  # None: the time the intent (or else the context) names, else morning
    anchor: str = ""
    minutes: float = 5
    type = "ritual"

    def __post_init__(self) -> None:
        super().__post_init__()
        if not (self.time_of_day or "").strip():
            self.time_of_day = named_time(self.intent, self.context)
        self.time_of_day = self.time_of_day.strip().lower()
        if not TIME_OF_DAY.match(self.time_of_day):
            raise UsageError(
                f"--time must be morning, midday, afternoon, evening, night or HH:MM (got {self.time_of_day!r})"
            )
        if not 1 <= self.minutes <= 30:
            raise UsageError(f"ritual --minutes must be 1..30 (got {self.minutes:g})")
        self.anchor = " ".join(self.anchor.split())


PARAMS = {"affirmation": AffirmationParams, "meditation": MeditationParams, "ritual": RitualParams}


def params_for(type_name: str, **options) -> BaseParams:
    """Build the parameters of ``type_name`` from keyword options; ``None`` values take defaults."""
    cls = PARAMS[get_type(type_name).name]
    known = {f.name for f in fields(cls)}
    unknown = sorted(k for k, v in options.items() if k not in known and v is not None)
    if unknown:
        raise UsageError(f"{', '.join(unknown)} does not apply to {a_an(cls.type)}")
    return cls(**{k: v for k, v in options.items() if k in known and v is not None})


__all__ = ["AffirmationParams", "MeditationParams", "RitualParams", "BaseParams", "params_for"]
