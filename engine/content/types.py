"""The three content types and their fixed structure."""

from __future__ import annotations

from dataclasses import dataclass

from engine.errors import UsageError


@dataclass(frozen=True)
class ContentType:
    name: str
    label: str
    icon: str
    sections: tuple[str, ...]
    description: str


TECHNIQUES: dict[str, str] = {
    "breath": "Breath awareness: resting attention on the natural breath",
    "body-scan": "Body scan: moving attention slowly through the body",
    "visualisation": "Visualisation: a calm, vivid inner scene",
    "loving-kindness": "Loving-kindness: warm wishes for oneself and others",
    "sleep": "Sleep: a slow wind-down that ends in rest, not waking",
    "grounding": "Grounding: senses and contact with the ground, for anxious moments",
}

CONTENT_TYPES: dict[str, ContentType] = {
    "affirmation": ContentType(
        "affirmation", "Affirmation set", "✦", ("Affirmations",),
        "First-person, present-tense statements on one intent",
    ),
    "meditation": ContentType(
        "meditation", "Guided meditation", "◯",
        ("Arrival", "Breath", "Body", "Practice", "Integration", "Return"),
        "A timed, paced guided practice with a chosen technique",
    ),
    "ritual": ContentType(
        "ritual", "Ritual", "△",
        ("Intention", "Identity", "Anchor", "Embodiment", "Affirmations", "Commitment"),
        "Identity encoding: who you are becoming, anchored to a daily cue",
    ),
}

ALIASES = {"affirmations": "affirmation", "meditations": "meditation", "rituals": "ritual"}


def get_type(name: str) -> ContentType:
    """Look a content type up by name; unknown names are a :class:`UsageError`."""
    key = ALIASES.get(name.lower(), name.lower())
    if key not in CONTENT_TYPES:
        raise UsageError(f"unknown content type {name!r}: choose one of {', '.join(CONTENT_TYPES)}")
    return CONTENT_TYPES[key]
