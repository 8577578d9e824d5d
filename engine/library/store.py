"""SQLite-backed library store (sqlite-utils over one WAL-mode database file)."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine import paths
from engine.errors import NotFoundError, UsageError
from engine.library import migrations
from engine.library._sqlite import Database
from engine.library.edits import Applied
from engine.library.files import Freed
from engine.script import Script, dumps, parse

TAG = re.compile(r"^[\w][\w\-:.]{0,39}$", re.UNICODE)
SEARCH_WINDOW = 1000
MIN_ID_PREFIX = 4  # shortest id prefix `get` resolves: shorter ones match too many items to be useful
ITEM_COLUMNS = (
    "id, type, title, intent, context, script, params, tags, pack_id, provider, model, seed, "
    "created, updated"
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_id() -> str:
    return secrets.token_hex(4)


def script_sha(text: str) -> str:
    """A short fingerprint of a script's text (which script a render is of)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Item:
    """One piece of content in the library (the same shape as ``--json`` and exports)."""

    id: str
    type: str
    title: str
    intent: str
    script: str
    context: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    pack_id: str | None = None
    provider: str = ""
    model: str = ""
    seed: int | None = None
    created: str = ""
    updated: str = ""

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Item:
        data = dict(row)
        data["params"] = json.loads(data.get("params") or "{}")
        data["tags"] = (data.get("tags") or "").split()
        data["context"] = data.get("context") or ""
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__ if k in data})

    def parsed(self) -> Script:
        return parse(self.script, source=self.id)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def clean_tags(tags: Iterable[str]) -> list[str]:
    out: list[str] = []
    for tag in tags:
        tag = tag.strip().lower().lstrip("#")
        if not TAG.match(tag):
            raise UsageError(f"bad tag {tag!r}: use letters, digits, '-', ':' or '.' (40 characters at most)")
        if tag not in out:
            out.append(tag)
    return out


def fts_query(text: str) -> str:
    """A safe FTS5 query: every word quoted, the last one a prefix (search as you type)."""
    terms = re.findall(r"\w+", text, re.UNICODE)
    if not terms:
        raise UsageError("search needs at least one word")
    quoted = [f'"{term}"' for term in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


class Library:
    """The library database. Opening it applies any pending migrations."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else paths.database_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = Database(self.path)
        self.db.execute("PRAGMA busy_timeout = 10000")
        self.db.execute("PRAGMA foreign_keys = ON")
        if self.db.journal_mode != "wal":
            self.db.enable_wal()
        migrations.apply(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, immediate: bool = True) -> Iterator[Database]:
        """One atomic write: commit on success, roll back on any error (nested: a savepoint).

        Writes take the write lock up front (``BEGIN IMMEDIATE``), so concurrent writers wait for
        the busy timeout instead of failing with "database is locked" on a read-then-write, and a
        check-then-write (e.g. a credit reserve) is atomic across processes.
        """
        if not immediate or self.db.conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

    # -- items -----------------------------------------------------------------
    def add_item(
        self,
        script: Script,
        *,
        params: dict[str, Any] | None = None,
        provider: str = "manual",
        model: str = "",
        seed: int | None = None,
        tags: Iterable[str] = (),
        pack_id: str | None = None,
    ) -> Item:
        """Store ``script`` as a new item and return it."""
        params = dict(params or {})
        stamp = now()
        row = {
            "id": new_id(),
            "type": script.type or params.get("type") or "affirmation",
            "title": script.title,
            "intent": script.meta.get("intent") or params.get("intent", ""),
            "context": params.get("context", ""),
            "script": dumps(script),
            "params": json.dumps(params, sort_keys=True),
            "tags": " ".join(clean_tags(tags)),
            "pack_id": pack_id,
            "provider": provider,
            "model": model,
            "seed": seed,
            "created": stamp,
            "updated": stamp,
        }
        with self.transaction():
            self.db["items"].insert(row)
            self.db["item_tags"].insert_all(
                [{"item_id": row["id"], "tag": t} for t in row["tags"].split()], ignore=True
            )
        return Item.from_row(row)

    def get(self, item_id: str) -> Item:
        """The item whose id is ``item_id`` or starts with it (unambiguous prefixes of 4+ characters)."""
        item_id = item_id.strip().lower()
        rows = list(self.db.query(f"select {ITEM_COLUMNS} from items where id = ?", [item_id]))
        if not rows and len(item_id) < MIN_ID_PREFIX:
            raise UsageError(f"id {item_id!r} is too short: give at least {MIN_ID_PREFIX} characters of the id "
                             "(see `waqup library list`)")
        if not rows and re.fullmatch(r"[0-9a-f]+", item_id):
            rows = list(self.db.query(
                f"select {ITEM_COLUMNS} from items where id like ? limit 2", [item_id + "%"]
            ))
            if len(rows) > 1:
                raise UsageError(f"id prefix {item_id!r} is ambiguous: give more characters")
        if not rows:
            raise NotFoundError(f"no item with id {item_id!r} (see `waqup library list`)")
        return Item.from_row(rows[0])

    def _where(self, type: str | None, tag: str | None, pack: str | None) -> tuple[str, list[Any]]:
        clauses, args = [], []
        if type:
            clauses.append("items.type = ?")
            args.append(type)
        if tag:
            clauses.append("items.id in (select item_id from item_tags where tag = ?)")
            args.append(clean_tags([tag])[0])
        if pack:
            clauses.append("items.pack_id in (select id from packs where id = ? or slug = ?)")
            args += [pack, pack]
        return (" where " + " and ".join(clauses)) if clauses else "", args

    def list_items(
        self,
        *,
        type: str | None = None,
        tag: str | None = None,
        pack: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Item]:
        """Items, newest first, filtered by type, tag and pack."""
        where, args = self._where(type, tag, pack)
        sql = (f"select {ITEM_COLUMNS} from items{where} order by created desc, rowid desc "
               "limit ? offset ?")
        return [Item.from_row(r) for r in self.db.query(sql, [*args, limit, offset])]

    def count(self, *, type: str | None = None, tag: str | None = None, pack: str | None = None) -> int:
        where, args = self._where(type, tag, pack)
        return next(self.db.query(f"select count(*) as n from items{where}", args))["n"]

    def search(
        self, query: str, *, limit: int = 20, type: str | None = None, tag: str | None = None,
        pack: str | None = None,
    ) -> list[Item]:
        """Full-text search over title, intent, script and tags, best matches first.

        Relevance (bm25) is ranked among the ``SEARCH_WINDOW`` most recent matches, which keeps a
        search of a 100,000-item library within a few milliseconds; smaller result sets are exact.
        """
        where, args = self._where(type, tag, pack)
        columns = ", ".join("items." + c.strip() for c in ITEM_COLUMNS.split(","))
        sql = (
            f"select {columns} from items join ("
            "  select rowid, rank from ("
            "    select rowid, rank from items_fts where items_fts match ?"
            f"    order by rowid desc limit {SEARCH_WINDOW})"
            ") as hits on items.rowid = hits.rowid"
            f"{where} order by hits.rank limit ?"
        )
        return [Item.from_row(r) for r in self.db.query(sql, [fts_query(query), *args, limit])]

    def update_script(
        self, item_id: str, script: Script, *, edited: bool = False, source: str | None = None
    ) -> Item:
        """Store a new script for an item; the previous one is kept in its history (:meth:`script_history`).

        ``edited``: a person changed it by hand (the studio editor), so it goes through the crisis gate
        first and :class:`engine.content.UnsafeScript` keeps it out. ``source`` says what replaced the
        old version (``edit``, ``apply``, ``market``...) in the history.
        """
        item = self.get(item_id)
        if edited:
            from engine.content.validate import ensure_safe_script

            ensure_safe_script(script)
        text = dumps(script)
        if text == item.script:
            return item
        with self.transaction():
            self.db["script_versions"].insert({
                "item_id": item.id, "version": self.script_version(item.id), "title": item.title,
                "script": item.script, "source": source or ("edit" if edited else "update"), "replaced": now(),
            })
            self.db["items"].update(item.id, {"script": text, "title": script.title, "updated": now()})
        return self.get(item.id)

    def apply_script(self, item_id: str, text: str, *, source: str | None = None) -> Applied:
        """Check an edited script (the item's type's rules and the crisis gate) and make it the item's next
        version; the previous version stays in the history. Raises
        :class:`~engine.content.ValidationError` (every problem) or :class:`~engine.content.UnsafeScript`
        and saves nothing when it does not pass. ``source`` names the file in messages."""
        from engine.library.edits import checked_script

        item = self.get(item_id)
        script = checked_script(text, source=source, item=item)
        if dumps(script) == item.script:
            return Applied(item, self.script_version(item.id))
        stale = [a for a in self.audio_assets(item.id) if not a["stale"] and Path(a["path"]).is_file()]
        updated = self.update_script(item.id, script, source="apply")
        version = self.script_version(item.id)
        return Applied(updated, version, kept=version - 1, stale=stale)

    def add_script(self, text: str, *, source: str | None = None, tags: Iterable[str] = ()) -> Item:
        """A new item from a script a person wrote: type and title from its header, checked like
        :meth:`apply_script` (nothing is saved unless it passes)."""
        from engine.library.edits import checked_script

        script = checked_script(text, source=source)
        params = {"type": script.type, "intent": script.meta.get("intent", "")}
        if source and source != "<stdin>":
            params["source"] = Path(source).name
        return self.add_item(script, params=params, provider="manual", tags=tags)

    def script_version(self, item_id: str) -> int:
        """The version number of the item's current script (1 until it is first replaced)."""
        row = next(self.db.query(
            "select max(version) as v from script_versions where item_id = ?", [self.get(item_id).id]
        ))
        return (row["v"] or 0) + 1

    def script_history(self, item_id: str) -> list[dict[str, Any]]:
        """Every version of the item's script, newest (the current one, ``replaced`` empty) first."""
        item = self.get(item_id)
        rows = list(self.db.query(
            "select version, title, script, source, replaced from script_versions where item_id = ? "
            "order by version desc", [item.id]
        ))
        current = {"version": (rows[0]["version"] + 1) if rows else 1, "title": item.title,
                   "script": item.script, "source": "", "replaced": ""}
        return [current, *rows]

    def script_at(self, item_id: str, version: int) -> str:
        """The text of one version of the item's script."""
        for row in self.script_history(item_id):
            if row["version"] == version:
                return row["script"]
        raise NotFoundError(f"item {self.get(item_id).id} has no version {version} "
                            f"(see `waqup script history {self.get(item_id).id}`)")

    def set_tags(self, item_id: str, add: Iterable[str] = (), remove: Iterable[str] = ()) -> Item:
        """Add and remove tags on an item; returns the updated item."""
        item = self.get(item_id)
        drop = set(clean_tags(remove))
        tags = [t for t in clean_tags([*item.tags, *add]) if t not in drop]
        with self.transaction():
            self.db["items"].update(item.id, {"tags": " ".join(tags), "updated": now()})
            self.db.execute("delete from item_tags where item_id = ?", [item.id])
            self.db["item_tags"].insert_all([{"item_id": item.id, "tag": t} for t in tags])
        return self.get(item.id)

    def tags(self) -> list[tuple[str, int]]:
        rows = self.db.query("select tag, count(*) as n from item_tags group by tag order by n desc, tag")
        return [(r["tag"], r["n"]) for r in rows]

    def delete(self, item_id: str, *, dry_run: bool = False) -> Freed:
        """Delete an item with its tags, script history, audio assets (the rendered files too) practice
        history and the creator's voice recordings of it; returns what was removed from disk.

        Only files inside the data folder are removed, and a rendered file another item also uses stays.
        ``dry_run``: remove nothing, report what would go.
        """
        from engine.library import files

        item = self.get(item_id)
        freed = Freed(dry_run=dry_run)
        renders = [r["path"] for r in self.db.query(
            "select distinct path from audio_assets where item_id = ? and path not in "
            "(select path from audio_assets where item_id != ?)", [item.id, item.id]
        )]
        freed.records = self.db["audio_assets"].count_where("item_id = ?", [item.id])
        if not dry_run:
            with self.transaction():
                for table in ("item_tags", "audio_assets", "practice", "script_versions", "reminders"):
                    self.db.execute(f"delete from {table} where item_id = ?", [item.id])
                self.db.execute("delete from items where id = ?", [item.id])
        for path in renders:
            files.remove_render(path, freed)
        files.remove_recordings(item.id, freed)
        freed.items = 1
        return freed

    def prune_renders(self, item_id: str | None = None, *, keep: int = 1, dry_run: bool = False) -> Freed:
        """Remove all but the newest ``keep`` rendered files of one item (or of every item).

        Records of files that no longer exist are forgotten; a file another item (or a kept record) uses
        stays. Without ``item_id`` the recordings of items deleted earlier are removed too. ``dry_run``:
        remove nothing, report what would go.
        """
        from engine.library import files

        if keep < 0:
            raise UsageError("--keep must be 0 or more")
        freed = Freed(dry_run=dry_run)
        if item_id:
            ids = [self.get(item_id).id]
        else:
            ids = [r["item_id"] for r in self.db.query("select distinct item_id from audio_assets order by item_id")]
        for iid in ids:
            kept: list[str] = []
            drop_ids: list[int] = []
            drop_paths: list[str] = []
            for row in self.db.query("select id, path from audio_assets where item_id = ? order by id desc", [iid]):
                if row["path"] in kept:
                    drop_ids.append(row["id"])  # an older record of a kept file: the file stays
                    continue
                if len(kept) < keep and Path(row["path"]).is_file():
                    kept.append(row["path"])
                    continue
                drop_ids.append(row["id"])
                if row["path"] not in drop_paths:
                    drop_paths.append(row["path"])
            if not drop_ids:
                continue
            marks = ", ".join("?" * len(drop_ids))
            shared = {r["path"] for r in self.db.query(
                f"select distinct path from audio_assets where id not in ({marks})", drop_ids)}
            before = freed.count
            if not dry_run:
                with self.transaction():
                    self.db.execute(f"delete from audio_assets where id in ({marks})", drop_ids)
            freed.records += len(drop_ids)
            for path in drop_paths:
                if path not in shared:
                    files.remove_render(path, freed)
            freed.items += freed.count > before
        if not item_id:
            existing = {r["id"] for r in self.db.query("select id from items")}
            for iid in files.recorded_item_ids():
                if iid not in existing:
                    files.remove_recordings(iid, freed)
        return freed

    # -- generation log ----------------------------------------------------------
    def log_generation(
        self,
        *,
        type: str,
        provider: str,
        model: str,
        inputs: dict[str, Any],
        output: str = "",
        usage: dict[str, Any] | None = None,
        seconds: float = 0.0,
        status: str = "ok",
        error: str = "",
        seed: int | None = None,
        item_id: str | None = None,
    ) -> str:
        """Record one generation (as ``llm`` logs prompts); returns its id."""
        gen_id = new_id() + new_id()
        with self.transaction():
            self.db["generations"].insert({
                "id": gen_id, "item_id": item_id, "type": type, "provider": provider, "model": model,
                "seed": seed, "inputs": json.dumps(inputs, sort_keys=True), "output": output,
                "usage": json.dumps(usage or {}, sort_keys=True), "duration_ms": round(seconds * 1000),
                "status": status, "error": error, "created": now(),
            })
        return gen_id

    def generations(self, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.db.query("select * from generations order by created desc, rowid desc limit ?", [limit])
        return [{**r, "inputs": json.loads(r["inputs"]), "usage": json.loads(r["usage"])} for r in rows]

    def save_generation(
        self, result: Any, params: dict[str, Any], *, tags: Iterable[str] = (), pack_id: str | None = None
    ) -> Item:
        """Store a :class:`~engine.generation.GenerationResult` as an item and log it."""
        item = self.add_item(
            result.script, params=params, provider=result.provider, model=result.model,
            seed=result.seed, tags=tags, pack_id=pack_id,
        )
        self.log_generation(
            type=item.type, provider=result.provider, model=result.model, inputs=result.prompt or params,
            output=item.script, usage=result.usage, seconds=result.elapsed, seed=result.seed,
            item_id=item.id,
        )
        return item

    # -- audio assets --------------------------------------------------------------
    def add_audio_asset(self, item_id: str, **fields: Any) -> dict[str, Any]:
        """Record a rendered file for an item (path, format, duration, loudness, voice, cache keys...)."""
        item = self.get(item_id)
        row = {k: v for k, v in fields.items() if k in self.db["audio_assets"].columns_dict}
        row["path"] = str(row.get("path", ""))
        if isinstance(row.get("cache_keys"), list | tuple):
            row["cache_keys"] = json.dumps(list(row["cache_keys"]))
        row.update(item_id=item.id, created=now())
        row.setdefault("script_sha", script_sha(item.script))
        with self.transaction():
            pk = self.db["audio_assets"].insert(row).last_pk
        return self.db["audio_assets"].get(pk)

    def audio_assets(self, item_id: str) -> list[dict[str, Any]]:
        """The item's rendered files, newest first; ``stale``: rendered from an earlier version of its script."""
        item = self.get(item_id)
        rows = list(self.db.query(
            "select * from audio_assets where item_id = ? order by id desc", [item.id]
        ))
        current = script_sha(item.script)
        last_change = next(self.db.query(
            "select max(replaced) as t from script_versions where item_id = ?", [item.id]))["t"]
        for row in rows:
            if row.get("script_sha"):
                row["stale"] = row["script_sha"] != current
            else:  # recorded before renders knew their script
                row["stale"] = bool(last_change and (row.get("created") or "") < last_change)
        return rows

    # -- practice history ----------------------------------------------------------
    def log_practice(
        self,
        item_id: str,
        *,
        started: str | None = None,
        seconds: float = 0.0,
        completed: bool = False,
        mood: str = "",
        reflection: str = "",
    ) -> int:
        item = self.get(item_id)
        with self.transaction():
            return self.db["practice"].insert({
                "item_id": item.id, "started": started or now(), "ended": now(), "seconds": seconds,
                "completed": int(completed), "mood": mood, "reflection": reflection,
            }).last_pk

    def practice_history(self, item_id: str | None = None, limit: int = 100,
                         since: str | None = None) -> list[dict[str, Any]]:
        """Practice sessions, newest first: of one item, and from ``since`` (an ISO date or time) on."""
        where, args = [], []
        if item_id:
            where.append("item_id = ?")
            args.append(self.get(item_id).id)
        if since:
            where.append("started >= ?")
            args.append(since)
        sql = "select * from practice" + (" where " + " and ".join(where) if where else "")
        return list(self.db.query(sql + " order by started desc limit ?", [*args, limit]))

    # -- profile -------------------------------------------------------------------
    def profile(self) -> dict[str, Any]:
        return {r["key"]: json.loads(r["value"]) for r in self.db.query("select * from profile")}

    def set_profile(self, **values: Any) -> None:
        with self.transaction():
            self.db["profile"].upsert_all(
                [{"key": k, "value": json.dumps(v), "updated": now()} for k, v in values.items()],
                pk="key",
            )

    # -- packs -----------------------------------------------------------------------
    def create_pack(self, slug: str, title: str, **fields: Any) -> dict[str, Any]:
        row = {"id": new_id(), "slug": slug, "title": title, "created": now(),
               **{k: v for k, v in fields.items() if k in ("description", "author", "spec")}}
        with self.transaction():
            self.db["packs"].insert(row)
        return row

    def get_pack(self, slug_or_id: str) -> dict[str, Any]:
        rows = list(self.db.query("select * from packs where id = ? or slug = ?", [slug_or_id] * 2))
        if not rows:
            raise NotFoundError(f"no pack {slug_or_id!r} (see `waqup pack list`)")
        return rows[0]

    def list_packs(self) -> list[dict[str, Any]]:
        return list(self.db.query(
            "select packs.*, (select count(*) from items where pack_id = packs.id) as items "
            "from packs order by created desc"
        ))
