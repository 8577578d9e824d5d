"""Bench: the crisis gate against tests/data/crisis_eval.toml (362 crisis phrasings, 356 look-alikes).

Prints recall and false-positive rate on the tuning split and on the untouched holdout split, per
category, and the time per check, for the gate in use (``engine.safety.detect``: rules) and for the
experimental nearest-exemplar layer (``engine.language.crisis``) combined with it.
Targets (issue 14): recall >= 98% and false positives <= 3% on the holdout split, <= 20 ms a check.

Run: .venv/bin/python bench/safety.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("WAQUP_HOME", tempfile.mkdtemp(prefix="waqup-bench-"))

from engine import safety  # noqa: E402
from engine.language import crisis  # noqa: E402

EVAL = ROOT / "tests" / "data" / "crisis_eval.toml"


def report(name: str, flag, data: dict) -> None:
    for split in ("tune", "holdout"):
        for kind in ("crisis", "lookalike"):
            rows = [row for row in data[kind] if row["split"] == split]
            by = defaultdict(list)
            for row in rows:
                by[row["category"]].append(flag(row["text"]))
            share = sum(sum(v) for v in by.values()) / len(rows)
            what = "recall" if kind == "crisis" else "false positives"
            detail = ", ".join(f"{cat} {sum(v) / len(v):.0%}" for cat, v in sorted(by.items()))
            print(f"{name} | {split} | {what}: {share:.1%} of {len(rows)}  ({detail})")


def main() -> None:
    data = tomllib.loads(EVAL.read_text("utf-8"))
    texts = [row["text"] for kind in ("crisis", "lookalike") for row in data[kind]]
    started = time.perf_counter()
    for text in texts:
        safety.detect(text)
    rules_ms = (time.perf_counter() - started) / len(texts) * 1000
    report("rules (the gate in use)", lambda text: safety.detect(text) is not None, data)
    crisis.nearest("warm up")  # load the model before timing
    started = time.perf_counter()
    meanings = {text: crisis.nearest(text) for text in texts}
    layer_ms = (time.perf_counter() - started) / len(texts) * 1000
    report("rules + nearest exemplar (experimental)",
           lambda text: safety.detect(text) is not None or bool(meanings[text] and meanings[text].flagged), data)
    print(f"time per check: rules {rules_ms:.2f} ms; nearest-exemplar layer {layer_ms:.1f} ms (model loaded)")


if __name__ == "__main__":
    main()
