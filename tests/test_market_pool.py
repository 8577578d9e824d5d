"""Pool starvation (item 11): a request holds at most one database connection, and a request that finds the
pool exhausted gets a quick 503 with Retry-After instead of hanging into a 500. SQLite always; PostgreSQL
with WAQUP_TEST_DATABASE_URL; parallel requests against a real server process."""

from __future__ import annotations

import threading

import httpx
import pytest
from sqlalchemy import event

from tests.market.helpers import BACKENDS, PASSWORD, Api, make_settings
from tests.market.live import LiveServer


@pytest.fixture(params=BACKENDS)
def backend(request, monkeypatch):
    if request.param == "sqlite":
        monkeypatch.delenv("WAQUP_TEST_DATABASE_URL", raising=False)
    return request.param


def test_a_request_holds_one_connection_at_a_time(backend, tmp_path):
    api = Api(make_settings(tmp_path))
    try:
        user = api.account("u@example.com", creator="U")
        pool = api.app.state.ctx.db.engine.pool
        peak = {"n": 0}

        @event.listens_for(pool, "checkout")
        def _out(*_args) -> None:
            peak["n"] = max(peak["n"], pool.checkedout())

        for method, path in (("GET", "/v1/wallet"), ("GET", "/v1/wallet/transactions"), ("GET", "/v1/me"),
                             ("GET", "/v1/creators/me/analytics"), ("GET", "/v1/sync"),
                             ("GET", "/v1/payments/purchases")):
            peak["n"] = 0
            r = api.client.request(method, path, headers=user.headers)
            assert r.status_code == 200, (path, r.text)
            assert peak["n"] == 1, path
    finally:
        api.close()


def test_an_exhausted_pool_answers_503_with_retry_after(backend, tmp_path):
    api = Api(make_settings(tmp_path, db_pool_size=1, db_max_overflow=0, db_pool_timeout=0.2))
    try:
        user = api.account("u@example.com")
        held = api.app.state.ctx.db.engine.connect()  # the only connection
        held.exec_driver_sql("select 1")
        try:
            for path in ("/v1/me", "/v1/wallet"):
                r = api.client.get(path, headers=user.headers)
                assert r.status_code == 503 and r.headers["Retry-After"] == "1", r.text
        finally:
            held.close()
        assert api.client.get("/v1/wallet", headers=user.headers).status_code == 200
    finally:
        api.close()


def test_parallel_wallet_requests_never_hang_or_fail(backend, tmp_path):
    """60 parallel wallet reads against a real server with a small pool: each answers 200 or a 503 with
    Retry-After, never a 500."""
    n = 60
    with LiveServer(tmp_path, db_pool_size="3", db_max_overflow="0", db_pool_timeout="10") as server:
        http = httpx.Client(base_url=server.url, timeout=120)
        http.post("/v1/auth/register", json={"email": "u@example.com", "password": PASSWORD})
        token = http.post("/v1/auth/token", json={"email": "u@example.com", "password": PASSWORD}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        barrier, results, lock = threading.Barrier(n), [], threading.Lock()

        def one() -> None:
            barrier.wait()
            try:
                r = httpx.get(f"{server.url}/v1/wallet", headers=headers, timeout=120)
                outcome = (r.status_code, r.headers.get("Retry-After"))
            except httpx.HTTPError as exc:
                outcome = (0, repr(exc))
            with lock:
                results.append(outcome)

        threads = [threading.Thread(target=one) for _ in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        http.close()
    assert len(results) == n
    assert all(code == 200 or (code == 503 and retry) for code, retry in results), results
    assert sum(code == 200 for code, _ in results) > 0
