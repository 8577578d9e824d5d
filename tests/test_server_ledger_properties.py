"""Property-based tests of the server ledger: any sequence of operations keeps the books summing to zero,
cached balances equal to their postings, holds consistent, and no wallet's available balance negative."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.ledger import service as ledger
from marketplace.ledger.uow import unit_of_work
from marketplace.models import User
from tests.market.helpers import Api, make_settings

_emails = itertools.count()

op = st.one_of(
    st.tuples(st.just("grant"), st.integers(0, 1), st.integers(1, 20)),
    st.tuples(st.just("reserve"), st.integers(0, 1), st.integers(0, 5), st.integers(0, 12)),
    st.tuples(st.just("capture"), st.integers(0, 1), st.integers(0, 5), st.integers(0, 15)),
    st.tuples(st.just("void"), st.integers(0, 1), st.integers(0, 5)),
    st.tuples(st.just("spend"), st.integers(0, 1), st.integers(0, 5), st.integers(0, 12)),
    st.tuples(st.just("refund"), st.integers(0, 1), st.integers(0, 5)),
    st.tuples(st.just("sweep"), st.integers(0, 1)),
)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    api = Api(make_settings(tmp_path_factory.mktemp("props")))
    yield api.app.state.ctx.db
    api.close()


def new_users(db, n: int) -> list[int]:
    with db.session() as s:
        users = [User(email=f"p{next(_emails)}@example.com", password_hash="x") for _ in range(n)]
        s.add_all(users)
        s.flush()
        return [u.id for u in users]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(ops=st.lists(op, max_size=30))
def test_ledger_invariants(db, ops):
    users = new_users(db, 2)
    from datetime import timedelta

    from marketplace.models import utcnow

    for step, (name, who, *args) in enumerate(ops):
        uid = users[who]
        try:
            with unit_of_work(db) as s:
                if name == "grant":
                    ledger.grant(s, uid, args[0], f"g-{uid}-{step}")
                elif name == "reserve":
                    ledger.reserve(s, uid, f"k{args[0]}", args[1])
                elif name == "capture":
                    ledger.capture(s, uid, f"k{args[0]}", args[1])
                elif name == "void":
                    ledger.void(s, uid, f"k{args[0]}")
                elif name == "spend":
                    ledger.spend(s, uid, f"k{args[0]}", args[1])
                elif name == "refund":
                    ledger.refund_capture(s, uid, f"k{args[0]}")
                else:
                    ledger.sweep(s, utcnow() + timedelta(hours=1))
        except ledger.LedgerError:
            pass  # refused operations must change nothing (checked below)
        with db.session() as s:
            audit = ledger.audit(s)
            assert audit == {"total": 0, "mismatched": [], "bad_holds": []}, (name, audit)
            for u in users:
                bal = ledger.balance(s, u)
                assert bal["available"] >= 0 and bal["held"] >= 0, (name, bal)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(parts=st.lists(st.integers(1, 500), min_size=1, max_size=4), credits=st.integers(1, 200))
def test_reversals_balance_for_any_fraction(db, parts, credits):
    """Partial reversals (refunds) always balance and never reverse more than the original."""
    (uid,) = new_users(db, 1)
    total = sum(parts) + 1
    with unit_of_work(db) as s:
        txn = ledger.grant(s, uid, credits, f"seed-{uid}", source=ledger.STRIPE)
        done = 0
        for i, part in enumerate(parts):
            ledger.reverse(s, txn, f"rev-{uid}-{i}", fraction=(part, total))
            done += credits * part // total
        assert ledger.balance(s, uid)["posted"] == credits - done >= 0
    with db.session() as s:
        assert ledger.audit(s)["total"] == 0
