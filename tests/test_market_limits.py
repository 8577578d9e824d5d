"""Rate limits (item 15): X-Forwarded-For only from trusted proxies, per-account limits on credentials,
and a shared store that fails closed for writes (sign-in, registration, money) and open for reads."""

from __future__ import annotations

import logging
import os

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.market.helpers import PASSWORD, Api, free_port, make_settings, reachable
from tests.market.live import LiveServer

REDIS = os.environ.get("WAQUP_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
needs_redis = pytest.mark.skipif(not reachable("127.0.0.1", 6379), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture(autouse=True)
def sqlite_only(monkeypatch):
    monkeypatch.delenv("WAQUP_TEST_DATABASE_URL", raising=False)


def login(client: TestClient, email: str = "x@example.com", xff: str | None = None) -> int:
    headers = {"X-Forwarded-For": xff} if xff else {}
    return client.post("/v1/auth/token", json={"email": email, "password": PASSWORD}, headers=headers).status_code


def test_forwarded_for_from_the_same_host_gets_no_fresh_bucket(tmp_path):
    """`waqup market serve`, as deployed: a client on loopback cannot pick its address with a header."""
    with LiveServer(tmp_path, cli=True, rate_auth="3/minute") as server:
        codes = [httpx.post(f"{server.url}/v1/auth/token", json={"email": "x@example.com", "password": PASSWORD},
                            headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code for n in range(5)]
    assert codes[:3] == [401, 401, 401] and codes[3:] == [429, 429]


def test_forwarded_for_is_believed_from_trusted_proxies_only(tmp_path):
    api = Api(make_settings(tmp_path, rate_auth="2/minute", trusted_proxies="10.0.0.0/8"))
    try:
        proxy = TestClient(api.app, client=("10.1.2.3", 40000))
        stranger = TestClient(api.app, client=("198.51.100.9", 40000))
        # behind the proxy, two clients have two buckets (the proxy appends the address it saw)
        assert [login(proxy, xff="203.0.113.1") for _ in range(3)] == [401, 401, 429]
        assert login(proxy, xff="6.6.6.6, 203.0.113.2") == 401  # spoofed left part: the proxy's entry counts
        assert login(proxy, xff="203.0.113.2, 10.9.9.9") == 401  # a chain of trusted proxies is skipped
        assert login(proxy, xff="203.0.113.2") == 429
        # a peer that is not a trusted proxy is its own address, whatever it forwards
        assert [login(stranger, xff=f"203.0.113.{n}") for n in (10, 11, 12)] == [401, 401, 429]
    finally:
        api.close()


def test_credentials_are_limited_per_account_from_any_address(tmp_path):
    api = Api(make_settings(tmp_path, rate_account="3/minute", trusted_proxies="10.0.0.0/8"))
    try:
        proxy = TestClient(api.app, client=("10.1.2.3", 40000))
        codes = [login(proxy, "victim@example.com", xff=f"203.0.113.{n}") for n in range(5)]
        assert codes == [401, 401, 401, 429, 429]
        assert login(proxy, "VICTIM@example.com ".strip(), xff="203.0.113.99") == 429
        assert login(proxy, "other@example.com", xff="203.0.113.1") == 401
        r = proxy.post("/v1/auth/register", json={"email": "victim@example.com", "password": PASSWORD})
        assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    finally:
        api.close()


def test_a_dead_store_fails_closed_for_writes_and_open_for_reads(tmp_path, caplog):
    dead = f"redis://127.0.0.1:{free_port()}/0"
    api = Api(make_settings(tmp_path))
    user = api.account("u@example.com")  # made while the store works
    api.close()
    api = Api(make_settings(tmp_path, database_url=api.settings.database_url, redis_url=dead))
    logging.getLogger("marketplace.ratelimit").addHandler(caplog.handler)  # "marketplace" does not propagate
    try:
        for path, body in (("/v1/auth/token", {"email": "u@example.com", "password": PASSWORD}),
                           ("/v1/auth/register", {"email": "n@example.com", "password": PASSWORD}),
                           ("/v1/payments/checkout", {"kind": "credits", "size": 10}),
                           ("/v1/wallet/reserve", {"key": "job-1", "amount": 1})):
            r = api.client.post(path, json=body, headers=user.headers)
            assert r.status_code == 503, (path, r.text)
            assert r.headers["Retry-After"]
        assert api.client.get("/v1/packs").status_code == 200
        assert api.client.get("/v1/wallet", headers=user.headers).status_code == 200
        assert "failing open" in caplog.text and "failing closed" in caplog.text
    finally:
        logging.getLogger("marketplace.ratelimit").removeHandler(caplog.handler)
        api.close()


@needs_redis
def test_limits_are_shared_by_instances_through_redis(tmp_path):
    import uuid

    email = f"shared-{uuid.uuid4().hex[:12]}@example.com"  # a fresh key: nothing else in the store is touched
    one = Api(make_settings(tmp_path, redis_url=REDIS, rate_account="3/minute"))
    two = Api(make_settings(tmp_path, database_url=one.settings.database_url, redis_url=REDIS,
                            rate_account="3/minute"))
    try:
        codes = [login(api.client, email) for api in (one, two, one, two)]
        assert codes == [401, 401, 401, 429]
    finally:
        one.close()
        two.close()
