"""RBAC matrix: every route x anonymous / user / other creator / owner (creator) / admin."""

from __future__ import annotations

import itertools

import pytest

from tests.market.helpers import ADMIN, Api, make_pack, make_settings
from tests.payments.rbac import PAY_MATRIX, PAY_PUBLIC

ROLES = ("anon", "user", "other", "owner", "admin")
# (method, path template, json body, expected status per role in ROLES order)
MATRIX = [
    ("GET", "/v1/me", None, (401, 200, 200, 200, 200)),
    ("POST", "/v1/auth/verify/resend", None, (401, 202, 202, 202, 202)),
    ("PATCH", "/v1/admin/users/{user_id}", {"disabled": False}, (401, 403, 403, 403, 200)),
    ("PUT", "/v1/creators/me", {"display_name": "Someone"}, (401, 200, 200, 200, 200)),
    ("GET", "/v1/creators/me/analytics", None, (401, 403, 200, 200, 200)),
    ("GET", "/v1/creators/{user_id}", None, (200, 200, 200, 200, 200)),
    ("GET", "/v1/packs", None, (200, 200, 200, 200, 200)),
    ("POST", "/v1/packs", "upload", (401, 403, 201, 201, 201)),
    ("GET", "/v1/packs/{slug}", None, (200, 200, 200, 200, 200)),
    ("GET", "/v1/packs/{slug}/similar", None, (200, 200, 200, 200, 200)),
    ("GET", "/v1/packs/{slug}/versions", None, (200, 200, 200, 200, 200)),
    ("DELETE", "/v1/packs/{slug}", None, (401, 403, 403, 204, 204)),
    ("POST", "/v1/packs/{slug}/takedown", {"reason": "policy"}, (401, 403, 403, 403, 200)),
    ("POST", "/v1/packs/{slug}/download", None, (401, 200, 200, 200, 200)),
    ("POST", "/v1/packs/{slug}/practice", {"item_id": "00000001", "seconds": 5}, (401, 403, 403, 202, 403)),
]
PUBLIC = {("POST", "/v1/auth/register"), ("POST", "/v1/auth/token"), ("POST", "/v1/auth/refresh"),
          ("POST", "/v1/auth/logout"), ("POST", "/v1/auth/device/code"), ("POST", "/v1/auth/device/token"),
          ("GET", "/device"), ("POST", "/device"), ("POST", "/device/register"),
          ("POST", "/v1/auth/verify"), ("GET", "/verify"),
          ("POST", "/verify"), ("GET", "/healthz"), ("GET", "/metrics"),
          ("GET", "/media/{key}")}  # media: the pre-signed URL is the grant (see test_market_api)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rbac")
    api = Api(make_settings(tmp))
    api.tmp = tmp
    api.admin = api.account(ADMIN)
    api.counter = itertools.count()
    yield api
    api.close()


def test_matrix_covers_every_route(world):
    spec = world.app.openapi()["paths"]
    routes = {(m.upper(), p) for p, ops in spec.items() for m in ops}
    assert routes == {(m, p) for m, p, _, _ in (*MATRIX, *PAY_MATRIX)} | PUBLIC | PAY_PUBLIC


@pytest.mark.parametrize("method,path,body,expected", MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
def test_rbac(world, method, path, body, expected):
    n = next(world.counter)
    owner = world.account(f"owner{n}@example.com", creator="Owner")
    other = world.account(f"other{n}@example.com", creator="Other")
    user = world.account(f"user{n}@example.com")
    accounts = {"anon": None, "user": user, "other": other, "owner": owner, "admin": world.admin}
    got = []
    for role in ROLES:
        slug = f"p{n}-{role}"  # a fresh pack per cell, so mutations never leak between cells
        assert world.publish(owner, make_pack(world.tmp, slug=slug)).status_code == 201
        account = accounts[role]
        headers = account.headers if account else {}
        target = owner if path.startswith("/v1/creators/") else user  # a creator's profile, a user to patch
        url = path.format(slug=slug, user_id=target.id)
        if body == "upload":
            archive = make_pack(world.tmp, slug=f"new{n}-{role}")
            with open(archive, "rb") as handle:
                r = world.client.post(url, files={"archive": (archive.name, handle)}, headers=headers)
        else:
            r = world.client.request(method, url, json=body, headers=headers)
        got.append(r.status_code)
    assert tuple(got) == expected, dict(zip(ROLES, got, strict=True))
