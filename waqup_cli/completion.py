"""Shell completion of values: item ids, pack slugs, voices, techniques, content types, config keys.

``attach`` walks the command tree once and gives each parameter a completer chosen by its name (and
for ``slug``, by its group), so command modules declare nothing. Completers import the engine only
when the shell asks, read only what is on this machine (never the network) and never raise: on any
error they offer nothing and log why at debug level on the ``waqup`` logger (stderr stays quiet).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Suggestions = Iterable[tuple[str, str]]  # (value, help shown beside it by zsh and fish)


def item_ids() -> Suggestions:
    """Library item ids, newest first, with their type and title."""
    for item in _library_read(lambda lib: lib.list_items(limit=10_000)):
        yield item.id, f"{item.type}: {item.title}"


def pack_slugs() -> Suggestions:
    """Slugs of the packs in the library."""
    for pack in _library_read(lambda lib: lib.list_packs()):
        yield pack["slug"], pack.get("title") or ""


def market_slugs() -> Suggestions:
    """Slugs of the marketplace packs downloaded into the library (known without asking the server)."""
    for pack in _library_read(lambda lib: lib.list_packs()):
        if _from_market(pack):
            yield pack["slug"], pack.get("title") or ""


def _from_market(pack: dict[str, Any]) -> bool:
    """A pack ``market download`` installed: its spec records where it came from."""
    import json

    try:
        return isinstance(json.loads(pack.get("spec") or "").get("market"), dict)
    except (ValueError, AttributeError):
        return False  # a local pack's spec (or none)


def voices() -> Suggestions:
    """Voice specs (``provider:voice``): offline voices first, then cloud voices listed without a request."""
    from engine.voice import list_voices

    for voice in sorted(list_voices(skip=_LISTED_OVER_NETWORK), key=lambda v: (not v.offline, not v.available)):
        yield voice.id, voice.description


# Providers whose ``voices()`` asks their server: completion must not wait on the network.
_LISTED_OVER_NETWORK = frozenset({"elevenlabs"})


def techniques() -> Suggestions:
    """Meditation techniques, from the content types."""
    from engine.content import TECHNIQUES

    return TECHNIQUES.items()


def content_types() -> Suggestions:
    """The content types (affirmation, meditation, ritual)."""
    from engine.content import CONTENT_TYPES

    return ((name, kind.description) for name, kind in CONTENT_TYPES.items())


def config_keys() -> Suggestions:
    """Every settable config key, a ``*`` expanded where its values are known, with its allowed values."""
    from engine.config import WILDCARDS, keys

    for pattern, hint in keys():
        if "*" not in pattern:
            yield pattern, hint
        for part in WILDCARDS.get(pattern, ()):
            yield pattern.replace("*", part, 1), hint


def audio_formats() -> Suggestions:
    """Audio formats a render can be written in."""
    from engine.config import AUDIO_FORMATS

    return ((name, "") for name in AUDIO_FORMATS)


def ambiences() -> Suggestions:
    """Ambience beds to mix under a render."""
    from engine.audio.ambience import AMBIENCES

    return ((name, "") for name in AMBIENCES)


def _library_read(query: Callable[[Any], list]) -> list:
    """``query(lib)`` on the user's library; nothing (and no new database) when there is none yet."""
    from engine import paths

    if not paths.database_path().is_file():
        return []
    from engine.library import Library

    with Library() as lib:
        return query(lib)


# A parameter's name -> its values; ``slug`` depends on the group (see ``completer_for``).
BY_NAME: dict[str, Callable[[], Suggestions]] = {
    "item_id": item_ids,
    "pack": pack_slugs,
    "voice": voices,
    "technique": techniques,
    "type": content_types,
    "type_": content_types,
    "format": audio_formats,
    "ambience": ambiences,
}


def completer_for(path: tuple[str, ...], name: str | None) -> Callable[[], Suggestions] | None:
    """The values for parameter ``name`` of the command at ``path`` (``("market", "show")``), if any."""
    if name == "key" and path[:1] == ("config",):
        return config_keys
    if name == "slug" and path[:1] == ("market",):
        return pack_slugs if path[-1] == "unpublish" else market_slugs  # you unpublish your own packs
    return BY_NAME.get(name or "")


def suggest(values: Callable[[], Suggestions], incomplete: str) -> list[tuple[str, str]]:
    """The ``(value, help)`` pairs of ``values()`` that start with ``incomplete``; never raises."""
    try:
        seen: set[str] = set()
        out = []
        for value, help_text in values():
            if value.startswith(incomplete) and value not in seen:
                seen.add(value)
                out.append((value, " ".join((help_text or "").split())))
        return out
    except Exception as exc:  # noqa: BLE001 - a completer must never break the shell
        _log_failure(values.__name__, exc)
        return []


def attach(command: Any, path: tuple[str, ...] = ()) -> None:
    """Give every parameter with known values in ``command`` and its subcommands a completer."""
    for param in command.params:
        values = completer_for(path, param.name)
        if values is not None:
            param.shell_complete = _completer(values)
    for name, sub in getattr(command, "commands", {}).items():
        attach(sub, (*path, name))


def _completer(values: Callable[[], Suggestions]) -> Callable[[Any, str], list]:
    def shell_complete(ctx: Any, incomplete: str) -> list:
        try:
            from click.shell_completion import CompletionItem
        except Exception as exc:  # noqa: BLE001 - typer without click installed beside it
            _log_failure("completion items", exc)
            return []
        return [CompletionItem(value, help=help_text or None) for value, help_text in suggest(values, incomplete)]

    return shell_complete


def _log_failure(what: str, exc: BaseException) -> None:
    """Why a completer offered nothing, on the ``waqup`` logger (logging is imported only then)."""
    import logging

    logging.getLogger("waqup").debug("completion: %s failed: %s", what, exc)
