"""Library search at scale: 100,000 items, FTS5 through the engine API and the whole CLI process.

Run: python bench/library_search.py [--items N]   (target: engine p95 <= 10 ms)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

THEMES = ["calm", "exam", "sleep", "confidence", "focus", "gratitude", "morning", "courage", "rest",
          "grief", "creativity", "work", "breath", "kindness", "energy", "patience", "joy", "trust"]
VERBS = ["welcome", "choose", "trust", "carry", "breathe", "notice", "allow", "embrace", "meet", "honour"]
NOUNS = ["my pace", "this moment", "my body", "the evening", "my study", "each breath", "my voice",
         "the quiet", "my heart", "new ideas", "my family", "the ocean", "soft light", "the mountain"]
TYPES = ["affirmation", "meditation", "ritual"]


def fake_rows(n: int, seed: int = 1):
    rng = random.Random(seed)
    for i in range(n):
        theme = rng.choice(THEMES)
        lines = "\n".join(f"I {rng.choice(VERBS)} {rng.choice(NOUNS)}." for _ in range(7))
        yield {
            "id": f"{i:08x}", "type": rng.choice(TYPES), "title": f"{theme.title()} {rng.choice(NOUNS)}",
            "intent": f"{theme} {rng.choice(NOUNS)}", "script": f"## Affirmations\n{lines}\n",
            "params": "{}", "tags": " ".join(rng.sample(THEMES, 2)),
            "created": f"2026-{1 + i % 12:02d}-01T00:00:00+00:00", "updated": "2026-01-01T00:00:00+00:00",
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["WAQUP_HOME"] = tmp
        from engine.library import Library

        lib = Library()
        start = time.perf_counter()
        with lib.transaction():
            lib.db["items"].insert_all(fake_rows(args.items), batch_size=5000)
        print(f"built {args.items:,} items in {time.perf_counter() - start:.1f}s "
              f"({Path(lib.path).stat().st_size / 1e6:.0f} MB)")
        rng = random.Random(2)
        queries = [rng.choice([rng.choice(THEMES), f"{rng.choice(THEMES)} {rng.choice(NOUNS).split()[-1]}",
                               rng.choice(THEMES)[:3]]) for _ in range(args.queries)]
        lib.search("calm")  # warm
        timings = []
        for query in queries:
            t = time.perf_counter()
            lib.search(query, limit=20)
            timings.append((time.perf_counter() - t) * 1000)
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"engine search ({len(queries)} queries, limit 20): p50 {p50:.2f} ms, p95 {p95:.2f} ms "
              f"(target p95 <= 10 ms)")
        lib.close()
        cli = []
        for query in ("calm", "exam mountain", "sle"):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "waqup_cli.main", "library", "search", query, "--json"],
                           check=True, stdout=subprocess.DEVNULL)
            cli.append((time.perf_counter() - t) * 1000)
        print(f"whole-process `waqup library search`: median {statistics.median(cli):.0f} ms")


if __name__ == "__main__":
    main()
