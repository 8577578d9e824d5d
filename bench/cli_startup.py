"""Whole-process `waqup --help` time vs a bare Typer app with the same number of commands.

Run: python bench/cli_startup.py   (target ratio <= 1.3)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 15


def count_commands() -> int:
    from typer.main import get_command

    from waqup_cli.main import app

    group = get_command(app)
    total = 0
    for cmd in group.commands.values():
        sub = getattr(cmd, "commands", None)
        total += len(sub) if sub else 1
    return total


def bare_app(n: int) -> str:
    lines = ["import typer", "app = typer.Typer()"]
    for i in range(n):
        lines += ["@app.command()", f"def cmd{i}(name: str = typer.Option('x', help='h')):", "    '''Help.'''"]
    lines += ["app()"]
    return "\n".join(lines)


def timed(argv: list[str]) -> float:
    best = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        best.append(time.perf_counter() - start)
    return statistics.median(best)


def main() -> None:
    n = count_commands()
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(bare_app(n))
        timed([sys.executable, str(bare), "--help"])  # warm the file cache
        base = timed([sys.executable, str(bare), "--help"])
        ours = timed([sys.executable, "-m", "waqup_cli.main", "--help"])
    print(f"commands: {n}")
    print(f"bare typer --help: {base * 1000:.0f} ms (median of {RUNS})")
    print(f"waqup --help:      {ours * 1000:.0f} ms (median of {RUNS})")
    print(f"ratio: {ours / base:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()
