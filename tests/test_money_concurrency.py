"""Issue 15, money under real parallel requests against a real `waqup market serve` process: pay-with-credits
buys of one pack charge once, concurrent payouts with one key return the stored payout, and idempotency keys
reused with another body are refused. SQLite always; PostgreSQL when ``WAQUP_TEST_DATABASE_URL`` is set."""

from __future__ import annotations

import os
import threading
from collections import Counter

import httpx
import pytest
from sqlalchemy import create_engine, update

from marketplace.models import User
from tests.market.helpers import BACKENDS, PASSWORD, database_url, free_port, make_pack
from tests.payments.server import Server
from tests.payments.stripe_stub import StripeStub

pytestmark = pytest.mark.slow
PG = os.environ.get("WAQUP_TEST_DATABASE_URL", "").startswith("postgresql")
N = 10


class Live:
    """The server, its database URL and small HTTP helpers."""

    def __init__(self, server: Server):
        self.server, self.url = server, server.url
        self.http = httpx.Client(base_url=server.url, timeout=120)

    def account(self, email: str, creator: str | None = None) -> dict[str, str]:
        r = self.http.post("/v1/auth/register", json={"email": email, "password": PASSWORD})
        assert r.status_code == 201, r.text
        token = self.http.post("/v1/auth/token", json={"email": email, "password": PASSWORD}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "X-User-Id": str(r.json()["id"])}
        if creator:
            assert self.http.put("/v1/creators/me", json={"display_name": creator}, headers=headers).status_code == 200
        return headers

    def make_admin(self, headers: dict[str, str]) -> None:
        engine = create_engine(self.server.database_url)
        with engine.begin() as conn:
            conn.execute(update(User).where(User.id == int(headers["X-User-Id"])).values(role="admin"))
        engine.dispose()

    def publish(self, headers, archive) -> None:
        with open(archive, "rb") as handle:
            r = self.http.post("/v1/packs", files={"archive": (archive.name, handle, "application/zip")},
                               headers=headers)
        assert r.status_code == 201, r.text

    def buy_credits(self, headers, size: int) -> None:
        r = self.http.post("/v1/payments/checkout", json={"kind": "credits", "size": size}, headers=headers)
        assert r.status_code == 201, r.text
        sid = r.json()["url"].rsplit("/", 1)[-1]
        session = self.server.stub.pay(sid)
        assert self.server.deliver(self.server.stub.event("checkout.session.completed", session))["outcome"] == \
            "fulfilled"

    def wallet(self, headers) -> dict:
        return self.http.get("/v1/wallet", headers=headers).json()


def parallel(url: str, n: int, method: str, path: str, bodies: list[dict], headers: dict) -> list[httpx.Response]:
    barrier, out, lock = threading.Barrier(n), [], threading.Lock()

    def one(i: int) -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            barrier.wait()
            r = http.request(method, path, json=bodies[i], headers=headers)
        with lock:
            out.append(r)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    assert len(out) == n
    return out


@pytest.fixture(params=BACKENDS)
def live(request, tmp_path, monkeypatch):
    if request.param == "sqlite":
        monkeypatch.delenv("WAQUP_TEST_DATABASE_URL", raising=False)
    with StripeStub() as stub:
        server = Server(tmp_path, stub, free_port(), database_url(tmp_path)).start()
        api = Live(server)
        yield api
        api.http.close()
        server.stop()


def audit(live: Live, admin) -> dict:
    r = live.http.post("/v1/admin/ledger/audit", headers=admin)
    assert r.status_code == 200, r.text
    return r.json()


# -- 2. parallel pay-with-credits buys of one pack charge once ---------------------------------------
@pytest.mark.parametrize("keys", ["distinct", "none"])
def test_parallel_wallet_buys_of_one_pack_charge_once(live, tmp_path, keys):
    creator = live.account("ana@example.com", creator="Ana")
    fan = live.account("fan@example.com")
    live.publish(creator, make_pack(tmp_path, price=50))
    live.buy_credits(fan, 120)
    body = {"kind": "pack", "pack": "calm-evenings", "pay": "credits"}
    bodies = [{**body, "idempotency_key": f"buy-key-{i:04d}"} if keys == "distinct" else body for i in range(N)]
    answers = parallel(live.url, N, "POST", "/v1/payments/checkout", bodies, fan)
    codes = Counter(r.status_code for r in answers)
    assert codes == {201: 1, 409: N - 1}, [r.text for r in answers if r.status_code not in (201, 409)][:3]
    assert all("already have" in r.json()["detail"] for r in answers if r.status_code == 409)
    assert live.wallet(fan)["available"] == 70
    earned = live.http.get("/v1/creators/me/earnings", headers=creator).json()
    assert earned["sales"] == 1 and earned["payable"] == 35
    admin = live.account("boss@example.com")
    live.make_admin(admin)
    assert audit(live, admin)["total"] == 0


# -- 3. idempotency keys ----------------------------------------------------------------------------------
def test_concurrent_payouts_with_one_key_return_the_stored_payout(live, tmp_path):
    creator = live.account("ana@example.com", creator="Ana")
    fan = live.account("fan@example.com")
    live.publish(creator, make_pack(tmp_path, price=50))
    live.buy_credits(fan, 120)
    r = live.http.post("/v1/payments/checkout", json={"kind": "pack", "pack": "calm-evenings", "pay": "credits"},
                       headers=fan)
    assert r.status_code == 201, r.text
    answers = parallel(live.url, N, "POST", "/v1/creators/me/payouts", [{"idempotency_key": "one-payout-key"}] * N,
                       creator)
    assert [r.status_code for r in answers] == [200] * N, [r.text for r in answers if r.status_code != 200][:3]
    assert len({r.json()["id"] for r in answers}) == 1 and answers[0].json()["credits"] == 35
    earned = live.http.get("/v1/creators/me/earnings", headers=creator).json()
    assert earned["payable"] == 0 and len(earned["payouts"]) == 1


def test_checkout_key_reused_for_pay_credits_is_a_conflict_naming_the_key(live, tmp_path):
    creator = live.account("ana@example.com", creator="Ana")
    fan = live.account("fan@example.com")
    live.publish(creator, make_pack(tmp_path, price=5))
    live.buy_credits(fan, 10)
    card = {"kind": "pack", "pack": "calm-evenings", "idempotency_key": "shared-key-01"}
    assert live.http.post("/v1/payments/checkout", json=card, headers=fan).status_code == 201
    r = live.http.post("/v1/payments/checkout", json={**card, "pay": "credits"}, headers=fan)
    assert r.status_code == 409 and "shared-key-01" in r.json()["detail"]
    r = live.http.post("/v1/payments/checkout", json={"kind": "credits", "size": 10,
                                                      "idempotency_key": "shared-key-01"}, headers=fan)
    assert r.status_code == 409 and "shared-key-01" in r.json()["detail"]
    assert live.wallet(fan)["available"] == 10
    again = live.http.post("/v1/payments/checkout", json=card, headers=fan)
    assert again.status_code == 201  # the same body is still the same purchase


def test_grant_key_reused_for_another_user_is_a_conflict(live):
    admin = live.account("boss@example.com")
    live.make_admin(admin)
    a, b = live.account("a@example.com"), live.account("b@example.com")
    grant = {"user_id": int(a["X-User-Id"]), "amount": 5, "key": "promo-0001"}
    first = live.http.post("/v1/admin/wallet/grant", json=grant, headers=admin)
    assert first.status_code == 201, first.text
    assert live.http.post("/v1/admin/wallet/grant", json=grant, headers=admin).json()["id"] == first.json()["id"]
    for other in ({**grant, "user_id": int(b["X-User-Id"])}, {**grant, "amount": 6}):
        r = live.http.post("/v1/admin/wallet/grant", json=other, headers=admin)
        assert r.status_code == 409 and "promo-0001" in r.json()["detail"], r.text
    assert live.wallet(a)["available"] == 5 and live.wallet(b)["available"] == 0
