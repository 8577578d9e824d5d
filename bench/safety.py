"""Bench: the crisis gate against its labelled sets.

Prints recall and false-positive rate per split, per category and per tag, for the rules alone and for
the gate as it runs offline (rules, then the on-device classifier; the moderation endpoint is off), and
the time per check with the model loaded (mean and p95).

Splits: ``tune`` (tests/data/crisis_eval.toml), ``dev``..``dev6`` and ``dev8``..``dev10`` (crisis_dev*.toml) are
used to develop rules, exemplars and thresholds; ``dev7`` is a development set nothing is tuned or trained on (a check
of how the gate carries to new phrasings, written after the others), and ``dev11`` holds look-alikes only, never
tuned or trained on either; ``holdout`` (crisis_eval.toml) is never tuned on and is the figure that counts.
Targets (issue 14): recall >= 98% and false positives <= 3% on holdout, <= 20 ms.

Run: .venv/bin/python bench/safety.py [--misses SPLIT]   (--misses never accepts holdout)
"""

from __future__ import annotations

import os
import statistics
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
from engine.language.crisis import DEVELOPMENT  # noqa: E402
from engine.safety import rules  # noqa: E402

DATA = ROOT / "tests" / "data"
SETS = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11")


def rows() -> list[dict]:
    """Every labelled text with ``split``, ``kind`` (crisis | lookalike), ``category`` and ``tags``."""
    out = []
    evaluation = tomllib.loads((DATA / "crisis_eval.toml").read_text("utf-8"))
    sets = [("eval", evaluation)]
    for name in SETS:
        path = DATA / f"crisis_{name}.toml"
        if path.exists():
            sets.append((name, tomllib.loads(path.read_text("utf-8"))))
    from engine.language.crisis import wellness_lines

    for split, texts in wellness_lines().items():  # the phrase banks' own lines: half trained on, half held out
        out += [{"text": text, "kind": "lookalike", "split": f"bank-{split}", "category": "wellness", "tags": []}
                for text in texts]
    for source, data in sets:
        for kind in ("crisis", "lookalike"):
            for row in data.get(kind, []):
                out.append({**row, "kind": kind, "split": row.get("split", source), "tags": row.get("tags", [])})
    return out


def report(name: str, flagged: dict[str, bool], data: list[dict]) -> None:
    for split in ("tune", *SETS, "bank-train", "bank-held", "holdout"):
        for kind in ("crisis", "lookalike"):
            chosen = [row for row in data if row["split"] == split and row["kind"] == kind]
            if not chosen:
                continue
            by_category: dict[str, list[bool]] = defaultdict(list)
            by_tag: dict[str, list[bool]] = defaultdict(list)
            for row in chosen:
                hit = flagged[row["text"]]
                by_category[row["category"]].append(hit)
                for tag in row["tags"]:
                    by_tag[tag].append(hit)
            share = sum(flagged[row["text"]] for row in chosen) / len(chosen)
            what = "recall" if kind == "crisis" else "false positives"
            cats = ", ".join(f"{cat} {sum(v) / len(v):.0%}" for cat, v in sorted(by_category.items()))
            tags = ", ".join(f"{tag} {sum(v) / len(v):.0%}" for tag, v in sorted(by_tag.items()))
            tail = f"; {tags}" if tags else ""
            print(f"{name:22} | {split:10} | {what}: {share:6.1%} of {len(chosen)}  ({cats}){tail}")


def main() -> None:
    data = rows()
    texts = list(dict.fromkeys(row["text"] for row in data))
    rules_only = {text: rules.detect(text) is not None for text in texts}
    rules.detect.cache_clear()
    safety.classify("warm up the model", moderation=False)
    times = []
    gate = {}
    for text in texts:
        started = time.perf_counter()
        gate[text] = safety.classify(text, moderation=False) is not None
        times.append((time.perf_counter() - started) * 1000)
    report("rules", rules_only, data)
    report("gate (rules + model)", gate, data)
    times.sort()
    print(f"time per check, model loaded: mean {statistics.fmean(times):.1f} ms, "
          f"p95 {times[int(len(times) * 0.95)]:.1f} ms, max {times[-1]:.1f} ms over {len(times)} texts")
    if "--misses" in sys.argv:
        split = sys.argv[sys.argv.index("--misses") + 1]
        if split != "tune" and split not in DEVELOPMENT:
            sys.exit(f"the {split} split is never read for tuning")
        for row in data:
            if row["split"] == split and gate[row["text"]] != (row["kind"] == "crisis"):
                label = "MISS" if row["kind"] == "crisis" else "FALSE"
                print(f"{label} {row['category']}: {row['text'][:220]}")


if __name__ == "__main__":
    main()
