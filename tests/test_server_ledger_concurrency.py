"""50 concurrent reservations of 1 credit against a balance of 10: exactly 10 succeed, nothing goes negative.
SQLite always; PostgreSQL when ``WAQUP_TEST_DATABASE_URL`` is set."""

from __future__ import annotations

import threading

import pytest

from marketplace.ledger import service as ledger
from marketplace.ledger.uow import unit_of_work
from tests.market.helpers import BACKENDS, Api, make_settings


@pytest.fixture(params=BACKENDS)
def api(request, tmp_path, monkeypatch):
    if request.param == "sqlite":
        monkeypatch.delenv("WAQUP_TEST_DATABASE_URL", raising=False)
    api = Api(make_settings(tmp_path))
    yield api
    api.close()


def hammer(api, user_id: int, n: int, amount: int = 1) -> tuple[list[str], list[str]]:
    db = api.app.state.ctx.db
    barrier, ok, refused, errors = threading.Barrier(n), [], [], []

    def one(i: int) -> None:
        barrier.wait()
        try:
            with unit_of_work(db) as s:
                ledger.reserve(s, user_id, f"job-{i}", amount)
            ok.append(i)
        except ledger.Insufficient:
            refused.append(i)
        except Exception as exc:  # noqa: BLE001 - any other error fails the test below
            errors.append(repr(exc))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors[:3]
    return ok, refused


def test_fifty_concurrent_reserves_against_ten(api):
    u = api.account("u@example.com")
    with unit_of_work(api.app.state.ctx.db) as db:
        ledger.grant(db, u.id, 10, "seed")
    ok, refused = hammer(api, u.id, 50)
    assert len(ok) == 10 and len(refused) == 40
    with api.app.state.ctx.db.session() as db:
        assert ledger.balance(db, u.id) == {"posted": 10, "held": 10, "available": 0}
        assert ledger.audit(db) == {"total": 0, "mismatched": [], "bad_holds": []}


def test_concurrent_captures_and_spends_never_overdraw(api):
    u = api.account("u@example.com")
    db = api.app.state.ctx.db
    with unit_of_work(db) as s:
        ledger.grant(s, u.id, 7, "seed")
    results, lock = [], threading.Lock()
    barrier = threading.Barrier(20)

    def spend(i: int) -> None:
        barrier.wait()
        try:
            with unit_of_work(db) as s:
                ledger.spend(s, u.id, f"offline-{i}", 1)
            outcome = "ok"
        except ledger.Insufficient:
            outcome = "refused"
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=spend, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert results.count("ok") == 7 and results.count("refused") == 13
    with db.session() as s:
        assert ledger.balance(s, u.id)["available"] == 0
