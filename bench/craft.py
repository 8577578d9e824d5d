"""Bench: the craft of the offline engine's words, over the evaluation set in tests/data/craft_eval.toml.

Prints, over the set x 3 types x 5 seeds (targets in brackets):
  theme routing accuracy: tune, dev (tests/data/craft_dev.toml, routing only) and holdout [>= 95%]
  harmful pairings (a routed theme the item forbids)     [0]
  checker errors per 100 lines                           [0]
  items using at least one context detail                [>= 80%]
  distinct-line ratio across 20 seeds, one intent a type [affirmation >= 0.7, others >= 0.5]
  lines identical across different intents, same seed    [<= 30%]
  one script of each type in a fresh process, model load included [< 1 s]

Run: .venv/bin/python bench/craft.py [--quick]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("WAQUP_HOME", tempfile.mkdtemp(prefix="waqup-bench-"))

from engine.content import craft as checker  # noqa: E402
from engine.content import params_for, validate  # noqa: E402
from engine.generation.offline import OfflineProvider, extract  # noqa: E402

EVAL = ROOT / "tests" / "data" / "craft_eval.toml"
DEV = ROOT / "tests" / "data" / "craft_dev.toml"
TYPES = ("affirmation", "meditation", "ritual")
SEEDS = (1, 2, 3, 4, 5)
STOP = {"my", "the", "a", "an", "at", "in", "on", "of", "to", "for", "and", "i", "me", "your", "you"}


def items() -> list[dict]:
    return tomllib.loads(EVAL.read_text("utf-8"))["item"]


def development() -> list[dict]:
    """The routing development set (tests/data/craft_dev.toml): routed only, split ``dev``."""
    if not DEV.exists():
        return []
    return [{**item, "split": "dev"} for item in tomllib.loads(DEV.read_text("utf-8"))["item"]]


def options(item: dict, type_name: str, seed: int) -> dict:
    out = {"intent": item["intent"], "context": item.get("context", ""), "seed": seed}
    if type_name == "meditation":
        out["minutes"] = 5
    return out


def spoken(script) -> list[str]:
    return [line.text for line in script.lines]


def uses_detail(text: str, details: list[str]) -> bool:
    words = set(re.findall(r"[a-z']+", text.lower().replace("your", "my").replace("you", "i")))
    for detail in details:
        wanted = [w for w in re.findall(r"[a-z']+", detail.lower()) if w not in STOP]
        if wanted and all(w in words for w in wanted):
            return True
    return False


def main() -> None:
    quick = "--quick" in sys.argv
    data = items()
    if quick:
        data = data[::4]
    provider = OfflineProvider()
    # routing
    right = Counter()
    total = Counter()
    harmful = []
    for item in data + development():
        params = params_for("affirmation", intent=item["intent"], context=item.get("context", ""))
        themes = [t for t in extract.read(params).themes if t != "general"] or ["general"]
        split = item.get("split", "tune")
        total[split] += 1
        right[split] += themes[0] in item["themes"]
        bad = [t for t in themes if t in item.get("never", [])]
        if bad:
            harmful.append((item["id"], item["intent"], bad))
    for split in ("tune", "dev", "holdout"):
        if total[split]:
            print(f"theme routing accuracy ({split}): {right[split] / total[split]:.1%} of {total[split]}")
    print(f"harmful pairings: {len(harmful)}")
    for entry in harmful[:8]:
        print("   ", entry)
    # generation
    lines = 0
    errors = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    invalid = 0
    with_context = used = 0
    started = time.perf_counter()
    scripts = 0
    for item in data:
        for type_name in TYPES:
            for seed in SEEDS[: 2 if quick else 5]:
                script = provider.generate(params_for(type_name, **options(item, type_name, seed))).script
                scripts += 1
                texts = spoken(script)
                lines += len(texts) + 1  # the title counts as a line
                for code, message, *_ in checker.check(script):
                    errors[code] += 1
                    if len(examples[code]) < 3:
                        examples[code].append(message)
                invalid += bool(validate(script, type_name))
                if item.get("details"):
                    with_context += 1
                    used += uses_detail(" ".join([script.title, *texts]), item["details"])
    elapsed = time.perf_counter() - started
    print(f"scripts: {scripts} ({elapsed / scripts * 1000:.0f} ms each), invalid: {invalid}")
    print(f"checker errors per 100 lines: {100 * sum(errors.values()) / max(lines, 1):.2f} "
          f"({sum(errors.values())} in {lines} lines)")
    for code, count in errors.most_common():
        print(f"    {code}: {count}  e.g. {examples[code][0]}")
    print(f"items using a context detail: {used / max(with_context, 1):.1%} of {with_context}")
    # variety
    picks = {"affirmation": data[0], "meditation": data[len(data) // 3], "ritual": data[2 * len(data) // 3]}
    for type_name, item in picks.items():
        seen: list[str] = []
        for seed in range(1, 21):
            seen += spoken(provider.generate(params_for(type_name, **options(item, type_name, seed))).script)
        print(f"distinct-line ratio over 20 seeds, {type_name} ({item['intent']!r}): "
              f"{len(set(seen)) / len(seen):.2f}")
    for type_name in TYPES:
        by_intent = {}
        for item in data[:40]:
            by_intent[item["intent"]] = spoken(
                provider.generate(params_for(type_name, **options(item, type_name, 1))).script)
        owners = defaultdict(set)
        for intent, texts in by_intent.items():
            for text in texts:
                owners[text].add(intent)
        all_lines = [t for texts in by_intent.values() for t in texts]
        shared = sum(1 for t in all_lines if len(owners[t]) > 1)
        scripts = list(by_intent.values())
        pairs = [len(set(a) & set(b)) / max(len(set(a)), 1) for i, a in enumerate(scripts) for b in scripts[i + 1:]]
        print(f"lines shared across different intents at one seed, {type_name}: {shared / len(all_lines):.1%} "
              f"(in any of {len(scripts) - 1} others; with one other intent, on average: "
              f"{sum(pairs) / max(len(pairs), 1):.1%})")
    # one script of each type in a fresh process, model load included
    code = (
        "import time; t=time.perf_counter();"
        "from engine.content import params_for; from engine.generation.offline import OfflineProvider;"
        "import sys; p=OfflineProvider();"
        "p.generate(params_for(sys.argv[1], intent='calm before my driving test', context='my test is on friday', "
        "seed=1)); print(time.perf_counter()-t)"
    )
    for type_name in TYPES:
        runs = [float(subprocess.run([sys.executable, "-c", code, type_name], cwd=ROOT, capture_output=True,
                                     text=True, check=True).stdout) for _ in range(3)]
        print(f"one {type_name} in a fresh process (imports and model load included): {min(runs):.2f} s "
              f"(best of 3)")


if __name__ == "__main__":
    main()
