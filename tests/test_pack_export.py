"""Export a pack to a .waqup archive, import it into another WAQUP_HOME, reject tampering."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.library import Library
from engine.packs.archive import ArchiveError, read_archive, sha256_file
from waqup_cli.main import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def waqup(*args: str):
    result = runner.invoke(app, list(args))
    return result


@pytest.fixture
def exported(tmp_path):
    assert waqup("pack", "run", str(ROOT / "examples" / "three-calm-pieces.toml")).exit_code == 0
    out = tmp_path / "calm.waqup"
    result = waqup("pack", "export", "three-calm-pieces", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_export_then_import_into_another_home(exported, tmp_path, monkeypatch):
    manifest = read_archive(exported)
    assert manifest.slug == "three-calm-pieces" and len(manifest.items) == 3
    assert [i.type for i in manifest.items] == ["affirmation", "meditation", "ritual"]  # pack order
    assert manifest.spec["pack"]["slug"] == "three-calm-pieces"
    for item in manifest.items:
        assert item.audio["duration"] > 0 and item.audio["lufs"] is not None and len(item.audio["sha256"]) == 64
    with zipfile.ZipFile(exported) as zf:
        playlist = zf.read("playlist.m3u").decode()
        assert playlist.startswith("#EXTM3U") and playlist.count("audio/") == 3
    with Library() as lib:
        original = {i.title: i.script for i in lib.list_items(pack="three-calm-pieces")}

    monkeypatch.setenv("WAQUP_HOME", str(tmp_path / "second-home"))
    result = waqup("pack", "import", str(exported), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["items"] == 3
    shown = json.loads(waqup("pack", "show", "three-calm-pieces", "--json").stdout)
    assert [i["position"] for i in shown["items"]] == [1, 2, 3] and shown["imported"]
    with Library() as lib:
        items = lib.list_items(pack="three-calm-pieces")
        assert {i.title: i.script for i in items} == original
        for item, entry in zip(shown["items"], manifest.items, strict=True):
            asset = lib.audio_assets(item["id"])[0]
            assert Path(asset["path"]).is_file() and str(tmp_path / "second-home") in asset["path"]
            assert sha256_file(Path(asset["path"])) == entry.audio["sha256"]
            assert asset["duration"] == pytest.approx(entry.audio["duration"])
    listed = json.loads(waqup("pack", "list", "--json").stdout)
    assert [(p["slug"], p["items"]) for p in listed["items"]] == [("three-calm-pieces", 3)]
    again = waqup("pack", "import", str(exported))
    assert again.exit_code == 2 and "--slug" in again.output
    renamed = waqup("pack", "import", str(exported), "--slug", "calm-copy")
    assert renamed.exit_code == 0 and Library().count(pack="calm-copy") == 3
    exported_again = tmp_path / "again.waqup"
    assert waqup("pack", "export", "calm-copy", "--out", str(exported_again)).exit_code == 0
    assert [i.script for i in read_archive(exported_again).items] == [i.script for i in manifest.items]


def _rewrite(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info.filename)))
    return target


def test_tampered_archives_are_rejected(exported, tmp_path, monkeypatch):
    def flip_audio(name: str, data: bytes) -> bytes:
        return data[:-10] + bytes(10) if name.startswith("audio/") else data

    def edit_script(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["items"][0]["script"] = manifest["items"][0]["script"].replace("I ", "You ", 1)
        return json.dumps(manifest).encode()

    monkeypatch.setenv("WAQUP_HOME", str(tmp_path / "victim"))
    for name, change, message in (("audio.waqup", flip_audio, "audio checksum"),
                                  ("script.waqup", edit_script, "script checksum")):
        bad = _rewrite(exported, tmp_path / name, change)
        with pytest.raises(ArchiveError, match=message):
            read_archive(bad)
        result = waqup("pack", "import", str(bad))
        assert result.exit_code == 2 and "checksum" in result.output
    with Library() as lib:
        assert lib.list_packs() == [] and lib.count() == 0
    assert not list((tmp_path / "victim").glob("audio/packs/*/*"))


def test_export_needs_items():
    with Library() as lib:
        lib.create_pack("empty-pack", "Empty")
    result = waqup("pack", "export", "empty-pack")
    assert result.exit_code == 2 and "no items" in result.output
    assert waqup("pack", "show", "nope").exit_code == 1
