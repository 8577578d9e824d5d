"""A script shown read-only: sections, spoken lines and pauses styled distinctly."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from engine.script import Line, Pause, Script


def line_keys(script: Script) -> list[tuple[int, int, str]]:
    """(section index, item index, timeline key) of every spoken line."""
    out = []
    for s, section in enumerate(script.sections):
        n = 0
        for i, item in enumerate(section.items):
            if isinstance(item, Line):
                n += 1
                out.append((s, i, f"{s + 1}.{n}"))
    return out


def render_script(script: Script | None, *, current: str = "", numbered: bool = False,
                  empty: str = "Nothing selected.") -> Text:
    """Rich text of ``script``; the line whose timeline key is ``current`` is highlighted."""
    text = Text()
    if script is None:
        return Text(empty, style="dim")
    text.append(script.title + "\n", style="bold")
    if script.type:
        text.append(script.type + "\n", style="dim")
    keys = {(s, i): key for s, i, key in line_keys(script)}
    number = 0
    for s, section in enumerate(script.sections):
        text.append(f"\n§ {section.name}\n", style="bold magenta")
        for i, item in enumerate(section.items):
            if isinstance(item, Pause):
                flex = "+" if item.flexible else ""
                text.append(f"   ‖ {item.seconds:g}s{flex}\n", style="dim italic")
                continue
            number += 1
            key = keys.get((s, i), "")
            prefix = f"{number:>3}. " if numbered else "   "
            style = "reverse bold" if key and key == current else ""
            direction = f"{{{item.direction}}} " if item.direction else ""
            repeat = f" ×{item.repeat}" if item.repeat != 1 else ""
            text.append(prefix)
            text.append(f"{direction}{item.text}{repeat}", style=style)
            text.append("\n")
    return text


class ScriptView(Static):
    """Shows a :class:`Script`; call :meth:`show` with a script and an optional highlighted key."""

    DEFAULT_CSS = "ScriptView { height: auto; padding: 0 1; }"

    def show(self, script: Script | None, *, current: str = "", numbered: bool = False,
             empty: str = "Nothing selected.") -> None:
        self.update(render_script(script, current=current, numbered=numbered, empty=empty))
