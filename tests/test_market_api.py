"""Marketplace API in process: auth, refresh rotation and reuse, publish, catalog, downloads, signed URLs."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest

from tests.market.helpers import ADMIN, PASSWORD, Api, make_pack, make_settings


@pytest.fixture
def api(tmp_path):
    api = Api(make_settings(tmp_path))
    yield api
    api.close()


def test_register_login_me_and_roles(api):
    admin = api.account(ADMIN)
    user = api.account("u@example.com")
    assert api.client.get("/v1/me", headers=admin.headers).json()["role"] == "admin"
    assert api.client.get("/v1/me", headers=user.headers).json()["role"] == "user"
    again = api.client.post("/v1/auth/register", json={"email": "U@example.com", "password": PASSWORD})
    assert again.status_code == 201  # a taken address answers like a new one (issue 15, item 16)
    assert api.client.post("/v1/auth/token", json={"email": "u@example.com", "password": "wrong password!"}
                           ).status_code == 401
    assert api.client.get("/v1/me").status_code == 401
    assert api.client.get("/v1/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    r = api.client.put("/v1/creators/me", json={"display_name": "Ana", "links": ["https://ana.example"]},
                       headers=user.headers)
    assert r.status_code == 200
    assert api.client.get("/v1/me", headers=user.headers).json()["creator"]["display_name"] == "Ana"


def test_jwt_checks_algorithm_issuer_audience_expiry(api):
    import jwt

    user = api.account("u@example.com")
    now = int(time.time())
    base = {"sub": str(user.id), "iss": "waqup-market", "aud": "waqup-market-api", "iat": now, "exp": now + 60}
    secret = api.settings.secret
    cases = [
        jwt.encode({**base, "exp": now - 60}, secret, algorithm="HS256"),
        jwt.encode({**base, "iss": "evil"}, secret, algorithm="HS256"),
        jwt.encode({**base, "aud": "other"}, secret, algorithm="HS256"),
        jwt.encode(base, "another-secret-of-enough-length-xxxxxxxx", algorithm="HS256"),
        jwt.encode(base, None, algorithm="none"),
    ]
    for token in cases:
        assert api.client.get("/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    good = jwt.encode(base, secret, algorithm="HS256")
    assert api.client.get("/v1/me", headers={"Authorization": f"Bearer {good}"}).status_code == 200


def test_refresh_rotation_and_reuse_revokes_the_family(api):
    user = api.account("u@example.com")
    first = user.refresh
    r = api.client.post("/v1/auth/refresh", json={"refresh_token": first})
    assert r.status_code == 200
    second = r.json()["refresh_token"]
    assert second != first
    # Replaying the superseded token is reuse: the whole family dies, including the newest token.
    r = api.client.post("/v1/auth/refresh", json={"refresh_token": first})
    assert r.status_code == 401 and "reuse" in r.json()["detail"]
    assert api.client.post("/v1/auth/refresh", json={"refresh_token": second}).status_code == 401
    # Another sign-in (another family) is unaffected; logout revokes it.
    r = api.client.post("/v1/auth/token", json={"email": "u@example.com", "password": PASSWORD})
    other = r.json()["refresh_token"]
    assert api.client.post("/v1/auth/logout", json={"refresh_token": other}).status_code == 204
    assert api.client.post("/v1/auth/refresh", json={"refresh_token": other}).status_code == 401


def test_device_flow(api):
    api.account("u@example.com")
    start = api.client.post("/v1/auth/device/code").json()
    assert set(start) >= {"device_code", "user_code", "verification_uri", "interval", "expires_in"}
    grant = {"grant_type": "urn:ietf:params:oauth:grant-type:device_code", "device_code": start["device_code"]}
    r = api.client.post("/v1/auth/device/token", data=grant)
    assert r.status_code == 400 and r.json()["error"] == "authorization_pending"
    r = api.client.post("/v1/auth/device/token", data=grant)  # polled again at once
    assert r.json()["error"] == "slow_down"
    page = api.client.get("/device", params={"user_code": start["user_code"]})
    assert page.status_code == 200 and start["user_code"] in page.text
    assert page.headers["x-frame-options"] == "DENY"
    bad = api.client.post("/device", data={"user_code": start["user_code"], "email": "u@example.com",
                                           "password": "wrong password", "action": "approve"})
    assert bad.status_code == 400
    ok = api.client.post("/device", data={"user_code": start["user_code"].lower().replace("-", ""),
                                          "email": "u@example.com", "password": PASSWORD, "action": "approve"})
    assert ok.status_code == 200 and "approved" in ok.text
    time.sleep(1.05 * (1 + 5))  # interval 1 + 5 after slow_down
    r = api.client.post("/v1/auth/device/token", data=grant)
    assert r.status_code == 200, r.text
    assert api.client.get("/v1/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}).status_code == 200
    assert api.client.post("/v1/auth/device/token", data=grant).json()["error"] == "invalid_grant"


def test_device_code_expires(tmp_path):
    api = Api(make_settings(tmp_path, device_ttl=0))
    start = api.client.post("/v1/auth/device/code").json()
    time.sleep(0.01)
    r = api.client.post("/v1/auth/device/token", data={"grant_type": "urn:ietf:params:oauth:grant-type:device_code",
                                                       "device_code": start["device_code"]})
    assert r.json()["error"] == "expired_token"
    api.close()


def test_publish_catalog_detail_download_and_signed_urls(api, tmp_path):
    api.app.state.ctx.clock = lambda: 6000.0  # one download-counts window throughout
    ana = api.account("ana@example.com", creator="Ana")
    bob = api.account("bob@example.com")
    r = api.publish(ana, make_pack(tmp_path, items=2, seconds=1.5))
    assert r.status_code == 201, r.text
    pack = r.json()
    assert pack["slug"] == "calm-evenings" and pack["version"] == 1 and pack["item_count"] == 2
    assert abs(pack["duration"] - 3.0) < 0.1  # measured by decoding
    assert pack["items"][0]["preview"].startswith("I am calm")
    # Catalog: search, filters, ETag.
    r = api.client.get("/v1/packs", params={"q": "calm"})
    assert [p["slug"] for p in r.json()["items"]] == ["calm-evenings"]
    etag = r.headers["etag"]
    assert api.client.get("/v1/packs", params={"q": "calm"}, headers={"If-None-Match": etag}).status_code == 304
    assert api.client.get("/v1/packs", params={"q": "zebra"}).json()["items"] == []
    assert api.client.get("/v1/packs", params={"price": "paid"}).json()["items"] == []
    assert len(api.client.get("/v1/packs", params={"tag": "sleep", "type": "affirmation"}).json()["items"]) == 1
    assert api.client.get("/v1/packs/calm-evenings").json()["items"][1]["title"] == "Calm Evenings 2"
    # Download through pre-signed URLs.
    r = api.client.post("/v1/packs/calm-evenings/download", headers=bob.headers)
    assert r.status_code == 200, r.text
    links = r.json()
    assert links["entitlement"] == "free"
    archive = api.client.get(links["archive"]["url"])
    assert archive.status_code == 200 and len(archive.content) == links["archive"]["bytes"]
    assert zipfile.ZipFile(io.BytesIO(archive.content)).read("manifest.json")
    audio = api.client.get(links["items"][0]["url"])
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/wav"
    # Download counts are refreshed per counts window, not per download: the ETag still holds (see test below).
    assert api.client.get("/v1/packs", params={"q": "calm"}, headers={"If-None-Match": etag}).status_code == 304
    # Tampered and expired URLs.
    url = links["items"][0]["url"]
    assert api.client.get(url.replace("uid=", "uid=9")).status_code == 403
    assert api.client.get(url.replace("0001.wav", "0002.wav")).status_code == 403
    assert api.client.get(url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")).status_code == 403
    assert api.client.get(url.replace("kid=k1", "kid=k9")).status_code == 403
    expired, _ = api.app.state.ctx.signer.sign("/media/" + url.split("/media/")[1].split("?")[0], bob.id, ttl=-1)
    assert api.client.get(expired).status_code == 403
    # Practice reports feed the creator's analytics.
    item = pack["items"][0]["item_id"]
    assert api.client.post("/v1/packs/calm-evenings/practice", json={"item_id": item, "seconds": 60,
                                                                      "completed": True},
                           headers=bob.headers).status_code == 202
    stats = api.client.get("/v1/creators/me/analytics", headers=ana.headers).json()["packs"][0]
    assert stats["downloads"] == 1 and stats["practice_sessions"] == 1 and stats["practice_completed"] == 1


def test_key_rotation_keeps_old_urls_valid(tmp_path):
    settings = make_settings(tmp_path)
    api = Api(settings)
    ana = api.account("ana@example.com", creator="Ana")
    api.publish(ana, make_pack(tmp_path))
    url = api.client.post("/v1/packs/calm-evenings/download", headers=ana.headers).json()["archive"]["url"]
    api.close()
    rotated = Api(make_settings(tmp_path, database_url=settings.database_url,
                                signing_keys={"k2": "n" * 32, "k1": "u" * 32}))
    assert rotated.client.get(url).status_code == 200
    new_url = rotated.client.post("/v1/packs/calm-evenings/download", headers=ana.headers).json()["archive"]["url"]
    assert "kid=k2" in new_url and rotated.client.get(new_url).status_code == 200
    rotated.close()
    retired = Api(make_settings(tmp_path, database_url=settings.database_url, signing_keys={"k2": "n" * 32}))
    assert retired.client.get(url).status_code == 403
    retired.close()


def test_versions_conflicts_unpublish_takedown_and_paid(api, tmp_path):
    admin = api.account(ADMIN)
    ana = api.account("ana@example.com", creator="Ana")
    eve = api.account("eve@example.com", creator="Eve")
    bob = api.account("bob@example.com")
    assert api.publish(ana, make_pack(tmp_path)).status_code == 201
    r = api.publish(ana, make_pack(tmp_path, title="Calm Evenings Again", items=3))
    assert r.status_code == 200 and r.json()["version"] == 2 and r.json()["item_count"] == 3
    assert [v["version"] for v in api.client.get("/v1/packs/calm-evenings/versions").json()] == [2, 1]
    assert api.publish(eve, make_pack(tmp_path)).status_code == 409  # someone else's slug
    assert api.publish(bob, make_pack(tmp_path, slug="bobs")).status_code == 403  # not a creator
    # Paid packs need an entitlement (purchases come later).
    assert api.publish(ana, make_pack(tmp_path, slug="deep-sleep", price=50)).status_code == 201
    r = api.client.post("/v1/packs/deep-sleep/download", headers=bob.headers)
    assert r.status_code == 402
    assert api.client.post("/v1/packs/deep-sleep/download", headers=ana.headers).json()["entitlement"] == "owner"
    assert len(api.client.get("/v1/packs", params={"price": "paid"}).json()["items"]) == 1
    # Unpublish: gone from the catalog, the owner still sees it.
    assert api.client.delete("/v1/packs/calm-evenings", headers=eve.headers).status_code == 403
    assert api.client.delete("/v1/packs/calm-evenings", headers=ana.headers).status_code == 204
    assert api.client.get("/v1/packs/calm-evenings").status_code == 404
    assert api.client.get("/v1/packs/calm-evenings", headers=ana.headers).status_code == 200
    # Takedown by an admin: not republishable, links dead.
    url = api.client.post("/v1/packs/deep-sleep/download", headers=ana.headers).json()["archive"]["url"]
    assert api.client.post("/v1/packs/deep-sleep/takedown", json={"reason": "copyright"},
                           headers=ana.headers).status_code == 403
    r = api.client.post("/v1/packs/deep-sleep/takedown", json={"reason": "copyright"}, headers=admin.headers)
    assert r.status_code == 200 and r.json()["status"] == "taken_down"
    assert api.client.get(url).status_code == 404
    assert api.publish(ana, make_pack(tmp_path, slug="deep-sleep")).status_code == 409


def _bad_archives(tmp_path):
    good = make_pack(tmp_path, slug="good-one")
    data = good.read_bytes()
    yield "not a zip", b"hello world"
    yield "truncated", data[: len(data) // 2]
    zf_bytes = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(zf_bytes, "w") as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.endswith(".wav"):
                body = body[:-10] + b"x" * 10  # checksum mismatch
            out.writestr(info.filename, body)
    yield "bad checksum", zf_bytes.getvalue()
    zf_bytes = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(zf_bytes, "w") as out:
        for info in src.infolist():
            out.writestr(info.filename, src.read(info.filename))
        out.writestr("../evil.txt", "x")
    yield "unsafe path", zf_bytes.getvalue()
    zf_bytes = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(zf_bytes, "w") as out:
        manifest = json.loads(src.read("manifest.json"))
        manifest["pack"]["slug"] = "Bad Slug"
        out.writestr("manifest.json", json.dumps(manifest))
        for info in src.infolist():
            if info.filename != "manifest.json":
                out.writestr(info.filename, src.read(info.filename))
    yield "bad manifest", zf_bytes.getvalue()
    noise = tmp_path / "noise.wav"
    noise.write_bytes(b"RIFF" + b"\x00" * 200)  # not decodable audio, correct checksum
    yield "undecodable audio", make_pack(tmp_path, slug="noise-pack", audio={"00000001": noise}).read_bytes()


def test_malformed_and_oversized_archives_are_rejected_and_nothing_stored(tmp_path):
    api = Api(make_settings(tmp_path, max_upload_bytes=400_000, max_item_seconds=5))
    ana = api.account("ana@example.com", creator="Ana")
    media = tmp_path / "media"
    for name, body in _bad_archives(tmp_path):
        r = api.client.post("/v1/packs", files={"archive": ("x.waqup", body, "application/zip")}, headers=ana.headers)
        assert r.status_code == 400, (name, r.status_code, r.text)
        assert r.json()["detail"], name
    r = api.publish(ana, make_pack(tmp_path, slug="too-long", seconds=6))
    assert r.status_code == 413 and "limit" in r.json()["detail"]
    r = api.publish(ana, make_pack(tmp_path, slug="too-big", items=3, seconds=4.9))  # 3 x 157 kB > 400 kB
    assert r.status_code == 413, r.text
    assert not any(p.is_file() for p in media.rglob("*")), list(media.rglob("*"))
    assert api.client.get("/v1/packs").json()["items"] == []
    api.close()


def test_request_size_limit_and_rate_limits(tmp_path):
    api = Api(make_settings(tmp_path, max_request_bytes=2000, rate_auth="3/minute"))
    r = api.client.post("/v1/auth/register", content=b"{" + b" " * 5000 + b"}",
                        headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    codes = [api.client.post("/v1/auth/token", json={"email": "x@example.com", "password": PASSWORD}).status_code
             for _ in range(4)]
    assert codes[:2] == [401, 401] and codes[-1] == 429
    last = api.client.post("/v1/auth/token", json={"email": "x@example.com", "password": PASSWORD})
    assert int(last.headers["retry-after"]) >= 1
    api.close()


def test_request_id_health_metrics(api):
    r = api.client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert r.json() == {"status": "ok", "database": "ok"} and r.headers["x-request-id"] == "abc-123"
    assert len(api.client.get("/healthz", headers={"X-Request-ID": "bad id!"}).headers["x-request-id"]) == 16
    metrics = api.client.get("/metrics")
    assert 'waqup_market_requests_total{method="GET",route="/healthz",status="200"}' in metrics.text


def test_cursor_pagination_and_sorts(api, tmp_path):
    ana = api.account("ana@example.com", creator="Ana")
    for n in range(5):
        assert api.publish(ana, make_pack(tmp_path, slug=f"pack-{n}", title=f"Pack {n} calm",
                                          seconds=1 + n * 0.2)).status_code == 201
    for sort in ("newest", "title", "duration", "popular", "relevance"):
        seen, cursor = [], None
        while True:
            params = {"limit": 2, "sort": sort, "q": "calm"} | ({"cursor": cursor} if cursor else {})
            page = api.client.get("/v1/packs", params=params).json()
            seen += [p["slug"] for p in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert sorted(seen) == [f"pack-{n}" for n in range(5)], (sort, seen)
    durations = [p["duration"] for p in api.client.get("/v1/packs", params={"sort": "duration"}).json()["items"]]
    assert durations == sorted(durations)
    assert api.client.get("/v1/packs", params={"cursor": "garbage", "sort": "title"}).status_code == 400
    assert len(api.client.get("/v1/packs", params={"min_duration": 2.7}).json()["items"]) == 3
    bob = api.account("bob@example.com")
    for slug in ("pack-0", "pack-3"):
        api.client.post(f"/v1/packs/{slug}/download", headers=bob.headers)
    similar = api.client.get("/v1/packs/pack-0/similar").json()
    assert similar[0]["slug"] == "pack-3"  # shared tags + co-downloaded


def test_a_free_pack_downloads_again_and_again(api, tmp_path):
    ana = api.account("ana@example.com", creator="Ana")
    bob = api.account("bob@example.com")
    assert api.publish(ana, make_pack(tmp_path, items=1, seconds=1.0)).status_code == 201
    for _ in range(3):
        r = api.client.post("/v1/packs/calm-evenings/download", headers=bob.headers)
        assert r.status_code == 200, r.text
        assert r.json()["entitlement"] == "free"


def test_an_unhandled_error_is_one_json_line_with_the_request_id(api):
    import logging

    from marketplace.observability import JSONFormatter

    @api.app.get("/v1/boom")
    def boom():
        raise RuntimeError("kaboom")

    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(JSONFormatter().format(record))

    handler = Collect()
    logger = logging.getLogger("marketplace.app")
    logger.addHandler(handler)
    try:
        r = api.client.get("/v1/boom", headers={"X-Request-Id": "req-123"})
    finally:
        logger.removeHandler(handler)
    assert r.status_code == 500 and r.json() == {"detail": "internal error (request id req-123)"}
    assert r.headers["x-request-id"] == "req-123"
    errors = [json.loads(line) for line in lines if "unhandled error" in line]
    assert len(errors) == 1 and "\n" not in lines[0]
    assert errors[0]["request_id"] == "req-123" and "kaboom" in errors[0]["exc"]


def test_publishing_what_the_latest_version_says_makes_no_new_version(api, tmp_path):
    ana = api.account("ana@example.com", creator="Ana")
    assert api.publish(ana, make_pack(tmp_path)).status_code == 201
    stored = sorted(p for p in (tmp_path / "media").rglob("*") if p.is_file())
    again = api.publish(ana, make_pack(tmp_path))  # exported again: same content, a new timestamp
    assert again.status_code == 200 and again.json()["unchanged"] is True and again.json()["version"] == 1
    assert sorted(p for p in (tmp_path / "media").rglob("*") if p.is_file()) == stored  # nothing stored
    changed = api.publish(ana, make_pack(tmp_path, description="Now with a new description."))
    assert changed.status_code == 200 and changed.json()["version"] == 2 and changed.json()["unchanged"] is False
    assert api.publish(ana, make_pack(tmp_path, description="Now with a new description.")).json()["version"] == 2
    # An unpublished pack published again is a new version, back in the catalog.
    assert api.client.delete("/v1/packs/calm-evenings", headers=ana.headers).status_code == 204
    back = api.publish(ana, make_pack(tmp_path, description="Now with a new description."))
    assert back.json()["unchanged"] is False and back.json()["version"] == 3 and back.json()["status"] == "published"
    assert [v["version"] for v in api.client.get("/v1/packs/calm-evenings/versions").json()] == [3, 2, 1]


def test_a_creator_only_route_names_the_command_that_grants_the_role(api):
    user = api.account("plain@example.com")
    refused = api.client.get("/v1/creators/me/earnings", headers=user.headers)
    assert refused.status_code == 403
    assert 'waqup market become-creator --name "..."' in refused.json()["detail"]
