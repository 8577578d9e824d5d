"""The payment flows of docs/payments.md against a real third-party Stripe fake: localstripe from the package
registry (with the Checkout Sessions and disputes it lacks added by tests/payments/localstripe_ext.py),
started on loopback, delivering its own signed webhooks to a real `waqup market serve` process. After every
flow the server's books balance (postings sum to zero, cached balances and holds match)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from tests.market.helpers import database_url, free_port, make_pack
from tests.market.server import MarketServer

pytest.importorskip("localstripe")
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SECRET, WEBHOOK = "sk_test_localstripe", "whsec_localstripe_0123456789"


class LocalStripe:
    """localstripe (extended) in its own process on a free loopback port."""

    def __init__(self, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log

    def __enter__(self) -> LocalStripe:
        with open(self.log, "w") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "tests.payments.localstripe_ext", "--port",
                                          str(self.port)], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                         env={**os.environ, "PYTHONPATH": str(ROOT)})
        for _ in range(300):
            try:
                httpx.get(f"{self.url}/v1/events", headers=self.auth, timeout=2)
                return self
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError(f"localstripe did not start: {self.log.read_text()}")

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(10)

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {SECRET}"}

    def post(self, path: str, **data) -> dict:
        r = httpx.post(f"{self.url}{path}", data=data, headers=self.auth, timeout=30)
        assert r.status_code == 200, (path, r.status_code, r.text)
        return r.json()

    def get(self, path: str) -> dict:
        r = httpx.get(f"{self.url}{path}", headers=self.auth, timeout=30)
        assert r.status_code == 200, (path, r.status_code, r.text)
        return r.json()


@pytest.fixture
def world(tmp_path):
    with LocalStripe(tmp_path / "localstripe.log") as stripe:
        url = database_url(tmp_path)
        with MarketServer(tmp_path, url, stripe_secret_key=SECRET, stripe_webhook_secret=WEBHOOK,
                          stripe_api_base=stripe.url, auto_verify="true") as market:
            httpx.post(f"{stripe.url}/_config/webhooks/waqup", data={
                "url": f"{market.url}/v1/payments/webhook", "secret": WEBHOOK}).raise_for_status()
            engine = create_engine(url)
            yield stripe, market, engine
            engine.dispose()


def audit(engine) -> None:
    from marketplace.ledger import service

    with Session(engine) as db:
        books = service.audit(db)
    assert books == {"total": 0, "mismatched": [], "bad_holds": []}, books


def checkout(market: MarketServer, account: dict, **body) -> dict:
    r = httpx.post(f"{market.url}/v1/payments/checkout", json=body, headers=account, timeout=60)
    assert r.status_code in (200, 201), r.text
    return r.json()


def purchase(market: MarketServer, account: dict, pid: str) -> dict:
    return httpx.get(f"{market.url}/v1/payments/purchases/{pid}", headers=account, timeout=30).json()


def wait_for(market: MarketServer, account: dict, pid: str, status: str, timeout: float = 60) -> dict:
    """localstripe delivers each webhook a second after the event, from its own process."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = purchase(market, account, pid)
        if row["status"] == status:
            return row
        time.sleep(0.2)
    raise AssertionError(f"purchase {pid} is {purchase(market, account, pid)['status']}, not {status}")


def wallet(market: MarketServer, account: dict) -> dict:
    return httpx.get(f"{market.url}/v1/wallet", headers=account, timeout=30).json()


def session_id(started: dict) -> str:
    return started["url"].rsplit("/", 1)[-1]


def settled_later(check, timeout: float = 30):
    """``check()`` until it holds: for effects with no status to wait on (a webhook that changes nothing)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the webhook's effect never showed"
        time.sleep(0.2)


def test_credit_pack_refund_partial_refund_replay_and_expiry(world):
    stripe, market, engine = world
    ana = market.account("ana@example.com")

    bought = checkout(market, ana, kind="credits", size=10)
    paid = stripe.post(f"/_test/checkout/sessions/{session_id(bought)}/pay")
    wait_for(market, ana, bought["id"], "fulfilled")
    assert wallet(market, ana)["available"] == 10
    audit(engine)

    # replay: localstripe delivers the same signed event again; nothing changes
    stripe.post(f"/_test/events/{paid['event']}/send")
    time.sleep(2.5)  # one second of localstripe's delivery delay, and the handler
    assert wallet(market, ana)["available"] == 10
    audit(engine)

    # partial refund at Stripe (the dashboard): half the money back takes back half the credits
    intent = paid["session"]["payment_intent"]
    stripe.post("/v1/refunds", payment_intent=intent, amount=str(paid["session"]["amount_total"] // 2))
    settled_later(lambda: wallet(market, ana)["available"] == 5)
    audit(engine)
    # then the rest: the purchase is refunded and the credits are gone
    charge = stripe.get(f"/v1/payment_intents/{intent}")["latest_charge"]
    charge_id = charge["id"] if isinstance(charge, dict) else charge
    stripe.post("/v1/refunds", charge=charge_id, amount=str(paid["session"]["amount_total"] // 2))
    wait_for(market, ana, bought["id"], "refunded")
    assert wallet(market, ana)["available"] == 0
    audit(engine)

    # an expired session fulfils nothing, and can't be paid afterwards
    later = checkout(market, ana, kind="credits", size=10)
    stripe.post(f"/_test/checkout/sessions/{session_id(later)}/expire")
    wait_for(market, ana, later["id"], "failed")
    r = httpx.post(f"{stripe.url}/_test/checkout/sessions/{session_id(later)}/pay", headers=stripe.auth)
    assert r.status_code == 400
    assert wallet(market, ana)["available"] == 0
    audit(engine)


def test_pack_sale_dispute_and_out_of_order_events(world, tmp_path):
    stripe, market, engine = world
    creator = market.account("cora@example.com", creator="Cora")
    assert market.publish(creator, make_pack(tmp_path, slug="night-calm", price=20)).status_code == 201
    bob, cy = market.account("bob@example.com"), market.account("cy@example.com")

    sale = checkout(market, bob, kind="pack", pack="night-calm")
    paid = stripe.post(f"/_test/checkout/sessions/{session_id(sale)}/pay")
    wait_for(market, bob, sale["id"], "fulfilled")
    link = httpx.post(f"{market.url}/v1/packs/night-calm/download", headers=bob, timeout=30)
    assert link.status_code == 200, link.text
    earned = httpx.get(f"{market.url}/v1/creators/me/earnings", headers=creator, timeout=30).json()
    assert earned["payable"] == 14 and earned["sales"] == 1  # 70% of 20, fixed at quote time
    audit(engine)

    # a dispute reverses the sale and revokes the pack
    charge = stripe.get(f"/v1/payment_intents/{paid['session']['payment_intent']}")["latest_charge"]
    stripe.post(f"/_test/charges/{charge['id'] if isinstance(charge, dict) else charge}/dispute")
    wait_for(market, bob, sale["id"], "refunded")
    settled_later(lambda: httpx.get(f"{market.url}/v1/creators/me/earnings", headers=creator,
                                    timeout=30).json()["payable"] == 0)
    assert httpx.post(f"{market.url}/v1/packs/night-calm/download", headers=bob, timeout=30).status_code == 402
    audit(engine)

    # out of order: the refund's event arrives before the payment's; the pack is never sold
    second = checkout(market, cy, kind="pack", pack="night-calm")
    held = stripe.post(f"/_test/checkout/sessions/{session_id(second)}/pay", send="0")
    stripe.post("/v1/refunds", payment_intent=held["session"]["payment_intent"])
    wait_for(market, cy, second["id"], "refunded")
    stripe.post(f"/_test/events/{held['event']}/send")
    time.sleep(2.5)
    assert purchase(market, cy, second["id"])["status"] == "refunded"
    assert httpx.post(f"{market.url}/v1/packs/night-calm/download", headers=cy, timeout=30).status_code == 402
    audit(engine)


def test_delayed_payment_and_monthly_plan(world):
    stripe, market, engine = world
    dee = market.account("dee@example.com")

    slow = checkout(market, dee, kind="credits", size=10)
    stripe.post(f"/_test/checkout/sessions/{session_id(slow)}/pay", delayed="1")
    time.sleep(2.5)
    assert wallet(market, dee)["available"] == 0  # completed but not yet paid: nothing granted
    stripe.post(f"/_test/checkout/sessions/{session_id(slow)}/settle")
    wait_for(market, dee, slow["id"], "fulfilled")
    assert wallet(market, dee)["available"] == 10
    audit(engine)

    failing = checkout(market, dee, kind="credits", size=10)
    stripe.post(f"/_test/checkout/sessions/{session_id(failing)}/pay", delayed="1")
    stripe.post(f"/_test/checkout/sessions/{session_id(failing)}/settle", failed="1")
    wait_for(market, dee, failing["id"], "failed")
    assert wallet(market, dee)["available"] == 10
    audit(engine)

    plan = checkout(market, dee, kind="plan")
    subscribed = stripe.post(f"/_test/checkout/sessions/{session_id(plan)}/pay")
    wait_for(market, dee, plan["id"], "active")
    settled_later(lambda: wallet(market, dee)["available"] == 10 + plan["credits"])
    audit(engine)
    r = httpx.delete(f"{stripe.url}/v1/subscriptions/{subscribed['session']['subscription']}", headers=stripe.auth)
    assert r.status_code == 200, r.text
    wait_for(market, dee, plan["id"], "canceled")
    assert wallet(market, dee)["available"] == 10 + plan["credits"]  # paid invoices' credits stay
    audit(engine)
