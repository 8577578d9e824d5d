"""The crisis gate that every path in and out runs: the user's words and what a provider returns.

``check_crisis(text)`` returns a :class:`CrisisResult` (supportive text plus crisis-line resources
for the configured country) or ``None``. Layers, first hit wins:

1. rules (:mod:`engine.safety.rules`) for the unambiguous statements;
2. the on-device classifier (:mod:`engine.language.crisis`), which reads meaning sentence by
   sentence and knows the look-alikes (idioms, hyperbole, fiction, recovery stories);
3. with an OpenAI key set, the provider's moderation endpoint (:mod:`engine.safety.moderation`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from engine.errors import WaqupError
from engine.paths import templates_dir
from engine.safety.rules import candidates, detect, normalise

SUPPORT_TEXT = (
    "It sounds like you are going through something really painful, and I'm glad you said it. "
    "I'm not the right help for this moment, and I won't create anything right now. "
    "Please reach out to someone who can listen: a crisis line, a doctor, or a person you trust. "
    "You deserve support, and you don't have to handle this alone."
)
DANGER_TEXT = (
    "It sounds like you may not be safe right now, and what is happening to you is not your fault. "
    "I won't create anything for this. If you are in danger, call your emergency number now if you can. "
    "The people at the lines below know how to help, in confidence, and can talk with you about what to do."
)
OTHERS_TEXT = (
    "It sounds like you are carrying a lot of anger or fear right now. I won't create anything "
    "for this. If anyone might be in danger, please contact emergency services, and talk to a "
    "crisis line: they can help you through this moment."
)


@dataclass(frozen=True)
class CrisisResult:
    """What the check found and what to show instead of continuing."""

    category: str  # suicide | self-harm | harm-others | danger
    matched: str  # the layer that decided, never the person's words
    message: str
    emergency: str
    resources: list[dict[str, str]] = field(default_factory=list)
    country: str = ""

    def text(self) -> str:
        """The whole supportive reply as plain text."""
        lines = [self.message, "", self.emergency]
        lines += [f"- {r['name']}: {r['contact']} ({r['url']})" for r in self.resources]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"category": self.category, "matched": self.matched, "message": self.message,
                "emergency": self.emergency, "resources": list(self.resources), "country": self.country}


@lru_cache(maxsize=1)
def crisis_lines() -> dict[str, Any]:
    """The crisis-line table from ``templates/crisis_lines.toml``."""
    return tomllib.loads((templates_dir() / "crisis_lines.toml").read_text("utf-8"))


def resources_for(country: str | None, category: str = "suicide") -> tuple[str, list[dict[str, str]], str]:
    """``(emergency guidance, resources, country code)``: the country's lines first, then the default.

    For ``danger`` (abuse, violence, a child at risk) the country's abuse and child lines come first.
    """
    table = crisis_lines()
    default = table["default"]
    code = (country or "").strip().upper()
    entry = table.get("countries", {}).get(code)
    if entry is None:
        return default["emergency"], list(default["resources"]), ""
    first = entry.get("danger", []) if category == "danger" else []
    return entry["emergency"], [*first, *entry["resources"], *default["resources"]], code


def _configured_country() -> str:
    try:
        from engine import config

        return str((config.load().get("conversation") or {}).get("crisis_country") or "")
    except Exception:  # noqa: BLE001 - a broken config must never hide crisis resources
        return ""


def classify(text: str | None, *, moderation: bool = True) -> tuple[str, str] | None:
    """``(category, layer)`` when any layer reads crisis in ``text``, else ``None``.

    ``layer`` names what decided ("rules", "meaning: plan", "moderation: self-harm/intent"), never
    the person's words.
    """
    if not text or not text.strip():
        return None
    found = detect(text)
    if found is not None:
        found = (found[0], "rules")  # never the person's words: they must not reach logs or output
    if found is None and (pieces := candidates(text)):
        from engine.language.crisis import flag

        found = flag(pieces)
    if found is None and moderation:
        from engine.safety.moderation import moderate

        found = moderate(text)
    return found


def check_crisis(text: str | None, *, country: str | None = None, moderation: bool = True) -> CrisisResult | None:
    """Check ``text`` for crisis language; ``country`` defaults to ``conversation.crisis_country``.

    ``moderation=False`` skips the provider's moderation endpoint (the local layers still run).
    """
    found = classify(text, moderation=moderation)
    if found is None:
        return None
    category, matched = found
    emergency, resources, code = resources_for(_configured_country() if country is None else country, category)
    message = {"harm-others": OTHERS_TEXT, "danger": DANGER_TEXT}.get(category, SUPPORT_TEXT)
    return CrisisResult(category, matched, message, emergency, resources, code)


class CrisisDetected(WaqupError):
    """Crisis language was found: the flow stops and shows support instead."""

    def __init__(self, result: CrisisResult):
        self.result = result
        super().__init__(result.message)


__all__ = ["CrisisDetected", "CrisisResult", "check_crisis", "classify", "crisis_lines", "detect", "normalise",
           "resources_for"]
