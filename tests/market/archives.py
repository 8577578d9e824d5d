"""Rewriting pack archives for attack tests: change the manifest, rename, add or duplicate entries."""

from __future__ import annotations

import json
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path


def rewrite(source: Path, target: Path, manifest: Callable[[dict], None] | None = None,
            rename: dict[str, str] | None = None, extra: list[tuple[str, bytes]] = ()) -> Path:
    """A copy of ``source`` with its manifest changed in place by ``manifest``, entries renamed and extras added."""
    rename = rename or {}
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of some tests
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "manifest.json" and manifest is not None:
                data = json.loads(body)
                manifest(data)
                body = json.dumps(data).encode()
            out.writestr(rename.get(info.filename, info.filename), body)
        for name, body in extra:
            out.writestr(name, body)
    return target
