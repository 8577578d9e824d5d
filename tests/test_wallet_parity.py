"""The account wallet behaves like the local ledger for everything the engine uses: conversations and pack
runs spend (and give back) the marketplace account's credits while signed in, and the server voids expired
holds on the next read of that wallet."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_conversation_fakes import FakeProvider

from engine.conversation import Session
from engine.credits import Ledger
from engine.credits.wallet import AccountBalance, RemoteWallet
from engine.library import Library
from engine.market.errors import MarketError
from engine.market.sync import SyncStore, sync
from marketplace.ledger import service as ledger
from marketplace.ledger.uow import unit_of_work
from marketplace.models import utcnow
from tests.payments.helpers import PayApi, StripeStub, payment_settings
from tests.payments.inproc import URL, Switch, signed_in_client

CONFIG = {"conversation": {"keep_transcript": False}, "credits": {}, "prices": {}}


@pytest.fixture
def stub():
    with StripeStub() as s:
        yield s


@pytest.fixture
def api(tmp_path, stub):
    api = PayApi(payment_settings(tmp_path, stub), stub)
    yield api
    api.close()


@pytest.fixture
def net(api):
    return Switch(api.client)


def grant(api, user_id: int, amount: int, key: str = "seed") -> None:
    with unit_of_work(api.ctx.db) as db:
        ledger.grant(db, user_id, amount, key)


def hold(api, account, key: str) -> dict:
    return api.client.get("/v1/wallet/hold", params={"key": key}, headers=account.headers).json()


def talk(session: Session, *lines: str):
    reply = None
    for line in lines:
        reply = session.send(line)
    return reply


@pytest.fixture
def signed_in(api, net, tmp_path):
    """A user with 10 credits, a library and a conversation factory paid by that account."""
    u = api.account("u@example.com")
    grant(api, u.id, 10)
    with Library(tmp_path / "lib.db") as lib, signed_in_client(api, u.email, net) as client:
        def new(**options):
            return Session.create("creation", library=lib, provider=FakeProvider(), config=CONFIG,
                                  renderer=lambda *a: {"path": ""}, wallet=RemoteWallet(lib, client=client),
                                  **options)
        yield u, lib, client, new


def test_conversation_spends_the_account_wallet(api, signed_in):
    u, lib, _client, new = signed_in
    s = new()
    s.start()
    reply = talk(s, "calm before exams", "skip all", "meditation", "skip all")
    assert reply.state == "confirm" and "10 available in your account wallet" in reply.text
    assert next(m.data for m in reply.messages if "balance" in m.data)["balance"]["mode"] == "account"
    reply = s.send("yes")  # reserve on the server, generate, capture
    job = s.data["job_id"]
    assert reply.state == "review" and hold(api, u, job)["state"] == "captured"
    assert api.wallet(u) == {"posted": 8, "held": 0, "available": 8}
    assert talk(s, "accept", "no").state == "saved"
    assert api.wallet(u)["posted"] == 8 and Ledger(lib).history() == []  # the local ledger is untouched
    sync(s.ledger.client, lib)
    bal = s.ledger.balance()
    assert (bal.spent, bal.granted, bal.available) == (2, 10, 8)
    s.close()


def test_cancel_releases_holds_and_refunds_unsaved_drafts(api, signed_in):
    u, _lib, _client, new = signed_in
    s = new()
    s.start()
    talk(s, "calm", "skip all", "affirmation", "skip all", "yes")
    drafted = s.data["job_id"]
    pending = f"{s.id}-g9"  # an interrupted regeneration still holding credits
    s.ledger.reserve(pending, 1, content_type="affirmation")
    s.data["jobs"].append(pending)
    assert api.wallet(u) == {"posted": 9, "held": 1, "available": 8}
    assert s.send("cancel").state == "cancelled"
    assert hold(api, u, drafted)["state"] == "refunded" and hold(api, u, pending)["state"] == "released"
    assert api.wallet(u) == {"posted": 10, "held": 0, "available": 10}
    assert api.audit()["total"] == 0


def test_generation_failure_voids_the_server_hold(api, signed_in, monkeypatch):
    u, _lib, _client, new = signed_in
    monkeypatch.setenv("FAKE_FAIL", "1")
    s = new()
    s.start()
    reply = talk(s, "calm", "skip all", "affirmation", "skip all", "yes")
    assert reply.state == "confirm" and "nothing was charged" in reply.text
    assert hold(api, u, s.data["job_id"])["state"] == "released" and api.wallet(u)["available"] == 10


def test_short_account_blocks_at_confirm(api, net, tmp_path):
    u = api.account("poor@example.com")
    with Library(tmp_path / "lib.db") as lib, signed_in_client(api, u.email, net) as client:
        s = Session.create("creation", library=lib, provider=FakeProvider(), config=CONFIG,
                           wallet=RemoteWallet(lib, client=client))
        s.start()
        reply = talk(s, "calm", "skip all", "meditation", "skip all", "yes")
        assert reply.state == "confirm" and "waqup credits buy" in reply.text
        assert hold(api, u, "none")["state"] == "none" and api.wallet(u)["held"] == 0


def test_resume_after_crash_captures_the_server_hold(api, signed_in):
    u, lib, client, new = signed_in
    s = new()
    s.start()
    talk(s, "calm", "skip all", "affirmation", "skip all", "yes")
    job = s.data["job_id"]
    assert hold(api, u, job)["state"] == "captured"
    # a crash after the draft was stored, before capture: make the server hold open again under a new job
    s.data["job_id"] = f"{s.id}-g7"
    s.data["draft"]["job"] = s.data["job_id"]
    s.state = "generating"
    s.save()
    s.ledger.reserve(s.data["job_id"], 1, content_type="affirmation")
    calls = FakeProvider.calls
    resumed = Session.resume(library=lib, provider=FakeProvider(), wallet=RemoteWallet(lib, client=client))
    assert resumed.start().state == "review" and FakeProvider.calls == calls
    assert hold(api, u, f"{s.id}-g7")["state"] == "captured" and api.wallet(u)["posted"] == 8


def test_remote_wallet_has_the_ledger_interface(api, net, tmp_path):
    u = api.account("u@example.com")
    grant(api, u.id, 5)
    with Library(tmp_path / "lib.db") as lib, signed_in_client(api, u.email, net) as client:
        w = RemoteWallet(lib, client=client)
        assert w.hold_state("nothing") == "none" and w.refund("nothing") is None
        w.reserve("a", 2)
        assert w.hold_state("a") == "held"
        w.capture("a", 2, item_id="it-1")
        assert w.hold("a") | {"expires_at": None} == {"key": "a", "state": "captured", "amount": 2, "content_type": "",
                                                      "item_id": "it-1", "expires_at": None}
        assert w.release("a") is None  # nothing held any more, as Ledger.release
        with pytest.raises(MarketError, match="kept content"):  # it produced an item: the user kept it
            w.refund("a")
        w.reserve("a2", 2)
        w.capture("a2", 2)  # a draft never saved (no item id): refundable
        assert w.refund("a2")["balance"]["available"] == 3 and w.hold_state("a2") == "refunded"
        grant(api, u.id, 2, "g2")
        w.reserve("b", 1)
        w.release("b")
        assert w.hold_state("b") == "released"
        sync(client, lib)
        bal = w.balance()
        local = Ledger(lib).balance().to_dict()
        assert isinstance(bal, AccountBalance) and set(local) <= set(bal.to_dict())
        assert (bal.balance, bal.held, bal.available, bal.granted, bal.spent, bal.mode, bal.budget) == \
            (5, 0, 5, 7, 2, "account", None)
        # offline: holds live in the outbox; an unsynced capture is refunded by dropping it
        net.offline = True
        w.reserve("c", 2)
        assert w.hold_state("c") == "held" and w.balance().held == 2
        w.capture("c", 2)
        assert w.hold_state("c") == "captured" and w.balance().spent == 2 + 2  # "a" was kept
        assert w.refund("c") == {"key": "c", "status": "refunded-offline"} and w.hold_state("c") == "released"
        w.reserve("d", 1)
        fresh = RemoteWallet(lib, client=client)  # a new process: the offline hold is found in the outbox
        assert fresh.hold_state("d") == "held"
        fresh.release("d")
        assert fresh.hold_state("d") == "released" and fresh.balance().available == 5
        net.offline = False
        assert sync(client, lib).pushed == 0 and api.wallet(u)["available"] == 5


def test_a_session_pays_from_the_account_only_when_chosen(tmp_path):
    from engine.market.tokens import Tokens, TokenStore

    TokenStore("http://127.0.0.1:9").save(Tokens("access", "refresh"))
    signed_in = {**CONFIG, "market": {"url": "http://127.0.0.1:9"}}
    with Library(tmp_path / "lib.db") as lib:
        plain = Session.create("creation", library=lib, config=signed_in)
        assert isinstance(plain.ledger, Ledger)  # signing in alone never blocks local creation
        plain.close()
        config = {**signed_in, "credits": {**CONFIG.get("credits", {}), "wallet": "account"}}
        s = Session.create("creation", library=lib, config=config)
        assert isinstance(s.ledger, RemoteWallet) and s.ledger.client.url == "http://127.0.0.1:9"
        s.close()
        local = Session.create("creation", library=lib, config=CONFIG)
        assert isinstance(local.ledger, Ledger)


def test_pack_reconcile_settles_server_holds(api, net, tmp_path):
    from engine.packs import state

    u = api.account("u@example.com")
    grant(api, u.id, 5)
    with Library(tmp_path / "lib.db") as lib, signed_in_client(api, u.email, net) as client:
        w = RemoteWallet(lib, client=client)
        pack = lib.create_pack("calm", "Calm")
        item = lib.add_item(FakeProvider()._affirmation(type("P", (), {"count": 3, "intent": "rest"})(), 1),
                            params={"type": "affirmation"}, pack_id=pack["id"])
        for key, job in (("held", "pack:1:held:1"), ("paid", "pack:1:paid:1")):
            lib.db["pack_items"].insert({"pack_id": pack["id"], "item_key": key, "status": "running", "attempts": 1,
                                         "position": 0, "name": key, "label": key, "type": "affirmation",
                                         "job_id": job, "started": ""})
        lib.db.conn.commit()
        w.reserve("pack:1:held:1", 1)
        w.reserve("pack:1:paid:1", 2)
        w.capture("pack:1:paid:1", 2, item_id=item.id)
        notes = state.reconcile(lib, pack["id"], {}, wallet=w)
        assert any("released" in n for n in notes) and any("finished before" in n for n in notes)
        assert hold(api, u, "pack:1:held:1")["state"] == "released" and api.wallet(u)["held"] == 0
        rows = state.rows(lib, pack["id"])
        assert rows["paid"]["status"] == "done" and rows["paid"]["item_id"] == item.id and rows["paid"]["credits"] == 2
        assert rows["held"]["status"] == "pending"


def test_expired_hold_is_voided_on_the_next_read(api, net, tmp_path):
    u = api.account("u@example.com")
    grant(api, u.id, 5)
    past = utcnow() - timedelta(hours=1)
    with unit_of_work(api.ctx.db) as db:
        ledger.reserve(db, u.id, "fresh", 1)
        ledger.reserve(db, u.id, "stale", 4, minutes=1, now=past)
    with api.ctx.db.session() as db:
        assert ledger.balance(db, u.id) == {"posted": 5, "held": 5, "available": 0}  # the raw row: not yet swept
    assert api.wallet(u) == {"posted": 5, "held": 1, "available": 4}  # the read voided it first
    assert hold(api, u, "stale")["state"] == "released" and hold(api, u, "fresh")["state"] == "held"
    assert api.audit() == {"total": 0, "mismatched": [], "bad_holds": []}
    # the sync pull and every write sweep too
    with unit_of_work(api.ctx.db) as db:
        ledger.reserve(db, u.id, "stale-2", 1, minutes=1, now=past)
    with Library(tmp_path / "lib.db") as lib, signed_in_client(api, u.email, net) as client:
        assert sync(client, lib).balance == {"posted": 5, "held": 1, "available": 4}
        assert SyncStore(lib, URL).cached("hold", "stale-2") is None
    with unit_of_work(api.ctx.db) as db:
        ledger.reserve(db, u.id, "stale-3", 1, minutes=1, now=past)
    with unit_of_work(api.ctx.db) as db:
        ledger.grant(db, u.id, 1, "more")
        assert ledger.get_hold(db, u.id, "stale-3").status == "expired"
    with api.ctx.db.session() as db:
        assert ledger.has_expired(db, u.id) is False


def test_self_refund_is_limited_to_recent_captures(api):
    u = api.account("u@example.com")
    grant(api, u.id, 5)
    with unit_of_work(api.ctx.db) as db:
        ledger.reserve(db, u.id, "old", 1)
        ledger.capture(db, u.id, "old")
    later = utcnow() + timedelta(minutes=ledger.SELF_REFUND_MINUTES + 1)
    with pytest.raises(ledger.LedgerError, match="cannot be refunded"), unit_of_work(api.ctx.db) as db:
        ledger.self_refund(db, u.id, "old", now=later)
    r = api.client.post("/v1/wallet/refund", json={"key": "old"}, headers=u.headers)
    assert r.status_code == 200 and r.json()["balance"]["available"] == 5
    again = api.client.post("/v1/wallet/refund", json={"key": "old"}, headers=u.headers)
    assert again.json()["transaction"]["id"] == r.json()["transaction"]["id"]  # idempotent
    other = api.account("other@example.com")
    assert api.client.post("/v1/wallet/refund", json={"key": "old"}, headers=other.headers).status_code == 404
