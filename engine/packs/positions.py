"""Line numbers of keys in a spec file, so validation errors can point at ``file:line``.

``tomllib`` keeps no positions, so TOML text is scanned (tables, arrays of tables, dotted keys and
one level of inline tables); YAML positions come from the node marks of ``yaml.compose``.
Both give ``{path: line}`` with paths like ``("items", 2, "minutes")`` and 1-based lines.
"""

from __future__ import annotations

import re
from typing import Any

Path = tuple[Any, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")
_INLINE_KEY = re.compile(r"""(?:^|[{,])\s*([A-Za-z0-9_-]+|"[^"]*")\s*=""")


def _parts(dotted: str) -> list[str]:
    return [p.strip().strip("\"'") for p in re.findall(r"""[^."']+|"[^"]*"|'[^']*'""", dotted) if p.strip()]


def toml_positions(text: str) -> dict[Path, int]:
    """Map key paths to the line where they are written in TOML ``text``."""
    found: dict[Path, int] = {}
    counts: dict[Path, int] = {}
    table: Path = ()
    in_multiline: str | None = None
    depth = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw
        if in_multiline:
            if in_multiline in line:
                in_multiline = None
            continue
        if depth > 0:  # inside a multi-line array
            depth += line.count("[") - line.count("]")
            continue
        header = _HEADER.match(line)
        if header and not _KEY.match(line):
            names = _parts(header.group(2))
            if header.group(1) == "[[":
                base = _resolve(tuple(names[:-1]), counts)
                array = (*base, names[-1])
                counts[array] = counts.get(array, -1) + 1
                table = (*array, counts[array])
            else:
                table = (*_resolve(tuple(names[:-1]), counts), names[-1])
            found.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if not key:
            continue
        path = (*table, *_parts(key.group(1)))
        found.setdefault(path, number)
        value = line[key.end():]
        for quote in ('"""', "'''"):
            if value.count(quote) == 1:
                in_multiline = quote
        stripped = value.strip()
        if stripped.startswith("{"):
            for inner in _INLINE_KEY.finditer(stripped):
                found.setdefault((*path, inner.group(1).strip('"')), number)
        elif stripped.startswith("["):
            depth = stripped.count("[") - stripped.count("]")
    return found


def _resolve(names: Path, counts: dict[Path, int]) -> Path:
    """``items.generate`` inside the latest ``[[items]]`` means ``items[last].generate``."""
    out: Path = ()
    for name in names:
        out = (*out, name)
        if out in counts:
            out = (*out, counts[out])
    return out


def yaml_positions(text: str) -> dict[Path, int]:
    """Map key paths to lines using the YAML node tree (1-based lines)."""
    import yaml

    found: dict[Path, int] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return found

    def walk(node: Any, path: Path) -> None:
        found.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*path, key.value)
                found[child] = key.start_mark.line + 1
                walk(value, child)
                found[child] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                walk(value, (*path, index))

    if root is not None:
        walk(root, ())
    return found


def line_of(positions: dict[Path, int], path: Path) -> int | None:
    """The line of ``path`` or of its nearest ancestor that has one."""
    path = tuple(path)
    while path:
        if path in positions:
            return positions[path]
        path = path[:-1]
    return positions.get(())
