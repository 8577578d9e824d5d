"""The catalog page cache: LRU bounds, and pages never outlive the catalog revision they were built from."""

from __future__ import annotations

import re

from marketplace.packs.pagecache import PageCache
from tests.market.helpers import Api, make_pack, make_settings


def test_lru_bounds_by_entries_and_bytes():
    cache = PageCache(max_entries=2, max_bytes=10)
    cache.put("a", b"1234")
    cache.put("b", b"5678")
    assert cache.get("a") == b"1234"  # "a" is now the most recent
    cache.put("c", b"90")
    assert cache.get("b") is None and cache.get("a") == b"1234" and cache.get("c") == b"90"
    cache.put("d", b"123456789")  # 3 entries, 15 bytes: the least recent go until both bounds hold
    assert len(cache) == 1 and cache.get("d") == b"123456789"
    cache.put("huge", b"x" * 11)  # bigger than the whole budget: not kept, nothing evicted for it
    assert cache.get("huge") is None and cache.get("d") == b"123456789"
    off = PageCache(max_entries=0)
    off.put("a", b"1")
    assert off.get("a") is None and len(off) == 0


def _sources(api: Api) -> dict[str, int]:
    text = api.client.get("/metrics").text
    return {k: int(float(v)) for k, v in re.findall(r'waqup_market_catalog_pages_total\{source="(\w+)"\} (\S+)', text)}


def test_repeated_searches_come_from_the_cache_until_the_catalog_changes(tmp_path):
    api = Api(make_settings(tmp_path))
    try:
        ana = api.account("ana@example.com", creator="Ana")
        assert api.publish(ana, make_pack(tmp_path)).status_code == 201
        first = api.client.get("/v1/packs", params={"q": "calm"})
        again = api.client.get("/v1/packs", params={"q": "calm"})
        assert first.content == again.content and first.headers["etag"] == again.headers["etag"]
        assert [p["slug"] for p in again.json()["items"]] == ["calm-evenings"]
        assert _sources(api) == {"search": 1, "cache": 1}
        # A new pack moves the revision: the next identical query is searched again and sees it.
        assert api.publish(ana, make_pack(tmp_path, slug="calm-mornings", title="Calm Mornings")).status_code == 201
        after = api.client.get("/v1/packs", params={"q": "calm"})
        assert after.headers["etag"] != first.headers["etag"]
        assert {p["slug"] for p in after.json()["items"]} == {"calm-evenings", "calm-mornings"}
        # So does unpublishing.
        assert api.client.delete("/v1/packs/calm-mornings", headers=ana.headers).status_code == 204
        assert [p["slug"] for p in api.client.get("/v1/packs", params={"q": "calm"}).json()["items"]] == [
            "calm-evenings"]
        assert _sources(api) == {"search": 3, "cache": 1}
        # A bad cursor is a 400 each time, never a cached page.
        for _ in range(2):
            assert api.client.get("/v1/packs", params={"q": "calm", "cursor": "bm90LWEtY3Vyc29y"}).status_code == 400
    finally:
        api.close()


def test_downloads_show_within_the_counts_window_without_invalidating_the_catalog(tmp_path):
    api = Api(make_settings(tmp_path, catalog_counts_ttl=60))
    now = [6000.0]
    api.app.state.ctx.clock = lambda: now[0]
    popular = {"sort": "popular"}
    try:
        ana, bob = api.account("ana@example.com", creator="Ana"), api.account("bob@example.com")
        assert api.publish(ana, make_pack(tmp_path)).status_code == 201
        before = api.client.get("/v1/packs", params=popular)
        etag = before.headers["etag"]
        assert before.json()["items"][0]["downloads"] == 0 and etag.startswith("W/")
        assert api.client.post("/v1/packs/calm-evenings/download", headers=bob.headers).status_code == 200
        now[0] += 59  # the same window: the page and its ETag stand
        assert api.client.get("/v1/packs", params=popular, headers={"If-None-Match": etag}).status_code == 304
        assert api.client.get("/v1/packs", params=popular).content == before.content
        now[0] += 1  # the next window: rebuilt with the new count
        after = api.client.get("/v1/packs", params=popular, headers={"If-None-Match": etag})
        assert after.status_code == 200 and after.json()["items"][0]["downloads"] == 1
        # If-None-Match compares weakly: the tag without W/, or in a list, or *, still matches.
        tag = after.headers["etag"]
        for header in (tag.removeprefix("W/"), f'"other", {tag}', "*"):
            assert api.client.get("/v1/packs", params=popular, headers={"If-None-Match": header}).status_code == 304
    finally:
        api.close()


def test_the_cache_can_be_turned_off(tmp_path):
    api = Api(make_settings(tmp_path, catalog_cache=0))
    try:
        for _ in range(3):
            assert api.client.get("/v1/packs").status_code == 200
        assert _sources(api) == {"search": 3}
    finally:
        api.close()
