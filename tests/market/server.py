"""A real `waqup market serve` process on loopback (SQLite or the test PostgreSQL), and HTTP account helpers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.market.helpers import PASSWORD, QUIET_LIMITS, free_port, start_server, stop_server

WAQUP = [sys.executable, "-m", "waqup_cli.main"]


class MarketServer:
    def __init__(self, tmp_path: Path, database_url: str, **env: str):
        self.tmp, self.database_url, self.port = tmp_path, database_url, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.media = tmp_path / "media"
        self.env = {f"WAQUP_MARKET_{k.upper()}": str(v) for k, v in env.items()}
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> MarketServer:
        env = {**os.environ, "WAQUP_HOME": str(self.tmp / "server-home"), "WAQUP_MARKET_LOG_LEVEL": "WARNING",
               **QUIET_LIMITS, **self.env}
        cmd = [*WAQUP, "market", "serve", "--port", str(self.port), "--database-url", self.database_url,
               "--storage", str(self.media)]
        self.log = self.tmp / "server.log"
        self.proc = start_server(cmd, env, self.url, self.log)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.proc is not None
        stop_server(self.proc)

    def account(self, email: str, creator: str | None = None) -> dict[str, str]:
        """Register and sign in; returns the Authorization header (and becomes a creator if asked)."""
        assert httpx.post(f"{self.url}/v1/auth/register", json={"email": email, "password": PASSWORD}
                          ).status_code == 201
        r = httpx.post(f"{self.url}/v1/auth/token", json={"email": email, "password": PASSWORD})
        headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
        if creator:
            r = httpx.put(f"{self.url}/v1/creators/me", json={"display_name": creator}, headers=headers)
            assert r.status_code == 200, r.text
        return headers

    def publish(self, headers: dict[str, str], archive: Path) -> httpx.Response:
        with open(archive, "rb") as handle:
            return httpx.post(f"{self.url}/v1/packs", files={"archive": (archive.name, handle, "application/zip")},
                              headers=headers, timeout=120)
