"""Marketplace catalog search with 10,000 packs through a real server process on loopback.

Seeds a fresh SQLite (or --database-url) catalog, starts `waqup market serve` with one worker, then runs a
bounded load loop against 127.0.0.1 only: cold requests, then the same requests with If-None-Match (304).

    .venv/bin/python bench/market.py [--packs 10000] [--seconds 10] [--concurrency 4]
    (targets: >= 500 requests/s with one worker on 2 cores, p99 <= 50 ms)

Three lines: the page cache off (every request runs the search), a warm page cache (a client without an ETag
asks a query someone asked since the catalog last changed), and If-None-Match (304). The server's own
counters show where each page came from.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

THEMES = ["calm", "sleep", "focus", "gratitude", "morning", "courage", "rest", "grief", "energy", "joy",
          "breath", "kindness", "patience", "trust", "exam", "work", "ocean", "mountain"]
TYPES = ["affirmation", "meditation", "ritual"]


def seed(url: str, n: int) -> None:
    from sqlalchemy import insert, text

    from marketplace.db import Database
    from marketplace.migrate import upgrade
    from marketplace.models import Creator, Pack, PackTag, User

    upgrade(url)
    db = Database(url)
    rng = random.Random(7)
    now = datetime.now(UTC)
    with db.session() as s:
        s.execute(insert(User), [{"id": i, "email": f"c{i}@example.com", "password_hash": "x", "role": "creator",
                                  "disabled": False, "created_at": now} for i in range(1, 51)])
        s.execute(insert(Creator), [{"user_id": i, "display_name": f"Creator {i}", "bio": "", "links": [],
                                     "created_at": now} for i in range(1, 51)])
        packs, tags = [], []
        for i in range(1, n + 1):
            chosen = rng.sample(THEMES, 3)
            packs.append({"id": i, "slug": f"pack-{i}", "creator_id": rng.randint(1, 50),
                          "title": f"{chosen[0].title()} {chosen[1]} pack {i}",
                          "description": f"Gentle {chosen[0]} and {chosen[2]} for every day.",
                          "type": rng.choice(TYPES), "tags": " ".join(chosen), "language": "en",
                          "price_credits": rng.choice([0, 0, 0, 20, 50]), "status": "published",
                          "takedown_reason": "", "version": 1, "item_count": 5,
                          "duration": rng.uniform(60, 3600), "downloads": rng.randint(0, 5000),
                          "search_text": " ".join(f"item {k} {rng.choice(THEMES)}" for k in range(5)),
                          "created_at": now - timedelta(minutes=i), "updated_at": now})
            tags += [{"pack_id": i, "tag": t} for t in chosen]
        s.execute(insert(Pack), packs)
        s.execute(insert(PackTag), tags)
    if url.startswith("postgresql"):
        with db.engine.connect() as conn:  # planner statistics, as autovacuum would gather after a bulk load
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("analyze"))
    db.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load(base: str, queries: list[dict], total: int, concurrency: int, etags: dict | None) -> tuple[float, list]:
    import httpx

    latencies: list[float] = []
    lock = threading.Lock()
    counter = iter(range(total))

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=10) as client:
            while True:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                params = queries[n % len(queries)]
                headers = {"If-None-Match": etags[n % len(queries)]} if etags else {}
                start = time.perf_counter()
                r = client.get("/v1/packs", params=params, headers=headers)
                elapsed = time.perf_counter() - start
                assert r.status_code in ((304, 200) if etags else (200,)), r.status_code  # 200: a new counts window
                with lock:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, latencies


def wrk(base: str, queries: list[dict], etags: list[str] | None, seconds: int, connections: int) -> str:
    """The same queries driven by wrk (a C load generator, so the client does not compete for the GIL)."""
    import json
    import re
    from urllib.parse import urlencode

    paths = [f"/v1/packs?{urlencode(q)}" for q in queries]
    lua = "local paths = " + json.dumps(paths).replace("[", "{").replace("]", "}") + "\n"
    lua += "local etags = " + (json.dumps(etags).replace("[", "{").replace("]", "}") if etags else "nil") + "\n"
    lua += ("local i = 0\nrequest = function()\n  i = i + 1\n  local k = (i % #paths) + 1\n"
            "  if etags then return wrk.format('GET', paths[k], {['If-None-Match'] = etags[k]}) end\n"
            "  return wrk.format('GET', paths[k])\nend\n")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(lua)
    try:
        out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", handle.name, base],
                             capture_output=True, text=True, timeout=seconds + 30).stdout
    finally:
        os.unlink(handle.name)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return (f"{float(rps.group(1)) if rps else 0:8.0f} req/s   p50 {p50.group(1) if p50 else '?':>8}   "
            f"p99 {p99.group(1) if p99 else '?':>8}" + (f"   non-2xx/3xx {errors.group(1)}" if errors else ""))


def report(name: str, seconds: float, latencies: list[float]) -> None:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    print(f"{name:<34} {len(ordered) / seconds:8.0f} req/s   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms")


def start_server(url: str, tmp: str, cache: int) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    env = {**os.environ, "WAQUP_HOME": tmp, "WAQUP_MARKET_LOG_LEVEL": "WARNING",
           "WAQUP_MARKET_RATE_IP": "1000000/minute", "WAQUP_MARKET_CATALOG_CACHE": str(cache)}
    proc = subprocess.Popen([sys.executable, "-m", "waqup_cli.main", "market", "serve", "--port", str(port),
                             "--database-url", url, "--storage", f"{tmp}/media"], env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("the server did not start")


def page_sources(base: str) -> str:
    """Where the server says its catalog pages came from (search / cache / not_modified), from /metrics."""
    import re

    import httpx

    text = httpx.get(f"{base}/metrics").text
    found = re.findall(r'waqup_market_catalog_pages_total\{source="(\w+)"\} ([\d.e+]+)', text)
    return ", ".join(f"{name} {float(n):.0f}" for name, n in found)


def measure(name: str, base: str, queries: list[dict], etags: list[str] | None, args: argparse.Namespace) -> None:
    if shutil.which("wrk"):
        print(f"{name:<34} {wrk(base, queries, etags, args.seconds, args.concurrency)}")
    else:
        report(name, *load(base, queries, args.requests, args.concurrency, etags))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10, help="per line, with wrk")
    parser.add_argument("--requests", type=int, default=2000, help="per line, with the Python client")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    import httpx

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/market.db"
        t0 = time.perf_counter()
        seed(url, args.packs)
        print(f"seeded {args.packs} packs in {time.perf_counter() - t0:.1f}s ({url.split(':')[0]}); "
              f"client: {'wrk' if shutil.which('wrk') else 'Python threads (install wrk for a C client)'}, "
              f"{args.concurrency} connections, one server worker")
        rng = random.Random(1)
        queries = [{"q": rng.choice(THEMES), "limit": 20} for _ in range(30)]
        queries += [{"tag": rng.choice(THEMES), "price": "free", "sort": "popular"} for _ in range(10)]
        queries += [{"type": rng.choice(TYPES), "sort": "newest"} for _ in range(10)]
        # The page cache off: every request runs the search (the figure for queries nobody asked before).
        proc, base = start_server(url, tmp, 0)
        try:
            load(base, queries, 100, args.concurrency, None)  # warm up
            measure("search, every page computed", base, queries, None, args)
            print(f"{'':<34} pages: {page_sources(base)}")
        finally:
            proc.terminate()
            proc.wait(10)
        proc, base = start_server(url, tmp, 1024)
        try:
            load(base, queries, 100, args.concurrency, None)
            measure("search, no ETag (page cache)", base, queries, None, args)
            etags = [httpx.get(f"{base}/v1/packs", params=q).headers["etag"] for q in queries]
            measure("search, ETag (304)", base, queries, etags, args)
            print(f"{'':<34} pages: {page_sources(base)}")
        finally:
            proc.terminate()
            proc.wait(10)
    print("targets: >= 500 req/s, p99 <= 50 ms")


if __name__ == "__main__":
    main()
