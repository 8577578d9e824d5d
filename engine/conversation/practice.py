"""Return loop behaviour: check in, suggest a practice, play, reflect, log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from engine.conversation.extract import yes_no
from engine.conversation.machine import Transition
from engine.conversation.suggest import streak, suggest
from engine.errors import UsageError
from engine.words import a_an


def greet(s: Any) -> None:
    days = streak(s.library.practice_history(limit=500), datetime.now(UTC).date())
    note = f" You're on {a_an(f'{days}-day')} streak." if days > 1 else ""
    s.say("ask", f"Welcome back.{note} How are you today?")


def guard_has_items(s: Any) -> bool:
    return s.library.count() > 0


def guard_more_suggestions(s: Any) -> bool:
    return s.data.get("index", 0) + 1 < len(s.data.get("suggestions", []))


def interpret(s: Any, text: str) -> tuple[str | None, dict[str, Any]]:
    if s.state == "suggest":
        if text.strip().isdigit():
            return "choose", {"choice": int(text.strip())}
        answer = yes_no(text) if text.strip().lower() not in ("next", "another", "other") else False
        if answer is None and text.lower().strip() in ("play", "start"):
            answer = True
        if answer is None:
            s.say("ask", "Say yes to play it, no for another suggestion, or a number from the list.")
            return None, {}
        return ("yes" if answer else "no"), {}
    if s.state == "play":
        return "played", {"completed": text.lower() not in ("stop", "stopped", "no")}
    if s.state == "reflect" and text.lower() in ("", "skip", "no", "nothing"):
        return "skip", {}
    return "say", {"text": text}


def validate(s: Any, event: str, payload: dict[str, Any]) -> None:
    if event == "choose":
        choice, options = payload.get("choice"), s.data.get("suggestions", [])
        ids = [o["item_id"] for o in options]
        if not (isinstance(choice, int) and 1 <= choice <= len(options)) and choice not in ids:
            raise UsageError(f"choose 1..{len(options)} or an item id from the suggestions")


def absorb(s: Any, event: str, payload: dict[str, Any]) -> None:
    """Nothing to fill before guards in this loop."""


def on_transition(s: Any, t: Transition, payload: dict[str, Any]) -> None:
    d = s.data
    if t.source == "checkin":
        text = payload.get("text", "")
        facts = s.extractor.extract(text) if text else None
        d["mood"] = ", ".join(facts.feelings) if facts else ""
        d["moods"] = facts.feelings if facts else []
        d["checkin"] = text[:200]
        d["suggestions"] = [x.to_dict() for x in suggest(s.library, moods=d["moods"])]
        d["index"] = 0
    elif t.event == "no" and t.target == "suggest":
        d["index"] = d.get("index", 0) + 1
    elif t.event in ("yes", "choose"):
        options = d["suggestions"]
        choice = payload.get("choice")
        if isinstance(choice, int):
            d["item_id"] = options[choice - 1]["item_id"]
        elif choice:
            d["item_id"] = choice
        else:
            d["item_id"] = options[d.get("index", 0)]["item_id"]
        d["started"] = datetime.now(UTC).isoformat(timespec="seconds")
    elif t.event == "played":
        d["seconds"] = float(payload.get("seconds") or 0)
        d["completed"] = bool(payload.get("completed", True))
    elif t.source == "reflect":
        d["reflection"] = payload.get("text", "")[:280]


def enter(s: Any, state: str, resumed: bool = False) -> None:
    d = s.data
    if state == "checkin" and resumed:
        s.say("ask", "How are you today?")
    elif state == "suggest":
        options = d.get("suggestions", [])
        current = options[d.get("index", 0)]
        why = "; ".join(current["reasons"]) or "from your library"
        listing = "\n".join(f"{i}. {o['title']} ({o['type']})" for i, o in enumerate(options, 1))
        s.say("ask", f"How about \u201c{current['title']}\u201d ({current['type']}): {why}. Play it? "
                     f"(yes / no for another / a number)\n{listing}", suggestion=current, options=options)
    elif state == "play":
        item = s.library.get(d["item_id"])
        if s.player is not None:
            outcome = s.player(item) or {}
            s.fire("played", **outcome)
        else:
            s.say("say", f"Playing \u201c{item.title}\u201d. Say 'done' when you finish.", action="play",
                  item_id=item.id)
    elif state == "reflect":
        s.say("ask", "One line about how that felt? (Enter to skip)")
    elif state == "logged":
        if not d.get("practice_id"):
            from engine.practice import log_practice  # also reports marketplace items (outbox)

            d["practice_id"] = log_practice(
                s.library, d["item_id"], started=d.get("started"), seconds=d.get("seconds", 0.0),
                completed=d.get("completed", True), mood=d.get("mood", ""),
                reflection=d.get("reflection", ""),
            )
            s.save()
        s.say("say", "Logged. See you next time.", practice_id=d["practice_id"])
    elif state == "empty":
        s.say("say", "Your library is empty. Create something first: `waqup create`.")
    elif state == "cancelled":
        s.say("say", "Okay, stopping here.")
    elif state == "crisis":
        from engine.safety import CrisisResult
        from engine.safety.response import WAY_BACK, reply_text

        s.say("crisis", reply_text(CrisisResult(**d["crisis"])), crisis=d["crisis"], way_back=WAY_BACK)


def snapshot(s: Any) -> dict[str, Any]:
    d = s.data
    return {"kind": "practice", "mood": d.get("mood", ""), "suggestions": d.get("suggestions", []),
            "index": d.get("index", 0), "item_id": d.get("item_id"), "practice_id": d.get("practice_id"),
            **({"crisis": d["crisis"]} if d.get("crisis") else {})}
