"""Credit ledger: operations, idempotency, holds, sweeper and budget mode."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from engine.credits import GENERATION, GRANTS, InsufficientCredits, Ledger, cost_of
from engine.errors import WaqupError
from engine.library import Library


@pytest.fixture
def ledger():
    lib = Library()
    yield Ledger(lib, config={"credits": {"budget": None}, "prices": {}})
    lib.close()


def test_grant_reserve_capture_refund_balances(ledger):
    ledger.grant(10, "welcome")
    ledger.reserve("job1", 3, content_type="ritual")
    bal = ledger.balance()
    assert (bal.balance, bal.held, bal.settled) == (7, 3, 10)
    ledger.capture("job1")
    bal = ledger.balance()
    assert (bal.balance, bal.held, bal.spent) == (7, 0, 3)
    ledger.refund("job1")
    assert ledger.balance().balance == 10
    assert sum(ledger.account_balances().values()) == 0
    assert ledger.account_balances()[GENERATION] == 0 and ledger.account_balances()[GRANTS] == -10


def test_repeating_an_operation_changes_nothing(ledger):
    first = ledger.grant(5, "g")
    assert ledger.grant(5, "g") == first
    hold = ledger.reserve("j", 2)
    assert ledger.reserve("j", 99) == hold
    cap = ledger.capture("j")
    assert ledger.capture("j") == cap and ledger.capture("j", 7) == cap
    assert ledger.refund("j") == ledger.refund("j")
    assert len(ledger.history()) == 4
    assert ledger.balance().balance == 5


def test_release_and_capture_are_exclusive(ledger):
    ledger.reserve("j", 2)
    assert ledger.release("j") is not None
    with pytest.raises(WaqupError, match="released"):
        ledger.capture("j")
    assert ledger.release("nothing-held") is None
    assert ledger.refund("never-captured") is None
    assert ledger.hold_state("j") == "released" and ledger.balance().balance == 0


def test_budget_mode_blocks_cleanly(ledger):
    ledger.set_budget(3)
    ledger.reserve("a", 2)
    with pytest.raises(InsufficientCredits, match="not enough credits"):
        ledger.reserve("b", 2)
    assert ledger.hold_state("b") == "none"
    ledger.release("a")
    ledger.reserve("b", 3)
    assert ledger.balance().available == 0
    ledger.set_budget(None)
    assert ledger.balance().mode == "unlimited"
    ledger.reserve("c", 50)  # unlimited: recorded, never blocked
    assert ledger.balance().held == 53


def test_budget_from_config_and_setting_wins():
    with Library() as lib:
        ledger = Ledger(lib, config={"credits": {"budget": 4}})
        assert ledger.budget() == 4
        ledger.set_budget(None)
        assert ledger.budget() is None


def test_sweep_releases_only_stale_holds(ledger):
    past = datetime.now(UTC) - timedelta(minutes=30)
    ledger.reserve("old", 2, now=past)
    ledger.reserve("new", 1)
    released = ledger.sweep()
    assert [t.key for t in released] == ["old"]
    assert ledger.sweep() == []
    assert [h.key for h in ledger.open_holds()] == ["new"]
    assert ledger.sweep(now=datetime.now(UTC) + timedelta(hours=1))[0].memo == "expired"
    assert ledger.balance().held == 0


def test_capture_more_than_held_needs_budget(ledger):
    ledger.set_budget(3)
    ledger.reserve("j", 2)
    with pytest.raises(InsufficientCredits):
        ledger.capture("j", 4)
    assert ledger.capture("j", 3).amount == 3
    assert ledger.balance().available == 0


def test_cost_uses_price_overrides_and_replay_is_free():
    assert cost_of("meditation", config={"prices": {}}) == 2
    assert cost_of("meditations", config={"prices": {"meditation": 5}}) == 5
    assert cost_of("ritual", replay=True) == 0


def test_bad_amount_is_a_usage_error(ledger):
    with pytest.raises(WaqupError):
        ledger.grant(-1, "x")
    with pytest.raises(WaqupError):
        ledger.reserve("x", True)


def test_transactions_carry_source_and_account(ledger):
    txn = ledger.reserve("j", 1, content_type="affirmation")
    assert txn.source == "local" and txn.account == "user:wallet" and txn.expires > txn.created
