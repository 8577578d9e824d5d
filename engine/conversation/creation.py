"""Creation loop behaviour: questions, slot filling, guards and the actions on each transition.

The state graph itself lives in :mod:`engine.conversation.flows`; this module only says what
happens in each state. ``s`` is always the :class:`~engine.conversation.session.Session`.
"""

from __future__ import annotations

import re
from typing import Any

from engine.content import TECHNIQUES, get_type, params_for
from engine.content.params import named_time
from engine.conversation.extract import Facts, summarise, yes_no
from engine.conversation.machine import InvalidEvent, Transition
from engine.errors import UsageError, WaqupError
from engine.language.text import time_of_day
from engine.words import a_an

CONTEXT_QUESTIONS = {
    "situation": "Tell me a little about your situation right now.",
    "hard": "What feels hardest about it?",
    "when": "When would you like to practise: morning, evening, before bed, or a time like 07:30?",
}
PREFS = {"affirmation": ("count",), "meditation": ("minutes", "technique"),
         "ritual": ("time_of_day", "anchor")}
DEFAULTS = {"count": 7, "minutes": 10, "technique": "breath", "anchor": ""}
TYPE_LABEL = {"affirmation": "an affirmation set", "meditation": "a guided meditation", "ritual": "a ritual"}
SKIP_WORDS = {"", "skip", "default", "defaults", "whatever", "any", "you choose", "no preference", "none",
              "-"}
REVIEW_HELP = ("accept | edit N: new line | regenerate | regenerate SECTION | change [minutes 15, count 9, "
               "technique sleep, ...] | cancel")


# -- small helpers ------------------------------------------------------------------------
def _facts(s: Any, text: str) -> Facts:
    facts = s.extractor.extract(text)
    d = s.data.setdefault("facts", {"goal": "", "feelings": [], "time": "", "obstacles": []})
    if facts.goal and not d["goal"]:
        d["goal"] = facts.goal
    d["feelings"] = list(dict.fromkeys(d["feelings"] + facts.feelings))
    d["obstacles"] = list(dict.fromkeys(d["obstacles"] + facts.obstacles))[:5]
    if facts.time:
        d["time"] = facts.time
    if facts.type and not s.data.get("type_confirmed"):
        s.data["type"] = facts.type
        s.data["type_confirmed"] = facts.type_explicit
    return facts


def _type(s: Any) -> str:
    return s.data.get("type") or ""


def _prefs(s: Any) -> dict[str, Any]:
    return s.data.setdefault("prefs", {})


def next_context_question(s: Any) -> str | None:
    asked = s.data.setdefault("asked", [])
    facts = s.data.get("facts", {})
    for key in CONTEXT_QUESTIONS:
        if key in asked:
            continue
        if key == "when" and facts.get("time"):
            continue
        if key == "hard" and (facts.get("obstacles") or len(s.data.get("context", {})) >= 2):
            continue
        if key == "situation" and len(s.data.get("intent_text", "").split()) >= 15:
            continue
        return key
    return None


def next_pref(s: Any) -> str | None:
    prefs, asked = _prefs(s), s.data.setdefault("prefs_asked", [])
    for key in (*PREFS.get(_type(s), ()), "sound"):
        if key not in prefs and key not in asked:
            return key
    return None


def params(s: Any) -> Any:
    prefs = _prefs(s)
    options = {k: prefs.get(k) for k in ("count", "minutes", "technique", "time_of_day", "anchor", "voice",
                                           "ambience")}
    if _type(s) == "ritual" and options["minutes"] is not None:
        options["minutes"] = min(options["minutes"], 30)
    options = {k: v for k, v in options.items() if k in PREFS.get(_type(s), ()) or k in ("voice", "ambience")}
    return params_for(_type(s), intent=s.data.get("intent", ""), context=context_text(s), **options)


def context_text(s: Any) -> str:
    ctx, facts = s.data.get("context", {}), s.data.get("facts", {})
    parts = [f"{label}: {ctx[key]}" for key, label in (("situation", "Situation"), ("hard", "Hardest"))
             if ctx.get(key)]
    if facts.get("time") or ctx.get("when"):
        parts.append(f"Practice time: {facts.get('time') or ctx.get('when')}")
    if facts.get("feelings"):
        parts.append("Feeling: " + ", ".join(facts["feelings"]))
    return "; ".join(parts)[:2000]


def cost(s: Any) -> int:
    """One generation's price: the server's price list with the account wallet, else the local one."""
    from engine.credits import cost_of
    from engine.credits.wallet import RemoteWallet

    if not _type(s):
        return 0
    if isinstance(s.ledger, RemoteWallet):
        return s.ledger.price(_type(s))
    return cost_of(_type(s), config=s.config)


def _account(s: Any) -> bool:
    return s.ledger.balance().mode == "account"


def _balance_line(s: Any) -> tuple[str, dict[str, Any]]:
    refresh = getattr(s.ledger, "refresh", None)  # the account wallet: ask the server (offline: last sync)
    if refresh is not None:
        refresh()
    bal = s.ledger.balance()
    if bal.mode == "account":
        return f"{bal.available} available in your account wallet", bal.to_dict()
    if bal.available is None:
        return f"balance {bal.balance} (no budget set: local generations are recorded, not blocked)", \
            bal.to_dict()
    return f"{bal.available} available of your budget", bal.to_dict()


def _describe(s: Any) -> str:
    p = params(s)
    bits = {"affirmation": lambda: f"{p.count} affirmations",
            "meditation": lambda: a_an(f"{p.minutes:g}-minute {p.technique} meditation"),
            "ritual": lambda: a_an(f"{p.time_of_day} ritual") + (f" anchored {p.anchor}" if p.anchor else "")}
    extra = [f"voice {p.voice}"] if p.voice else []
    extra += [f"ambience {p.ambience}"] if p.ambience else []
    return bits[p.type]() + (f" ({', '.join(extra)})" if extra else "") + f" for \u201c{p.intent}\u201d"


# -- guards ---------------------------------------------------------------------------------
def guard_has_intent(s: Any) -> bool:
    return bool(s.data.get("intent"))


def guard_needs_context(s: Any) -> bool:
    return next_context_question(s) is not None


def guard_type_chosen(s: Any) -> bool:
    return bool(_type(s)) and bool(s.data.get("type_confirmed"))


def guard_type_inferred(s: Any) -> bool:
    return bool(_type(s)) and not s.data.get("type_confirmed")


def guard_needs_preferences(s: Any) -> bool:
    return next_pref(s) is not None


def guard_affordable(s: Any) -> bool:
    available = s.ledger.balance().available
    return available is None or available >= cost(s)


def guard_has_draft(s: Any) -> bool:
    return bool(s.data.get("draft"))


def guard_has_change(s: Any) -> bool:
    return bool(s.data.get("change_applied"))


def guard_needs_consent(s: Any) -> bool:
    facts = s.data.get("facts") or {}
    if not any(facts.get(k) for k in ("goal", "feelings", "time", "obstacles")):
        return False
    return (s.config.get("conversation") or {}).get("remember_profile") is None


# -- text -> event ----------------------------------------------------------------------------
def _parse_change(s: Any, text: str) -> dict[str, Any]:
    """``"minutes 15"``, ``"count to 9"``, ``"technique sleep"``, ``"ambience rain"`` -> prefs."""
    text = text.lower().strip()
    out: dict[str, Any] = {}
    number = re.search(r"\b(\d{1,3})\b", text)
    for key in ("count", "minutes"):
        if re.search(rf"\b{key[:-1] if key == 'minutes' else key}", text) and number:
            out[key] = int(number.group(1))
    for technique in TECHNIQUES:
        if technique.replace("-", " ") in text.replace("-", " "):
            out["technique"] = technique
    if re.search(r"\btime\b", text) and (when := time_of_day(text)):
        out["time_of_day"] = when
    facts = s.extractor.extract(text)
    if "ambience" in text and facts.ambience:
        out["ambience"] = facts.ambience
    if facts.voice:
        out["voice"] = facts.voice
    if m := re.search(r"\banchor\s+(?:to\s+)?(.+)$", text):
        out["anchor"] = m.group(1).strip()
    return out


def interpret(s: Any, text: str) -> tuple[str | None, dict[str, Any]]:
    state = s.state
    if state in ("confirm_type", "confirm", "remember"):
        answer = yes_no(text)
        if state == "confirm" and re.match(r"^\s*(change|edit|back)\b", text, re.I):
            return "change", {}
        if answer is not None:
            return ("yes" if answer else "no"), {}
        if state == "confirm_type":
            return "say", {"text": text}
        s.say("ask", "Please answer yes or no." + (" (or 'change')" if state == "confirm" else ""))
        return None, {}
    if state == "review":
        return _interpret_review(s, text)
    if state in ("context", "preferences") and text.lower() in ("skip all", "defaults", "use defaults"):
        return "skip", {}
    if state in ("context", "preferences") and text.lower() == "skip":
        return "say", {"text": ""}
    if state == "generating":
        return "retry", {}
    return "say", {"text": text}


def _interpret_review(s: Any, text: str) -> tuple[str | None, dict[str, Any]]:
    low = text.lower().strip()
    if re.match(r"^(accept|ok|okay|yes|save|looks good|good|great|perfect|done|keep it)\b", low):
        return "accept", {}
    if m := re.match(r"^edit\s+(?:line\s+)?(\d+)\s*[:\-=]?\s*(.*)$", text, re.I | re.S):
        return "edit", {"line": int(m.group(1)), "text": m.group(2).strip(" :-=\t\n")}
    if m := re.match(r"^(?:regenerate|redo|rewrite)\s+(?:the\s+)?(?!all\b)([a-z][\w -]*)$", low):
        return "regenerate_section", {"section": m.group(1).strip()}
    if re.match(r"^(regenerate|redo|again|try again|new one|rewrite)( all)?$", low):
        return "regenerate", {}
    if m := re.match(r"^change\b\s*(.*)$", low):
        return "change", {"text": m.group(1)}
    s.say("ask", f"I didn't catch that. You can say: {REVIEW_HELP}")
    return None, {}


def validate(s: Any, event: str, payload: dict[str, Any]) -> None:
    """Reject bad payloads before anything changes."""
    draft = s.data.get("draft")
    if event == "edit":
        if not draft:
            raise InvalidEvent("nothing to edit yet")
        line, text = payload.get("line"), str(payload.get("text") or "").strip()
        total = len(_script(s).lines)
        if not isinstance(line, int) or not 1 <= line <= total:
            raise UsageError(f"edit needs a line number 1..{total}")
        if not re.search(r"\w", text):
            raise UsageError("edit needs the new text of the line, e.g. 'edit 2: I am calm'")
    if event == "regenerate_section":
        names = [sec.name.lower() for sec in _script(s).sections]
        if str(payload.get("section", "")).lower() not in names:
            raise UsageError(f"no section {payload.get('section')!r}: choose one of "
                             f"{', '.join(sec.name for sec in _script(s).sections)}")
    if event == "change" and payload:
        unknown = set(payload) - {"text", "count", "minutes", "technique", "time_of_day", "anchor", "voice",
                                  "ambience"}
        if unknown:
            raise UsageError(f"cannot change {', '.join(sorted(unknown))}")


# -- transitions ------------------------------------------------------------------------------
def absorb(s: Any, event: str, payload: dict[str, Any]) -> None:
    """Take what the user said into the session's slots (runs before guards pick a transition)."""
    d, state = s.data, s.state
    text = payload.get("text", "")
    if state == "intent" and event == "say" and text:
        d["intent_text"] = text
        facts = _facts(s, text)
        d["intent"] = summarise(text, facts)
    elif state == "context" and event == "say":
        key = d.get("asking") or next_context_question(s) or "situation"
        d.setdefault("asked", []).append(key)
        if text:
            d.setdefault("context", {})[key] = text[:600]
            _facts(s, text)
            if key == "when" and not d["facts"].get("time"):
                d["facts"]["time"] = " ".join(text.split())[:40]
    elif state == "context" and event == "skip":
        d.setdefault("asked", []).extend(k for k in CONTEXT_QUESTIONS if k not in d.get("asked", []))
    elif state in ("choose_type", "confirm_type") and event == "say":
        _choose_type(s, text)
    elif state == "confirm_type" and event == "yes":
        d["type_confirmed"] = True
    elif state == "confirm_type" and event == "no":
        d["type"], d["type_confirmed"] = "", False
    elif state == "preferences":
        _answer_pref(s, text, skip_all=event == "skip")
    elif state == "review" and event == "change":
        if (d.get("draft") or {}).get("edited"):
            s.say("note", "A change writes a new draft: your line edits in this one won't carry over. "
                          "To keep them, accept this draft instead.")
        _change(s, payload)
    elif state == "remember" and event == "yes":
        d["consent"] = True


def on_transition(s: Any, t: Transition, payload: dict[str, Any]) -> None:
    """Actions once the transition is chosen."""
    d = s.data
    if t.source == "confirm" and t.event in ("no", "change"):
        d["prefs"], d["prefs_asked"] = {}, []
    elif t.source == "confirm" and t.target == "confirm":
        how = "Buy more with `waqup credits buy SIZE`" if _account(s) else \
            "Raise your budget with `waqup credits budget N`"
        s.say("error", f"Not enough credits: this costs {cost(s)}, "
                       f"{s.ledger.balance().available} available. {how}, or say 'change' to pick something smaller.")
    elif t.source == "review" and t.target == "review" and t.event.startswith("regenerate"):
        s.say("error", f"Not enough credits to regenerate (costs {cost(s)}).")
    elif t.source == "review" and t.event == "edit":
        _edit_line(s, int(payload["line"]), str(payload["text"]))
    elif t.source == "review":
        d.pop("section", None)
        if t.event == "regenerate_section":
            d["section"] = str(payload["section"])
    if t.target == "generating":
        d["job_id"] = None  # a fresh job (and hold) for every new generation request
    if t.event in ("cancel", "crisis"):
        _settle_on_stop(s)


PICK_FOR_ME = re.compile(r"\b(?:not sure|unsure|don'?t know|no idea|you pick|you choose|you decide|surprise me|"
                         r"whatever|either|any of them|up to you|your call|dunno)\b", re.I)


def _choose_type(s: Any, text: str) -> None:
    low = text.lower()
    for name in ("affirmation", "meditation", "ritual"):
        if name in low or (name == "affirmation" and "affirm" in low):
            s.data["type"], s.data["type_confirmed"] = name, True
            return
    facts = s.extractor.extract(text)
    if facts.type:
        s.data["type"], s.data["type_confirmed"] = facts.type, True
    elif PICK_FOR_ME.search(low):
        told = " ".join(str(s.data.get(k) or "") for k in ("intent", "situation", "hard", "when"))
        chosen = s.extractor.extract(told).type or "meditation"  # a short guided meditation suits most requests
        s.data["type"], s.data["type_confirmed"] = chosen, True
        s.say("note", f"Then I'll make {TYPE_LABEL[chosen]}: it fits what you told me. You can change it at the "
                      "summary.")


def _answer_pref(s: Any, text: str, skip_all: bool = False) -> None:
    prefs, asked = _prefs(s), s.data.setdefault("prefs_asked", [])
    if skip_all:
        asked.extend(k for k in (*PREFS.get(_type(s), ()), "sound") if k not in asked)
        return
    key = s.data.get("asking") or next_pref(s)
    if key is None:
        return
    low = text.lower().strip()
    skip = low in SKIP_WORDS or low in ("no", "nothing", "default voice")
    facts = s.extractor.extract(text)
    error = ""
    if key in ("count", "minutes") and not skip:
        lo, hi = (3, 50) if key == "count" else (1, 60 if _type(s) == "meditation" else 30)
        if facts.number is None or not lo <= facts.number <= hi:
            error = f"Please give a number from {lo} to {hi} (or say 'default')."
        else:
            prefs[key] = facts.number
    elif key == "technique" and skip:
        prefs[key] = _suggested_technique(s)  # Enter takes the suggestion the question offered
    elif key == "technique" and not skip:
        choice = facts.technique or next((t for t in TECHNIQUES if t in low), "")
        if not choice:
            error = f"Please choose one of: {', '.join(TECHNIQUES)} (or say 'default')."
        else:
            prefs[key] = choice
    elif key == "time_of_day" and not skip:
        when = time_of_day(low)
        if not when:
            error = "Please say morning, midday, afternoon, evening, night, or a time like 07:30."
        else:
            prefs[key] = when
    elif key == "anchor" and not skip:
        prefs[key] = facts.anchor or " ".join(text.split())[:120]
    elif key == "sound" and not skip:
        if facts.ambience and facts.ambience not in ("none", "silence"):
            prefs["ambience"] = facts.ambience
        if facts.voice:
            prefs["voice"] = facts.voice
        if not facts.voice and not facts.ambience:  # never drop a wish silently
            s.say("note", f"I can't match \u201c{' '.join(text.split())[:60]}\u201d to a voice or a sound, so "
                          "I'll use the defaults. `waqup voices` lists the voices; sounds: rain, pink, brown, "
                          "drone. You can change it at the summary.")
    if error:
        s.say("error", error)
        return
    asked.append(key)


def _script(s: Any) -> Any:
    from engine.script import parse

    return parse(s.data["draft"]["script"], source="draft")


def _change(s: Any, payload: dict[str, Any]) -> None:
    """Apply ``change`` preferences (``{"minutes": 8}`` or text like "minutes 8"); none: ask again."""
    d = s.data
    d["change_applied"] = False
    changes = {k: v for k, v in payload.items() if k != "text" and v is not None}
    changes.update(_parse_change(s, payload.get("text", "")))
    if not changes:
        d["prefs"], d["prefs_asked"] = {}, []
        return
    previous = dict(_prefs(s))
    _prefs(s).update(changes)
    try:
        params(s)
    except UsageError as exc:
        d["prefs"] = previous
        s.say("error", f"{exc}; keeping your previous preferences.")
        return
    d["change_applied"] = True


def _edit_line(s: Any, number: int, text: str) -> None:
    from dataclasses import replace

    from engine.content import validate as check
    from engine.script import Line, dumps

    script = _script(s)
    seen = 0
    for section in script.sections:
        for index, item in enumerate(section.items):
            if isinstance(item, Line):
                seen += 1
                if seen == number:
                    old = item
                    section.items[index] = replace(item, text=" ".join(text.split()))
    issues = [i for i in check(script, _type(s)) if i.code != "pacing"]
    if issues:
        s.say("error", f"That edit breaks a rule, so I kept the line as it was: {issues[0]}")
        return
    s.data["draft"]["script"] = dumps(script)
    s.data["draft"]["edited"] = True
    new = " ".join(text.split())
    s.say("note", f"Line {number} changed: \u201c{old.text}\u201d \u2192 \u201c{new}\u201d")


def _settle_on_stop(s: Any) -> None:
    """Cancel or crisis: release any hold and refund captured drafts that were never saved."""
    if s.data.get("item_id"):
        return
    for job in s.data.get("jobs", []):
        try:
            s.ledger.release(job, memo="cancelled")
            s.ledger.refund(job, memo="cancelled before saving")
        except WaqupError as exc:  # e.g. the account wallet refuses a late refund: stopping still works
            s.say("note", f"The credits of {job} stay spent: {exc}")


# -- states -----------------------------------------------------------------------------------
def greet(s: Any) -> None:
    s.say("say", "Hi, I'm waQup. Together we'll make something personal for you: an affirmation set, "
                 "a guided meditation or a ritual. Say 'cancel' at any time; nothing is charged until "
                 "you confirm.")


def enter(s: Any, state: str, resumed: bool = False) -> None:
    d = s.data
    d.pop("asking", None)
    if state == "intent":
        s.say("ask", "What would you like support with?" if not d.get("intent_text")
              else "Tell me in a few words what you'd like this to help with.")
    elif state == "context":
        key = next_context_question(s)
        d["asking"] = key
        s.say("ask", CONTEXT_QUESTIONS[key or "situation"], slot=key)
    elif state == "choose_type":
        s.say("ask", "Which would suit you: affirmations (short statements), a guided meditation, or a "
                     "ritual (a daily practice anchored to a habit)?",
              options=["affirmation", "meditation", "ritual"])
    elif state == "confirm_type":
        s.say("ask", f"It sounds like {TYPE_LABEL[_type(s)]} would help. Shall we make that? (yes/no)",
              type=_type(s))
    elif state == "preferences":
        _ask_pref(s)
    elif state == "confirm":
        line, bal = _balance_line(s)
        s.say("ask", f"Ready to create {_describe(s)}. It costs {cost(s)} credit"
                     f"{'s' if cost(s) != 1 else ''}; {line}. Create it? (yes / change / cancel)",
              cost=cost(s), balance=bal, params=params(s).to_dict())
    elif state == "generating":
        from engine.conversation.jobs import run_generation

        run_generation(s)
    elif state == "review":
        _preview(s)
    elif state == "rendering":
        from engine.conversation.jobs import run_rendering

        run_rendering(s)
    elif state == "remember":
        s.say("ask", "May I remember what you shared (your goal, practice time and what's hard) to "
                     "personalise future sessions? (yes/no)")
    elif state == "saved":
        if d.get("consent") or (s.config.get("conversation") or {}).get("remember_profile"):
            _remember(s)
        item_id = d.get("item_id")
        s.say("say", f"Saved to your library as {item_id}. Play it with `waqup play {item_id}`.",
              item_id=item_id)
    elif state == "cancelled":
        s.say("say", "Cancelled. Nothing was saved and nothing was charged.")
    elif state == "crisis":
        crisis = d.get("crisis") or {}
        from engine.safety import CrisisResult
        from engine.safety.response import WAY_BACK, reply_text

        result = CrisisResult(**crisis) if crisis else None
        s.say("crisis", reply_text(result), crisis=crisis, way_back=WAY_BACK)


def _suggested_technique(s: Any) -> str:
    """The technique the conversation suggests from what was said (and uses when the answer is Enter)."""
    facts = s.data.get("facts", {})
    return "sleep" if facts.get("time") == "night" else (
        "grounding" if "anxious" in facts.get("feelings", []) else "breath")


def _ask_pref(s: Any) -> None:
    key = next_pref(s)
    s.data["asking"] = key
    t = _type(s)
    suggested_technique = _suggested_technique(s)
    questions = {
        "count": "How many affirmations would you like? (3-50, default 7)",
        "minutes": f"How many minutes? (1-{60 if t == 'meditation' else 30}, default {DEFAULTS['minutes']})",
        "technique": f"Which technique? {', '.join(TECHNIQUES)} (Enter for {suggested_technique}, which suits "
                     "what you said)",
        "time_of_day": "What time of day will you do it? (morning, evening, night or a time like 07:30; Enter "
                       f"for {named_time(s.data.get('intent', ''), context_text(s))})",
        "anchor": "What existing habit will anchor it, e.g. 'after my morning coffee'? ('skip' for none)",
        "sound": "Any voice or background? Ambience can be rain, pink or brown noise, a low drone, or none. "
                 "Press Enter for defaults.",
    }
    s.say("ask", questions.get(key or "sound", ""), slot=key)


def _preview(s: Any) -> None:
    from engine.script import Line

    script = _script(s)
    numbered, n = [], 0
    for section in script.sections:
        numbered.append(f"## {section.name}")
        for item in section.items:
            if isinstance(item, Line):
                n += 1
                numbered.append(f"{n:>3}. {item.text}")
    s.say("preview", "\n".join(numbered), script=s.data["draft"]["script"], title=script.title)
    price = cost(s)
    s.say("ask", f"How does it look? {REVIEW_HELP}\n(regenerating all or one section is a new generation: "
                 f"{price} credit{'s' if price != 1 else ''}; edits, accept and cancel are free)",
          regenerate_cost=price)


def _remember(s: Any) -> None:
    facts = s.data.get("facts") or {}
    values = {f"profile.{k}": v for k, v in (("goal", facts.get("goal") or s.data.get("intent")),
                                              ("feelings", facts.get("feelings")),
                                              ("practice_time", facts.get("time")),
                                              ("obstacles", facts.get("obstacles")),
                                              ("preferred_type", _type(s))) if v}
    values = {k.removeprefix("profile."): v for k, v in values.items()}
    if values:
        s.library.set_profile(**values)
        s.say("note", "I'll remember that for next time (change it any time in your profile).")


def snapshot(s: Any) -> dict[str, Any]:
    d = s.data
    out: dict[str, Any] = {"kind": "creation", "intent": d.get("intent", ""), "type": _type(s),
                           "type_confirmed": bool(d.get("type_confirmed")), "prefs": dict(d.get("prefs", {})),
                           "asking": d.get("asking"), "job_id": d.get("job_id"), "item_id": d.get("item_id")}
    if _type(s):
        try:
            get_type(_type(s))
            out["cost"] = cost(s)
        except WaqupError:
            pass
    if d.get("draft"):
        out["script"] = d["draft"]["script"]
    if d.get("crisis"):
        out["crisis"] = d["crisis"]
    if d.get("render"):
        out["render"] = d["render"]
    return out
