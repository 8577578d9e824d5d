"""The ``.waqup`` pack archive: a zip with ``manifest.json``, the audio files and an M3U playlist.

This is what ``waqup pack export`` writes, ``waqup pack import`` restores and the marketplace
accepts for publishing. Layout::

    manifest.json      format, version, pack metadata, spec, items (script, checksums, audio facts)
    audio/<id>.<ext>   one rendered file per item (optional per item)
    playlist.m3u       the audio files in pack order, with titles and durations

Reading verifies every checksum and refuses unsafe or oversized archives. An archive unzipped and
zipped again by hand is read too: folder entries, macOS metadata (``__MACOSX/``, ``.DS_Store``) and one
folder wrapping everything are skipped, after the same safety checks as every other entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.errors import UsageError
from engine.packs.manifest import AUDIO_FORMATS as AUDIO_FORMATS
from engine.packs.manifest import FORMAT, MAX_ITEMS, SLUG_PATTERN, VERSION, validate_manifest

SLUG = re.compile(SLUG_PATTERN)
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
RATIO_FREE_BYTES = 1 << 20  # entries smaller than this may compress any amount
DIRECTORY_BYTES_PER_ENTRY = 1024  # central directory bytes allowed per entry (name, extras, comment)
REZIP_FOLDERS = 8  # folder entries a hand re-zip adds (``pack/``, ``pack/audio/``, ``__MACOSX/pack/audio/``...)


@dataclass(frozen=True)
class ArchiveLimits:
    """What an archive may cost to open, all checked before decompressing (the server passes its settings)."""

    max_archive_bytes: int = MAX_TOTAL_BYTES
    max_total_bytes: int = MAX_TOTAL_BYTES  # every entry once unpacked, from the zip directory
    max_entries: int = MAX_ITEMS + 2  # the audio files, manifest.json and playlist.m3u
    max_manifest_bytes: int = MAX_MANIFEST_BYTES
    max_ratio: float = 100.0  # uncompressed : compressed, for entries over RATIO_FREE_BYTES

    @property
    def max_listed_entries(self) -> int:
        """Entries the zip directory may list: the pack's own, as many again of macOS metadata
        (``__MACOSX/._*`` twins, ``.DS_Store``) and a few folders, all skipped when reading."""
        return 2 * self.max_entries + REZIP_FOLDERS


class ArchiveError(UsageError):
    """A pack archive is malformed, unsafe, or fails its checksums."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class PackItem:
    id: str
    type: str
    title: str
    intent: str
    script: str
    tags: list[str] = field(default_factory=list)
    audio: dict[str, Any] | None = None  # path, format, duration, sample_rate, lufs, true_peak, bytes, sha256

    @property
    def script_sha256(self) -> str:
        return sha256_bytes(self.script.encode("utf-8"))

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "title": self.title, "intent": self.intent,
                "tags": self.tags, "script": self.script, "script_sha256": self.script_sha256,
                "audio": self.audio}


@dataclass
class Manifest:
    pack: dict[str, Any]  # slug, title, description, author, tags, language, cover_text, price_credits
    items: list[PackItem]
    spec: dict[str, Any] = field(default_factory=dict)
    created: str = ""

    @property
    def slug(self) -> str:
        return self.pack["slug"]

    def total_duration(self) -> float:
        return sum((item.audio or {}).get("duration", 0.0) for item in self.items)

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "created": self.created or _now(), "pack": self.pack,
                "spec": self.spec, "items": [item.to_dict() for item in self.items]}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _playlist(items: list[PackItem]) -> str:
    lines = ["#EXTM3U"]
    for item in items:
        if item.audio:
            lines.append(f"#EXTINF:{round(item.audio.get('duration', 0))},{item.title}")
            lines.append(item.audio["path"])
    return "\n".join(lines) + "\n"


def write_archive(manifest: Manifest, audio_files: dict[str, Path], out: Path) -> Path:
    """Write ``out`` atomically. ``audio_files`` maps item id -> rendered file to include."""
    out = Path(out)
    items = []
    for item in manifest.items:
        source = audio_files.get(item.id)
        if source is not None:
            ext = Path(source).suffix.lower().lstrip(".")
            audio = dict(item.audio or {})
            audio.update(path=f"audio/{item.id}.{ext}", format=audio.get("format", ext),
                         bytes=Path(source).stat().st_size, sha256=sha256_file(Path(source)))
            item = PackItem(item.id, item.type, item.title, item.intent, item.script, item.tags, audio)
        items.append(item)
    manifest = Manifest(manifest.pack, items, manifest.spec, manifest.created or _now())
    out.parent.mkdir(parents=True, exist_ok=True)
    from engine.audio.files import shared_temp  # an export follows the umask, like a render

    tmp = shared_temp(out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            zf.writestr("manifest.json", json.dumps(manifest.to_dict(), indent=2, ensure_ascii=False),
                        compress_type=zipfile.ZIP_DEFLATED)
            for item in items:
                if item.audio:  # audio is already compressed: store it
                    zf.write(audio_files[item.id], item.audio["path"], compress_type=zipfile.ZIP_STORED)
            zf.writestr("playlist.m3u", _playlist(items), compress_type=zipfile.ZIP_DEFLATED)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def parse_manifest(raw: bytes) -> Manifest:
    """Check a manifest's shape (not the files it lists) with the shared model in :mod:`engine.packs.manifest`."""
    if len(raw) > MAX_MANIFEST_BYTES:
        raise ArchiveError("manifest.json is too large")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ArchiveError("manifest.json is not valid JSON") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveError(f"not a waQup pack (manifest format must be {FORMAT!r})")
    if data.get("version") != VERSION:
        raise ArchiveError(f"unsupported pack version {data.get('version')!r} (this waQup reads {VERSION})")
    if isinstance(data.get("pack"), dict) and isinstance(data["pack"].get("slug"), str) \
            and not SLUG.match(data["pack"]["slug"]):
        raise ArchiveError(f"pack slug {data['pack']['slug']!r} must be 2-80 lowercase letters, digits and '-'")
    try:
        model = validate_manifest(data)
    except ValueError as exc:
        raise ArchiveError(f"manifest: {exc}") from None
    items = []
    for n, entry in enumerate(model.items, start=1):
        if sha256_bytes(entry.script.encode("utf-8")) != entry.script_sha256:
            raise ArchiveError(f"manifest: items[{n}] script checksum does not match")
        audio = entry.audio.model_dump() if entry.audio is not None else None
        items.append(PackItem(entry.id, entry.type, entry.title, entry.intent, entry.script, list(entry.tags), audio))
    return Manifest(model.pack.model_dump(), items, model.spec, model.created)


def _check_directory(infos: list[zipfile.ZipInfo], limits: ArchiveLimits) -> None:
    """Everything the zip's central directory tells before a byte is decompressed."""
    if len(infos) > limits.max_listed_entries:
        raise ArchiveError(f"the archive has {len(infos)} entries (at most {limits.max_listed_entries})")
    seen: set[str] = set()
    for info in infos:  # every entry, skipped ones included: paths, links and sizes are checked for all
        if info.filename in seen:
            raise ArchiveError(f"duplicate entry in archive: {info.filename!r}")
        seen.add(info.filename)
        name = info.filename
        if name.startswith("/") or ".." in Path(name).parts or "\\" in name:
            raise ArchiveError(f"unsafe path in archive: {name!r}")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ArchiveError(f"symbolic link in archive: {name!r}")
        if info.is_dir() and info.file_size:
            raise ArchiveError(f"folder entry with data in archive: {name!r}")
        if info.file_size > RATIO_FREE_BYTES and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise ArchiveError(f"{name!r} is compressed more than {limits.max_ratio:.0f}:1 (a zip bomb?)")
    if sum(info.file_size for info in infos) > limits.max_total_bytes:
        raise ArchiveError("the archive is too large once unpacked")
    files = sum(1 for info in infos if not _skipped(info.filename))
    if files > limits.max_entries:
        raise ArchiveError(f"the archive has {files} entries (at most {limits.max_entries})")


def _skipped(name: str) -> bool:
    """Folders and macOS metadata (``__MACOSX/``, ``.DS_Store``) that a hand re-zip adds: checked, never read."""
    return name.endswith("/") or name.split("/")[0] == "__MACOSX" or name.rsplit("/", 1)[-1] == ".DS_Store"


def _pack_entries(infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    """The pack's own entries by their name in the pack: skipped entries left out, and one folder wrapping
    everything (``calm/manifest.json``, as when a folder is zipped by hand) unwrapped."""
    kept = [info for info in infos if not _skipped(info.filename)]
    names = [info.filename for info in kept]
    tops = {name.split("/", 1)[0] for name in names}
    if "manifest.json" not in names and len(tops) == 1 and all("/" in name for name in names):
        cut = len(tops.pop()) + 1
        return {info.filename[cut:]: info for info in kept}
    return {info.filename: info for info in kept}


def _check_end_record(path: Path, limits: ArchiveLimits) -> None:
    """Entry count and central directory size from the zip's end record, before ``ZipFile`` builds an object
    per entry (a small upload can list millions of them)."""
    try:
        with open(path, "rb") as handle:
            end = zipfile._EndRecData(handle)  # noqa: SLF001 - the stdlib's own end-record reader (zip64 too)
    except (OSError, ValueError, EOFError, struct.error):
        end = None
    if end is None:
        return  # not a zip: ZipFile says so
    entries, size = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]  # noqa: SLF001
    most = limits.max_listed_entries
    if entries > most or size > most * DIRECTORY_BYTES_PER_ENTRY:
        raise ArchiveError(f"the archive has {entries} entries (at most {most})")


def _copy_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path | None) -> str:
    """Stream one entry (to ``target`` if given) and return its sha256; at most its declared size is read."""
    digest = hashlib.sha256()
    with zf.open(info) as src, open(target if target is not None else os.devnull, "wb") as out:
        for block in iter(lambda: src.read(1 << 20), b""):
            digest.update(block)
            if target is not None:
                out.write(block)
    return digest.hexdigest()


def read_archive(path: Path, extract_to: Path | None = None, limits: ArchiveLimits | None = None) -> Manifest:
    """Open and verify an archive (safe paths, sizes, checksums, valid scripts).

    Sizes, entry counts and compression ratios are checked from the zip directory before anything is
    decompressed, and entries are streamed (never read whole). With ``extract_to`` the audio files are
    written there as ``<id>.<ext>``; ``item.audio["file"]`` then holds each file's path.
    """
    limits = limits or ArchiveLimits()
    try:
        size = Path(path).stat().st_size
    except FileNotFoundError:
        raise ArchiveError(f"no such file: {path}") from None
    except OSError:
        raise ArchiveError(f"{Path(path).name} is not a pack archive (cannot be read)") from None
    if Path(path).is_dir():
        raise ArchiveError(f"{path} is a folder, not a pack archive (a .waqup file)")
    if size > limits.max_archive_bytes:
        raise ArchiveError(f"the archive is larger than {limits.max_archive_bytes} bytes")
    _check_end_record(Path(path), limits)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ArchiveError(f"{Path(path).name} is not a pack archive (not a zip file)") from None  # no folders
    try:
        with zf:
            return _read(zf, extract_to, limits)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise ArchiveError(f"the archive is corrupt ({type(exc).__name__})") from None


def _read(zf: zipfile.ZipFile, extract_to: Path | None, limits: ArchiveLimits) -> Manifest:
    from engine.content import validate
    from engine.script import ScriptSyntaxError, parse

    infos = zf.infolist()
    _check_directory(infos, limits)
    by_name = _pack_entries(infos)
    if "manifest.json" not in by_name:
        raise ArchiveError("the archive has no manifest.json")
    if by_name["manifest.json"].file_size > limits.max_manifest_bytes:
        raise ArchiveError("manifest.json is too large")
    with zf.open(by_name["manifest.json"]) as handle:
        manifest = parse_manifest(handle.read(limits.max_manifest_bytes + 1))
    allowed = {"manifest.json", "playlist.m3u"} | {i.audio["path"] for i in manifest.items if i.audio}
    extra = sorted(set(by_name) - allowed)
    if extra:
        raise ArchiveError(f"unexpected file in archive: {extra[0]!r}")
    for item in manifest.items:
        if not item.audio:
            continue
        info = by_name.get(item.audio["path"])
        if info is None:
            raise ArchiveError(f"item {item.id}: {item.audio['path']} is missing")
        if info.file_size != item.audio["bytes"]:
            raise ArchiveError(f"item {item.id}: audio.bytes is {item.audio['bytes']} but the file has "
                               f"{info.file_size} bytes")
    for item in manifest.items:
        try:
            issues = validate(parse(item.script, source=item.id))
        except ScriptSyntaxError as exc:
            raise ArchiveError(f"item {item.id}: {exc}") from None
        if issues:
            raise ArchiveError(f"item {item.id}: {issues[0]}")
    for item in manifest.items:
        if not item.audio:
            continue
        target = Path(extract_to) / Path(item.audio["path"]).name if extract_to is not None else None
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
        if _copy_entry(zf, by_name[item.audio["path"]], target) != item.audio["sha256"]:
            if target is not None:
                target.unlink(missing_ok=True)
            raise ArchiveError(f"item {item.id}: audio checksum does not match")
        if target is not None:
            item.audio["file"] = str(target)
    return manifest
