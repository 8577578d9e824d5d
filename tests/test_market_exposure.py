"""Exposure and HTTP conformance (item 17): no server paths in errors, /metrics behind a token (or loopback
only), malformed Range ignored, HEAD on every GET route, complete Allow on 405, app-wide answers in OpenAPI."""

from __future__ import annotations

import io
import tempfile

import pytest
from fastapi.testclient import TestClient

from tests.market.helpers import Api, make_pack, make_settings


@pytest.fixture
def api(tmp_path, monkeypatch):
    monkeypatch.delenv("WAQUP_TEST_DATABASE_URL", raising=False)
    api = Api(make_settings(tmp_path))
    yield api
    api.close()


def test_publish_errors_do_not_show_server_paths(api):
    ana = api.account("ana@example.com", creator="Ana")
    r = api.client.post("/v1/packs", files={"archive": ("x.waqup", io.BytesIO(b"not a zip"))}, headers=ana.headers)
    assert r.status_code == 400 and "not a pack archive" in r.json()["detail"]
    r2 = api.client.post("/v1/sync/publish", data={"client_id": "client-0001", "mutation_id": "1"},
                         files={"archive": ("x.waqup", io.BytesIO(b"not a zip"))}, headers=ana.headers)
    assert r2.json()["status"] == "rejected"
    for text in (r.text, r2.text):
        assert tempfile.gettempdir() not in text and "waqup-upload-" not in text and "waqup-sync-" not in text


def test_metrics_need_the_token_or_a_loopback_client(tmp_path, monkeypatch):
    monkeypatch.delenv("WAQUP_TEST_DATABASE_URL", raising=False)
    api = Api(make_settings(tmp_path, metrics_token="m" * 32))
    try:
        assert api.client.get("/metrics").status_code == 401
        assert api.client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        r = api.client.get("/metrics", headers={"Authorization": "Bearer " + "m" * 32})
        assert r.status_code == 200 and "waqup_market_requests_total" in r.text
    finally:
        api.close()
    api = Api(make_settings(tmp_path, rate_ip="3/minute"))
    try:
        remote = TestClient(api.app, client=("203.0.113.5", 40000))
        assert remote.get("/metrics").status_code == 404
        local = TestClient(api.app, client=("127.0.0.1", 40000))
        assert local.get("/metrics").status_code == 200
        assert [local.get("/metrics").status_code for _ in range(3)] == [200, 200, 429]  # limited like the rest
    finally:
        api.close()


def test_range_head_and_allow(api, tmp_path):
    ana = api.account("ana@example.com", creator="Ana")
    assert api.publish(ana, make_pack(tmp_path, slug="calm")).status_code == 201
    url = api.client.post("/v1/packs/calm/download", headers=ana.headers).json()["archive"]["url"]
    whole = api.client.get(url)
    assert whole.status_code == 200
    size = len(whole.content)
    for bad in ("bytes=abc", "bytes=5-2", "items=0-3", "bytes=", "bytes=-"):
        r = api.client.get(url, headers={"Range": bad})
        assert r.status_code == 200 and r.content == whole.content, bad
    part = api.client.get(url, headers={"Range": "bytes=0-3"})
    assert part.status_code == 206 and part.content == whole.content[:4]
    assert api.client.get(url, headers={"Range": f"bytes={size + 10}-"}).status_code == 416
    head = api.client.head(url)
    assert head.status_code == 200 and head.content == b"" and int(head.headers["content-length"]) == size
    head = api.client.head("/v1/packs")
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"]
    r = api.client.put("/v1/packs")
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD, POST"
    r = api.client.delete("/v1/me")
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"


def test_app_wide_answers_are_in_the_spec(api):
    spec = api.app.openapi()
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for code in ("413", "422", "503"):
                assert code in op["responses"], (method, path, code)
    assert "403" in spec["paths"]["/v1/payments/checkout"]["post"]["responses"]
    assert "409" in spec["paths"]["/v1/admin/users/{user_id}"]["patch"]["responses"]
