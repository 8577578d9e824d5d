"""The CLI client in process (ASGI transport): token storage, one refresh at a time, one-line errors."""

from __future__ import annotations

import stat
import threading

import pytest

from engine.market.client import MarketClient
from engine.market.errors import MarketError, MarketUnavailable, from_response
from engine.market.tokens import Tokens, TokenStore
from tests.market.helpers import PASSWORD, Api, make_pack, make_settings, reachable


@pytest.fixture
def api(tmp_path):
    api = Api(make_settings(tmp_path, access_ttl=1))
    yield api
    api.close()


def client(api: Api, folder) -> MarketClient:
    """A client whose HTTP goes to the app in process (TestClient is an httpx.Client)."""
    c = MarketClient("http://testserver", store=TokenStore("http://testserver", folder))
    c.http = api.client
    return c


def test_file_fallback_is_private(tmp_path, monkeypatch):
    import engine.keys

    monkeypatch.setattr(engine.keys, "_keyring", lambda: None)
    store = TokenStore("http://x", tmp_path)
    assert store.save(Tokens("a", "r", 1.0)) == "file"
    assert stat.S_IMODE(store.file.stat().st_mode) == 0o600
    assert store.load() == Tokens("a", "r", 1.0)
    assert store.clear() and store.load() is None


def test_keyring_is_used_when_available(tmp_path):
    store = TokenStore("http://x", tmp_path)
    assert store.save(Tokens("a", "r")) == "keyring"
    assert not store.file.exists() and store.load().access_token == "a"


def test_concurrent_refreshes_use_the_refresh_token_once(api, tmp_path):
    api.account("u@example.com")
    c = client(api, tmp_path)
    c.login_password("u@example.com", PASSWORD)
    stale = c.store.load().access_token
    results, errors = [], []

    def worker():
        try:
            results.append(c.refresh(stale).access_token)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(results)) == 1  # one refresh; the others reused its result
    assert c.whoami()["email"] == "u@example.com"  # the family is intact


def test_search_publish_and_install_in_process(api, tmp_path):
    from engine.library import Library

    api.account("ana@example.com", creator="Ana")
    c = client(api, tmp_path)
    c.login_password("ana@example.com", PASSWORD)
    assert c.publish(make_pack(tmp_path))["version"] == 1
    assert c.search("calm", price="free")["items"][0]["slug"] == "calm-evenings"
    from engine.market.install import install_pack

    result = install_pack(c, "calm-evenings")
    again = install_pack(c, "calm-evenings")  # idempotent: the same library items
    assert [i["id"] for i in again["items"]] == [i["id"] for i in result["items"]]
    with Library() as lib:
        assert lib.count(pack="calm-evenings") == 2
        assert lib.audio_assets(result["items"][0]["id"])


def test_an_interrupted_install_leaves_the_library_as_it_was(api, tmp_path, monkeypatch):
    from engine.library import Library
    from engine.market.install import install_pack

    api.account("ana@example.com", creator="Ana")
    c = client(api, tmp_path)
    c.login_password("ana@example.com", PASSWORD)
    c.publish(make_pack(tmp_path, items=2))
    real, calls = Library.add_audio_asset, []

    def interrupted(self, *args, **kwargs):  # Ctrl-C after the first item's audio is recorded
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Library, "add_audio_asset", interrupted)
    with pytest.raises(KeyboardInterrupt):
        install_pack(c, "calm-evenings")
    with Library() as lib:
        assert lib.count() == 0 and lib.list_packs() == []
    monkeypatch.setattr(Library, "add_audio_asset", real)
    assert len(install_pack(c, "calm-evenings")["items"]) == 2
    with Library() as lib:
        assert lib.count(pack="calm-evenings") == 2


def test_error_messages_are_one_line():
    assert "waqup market login" in str(from_response(401, "expired"))
    assert "try again in 7s" in str(from_response(429, "", "7"))
    assert str(from_response(413, "too big")).startswith("too large")
    assert str(from_response(409, "slug taken")) == "conflict: slug taken"
    c = MarketClient("http://127.0.0.1:9")
    with pytest.raises(MarketUnavailable, match="unreachable"):
        c.search("x")
    with pytest.raises(MarketError, match="not signed in"):
        c.whoami()


@pytest.mark.skipif(not reachable("127.0.0.1", 6379), reason="no Redis on 127.0.0.1:6379")
def test_redis_rate_limits(tmp_path):
    import secrets

    from marketplace.ratelimit import Limiter, RateLimited

    limiter = Limiter("redis://127.0.0.1:6379/15", {"auth": "2/minute"})
    key = secrets.token_hex(8)
    limiter.hit("auth", key)
    limiter.hit("auth", key)
    with pytest.raises(RateLimited) as info:
        limiter.hit("auth", key)
    assert info.value.retry_after >= 1
    api = Api(make_settings(tmp_path, redis_url="redis://127.0.0.1:6379/15", rate_auth="1/minute"))
    ip_key = secrets.token_hex(4)
    headers = {"X-Forwarded-For": ip_key}
    codes = [api.client.post("/v1/auth/device/code", headers=headers).status_code for _ in range(2)]
    assert codes[-1] == 429
    api.close()
