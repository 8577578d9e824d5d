"""Issue 15 item 6: a media link is checked against the entitlement when it is used, not only when issued.

A buyer downloads a paid pack, the purchase is refunded (signed webhook from the Stripe stand-in): every link
issued before the refund stops working at once, though it has not expired; owners and free packs still work."""

from __future__ import annotations

import pytest

from tests.payments.helpers import PayApi, StripeStub, make_pack, payment_settings


@pytest.fixture
def stub():
    with StripeStub() as s:
        yield s


@pytest.fixture
def api(tmp_path, stub):
    api = PayApi(payment_settings(tmp_path, stub), stub)
    yield api
    api.close()


def test_links_issued_before_a_refund_stop_working(api, stub, tmp_path):
    creator = api.account("ana@example.com", creator="Ana")
    fan = api.account("fan@example.com")
    assert api.publish(creator, make_pack(tmp_path, price=30)).status_code == 201
    purchase = api.checkout(fan, kind="pack", pack="calm-evenings")
    session = stub.pay(api.session_of(purchase["id"])["id"])
    assert api.deliver(stub.event("checkout.session.completed", session)).json()["outcome"] == "fulfilled"
    links = api.client.post("/v1/packs/calm-evenings/download", headers=fan.headers).json()
    urls = [links["archive"]["url"], *(item["url"] for item in links["items"])]
    assert all(api.client.get(url).status_code == 200 for url in urls)
    owner = api.client.post("/v1/packs/calm-evenings/download", headers=creator.headers).json()["archive"]["url"]

    charge = stub.refund(stub.charge_of(session["id"])["id"])
    assert api.deliver(stub.event("charge.refunded", charge)).json()["outcome"].startswith("refunded")
    for url in urls:  # not expired, correctly signed, but the purchase is gone
        r = api.client.get(url)
        assert r.status_code == 403, (url, r.status_code)
        assert "access" in r.json()["detail"]
    assert api.client.get(owner).status_code == 200
