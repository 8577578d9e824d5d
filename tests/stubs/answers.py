"""Canned model answers (the structured JSON each provider returns) that pass the validators."""

from __future__ import annotations

from typing import Any

STATEMENTS = [
    "I breathe slowly and my mind settles.",
    "I trust the work I have prepared.",
    "My thoughts are clear and organised.",
    "I meet each question with curiosity.",
    "I am calm, focused and ready.",
    "My body feels steady and relaxed.",
    "I give myself credit for my effort.",
    "I recall what I know with ease.",
    "Every page I read adds to my understanding.",
    "I welcome this challenge as a chance to grow.",
]


def affirmation(count: int = 7) -> dict[str, Any]:
    return {"title": "Calm Before Exams", "statements": STATEMENTS[:count]}


def meditation() -> dict[str, Any]:
    """Six sections; pauses deliberately too short (the converter stretches the flexible ones)."""
    lines = {
        "Arrival": ["Welcome. Let yourself arrive here, just as you are.", "Feel the support beneath you."],
        "Breath": ["Notice the breath moving in and out.", "Let each exhale be a little longer."],
        "Body": ["Soften your shoulders and your jaw.", "Let your hands rest, heavy and warm."],
        "Practice": [
            "Rest your attention on the breath at the belly.",
            "When the mind wanders, return gently.",
        ],
        "Integration": ["Notice how you feel now.", "Take this steadiness with you."],
        "Return": ["Let your breathing stay slow and easy.", "Let the quiet hold you a little longer."],
    }
    sections = []
    for name, says in lines.items():
        items: list[dict[str, Any]] = []
        for say in says:
            items += [
                {"say": say},
                {"pause_seconds": 2, "flexible": False},
                {"pause_seconds": 10, "flexible": True},
            ]
        sections.append({"name": name, "items": items})
    return {"title": "Steady Breath", "sections": sections}


def ritual() -> dict[str, Any]:
    return {
        "title": "Morning Focus Ritual",
        "intention": "I begin my day with calm focus.",
        "identity": ["I am someone who studies with patience.", "I am someone who keeps promises to myself."],
        "anchor": "After I pour my morning tea, I sit down at my desk.",
        "embodiment": "Sit tall, hands on the desk, and take three slow breaths.",
        "affirmations": STATEMENTS[:5],
        "commitment": "Today I study for one focused hour before lunch.",
    }


def intent() -> dict[str, Any]:
    return {
        "goal": "feel calm before exams",
        "feelings": ["anxious", "tired"],
        "time": "morning",
        "obstacles": ["racing thoughts"],
        "preferred_type": "meditation",
    }


def for_schema(name: str, count: int = 7) -> dict[str, Any]:
    """The valid answer for a structured-output schema name (e.g. ``meditation_script``)."""
    if name.startswith("affirmation"):
        return affirmation(count)
    if name.startswith("meditation"):
        return meditation()
    if name.startswith("ritual"):
        return ritual()
    return intent()


def bad_affirmation() -> dict[str, Any]:
    """Breaks the rules (negative framing, future tense): needs a repair."""
    return {
        "title": "Bad",
        "statements": [
            "I will never fail again.",
            "I do not worry.",
            "Someday I will be calm.",
            "I won't panic.",
            "No more fear.",
            "I am not anxious.",
            "I stop doubting.",
        ],
    }
