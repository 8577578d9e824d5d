"""Marketplace test helpers: settings on SQLite or PostgreSQL, small pack archives, an API wrapper."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np
import pytest
import soundfile as sf
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from engine.packs.archive import Manifest, PackItem, write_archive
from marketplace.app import create_app
from marketplace.settings import Settings

PASSWORD = "correct horse battery"
ADMIN = "admin@example.com"
# the marketplace suites that run on SQLite always and on PostgreSQL when one is configured
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not os.environ.get("WAQUP_TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="set WAQUP_TEST_DATABASE_URL to a PostgreSQL database"))]
# rate limits a test server never hits
QUIET_LIMITS = {"WAQUP_MARKET_RATE_USER": "100000/minute", "WAQUP_MARKET_RATE_IP": "100000/minute",
                "WAQUP_MARKET_RATE_AUTH": "100000/minute"}


def start_server(cmd: list[str], env: dict[str, str], url: str, log: Path) -> subprocess.Popen:
    """Start a server process (output to ``log``: a chatty server never blocks on a full pipe) and wait
    until ``url``/healthz answers."""
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
    for _ in range(600):
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()}")
        time.sleep(0.1)
    stop_server(proc)
    raise RuntimeError("server did not start")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def database_url(tmp_path: Path) -> str:
    """``WAQUP_TEST_DATABASE_URL`` (PostgreSQL, reset to an empty schema) or a fresh SQLite file."""
    url = os.environ.get("WAQUP_TEST_DATABASE_URL", "")
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("drop schema public cascade"))
            conn.execute(text("create schema public"))
        engine.dispose()
        return url
    return f"sqlite:///{tmp_path / 'market.db'}"


def make_settings(tmp_path: Path, **overrides) -> Settings:
    url = overrides.pop("database_url", None) or database_url(tmp_path)
    values = dict(database_url=url, storage=str(tmp_path / "media"), secret="s" * 40,
                  signing_keys={"k1": "u" * 32}, auto_verify=True, device_interval=1,
                  rate_user="100000/minute", rate_ip="100000/minute", rate_auth="100000/minute",
                  rate_account="100000/minute", log_level="WARNING")
    values.update(overrides)
    return Settings(**values)


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tone(path: Path, seconds: float = 1.0, rate: int = 16000) -> Path:
    t = np.arange(int(seconds * rate)) / rate
    sf.write(path, (0.2 * np.sin(2 * np.pi * 440 * t)).astype("float32"), rate)
    return path


SCRIPT = """---
title: {title}
type: affirmation
intent: {intent}
---
## Affirmations
I am calm and steady.
[pause 2s]
I breathe slowly and I am here.
[pause 2s]
I rest easily tonight.
"""


def make_pack(tmp_path: Path, slug: str = "calm-evenings", *, title: str = "Calm Evenings", items: int = 2,
              seconds: float = 1.0, tags: tuple[str, ...] = ("sleep", "calm"), price: int = 0,
              description: str = "Gentle affirmations for the evening.", audio: dict | None = None) -> Path:
    """A valid archive: ``items`` affirmations with short WAV tones (``audio`` maps item id -> file)."""
    folder = tmp_path / f"build-{slug}"
    folder.mkdir(parents=True, exist_ok=True)
    pack_items, files = [], {}
    for n in range(items):
        item_id = f"{n + 1:08x}"
        text_ = SCRIPT.format(title=f"{title} {n + 1}", intent="rest well")
        pack_items.append(PackItem(item_id, "affirmation", f"{title} {n + 1}", "rest well", text_, ["evening"],
                                   {"duration": seconds, "sample_rate": 16000}))
        files[item_id] = (audio or {}).get(item_id) or tone(folder / f"{item_id}.wav", seconds)
    manifest = Manifest({"slug": slug, "title": title, "description": description, "tags": list(tags),
                         "language": "en", "price_credits": price}, pack_items)
    return write_archive(manifest, files, tmp_path / f"{slug}.waqup")


@dataclass
class Account:
    email: str
    token: str
    refresh: str
    id: int

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class Api:
    """A TestClient with account helpers."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.app = create_app(settings)
        self.client = TestClient(self.app)

    def account(self, email: str, creator: str | None = None) -> Account:
        r = self.client.post("/v1/auth/register", json={"email": email, "password": PASSWORD})
        assert r.status_code == 201, r.text
        user_id = r.json()["id"]
        if email == ADMIN:  # admins are made on the server, never by registering
            from marketplace.auth.admin import grant

            grant(self.app.state.ctx.db, email)
        r = self.client.post("/v1/auth/token", json={"email": email, "password": PASSWORD})
        assert r.status_code == 200, r.text
        account = Account(email, r.json()["access_token"], r.json()["refresh_token"], user_id)
        if creator:
            r = self.client.put("/v1/creators/me", json={"display_name": creator}, headers=account.headers)
            assert r.status_code == 200, r.text
        return account

    def publish(self, account: Account, archive: Path):
        with open(archive, "rb") as handle:
            return self.client.post("/v1/packs", files={"archive": (archive.name, handle, "application/zip")},
                                    headers=account.headers)

    def close(self) -> None:
        self.client.close()
        self.app.state.ctx.db.dispose()
