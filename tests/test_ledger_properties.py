"""Property tests: any interleaving of ledger operations keeps the books consistent."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.credits import InsufficientCredits, Ledger
from engine.errors import WaqupError
from engine.library import Library

KEYS = st.sampled_from(["a", "b", "c", "d"])
OPS = st.one_of(
    st.tuples(st.just("grant"), st.integers(0, 6), st.sampled_from(["g1", "g2", "g3"])),
    st.tuples(st.just("reserve"), st.integers(0, 6), KEYS),
    st.tuples(st.just("capture"), st.one_of(st.none(), st.integers(0, 6)), KEYS),
    st.tuples(st.just("release"), st.none(), KEYS),
    st.tuples(st.just("refund"), st.none(), KEYS),
)
RUNS = {"examples": 0}


def _apply(ledger: Ledger, op: str, amount, key: str) -> None:
    if op == "grant":
        ledger.grant(amount, key)
    elif op == "reserve":
        ledger.reserve(key, amount)
    elif op == "capture":
        ledger.capture(key, amount)
    elif op == "release":
        ledger.release(key)
    else:
        ledger.refund(key)


def _check(ledger: Ledger) -> None:
    bal = ledger.balance()
    accounts = ledger.account_balances()
    assert sum(accounts.values()) == 0  # double entry
    rows = {(t.op, t.key): t.amount for t in ledger.history(limit=10_000)}
    granted = sum(a for (op, _), a in rows.items() if op == "grant")
    captured = sum(a for (op, _), a in rows.items() if op == "capture")
    refunded = sum(a for (op, _), a in rows.items() if op == "refund")
    open_holds = sum(t.amount for t in ledger.open_holds())
    assert bal.held == open_holds == accounts.get("user:holds", 0)
    assert bal.balance == granted - captured + refunded - open_holds
    assert bal.spent == captured - refunded == accounts.get("system:generation", 0)
    if bal.budget is not None:
        assert bal.available >= 0


@pytest.mark.parametrize("budget", [None, 8])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(OPS, max_size=25))
def test_any_interleaving_keeps_books_consistent(tmp_path_factory, budget, ops):
    RUNS["examples"] += 1
    path = tmp_path_factory.mktemp("ledger") / "l.db"
    with Library(path) as lib:
        ledger = Ledger(lib, config={"credits": {"budget": budget}})
        for op, amount, key in ops:
            before = (ledger.balance(), len(ledger.history(limit=10_000)))
            try:
                _apply(ledger, op, amount, key)
            except InsufficientCredits:
                assert budget is not None
                assert (ledger.balance(), len(ledger.history(limit=10_000))) == before  # nothing changed
            except WaqupError:
                assert op == "capture"  # capture of a released/unknown hold
                assert (ledger.balance(), len(ledger.history(limit=10_000))) == before
            _check(ledger)
            # idempotency: the same operation again changes nothing
            state = (ledger.balance(), len(ledger.history(limit=10_000)))
            with contextlib.suppress(WaqupError):
                _apply(ledger, op, amount, key)
            if op != "reserve" or ledger.hold_state(key) != "none":
                assert (ledger.balance(), len(ledger.history(limit=10_000))) == state


def test_report_examples_run():
    print(f"hypothesis ledger examples run: {RUNS['examples']}")
