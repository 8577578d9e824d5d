"""Packs in the library: list, show, export to a ``.waqup`` archive and import one back.

Export writes one zip through :func:`engine.packs.archive.write_archive` (manifest with spec,
items, scripts, checksums, durations and loudness; audio files; M3U playlist). Import verifies it
with :func:`~engine.packs.archive.read_archive` and restores it as a new pack: items with their
scripts, audio copied into the data folder and recorded as audio assets, all or nothing.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from engine import paths
from engine.errors import UsageError
from engine.library import Item, Library
from engine.library.store import new_id, now
from engine.packs.archive import Manifest, PackItem, read_archive, write_archive

META_KEYS = ("description", "author", "tags", "language", "cover_text")


def pack_meta(row: dict[str, Any]) -> dict[str, Any]:
    """Pack metadata for the manifest (spec values when the pack came from a spec)."""
    stored = json.loads(row.get("spec") or "{}")
    meta = dict(stored.get("pack") or {})
    out: dict[str, Any] = {"slug": row["slug"], "title": row["title"]}
    for key in META_KEYS:
        value = meta.get(key, row.get(key))
        if value not in (None, ""):
            out[key] = value
    if "price" in meta or "price_credits" in meta:
        out["price_credits"] = int(meta.get("price", meta.get("price_credits", 0)))
    return out


def pack_items(lib: Library, pack_id: str) -> list[Item]:
    """The pack's items in pack order (spec position, then creation)."""
    rows = lib.db.query(
        "select items.id from items left join pack_items p on p.item_id = items.id and p.pack_id = items.pack_id "
        "where items.pack_id = ? order by p.position is null, p.position, items.created, items.rowid", [pack_id])
    return [lib.get(r["id"]) for r in rows]


def _latest_audio(lib: Library, item_id: str) -> dict[str, Any] | None:
    from engine.rendering import latest_asset

    return latest_asset(lib, item_id)


def show_pack(lib: Library, ref: str) -> dict[str, Any]:
    """A pack with its items, audio and last run (the ``--json`` shape of ``waqup pack show``)."""
    row = lib.get_pack(ref)
    state = {r["item_id"]: r for r in lib.db.query("select * from pack_items where pack_id = ?", [row["id"]])}
    items = []
    for item in pack_items(lib, row["id"]):
        asset = _latest_audio(lib, item.id)
        items.append({"id": item.id, "type": item.type, "title": item.title, "intent": item.intent,
                      "tags": item.tags, "position": (state.get(item.id) or {}).get("position"),
                      "audio": asset["path"] if asset else None,
                      "duration": asset["duration"] if asset else None})
    runs = list(lib.db.query("select id, status, started, finished, summary from pack_runs where pack_id = ? "
                             "order by started desc limit 1", [row["id"]]))
    last = runs[0] if runs else None
    if last:
        last = {**last, "summary": json.loads(last["summary"] or "{}")}
    stored = json.loads(row.get("spec") or "{}")
    return {"id": row["id"], "created": row["created"], **pack_meta(row), "items": items,
            "imported": bool(stored.get("imported")), "last_run": last}


def list_packs(lib: Library) -> list[dict[str, Any]]:
    out = []
    for row in lib.list_packs():
        runs = list(lib.db.query("select status from pack_runs where pack_id = ? order by started desc limit 1",
                                 [row["id"]]))
        out.append({"id": row["id"], "slug": row["slug"], "title": row["title"], "items": row["items"],
                    "author": row.get("author") or "", "created": row["created"],
                    "last_run": runs[0]["status"] if runs else None})
    return out


def export_pack(lib: Library, ref: str, out: str | Path | None = None) -> tuple[Path, Manifest]:
    """Write the pack ``ref`` (slug or id) as a ``.waqup`` archive; returns the path and manifest."""
    row = lib.get_pack(ref)
    items = pack_items(lib, row["id"])
    if not items:
        raise UsageError(f"pack {row['slug']!r} has no items yet: run `waqup pack run SPEC` first")
    entries, audio_files = [], {}
    for item in items:
        asset = _latest_audio(lib, item.id)
        audio = None
        if asset:
            audio = {"format": asset["format"], "duration": asset["duration"], "sample_rate": asset["sample_rate"],
                     "lufs": asset["lufs"], "true_peak": asset["true_peak"]}
            audio_files[item.id] = Path(asset["path"])
        entries.append(PackItem(item.id, item.type, item.title, item.intent, item.script, list(item.tags), audio))
    stored = json.loads(row.get("spec") or "{}")
    manifest = Manifest(pack_meta(row), entries, stored.get("spec") or {})
    target = Path(out) if out else Path.cwd() / f"{row['slug']}.waqup"
    path = write_archive(manifest, audio_files, target)
    return path, manifest


def import_pack(lib: Library, archive: str | Path, *, slug: str | None = None) -> dict[str, Any]:
    """Verify ``archive`` and restore it as a new pack (``slug`` renames it). All or nothing.

    Returns the pack's row with ``spec`` as an object (what is stored: pack metadata, the spec, the source),
    and the counts ``items`` and ``audio``.
    """
    from engine.packs.archive import SLUG
    from engine.script import parse

    with tempfile.TemporaryDirectory(prefix="waqup-import-") as tmp:
        manifest = read_archive(Path(archive), extract_to=Path(tmp))
        slug = slug or manifest.slug
        if not SLUG.match(slug):
            raise UsageError(f"pack slug {slug!r} must be 2-80 lowercase letters, digits and '-'")
        if list(lib.db.query("select 1 from packs where slug = ?", [slug])):
            raise UsageError(f"this library already has a pack {slug!r}: import with --slug NEW-SLUG")
        folder = paths.audio_dir() / "packs" / slug
        copied: list[Path] = []
        meta = dict(manifest.pack)
        if "price_credits" in meta:
            meta["price"] = meta.pop("price_credits")
        stored = {"pack": {**meta, "slug": slug}, "spec": manifest.spec, "imported": True,
                  "source": Path(archive).name}
        try:
            with lib.transaction(immediate=True):
                pack = lib.create_pack(slug, manifest.pack["title"], description=meta.get("description", ""),
                                       author=meta.get("author", ""), spec=json.dumps(stored, ensure_ascii=False))
                for position, entry in enumerate(manifest.items, start=1):
                    item = lib.add_item(parse(entry.script, source=entry.id),
                                        params={"type": entry.type, "intent": entry.intent}, provider="import",
                                        tags=entry.tags, pack_id=pack["id"])
                    lib.db["pack_items"].insert({
                        "pack_id": pack["id"], "item_key": f"import-{entry.id}", "position": position,
                        "name": entry.id, "label": entry.title, "type": entry.type, "status": "imported",
                        "attempts": 0, "item_id": item.id, "updated": now(),
                    })
                    if entry.audio:
                        folder.mkdir(parents=True, exist_ok=True)
                        source = Path(entry.audio["file"])
                        target = folder / f"{item.id}-{new_id()}{source.suffix}"
                        shutil.copyfile(source, target)
                        copied.append(target)
                        lib.add_audio_asset(item.id, path=str(target), format=entry.audio.get("format"),
                                            duration=entry.audio.get("duration"),
                                            sample_rate=entry.audio.get("sample_rate"), lufs=entry.audio.get("lufs"),
                                            true_peak=entry.audio.get("true_peak"))
        except BaseException:
            for path in copied:
                path.unlink(missing_ok=True)
            raise
    return {**pack, "spec": stored, "items": len(manifest.items), "audio": len(copied)}
