"""Bench: publishing a ~100 MB pack to a real `waqup market serve` process — server memory and CPU.

The server checks a publish from the zip directory, streams every entry through its checksum and reads audio
durations from headers with a bounded decode, so its memory should stay flat whatever the pack's size. Prints
the server's peak resident memory (VmHWM from /proc) after start, after a warm-up publish of a small pack
(first-use imports) and after the big publish, the CPU seconds the publish
took, and as a peer the CPU seconds of one plain SHA-256 pass over the same archive in this process.

Run: .venv/bin/python bench/publish.py [--mb 100]   (Linux: reads /proc)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("WAQUP_HOME", tempfile.mkdtemp(prefix="waqup-bench-"))

RATE = 16000  # the test packs' rate: 32 kB a second of 16-bit mono


def noise_wav(path: Path, seconds: int) -> Path:
    """Low noise (so the archive does not compress away), written a minute at a time."""
    import numpy as np
    import soundfile as sf

    rng = np.random.default_rng(7)
    with sf.SoundFile(path, "w", RATE, 1, "PCM_16") as out:
        for _ in range(seconds // 60):
            out.write((rng.standard_normal(RATE * 60) * 0.05).astype("float32"))
    return path


def proc_memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of ``pid`` in MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) // 1024
    return fields


def proc_cpu(pid: int) -> float:
    """User + system CPU seconds of ``pid``."""
    parts = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=100, help="archive size to build, in MB")
    args = parser.parse_args()

    from tests.market.helpers import make_pack
    from tests.market.server import MarketServer

    with tempfile.TemporaryDirectory(prefix="waqup-bench-publish-") as tmp:
        tmp_path = Path(tmp)
        items = 4
        seconds = max(60, (args.mb * 1_000_000 // items // (RATE * 2)) // 60 * 60)
        audio = {f"{n + 1:08x}": noise_wav(tmp_path / f"{n + 1}.wav", seconds) for n in range(items)}
        archive = make_pack(tmp_path, slug="big-pack", items=items, seconds=seconds, audio=audio)
        size_mb = archive.stat().st_size / 1e6

        start = time.process_time()
        digest = hashlib.sha256()
        with open(archive, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
        peer_cpu = time.process_time() - start

        small = make_pack(tmp_path / "small", slug="small-pack", items=items, seconds=60)
        with MarketServer(tmp_path, f"sqlite:///{tmp_path / 'market.db'}", auto_verify="true") as server:
            creator = server.account("big@example.com", creator="Big")
            pid = server.proc.pid
            started = proc_memory(pid)
            # warm up with a small pack: first-use imports (soundfile, numpy) and thread arenas are not the
            # publish's size-dependent memory
            if server.publish(creator, small).status_code != 201:
                sys.exit("the warm-up publish failed")
            before, cpu_before = proc_memory(pid), proc_cpu(pid)
            wall = time.perf_counter()
            answer = server.publish(creator, archive)
            wall = time.perf_counter() - wall
            after, cpu = proc_memory(pid), proc_cpu(pid) - cpu_before
        if answer.status_code != 201:
            sys.exit(f"publish failed: {answer.status_code} {answer.text[:200]}")

    print(f"archive: {size_mb:.1f} MB, {items} items of {seconds // 60} min")
    print(f"server peak memory: {started['VmHWM']} MiB started, {before['VmHWM']} MiB after a 4-minute pack, "
          f"{after['VmHWM']} MiB after the big one")
    print(f"server peak memory: {before['VmHWM']} MiB before -> {after['VmHWM']} MiB after the publish "
          f"(+{after['VmHWM'] - before['VmHWM']} MiB for {size_mb:.0f} MB; resident now {after['VmRSS']} MiB)")
    print(f"publish: {cpu:.2f} s server CPU, {wall:.2f} s wall; peer sha256 pass over the archive: "
          f"{peer_cpu:.2f} s CPU -> {cpu / max(peer_cpu, 1e-6):.1f}x")


if __name__ == "__main__":
    main()
