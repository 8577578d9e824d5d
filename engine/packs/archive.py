"""The ``.waqup`` pack archive: a zip with ``manifest.json``, the audio files and an M3U playlist.

This is what ``waqup pack export`` writes, ``waqup pack import`` restores and the marketplace
accepts for publishing. Layout::

    manifest.json      format, version, pack metadata, spec, items (script, checksums, audio facts)
    audio/<id>.<ext>   one rendered file per item (optional per item)
    playlist.m3u       the audio files in pack order, with titles and durations

Reading verifies every checksum and refuses unsafe or oversized archives.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.errors import UsageError

FORMAT = "waqup-pack"
VERSION = 1
AUDIO_FORMATS = {"mp3", "ogg", "opus", "wav", "flac"}
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
MAX_ITEMS = 500
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024


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
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
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


def _require(data: dict, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in data:
        raise ArchiveError(f"manifest: {where} is missing {key!r}")
    if not isinstance(data[key], kind):
        raise ArchiveError(f"manifest: {where}.{key} has the wrong type")
    return data[key]


def parse_manifest(raw: bytes) -> Manifest:
    """Check a manifest's shape (not the files it lists)."""
    if len(raw) > MAX_MANIFEST_BYTES:
        raise ArchiveError("manifest.json is too large")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ArchiveError("manifest.json is not valid JSON") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveError(f"not a waQup pack (manifest format must be {FORMAT!r})")
    if data.get("version") != VERSION:
        raise ArchiveError(f"unsupported pack version {data.get('version')!r} (this waQup reads {VERSION})")
    pack = _require(data, "pack", dict, "manifest")
    slug = _require(pack, "slug", str, "pack")
    if not SLUG.match(slug):
        raise ArchiveError(f"pack slug {slug!r} must be 2-80 lowercase letters, digits and '-'")
    _require(pack, "title", str, "pack")
    raw_items = _require(data, "items", list, "manifest")
    if not 1 <= len(raw_items) <= MAX_ITEMS:
        raise ArchiveError(f"a pack needs 1..{MAX_ITEMS} items (has {len(raw_items)})")
    items, seen = [], set()
    for n, entry in enumerate(raw_items, start=1):
        where = f"items[{n}]"
        if not isinstance(entry, dict):
            raise ArchiveError(f"manifest: {where} must be an object")
        item_id = _require(entry, "id", str, where)
        if not re.fullmatch(r"[0-9a-f]{8}", item_id) or item_id in seen:
            raise ArchiveError(f"manifest: {where}.id {item_id!r} must be 8 hex digits and unique")
        seen.add(item_id)
        script = _require(entry, "script", str, where)
        if sha256_bytes(script.encode("utf-8")) != _require(entry, "script_sha256", str, where):
            raise ArchiveError(f"manifest: {where} script checksum does not match")
        audio = entry.get("audio")
        if audio is not None:
            if not isinstance(audio, dict):
                raise ArchiveError(f"manifest: {where}.audio must be an object")
            path = _require(audio, "path", str, f"{where}.audio")
            fmt = _require(audio, "format", str, f"{where}.audio")
            if path != f"audio/{item_id}.{path.rsplit('.', 1)[-1]}" or fmt not in AUDIO_FORMATS:
                raise ArchiveError(f"manifest: {where}.audio has an unexpected path or format")
            _require(audio, "sha256", str, f"{where}.audio")
        items.append(PackItem(item_id, _require(entry, "type", str, where), _require(entry, "title", str, where),
                              entry.get("intent", ""), script, list(entry.get("tags") or []), audio))
    return Manifest(pack, items, data.get("spec") or {}, data.get("created", ""))


def read_archive(path: Path, extract_to: Path | None = None) -> Manifest:
    """Open and verify an archive (safe paths, sizes, checksums, valid scripts).

    With ``extract_to`` the audio files are written there as ``<id>.<ext>``; ``item.audio["file"]``
    then holds each file's path.
    """
    from engine.content import validate
    from engine.script import ScriptSyntaxError, parse

    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ArchiveError(f"{path} is not a pack archive (not a zip file)") from None
    with zf:
        names = zf.namelist()
        infos = zf.infolist()
        if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
            raise ArchiveError("the archive is too large once unpacked")
        for name in names:
            if name.startswith("/") or ".." in Path(name).parts or "\\" in name:
                raise ArchiveError(f"unsafe path in archive: {name!r}")
        if "manifest.json" not in names:
            raise ArchiveError("the archive has no manifest.json")
        manifest = parse_manifest(zf.read("manifest.json"))
        allowed = {"manifest.json", "playlist.m3u"} | {i.audio["path"] for i in manifest.items if i.audio}
        extra = sorted(set(names) - allowed)
        if extra:
            raise ArchiveError(f"unexpected file in archive: {extra[0]!r}")
        for item in manifest.items:
            try:
                issues = validate(parse(item.script, source=item.id))
            except ScriptSyntaxError as exc:
                raise ArchiveError(f"item {item.id}: {exc}") from None
            if issues:
                raise ArchiveError(f"item {item.id}: {issues[0]}")
            if not item.audio:
                continue
            if item.audio["path"] not in names:
                raise ArchiveError(f"item {item.id}: {item.audio['path']} is missing")
            data = zf.read(item.audio["path"])
            if sha256_bytes(data) != item.audio["sha256"]:
                raise ArchiveError(f"item {item.id}: audio checksum does not match")
            if extract_to is not None:
                target = Path(extract_to) / Path(item.audio["path"]).name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                item.audio["file"] = str(target)
    return manifest
