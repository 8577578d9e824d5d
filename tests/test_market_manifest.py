"""Issue 15 item 9: one manifest model checks every field, on the server (publish) and the client (import).

Wrong types are a 400 naming the field (never a 500 or a silently coerced value), ``audio.bytes`` must be the
real size, duplicate entries and odd audio extensions are refused. SQLite always; PostgreSQL when
``WAQUP_TEST_DATABASE_URL`` is set (the stored types differ there)."""

from __future__ import annotations

import json
import zipfile

import pytest

from engine.packs.archive import ArchiveError, read_archive
from tests.market.archives import rewrite
from tests.market.helpers import BACKENDS, Api, make_pack, make_settings


def _item(n: int):
    def change(manifest: dict, key: str, value) -> None:
        manifest["items"][n][key] = value
    return change


def _audio(key: str, value):
    def change(manifest: dict) -> None:
        manifest["items"][0]["audio"][key] = value
    return change


def _path(path: str):
    def change(manifest: dict) -> None:
        manifest["items"][0]["audio"]["path"] = path
    return change


def _bytes_off_by_one(manifest: dict) -> None:
    manifest["items"][0]["audio"]["bytes"] += 1


def _shared_file(manifest: dict) -> None:  # both items point at one "x" once the path is cut at its last /
    for n, item in enumerate(manifest["items"], start=1):
        item["audio"]["path"] = f"audio/{n:08x}.wav/x"


CASES = {
    "intent list": (lambda m: _item(0)(m, "intent", ["calm", "sleep"]), {}, "intent"),
    "bytes text": (_audio("bytes", "lots"), {}, "bytes"),
    "bytes wrong": (_bytes_off_by_one, {}, "bytes"),
    "pack tags text": (lambda m: m["pack"].update(tags="calm"), {}, "tags"),
    "item tags text": (lambda m: _item(1)(m, "tags", "calm"), {}, "tags"),
    "price text": (lambda m: m["pack"].update(price_credits="5"), {}, "price_credits"),
    "upper-case extension": (_path("audio/00000001.WAV"), {"audio/00000001.wav": "audio/00000001.WAV"}, "path"),
    "space in extension": (_path("audio/00000001.w av"), {"audio/00000001.wav": "audio/00000001.w av"}, "path"),
    "slash in extension": (_shared_file, {"audio/00000001.wav": "audio/00000001.wav/x",
                                          "audio/00000002.wav": "audio/00000002.wav/x"}, "path"),
}


def bad_archives(tmp_path):
    good = make_pack(tmp_path, slug="tricky-pack")
    for name, (change, rename, field) in CASES.items():
        yield name, rewrite(good, tmp_path / f"{name.replace(' ', '-')}.waqup", change, rename), field
    with zipfile.ZipFile(good) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    manifest["pack"]["title"] = "Something Else"
    second = [("manifest.json", json.dumps(manifest).encode())]
    yield "duplicate manifest", rewrite(good, tmp_path / "dup.waqup", extra=second), "duplicate"


@pytest.fixture(params=BACKENDS)
def api(request, tmp_path, monkeypatch):
    if request.param == "sqlite":
        monkeypatch.delenv("WAQUP_TEST_DATABASE_URL", raising=False)
    api = Api(make_settings(tmp_path))
    yield api
    api.close()


def test_bad_manifests_are_a_400_naming_the_field_and_nothing_is_stored(api, tmp_path):
    ana = api.account("ana@example.com", creator="Ana")
    for name, archive, field in bad_archives(tmp_path):
        r = api.publish(ana, archive)
        assert r.status_code == 400, (name, r.status_code, r.text)
        assert field in r.json()["detail"], (name, r.json())
    assert api.client.get("/v1/packs").json()["items"] == []
    assert not any(p.is_file() for p in (tmp_path / "media").rglob("*"))
    # the good archive still publishes and downloads with the real sizes
    r = api.publish(ana, make_pack(tmp_path, slug="tricky-pack"))
    assert r.status_code == 201, r.text
    links = api.client.post("/v1/packs/tricky-pack/download", headers=ana.headers).json()
    for item in links["items"]:
        assert len(api.client.get(item["url"]).content) == item["bytes"]


def test_the_client_refuses_the_same_archives(tmp_path):
    for name, archive, field in bad_archives(tmp_path):
        with pytest.raises(ArchiveError, match=field):
            read_archive(archive, extract_to=tmp_path / "out")
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir()), name
