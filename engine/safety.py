"""Crisis-language check that every entry point runs before any generation.

``check_crisis(text)`` returns a :class:`CrisisResult` (supportive text plus crisis-line
resources for the configured country) or ``None``. Patterns look for intent about oneself or
another person, so everyday idioms ("this exam is killing me", "dying to try it") pass.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from engine.paths import templates_dir

_I = r"(?:i|i'm|im|i am|i've|ive|i have|i'd|id|i'll)"
_WANT = (r"(?:want(?:ed)? to|wanna|going to|gonna|plan(?:ning)? to|about to|will|need to|have to|"
         r"should|might|could just|think(?:ing)? (?:about|of)|feel like|tempted to|urge to|urges to|"
         r"trying to|tried to|try to|ready to|decided to)")
_SELF_HARM_VERB = (r"(?:hurt|harm|cut|burn|injure|punish|starve|hit|hurting|harming|cutting|burning|"
                   r"injuring|punishing|starving|hitting)")
_PEOPLE = (r"(?:him|her|them|someone|somebody|some ?one|people|everyone|everybody|my (?:wife|husband|"
           r"partner|boss|mum|mom|dad|father|mother|brother|sister|kids?|children|son|daughter|"
           r"girlfriend|boyfriend|ex|neighbou?r|teacher|roommate|flatmate|coworkers?|colleagues?|family)|"
           r"the (?:teacher|kids|class|neighbou?rs?))")

PATTERNS: dict[str, tuple[str, ...]] = {
    "suicide": (
        r"\bsuicid(?:e|al)\b(?! squad| doors?\b| (?:run|mission|pace|sprint|lap)s?\b)",
        r"\bkill(?:ing)? my ?self\b(?! laughing)",
        r"\bkms\b",
        r"\bunalive\b",
        r"\b(?:end|ending|ended|take|taking|took) (?:my|his|her) (?:own )?life\b",
        r"\bend(?:ing)? it all\b",
        r"\bend(?:ing)? (?:it|things|everything) (?:now|tonight|today|for good|forever)\b",
        r"\b(?:want|wanna|wanted|going|gonna|ready|deserve|wish i could|would rather)(?: to)? die\b",
        r"\bwish (?:i|that i) (?:was|were|had) (?:dead|never been born)\b",
        r"\bwish i (?:could )?(?:just )?(?:disappear|stop existing|not exist)(?: forever)?\b",
        r"\b(?:be |are |is )?better off (?:dead|without me)\b",
        r"\bno (?:reason|point|will) (?:to|in|of) (?:live|living|going on|being alive)\b",
        r"\bnothing (?:left )?to live for\b",
        r"\b(?:don't|dont|do not|no longer|never) (?:want|wish|care) to (?:live|be alive|exist|wake up)\b",
        r"\b(?:don't|dont|do not) want to be (?:here|around|alive) (?:anymore|any more)\b",
        r"\bcan'?t (?:go on|keep going|do this) (?:anymore|any more)\b",
        r"\b(?:hang|hanging|drown|drowning|shoot|shooting|poison|poisoning) my ?self\b",
        r"\b(?:jump|jumping) (?:off|from|in front of) (?:a |the |my )?(?:bridge|building|roof|train|cliff|"
        r"balcony|window|car)",
        r"\bslit(?:ting)? my (?:wrists?|throat)\b",
        r"\b(?:take|taking|took|swallow|swallowing) (?:all )?(?:my |the |a )?(?:whole )?(?:bottle of |"
        r"handful of )?(?:pills|tablets|meds) (?:to|and) (?:end|die|sleep forever|not wake)",
        r"\boverdos(?:e|ing|ed) on (?:my |the )?(?:pills|tablets|meds|medication|sleeping pills|"
        r"paracetamol|painkillers)",
        r"\b(?:take|taking|took) an overdose\b",
        r"\bsuicide note\b",
        r"\bnot wake up (?:tomorrow|again|ever)\b",
        r"\bgoodbye (?:forever|cruel world)\b",
        r"\b(?:my|the) (?:world|family|everyone)(?:'d| would) be better without me\b",
        r"\bbetter off if i (?:was|were|wasn't|weren't) (?:gone|dead|not here|not around|around|here)\b",
        r"\b(?:no|don't see the|dont see the|do not see the|what's the|whats the|what is the) point "
        r"(?:in|of) (?:living|being alive|going on|life|waking up)\b",
        r"\b(?:life|living) (?:isn't|is not|isnt|ain't|is no longer|not) worth (?:living|it anymore)\b",
        r"\b(?:no one|nobody|noone) would (?:miss me|notice|care) if i (?:died|was gone|were gone|"
        r"disappeared|wasn't here|killed)",
        r"\b(?:and|to) (?:never|not) wake up(?: again)?\b",
        r"\b(?:i'm|im|i am) (?:so )?done with (?:life|living|being alive|existing)\b",
        r"\b(?:want|wanna|wish i could|need) (?:to )?stop existing\b",
        r"\bmight as well be dead\b",
        r"\bwant (?:everything|it all|my life) to (?:end|stop|be over)\b",
        r"\b(?:want|wanna|going|gonna|ready) to end it(?: all)?(?: now| tonight| today)?$",
    ),
    "self-harm": (
        r"\bself[- ]?harm",
        r"\bself[- ]?injur",
        rf"\b{_WANT} {_SELF_HARM_VERB} my ?self\b(?! (?:some |a little )?slack)",
        rf"\b(?:been|keep|kept|started|start|stop|can't stop|cant stop) {_SELF_HARM_VERB} my ?self\b"
        r"(?! (?:some |a little )?slack)",
        r"\b(?:cut|cuts|cutting|burn|burns|burning|harm|harming) my ?self (?:again|every)",
        rf"\b{_SELF_HARM_VERB}s? my ?self (?:on purpose|deliberately|to (?:feel|cope|punish|numb))",
        r"\b(?:cut|cutting|burn|burning|scratch|scratching) my (?:arms?|wrists?|legs?|thighs?|skin)\b"
        r"(?! (?:hair|nails|shaving|on|while|by accident|accidentally|cooking))",
        r"\b(?:punish|punishing) my ?self (?:physically|with (?:pain|a blade|blades|razors?))\b",
        r"\brazor blades? (?:to|on) my",
        r"\b(?:feel like|urge to|urges to|want to|wanna|tempted to|started|been|relapsed(?: and)?|"
        r"thinking (?:about|of)) (?:cut|cutting|burning|burn)(?: myself)? again\b",
    ),
    "harm-others": (
        rf"\b{_WANT} (?:kill|murder|stab|shoot|strangle|hurt|harm|beat up|attack|poison) {_PEOPLE}\b",
        rf"\b{_I} (?:could|can|would|might) (?:kill|murder|stab|strangle|shoot) {_PEOPLE}\b"
        r"(?! (?:at|in) (?:chess|cards|a game|fifa))",
        r"\b(?:shoot|shooting|bomb|bombing) up (?:the|my|a) (?:school|office|work|class|church|mall)\b",
        r"\b(?:bring|take|taking) a (?:gun|knife|weapon) to (?:school|work|the office|class)\b",
        rf"\bhurt(?:ing)? {_PEOPLE} (?:on purpose|badly|so they)",
        rf"\bmake {_PEOPLE} (?:pay|suffer|bleed)\b",
        rf"\b(?:scared|afraid|worried|terrified) (?:that )?(?:i'll|i will|i might|i could|i'm going to|"
        rf"im going to) (?:hurt|harm|kill|snap and hurt) {_PEOPLE}",
    ),
}
_COMPILED = {cat: tuple(re.compile(p) for p in pats) for cat, pats in PATTERNS.items()}

SUPPORT_TEXT = (
    "It sounds like you are going through something really painful, and I'm glad you said it. "
    "I'm not the right help for this moment, and I won't create anything right now. "
    "Please reach out to someone who can listen: a crisis line, a doctor, or a person you trust. "
    "You deserve support, and you don't have to handle this alone."
)
OTHERS_TEXT = (
    "It sounds like you are carrying a lot of anger or fear right now. I won't create anything "
    "for this. If anyone might be in danger, please contact emergency services, and talk to a "
    "crisis line: they can help you through this moment."
)


@dataclass(frozen=True)
class CrisisResult:
    """What the check found and what to show instead of continuing."""

    category: str  # suicide | self-harm | harm-others
    matched: str
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


def normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[^\w'\s-]", " ", text)
    return " ".join(text.split())


def detect(text: str) -> tuple[str, str] | None:
    """``(category, matched text)`` for crisis language in ``text``, else ``None``."""
    norm = normalise(text)
    for category, patterns in _COMPILED.items():
        for pattern in patterns:
            if match := pattern.search(norm):
                return category, match.group(0)
    return None


@lru_cache(maxsize=1)
def crisis_lines() -> dict[str, Any]:
    """The crisis-line table from ``templates/crisis_lines.toml``."""
    return tomllib.loads((templates_dir() / "crisis_lines.toml").read_text("utf-8"))


def resources_for(country: str | None) -> tuple[str, list[dict[str, str]], str]:
    """``(emergency guidance, resources, country code)``: the country's lines first, then the default."""
    table = crisis_lines()
    default = table["default"]
    code = (country or "").strip().upper()
    entry = table.get("countries", {}).get(code)
    if entry is None:
        return default["emergency"], list(default["resources"]), ""
    return entry["emergency"], [*entry["resources"], *default["resources"]], code


def _configured_country() -> str:
    try:
        from engine import config

        return str((config.load().get("conversation") or {}).get("crisis_country") or "")
    except Exception:  # noqa: BLE001 - a broken config must never hide crisis resources
        return ""


def check_crisis(text: str | None, *, country: str | None = None) -> CrisisResult | None:
    """Check ``text`` for crisis language; ``country`` defaults to ``conversation.crisis_country``."""
    if not text:
        return None
    found = detect(text)
    if found is None:
        return None
    category, matched = found
    emergency, resources, code = resources_for(_configured_country() if country is None else country)
    message = OTHERS_TEXT if category == "harm-others" else SUPPORT_TEXT
    return CrisisResult(category, matched, message, emergency, resources, code)


__all__ = ["CrisisResult", "check_crisis", "crisis_lines", "detect", "resources_for"]
