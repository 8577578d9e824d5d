"""Publishing: verify an uploaded ``.waqup`` archive completely before anything is stored."""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.packs.archive import ArchiveLimits
from marketplace.context import AppContext
from marketplace.models import Entitlement, Pack, PackItem, PackTag, PackVersion, User, utcnow
from marketplace.packs.audio import AudioRejected, header_seconds, measure
from marketplace.packs.catalog import bump_revision

ITEM_TYPES = {"affirmation", "meditation", "ritual"}
Outcome = Literal["created", "version", "unchanged"]


class PublishSlots:
    """At most ``per_creator`` publishes of one creator are verified at once in this process; more get a 429
    (a publish costs a decode of every audio file: a creator cannot queue up the server's CPU and disk)."""

    def __init__(self, per_creator: int):
        self.per_creator = max(1, per_creator)
        self._lock = threading.Lock()
        self._busy: dict[int, int] = {}

    @contextmanager
    def hold(self, user_id: int) -> Iterator[None]:
        with self._lock:
            if self._busy.get(user_id, 0) >= self.per_creator:
                raise PublishError(429, f"{self.per_creator} of your publishes are already being checked: "
                                        "wait for them to finish")
            self._busy[user_id] = self._busy.get(user_id, 0) + 1
        try:
            yield
        finally:
            with self._lock:
                self._busy[user_id] -= 1
                if not self._busy[user_id]:
                    del self._busy[user_id]


def slots(ctx: AppContext) -> PublishSlots:
    """The app's :class:`PublishSlots`, made on first use (``setdefault`` is atomic)."""
    made = PublishSlots(getattr(ctx.settings, "publishes_per_creator", 2))
    return vars(ctx).setdefault("publish_slots", made)


@contextmanager
def received(ctx: AppContext, user_id: int, upload) -> Iterator[Path]:
    """One of the creator's publish slots (a 429 :class:`PublishError` when all are busy) and the uploaded
    archive copied, a megabyte at a time, to a private temp file that goes when the block ends."""
    with slots(ctx).hold(user_id), tempfile.TemporaryDirectory(prefix="waqup-upload-") as tmp:
        path = Path(tmp) / "upload.waqup"
        with open(path, "wb") as out:
            shutil.copyfileobj(upload.file, out, 1 << 20)
        yield path


class PublishError(Exception):
    """Rejected upload: ``status`` is the HTTP code (400 malformed, 409 conflict, 413 too big/long, 429 busy)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class Checked:
    manifest: object
    durations: dict[str, float] = field(default_factory=dict)
    previews: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)


def preview(script_text: str, limit: int = 280) -> str:
    from engine.script import parse

    lines = [line.text for line in parse(script_text).lines][:3]
    text = " ".join(lines)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def archive_limits(settings) -> ArchiveLimits:
    """The server's archive limits: the upload size, and (audio being stored, not deflated) not much more
    once unpacked; entry counts and compression ratios as on the client."""
    return ArchiveLimits(max_archive_bytes=settings.max_upload_bytes, max_total_bytes=2 * settings.max_upload_bytes)


def check_archive(ctx: AppContext, archive: Path, workdir: Path) -> Checked:
    """Structure, sizes, checksums and scripts (``read_archive``), then every audio file's duration: the
    headers' first (nothing decoded), then a bounded streaming decode of each file."""
    from engine.errors import UsageError
    from engine.library.store import clean_tags
    from engine.packs.archive import ArchiveError, read_archive

    settings = ctx.settings
    if archive.stat().st_size > settings.max_upload_bytes:
        raise PublishError(413, f"the archive is larger than {settings.max_upload_bytes} bytes")
    try:
        manifest = read_archive(archive, extract_to=workdir, limits=archive_limits(settings))
    except ArchiveError as exc:
        raise PublishError(400, f"invalid pack archive: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - corrupt zips raise many kinds of errors
        raise PublishError(400, f"unreadable pack archive ({type(exc).__name__})") from None
    try:  # types and lengths are checked already (engine.packs.manifest): here only the server's own rules
        tags = clean_tags(manifest.pack["tags"])
        for item in manifest.items:
            item.tags = clean_tags(item.tags)
    except (UsageError, AttributeError, TypeError) as exc:
        raise PublishError(400, f"manifest: {exc}") from None
    if len(tags) > 20:
        raise PublishError(400, "manifest: a pack has at most 20 tags")
    from engine.content.validate import crisis_items

    if flagged := crisis_items([(item.id, item.script) for item in manifest.items]):
        raise PublishError(422, f"item {flagged[0]} uses words that suggest a crisis, so the pack was not published")
    checked = Checked(manifest, tags=tags)
    for item in manifest.items:
        if item.type not in ITEM_TYPES or not item.title.strip():
            raise PublishError(400, f"item {item.id}: type must be one of {sorted(ITEM_TYPES)} with a title")
        checked.previews[item.id] = preview(item.script)
    stated = sum(header_seconds(Path(i.audio["file"])) or 0.0 for i in manifest.items if i.audio)
    if stated > settings.max_pack_seconds:
        raise PublishError(413, f"the pack has {stated:.0f}s of audio, over the {settings.max_pack_seconds:.0f}s limit")
    total = 0.0
    for item in manifest.items:
        if not item.audio:
            checked.durations[item.id] = 0.0
            continue
        limit = min(settings.max_item_seconds, settings.max_pack_seconds - total)
        try:
            seconds = measure(Path(item.audio["file"]), max(limit, 0.0))
        except AudioRejected as exc:
            if exc.status == 413 and limit < settings.max_item_seconds:
                raise PublishError(413, f"the pack has more audio than the {settings.max_pack_seconds:.0f}s "
                                        "limit") from None
            raise PublishError(exc.status, f"item {item.id}: {exc}") from None
        checked.durations[item.id] = round(seconds, 3)
        total += seconds
    return checked


def publish(ctx: AppContext, db: Session, user: User, archive: Path) -> tuple[Pack, bool]:
    """Verify, store and record a pack (a new one or its next version). Returns ``(pack, created)``."""
    pack, outcome = publish_outcome(ctx, db, user, archive)
    return pack, outcome == "created"


def publish_outcome(ctx: AppContext, db: Session, user: User, archive: Path) -> tuple[Pack, Outcome]:
    """:func:`publish`, telling apart a new pack (``created``), its next version (``version``) and an archive
    with the same content as the published latest version (``unchanged``: nothing is stored, the version
    stays)."""
    with tempfile.TemporaryDirectory(prefix="waqup-publish-") as tmp:
        checked = check_archive(ctx, archive, Path(tmp))
        manifest = checked.manifest
        slug = manifest.slug
        pack = db.scalar(select(Pack).where(Pack.slug == slug).with_for_update())
        if pack is not None and pack.creator_id != user.id:
            raise PublishError(409, f"the slug {slug!r} belongs to another creator: choose another one")
        if pack is not None and pack.status == "taken_down":
            raise PublishError(409, f"{slug!r} was taken down by an admin and cannot be republished")
        if pack is not None and pack.status == "published" and _same_as_latest(db, pack, manifest):
            return pack, "unchanged"
        version = pack.version + 1 if pack is not None else 1
        # A folder no other publish can pick: parallel publishes of one slug or version never write to (or
        # delete) each other's files, and the keys the committed row names are final (nothing to move).
        prefix = f"packs/{slug}/v{version}/{secrets.token_hex(8)}"
        keys: dict[str, str] = {}
        try:
            from engine.packs.archive import sha256_file

            archive_key = f"{prefix}/pack.waqup"
            ctx.storage.put_file(archive_key, archive)
            for item in manifest.items:
                if item.audio:
                    keys[item.id] = f"{prefix}/{Path(item.audio['file']).name}"
                    ctx.storage.put_file(keys[item.id], Path(item.audio["file"]))
            recorded, created = _record(db, user, pack, checked, version, keys, archive_key,
                                        archive.stat().st_size, sha256_file(archive))
            db.commit()
        except IntegrityError:
            ctx.storage.delete_prefix(prefix)
            raise PublishError(409, f"{slug!r} was published concurrently: try again") from None
        except BaseException:
            ctx.storage.delete_prefix(prefix)
            raise
    return recorded, "created" if created else "version"


def _stored(manifest) -> dict:
    """The manifest as a version row keeps it: audio without the server's temporary file paths."""
    stored = manifest.to_dict()
    for entry in stored["items"]:
        if entry.get("audio"):
            entry["audio"] = {k: v for k, v in entry["audio"].items() if k != "file"}  # a server temp path
    return stored


def _same_as_latest(db: Session, pack: Pack, manifest) -> bool:
    """Whether ``manifest`` says what the pack's latest version says (pack fields, spec, items with their
    script and audio checksums); only when it was made differs."""
    latest = db.scalar(select(PackVersion.manifest).where(PackVersion.pack_id == pack.id,
                                                           PackVersion.version == pack.version))
    if latest is None:
        return False
    new = _stored(manifest)
    return all(new.get(key) == latest.get(key) for key in ("pack", "spec", "items"))


def _record(db: Session, user: User, pack: Pack | None, checked: Checked, version: int, keys: dict[str, str],
            archive_key: str, size: int, digest: str) -> tuple[Pack, bool]:
    manifest = checked.manifest
    meta = manifest.pack
    types = {item.type for item in manifest.items}
    creator_name = user.creator.display_name if user.creator else ""
    fields = dict(
        title=meta["title"].strip(), description=(meta.get("description") or "").strip(),
        type=types.pop() if len(types) == 1 else "mixed", tags=" ".join(checked.tags),
        language=meta.get("language") or "en", price_credits=int(meta.get("price_credits") or 0),
        status="published", version=version, item_count=len(manifest.items),
        duration=round(sum(checked.durations.values()), 3), updated_at=utcnow(),
        search_text=" ".join([creator_name, *(f"{i.title} {i.intent} {' '.join(i.tags)}" for i in manifest.items)]),
    )
    created = pack is None
    if created:
        pack = Pack(slug=manifest.slug, creator_id=user.id, **fields)
        db.add(pack)
        db.flush()
        db.add(Entitlement(user_id=user.id, pack_id=pack.id, source="owner"))
    else:
        for key, value in fields.items():
            setattr(pack, key, value)
        db.execute(delete(PackTag).where(PackTag.pack_id == pack.id))
    db.add_all([PackTag(pack_id=pack.id, tag=tag) for tag in checked.tags])
    stored = _stored(manifest)
    row = PackVersion(pack_id=pack.id, version=version, manifest=stored, archive_key=archive_key,
                      archive_bytes=size, archive_sha256=digest)
    db.add(row)
    db.flush()
    for position, item in enumerate(manifest.items, start=1):
        audio = item.audio or {}
        db.add(PackItem(version_id=row.id, item_id=item.id, position=position, type=item.type,
                        title=item.title.strip(), intent=item.intent or "", tags=" ".join(item.tags),
                        script=item.script, preview=checked.previews[item.id], duration=checked.durations[item.id],
                        audio_key=keys.get(item.id), audio_format=audio.get("format"),
                        audio_bytes=audio.get("bytes"), audio_sha256=audio.get("sha256")))
    bump_revision(db)
    db.flush()
    return pack, created
