"""The data a user owns: where it lives, how big it is, and backing it up, restoring, exporting, pruning
and erasing it.

Secrets (API keys from :mod:`engine.keys`, marketplace tokens from :mod:`engine.market.tokens`, secret-named
config values) never go into a backup or an export; :func:`erase` asks their stores to forget them.

Public API::

    from engine import userdata
    userdata.locations()                 # area -> path
    userdata.sizes()                     # area -> bytes
    userdata.backup(Path("waqup.zip"))   # a consistent archive with a manifest of sha256 checksums
    userdata.restore(Path("waqup.zip"), force=False)
    userdata.export(Path("out"), "md")   # json, csv or md: items with their scripts as text
    userdata.prune(dry_run=True)         # stale renders and a synthesis cache over `cache.max_mb`
    userdata.erase()                     # everything, secrets included
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from engine import paths
from engine.errors import UsageError, WaqupError

log = logging.getLogger("waqup")

FORMAT = "waqup-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "library.db"
CONFIG = "config.toml"
# Folders of the data folder a backup carries (the cache is rebuilt on demand and stays out).
FOLDERS = ("audio", "recordings", "outbox")
EXPORT_FORMATS = ("json", "csv", "md")
_CHUNK = 1 << 20


# -- where and how much --------------------------------------------------------------------
def _secret_names() -> set[str]:
    """File names in the data folder that hold secrets (never backed up, always erased)."""
    from engine.keys import FILE_NAME as KEYS_FILE
    from engine.market.tokens import FILE_NAME as TOKENS_FILE

    return {KEYS_FILE, TOKENS_FILE}


def _known_names() -> set[str]:
    """Every top-level entry waQup itself creates in the data folder."""
    return {DATABASE, f"{DATABASE}-wal", f"{DATABASE}-shm", f"{DATABASE}-journal", CONFIG, "cache", "packs",
            "feed", "reminders.ics", *FOLDERS, *_secret_names()}  # feed and calendar: rebuilt from the library


def _is_known(name: str) -> bool:
    """A waQup entry, or one of its hidden temp/lock files (``.keys.json.123.tmp``, ``.restore-...``)."""
    if name in _known_names():
        return True
    return name.startswith(".") and any(name[1:].startswith(known) for known in (*_known_names(), "restore-"))


def locations() -> dict[str, Path]:
    """Where each area lives: home, library, config, audio (renders), recordings, cache, keys, tokens."""
    from engine.keys import key_file
    from engine.market.tokens import FILE_NAME as TOKENS_FILE

    home = paths.home()
    return {"home": home, "library": home / DATABASE, "config": home / CONFIG, "audio": home / "audio",
            "recordings": home / "recordings", "cache": home / "cache", "outbox": home / "outbox",
            "keys": key_file(), "tokens": home / TOKENS_FILE}


def _tree_size(path: Path) -> int:
    if path.is_symlink():
        return 0
    if path.is_file():
        return path.stat().st_size
    if not path.is_dir():
        return 0
    total = 0
    for root, _, names in os.walk(path):
        for name in names:
            with contextlib.suppress(OSError):
                entry = Path(root) / name
                if not entry.is_symlink():
                    total += entry.stat().st_size
    return total


def sizes() -> dict[str, int]:
    """Bytes per area (the library counts its WAL files); ``total`` is the whole data folder."""
    where = locations()
    out = {area: _tree_size(path) for area, path in where.items() if area not in ("home", "keys", "tokens")}
    out["library"] += sum(_tree_size(where["home"] / f"{DATABASE}-{ext}") for ext in ("wal", "shm"))
    out["total"] = _tree_size(where["home"])
    return out


def human(size: int) -> str:
    """``1536`` -> ``1.5 KB`` (powers of 1000, like the rest of waQup's sizes)."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"  # pragma: no cover


# -- secrets -------------------------------------------------------------------------------
def _token_urls() -> list[str]:
    """Every marketplace URL that may have tokens stored: the configured one and those in the token file."""
    from engine import config
    from engine.market.tokens import FILE_NAME as TOKENS_FILE

    urls: list[str] = []
    with contextlib.suppress(WaqupError, OSError):
        urls.append(str(config.load()["market"]["url"]).rstrip("/"))
    with contextlib.suppress(OSError, ValueError):
        data = json.loads((paths.home() / TOKENS_FILE).read_text("utf-8"))
        if isinstance(data, dict):
            urls += [str(url).rstrip("/") for url in data]
    return list(dict.fromkeys(u for u in urls if u))


def stored_secrets() -> list[str]:
    """The values of every key and token waQup can see (to prove none leaks into a backup or export)."""
    from engine import keys
    from engine.market.tokens import TokenStore

    found: list[str] = []
    for provider in keys.PROVIDERS:
        with contextlib.suppress(WaqupError):
            if value := keys.get_key(provider):
                found.append(value)
    for url in _token_urls():
        with contextlib.suppress(WaqupError):
            if tokens := TokenStore(url).load():
                found += [tokens.access_token, tokens.refresh_token]
    return [s for s in dict.fromkeys(found) if s and len(s) >= 6]


def _is_secret_key(key: str) -> bool:
    from engine.config import SECRET_SUFFIXES

    return key.lower().endswith(SECRET_SUFFIXES)


def _without_secrets(data: dict[str, Any]) -> dict[str, Any]:
    """A config table with every secret-named key (``*api_key``, ``*token``...) dropped, at any depth."""
    return {k: _without_secrets(v) if isinstance(v, dict) else v for k, v in data.items() if not _is_secret_key(k)}


def _clean_config(path: Path) -> bytes | None:
    """The user's config file without secret values, or ``None`` when there is none (or it is not TOML)."""
    import tomllib

    import tomli_w

    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        log.warning("backup: %s is not valid TOML, left out", path)
        return None
    clean = _without_secrets(data)
    return path.read_bytes() if clean == data else tomli_w.dumps(clean).encode("utf-8")  # comments kept if clean


class _SecretGuard:
    """Fails a backup or export the moment a stored secret appears in what it writes."""

    def __init__(self) -> None:
        self.secrets = [s.encode("utf-8") for s in stored_secrets()]
        self._longest = max((len(s) for s in self.secrets), default=0)

    def check_bytes(self, data: bytes, name: str) -> None:
        for secret in self.secrets:
            if secret in data:
                raise WaqupError(f"refusing to write {name}: it contains a stored key or token")

    def check_file(self, path: Path, name: str) -> None:
        if not self.secrets:
            return
        tail = b""
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                self.check_bytes(tail + chunk, name)
                tail = chunk[-self._longest:]


# -- backup --------------------------------------------------------------------------------
@dataclass
class Entry:
    """One file of a backup: its path in the archive, size and sha256."""

    path: str
    size: int
    sha256: str


@dataclass
class BackupResult:
    """What :func:`backup` wrote."""

    archive: Path
    files: list[Entry] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(e.size for e in self.files)

    def to_dict(self) -> dict[str, Any]:
        return {"archive": str(self.archive), "files": len(self.files), "bytes": self.bytes,
                "archive_bytes": self.archive.stat().st_size if self.archive.exists() else 0}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def snapshot_database(source: Path, target: Path) -> None:
    """Copy the SQLite library with SQLite's online backup API: consistent while other processes write."""
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.execute("PRAGMA busy_timeout = 30000")
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
    finally:
        dst.close()
        src.close()


def _backup_files(home: Path) -> list[tuple[Path, str]]:
    """(file, name in the archive) for every file in the folders a backup carries."""
    secret = _secret_names()
    out = []
    for folder in FOLDERS:
        root = home / folder
        if not root.is_dir() or root.is_symlink():
            continue
        for dirpath, dirnames, names in os.walk(root):
            dirnames.sort()
            for name in sorted(names):
                path = Path(dirpath) / name
                if name in secret or name.endswith(".tmp") or path.is_symlink() or not path.is_file():
                    continue
                out.append((path, path.relative_to(home).as_posix()))
    return out


def default_archive_name() -> str:
    return f"waqup-backup-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}.zip"


def backup(out: Path | None = None) -> BackupResult:
    """Write one zip archive of the library (an online-backup snapshot), config without secrets, audio,
    recordings and the publish outbox, with ``manifest.json`` listing every file's size and sha256."""
    home = paths.home()
    out = Path(out) if out else Path.cwd() / default_archive_name()
    if out.is_dir():
        out = out / default_archive_name()
    if out.resolve().is_relative_to(home.resolve()):
        raise UsageError(f"write the backup outside the data folder ({home}), not into it")
    out.parent.mkdir(parents=True, exist_ok=True)
    guard = _SecretGuard()
    result = BackupResult(out)
    with tempfile.TemporaryDirectory(prefix="waqup-backup-") as scratch:
        staged: list[tuple[Path, str]] = []
        if (home / DATABASE).is_file():
            copy = Path(scratch) / DATABASE
            snapshot_database(home / DATABASE, copy)
            staged.append((copy, DATABASE))
        config_bytes = _clean_config(home / CONFIG)
        if config_bytes is not None:
            (Path(scratch) / CONFIG).write_bytes(config_bytes)
            staged.append((Path(scratch) / CONFIG, CONFIG))
        staged += _backup_files(home)
        partial = out.with_name(f".{out.name}.{os.getpid()}.part")
        try:
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                for path, name in staged:
                    guard.check_file(path, name)
                    archive.write(path, name)
                    info = archive.getinfo(name)
                    result.files.append(Entry(name, info.file_size, _sha256(path)))
                manifest = {"format": FORMAT, "version": VERSION, "created": datetime.now(UTC).isoformat(
                    timespec="seconds"), "home": str(home), "files": [asdict(e) for e in result.files]}
                blob = json.dumps(manifest, indent=2).encode("utf-8")
                guard.check_bytes(blob, MANIFEST)
                archive.writestr(MANIFEST, blob)
            os.replace(partial, out)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return result


# -- restore -------------------------------------------------------------------------------
@dataclass
class RestoreResult:
    """What :func:`restore` put in place."""

    archive: Path
    home: Path
    files: int = 0
    bytes: int = 0
    replaced: list[str] = field(default_factory=list)  # areas that held data before (``--force``)

    def to_dict(self) -> dict[str, Any]:
        return {"archive": str(self.archive), "home": str(self.home), "files": self.files, "bytes": self.bytes,
                "replaced": self.replaced}


def _top(name: str) -> str:
    return PurePosixPath(name).parts[0]


def _safe_name(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return (bool(parts) and not name.startswith("/") and ".." not in parts and "\\" not in name
            and (name in (DATABASE, CONFIG) or (len(parts) > 1 and parts[0] in FOLDERS)))


def read_manifest(archive: zipfile.ZipFile, source: Path) -> list[Entry]:
    """The manifest's entries, after checking the archive holds exactly those files with those checksums."""
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise UsageError(f"{source} is not a waqup backup: it has no {MANIFEST}") from None
    except ValueError:
        raise UsageError(f"{source}: {MANIFEST} is not valid JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise UsageError(f"{source} is not a waqup backup")
    if manifest.get("version") != VERSION:
        raise UsageError(f"{source} is a version {manifest.get('version')} backup; this waqup reads version "
                         f"{VERSION}")
    try:
        entries = [Entry(str(e["path"]), int(e["size"]), str(e["sha256"])) for e in manifest["files"]]
    except (KeyError, TypeError, ValueError):
        raise UsageError(f"{source}: {MANIFEST} is malformed") from None
    names = {info.filename for info in archive.infolist() if not info.is_dir()} - {MANIFEST}
    listed = {e.path for e in entries}
    if names != listed:
        extra = sorted(names - listed) or sorted(listed - names)
        raise WaqupError(f"{source} does not match its manifest (first difference: {extra[0]}): nothing restored")
    for entry in entries:
        if not _safe_name(entry.path) or _top(entry.path) in _secret_names():
            raise WaqupError(f"{source} holds a file waqup does not restore: {entry.path}; nothing restored")
        digest = hashlib.sha256()
        size = 0
        with archive.open(entry.path) as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
        if size != entry.size or digest.hexdigest() != entry.sha256:
            raise WaqupError(f"{source}: checksum mismatch for {entry.path} (the archive is damaged): nothing "
                             "restored")
    return entries


def _holds_data(home: Path) -> list[str]:
    """The areas of ``home`` a restore would replace that hold something now."""
    busy = []
    for name in (DATABASE, CONFIG, *FOLDERS):
        path = home / name
        if path.is_file():
            full = name != DATABASE or _has_rows(path)
        else:
            full = path.is_dir() and any(p.is_file() for p in path.rglob("*"))
        if full:
            busy.append(name)
    return busy


def _has_rows(db: Path) -> bool:
    """Whether a library file holds any content (a freshly migrated, empty library does not count)."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    except sqlite3.Error:
        return True
    try:
        tables = [r[0] for r in conn.execute(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' "
            "and name not like '%_fts%' and name != '_sqlite_migrations'")]
        return any(conn.execute(f'select 1 from "{t}" limit 1').fetchone() for t in tables)
    except sqlite3.Error:
        return True
    finally:
        conn.close()


def _rehome(db: Path, old: str, new: str) -> None:
    """Point recorded audio paths that were inside the old data folder at the same files in the new one."""
    if not old or old == new:
        return
    conn = sqlite3.connect(db)
    try:
        conn.execute("update audio_assets set path = ? || substr(path, ?) where path like ? escape '\\'",
                     [new, len(old) + 1, old.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%"])
        conn.commit()
    except sqlite3.OperationalError as exc:  # a library from before audio assets existed
        log.debug("restore: audio paths not rewritten: %s", exc)
    finally:
        conn.close()


def restore(source: Path, *, force: bool = False) -> RestoreResult:
    """Restore a backup into the data folder. Refuses one that holds data unless ``force``; checks every
    checksum before writing anything; stages everything beside the data folder and swaps it in, so a
    failure leaves the folder as it was."""
    source = Path(source)
    if not source.is_file():
        raise UsageError(f"no such backup: {source}")
    home = paths.home()
    busy = _holds_data(home)
    if busy and not force:
        raise UsageError(f"{home} already holds data ({', '.join(busy)}): restore into an empty data folder "
                         "(set WAQUP_HOME) or pass --force to replace it")
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        raise UsageError(f"{source} is not a zip archive") from None
    result = RestoreResult(source, home, replaced=busy)
    with archive:
        entries = read_manifest(archive, source)
        old_home = str(json.loads(archive.read(MANIFEST)).get("home") or "")
        stage = Path(tempfile.mkdtemp(prefix=".restore-new-", dir=home))
        aside = Path(tempfile.mkdtemp(prefix=".restore-old-", dir=home))
        moved: list[str] = []
        placed: list[str] = []
        try:
            for entry in entries:
                target = stage / entry.path
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with archive.open(entry.path) as src, open(target, "wb") as dst:
                    while chunk := src.read(_CHUNK):
                        digest.update(chunk)
                        dst.write(chunk)
                if digest.hexdigest() != entry.sha256:
                    raise WaqupError(f"{source}: {entry.path} changed while restoring: nothing restored")
                result.files += 1
                result.bytes += entry.size
            if (stage / DATABASE).is_file():
                _rehome(stage / DATABASE, old_home, str(home))
            tops = sorted({_top(e.path) for e in entries})
            replace = sorted(set(tops) | set(busy))
            if DATABASE in replace:
                replace += [f"{DATABASE}-wal", f"{DATABASE}-shm"]
            for name in replace:
                if (home / name).exists() or (home / name).is_symlink():
                    os.replace(home / name, aside / name)
                    moved.append(name)
            for name in tops:
                os.replace(stage / name, home / name)
                placed.append(name)
        except BaseException:
            for name in placed:
                with contextlib.suppress(OSError):
                    _remove_tree(home / name)
            for name in moved:
                with contextlib.suppress(OSError):
                    os.replace(aside / name, home / name)
            raise
        finally:
            _remove_tree(stage)
            _remove_tree(aside)
    return result


def _remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


# -- export --------------------------------------------------------------------------------
@dataclass
class ExportResult:
    """What :func:`export` wrote."""

    folder: Path
    format: str
    items: int = 0
    files: list[Path] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"folder": str(self.folder), "format": self.format, "items": self.items,
                "files": [str(p) for p in self.files]}


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48] or "item"


def _export_rows(lib: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    items = [row for row in lib.db.query("select id from items order by created, id")]
    out = []
    for row in items:
        item = lib.get(row["id"])
        data = item.to_dict()
        data["history"] = [v for v in lib.script_history(item.id)[1:]]
        out.append(data)
    practice = list(lib.db.query(
        "select practice.*, items.title from practice left join items on items.id = practice.item_id "
        "order by started"))
    packs = list(lib.db.query("select id, slug, title, description, author, created from packs order by created"))
    return out, practice, packs


def _markdown(item: dict[str, Any]) -> str:
    lines = [f"# {item['title']}", "", f"- id: {item['id']}", f"- type: {item['type']}"]
    if item["intent"]:
        lines.append(f"- intent: {item['intent']}")
    if item["tags"]:
        lines.append(f"- tags: {' '.join(item['tags'])}")
    lines += [f"- created: {item['created']}", f"- updated: {item['updated']}", "", "## Script", "",
              "```text", item["script"].rstrip("\n"), "```", ""]
    return "\n".join(lines)


def export(out: Path, fmt: str = "json") -> ExportResult:
    """Write every item with its script as text (and practice history and packs) to ``out``:
    ``json`` (one ``waqup-export.json``), ``csv`` (``items.csv``, ``practice.csv``) or ``md`` (one Markdown
    file per item and an ``index.md``). Keys and tokens never go in."""
    import csv
    import io

    from engine.library import Library

    fmt = fmt.lower()
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file: give a folder to export into")
    guard = _SecretGuard()
    with Library() as lib:
        items, practice, packs = _export_rows(lib)
    result = ExportResult(out, fmt, items=len(items))
    documents: dict[str, str] = {}
    if fmt == "json":
        documents["waqup-export.json"] = json.dumps(
            {"exported": datetime.now(UTC).isoformat(timespec="seconds"), "items": items, "practice": practice,
             "packs": packs}, indent=2, ensure_ascii=False, default=str) + "\n"
    elif fmt == "csv":
        columns = ["id", "type", "title", "intent", "context", "tags", "pack_id", "provider", "model", "created",
                   "updated", "script"]
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for item in items:
            writer.writerow([" ".join(item[c]) if c == "tags" else item[c] for c in columns])
        documents["items.csv"] = buffer.getvalue()
        buffer = io.StringIO()
        practice_columns = ["item_id", "title", "started", "ended", "seconds", "completed", "mood", "reflection"]
        writer = csv.writer(buffer)
        writer.writerow(practice_columns)
        for row in practice:
            writer.writerow([row.get(c) for c in practice_columns])
        documents["practice.csv"] = buffer.getvalue()
    else:
        index = ["# waQup export", ""]
        for item in items:
            name = f"items/{_slug(item['title'])}-{item['id']}.md"
            documents[name] = _markdown(item)
            index.append(f"- [{item['title']}]({name}) ({item['type']})")
        documents["index.md"] = "\n".join(index) + "\n"
    for name, text in documents.items():
        guard.check_bytes(text.encode("utf-8"), name)
    for name, text in documents.items():
        from engine.config import write_atomic

        target = out / name
        write_atomic(target, text.encode("utf-8"))
        result.files.append(target)
    return result


# -- prune ---------------------------------------------------------------------------------
@dataclass
class PruneResult:
    """What :func:`prune` removed (or, in a dry run, would remove)."""

    renders: list[Path] = field(default_factory=list)
    recordings: list[Path] = field(default_factory=list)
    cache: list[Path] = field(default_factory=list)
    render_bytes: int = 0
    cache_bytes: int = 0
    cache_before: int = 0
    cache_limit: int = 0
    records: int = 0
    kept: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def bytes(self) -> int:
        return self.render_bytes + self.cache_bytes

    def to_dict(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "bytes": self.bytes, "render_bytes": self.render_bytes,
                "cache_bytes": self.cache_bytes, "cache_before": self.cache_before, "cache_limit": self.cache_limit,
                "records": self.records, "renders": [str(p) for p in self.renders],
                "recordings": [str(p) for p in self.recordings], "cache": [str(p) for p in self.cache],
                "kept": [str(p) for p in self.kept], "failed": [{"path": str(p), "error": e} for p, e in self.failed]}


def _cache_limit() -> int:
    from engine import config

    return int(config.load()["cache"]["max_mb"]) * 1_000_000


def trim_cache(limit: int, *, dry_run: bool = False) -> tuple[list[Path], int, int]:
    """Remove the least recently used synthesis-cache files until it is at most ``limit`` bytes.
    Returns (files removed, bytes removed, bytes before)."""
    from engine.voice.cache import SynthesisCache

    root = SynthesisCache().root
    entries = []
    if root.is_dir():
        for path in root.glob("*/*.npy"):
            with contextlib.suppress(OSError):
                info = path.stat()
                entries.append((max(info.st_atime, info.st_mtime), path, info.st_size))
    total = before = sum(size for _, _, size in entries)
    removed: list[Path] = []
    freed = 0
    for _, path, size in sorted(entries):
        if total <= limit:
            break
        if not dry_run:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                log.warning("prune: could not remove %s: %s", path, exc)
                continue
        removed.append(path)
        freed += size
        total -= size
    if not dry_run and root.is_dir():
        for folder in root.iterdir():
            with contextlib.suppress(OSError):
                folder.rmdir()  # only empty ones go
    return removed, freed, before


def _resolved(path: str | Path) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:
        return str(path)


def prune(*, dry_run: bool = False, max_bytes: int | None = None) -> PruneResult:
    """Remove renders not referenced by an item's latest render (and audio files no record refers to),
    recordings of deleted items, and synthesis-cache files over ``cache.max_mb`` (or ``max_bytes``)."""
    from engine.library import Library, files

    result = PruneResult(dry_run=dry_run)
    with Library() as lib:
        known = {_resolved(r["path"]) for r in lib.db.query("select distinct path from audio_assets")}
        freed = lib.prune_renders(keep=1, dry_run=dry_run)
    audio = paths.audio_dir()
    for dirpath, _, names in os.walk(audio):
        for name in sorted(names):
            path = Path(dirpath) / name
            audio_file = path.suffix.lower() in files.AUDIO_SUFFIXES and not name.startswith(".")
            if audio_file and _resolved(path) not in known:
                files.remove_render(path, freed)
    result.renders, result.recordings, result.kept, result.failed = (freed.files, freed.recordings, freed.kept,
                                                                     freed.failed)
    result.render_bytes, result.records = freed.bytes, freed.records
    result.cache_limit = _cache_limit() if max_bytes is None else max_bytes
    result.cache, result.cache_bytes, result.cache_before = trim_cache(result.cache_limit, dry_run=dry_run)
    return result


# -- erase ---------------------------------------------------------------------------------
@dataclass
class EraseResult:
    """What :func:`erase` removed, and anything in the data folder it left because waQup did not make it."""

    home: Path
    removed: list[str] = field(default_factory=list)
    bytes: int = 0
    keys: list[str] = field(default_factory=list)  # providers whose stored key was forgotten
    tokens: list[str] = field(default_factory=list)  # marketplaces whose tokens were forgotten
    left: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"home": str(self.home), "removed": self.removed, "bytes": self.bytes, "keys": self.keys,
                "tokens": self.tokens, "left": self.left}


def erase() -> EraseResult:
    """Delete everything waQup keeps: the library, config, audio, recordings, cache, stored keys and
    marketplace tokens (through their own stores, so the OS keyring forgets them too). Entries in the data
    folder that waQup did not create are left and reported; the folder itself goes when it is empty."""
    from engine import keys
    from engine.market.tokens import TokenStore

    home = paths.home()
    result = EraseResult(home)
    for url in _token_urls():
        with contextlib.suppress(WaqupError):
            if TokenStore(url).clear():
                result.tokens.append(url)
    for provider in keys.PROVIDERS:
        with contextlib.suppress(WaqupError):
            if keys.remove_key(provider):
                result.keys.append(provider)
    for entry in sorted(home.iterdir()):
        if not _is_known(entry.name):
            result.left.append(entry.name)
            continue
        result.bytes += _tree_size(entry)
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
        result.removed.append(entry.name)
    if not result.left:
        with contextlib.suppress(OSError):
            home.rmdir()
    return result


__all__ = [
    "BackupResult", "EXPORT_FORMATS", "EraseResult", "ExportResult", "PruneResult", "RestoreResult", "backup",
    "erase", "export", "human", "locations", "prune", "read_manifest", "restore", "sizes", "snapshot_database",
    "stored_secrets", "trim_cache",
]
