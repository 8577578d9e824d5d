"""The interactive creation conversation (`waqup create` with no type): rich prompts or JSON lines.

JSON-lines protocol (``--jsonl``): each stdin line is ``{"text": "..."}`` or
``{"event": "accept", ...payload}``; each stdout line is a reply (``Reply.to_dict()``). The first
output line is the opening reply; a bad input line yields ``{"error": "..."}`` and changes nothing.
A conversation stopped by the crisis gate (state ``crisis``) ends with exit code 1.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from waqup_cli.output import console, hint

STYLE = {"ask": "bold", "say": "", "note": "dim", "error": "red", "crisis": "bold yellow"}


def _open(kind: str, resume: bool, keep_transcript: bool, **options: Any):
    from engine.conversation import Session
    from engine.errors import NotFoundError

    keep = keep_transcript or None
    if resume:
        try:
            return Session.resume(kind=kind, keep_transcript=keep, **options)
        except NotFoundError:
            pass
    return Session.create(kind, keep_transcript=keep, **options)


def show(reply) -> None:
    """Print a reply for people: the script preview as a panel, questions in bold."""
    from rich.markup import escape
    from rich.panel import Panel

    out = console()
    for message in reply.messages:
        if message.kind == "preview":
            body = "\n".join(f"[bold cyan]{escape(line)}[/]" if line.startswith("## ") else escape(line)
                             for line in message.text.splitlines())
            out.print(Panel(body, title=escape(message.data.get("title", "Draft")), expand=False))
        elif message.kind == "crisis":
            out.print(Panel(escape(message.text), border_style="yellow", expand=False))
        else:
            style = STYLE.get(message.kind, "")
            text = escape(message.text)
            out.print(f"[{style}]{text}[/]" if style else text)


def _interactive(session) -> None:
    from rich.prompt import Prompt

    from engine.errors import WaqupError

    show(session.start())
    while not session.done:
        try:
            text = Prompt.ask("[cyan]you[/]", default="", show_default=False)
        except EOFError:
            hint("[dim]Paused. Resume with[/]", "waqup create --resume")
            return
        try:
            show(session.send(text))
        except WaqupError as exc:
            console().print(f"[red]{exc}[/]")


def _jsonl(session, stdin=None, stdout=None) -> None:
    from engine.errors import WaqupError

    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout

    def emit(data: dict[str, Any]) -> None:
        stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        stdout.flush()

    emit(session.start().to_dict())
    for raw in stdin:
        if not raw.strip():
            continue
        try:
            msg = json.loads(raw)
            if not isinstance(msg, dict):
                raise ValueError("each line must be a JSON object")
            if "event" in msg:
                payload = {k: v for k, v in msg.items() if k != "event"}
                reply = session.event(str(msg["event"]), **payload)
            else:
                reply = session.send(str(msg.get("text", "")))
            emit(reply.to_dict())
        except (ValueError, TypeError, WaqupError) as exc:
            emit({"session": session.id, "state": session.state, "error": str(exc)})
        if session.done:
            break


def run_conversation(resume: bool = False, jsonl: bool = False, keep_transcript: bool = False,
                     **options: Any) -> None:
    """Run the creation loop: rich prompts, or JSON lines on stdin/stdout with ``jsonl``.

    ``options`` go to :class:`engine.conversation.Session` (``provider``, ``renderer``...).
    """
    session = _open("creation", resume, keep_transcript, **options)
    try:
        (_jsonl if jsonl else _interactive)(session)
        stopped = session.state == "crisis"
    finally:
        session.close()
    if stopped:  # like `waqup create --intent`: the crisis gate stopped it, nothing was made or charged
        import typer

        raise typer.Exit(1)
