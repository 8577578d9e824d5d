"""Building a feed: choose items, render what is missing, place the audio, write ``feed.json`` and ``feed.xml``."""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from engine.errors import UsageError

MIME = {"mp3": "audio/mpeg", "m4a": "audio/mp4", "ogg": "audio/ogg", "opus": "audio/ogg", "flac": "audio/flac",
        "wav": "audio/wav"}
TOKEN_FILE = ".feed-token"


@dataclass
class Episode:
    """One item of the feed, as ``feed.json`` keeps it."""

    item_id: str
    title: str
    summary: str
    file: str  # name under the feed's audio/ folder
    bytes: int
    mime: str
    seconds: float
    guid: str
    published: str  # ISO 8601, UTC
    number: int


@dataclass
class Feed:
    """A built feed: where it is, what it holds, and how many items had to be rendered for it."""

    title: str
    author: str
    folder: Path
    episodes: list[Episode] = field(default_factory=list)
    rendered: int = 0

    @property
    def xml_path(self) -> Path:
        return self.folder / "feed.xml"


def token_of(folder: Path) -> str:
    """The feed's secret (made on first use, kept in a 0600 file the server never serves)."""
    path = Path(folder) / TOKEN_FILE
    if path.is_file():
        return path.read_text("utf-8").strip()
    token = secrets.token_urlsafe(18)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(token)
    return token


def _choose(lib: Any, pack: str | None, tag: str | None, everything: bool) -> tuple[list[Any], str]:
    if sum(bool(x) for x in (pack, tag, everything)) != 1:
        raise UsageError("choose what goes in the feed: --pack SLUG, --tag TAG or --all")
    if pack:
        row = lib.get_pack(pack)
        items, title = lib.list_items(pack=row["slug"], limit=100_000), row["title"]
    elif tag:
        items, title = lib.list_items(tag=tag, limit=100_000), f"waQup: {tag}"
    else:
        items, title = lib.list_items(limit=100_000), "waQup practice"
    if not items:
        raise UsageError("nothing to put in the feed: no items match")
    return list(reversed(items)), title  # oldest first: episode 1 is the first one made


def _current_asset(lib: Any, item: Any) -> dict[str, Any] | None:
    """The newest rendered file of ``item`` made from its current script, if it is still on disk."""
    for asset in lib.audio_assets(item.id):
        if not asset.get("stale") and Path(asset["path"]).is_file():
            return asset
    return None


def _place(source: Path, target: Path) -> None:
    """Put a rendered file into the feed folder: a hard link when the disk allows, else a copy."""
    if target.exists():
        if target.stat().st_size == source.stat().st_size:
            return
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def build(lib: Any, folder: str | Path, *, pack: str | None = None, tag: str | None = None,
          everything: bool = False, title: str | None = None, author: str = "waQup",
          on_item: Callable[[Any, bool], Any] | None = None,
          render: Callable[[Any, str], Any] | None = None) -> Feed:
    """Build (or refresh) the feed in ``folder``; ``on_item(item, rendering)`` is told about each item.

    Items without audio of their current script are rendered first (``render(lib, item_id)``, by default
    :func:`engine.rendering.render_item` with the user's audio settings). GUIDs are the item and its asset, so
    a rebuild keeps every episode's GUID until the item's audio changes."""
    if render is None:
        from engine.rendering import render_item as render

    items, default_title = _choose(lib, pack, tag, everything)
    folder = Path(folder).expanduser()
    audio_dir = folder / "audio"
    audio_dir.mkdir(parents=True, exist_ok=True)
    token_of(folder)
    feed = Feed(title or default_title, author, folder)
    for number, item in enumerate(items, 1):
        asset = _current_asset(lib, item)
        if on_item:
            on_item(item, asset is None)
        if asset is None:
            render(lib, item.id)
            feed.rendered += 1
            asset = _current_asset(lib, item)
            if asset is None:
                raise UsageError(f"rendering {item.id} made no audio file")
        source = Path(asset["path"])
        ext = source.suffix.lstrip(".").lower()
        name = f"{item.id}-{asset['id']}.{ext}"
        _place(source, audio_dir / name)
        made = datetime.fromisoformat(item.created) if item.created else datetime.now(UTC)
        made = made if made.tzinfo else made.replace(tzinfo=UTC)
        seconds = float(asset.get("duration") or 0.0)
        feed.episodes.append(Episode(
            item.id, item.title, _summary(item, seconds), name, (audio_dir / name).stat().st_size,
            MIME.get(ext, "application/octet-stream"), seconds, f"urn:waqup:{item.id}:{asset['id']}",
            (made + timedelta(seconds=number)).isoformat(), number))
    keep = {e.file for e in feed.episodes}
    for old in audio_dir.iterdir():  # episodes no longer in the selection leave the feed
        if old.name not in keep:
            old.unlink()
    shutil.copyfile(_cover(), folder / "cover.png")
    (folder / "feed.json").write_text(json.dumps({"title": feed.title, "author": feed.author,
                                                  "episodes": [asdict(e) for e in feed.episodes]}, indent=2),
                                      "utf-8")
    feed.xml_path.write_bytes(rss(feed, folder.resolve().as_uri() + "/"))
    return feed


KINDS = {"affirmation": "Affirmations", "meditation": "Guided meditation", "ritual": "Ritual"}


def _summary(item: Any, seconds: float) -> str:
    """What a podcast app shows under the title: the kind, the length and what it was made for."""
    parts = [KINDS.get(item.type, item.type.title()), f"{max(1, round(seconds / 60))} min"]
    if item.intent:
        parts.append(f"made for: {item.intent.strip()}")
    return " · ".join(parts)


def load(folder: str | Path) -> Feed:
    """A built feed read back from its ``feed.json``."""
    folder = Path(folder).expanduser()
    try:
        data = json.loads((folder / "feed.json").read_text("utf-8"))
    except FileNotFoundError:
        raise UsageError(f"no feed in {folder}: build one with `waqup feed build --all --out {folder}`") from None
    return Feed(data["title"], data["author"], folder, [Episode(**e) for e in data["episodes"]])


def _cover() -> Path:
    from engine.paths import templates_dir

    return templates_dir() / "feed" / "cover.png"


def _duration(seconds: float) -> str:
    whole = max(1, round(seconds))
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def rss(feed: Feed, base: str) -> bytes:
    """The feed as RSS 2.0 with the iTunes tags podcast apps read; every URL starts with ``base``."""
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.title(feed.title)
    fg.link(href=base + "feed.xml", rel="self")
    fg.link(href=base, rel="alternate")
    fg.description(f"{feed.title}: private practice audio made with waQup")
    fg.language("en")
    fg.author({"name": feed.author})
    fg.image(base + "cover.png", title=feed.title, link=base)
    fg.podcast.itunes_author(feed.author)
    fg.podcast.itunes_image(base + "cover.png")
    fg.podcast.itunes_explicit("no")
    fg.podcast.itunes_type("episodic")
    fg.podcast.itunes_block(True)  # private: never listed in a podcast directory
    fg.podcast.itunes_category("Health & Fitness", "Mental Health")
    for ep in feed.episodes:
        entry = fg.add_entry(order="append")
        entry.title(ep.title)
        entry.guid(ep.guid, permalink=False)
        entry.description(ep.summary)
        entry.enclosure(base + "audio/" + ep.file, str(ep.bytes), ep.mime)
        entry.pubDate(datetime.fromisoformat(ep.published))
        entry.podcast.itunes_duration(_duration(ep.seconds))
        entry.podcast.itunes_episode(ep.number)
        entry.podcast.itunes_order(ep.number)
        entry.podcast.itunes_explicit("no")
    return fg.rss_str(pretty=True)
