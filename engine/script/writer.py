"""Serialise a :class:`~engine.script.model.Script` back to text (``parse(dumps(s)) == s``)."""

from __future__ import annotations

from engine.script.model import Line, Pause, Script


def format_seconds(seconds: float) -> str:
    """``4.0`` -> ``4s``, ``1.25`` -> ``1.25s``, ``0.5`` -> ``500ms``."""
    if seconds < 1 and round(seconds * 1000) == seconds * 1000:
        return f"{round(seconds * 1000)}ms"
    return f"{seconds:.3f}".rstrip("0").rstrip(".") + "s"


def dumps_item(item: Line | Pause) -> str:
    if isinstance(item, Pause):
        return f"[pause {format_seconds(item.seconds)}{'+' if item.flexible else ''}]"
    text = " ".join(item.text.split())
    if item.direction:
        text = f"{{{item.direction}}} {text}"
    if item.repeat != 1:
        text = f"{text} [x{item.repeat}]"
    return text


def dumps(script: Script) -> str:
    """The canonical text of ``script``."""
    out: list[str] = []
    if script.meta:
        out.append("---")
        out.extend(f"{key}: {' '.join(str(value).split())}" for key, value in script.meta.items())
        out.append("---")
    for section in script.sections:
        if out:
            out.append("")
        out.append(f"## {section.name}")
        out.extend(dumps_item(item) for item in section.items)
    return "\n".join(out) + "\n"
