"""The server's double-entry ledger: holds, captures, voids, refunds, idempotency, expiry, the API."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.ledger import service as ledger
from marketplace.ledger.uow import unit_of_work
from marketplace.models import utcnow
from tests.market.helpers import ADMIN, Api, make_settings


@pytest.fixture
def api(tmp_path):
    api = Api(make_settings(tmp_path))
    yield api
    api.close()


def uow(api):
    return unit_of_work(api.app.state.ctx.db)


def grant(api, user_id: int, amount: int, key: str = "g1") -> None:
    with uow(api) as db:
        ledger.grant(db, user_id, amount, key)


def test_reserve_capture_void_and_books_balance(api):
    u = api.account("u@example.com")
    grant(api, u.id, 10)
    with uow(api) as db:
        hold = ledger.reserve(db, u.id, "job-1", 4, content_type="meditation")
        assert hold.status == "pending"
        assert ledger.balance(db, u.id) == {"posted": 10, "held": 4, "available": 6}
        again = ledger.reserve(db, u.id, "job-1", 4)  # idempotent
        assert again.id == hold.id
    with uow(api) as db:
        txn = ledger.capture(db, u.id, "job-1", 3)
        assert ledger.capture(db, u.id, "job-1", 3).id == txn.id
        assert ledger.balance(db, u.id) == {"posted": 7, "held": 0, "available": 7}
        ledger.reserve(db, u.id, "job-2", 5)
        ledger.void(db, u.id, "job-2")
        ledger.void(db, u.id, "job-2")
        assert ledger.balance(db, u.id)["available"] == 7
        with pytest.raises(ledger.LedgerError):
            ledger.capture(db, u.id, "job-2")
        with pytest.raises(ledger.LedgerError):
            ledger.void(db, u.id, "job-1")
        refund = ledger.refund_capture(db, u.id, "job-1")
        assert refund.reverses == txn.id and ledger.balance(db, u.id)["available"] == 10
        assert ledger.refund_capture(db, u.id, "job-1").id == refund.id
    with api.app.state.ctx.db.session() as db:
        assert ledger.audit(db) == {"total": 0, "mismatched": [], "bad_holds": []}
        assert ledger.account_balance(db, ledger.GENERATION) == 0
        assert ledger.account_balance(db, ledger.PROMOTIONS) == -10


def test_insufficient_and_expiry_sweep(api):
    u = api.account("u@example.com")
    grant(api, u.id, 5)
    past = utcnow() - timedelta(hours=1)
    with uow(api) as db:
        ledger.reserve(db, u.id, "old", 5, minutes=1, now=past)
        with pytest.raises(ledger.Insufficient):
            ledger.reserve(db, u.id, "new", 1, now=past)
    with uow(api) as db:  # now the old hold has expired: reserving sweeps it first
        ledger.reserve(db, u.id, "new", 5)
        assert ledger.get_hold(db, u.id, "old").status == "expired"
        with pytest.raises(ledger.LedgerError, match="expired"):
            ledger.capture(db, u.id, "old")
    with uow(api) as db:
        ledger.reserve(db, u.id, "x", 0)
        assert ledger.sweep(db, utcnow() + timedelta(hours=1)) == 2
        assert ledger.balance(db, u.id) == {"posted": 5, "held": 0, "available": 5}


def test_spend_captures_or_debits_directly(api):
    u = api.account("u@example.com")
    grant(api, u.id, 3)
    with uow(api) as db:
        ledger.reserve(db, u.id, "a", 2)
        assert ledger.spend(db, u.id, "a", 2).kind == "capture"
        assert ledger.spend(db, u.id, "b", 1).amount == 1
        assert ledger.spend(db, u.id, "b", 1).amount == 1  # same key: same transaction
        with pytest.raises(ledger.Insufficient):
            ledger.spend(db, u.id, "c", 1)


def test_wallet_api(api):
    admin, u = api.account(ADMIN), api.account("u@example.com")
    c = api.client
    assert c.get("/v1/prices").json()["prices"] == {"affirmation": 1, "meditation": 2, "ritual": 2}
    r = c.post("/v1/wallet/reserve", json={"key": "j1", "content_type": "ritual"}, headers=u.headers)
    assert r.status_code == 402 and "not enough credits" in r.json()["detail"]
    assert c.post("/v1/admin/wallet/grant", json={"user_id": u.id, "amount": 5, "key": "welcome"},
                  headers=u.headers).status_code == 403
    for _ in range(2):
        r = c.post("/v1/admin/wallet/grant", json={"user_id": u.id, "amount": 5, "key": "welcome"},
                   headers=admin.headers)
        assert r.status_code == 201
    assert c.get("/v1/wallet", headers=u.headers).json() == {"posted": 5, "held": 0, "available": 5}
    r = c.post("/v1/wallet/reserve", json={"key": "j1", "content_type": "ritual"}, headers=u.headers)
    assert r.status_code == 201 and r.json()["amount"] == 2 and r.json()["balance"]["available"] == 3
    assert c.post("/v1/wallet/reserve", json={"key": "j1", "content_type": "nope"},
                  headers=u.headers).status_code == 400
    r = c.post("/v1/wallet/capture", json={"key": "j1", "item_id": "abc"}, headers=u.headers)
    assert r.status_code == 200 and r.json()["transaction"]["delta"] == -2
    assert c.post("/v1/wallet/capture", json={"key": "zz"}, headers=u.headers).status_code == 404
    c.post("/v1/wallet/reserve", json={"key": "j2", "amount": 3}, headers=u.headers)
    assert c.post("/v1/wallet/void", json={"key": "j2"}, headers=u.headers).json()["available"] == 3
    r = c.post("/v1/admin/wallet/refund", json={"user_id": u.id, "key": "j1"}, headers=admin.headers)
    assert r.status_code == 200 and r.json()["delta"] == 2
    kinds = [t["kind"] for t in c.get("/v1/wallet/transactions", headers=u.headers).json()]
    assert kinds == ["reversal", "capture", "grant"]
    audit = c.post("/v1/admin/ledger/audit", headers=admin.headers).json()
    assert audit == {"total": 0, "mismatched": [], "bad_holds": [], "swept": 0}
