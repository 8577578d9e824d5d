"""`waqup pack` path arguments and hand-made archives: missing files and folders get one line and exit 2, an
archive unzipped and zipped again (folders, a wrapping folder, macOS metadata) imports, and is checked as
strictly as an exported one; `pack import --json` prints the spec as an object."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.library import Library
from engine.packs.archive import ArchiveError, read_archive
from waqup_cli.main import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def waqup(*args: str):
    return runner.invoke(app, list(args))


def one_line_error(result, code: int, *words: str) -> None:
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    home = tmp_path_factory.mktemp("maker-home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WAQUP_HOME", str(home))
        assert waqup("pack", "run", str(ROOT / "examples" / "three-calm-pieces.toml")).exit_code == 0
        out = home / "calm.waqup"
        result = waqup("pack", "export", "three-calm-pieces", "--out", str(out))
        assert result.exit_code == 0, result.output
    return out


def rezip(source: Path, target: Path, *, wrap: str = "", folders: bool = True, mac: bool = True,
          extra: list[tuple[zipfile.ZipInfo, bytes]] = ()) -> Path:
    """``source`` as Finder or `zip -r` would make it after unzipping: folder entries, an optional folder
    around everything, ``__MACOSX/`` twins and ``.DS_Store`` files."""
    prefix = f"{wrap}/" if wrap else ""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        names = [info.filename for info in zin.infolist()]
        if folders:
            for folder in ([prefix] if wrap else []) + [f"{prefix}audio/"]:
                zout.writestr(zipfile.ZipInfo(folder), b"")
        for name in names:
            zout.writestr(prefix + name, zin.read(name))
        if mac:
            zout.writestr(f"{prefix}.DS_Store", b"\0\0\0\1Bud1" + bytes(200))
            zout.writestr(f"{prefix}audio/.DS_Store", b"\0\0\0\1Bud1" + bytes(200))
            if folders:
                zout.writestr(zipfile.ZipInfo("__MACOSX/"), b"")
                zout.writestr(zipfile.ZipInfo(f"__MACOSX/{prefix}audio/"), b"")
            for name in names:
                folder, _, base = f"{prefix}{name}".rpartition("/")
                zout.writestr(f"__MACOSX/{folder + '/' if folder else ''}._{base}", b"\0\5\26\7" + bytes(80))
        for info, data in extra:
            zout.writestr(info, data)
    return target


def test_missing_files_and_folders_get_one_line_and_exit_2(tmp_path):
    one_line_error(waqup("pack", "import", str(tmp_path / "missing.zip")), 2, "no such file", "missing.zip")
    one_line_error(waqup("pack", "import", str(tmp_path)), 2, "is a folder")
    one_line_error(waqup("pack", "validate", str(tmp_path / "missing.toml")), 2, "no pack spec", "missing.toml")
    one_line_error(waqup("pack", "validate", str(tmp_path)), 2, "is a folder")
    one_line_error(waqup("pack", "run", str(tmp_path / "missing.toml")), 2, "no pack spec")
    one_line_error(waqup("pack", "run", str(tmp_path)), 2, "is a folder")
    spec = str(ROOT / "examples" / "three-calm-pieces.toml")
    one_line_error(waqup("pack", "run", spec, "--report", str(tmp_path)), 2, "--report", "is a folder")
    (tmp_path / "a-file").write_text("x")
    one_line_error(waqup("pack", "run", spec, "--report", str(tmp_path / "a-file" / "r.json")), 2,
                   "is a file, not a folder")
    one_line_error(waqup("pack", "export", "any-pack", "--out", str(tmp_path)), 2, "--out", "is a folder")
    with Library() as lib:
        assert lib.list_packs() == [] and lib.count() == 0  # nothing ran


@pytest.mark.parametrize("wrap", ["", "three-calm-pieces"])
def test_a_hand_rezipped_archive_imports(exported, tmp_path, wrap):
    again = rezip(exported, tmp_path / "by-hand.zip", wrap=wrap)
    with zipfile.ZipFile(again) as zf:
        listed = zf.namelist()
    assert any(n.startswith("__MACOSX/") for n in listed) and any(n.endswith("/") for n in listed)
    original = read_archive(exported)
    manifest = read_archive(again, extract_to=tmp_path / "out")
    assert [i.script for i in manifest.items] == [i.script for i in original.items]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        Path(i.audio["path"]).name for i in original.items)
    result = waqup("pack", "import", str(again), "--json")
    assert result.exit_code == 0, result.output
    pack = json.loads(result.stdout)
    assert pack["items"] == 3 and pack["audio"] == 3
    with Library() as lib:
        assert lib.count(pack="three-calm-pieces") == 3


def test_import_json_spec_is_an_object(exported):
    result = waqup("pack", "import", str(exported), "--slug", "calm-json", "--json")
    assert result.exit_code == 0, result.output
    pack = json.loads(result.stdout)
    assert isinstance(pack["spec"], dict)
    assert pack["spec"]["pack"]["slug"] == "calm-json" and pack["spec"]["imported"] is True
    assert pack["spec"]["spec"]["pack"]["slug"] == "three-calm-pieces"  # the spec it was made from


def _link(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _bomb(name: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info, bytes(8 << 20)  # 8 MB of zeros deflate to a few KB: over 100:1


@pytest.mark.parametrize(("what", "extra", "message"), [
    ("zip-slip inside the folder", [(zipfile.ZipInfo("three-calm-pieces/../../evil.txt"), b"x")], "unsafe path"),
    ("zip-slip in macOS metadata", [(zipfile.ZipInfo("__MACOSX/../evil.txt"), b"x")], "unsafe path"),
    ("a symlink in macOS metadata", [(_link("__MACOSX/three-calm-pieces/._link"), b"/etc/passwd")],
     "symbolic link"),
    ("a symlink as .DS_Store", [(_link("three-calm-pieces/audio/x/.DS_Store"), b"/etc/passwd")], "symbolic link"),
    ("a bomb in macOS metadata", [_bomb("__MACOSX/three-calm-pieces/._big")], "compressed more than"),
    ("a folder entry with data", [(zipfile.ZipInfo("three-calm-pieces/notes/"), b"hidden")], "folder entry"),
    ("an unexpected file", [(zipfile.ZipInfo("three-calm-pieces/run.sh"), b"rm -rf ~")], "unexpected file"),
    ("too many entries", [(zipfile.ZipInfo(f"__MACOSX/._{n}"), b"") for n in range(1100)], "entries"),
])
def test_rezipped_archives_stay_as_strict(exported, tmp_path, what, extra, message):
    bad = rezip(exported, tmp_path / "bad.zip", wrap="three-calm-pieces", extra=extra)
    with pytest.raises(ArchiveError, match=message):
        read_archive(bad, extract_to=tmp_path / "out")
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "out").exists()
    result = waqup("pack", "import", str(bad))
    assert result.exit_code == 2 and message in result.output, (what, result.output)
    with Library() as lib:
        assert lib.list_packs() == []


def test_two_top_folders_are_not_unwrapped(exported, tmp_path):
    bad = rezip(exported, tmp_path / "two.zip", wrap="three-calm-pieces", mac=False,
                extra=[(zipfile.ZipInfo("other/readme.txt"), b"hi")])
    with pytest.raises(ArchiveError, match="no manifest.json"):
        read_archive(bad)
