"""A real `waqup market serve` process wired to the Stripe stand-in, and CLI helpers for end-to-end tests."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx

from tests.market.helpers import QUIET_LIMITS, start_server, stop_server
from tests.payments.stripe_stub import SECRET_KEY, WEBHOOK_SECRET, StripeStub, sign

WAQUP = [sys.executable, "-m", "waqup_cli.main"]


class Server:
    """Start, stop and restart the marketplace on one port and database."""

    def __init__(self, tmp_path: Path, stub: StripeStub, port: int, database_url: str):
        self.tmp, self.stub, self.port, self.database_url = tmp_path, stub, port, database_url
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> Server:
        env = {**os.environ, "WAQUP_HOME": str(self.tmp / "server-home"), "WAQUP_MARKET_DEVICE_INTERVAL": "1",
               "WAQUP_MARKET_LOG_LEVEL": "WARNING", "WAQUP_MARKET_STRIPE_SECRET_KEY": SECRET_KEY,
               "WAQUP_MARKET_STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET, "WAQUP_MARKET_STRIPE_API_BASE": self.stub.url,
               **QUIET_LIMITS}
        cmd = [*WAQUP, "market", "serve", "--port", str(self.port), "--database-url", self.database_url,
               "--storage", str(self.tmp / "media")]
        self.proc = start_server(cmd, env, self.url, self.tmp / "server.log")
        return self

    def stop(self) -> None:
        if self.proc is not None:
            stop_server(self.proc)
            self.proc = None

    def deliver(self, payload: str) -> dict:
        r = httpx.post(f"{self.url}/v1/payments/webhook", content=payload.encode(),
                       headers={"Stripe-Signature": sign(payload), "Content-Type": "application/json"})
        assert r.status_code == 200, r.text
        return r.json()


def env_for(home: Path) -> dict[str, str]:
    return {**os.environ, "WAQUP_HOME": str(home)}


def cli(home: Path, *args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
    out = subprocess.run([*WAQUP, *args], env=env_for(home), capture_output=True, text=True, timeout=timeout)
    if check:
        assert out.returncode == 0, (args, out.stdout, out.stderr)
    return out


SYNC = ("import sys, typer\nfrom waqup_cli.commands import sync\napp = typer.Typer()\nsync.register(app)\n"
        "app(sys.argv[1:], prog_name='waqup sync')\n")


def sync_cmd(*args: str) -> list[str]:
    """`waqup sync ARGS` (through a one-command app until "sync" is in the CLI's VERBS)."""
    from waqup_cli.commands import VERBS

    return [*WAQUP, "sync", *args] if "sync" in VERBS else [sys.executable, "-c", SYNC, *args]


def run_sync(home: Path, url: str) -> dict:
    out = subprocess.run(sync_cmd("--url", url, "--json"), env=env_for(home), capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, (out.stdout, out.stderr)
    return json.loads(out.stdout)


def pay_from_cli(server: Server, home: Path, *args: str) -> subprocess.CompletedProcess:
    """Run a buying command with --no-browser, pay the printed Checkout link and deliver the webhook."""
    proc = subprocess.Popen([*WAQUP, *args, "--no-browser", "--url", server.url], env=env_for(home),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    match = re.search(r"/pay/(cs_test_\w+)", line)
    assert match, (line, proc.stderr.read() if proc.poll() is not None else "")
    session = server.stub.pay(match.group(1))
    server.deliver(server.stub.event("checkout.session.completed", session))
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, (out, err)
    return subprocess.CompletedProcess(args, 0, line + out, err)
