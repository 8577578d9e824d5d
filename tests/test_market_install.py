"""Issue 15 item 13: local installs. A pack without audio installs; a re-install that fails in the library
transaction leaves the audio folders as they were (no files without rows, no hidden leftovers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.market.client import MarketClient
from engine.market.tokens import TokenStore
from engine.packs.archive import Manifest, PackItem, write_archive
from tests.market.helpers import PASSWORD, SCRIPT, Api, make_pack, make_settings


@pytest.fixture
def api(tmp_path):
    api = Api(make_settings(tmp_path))
    yield api
    api.close()


def signed_in(api: Api, tmp_path) -> MarketClient:
    api.account("ana@example.com", creator="Ana")
    c = MarketClient("http://testserver", store=TokenStore("http://testserver", tmp_path / "tokens"))
    c.http = api.client
    c.login_password("ana@example.com", PASSWORD)
    return c


def scripts_only(tmp_path):
    items = [PackItem(f"{n:08x}", "affirmation", f"Words {n}", "rest well",
                      SCRIPT.format(title=f"Words {n}", intent="rest well"), ["evening"]) for n in (1, 2)]
    manifest = Manifest({"slug": "just-words", "title": "Just Words", "tags": ["calm"]}, items)
    return write_archive(manifest, {}, tmp_path / "just-words.waqup")


def test_a_pack_without_audio_installs(api, tmp_path):
    from engine.library import Library
    from engine.market.install import install_pack

    c = signed_in(api, tmp_path)
    assert c.publish(scripts_only(tmp_path))["item_count"] == 2
    result = install_pack(c, "just-words")
    assert [i["audio"] for i in result["items"]] == [False, False]
    with Library() as lib:
        assert lib.count(pack="just-words") == 2


def files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def assets(lib) -> list[tuple[str, float]]:
    return [(a["path"], a["duration"]) for i in lib.list_items(pack="calm-evenings") for a in lib.audio_assets(i.id)]


def test_a_failed_reinstall_keeps_the_audio_folders_as_they_were(api, tmp_path, monkeypatch):
    from engine import paths
    from engine.library import Library
    from engine.market.install import install_pack

    c = signed_in(api, tmp_path)
    c.publish(make_pack(tmp_path / "v1", seconds=1))
    install_pack(c, "calm-evenings")
    market = paths.audio_dir() / "market" / "calm-evenings"
    c.publish(make_pack(tmp_path / "v2", seconds=2))  # version 2: other audio
    real = Library.add_audio_asset

    def broken(self, *args, **kwargs):  # the library transaction fails after the first audio row
        real(self, *args, **kwargs)
        raise OSError("disk full")

    for attempt in ("a new version", "the same version again"):
        before = files(market)
        with Library() as lib:
            rows = assets(lib)
        monkeypatch.setattr(Library, "add_audio_asset", broken)
        with pytest.raises(OSError):
            install_pack(c, "calm-evenings")
        monkeypatch.setattr(Library, "add_audio_asset", real)
        assert files(market) == before, attempt  # nothing swapped in, nothing left behind
        with Library() as lib:
            assert assets(lib) == rows, attempt
        assert all(Path(path).is_file() for path, _ in rows)
        install_pack(c, "calm-evenings")  # and then it installs
    with Library() as lib:
        assert {Path(path).parent.name for path, _ in assets(lib)} >= {"v2"}
        assert all(Path(path).is_file() for path, _ in assets(lib))


def test_a_pack_whose_words_suggest_a_crisis_is_not_published(api, tmp_path):
    """The crisis gate reads every item of a pack on its way in (issue 14): the server says which item, never
    its words, and stores nothing."""
    c = signed_in(api, tmp_path)
    script = SCRIPT.format(title="Last Words", intent="goodbye").replace(
        "I rest easily tonight.", "I have the pills lined up and tonight I end my life.")
    items = [PackItem("0000000a", "affirmation", "Last Words", "goodbye", script, [])]
    archive = write_archive(Manifest({"slug": "last-words", "title": "Last Words", "tags": []}, items),
                            {}, tmp_path / "last-words.waqup")
    from engine.market.errors import MarketError

    with pytest.raises(MarketError) as caught:
        c.publish(archive)
    assert "0000000a" in str(caught.value) and "pills" not in str(caught.value)
    with pytest.raises(MarketError):
        c.download_links("last-words")


def test_install_refuses_a_pack_whose_words_suggest_a_crisis():
    from engine.content.validate import crisis_items

    calm = SCRIPT.format(title="Calm", intent="rest")
    assert crisis_items([("a", calm), ("b", calm.replace("I rest easily tonight.", "i want to kill myself"))]) == ["b"]
