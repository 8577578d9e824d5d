"""`waqup data` (engine.userdata): backup while another process writes, restore, export, prune, erase, and no
secret in any backup or export."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from typer.testing import CliRunner

from engine import keys, paths, userdata
from engine.errors import UsageError, WaqupError
from engine.library import Library
from engine.market.tokens import Tokens, TokenStore
from engine.script import parse
from waqup_cli.main import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
FAKE_KEYS = {"openai": "sk-proj-FAKEOPENAI0001secret", "anthropic": "sk-ant-FAKEANTHROPIC0002secret",
             "elevenlabs": "el-FAKEELEVEN0003secret"}
FAKE_TOKENS = Tokens(access_token="acc-FAKEACCESS0004secret", refresh_token="ref-FAKEREFRESH0005secret")
CONFIG_SECRET = "cfg-FAKECONFIG0006secret"
WRITER = """
import sys, time
from pathlib import Path
from engine.library import Library
item, stop = sys.argv[1], Path(sys.argv[2])
with Library() as lib:
    n = 0
    while not stop.exists():
        lib.log_practice(item, seconds=float(n), reflection="x" * 2000)
        n += 1
"""


def script(title: str, line: str = "I am calm and steady."):
    return parse(f"---\ntype: affirmation\ntitle: {title}\nintent: calm\n---\n## Affirmations\n{line}\n")


def render(lib: Library, item_id: str, name: str, payload: bytes) -> Path:
    """A fake render: a file in the audio folder recorded as the item's newest asset."""
    path = paths.audio_dir() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(payload)
    lib.add_audio_asset(item_id, path=str(path), format="mp3", duration=1.0)
    return path


def populate() -> dict[str, str]:
    """Two items with renders, a recording and a config file in the current data folder."""
    with Library() as lib:
        first = lib.add_item(script("Morning calm"), tags=["morning"]).id
        second = lib.add_item(script("Evening rest", "I rest."), tags=["evening"]).id
        render(lib, first, "morning-1.mp3", b"\x01" * 3000)
        render(lib, first, "morning-2.mp3", b"\x02" * 3000)
        render(lib, second, "packs/rest/evening.mp3", b"\x03" * 2000)
        lib.update_script(second, script("Evening rest", "I rest deeply."), source="edit")
    folder = paths.home() / "recordings" / first
    folder.mkdir(parents=True)
    (folder / "0.0.wav").write_bytes(b"RIFF" + b"\x04" * 500)
    runner.invoke(app, ["config", "set", "audio.format", "ogg"])
    return {"first": first, "second": second}


def tables(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        names = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' order by name")]
        return {name: sorted(conn.execute(f'select * from "{name}"').fetchall(), key=repr) for name in names}
    finally:
        conn.close()


def files_under(home: Path) -> dict[str, bytes]:
    return {p.relative_to(home).as_posix(): p.read_bytes()
            for folder in ("audio", "recordings") for p in sorted((home / folder).rglob("*")) if p.is_file()}


def wait_for_rows(db: Path, count: int) -> None:
    for _ in range(600):
        conn = sqlite3.connect(db, timeout=30)
        try:
            if conn.execute("select count(*) from practice").fetchone()[0] >= count:
                return
        finally:
            conn.close()
        time.sleep(0.05)
    raise AssertionError("the writer process never wrote")


@pytest.fixture
def file_secrets(waqup_home):
    """Keys and marketplace tokens stored through their own APIs with the file backend (no keyring)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    keys._warned = False
    with pytest.warns(keys.KeyStorageWarning):
        for provider, value in FAKE_KEYS.items():
            assert keys.set_key(provider, value) == "file"
    assert TokenStore("http://127.0.0.1:8765").save(FAKE_TOKENS) == "file"
    yield
    keyring.set_keyring(previous)


def test_backup_while_another_process_writes_then_restore_into_an_empty_home(waqup_home, tmp_path, monkeypatch):
    ids = populate()
    source_db = waqup_home / "library.db"
    stop = tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, ids["first"], str(stop)], cwd=ROOT,
                              stderr=subprocess.PIPE)
    try:
        wait_for_rows(source_db, 20)
        result = userdata.backup(tmp_path / "backup.zip")
        wait_for_rows(source_db, userdata_practice_rows(result.archive) + 20)  # it kept writing during the backup
    finally:
        stop.touch()
        _, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err.decode()

    with zipfile.ZipFile(result.archive) as archive:
        names = set(archive.namelist())
        entries = userdata.read_manifest(archive, result.archive)
    assert names == {"manifest.json", *(e.path for e in entries)}
    assert {"library.db", "config.toml", "recordings/" + ids["first"] + "/0.0.wav"} <= names

    new_home = tmp_path / "new-home"
    monkeypatch.setenv("WAQUP_HOME", str(new_home))
    done = runner.invoke(app, ["data", "restore", str(result.archive), "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["files"] == len(entries)

    before, after = tables(source_db), tables(new_home / "library.db")
    assert set(before) == set(after)
    for name in before:
        if name == "practice":
            continue
        rows = before[name]
        if name == "audio_assets":  # recorded paths move with the data folder
            rows = sorted((tuple(str(v).replace(str(waqup_home), str(new_home)) if isinstance(v, str) else v
                                 for v in row) for row in rows), key=repr)
        assert after[name] == rows, name
    # the practice rows are a consistent snapshot: a gap-free prefix of what the writer wrote
    restored = sorted(after["practice"])
    assert restored == sorted(before["practice"])[:len(restored)]
    seconds = sorted(row[4] for row in restored)
    assert seconds == [float(n) for n in range(len(seconds))] and len(seconds) >= 20
    assert files_under(new_home) == files_under(waqup_home)
    assert (new_home / "config.toml").read_bytes() == (waqup_home / "config.toml").read_bytes()
    with Library() as lib:
        asset = lib.audio_assets(ids["first"])[0]
        assert Path(asset["path"]).read_bytes() == b"\x02" * 3000
        assert lib.script_version(ids["second"]) == 2
    assert sqlite3.connect(new_home / "library.db").execute("pragma integrity_check").fetchone()[0] == "ok"


def userdata_practice_rows(archive: Path) -> int:
    with zipfile.ZipFile(archive) as zf:
        data = zf.read("library.db")
    copy = archive.with_suffix(".check.db")
    copy.write_bytes(data)
    try:
        return sqlite3.connect(copy).execute("select count(*) from practice").fetchone()[0]
    finally:
        copy.unlink()


def test_restore_refuses_a_home_with_data_unless_forced(waqup_home, tmp_path):
    populate()
    archive = userdata.backup(tmp_path / "b.zip").archive
    with Library() as lib:
        extra = lib.add_item(script("Made after the backup")).id
    refused = runner.invoke(app, ["data", "restore", str(archive)])
    assert refused.exit_code == 2 and refused.stdout == ""
    assert "already holds data" in refused.output and "--force" in refused.output
    assert len(refused.output.strip().splitlines()) == 1
    with Library() as lib:
        assert lib.get(extra).title == "Made after the backup"
    forced = runner.invoke(app, ["data", "restore", str(archive), "--force"])
    assert forced.exit_code == 0, forced.output
    with Library() as lib:
        assert [i.title for i in lib.list_items()] == ["Evening rest", "Morning calm"]
        assert not any(i.id == extra for i in lib.list_items())


def test_restore_checks_every_checksum_before_writing(waqup_home, tmp_path, monkeypatch):
    populate()
    archive = userdata.backup(tmp_path / "b.zip").archive
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(damaged, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data.replace(b"\x02" * 100, b"\x09" * 100) if info.filename.endswith(".mp3") else data)
    empty = tmp_path / "empty-home"
    monkeypatch.setenv("WAQUP_HOME", str(empty))
    result = runner.invoke(app, ["data", "restore", str(damaged)])
    assert result.exit_code == 1 and "checksum mismatch" in result.output
    assert sorted(p.name for p in empty.iterdir()) == []  # nothing written, no staging left behind
    not_zip = tmp_path / "nope.zip"
    not_zip.write_text("hello")
    assert runner.invoke(app, ["data", "restore", str(not_zip)]).exit_code == 2
    ok = runner.invoke(app, ["data", "restore", str(archive)])
    assert ok.exit_code == 0, ok.output


def test_restore_failure_while_swapping_leaves_the_home_as_it_was(waqup_home, tmp_path, monkeypatch):
    populate()
    archive = userdata.backup(tmp_path / "b.zip").archive
    with Library() as lib:
        lib.add_item(script("Only here"))
    before = files_under(waqup_home), tables(waqup_home / "library.db")
    import os

    real_replace = os.replace

    def flaky(src, dst):
        if ".restore-new-" in str(src) and Path(dst).name == "audio":
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(userdata.os, "replace", flaky)
    with pytest.raises(OSError):
        userdata.restore(archive, force=True)
    monkeypatch.setattr(userdata.os, "replace", real_replace)
    assert (files_under(waqup_home), tables(waqup_home / "library.db")) == before
    assert not [p for p in waqup_home.iterdir() if p.name.startswith(".restore-")]


def test_erase_leaves_nothing_and_forgets_keys_and_tokens(waqup_home, file_secrets):
    populate()
    (paths.cache_dir() / "tts" / "ab").mkdir(parents=True)
    (paths.cache_dir() / "tts" / "ab" / "x-24000.npy").write_bytes(b"\x00" * 100)
    (waqup_home / "feed" / "audio").mkdir(parents=True)  # what `feed build` and `remind add` leave
    (waqup_home / "feed" / ".feed-token").write_text("t")
    (waqup_home / "reminders.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    refused = runner.invoke(app, ["data", "erase"], input="no\n")
    assert refused.exit_code == 2 and "nothing erased" in refused.output
    assert (waqup_home / "library.db").is_file()
    result = runner.invoke(app, ["data", "erase", "--json"], input="erase\n")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout[result.stdout.index("{"):])
    assert {"library.db", "config.toml", "audio", "recordings", "cache", "keys.json", "feed",
            "reminders.ics"} <= set(report["removed"])
    assert sorted(report["keys"]) == sorted(FAKE_KEYS) and report["tokens"] == ["http://127.0.0.1:8765"]
    assert not waqup_home.exists() or not any(waqup_home.iterdir())
    assert all(keys.get_key(p) is None for p in FAKE_KEYS)
    assert TokenStore("http://127.0.0.1:8765").load() is None


def test_erase_leaves_what_waqup_did_not_make(waqup_home):
    populate()
    (waqup_home / "my-notes.txt").write_text("mine")
    report = userdata.erase()
    assert report.left == ["my-notes.txt"] and "library.db" in report.removed
    assert [p.name for p in waqup_home.iterdir()] == ["my-notes.txt"]


def test_prune_keeps_every_latest_asset_and_trims_the_cache(waqup_home):
    with Library() as lib:
        ids = [lib.add_item(script(f"Item {n}")).id for n in range(3)]
        latest, older = [], []
        for n, iid in enumerate(ids):
            renders = [render(lib, iid, f"item{n}/take{k}.mp3", bytes([n, k]) * 500) for k in range(3)]
            older += renders[:-1]
            latest.append(renders[-1])
    orphan = paths.audio_dir() / "left-by-a-crash.mp3"
    orphan.write_bytes(b"\x07" * 400)
    tts = paths.cache_dir() / "tts"
    cached = []
    for n in range(5):
        (tts / f"{n:02d}").mkdir(parents=True)
        path = tts / f"{n:02d}" / f"{n:02d}abc-24000.npy"
        path.write_bytes(b"\x00" * 400_000)
        cached.append(path)
    runner.invoke(app, ["config", "set", "cache.max_mb", "1"])

    planned = runner.invoke(app, ["data", "prune", "--dry-run", "--json"])
    assert planned.exit_code == 0, planned.output
    plan = json.loads(planned.stdout)
    assert all(p.exists() for p in [*latest, *older, orphan, *cached])  # a dry run removes nothing
    assert sorted(plan["renders"]) == sorted(str(p) for p in [*older, orphan])

    done = runner.invoke(app, ["data", "prune"])
    assert done.exit_code == 0, done.output
    assert "Freed" in done.output
    assert all(p.is_file() for p in latest) and not any(p.exists() for p in [*older, orphan])
    remaining = sum(p.stat().st_size for p in tts.rglob("*.npy"))
    assert remaining <= 1_000_000 and remaining > 0
    with Library() as lib:
        for iid, path in zip(ids, latest, strict=True):
            assert [a["path"] for a in lib.audio_assets(iid)] == [str(path)]
    again = userdata.prune()
    assert again.bytes == 0


def test_config_has_a_cache_limit_with_a_default():
    from engine import config

    assert config.load()["cache"]["max_mb"] > 0
    with pytest.raises(UsageError):
        config.set_value("cache.max_mb", "-1")


def test_no_secret_in_any_backup_or_export(waqup_home, tmp_path, file_secrets):
    populate()
    config_file = waqup_home / "config.toml"
    config_file.write_text(config_file.read_text() + f'\n[providers.openai]\napi_key = "{CONFIG_SECRET}"\n')
    secrets = [*FAKE_KEYS.values(), FAKE_TOKENS.access_token, FAKE_TOKENS.refresh_token, CONFIG_SECRET]
    archive = userdata.backup(tmp_path / "b.zip").archive
    blobs = [archive.read_bytes()]
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        blobs += [zf.read(name) for name in names]
        assert b'format = "ogg"' in zf.read("config.toml")  # the rest of the config is kept
    assert not {"keys.json", "market-tokens.json"} & {Path(n).name for n in names}
    for fmt in userdata.EXPORT_FORMATS:
        result = runner.invoke(app, ["data", "export", "--format", fmt, "--out", str(tmp_path / fmt)])
        assert result.exit_code == 0, result.output
        blobs += [p.read_bytes() for p in (tmp_path / fmt).rglob("*") if p.is_file()]
    for blob in blobs:
        for secret in secrets:
            assert secret.encode() not in blob
    with Library() as lib:  # a secret pasted into a script stops the backup instead of leaking
        lib.add_item(script("Oops", f"My key is {FAKE_KEYS['openai']}."))
    with pytest.raises(WaqupError, match="contains a stored key"):
        userdata.backup(tmp_path / "leak.zip")
    assert not (tmp_path / "leak.zip").exists()


def test_export_formats_hold_every_script_as_text(waqup_home, tmp_path):
    ids = populate()
    with Library() as lib:
        lib.log_practice(ids["first"], seconds=60.0, completed=True)
        items = {i.id: i for i in lib.list_items()}
    userdata.export(tmp_path / "j", "json")
    data = json.loads((tmp_path / "j" / "waqup-export.json").read_text())
    assert {i["id"]: i["script"] for i in data["items"]} == {k: v.script for k, v in items.items()}
    assert [len(i["history"]) for i in data["items"] if i["id"] == ids["second"]] == [1]
    assert data["practice"][0]["item_id"] == ids["first"]
    userdata.export(tmp_path / "c", "csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "c" / "items.csv").read_text())))
    assert {r["id"]: r["script"] for r in rows} == {k: v.script for k, v in items.items()}
    result = userdata.export(tmp_path / "m", "md")
    pages = [p for p in result.files if p.parent.name == "items"]
    assert len(pages) == 2
    for page in pages:
        item = items[page.stem.rsplit("-", 1)[1]]
        assert item.script.strip() in page.read_text() and f"# {item.title}" in page.read_text()
    bad = runner.invoke(app, ["data", "export", "--format", "pdf"])
    assert bad.exit_code == 2 and "choose one of json, csv, md" in bad.output


def test_path_and_size_json(waqup_home):
    populate()
    where = json.loads(runner.invoke(app, ["data", "path", "--json"]).stdout)
    assert where["home"] == str(paths.home()) and where["library"] == str(paths.database_path())
    sizes = json.loads(runner.invoke(app, ["data", "size", "--json"]).stdout)
    by_area = {a["area"]: a["bytes"] for a in sizes["areas"]}
    audio = sum(p.stat().st_size for p in (waqup_home / "audio").rglob("*") if p.is_file())
    assert by_area["audio"] == audio and by_area["recordings"] == 504
    assert sizes["total"] >= sum(by_area.values())


def test_backup_refuses_to_write_into_the_data_folder(waqup_home):
    populate()
    result = runner.invoke(app, ["data", "backup", "--out", str(waqup_home / "b.zip")])
    assert result.exit_code == 2 and "outside the data folder" in result.output


def test_library_delete_leaves_no_emptied_folders(waqup_home):
    with Library() as lib:
        item = lib.add_item(script("From the market")).id
        path = render(lib, item, "market/calm-pack/v1/one.mp3", b"\x05" * 100)
        freed = lib.delete(item)
    assert freed.files == [path.parent.resolve() / path.name] or freed.files == [path]
    assert not (paths.audio_dir() / "market").exists() and paths.audio_dir().is_dir()
