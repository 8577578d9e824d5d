"""Hostile inputs (item 12): NUL characters in any text input and integers beyond 64 bits are a 422 at the
validation layer on SQLite and PostgreSQL alike (PostgreSQL used to answer 500); a poison sync mutation is
rejected with a reason and the outbox moves on; catalog cursors are signed."""

from __future__ import annotations

import base64
import json
import os

import pytest

from marketplace.ledger import service as ledger
from marketplace.ledger.uow import unit_of_work
from tests.market.helpers import ADMIN, BACKENDS, Api, make_pack, make_settings

NUL = "a\x00b"


@pytest.fixture(scope="module", params=BACKENDS)
def world(request, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    if request.param == "sqlite":
        mp.delenv("WAQUP_TEST_DATABASE_URL", raising=False)
    tmp = tmp_path_factory.mktemp("inputs")
    api = Api(make_settings(tmp))
    api.admin = api.account(ADMIN)
    api.creator = api.account("c@example.com", creator="Cee")
    assert api.publish(api.creator, make_pack(tmp, slug="calm")).status_code == 201
    yield api
    api.close()
    mp.undo()


# (method, path, json body or None, query or None, who: anon/user/admin, form or None)
CASES = [
    ("POST", "/v1/auth/register", {"email": f"{NUL}@example.com", "password": "long enough pw"}, None, "anon", None),
    ("POST", "/v1/auth/token", {"email": f"{NUL}@example.com", "password": "long enough pw"}, None, "anon", None),
    ("POST", "/v1/auth/refresh", {"refresh_token": NUL * 10}, None, "anon", None),
    ("POST", "/v1/auth/logout", {"refresh_token": NUL * 10}, None, "anon", None),
    ("POST", "/v1/auth/device/token", None, None, "anon",
     {"grant_type": "urn:ietf:params:oauth:grant-type:device_code", "device_code": NUL}),
    ("POST", "/device", None, None, "anon", {"user_code": NUL, "email": "x@example.com", "password": "p" * 10}),
    ("PUT", "/v1/creators/me", {"display_name": NUL}, None, "user", None),
    ("PUT", "/v1/creators/me", {"display_name": "Ok", "bio": NUL}, None, "user", None),
    ("GET", "/v1/packs", None, {"q": NUL}, "anon", None),
    ("GET", "/v1/packs", None, {"cursor": NUL}, "anon", None),
    ("POST", "/v1/packs/calm/takedown", {"reason": f"policy {NUL}"}, None, "admin", None),
    ("POST", "/v1/wallet/reserve", {"key": "job-1", "content_type": NUL}, None, "user", None),
    ("POST", "/v1/wallet/capture", {"key": "job-1", "item_id": NUL}, None, "user", None),
    ("POST", "/v1/admin/wallet/grant", {"user_id": 1, "amount": 1, "key": "g1", "memo": NUL}, None, "admin", None),
    ("POST", "/v1/admin/wallet/grant", {"user_id": 10**21, "amount": 1, "key": "g1"}, None, "admin", None),
    ("POST", "/v1/admin/wallet/refund", {"user_id": 10**21, "key": "g1"}, None, "admin", None),
]


@pytest.mark.parametrize("method,path,body,query,who,form", CASES, ids=[f"{c[0]} {c[1]} {i}" for i, c in
                                                                      enumerate(CASES)])
def test_nul_and_huge_integers_are_422(world, method, path, body, query, who, form):
    headers = {"anon": {}, "user": world.creator.headers, "admin": world.admin.headers}[who]
    r = world.client.request(method, path, json=body, params=query, data=form, headers=headers)
    assert r.status_code == 422, r.text
    assert isinstance(r.json()["detail"], list)


def test_crafted_catalog_cursors_are_refused(world):
    for sort, v in (("newest", "2020-01-01T00:00:00"), ("title", NUL), ("popular", 10**21)):
        crafted = base64.urlsafe_b64encode(json.dumps({"s": sort, "v": v, "id": 10**21}).encode()).decode()
        r = world.client.get("/v1/packs", params={"sort": sort, "cursor": crafted.rstrip("=")})
        assert r.status_code == 400, r.text
    first = world.client.get("/v1/packs", params={"limit": 1, "sort": "title"})
    assert first.status_code == 200
    cursor = first.json()["next_cursor"]
    if cursor:  # a genuine cursor still pages
        assert world.client.get("/v1/packs", params={"limit": 1, "sort": "title", "cursor": cursor}).status_code == 200
        tampered = cursor[:-2] + ("A" if cursor[-2] != "A" else "B") + cursor[-1]
        assert world.client.get("/v1/packs", params={"limit": 1, "sort": "title",
                                                     "cursor": tampered}).status_code == 400


def test_a_poison_sync_mutation_is_rejected_and_the_next_one_applies(world):
    u = world.account(f"sync{os.getpid()}@example.com")
    with unit_of_work(world.app.state.ctx.db) as db:
        ledger.grant(db, u.id, 5, f"seed-{u.id}")
    body = {"client_id": f"client-{u.id:04d}", "mutations": [
        {"id": 1, "kind": "spend", "payload": {"amount": 1, "key": NUL}},
        {"id": 2, "kind": "spend", "payload": {"amount": 10**21, "key": "k2"}},
        {"id": 3, "kind": "practice", "payload": {"pack": NUL, "item_id": NUL}},
        {"id": 4, "kind": "spend", "payload": {"amount": 1, "key": "k4", "item_id": "it"}}]}
    r = world.client.post("/v1/sync", json=body, headers=u.headers)
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["rejected", "rejected", "rejected", "applied"]
    assert all(x["result"]["reason"] == "invalid" and x["result"]["message"] for x in results[:3])
    assert r.json()["last_mutation"] == 4 and r.json()["balance"]["available"] == 4
    again = world.client.post("/v1/sync", json=body, headers=u.headers).json()["results"]
    assert [x["status"] for x in again] == ["duplicate"] * 4
