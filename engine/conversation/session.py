"""A conversation session: the one object the CLI, the TUI and batch runs drive.

    session = Session.create("creation")           # or Session.resume()
    reply = session.start()                        # greeting + first question
    reply = session.send("calm before my exams")   # free text -> next message(s) + state
    reply = session.event("accept")                # explicit events with payloads

Every transition is persisted (table ``conversations``), so a session resumes in the same
state after a crash. The transcript is kept only in memory unless ``keep_transcript``.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from engine.conversation import creation, practice
from engine.conversation.flows import MACHINES
from engine.conversation.machine import InvalidEvent, Machine
from engine.errors import NotFoundError, UsageError

Renderer = Callable[[Any, Any, dict[str, Any]], Any]  # (item, script, params) -> path/info/None
Player = Callable[[Any], dict[str, Any] | None]  # (item) -> {"seconds": s, "completed": bool}
CANCEL_WORDS = {"cancel", "/cancel", "quit", "/quit", "exit", "stop here", "never mind", "nevermind"}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


WITHHELD = "(withheld: crisis check)"
RESUME_WORDS = {  # where a resumed conversation stands, in words (state names stay internal)
    "greet": "just starting", "intent": "at what you would like support with",
    "context": "at your situation and what is hard", "choose_type": "choosing affirmations, a meditation or a ritual",
    "confirm_type": "confirming the kind of practice", "preferences": "at your preferences",
    "confirm": "about to write it (the cost was shown)", "generating": "writing your draft",
    "review": "reviewing your draft", "rendering": "making the audio", "remember": "deciding what to remember",
    "checkin": "checking in on how you are", "suggest": "choosing a practice", "play": "in the middle of a practice",
    "reflect": "at a moment of reflection",
}


@dataclass
class Message:
    """One thing the engine says. ``kind``: say, ask, preview, note, error, crisis."""

    kind: str
    text: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, **({"data": self.data} if self.data else {})}


@dataclass
class Reply:
    """The engine's answer to one call: messages plus the structured state after it."""

    session_id: str
    state: str
    messages: list[Message]
    events: list[str]
    done: bool
    data: dict[str, Any]

    @property
    def text(self) -> str:
        return "\n".join(m.text for m in self.messages)

    def to_dict(self) -> dict[str, Any]:
        return {"session": self.session_id, "state": self.state, "done": self.done, "events": self.events,
                "messages": [m.to_dict() for m in self.messages], "data": self.data}


class Session:
    """A creation or practice conversation bound to a library and the wallet that pays: ``wallet`` (default
    :func:`engine.credits.wallet.wallet`: the marketplace account when signed in, else the local ledger)."""

    def __init__(self, machine: Machine, *, id: str | None = None, state: str | None = None,
                 data: dict[str, Any] | None = None, library: Any = None, provider: Any = None,
                 keep_transcript: bool | None = None, renderer: Renderer | None = None,
                 player: Player | None = None, extractor: Any = None, config: dict[str, Any] | None = None,
                 wallet: Any = None):
        from engine import config as cfg
        from engine.conversation.extract import HeuristicExtractor
        from engine.library import Library

        self.machine = machine
        self.kind = machine.name
        self.id = id or secrets.token_hex(6)
        self.state = state or machine.initial
        self.data: dict[str, Any] = data if data is not None else {}
        self.config = config if config is not None else cfg.load()
        conv = self.config.get("conversation") or {}
        keep = conv.get("keep_transcript") if keep_transcript is None else keep_transcript
        self.keep_transcript = bool(keep)
        self._owns_library = library is None
        self.library = library or Library()
        self._wallet = wallet
        self._owns_wallet = wallet is None
        self.provider = provider
        self.renderer = renderer
        self.player = player
        self.extractor = extractor or HeuristicExtractor()
        self.transcript: list[dict[str, str]] = []
        self._out: list[Message] = []
        self.flow = creation if self.kind == "creation" else practice

    # -- construction ----------------------------------------------------------------
    @classmethod
    def create(cls, kind: str = "creation", **options: Any) -> Session:
        """A new session of ``kind`` (``creation`` or ``practice``), stored immediately."""
        kind = {"create": "creation"}.get(kind, kind)
        if kind not in MACHINES:
            raise UsageError(f"unknown conversation kind {kind!r}: choose creation or practice")
        session = cls(MACHINES[kind], **options)
        session.save()
        return session

    @classmethod
    def resume(cls, session_id: str | None = None, *, kind: str | None = None, **options: Any) -> Session:
        """Reopen ``session_id`` (default: the latest unfinished one, optionally of ``kind``)."""
        from engine.library import Library

        lib = options.get("library") or Library()
        options["library"] = lib
        rows = [r for r in lib.db.query(
            "select * from conversations order by updated desc, rowid desc") if
            (session_id is None or r["id"] == session_id)
            and (kind is None or r["kind"] == {"create": "creation"}.get(kind, kind))
            and (session_id is not None or not (_finished(r) or _untouched(r)))]
        if not rows:
            what = f"session {session_id!r}" if session_id else "unfinished conversation"
            raise NotFoundError(f"no {what} to resume (start one with `waqup create`)")
        row = rows[0]
        options.setdefault("keep_transcript", bool(row["keep_transcript"]))
        session = cls(MACHINES[row["kind"]], id=row["id"], state=row["state"], data=json.loads(row["data"]),
                      **options)
        session.transcript = json.loads(row["transcript"] or "[]")
        return session

    @staticmethod
    def unfinished(library: Any) -> list[dict[str, Any]]:
        """Open conversations in which something was said, newest first: ``id``, ``kind``, ``where`` (in
        words), ``about``, ``updated``."""
        out = []
        for row in library.db.query("select * from conversations order by updated desc, rowid desc"):
            if _finished(row) or _untouched(row):
                continue
            data = json.loads(row["data"] or "{}")
            out.append({"id": row["id"], "kind": row["kind"], "state": row["state"],
                        "where": RESUME_WORDS.get(row["state"], "part way through"),
                        "about": str(data.get("intent") or data.get("mood") or ""), "updated": row["updated"]})
        return out

    @classmethod
    def discard(cls, session_id: str, **options: Any) -> Reply:
        """Cancel an open conversation: holds are released and unsaved drafts refunded, as with ``cancel``."""
        try:
            session = cls.resume(session_id, **options)
        except NotFoundError:
            raise NotFoundError(f"no conversation {session_id!r} (see `waqup conversations list`)") from None
        try:
            if session.done:
                raise UsageError(f"conversation {session_id!r} is already over")
            return session.event("cancel")
        finally:
            session.close()

    @property
    def ledger(self) -> Any:
        """The wallet (a ``Ledger`` or a ``RemoteWallet``: same interface), opened on first use."""
        if self._wallet is None:
            from engine.credits.wallet import wallet

            self._wallet = wallet(self.library, config=self.config)
        return self._wallet

    def close(self) -> None:
        if self._owns_wallet and self._wallet is not None:
            self._wallet.close()  # the account wallet's HTTP client; a no-op for the ledger on our library
            self._wallet = None
        if self._owns_library:
            self.library.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- persistence -----------------------------------------------------------------
    def save(self) -> None:
        row = {
            "id": self.id, "kind": self.kind, "state": self.state,
            "data": json.dumps(self.data, sort_keys=True),
            "transcript": json.dumps(self.transcript) if self.keep_transcript else "[]",
            "keep_transcript": int(self.keep_transcript), "updated": _now(),
        }
        with self.library.transaction():
            existing = self.library.db["conversations"].count_where("id = ?", [self.id])
            if existing:
                self.library.db["conversations"].update(self.id, row)
            else:
                self.library.db["conversations"].insert({**row, "created": row["updated"]})

    # -- faces call these ------------------------------------------------------------
    @property
    def done(self) -> bool:
        return self.state in self.machine.final

    def events(self) -> list[str]:
        return self.machine.events(self.state)

    def start(self) -> Reply:
        """The opening messages: a greeting, or where a resumed session stands (re-running work)."""
        if self.state == self.machine.initial and not self.data.get("started"):
            self.data["started"] = True
            self.flow.greet(self)
            first = self.machine.events(self.state)[0]
            if first == "begin":
                self._fire("begin")
            else:
                self.save()
        else:
            self.say("note", f"Welcome back: we were {RESUME_WORDS.get(self.state, 'part way through')}.")
            self.flow.enter(self, self.state, resumed=True)
        return self._reply()

    def send(self, text: str) -> Reply:
        """Handle one free-text message (crisis-checked first); returns what the engine says next."""
        text = (text or "").strip()
        if not self.done and self._crisis(text):
            self._record("user", WITHHELD)  # the person's words in a crisis are never stored
            return self._reply()
        self._record("user", text)
        if text.lower() in CANCEL_WORDS and self.machine.accepts(self.state, "cancel"):
            self._fire("cancel")
            return self._reply()
        if self.done:
            raise InvalidEvent(f"the conversation is over (state '{self.state}')")
        event, payload = self.flow.interpret(self, text)
        if event is None:
            self.save()
            return self._reply()
        try:
            self.flow.validate(self, event, payload)  # typed commands get the same checks as events
        except (UsageError, InvalidEvent) as exc:
            self.say("error", str(exc))  # bad input never ends the session
            self.save()
            return self._reply()
        self._fire(event, **payload)
        return self._reply()

    def event(self, name: str, **payload: Any) -> Reply:
        """Fire an explicit event (``accept``, ``edit``, ``cancel``...). Invalid events change nothing."""
        name = name.strip().lower().replace("-", "_")
        if not self.machine.accepts(self.state, name):
            self.machine.step(self.state, name)  # raises InvalidEvent with the allowed list
        text = " ".join(str(v) for v in payload.values() if isinstance(v, str))
        if name != "crisis" and text and self._crisis(text):
            return self._reply()
        self.flow.validate(self, name, payload)  # raises before anything changes
        self._fire(name, **payload)
        return self._reply()

    def snapshot(self) -> dict[str, Any]:
        """Structured, JSON-ready view of the session for faces."""
        return self.flow.snapshot(self)

    # -- helpers used by the flows -----------------------------------------------------
    def say(self, kind: str, text: str, **data: Any) -> None:
        self._out.append(Message(kind, text, data))
        self._record("engine", text)

    def guard(self, name: str) -> bool:
        return bool(getattr(self.flow, f"guard_{name}")(self))

    def fire(self, event: str, **payload: Any) -> None:
        self._fire(event, **payload)

    def _fire(self, event: str, **payload: Any) -> None:
        if not self.machine.accepts(self.state, event):
            self.machine.step(self.state, event)  # raises InvalidEvent: nothing changed
        self.flow.absorb(self, event, payload)  # fill slots first: guards read them
        transition = self.machine.step(self.state, event, self.guard)
        self.flow.on_transition(self, transition, payload)
        self.state = transition.target
        self.save()
        self.flow.enter(self, self.state)

    def _crisis(self, text: str) -> bool:
        from engine.safety import check_crisis

        country = (self.config.get("conversation") or {}).get("crisis_country") or ""
        result = check_crisis(text, country=country)
        if result is None:
            return False
        self.data["crisis"] = result.to_dict()
        self._fire("crisis")
        return True

    def _record(self, role: str, text: str) -> None:
        if text:
            self.transcript.append({"role": role, "text": text})

    def _reply(self) -> Reply:
        messages, self._out = self._out, []
        return Reply(self.id, self.state, messages, [] if self.done else self.events(), self.done,
                     self.snapshot())


_OPENING_STATES = ("greet", "intent", "checkin")  # nothing has been said yet in these


def _untouched(row: dict[str, Any]) -> bool:
    """A stored conversation still at its opening question with nothing said (a studio tab opened, say)."""
    if row["state"] not in _OPENING_STATES:
        return False
    data = json.loads(row["data"] or "{}")
    return not (data.get("intent") or data.get("mood"))


def _finished(row: dict[str, Any]) -> bool:
    """A stored conversation that reached one of its machine's final states."""
    machine = MACHINES.get(row["kind"])
    return machine is not None and row["state"] in machine.final


def split_command(text: str) -> tuple[str, str]:
    """``"edit 3: I am calm"`` -> ``("edit", "3: I am calm")``."""
    match = re.match(r"^\s*/?(\w+)\s*(.*)$", text, re.S)
    return (match.group(1).lower(), match.group(2).strip()) if match else ("", "")
