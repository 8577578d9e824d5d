"""Conversations: the creation loop and the return (practice) loop as explicit state machines.

Public API::

    from engine.conversation import Session, CREATION, PRACTICE, to_mermaid, InvalidEvent
    s = Session.create("creation", provider="offline")
    s.start(); s.send("calm before exams"); s.event("accept")
"""

from engine.conversation.extract import Extractor, Facts, HeuristicExtractor
from engine.conversation.flows import CREATION, MACHINES, PRACTICE
from engine.conversation.machine import InvalidEvent, Machine, Transition, to_mermaid
from engine.conversation.session import Message, Reply, Session


def diagram(fmt: str = "mermaid") -> str:
    """Both flows as Mermaid ``stateDiagram-v2`` blocks (``fmt="json"``: the tables as JSON)."""
    import json

    if fmt == "json":
        return json.dumps({name: m.to_dict() for name, m in MACHINES.items()}, indent=2)
    return "\n".join(to_mermaid(m) for m in MACHINES.values())


__all__ = [
    "CREATION", "MACHINES", "PRACTICE", "Extractor", "Facts", "HeuristicExtractor", "InvalidEvent", "Machine",
    "Message", "Reply", "Session", "Transition", "diagram", "to_mermaid",
]
