"""Command groups. ``register`` adds every area to the top-level app.

An area that fails to import (a broken optional dependency) is skipped with a warning so the
rest of the CLI keeps working.
"""

from __future__ import annotations

import importlib
import sys

import typer

# (module, name, help) for sub-apps; modules with ``register(app)`` add top-level verbs.
GROUPS = [
    ("library", "library", "Browse, search, add, tag, delete and prune items in your library."),
    ("script", "script", "Validate, show and apply scripts, and their version history."),
    ("conversations", "conversations", "List, resume or discard the conversations you left open."),
    ("config", "config", "Show and change settings."),
    ("credits", "credits", "Credit balance, history and budget."),
    ("keys", "keys", "Store API keys for OpenAI, Anthropic and ElevenLabs."),
    ("logs", "logs", "The log of every generation and provider call."),
    ("dev", "dev", "Developer tools: state machine diagrams, the CLI reference, JSON schemas."),
    ("pack", "pack", "Batch-generate, export and import packs."),
    ("market", "market", "The marketplace: sign in, search, download, publish, serve."),
    ("feed", "feed", "A private podcast feed of your audio, for listening on a phone."),
    ("remind", "remind", "Calendar reminders to practise, as iCalendar files any calendar imports."),
    ("data", "data", "Where your data lives: size, backup, restore, export, prune and erase."),
]
VERBS = ["create", "audio", "practice", "sync", "demo", "studio"]


def _load(module: str):
    try:
        return importlib.import_module(f"waqup_cli.commands.{module}")
    except ModuleNotFoundError as exc:
        if exc.name == f"waqup_cli.commands.{module}":
            return None  # area not built yet
        print(f"warning: `{module}` commands unavailable: {exc}", file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 - keep the rest of the CLI usable
        print(f"warning: `{module}` commands unavailable: {exc}", file=sys.stderr)
    return None


def register(app: typer.Typer) -> None:
    for module in VERBS:
        mod = _load(module)
        if mod is not None:
            mod.register(app)
    for module, name, help_text in GROUPS:
        mod = _load(module)
        if mod is not None and hasattr(mod, "app"):
            app.add_typer(mod.app, name=name, help=help_text)
