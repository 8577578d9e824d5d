"""Reading a pack spec (TOML or YAML) and the expanded, ready-to-run form.

A spec has ``[pack]`` metadata, ``[defaults]`` and ``[[items]]``; generator rows expand into many
items (see :mod:`engine.packs.expand`). Hashes are of the parsed data, so comments and layout
never change them.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import UsageError

PACK_FIELDS = ("title", "slug", "description", "author", "tags", "language", "cover_text", "price")
WITHHELD = "(withheld: crisis check)"


def canonical_hash(data: Any, length: int = 64) -> str:
    """sha256 of the canonical JSON of ``data``."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


@dataclass
class SpecSource:
    """A spec file as read: its text, parsed data and the line of each key."""

    path: Path
    text: str
    kind: str  # "toml" or "yaml"
    data: dict[str, Any]
    positions: dict[tuple[Any, ...], int]

    @property
    def hash(self) -> str:
        return canonical_hash(self.data)


class SpecSyntaxError(UsageError):
    """The file is not valid TOML/YAML."""

    def __init__(self, path: Path, line: int | None, message: str):
        self.path, self.line = path, line
        super().__init__(f"{path}:{line or 1}: {message}")


def read_source(path: str | Path, text: str | None = None) -> SpecSource:
    """Parse a ``.toml`` / ``.yaml`` / ``.yml`` spec (by extension; anything else is tried as TOML)."""
    from engine.packs.positions import toml_positions, yaml_positions

    path = Path(path)
    if text is None:
        try:
            text = path.read_text("utf-8")
        except FileNotFoundError:
            raise UsageError(f"no pack spec at {path}") from None
        except IsADirectoryError:
            raise UsageError(f"{path} is a folder, not a pack spec (a .toml or .yaml file)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read {path}: {exc}") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise SpecSyntaxError(path, mark.line + 1 if mark else None,
                                  f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
        kind, positions = "yaml", yaml_positions(text)
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"line (\d+)", str(exc))
            raise SpecSyntaxError(path, int(found.group(1)) if found else None,
                                  f"not valid TOML: {exc}") from None
        kind, positions = "toml", toml_positions(text)
    if not isinstance(data, dict):
        raise SpecSyntaxError(path, 1, "a pack spec must be a table/mapping with [pack] and [[items]]")
    return SpecSource(path, text, kind, data, positions)


@dataclass
class SpecItem:
    """One expanded item: what to generate, how, and where it came from in the file."""

    position: int  # 1-based in pack order
    row: int  # 0-based index of the [[items]] row it came from
    name: str
    type: str
    options: dict[str, Any]  # params_for options (intent, context, seed, type parameters)
    title: str | None = None
    tags: list[str] = field(default_factory=list)
    provider: str = "auto"
    model: str = ""
    voice: str | None = None
    ambience: str | None = None
    format: str | None = None
    blocked: str = ""  # why the crisis gate keeps it out of a run (where it tripped, never the words)

    def params(self) -> Any:
        from engine.content import params_for

        return params_for(self.type, **self.options)

    @property
    def key(self) -> str:
        """Content hash of what is generated (title, tags and audio settings are applied later)."""
        try:
            params = self.params().to_dict()
        except UsageError:
            params = {"type": self.type, **self.options}
        params.pop("voice", None)
        params.pop("ambience", None)
        return canonical_hash({"params": params, "provider": self.provider, "model": self.model}, 20)

    @property
    def label(self) -> str:
        if self.blocked:  # the person's words stay out of progress lines, state rows and reports
            return f"{self.type} · (words withheld: crisis check)"
        text = self.title or self.options.get("intent", "")
        return f"{self.type} · {text}" if len(text) <= 60 else f"{self.type} · {text[:57]}..."

    def audio_signature(self) -> str:
        return canonical_hash([self.voice, self.ambience, self.format], 12)

    def to_dict(self) -> dict[str, Any]:
        if self.blocked:
            withheld = ("intent", "context", "anchor")
            return {"position": self.position, "key": self.key, "name": self.name, "type": self.type,
                    "blocked": self.blocked, **{k: v for k, v in self.options.items() if k not in withheld}}
        return {"position": self.position, "key": self.key, "name": self.name, "type": self.type,
                "title": self.title, "tags": self.tags, "provider": self.provider, "model": self.model,
                "voice": self.voice, "ambience": self.ambience, "format": self.format, **self.options}


@dataclass
class PackSpec:
    """A valid spec: pack metadata, defaults, expanded items and the content hash."""

    source: SpecSource
    pack: dict[str, Any]
    defaults: dict[str, Any]
    items: list[SpecItem]
    withheld: list[tuple[Any, ...]] = field(default_factory=list)  # key paths whose words tripped the crisis gate

    @property
    def hash(self) -> str:
        return self.source.hash

    def shareable(self) -> dict[str, Any]:
        """The spec data to store and export: words that tripped the crisis gate are withheld.

        A generator row that tripped has all its ``vars`` withheld too, since the words may be in them.
        """
        if not self.withheld:
            return self.source.data
        import copy

        data = copy.deepcopy(self.source.data)
        for path in self.withheld:
            node: Any = data
            for part in path[:-1]:
                node = node[part] if isinstance(node, dict | list) else None
            if isinstance(node, dict) and path[-1] in node:
                node[path[-1]] = WITHHELD
            row = data["items"][path[1]] if path[0] == "items" else None
            gen = row.get("generate") if isinstance(row, dict) else None
            if isinstance(gen, dict) and isinstance(gen.get("vars"), dict):
                gen["vars"] = {k: [WITHHELD] * len(v) if isinstance(v, list) else WITHHELD
                               for k, v in gen["vars"].items()}
        return data

    @property
    def slug(self) -> str:
        return self.pack["slug"]

    def select(self, only: list[str] | None) -> list[SpecItem]:
        """Items matching any of ``only``: a position, a name (or its prefix before -N) or a key prefix."""
        if not only:
            return list(self.items)
        chosen = []
        for item in self.items:
            for want in only:
                want = want.strip()
                if (want.isdigit() and int(want) == item.position) or want == item.name \
                        or item.name.startswith(f"{want}-") or (len(want) >= 4 and item.key.startswith(want)):
                    chosen.append(item)
                    break
        if not chosen:
            raise UsageError(f"--only {', '.join(only)} matches no item (give a position, a name or a key)")
        return chosen
