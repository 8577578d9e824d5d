"""A real marketplace server process (uvicorn on loopback) for tests that need real parallel requests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.market.helpers import QUIET_LIMITS, database_url, free_port, start_server, stop_server


class LiveServer:
    """``uvicorn marketplace.app:app_from_env`` with ``WAQUP_MARKET_*`` settings from ``env``."""

    def __init__(self, tmp_path: Path, cli: bool = False, **env: str):
        self.cli = cli  # through `waqup market serve` (its uvicorn options) instead of plain uvicorn
        self.log = tmp_path / "live-server.log"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "WAQUP_HOME": str(tmp_path / "server-home"),
                    "WAQUP_MARKET_DATABASE_URL": database_url(tmp_path),
                    "WAQUP_MARKET_STORAGE": str(tmp_path / "media"), "WAQUP_MARKET_SECRET": "s" * 40,
                    "WAQUP_MARKET_SIGNING_KEYS": "k1:" + "u" * 32, "WAQUP_MARKET_LOG_LEVEL": "WARNING",
                    **QUIET_LIMITS, "WAQUP_MARKET_AUTO_VERIFY": "1",
                    **{f"WAQUP_MARKET_{k.upper()}": v for k, v in env.items()}}
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> LiveServer:
        cmd = [sys.executable, "-m", "uvicorn", "marketplace.app:app_from_env", "--factory", "--host", "127.0.0.1",
               "--port", str(self.port), "--log-level", "warning", "--no-access-log", "--no-proxy-headers"]
        if self.cli:
            cmd = [sys.executable, "-m", "waqup_cli.main", "market", "serve", "--port", str(self.port)]
        self.proc = start_server(cmd, self.env, self.url, self.log)
        return self

    def __exit__(self, *exc) -> None:
        if self.proc is not None:
            stop_server(self.proc)
            self.proc = None
