"""Labelled exemplar vectors: encoded once, shipped with the templates, re-encoded when texts change.

An index named ``themes`` lives in ``templates/language/themes.npz`` beside the texts it was built
from; if the texts no longer match (a user edited a phrase bank), the vectors are rebuilt once and
kept in the user's cache folder. ``python -m engine.language.build`` refreshes the shipped files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from engine.language.encoder import embed
from engine.paths import templates_dir

if TYPE_CHECKING:
    import numpy as np


def shipped_dir() -> Path:
    return templates_dir() / "language"


def fingerprint(labels: list[str], texts: list[str]) -> str:
    blob = json.dumps([labels, texts], ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


@dataclass(frozen=True)
class Index:
    """Exemplar ``texts`` with their ``labels`` and unit ``vectors`` (one row each)."""

    labels: tuple[str, ...]
    texts: tuple[str, ...]
    vectors: np.ndarray

    def scores(self, query: np.ndarray, top: int = 3) -> dict[str, float]:
        """Per label: the mean of its ``top`` best cosine similarities to ``query``."""
        import numpy as np

        sims = self.vectors @ query
        out: dict[str, float] = {}
        for label, rows in self._rows.items():
            best = np.sort(sims[rows])[::-1][:top]
            out[label] = float(best.mean()) if best.size else 0.0
        return out

    @cached_property
    def _rows(self) -> dict[str, list[int]]:
        rows: dict[str, list[int]] = {}
        for i, label in enumerate(self.labels):
            rows.setdefault(label, []).append(i)
        return rows

    def nearest(self, query: np.ndarray) -> tuple[str, str, float]:
        """``(label, text, similarity)`` of the closest exemplar."""
        sims = self.vectors @ query
        i = int(sims.argmax())
        return self.labels[i], self.texts[i], float(sims[i])


def _load(path: Path, key: str) -> np.ndarray | None:
    import numpy as np

    try:
        with np.load(path) as data:
            if str(data["fingerprint"]) == key:
                return data["vectors"].astype(np.float32)
    except (OSError, KeyError, ValueError):
        return None
    return None


def _save(path: Path, key: str, vectors: np.ndarray) -> None:
    import numpy as np

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, fingerprint=np.array(key), vectors=vectors.astype(np.float16))
    tmp.replace(path)


def build(name: str, labels: list[str], texts: list[str], *, ship: bool = False) -> Index:
    """The index ``name`` for these exemplars, from the shipped file, the cache, or freshly encoded."""
    key = fingerprint(labels, texts)
    shipped = shipped_dir() / f"{name}.npz"
    vectors = _load(shipped, key)
    cached = None
    if vectors is None and not ship:
        from engine.paths import cache_dir

        cached = cache_dir() / "language" / f"{name}.npz"
        vectors = _load(cached, key)
    if vectors is None:
        import numpy as np

        vectors = embed(tuple(texts)).astype(np.float16).astype(np.float32)  # as stored, so every run agrees
        _save(shipped if ship else cached, key, vectors)  # type: ignore[arg-type]
    return Index(tuple(labels), tuple(texts), vectors)
