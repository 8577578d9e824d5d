"""Bench: scripts from a real local OpenAI-compatible server (llama.cpp, Ollama, vLLM, LM Studio).

Runs only when ``WAQUP_BENCH_LOCAL_URL`` is set (e.g. ``http://127.0.0.1:8080/v1``); otherwise it
prints one line and exits 0. For each type it generates ``--items`` scripts (default 10) from the
intents in tests/data/craft_eval.toml and prints:

  passing without the offline fallback  every part written by the model, validator and craft checker clean
  passing with the fallback             the final script (offline parts included) is clean
  seconds per item, tokens per item     (tokens estimated at 4 characters when the server sends none)

Options (environment): WAQUP_BENCH_LOCAL_MODEL (the model name the server expects), WAQUP_BENCH_LOCAL_STYLE
(auto, lines or json; default auto), WAQUP_BENCH_LOCAL_TIMEOUT (seconds per request, default 120).

Run: WAQUP_BENCH_LOCAL_URL=http://127.0.0.1:8080/v1 .venv/bin/python bench/local_llm.py [--items N]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TYPES = ("affirmation", "meditation", "ritual")


def options(item: dict, type_name: str) -> dict:
    out = {"intent": item["intent"], "context": item.get("context", "")}
    if type_name == "meditation":
        out["minutes"] = 5
    return out


def main() -> int:
    url = os.environ.get("WAQUP_BENCH_LOCAL_URL", "").strip()
    if not url:
        print("bench/local_llm.py: skipped (set WAQUP_BENCH_LOCAL_URL to a local OpenAI-compatible server's /v1 URL)")
        return 0
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("WAQUP_HOME", tempfile.mkdtemp(prefix="waqup-bench-local-"))
    count = int(sys.argv[sys.argv.index("--items") + 1]) if "--items" in sys.argv else 10

    from engine.content import craft, params_for, validate
    from engine.errors import WaqupError
    from engine.generation.providers.openai_chat import LocalProvider

    section = {"base_url": url, "style": os.environ.get("WAQUP_BENCH_LOCAL_STYLE", "auto"),
               "timeout": float(os.environ.get("WAQUP_BENCH_LOCAL_TIMEOUT", "120"))}
    if os.environ.get("WAQUP_BENCH_LOCAL_MODEL"):
        section["model"] = os.environ["WAQUP_BENCH_LOCAL_MODEL"]
    provider = LocalProvider(config={"providers": {"local": section}})
    data = tomllib.loads((ROOT / "tests" / "data" / "craft_eval.toml").read_text("utf-8"))["item"]
    print(f"server {url}, model {provider.model}, style {provider.chosen_style()}, {count} items a type")
    for type_name in TYPES:
        clean_alone = clean = failed = 0
        seconds = tokens = 0.0
        for item in data[:count]:
            started = time.perf_counter()
            try:
                result = provider.generate(params_for(type_name, **options(item, type_name)))
            except WaqupError as exc:
                failed += 1
                print(f"  {type_name}: failed: {exc}")
                continue
            finally:
                seconds += time.perf_counter() - started
            tokens += result.usage.get("input_tokens", 0) + result.usage.get("output_tokens", 0)
            ok = not validate(result.script, type_name) and not craft.check(result.script)
            clean += ok
            clean_alone += ok and not result.usage.get("offline_sections")
        print(f"{type_name:<12} passing without the offline fallback {clean_alone}/{count} "
              f"({clean_alone / count:.0%}), with it {clean}/{count} ({clean / count:.0%}), failed {failed}; "
              f"{seconds / count:.1f} s and {tokens / count:.0f} tokens an item")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
