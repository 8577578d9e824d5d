"""Stripe Checkout and webhooks against the local stand-in, with the real SDK and real signatures."""

from __future__ import annotations

import time

import pytest

from tests.payments.helpers import PayApi, StripeStub, make_pack, payment_settings, sign


@pytest.fixture
def stub():
    with StripeStub() as s:
        yield s


@pytest.fixture
def api(tmp_path, stub):
    api = PayApi(payment_settings(tmp_path, stub), stub)
    yield api
    api.close()


def test_checkout_creates_a_session_with_our_idempotency_key(api, stub):
    u = api.account("u@example.com")
    purchase = api.checkout(u, kind="credits", size=50, idempotency_key="retry-key-1")
    assert purchase["status"] == "open" and purchase["amount_cents"] == 2000
    assert purchase["url"].startswith(stub.url)
    again = api.checkout(u, kind="credits", size=50, idempotency_key="retry-key-1")
    assert again["id"] == purchase["id"]
    posts = [p for p in stub.posts if p[0] == "/v1/checkout/sessions"]
    assert len(posts) == 1 and posts[0][1] == f"checkout-{purchase['id']}"
    body = posts[0][2]
    assert body["mode"] == "payment" and body["client_reference_id"] == purchase["id"]
    assert body["payment_intent_data"]["metadata"]["purchase_id"] == purchase["id"]
    bad = api.client.post("/v1/payments/checkout", json={"kind": "credits", "size": 7}, headers=u.headers)
    assert bad.status_code == 400 and "10, 50, 120" in bad.json()["detail"]


def test_forged_and_stale_signatures_are_refused(api, stub):
    u = api.account("u@example.com")
    purchase = api.checkout(u, kind="credits", size=10)
    session = stub.pay(api.session_of(purchase["id"])["id"])
    payload = stub.event("checkout.session.completed", session)
    assert api.deliver(payload, secret="whsec_forged_secret_xxxxxxxx").status_code == 400
    assert api.deliver(payload, header="t=1,v1=deadbeef").status_code == 400
    assert api.deliver(payload, header="").status_code == 400
    assert api.deliver(payload, timestamp=int(time.time()) - 301).status_code == 400
    tampered = payload.replace('"livemode": false', '"livemode": true')
    assert api.deliver(tampered, header=sign(payload)).status_code == 400  # body changed after signing
    assert api.wallet(u)["available"] == 0
    assert api.deliver(payload, timestamp=int(time.time()) - 250).json()["outcome"] == "fulfilled"
    assert api.wallet(u)["available"] == 10


def test_replayed_event_changes_nothing(api, stub):
    u = api.account("u@example.com")
    purchase = api.checkout(u, kind="credits", size=10)
    session = stub.pay(api.session_of(purchase["id"])["id"])
    payload = stub.event("checkout.session.completed", session)
    assert api.deliver(payload).json()["outcome"] == "fulfilled"
    assert api.deliver(payload).json()["outcome"] == "replay"
    other = stub.event("checkout.session.completed", session)  # a second event for the same session
    assert api.deliver(other).json()["outcome"] == "already fulfilled"
    assert api.wallet(u) == {"posted": 10, "held": 0, "available": 10}


def test_unpaid_completion_then_async_success_fulfils_once(api, stub):
    u = api.account("u@example.com")
    purchase = api.checkout(u, kind="credits", size=10)
    sid = api.session_of(purchase["id"])["id"]
    session = stub.pay(sid, delayed=True)
    assert api.deliver(stub.event("checkout.session.completed", session)).json()["outcome"] == "ignored"
    assert api.purchase(u, purchase["id"])["status"] == "open"
    settled = stub.settle(sid)
    assert api.deliver(stub.event("checkout.session.async_payment_succeeded", settled)).json()["outcome"] == "fulfilled"
    # The stale "completed" event arriving late (Stripe retried it) re-reads the session: still one grant.
    assert api.deliver(stub.event("checkout.session.completed", session)).json()["outcome"] == "already fulfilled"
    assert api.wallet(u)["available"] == 10


def test_out_of_order_refund_before_completion_never_grants(api, stub):
    u = api.account("u@example.com")
    purchase = api.checkout(u, kind="credits", size=10)
    session = stub.pay(api.session_of(purchase["id"])["id"])
    charge = stub.refund(stub.charge_of(session["id"])["id"])
    assert "before fulfilment" in api.deliver(stub.event("charge.refunded", charge)).json()["outcome"]
    assert api.deliver(stub.event("checkout.session.completed", session)).json()["outcome"] == "already refunded"
    assert api.wallet(u)["available"] == 0 and api.purchase(u, purchase["id"])["status"] == "refunded"
    assert api.audit()["total"] == 0


def test_refund_after_fulfilment_reverses_credits_even_into_debt(api, stub):
    u = api.account("u@example.com")
    purchase = api.buy_credits(u, 10)
    r = api.client.post("/v1/wallet/reserve", json={"key": "j", "amount": 6}, headers=u.headers)
    api.client.post("/v1/wallet/capture", json={"key": "j"}, headers=u.headers)
    assert r.status_code == 201
    sid = api.session_of(purchase["id"])["id"]
    charge = stub.refund(stub.charge_of(sid)["id"], 250)  # half
    assert api.deliver(stub.event("charge.refunded", charge)).json()["outcome"] == "refunded 250/500"
    assert api.wallet(u)["available"] == -1
    charge = stub.refund(charge["id"])  # the rest
    assert api.deliver(stub.event("charge.refunded", charge)).json()["outcome"] == "refunded 500/500"
    assert api.wallet(u)["available"] == -6
    assert api.purchase(u, purchase["id"])["status"] == "refunded"
    r = api.client.post("/v1/wallet/reserve", json={"key": "k", "amount": 1}, headers=u.headers)
    assert r.status_code == 402
    assert api.books()["stripe:clearing"] == 0 and api.audit()["total"] == 0


def test_pack_purchase_splits_revenue_and_refund_revokes(api, stub, tmp_path):
    creator = api.account("ana@example.com", creator="Ana")
    fan = api.account("fan@example.com")
    assert api.publish(creator, make_pack(tmp_path, price=30)).status_code == 201
    assert api.client.post("/v1/packs/calm-evenings/download", headers=fan.headers).status_code == 402
    own = api.client.post("/v1/payments/checkout", json={"kind": "pack", "pack": "calm-evenings"},
                          headers=creator.headers)
    assert own.status_code == 409
    purchase = api.checkout(fan, kind="pack", pack="calm-evenings")
    assert purchase["amount_cents"] == 300 and purchase["pack"] == "calm-evenings"
    session = stub.pay(api.session_of(purchase["id"])["id"])
    assert api.deliver(stub.event("checkout.session.completed", session)).json()["outcome"] == "fulfilled"
    assert api.client.post("/v1/packs/calm-evenings/download", headers=fan.headers).status_code == 200
    earned = api.client.get("/v1/creators/me/earnings", headers=creator.headers).json()
    assert earned["sales"] == 1 and earned["payable"] == 21  # 70% of 30
    assert api.books()["platform:revenue"] == 9
    dispute = stub.dispute(stub.charge_of(session["id"])["id"])
    assert api.deliver(stub.event("charge.dispute.created", dispute)).json()["outcome"] == "refunded 300/300"
    assert api.client.post("/v1/packs/calm-evenings/download", headers=fan.headers).status_code == 402
    earned = api.client.get("/v1/creators/me/earnings", headers=creator.headers).json()
    assert earned["sales"] == 0 and earned["payable"] == 0
    assert [t["kind"] for t in earned["history"]] == ["reversal", "sale"]


def test_pack_paid_from_wallet_and_payout_is_never_doubled(api, stub, tmp_path):
    creator = api.account("ana@example.com", creator="Ana")
    fan = api.account("fan@example.com")
    api.publish(creator, make_pack(tmp_path, price=10))
    short = api.client.post("/v1/payments/checkout", json={"kind": "pack", "pack": "calm-evenings", "pay": "credits"},
                            headers=fan.headers)
    assert short.status_code == 402
    api.buy_credits(fan, 10)
    bought = api.checkout(fan, kind="pack", pack="calm-evenings", pay="credits")
    assert bought["status"] == "fulfilled" and api.wallet(fan)["available"] == 0
    assert api.client.put("/v1/creators/me/payout-account", json={"stripe_account": "acct_ana1234"},
                          headers=creator.headers).status_code == 204
    first = api.client.post("/v1/creators/me/payouts", json={"idempotency_key": "payout-0001"},
                            headers=creator.headers).json()
    assert first["credits"] == 7 and first["status"] == "transferred" and first["amount_cents"] == 70
    again = api.client.post("/v1/creators/me/payouts", json={"idempotency_key": "payout-0001"},
                            headers=creator.headers).json()
    assert again["id"] == first["id"]
    empty = api.client.post("/v1/creators/me/payouts", json={"idempotency_key": "payout-0002"},
                            headers=creator.headers)
    assert empty.status_code == 409
    transfers = [p for p in stub.posts if p[0] == "/v1/transfers"]
    assert len(transfers) == 1 and transfers[0][1] == f"payout-{first['id']}"
    assert api.books()[f"creator:{creator.id}:payable"] == 0 and api.audit()["total"] == 0


def test_a_second_card_checkout_of_a_pack_is_the_open_one(api, stub, tmp_path):
    creator = api.account("ana@example.com", creator="Ana")
    fan = api.account("fan@example.com")
    api.publish(creator, make_pack(tmp_path, price=30))
    first = api.checkout(fan, kind="pack", pack="calm-evenings")
    second = api.checkout(fan, kind="pack", pack="calm-evenings", idempotency_key="another-tab-1")
    assert second["id"] == first["id"] and second["url"] == first["url"]
    assert len([p for p in stub.posts if p[0] == "/v1/checkout/sessions"]) == 1  # one session, one payment
    expired = stub.event("checkout.session.expired", api.session_of(first["id"]))
    stub.objects[api.session_of(first["id"])["id"]]["status"] = "expired"
    assert api.deliver(expired).json()["outcome"] == "purchase failed"
    fresh = api.checkout(fan, kind="pack", pack="calm-evenings")
    assert fresh["id"] != first["id"] and fresh["status"] == "open"  # an expired one is not offered again


def test_a_payment_for_a_pack_already_owned_is_refunded_not_sold_twice(api, stub, tmp_path):
    creator = api.account("ana@example.com", creator="Ana")
    fan = api.account("fan@example.com")
    api.publish(creator, make_pack(tmp_path, price=10))
    by_card = api.checkout(fan, kind="pack", pack="calm-evenings")  # left open in a browser tab...
    api.buy_credits(fan, 10)
    assert api.checkout(fan, kind="pack", pack="calm-evenings", pay="credits")["status"] == "fulfilled"
    session = stub.pay(api.session_of(by_card["id"])["id"])  # ...and paid after all
    outcome = api.deliver(stub.event("checkout.session.completed", session)).json()["outcome"]
    assert outcome == "duplicate: the pack was already owned; the payment was refunded"
    refunds = [p for p in stub.posts if p[0] == "/v1/refunds"]
    assert len(refunds) == 1 and refunds[0][1] == f"duplicate-{by_card['id']}"
    assert refunds[0][2]["payment_intent"] == session["payment_intent"] and refunds[0][2]["reason"] == "duplicate"
    assert stub.charge_of(session["id"])["refunded"] is True
    assert api.purchase(fan, by_card["id"])["status"] == "refunded"
    earned = api.client.get("/v1/creators/me/earnings", headers=creator.headers).json()
    assert earned["sales"] == 1 and earned["payable"] == 7  # one sale, paid to the creator once
    again = api.deliver(stub.event("checkout.session.completed", session)).json()["outcome"]
    assert again != outcome and len([p for p in stub.posts if p[0] == "/v1/refunds"]) == 1  # a replay: no 2nd refund
    refunded = api.deliver(stub.event("charge.refunded", stub.charge_of(session["id"]))).json()["outcome"]
    assert refunded == "no new refund"  # Stripe's own event for that refund changes nothing
    assert api.client.post("/v1/packs/calm-evenings/download", headers=fan.headers).status_code == 200
    assert api.audit()["total"] == 0


def test_monthly_plan_grants_on_each_paid_invoice(api, stub):
    u = api.account("u@example.com")
    purchase = api.checkout(u, kind="plan")
    body = [p for p in stub.posts if p[0] == "/v1/checkout/sessions"][-1][2]
    assert body["mode"] == "subscription" and body["line_items"][0]["price_data"]["recurring"]["interval"] == "month"
    session = stub.pay(api.session_of(purchase["id"])["id"])
    invoice = next(o for o in stub.objects.values() if o["object"] == "invoice")
    # invoice.paid may arrive before checkout.session.completed
    assert api.deliver(stub.event("invoice.paid", invoice)).json()["outcome"] == "plan credits granted"
    assert api.deliver(stub.event("checkout.session.completed", session)).json()["outcome"] == "subscription active"
    assert api.wallet(u)["available"] == 100
    second = stub.invoice(session["subscription"], 900)
    payload = stub.event("invoice.paid", second)
    assert api.deliver(payload).json()["outcome"] == "plan credits granted"
    assert api.deliver(stub.event("invoice.paid", second)).json()["outcome"] == "invoice already granted"
    assert api.wallet(u)["available"] == 200 and api.purchase(u, purchase["id"])["status"] == "active"


def test_webhooks_refused_when_not_configured(tmp_path):
    from tests.market.helpers import Api, make_settings

    api = Api(make_settings(tmp_path))
    try:
        assert api.client.post("/v1/payments/webhook", content=b"{}").status_code == 400
        u = api.account("u@example.com")
        r = api.client.post("/v1/payments/checkout", json={"kind": "credits", "size": 10}, headers=u.headers)
        assert r.status_code == 400 and "not configured" in r.json()["detail"]
    finally:
        api.close()
