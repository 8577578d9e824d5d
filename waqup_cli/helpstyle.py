"""One look for every command's help, applied once to the whole command tree.

Typer shows a type for every parameter, ``<bool>`` on flags included, keeps a docstring's line
breaks (so help wraps mid-sentence at 80 columns) and prints arguments as ``{item_id}``. ``tidy``
fixes all three where the tree is built, so no command module has to remember.
"""

from __future__ import annotations

import re
from typing import Any

# A paragraph line that starts one of these stays on its own line (examples, lists, commands).
KEEPS_ITS_LINE = re.compile(r"\s*(?:example|examples|waqup\s|[-*•]\s|\d+\.\s|\$\s)", re.I)


def unwrap(text: str | None) -> str | None:
    """Join a docstring's hard-wrapped lines into sentences; blank lines, examples and lists stay."""
    if not text:
        return text
    paragraphs = re.split(r"\n\s*\n", text.strip())
    out: list[str] = []
    for paragraph in paragraphs:
        lines: list[str] = []
        for raw in paragraph.splitlines():
            line = raw.strip()
            if lines and not KEEPS_ITS_LINE.match(line) and not KEEPS_ITS_LINE.match(lines[-1]):
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(line)
        out.append("\n".join(lines))
    return "\n\n".join(out)


def tidy(command: Any) -> None:
    """Flags without a type label, arguments as ITEM_ID, help text in whole sentences (recursively)."""
    command.help = unwrap(command.help)
    if getattr(command, "short_help", None):
        command.short_help = unwrap(command.short_help)
    for param in command.params:
        if param.param_type_name == "argument" and param.metavar is None and param.name:
            param.metavar = param.name.upper()
        if getattr(param, "help", None):
            param.help = unwrap(param.help)
    _plain_flags(command)
    for sub in getattr(command, "commands", {}).values():
        tidy(sub)


def _plain_flags(command: Any) -> None:
    """A flag takes no value: no ``<bool>`` beside it. Done where help reads the parameters, so the ones the
    framework adds later (``--help``, ``--install-completion``) are covered too."""
    params_of = command.get_params

    def get_params(ctx: Any) -> list:
        params = params_of(ctx)
        for param in params:
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        return params

    command.get_params = get_params
