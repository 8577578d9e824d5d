"""Cloud voice rendering bench against a local stub with 300 ms latency per request.

Renders the voice of a 40-line meditation through ElevenLabs (official SDK, pointed at the stub)
one request at a time, then with parallel requests, then again from the synthesis cache.

    .venv/bin/python bench/providers.py [--latency 0.3] [--lines 40] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def meditation_lines(count: int) -> list[str]:
    """Spoken lines of a generated meditation (offline engine), repeated/trimmed to ``count``."""
    try:
        from engine.content import params_for
        from engine.generation import generate

        script = generate(params_for("meditation", intent="calm evening", minutes=20), "offline").script
        lines = [line.text for line in script.lines]
    except Exception:  # the offline engine is optional here
        lines = [f"Breathe in slowly and notice line {i}." for i in range(count)]
    out = [f"{lines[i % len(lines)]} ({i})" if i >= len(lines) else lines[i] for i in range(count)]
    return out[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    os.environ["WAQUP_HOME"] = tempfile.mkdtemp(prefix="waqup-bench-")

    from engine.generation.providers.cloud_voice import synthesize_many
    from engine.generation.providers.faults import RetryPolicy
    from engine.voice import SynthesisCache, VoiceSettings
    from engine.voice.elevenlabs import ElevenLabsProvider
    from tests.stubs import wire
    from tests.stubs.server import StubServer

    lines = meditation_lines(args.lines)
    with wire.install_defaults(StubServer()) as stub:
        def provider(concurrency: int) -> ElevenLabsProvider:
            return ElevenLabsProvider(api_key="el-bench-000000000000", base_url=stub.url, config={},
                                      concurrency=concurrency, retry=RetryPolicy(timeout=10))

        warm = provider(1)
        warm.synthesize("warm up", "", VoiceSettings())  # SDK import and client build, not timed
        stub.latency = args.latency
        figures: dict[str, float] = {}
        for label, concurrency in (("sequential", 1), ("parallel", args.concurrency)):
            cache = SynthesisCache(Path(tempfile.mkdtemp()))
            voice = provider(concurrency)
            voice.client()
            stub.requests.clear()
            stub.max_active = 0
            started = time.perf_counter()
            texts = [f"{label}: {t}" for t in lines]
            speech = synthesize_many(voice, texts, concurrency=concurrency, cache=cache)
            figures[label] = time.perf_counter() - started
            print(f"{label:<11} {len(speech)} lines, {len(stub.requests)} requests, "
                  f"max in flight {stub.max_active}: {figures[label]:.2f} s")
        cache_root = Path(tempfile.mkdtemp())
        voice = provider(args.concurrency)
        synthesize_many(voice, lines, cache=SynthesisCache(cache_root))
        stub.requests.clear()
        cache = SynthesisCache(cache_root)
        started = time.perf_counter()
        synthesize_many(voice, lines, cache=cache)
        figures["cached"] = time.perf_counter() - started
        print(f"{'cached':<11} {cache.hits} hits, {cache.misses} misses, {len(stub.requests)} requests: "
              f"{figures['cached'] * 1000:.1f} ms")
    print(f"parallel speed-up x{figures['sequential'] / figures['parallel']:.1f} "
          f"(concurrency {args.concurrency}, {args.latency * 1000:.0f} ms per request; "
          f"ideal x{args.concurrency})")


if __name__ == "__main__":
    main()
