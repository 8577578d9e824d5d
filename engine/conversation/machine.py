"""State machines as data: states, events, guards and transitions, plus Mermaid/JSON renderings.

A :class:`Machine` never runs side effects itself; a session asks it which transition an event
takes (``machine.step(state, event, guard)``) and performs the actions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from engine.errors import UsageError

ANY = "*"  # a transition source meaning "every non-final state"


class InvalidEvent(UsageError):
    """An event that the current state does not accept; nothing changed."""


@dataclass(frozen=True)
class Transition:
    source: str
    event: str
    target: str
    guard: str | None = None  # a named predicate; "!name" negates it
    note: str = ""


@dataclass(frozen=True)
class Machine:
    name: str
    initial: str
    states: dict[str, str]  # name -> what happens there
    final: frozenset[str]
    transitions: tuple[Transition, ...]

    def __post_init__(self) -> None:
        for t in self.transitions:
            for state in (t.source, t.target):
                if state != ANY and state not in self.states:
                    raise ValueError(f"{self.name}: unknown state {state!r} in {t}")

    def outgoing(self, state: str) -> list[Transition]:
        if state not in self.states:
            raise InvalidEvent(f"unknown state {state!r}")
        wild = [] if state in self.final else [t for t in self.transitions if t.source == ANY]
        return [t for t in self.transitions if t.source == state] + wild

    def events(self, state: str) -> list[str]:
        """The events ``state`` accepts, in table order."""
        return list(dict.fromkeys(t.event for t in self.outgoing(state)))

    def accepts(self, state: str, event: str) -> bool:
        return event in self.events(state)

    def step(self, state: str, event: str, guard: Callable[[str], bool] = lambda _: True) -> Transition:
        """The first transition from ``state`` on ``event`` whose guard holds, else :class:`InvalidEvent`."""
        candidates = [t for t in self.outgoing(state) if t.event == event]
        if not candidates:
            allowed = ", ".join(self.events(state)) or "none (the conversation is over)"
            raise InvalidEvent(f"'{event}' is not possible in state '{state}' (possible: {allowed})")
        for t in candidates:
            if t.guard is None or (not guard(t.guard[1:]) if t.guard.startswith("!") else guard(t.guard)):
                return t
        raise InvalidEvent(f"'{event}' is not possible in state '{state}' right now")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "initial": self.initial, "states": dict(self.states),
            "final": sorted(self.final), "transitions": [asdict(t) for t in self.transitions],
        }


def _label(t: Transition) -> str:
    return t.event + (f" [{t.guard}]" if t.guard else "")


def to_mermaid(machine: Machine) -> str:
    """A Mermaid ``stateDiagram-v2`` of ``machine`` (wildcard sources drawn as one note)."""
    out = ["stateDiagram-v2", f"    %% {machine.name}", f"    [*] --> {machine.initial}"]
    for t in machine.transitions:
        if t.source != ANY:
            out.append(f"    {t.source} --> {t.target}: {_label(t)}")
    for state in sorted(machine.final):
        out.append(f"    {state} --> [*]")
    for t in machine.transitions:
        if t.source == ANY:
            out.append(f"    note right of {t.target}\n        {_label(t)} from any state\n    end note")
    for state, text in machine.states.items():
        out.append(f"    {state}: {state} - {text}")
    return "\n".join(out) + "\n"
