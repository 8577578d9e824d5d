"""Install a marketplace pack into the local library, as ``waqup pack import`` would: a pack row, its items
and their audio assets, so it can be practised offline (``waqup play ID``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from engine.errors import WaqupError
from engine.market.client import MarketClient
from engine.market.errors import MarketError


def install_pack(client: MarketClient, slug: str) -> dict[str, Any]:
    """Download ``slug`` through its pre-signed archive URL, verify it and add it to the library."""
    from engine import paths
    from engine.library import Library
    from engine.packs.archive import ArchiveError, read_archive, sha256_file

    links = client.download_links(slug)
    version = int(links["version"])
    folder = paths.audio_dir() / "market" / slug / f"v{version}"
    archive = paths.cache_dir() / "market" / f"{slug}-v{version}.waqup"
    staging = folder.with_name(f".{folder.name}.staging")
    client.fetch(links["archive"]["url"], archive, int(links["archive"]["bytes"]))
    try:
        if sha256_file(archive) != links["archive"]["sha256"]:
            raise MarketError("the downloaded archive does not match its checksum; nothing was installed")
        shutil.rmtree(staging, ignore_errors=True)  # a killed install's leftovers
        staging.mkdir(parents=True)  # also for a pack without audio
        try:
            manifest = read_archive(archive, extract_to=staging)
        except ArchiveError as exc:
            raise MarketError(f"the downloaded pack is invalid ({exc}); nothing was installed") from None
        from engine.content.validate import crisis_items

        if flagged := crisis_items([(entry.id, entry.script) for entry in manifest.items]):
            raise MarketError(f"item {flagged[0]} of {slug!r} uses words that suggest a crisis; nothing was installed")
        durations = {link["item_id"]: link.get("duration") for link in links["items"]}
        swapped = False
        try:
            with Library() as lib, lib.transaction():  # all of the pack's rows, or none of them
                result = _record(lib, client.url, links, manifest, folder, durations)
                _swap_in(staging, folder)  # last in the transaction: a failure before leaves the folder alone
                swapped = True
        except BaseException:
            if swapped:  # the rows did not commit: the previous folder comes back
                shutil.rmtree(folder, ignore_errors=True)
                if _old(folder).exists():
                    _old(folder).replace(folder)
            raise
    finally:
        archive.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(_old(folder), ignore_errors=True)
    return result


def _old(folder: Path) -> Path:
    return folder.with_name(f".{folder.name}.old")


def _swap_in(staging: Path, folder: Path) -> None:
    """Put ``staging`` at ``folder``; the previous folder is kept aside until the rows commit."""
    old = _old(folder)
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.replace(old)
    staging.replace(folder)


def _record(lib, url: str, links: dict, manifest, folder: Path, durations: dict) -> dict[str, Any]:
    from engine.library.store import clean_tags
    from engine.script import parse

    meta = manifest.pack
    spec = json.dumps({"market": {"url": url, "slug": manifest.slug, "version": links["version"]}})
    try:
        pack = lib.get_pack(manifest.slug)
    except WaqupError:
        pack = lib.create_pack(manifest.slug, meta["title"], description=meta.get("description", ""),
                               author=meta.get("author", ""), spec=spec)
    else:
        lib.db["packs"].update(pack["id"], {"title": meta["title"], "description": meta.get("description", ""),
                                            "spec": spec})
    existing = {item.params.get("market_item"): item for item in lib.list_items(pack=pack["id"], limit=10_000)}
    installed = []
    for entry in manifest.items:
        script = parse(entry.script, source=entry.id)
        item = existing.get(entry.id)
        if item is None:
            item = lib.add_item(script, params={"type": entry.type, "intent": entry.intent,
                                                "market_item": entry.id, "market_slug": manifest.slug},
                                provider="market", model=url, tags=clean_tags(entry.tags), pack_id=pack["id"])
        elif item.script != entry.script:
            item = lib.update_script(item.id, script)
        if entry.audio:
            audio = entry.audio
            path = folder / Path(audio["path"]).name
            lib.add_audio_asset(item.id, path=str(path), format=audio.get("format", path.suffix.lstrip(".")),
                                duration=durations.get(entry.id) or audio.get("duration", 0.0),
                                sample_rate=audio.get("sample_rate"), lufs=audio.get("lufs"),
                                true_peak=audio.get("true_peak"), voice=audio.get("voice", ""),
                                ambience=audio.get("ambience", ""))
        installed.append({"id": item.id, "title": item.title, "audio": bool(entry.audio)})
    return {"pack": manifest.slug, "pack_id": pack["id"], "version": links["version"], "items": installed,
            "folder": str(folder)}
