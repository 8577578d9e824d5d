"""Crisis meaning read on the device: the gate's second layer, after the rules.

A logistic head scores each candidate sentence the rules hand over (a crisis word or a word of a place,
a means or an act; no idiom, no story; see :func:`engine.safety.rules.candidates`). It reads the sentence
encoder's vector beside the sentence's hashed words and word pairs (what a sentence is about, and the
words of a place or an act: "the end of the platform"). The text is flagged when its most crisis-like
sentence scores at least the head's threshold.

The head is trained by ``python -m engine.language.build`` on the development data only: the
exemplars in ``templates/safety/crisis_exemplars.toml``, the ``tune`` split of
``tests/data/crisis_eval.toml``, the development sets ``tests/data/crisis_dev.toml`` to ``crisis_dev6.toml``,
``crisis_dev8.toml`` to ``crisis_dev10.toml``, and half of the offline phrase banks' lines as everyday
look-alikes.
``tests/data/crisis_dev7.toml`` is never trained or tuned on: ``bench/safety.py`` measures on it how the gate
carries to phrasings it has not seen.
The threshold is chosen on out-of-fold scores of that data (each source held out in turn) so that rules and head
together keep false positives on the hard look-alikes within 3%. The ``holdout`` split is never read here;
``bench/safety.py`` reports it.
"""

from __future__ import annotations

import re
import tomllib
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from engine.language.encoder import DIMENSIONS
from engine.language.index import Index, build
from engine.paths import templates_dir

if TYPE_CHECKING:
    import numpy as np

CATEGORY = {"suicide-active": "suicide", "suicide-passive": "suicide", "plan": "suicide", "means": "suicide",
            "farewell": "suicide", "self-harm": "self-harm", "harm-others": "harm-others",
            "abuse-danger": "danger"}
HEAD = "crisis_head.npz"
GRAMS = 2 ** 14  # hashed word and word-pair features beside the sentence vector (the words of a place or an act)
GRAM_WORD = re.compile(r"[a-z']+")
# tests/data/crisis_<name>.toml trained on (dev7 is only measured)
DEVELOPMENT = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev8", "dev9", "dev10")
REGULARISATION = 1e-4  # L2 weight of the logistic head (chosen by cross-validation on the development data)
TARGET_FALSE_POSITIVES = 0.03  # for rules and head together, out of fold: the gate's false-positive budget


@lru_cache(maxsize=1)
def exemplars() -> dict[str, dict[str, list[str]]]:
    return tomllib.loads((templates_dir() / "safety" / "crisis_exemplars.toml").read_text("utf-8"))


def _grams(text: str) -> np.ndarray:
    import numpy as np

    found = GRAM_WORD.findall(text.lower())
    vector = np.zeros(GRAMS, np.float32)
    for gram in {*found, *(f"{a} {b}" for a, b in zip(found, found[1:], strict=False))}:
        vector[zlib.crc32(gram.encode()) % GRAMS] = 1.0
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def features(pieces: list[str] | tuple[str, ...]) -> np.ndarray:
    """What the head reads for each piece: the encoder's sentence vector and its hashed words and word pairs."""
    import numpy as np

    from engine.language.encoder import embed

    return np.hstack([embed(tuple(pieces)), np.stack([_grams(piece) for piece in pieces])])


@dataclass(frozen=True)
class Head:
    """A linear read-out of crisis meaning: ``sigmoid(vector @ weights + bias) >= threshold``."""

    weights: np.ndarray
    bias: float
    threshold: float
    fingerprint: str

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        import numpy as np

        return 1.0 / (1.0 + np.exp(-(vectors @ self.weights + self.bias)))


def training_rows(root: Path | None = None) -> list[tuple[str, int]]:
    """``(text, 1 crisis | 0 look-alike)``: exemplars, the tune split and the development sets."""
    return [(text, label) for text, label, _ in labelled(root)]


def labelled(root: Path | None = None) -> list[tuple[str, int, str]]:
    """The training rows with where each came from (``exemplars``, ``tune``, a development set, ``bank``)."""
    root = root or Path(__file__).resolve().parents[2] / "tests" / "data"
    rows = [(text, 1, "exemplars") for texts in exemplars()["crisis"].values() for text in texts]
    rows += [(text, 0, "exemplars") for texts in exemplars()["lookalike"].values() for text in texts]
    evaluation = tomllib.loads((root / "crisis_eval.toml").read_text("utf-8"))
    devs = {name: tomllib.loads((root / f"crisis_{name}.toml").read_text("utf-8")) for name in DEVELOPMENT}
    for kind, label in (("crisis", 1), ("lookalike", 0)):
        rows += [(row["text"], label, "tune") for row in evaluation[kind] if row["split"] == "tune"]
        for name, dev in devs.items():
            rows += [(row["text"], label, name) for row in dev[kind]]
    return rows + [(text, 0, "bank") for text in wellness_lines()["train"]]


def fingerprint_rows(rows: list[tuple[str, int]]) -> str:
    """The key a shipped head is checked against: its labelled data, not the phrase banks' lines (editing
    a bank doesn't make the head stale; the banks are only extra everyday negatives)."""
    from engine.language.index import fingerprint

    bank = set(wellness_lines()["train"])
    kept = [(text, label) for text, label in rows if text not in bank]
    return fingerprint([str(label) for _, label in kept], [text for text, _ in kept])


@lru_cache(maxsize=1)
def wellness_lines() -> dict[str, list[str]]:
    """The offline engine's own phrase-bank lines (no slots): ordinary wellness language the gate must
    pass ("I plan my day", "nothing more to do tonight"). Split by a hash of the text: ``train`` joins the
    look-alikes the head learns from, ``held`` is only ever measured (``bench/safety.py``)."""
    import zlib

    out: dict[str, list[str]] = {"train": [], "held": []}
    folder = templates_dir() / "offline"
    skip = {"examples", "description", "keywords", "requires", "blocked_by", "never_with", "avoid_moments", "lists",
            "topics"}

    def walk(value: object) -> None:
        if isinstance(value, str):
            if "{" not in value and len(value.split()) >= 3:
                out["train" if zlib.crc32(value.encode()) % 2 == 0 else "held"].append(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in skip:
                    walk(item)

    for path in sorted([*folder.glob("*.toml"), *folder.glob("themes/*.toml")]):
        walk(tomllib.loads(path.read_text("utf-8")))
    return {key: list(dict.fromkeys(texts)) for key, texts in out.items()}


@lru_cache(maxsize=1)
def head() -> Head | None:
    """The shipped head, or ``None`` when it is missing (the rules then decide alone)."""
    import numpy as np

    try:
        with np.load(templates_dir() / "language" / HEAD) as data:
            weights = data["weights"].astype(np.float32)
            if weights.shape != (DIMENSIONS + GRAMS,):  # a head trained on other features: not usable
                return None
            return Head(weights, float(data["bias"]), float(data["threshold"]), str(data["fingerprint"]))
    except (OSError, KeyError, ValueError):
        return None


@dataclass(frozen=True)
class Meaning:
    """The most crisis-like sentence of a text and its score."""

    sentence: str
    score: float
    threshold: float

    @property
    def flagged(self) -> bool:
        return self.score >= self.threshold


def nearest(pieces: list[str]) -> Meaning | None:
    """The most crisis-like of ``pieces`` (``None`` for none, or when no head is shipped)."""
    model = head()
    if not pieces or model is None:
        return None
    scores = model.scores(features(pieces))
    best = int(scores.argmax())
    return Meaning(pieces[best], float(scores[best]), model.threshold)


@lru_cache(maxsize=2)
def index(ship: bool = False) -> Index:
    """The crisis exemplars' vectors, to name the kind of crisis the head found."""
    rows = [(label, text) for label, texts in exemplars()["crisis"].items() for text in texts]
    return build("crisis", [label for label, _ in rows], [text for _, text in rows], ship=ship)


def flag(pieces: list[str]) -> tuple[str, str] | None:
    """``(category, "meaning: <kind>")`` when the head reads crisis meaning in ``pieces``.

    The head tells crisis from look-alike; the nearest crisis exemplar names the kind (and so the
    support text and resources: abuse and danger get their own).
    """
    from engine.language.encoder import embed

    found = nearest(pieces)
    if found is None or not found.flagged:
        return None
    label = index().nearest(embed((found.sentence,))[0])[0]
    return CATEGORY.get(label, "suicide"), f"meaning: {label}"
