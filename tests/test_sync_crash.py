"""Crash safety: `waqup sync` killed with SIGKILL in the middle of pushing loses and duplicates no mutation."""

from __future__ import annotations

import signal
import subprocess
import time

import pytest
from sqlalchemy import create_engine, text

from engine.library import Library
from engine.market.sync import SyncStore
from marketplace.db import Database
from marketplace.ledger import service as ledger
from marketplace.ledger.uow import unit_of_work
from tests.market.helpers import PASSWORD, database_url, free_port
from tests.payments.server import Server, env_for, run_sync, sync_cmd
from tests.payments.stripe_stub import StripeStub
from tests.test_market_e2e import device_login

pytestmark = pytest.mark.slow
N = 150


@pytest.fixture
def server(tmp_path):
    with StripeStub() as stub:
        srv = Server(tmp_path, stub, free_port(), database_url(tmp_path)).start()
        yield srv
        srv.stop()


def applied(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("select count(*) from sync_mutations")).scalar()


def test_sigkill_mid_sync_loses_and_duplicates_nothing(server, tmp_path, monkeypatch):
    import httpx

    home = tmp_path / "home"
    r = httpx.post(f"{server.url}/v1/auth/register", json={"email": "u@example.com", "password": PASSWORD})
    user_id = r.json()["id"]
    device_login(server.url, home, "u@example.com")
    db = Database(server.database_url)
    with unit_of_work(db) as s:
        ledger.grant(s, user_id, 1000, "seed")
    db.dispose()
    monkeypatch.setenv("WAQUP_HOME", str(home))  # the library of the signed-in home
    with Library() as lib:
        store = SyncStore(lib, server.url)
        store.bind(user_id)
        for n in range(N):
            store.enqueue("spend", {"key": f"offline-{n}", "amount": 1})
    engine = create_engine(server.database_url)
    kills = 0
    for threshold in (20, 70):
        proc = subprocess.Popen(sync_cmd("--url", server.url), env={**env_for(home), "WAQUP_SYNC_BATCH": "1"},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while applied(engine) < threshold and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(10)
    assert kills >= 1 and 0 < applied(engine) < N
    report = run_sync(home, server.url)
    assert not report["rejected"]
    with engine.connect() as conn:
        assert applied(engine) == N
        ids = [row[0] for row in conn.execute(text("select mutation_id from sync_mutations order by id"))]
        assert ids == sorted(set(ids))  # once each, in order
        captures = conn.execute(text("select count(*) from ledger_txns where kind = 'capture'")).scalar()
        assert captures == N
    engine.dispose()
    assert report["balance"] == {"posted": 1000 - N, "held": 0, "available": 1000 - N}
    with Library() as lib:
        statuses = {r["status"] for r in lib.db.query("select status from sync_outbox")}
    assert statuses == {"applied"}
