"""Batch pack throughput against a local OpenAI-compatible stub (300 ms latency, 20 requests/s).

Runs a 100-item pack with ``--rate 1200/min`` (the stub's limit) and enough concurrency to fill it,
then the same pack with concurrency 1, and prints the achieved request rate as a fraction of the
limit (target >= 0.9) and the total time over the theoretical minimum (target <= 1.15).

    .venv/bin/python bench/batch.py [--items 100] [--latency 0.3] [--limit 20] [--skip-serial]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def spec_text(n: int, slug: str) -> str:
    rows = "".join(f'\n[[items]]\nname = "b{k}"\ntype = "affirmation"\nintent = "steady focus number {k}"\n'
                   for k in range(1, n + 1))
    return f'[pack]\ntitle = "Bench"\nslug = "{slug}"\n\n[defaults]\nprovider = "local"\nseed = 1\n{rows}'


def limited_handler(limit: int, arrivals: list[float], rejected: list[float]):
    """The default chat answer, or 429 when more than ``limit`` requests arrived in the last second."""
    from tests.stubs.server import Reply
    from tests.stubs.wire import openai_chat_handler, openai_error

    window: deque[float] = deque()
    lock = threading.Lock()

    def handle(req) -> Reply:
        now = time.monotonic()
        with lock:
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= limit:
                rejected.append(now)
                return openai_error(429, "rate limit", "rate_limit_error", {"retry-after-ms": "100"})
            window.append(now)
            arrivals.append(now)
        return openai_chat_handler(req)

    return handle


def serve(conn, latency: float, limit: int) -> None:
    """Child process: the stub server (its own GIL, like a real server); reports arrivals on "stop"."""
    from tests.stubs.server import StubServer
    from tests.stubs.wire import install_defaults

    arrivals: list[float] = []
    rejected: list[float] = []
    with install_defaults(StubServer()) as stub:
        stub.latency = latency
        stub.route("/v1/chat/completions", limited_handler(limit, arrivals, rejected))
        conn.send(stub.url)
        conn.recv()
        conn.send((arrivals, rejected))


def run_once(n: int, latency: float, limit: int, concurrency: int, rate: float | None, home: Path) -> dict:
    import multiprocessing

    from engine.config import set_value
    from engine.packs.run import RunOptions, run_pack
    from engine.packs.validate import load_spec

    os.environ["WAQUP_HOME"] = str(home)
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(target=serve, args=(child, latency, limit), daemon=True)
    server.start()
    try:
        set_value("providers.local.base_url", f"{parent.recv()}/v1")
        spec_path = home / "bench.toml"
        spec_path.write_text(spec_text(n, f"bench-c{concurrency}"), "utf-8")
        spec = load_spec(spec_path)
        import openai  # noqa: F401 - a one-off import (~0.5 s) is not part of the pack's run time

        started = time.monotonic()
        report = run_pack(spec, RunOptions(concurrency=concurrency, rate=rate, audio=False, backoff=0.1))
        ended = time.monotonic()
        elapsed = ended - started
        parent.send("stop")
        arrivals, rejected = parent.recv()
    finally:
        server.join(5)
        if server.is_alive():
            server.terminate()
    span = (arrivals[-1] - arrivals[0]) if len(arrivals) > 1 else elapsed
    print(f"  c={concurrency}: first request after {arrivals[0] - started:.2f}s, "
          f"done {ended - arrivals[-1]:.2f}s after the last", file=sys.stderr)
    achieved = (len(arrivals) - 1) / span if span > 0 else 0.0
    minimum = max((n - 1) / limit, (n - 1) * latency / concurrency) + latency
    return {"concurrency": concurrency, "items": n, "done": report.counts().get("done", 0), "elapsed": elapsed,
            "requests": len(arrivals), "rejected": len(rejected), "rate": achieved,
            "rate_fraction": achieved / limit, "minimum": minimum, "time_ratio": elapsed / minimum}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--limit", type=int, default=20, help="stub limit, requests per second")
    parser.add_argument("--concurrency", type=int, default=0, help="default: enough to fill the limit")
    parser.add_argument("--headroom", type=float, default=0.95,
                        help="--rate as a fraction of the limit (thread dispatch jitter needs a little)")
    parser.add_argument("--skip-serial", action="store_true", help="skip the concurrency-1 comparison")
    args = parser.parse_args()
    concurrency = args.concurrency or int(args.limit * args.latency * 1.5) + 2
    rate = args.limit * 60.0 * args.headroom  # --rate, requests per minute
    with tempfile.TemporaryDirectory(prefix="waqup-bench-") as tmp:
        runs = [run_once(args.items, args.latency, args.limit, concurrency, rate, Path(tmp) / "fast")]
        if not args.skip_serial:
            runs.append(run_once(args.items, args.latency, args.limit, 1, rate, Path(tmp) / "serial"))
    print(f"{args.items} items, stub latency {args.latency * 1000:.0f} ms, limit {args.limit} requests/s, "
          f"--rate {rate:g}/min")
    print(f"{'concurrency':>11} {'done':>5} {'time s':>7} {'min s':>6} {'ratio':>6} {'req/s':>6} "
          f"{'of limit':>8} {'429s':>5}")
    for r in runs:
        print(f"{r['concurrency']:>11} {r['done']:>5} {r['elapsed']:>7.2f} {r['minimum']:>6.2f} "
              f"{r['time_ratio']:>6.3f} {r['rate']:>6.2f} {r['rate_fraction']:>8.3f} {r['rejected']:>5}")
    fast = runs[0]
    print(f"target: rate >= 0.9 of the limit ({'ok' if fast['rate_fraction'] >= 0.9 else 'MISSED'}), "
          f"time <= 1.15 x minimum ({'ok' if fast['time_ratio'] <= 1.15 else 'MISSED'})")
    if len(runs) > 1:
        print(f"speed-up over concurrency 1: {runs[1]['elapsed'] / fast['elapsed']:.1f}x")


if __name__ == "__main__":
    main()
