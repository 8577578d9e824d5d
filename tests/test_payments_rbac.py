"""RBAC of the payments, ledger, sync and rewards routes: anonymous / user / other creator / owner / admin."""

from __future__ import annotations

import itertools
import json

import pytest

from tests.market.helpers import ADMIN, Api, make_settings
from tests.payments.rbac import PAY_MATRIX, PAY_PUBLIC

ROLES = ("anon", "user", "other", "owner", "admin")
MINE = ("/v1/wallet", "/v1/admin/wallet", "/v1/admin/ledger", "/v1/payments", "/v1/sync", "/v1/prices",
        "/v1/creators/me/earnings", "/v1/creators/me/payout", "/v1/creators/me/payouts")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    api = Api(make_settings(tmp_path_factory.mktemp("pay-rbac")))
    api.admin = api.account(ADMIN)
    api.counter = itertools.count()
    yield api
    api.close()


def test_matrix_covers_every_payments_route(world):
    spec = world.app.openapi()["paths"]
    routes = {(m.upper(), p) for p, ops in spec.items() for m in ops if p.startswith(MINE)}
    assert routes == {(m, p) for m, p, _, _ in PAY_MATRIX} | PAY_PUBLIC


@pytest.mark.parametrize("method,path,body,expected", PAY_MATRIX, ids=[f"{m} {p}" for m, p, _, _ in PAY_MATRIX])
def test_rbac(world, method, path, body, expected):
    n = next(world.counter)
    owner = world.account(f"owner{n}@example.com", creator="Owner")
    other = world.account(f"other{n}@example.com", creator="Other")
    user = world.account(f"user{n}@example.com")
    accounts = {"anon": None, "user": user, "other": other, "owner": owner, "admin": world.admin}
    got = []
    for role in ROLES:
        account = accounts[role]
        url = path.format(purchase_id="0" * 32)
        data = None
        if body == "upload":
            form = {"client_id": f"publish-{n}-{role}", "mutation_id": "1"}
            r = world.client.post(url, data=form, files={"archive": ("x.waqup", b"not a zip")},
                                  headers=account.headers if account else {})
            got.append(r.status_code)
            continue
        if body is not None:
            text = json.dumps(body).replace('"{user_id}"', str(user.id)).replace("{n}", str(n))
            data = json.loads(text.replace("{role}", role))
            if "key" in data and path.startswith("/v1/admin/wallet/grant"):
                data["key"] = f"g{n}{role}"
        r = world.client.request(method, url, json=data, headers=account.headers if account else {})
        got.append(r.status_code)
    assert tuple(got) == expected, dict(zip(ROLES, got, strict=True))


def test_webhook_without_signature_is_refused(world):
    assert world.client.post("/v1/payments/webhook", content=b"{}").status_code == 400
    assert world.client.get("/v1/prices").status_code == 200
