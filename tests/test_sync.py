"""Offline-first sync in process: the account wallet online and offline, the outbox applied once and in
order, over-spend debts, pull cursors with tombstones and 410, and practice milestones with abuse limits."""

from __future__ import annotations

import pytest

from engine.credits import InsufficientCredits
from engine.credits.wallet import RemoteWallet
from engine.library import Library
from engine.market.sync import SyncStore, pull, push, sync
from marketplace.ledger import service as ledger
from marketplace.ledger.uow import unit_of_work
from tests.payments.helpers import PayApi, StripeStub, make_pack, payment_settings
from tests.payments.inproc import Switch, signed_in_client


@pytest.fixture
def stub():
    with StripeStub() as s:
        yield s


@pytest.fixture
def api(tmp_path, stub):
    api = PayApi(payment_settings(tmp_path, stub, reward_milestones="2:5,3:50", reward_cap=20), stub)
    yield api
    api.close()


@pytest.fixture
def net(api):
    return Switch(api.client)


def grant(api, user_id: int, amount: int, key: str) -> None:
    with unit_of_work(api.ctx.db) as db:
        ledger.grant(db, user_id, amount, key)


def spend_once(w: RemoteWallet, key: str, amount: int = 1) -> None:
    w.reserve(key, amount, content_type="")
    w.capture(key, amount, item_id="it")


def test_online_wallet_reserves_and_captures_on_the_server(api, net, tmp_path):
    u = api.account("u@example.com")
    api.buy_credits(u, 10)
    with Library(tmp_path / "lib.db") as lib, signed_in_client(api, u.email, net) as client:
        w = RemoteWallet(lib, client=client)
        hold = w.reserve("job-1", 2, content_type="meditation")
        assert hold["amount"] == 2 and api.wallet(u) == {"posted": 10, "held": 2, "available": 8}
        w.capture("job-1", 2, item_id="abc")
        w.reserve("job-2", 1, content_type="affirmation")
        w.release("job-2")
        assert api.wallet(u) == {"posted": 8, "held": 0, "available": 8}
        assert w.price("meditation") == 2 and w.balance()["available"] == 8
        with pytest.raises(InsufficientCredits, match="buy more"):
            w.reserve("job-3", 9)


def test_offline_generation_spends_the_synced_balance_then_syncs(api, net, tmp_path):
    u = api.account("u@example.com")
    api.buy_credits(u, 10)
    with Library(tmp_path / "lib.db") as lib, signed_in_client(api, u.email, net) as client:
        sync(client, lib)
        w = RemoteWallet(lib, client=client)
        net.offline = True
        for n in range(4):
            spend_once(w, f"off-{n}", 2)
        with pytest.raises(InsufficientCredits, match="offline: this costs 3 credits and 2 are available"):
            w.reserve("off-x", 3)
        w.reserve("off-failed", 1)
        w.release("off-failed")  # a failed generation costs nothing
        assert w.balance()["available"] == 2 and api.wallet(u)["available"] == 10
        net.offline = False
        report = sync(client, lib)
        assert report.applied == 4 and not report.rejected and report.balance["available"] == 2
        assert api.wallet(u)["available"] == 2 and w.balance()["available"] == 2
        assert sync(client, lib).pushed == 0  # nothing twice


def test_capture_queued_when_the_server_drops_mid_generation(api, net, tmp_path):
    u = api.account("u@example.com")
    grant(api, u.id, 5, "seed")
    with Library(tmp_path / "lib.db") as lib, signed_in_client(api, u.email, net) as client:
        w = RemoteWallet(lib, client=client)
        w.reserve("job", 3)
        net.offline = True
        assert w.capture("job", 3)["status"] == "capture-queued"
        net.offline = False
        assert sync(client, lib).applied == 1
        assert api.wallet(u) == {"posted": 2, "held": 0, "available": 2}


def test_overspend_from_two_devices_becomes_a_debt_until_topped_up(api, net, tmp_path):
    u = api.account("u@example.com")
    grant(api, u.id, 4, "seed")
    with Library(tmp_path / "a.db") as a, Library(tmp_path / "b.db") as b, \
            signed_in_client(api, u.email, net) as client:
        sync(client, a)
        sync(client, b)
        wa, wb = RemoteWallet(a, client=client), RemoteWallet(b, client=client)
        net.offline = True
        for n in range(2):
            spend_once(wa, f"a-{n}", 2)
            spend_once(wb, f"b-{n}", 2)
        net.offline = False
        assert sync(client, a).applied == 2
        report = sync(client, b)
        assert [r["reason"] for r in report.rejected] == ["insufficient", "insufficient"] and report.debt == 4
        with pytest.raises(InsufficientCredits, match="owes 4 credits"):
            wb.reserve("next", 1)
        api.buy_credits(u, 10)
        report = sync(client, b)
        assert report.settled == 2 and report.debt == 0 and report.balance["available"] == 6
        wb.reserve("next", 1)
        assert api.wallet(u) == {"posted": 6, "held": 1, "available": 5}
        with api.ctx.db.session() as db:
            assert ledger.audit(db)["total"] == 0


def test_resent_mutations_apply_once_in_order(api, net, tmp_path):
    u = api.account("u@example.com")
    grant(api, u.id, 10, "seed")
    with Library(tmp_path / "lib.db") as lib, signed_in_client(api, u.email, net) as client:
        sync(client, lib)
        store = SyncStore(lib, client.url)
        ids = [store.enqueue("spend", {"key": f"k{n}", "amount": 1}) for n in range(5)]
        assert ids == sorted(ids)
        push(client, store)
        # A crash after the server applied but before we recorded it: the rows are still pending here.
        lib.db.execute("update sync_outbox set status = 'pending'")
        lib.db.conn.commit()
        report = push(client, store)
        assert report.duplicates == 5 and report.applied == 5 and not report.rejected
        assert api.wallet(u)["available"] == 5
        body = {"client_id": store.client_id(), "mutations": [{"id": 1, "kind": "spend", "payload": {"amount": 1}}]}
        other = api.account("other@example.com")
        assert api.client.post("/v1/sync", json=body, headers=other.headers).status_code == 403


def test_pull_cursor_tombstones_and_410(api, net, stub, tmp_path):
    creator = api.account("ana@example.com", creator="Ana")
    fan = api.account("fan@example.com")
    api.publish(creator, make_pack(tmp_path, price=10))
    purchase = api.checkout(fan, kind="pack", pack="calm-evenings")
    session = stub.pay(api.session_of(purchase["id"])["id"])
    api.deliver(stub.event("checkout.session.completed", session))
    with Library(tmp_path / "lib.db") as lib, signed_in_client(api, fan.email, net) as client:
        report = sync(client, lib)
        store = SyncStore(lib, client.url)
        assert report.full and store.cached("entitlement", "calm-evenings")["source"] == "purchase"
        assert store.cached("purchase", purchase["id"])["status"] == "fulfilled"
        assert store.cached("prices", "all")["meditation"] == 2
        assert not sync(client, lib).full  # incremental from now on
        charge = stub.refund(stub.charge_of(session["id"])["id"])
        api.deliver(stub.event("charge.refunded", charge))
        report = sync(client, lib)
        assert not report.full and store.cached("entitlement", "calm-evenings") is None  # tombstone
        assert store.cached("purchase", purchase["id"])["status"] == "refunded"
        from marketplace.sync.service import prune

        grant(api, fan.id, 1, "later")
        assert prune(api.ctx, days=-1) > 0
        report = sync(client, lib)  # the cursor is older than what was kept: 410, then a full resync
        assert report.full and store.server_balance()["available"] == 1
    with Library(tmp_path / "c.db") as lib, signed_in_client(api, creator.email, net) as client:
        sync(client, lib)
        store = SyncStore(lib, client.url)
        assert store.cached("pack", "calm-evenings")["status"] == "published"
        api.client.delete("/v1/packs/calm-evenings", headers=creator.headers)
        sync(client, lib)
        assert store.cached("pack", "calm-evenings")["status"] == "unpublished"


def test_practice_counts_reward_the_creator_with_limits(api, net, tmp_path):
    creator = api.account("ana@example.com", creator="Ana")
    api.publish(creator, make_pack(tmp_path, price=0))
    fans = [api.account(f"fan{n}@example.com") for n in range(3)]
    for fan in fans:
        api.client.post("/v1/packs/calm-evenings/download", headers=fan.headers)
    from datetime import timedelta

    from marketplace.models import User, utcnow

    with api.ctx.db.session() as db:  # listeners' accounts must be established to count (docs/payments.md)
        for fan in fans:
            db.get(User, fan.id).created_at = utcnow() - timedelta(days=30)

    def practise(account, times: int = 1, completed: bool = True) -> list:
        from engine.market.sync import enqueue_practice

        with Library(tmp_path / f"{account.email}.db") as lib, signed_in_client(api, account.email, net) as client:
            sync(client, lib)
            for _ in range(times):
                enqueue_practice(lib, client.url, "calm-evenings", "00000001", 60, completed)
            return sync(client, lib).rejected

    assert practise(creator, 3) == []  # the creator's own practice never counts
    practise(fans[0], 5)  # one person practising often counts once
    assert api.wallet(creator)["available"] == 0
    practise(fans[1], 1, completed=False)
    assert api.wallet(creator)["available"] == 0
    practise(fans[1])  # two distinct people: the first milestone
    assert api.wallet(creator)["available"] == 5
    practise(fans[2])  # the second milestone (50) is capped at 20 per 30 days, 5 already granted
    assert api.wallet(creator)["available"] == 20
    practise(fans[2])
    assert api.wallet(creator)["available"] == 20
    outsider = api.account("nobody@example.com")
    assert [r["reason"] for r in practise(outsider)] == ["not entitled"]


def test_pull_requires_sign_in_and_rejects_unknown_cursors(api):
    u = api.account("u@example.com")
    assert api.client.get("/v1/sync").status_code == 401
    assert api.client.get("/v1/sync", params={"cursor": "bogus"}, headers=u.headers).status_code == 410
    assert api.client.get("/v1/sync", params={"cursor": "1.0"}, headers=u.headers).json()["full"] is False


def test_pull_and_push_helpers_report_counts(api, net, tmp_path):
    u = api.account("u@example.com")
    grant(api, u.id, 2, "seed")
    with Library(tmp_path / "lib.db") as lib, signed_in_client(api, u.email, net) as client:
        store = SyncStore(lib, client.url)
        store.bind(u.id)
        assert pull(client, store).pulled == 1
        assert push(client, store).pushed == 0


def test_publish_queued_offline_is_applied_once_in_order(api, net, tmp_path):
    from engine.market.sync import enqueue_practice, enqueue_publish

    creator = api.account("ana@example.com", creator="Ana")
    archive = make_pack(tmp_path, price=5)
    with Library(tmp_path / "lib.db") as lib, signed_in_client(api, creator.email, net) as client:
        sync(client, lib)
        net.offline = True
        first = enqueue_publish(lib, client.url, archive)
        then = enqueue_practice(lib, client.url, "calm-evenings", "00000001", 30, True)  # needs the pack
        assert then > first
        archive.unlink()  # the queue holds its own copy
        net.offline = False
        report = sync(client, lib)
        assert report.applied == 2 and not report.rejected
        store = SyncStore(lib, client.url)
        assert store.cached("pack", "calm-evenings")["version"] == 1
        # Lost response: resending the same publish does not publish a second version.
        lib.db.execute("update sync_outbox set status = 'pending' where id = ?", [first])
        lib.db.conn.commit()
        copy = SyncStore(lib, client.url).rows("pending")[0]["payload"]["archive"]
        make_pack(tmp_path, price=5).replace(copy)
        assert sync(client, lib).duplicates == 1
        assert api.client.get("/v1/packs/calm-evenings").json()["version"] == 1
    fan = api.account("fan@example.com")
    with Library(tmp_path / "fan.db") as lib, signed_in_client(api, fan.email, net) as client:
        enqueue_publish(lib, client.url, make_pack(tmp_path, slug="fan-pack"))
        assert [r["reason"] for r in sync(client, lib).rejected] == ["not a creator"]
