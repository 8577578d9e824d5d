"""Practice of marketplace items is reported through the sync outbox (while signed in), and a publish with the
marketplace unreachable is queued for the next sync."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from engine.library import Library
from engine.market.sync import SyncStore, publish_or_queue, sync
from engine.practice import log_practice, market_source
from engine.script import parse
from tests.market.helpers import SCRIPT
from tests.payments.helpers import PayApi, StripeStub, make_pack, payment_settings
from tests.payments.inproc import URL, Switch, signed_in_client


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


def market_item(lib: Library, url: str = URL, slug: str = "calm-evenings", remote: str = "00000001"):
    """An item as `engine.market.install` records it."""
    script = parse(SCRIPT.format(title="Calm Evenings 1", intent="rest well"))
    return lib.add_item(script, params={"type": "affirmation", "intent": "rest well", "market_item": remote,
                                        "market_slug": slug}, provider="market", model=url)


def own_item(lib: Library):
    return lib.add_item(parse(SCRIPT.format(title="Mine", intent="rest")), params={"type": "affirmation"})


def practice_rows(lib: Library, url: str = URL) -> list[dict]:
    return [r for r in SyncStore(lib, url).rows("pending", "applied", "rejected") if r["kind"] == "practice"]


def test_market_practice_is_queued_and_sent_on_sync(api, net, tmp_path):
    creator = api.account("ana@example.com", creator="Ana")
    api.publish(creator, make_pack(tmp_path))
    fan = api.account("fan@example.com")
    api.client.post("/v1/packs/calm-evenings/download", headers=fan.headers)
    with Library(tmp_path / "lib.db") as lib, signed_in_client(api, fan.email, net) as client:
        item, mine = market_item(lib), own_item(lib)
        assert market_source(lib, item) == (URL, "calm-evenings", "00000001") and market_source(lib, mine) is None
        net.offline = True  # practising offline still counts: nothing goes over the network here
        practice_id = log_practice(lib, item.id, seconds=42.0, completed=True)
        log_practice(lib, mine.id, seconds=10.0, completed=True)
        assert [h["id"] for h in lib.practice_history(item.id)] == [practice_id]
        assert len(lib.practice_history()) == 2  # both logged locally
        [row] = practice_rows(lib)
        assert row["payload"] == {"pack": "calm-evenings", "item_id": "00000001", "seconds": 42.0, "completed": True}
        net.offline = False
        report = sync(client, lib)
        assert report.applied == 1 and not report.rejected
        assert [r["status"] for r in practice_rows(lib)] == ["applied"]


def test_nothing_is_queued_when_signed_out(tmp_path):
    with Library(tmp_path / "lib.db") as lib:
        item = market_item(lib, url="http://127.0.0.1:9")
        log_practice(lib, item.id, seconds=5.0, completed=False)
        assert len(lib.practice_history(item.id)) == 1 and practice_rows(lib, "http://127.0.0.1:9") == []


def test_practice_conversation_reports_market_items(api, net, tmp_path):
    from engine.conversation import Session

    u = api.account("fan@example.com")
    with Library(tmp_path / "lib.db") as lib, signed_in_client(api, u.email, net):
        item = market_item(lib)
        s = Session.create("practice", library=lib, player=lambda _item: {"seconds": 30.0, "completed": True},
                           config={"conversation": {"keep_transcript": False}, "credits": {}, "prices": {}})
        s.start()
        reply = s.send("tired")
        while not s.done:
            reply = s.send("yes" if s.state == "suggest" else "")
        assert reply.state == "logged" and s.data["item_id"] == item.id
        [row] = practice_rows(lib)
        assert row["payload"]["item_id"] == "00000001" and row["payload"]["completed"] is True


def test_publish_falls_back_to_the_outbox_when_unreachable(api, net, tmp_path):
    creator = api.account("ana@example.com", creator="Ana")
    archive = make_pack(tmp_path)
    with Library(tmp_path / "lib.db") as lib, signed_in_client(api, creator.email, net) as client:
        net.offline = True
        done = publish_or_queue(client, lib, archive)
        assert done["queued"] is True
        assert api.client.get("/v1/packs/calm-evenings").status_code == 404
        net.offline = False
        assert sync(client, lib).applied == 1
        assert api.client.get("/v1/packs/calm-evenings").json()["version"] == 1
        again = publish_or_queue(client, lib, make_pack(tmp_path, items=3))  # online: published right away
        assert again["queued"] is False and again["pack"]["version"] == 2


def test_cli_publish_queues_with_a_clear_message(tmp_path):
    from engine.market.tokens import Tokens, TokenStore
    from waqup_cli.main import app

    url = "http://127.0.0.1:9"  # nothing listens there: connection refused
    TokenStore(url).save(Tokens("access", "refresh"))
    archive = make_pack(tmp_path)
    out = CliRunner().invoke(app, ["market", "publish", str(archive), "--url", url])
    assert out.exit_code == 0, out.output
    assert "queued; it will publish on the next `waqup sync`" in out.output
    with Library() as lib:
        [row] = SyncStore(lib, url).rows("pending")
    assert row["kind"] == "publish" and row["payload"]["name"] == archive.name
    out = CliRunner().invoke(app, ["market", "publish", str(archive), "--url", url, "--json"])
    assert json.loads(out.stdout)["queued"] is True


def test_a_read_along_counts_the_practice_not_the_seconds_on_screen():
    from engine.practice import read_along_seconds
    from engine.script import parse

    script = parse("---\ntype: meditation\ntitle: One minute\n---\n\n## Breath\nBreathe in slowly.\n[pause 50s]\n"
                   "Let the breath go.\n")
    length = script.estimated_seconds()
    assert length >= 50
    assert read_along_seconds(script, 12.0, True) == length  # finished after 12 s on screen: a whole practice
    assert read_along_seconds(script, 400.0, True) == 400.0  # lingered: the real time
    assert read_along_seconds(script, 12.0, False) == 12.0  # stopped early: what was read
    assert read_along_seconds(script, 400.0, False) == length
