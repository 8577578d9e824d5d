"""Schema migrations: small named functions, applied once and recorded (sqlite-utils ``Migrations``)."""

from __future__ import annotations

from engine.library._sqlite import Database, Migrations

migrations = Migrations("waqup.library")


@migrations()
def m001_initial(db: Database) -> None:
    db["packs"].create(
        {"id": str, "slug": str, "title": str, "description": str, "author": str,
         "spec": str, "created": str},
        pk="id", not_null={"slug", "title"},
    )
    db["packs"].create_index(["slug"], unique=True)
    db["items"].create(
        {"id": str, "type": str, "title": str, "intent": str, "context": str, "script": str,
         "params": str, "tags": str, "pack_id": str, "provider": str, "model": str, "seed": int,
         "created": str, "updated": str},
        pk="id", not_null={"type", "title", "script"}, foreign_keys=[("pack_id", "packs", "id")],
    )
    db["items"].create_index(["type"])
    db["items"].create_index(["created"])
    db["items"].create_index(["pack_id"])
    db["item_tags"].create(
        {"item_id": str, "tag": str}, pk=("item_id", "tag"), foreign_keys=[("item_id", "items", "id")],
    )
    db["item_tags"].create_index(["tag"])
    db["generations"].create(
        {"id": str, "item_id": str, "type": str, "provider": str, "model": str, "seed": int,
         "inputs": str, "output": str, "usage": str, "duration_ms": int, "status": str, "error": str,
         "created": str},
        pk="id",
    )
    db["generations"].create_index(["created"])
    db["practice"].create(
        {"id": int, "item_id": str, "started": str, "ended": str, "seconds": float,
         "completed": int, "mood": str, "reflection": str},
        pk="id",
    )
    db["practice"].create_index(["item_id"])
    db["practice"].create_index(["started"])


@migrations()
def m002_search(db: Database) -> None:
    db["items"].enable_fts(
        ["title", "intent", "script", "tags"], fts_version="FTS5", create_triggers=True,
        tokenize="porter unicode61",
    )


@migrations()
def m003_audio_assets(db: Database) -> None:
    db["audio_assets"].create(
        {"id": int, "item_id": str, "path": str, "format": str, "duration": float, "sample_rate": int,
         "lufs": float, "true_peak": float, "voice": str, "ambience": str, "cache_keys": str,
         "created": str},
        pk="id", foreign_keys=[("item_id", "items", "id")],
    )
    db["audio_assets"].create_index(["item_id"])


@migrations()
def m004_profile(db: Database) -> None:
    db["profile"].create({"key": str, "value": str, "updated": str}, pk="key")


@migrations()
def m005_ledger(db: Database) -> None:
    """Credit ledger: immutable double-entry transactions and their postings (see docs/credits.md)."""
    db["ledger_accounts"].create({"id": str, "kind": str, "created": str}, pk="id")
    db["ledger_transactions"].create(
        {"id": str, "op": str, "key": str, "account": str, "amount": int, "content_type": str,
         "ref": str, "item_id": str, "source": str, "memo": str, "created": str, "expires": str},
        pk="id", not_null={"op", "key", "account", "amount", "source", "created"},
    )
    db["ledger_transactions"].create_index(["op", "key"], unique=True)
    db["ledger_transactions"].create_index(["account", "created"])
    db["ledger_postings"].create(
        {"id": int, "txn_id": str, "account": str, "amount": int},
        pk="id", foreign_keys=[("txn_id", "ledger_transactions", "id"), ("account", "ledger_accounts", "id")],
    )
    db["ledger_postings"].create_index(["account"])
    db["ledger_postings"].create_index(["txn_id"])
    db["ledger_settings"].create({"key": str, "value": str, "updated": str}, pk="key")


@migrations()
def m006_conversations(db: Database) -> None:
    """Conversation sessions: state machine position and slots (transcript only when opted in)."""
    db["conversations"].create(
        {"id": str, "kind": str, "state": str, "data": str, "transcript": str, "keep_transcript": int,
         "created": str, "updated": str},
        pk="id", not_null={"kind", "state", "data"},
    )
    db["conversations"].create_index(["updated"])


@migrations()
def m007_asset_timeline(db: Database) -> None:
    """The render timeline of each audio file, so players can seek by section and highlight lines."""
    db["audio_assets"].add_column("timeline", str)


@migrations()
def m008_pack_runs(db: Database) -> None:
    """Batch pack runs (``waqup pack run``): one row per run, one state row per pack item."""
    db["pack_runs"].create(
        {"id": str, "pack_id": str, "spec_hash": str, "spec_path": str, "status": str, "pid": int,
         "started": str, "updated": str, "finished": str, "summary": str},
        pk="id", foreign_keys=[("pack_id", "packs", "id")],
    )
    db["pack_runs"].create_index(["pack_id"])
    db["pack_items"].create(
        {"pack_id": str, "item_key": str, "position": int, "name": str, "label": str, "type": str,
         "status": str, "job_id": str, "attempts": int, "item_id": str, "error": str, "provider": str,
         "model": str, "usage": str, "credits": int, "seconds": float, "audio_path": str, "audio_sig": str,
         "run_id": str, "started": str, "updated": str},
        pk=("pack_id", "item_key"), foreign_keys=[("pack_id", "packs", "id")],
        defaults={"attempts": 0, "credits": 0, "seconds": 0.0},
    )
    db["pack_items"].create_index(["pack_id", "status"])
    db["pack_items"].create_index(["item_id"])


@migrations()
def m009_sync(db: Database) -> None:
    """Offline-first sync with a marketplace account: the outbox, server state cache and offline debts."""
    db["sync_outbox"].create(
        {"id": int, "account": str, "client_id": str, "kind": str, "payload": str, "status": str, "result": str,
         "created": str, "updated": str},
        pk="id", not_null={"account", "kind", "payload", "status"},
    )
    db["sync_outbox"].create_index(["account", "status"])
    db["sync_state"].create({"key": str, "value": str, "updated": str}, pk="key")
    db["sync_cache"].create({"account": str, "kind": str, "key": str, "data": str, "updated": str},
                            pk=("account", "kind", "key"))
    db["sync_debts"].create(
        {"key": str, "account": str, "amount": int, "content_type": str, "created": str, "settled": str},
        pk="key", not_null={"account", "amount"},
    )


@migrations()
def m010_script_versions(db: Database) -> None:
    """Earlier scripts of an item (``waqup script apply``, studio edits) and which script each render is of."""
    db["script_versions"].create(
        {"id": int, "item_id": str, "version": int, "title": str, "script": str, "source": str, "replaced": str},
        pk="id", not_null={"item_id", "version", "script"}, foreign_keys=[("item_id", "items", "id")],
    )
    db["script_versions"].create_index(["item_id", "version"], unique=True)
    db["audio_assets"].add_column("script_sha", str)


@migrations()
def m011_reminders(db: Database) -> None:
    """Practice reminders (``waqup remind``): an item, a local clock time and the weekdays it repeats on."""
    db["reminders"].create(
        {"id": int, "item_id": str, "at": str, "days": str, "created": str},
        pk="id", not_null={"item_id", "at", "days"}, foreign_keys=[("item_id", "items", "id")],
    )
    db["reminders"].create_index(["item_id"])


def apply(db: Database) -> None:
    migrations.apply(db)
