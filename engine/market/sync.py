"""Offline-first sync with a marketplace account.

Local changes the server must learn about (captures made offline, practice counts) go into the
``sync_outbox`` table with increasing ids (the mutation ids; rows are never deleted). :func:`sync` pushes
pending rows in id order; the server applies each once in the same transaction as its effect, so a sync
killed at any point is simply run again: resent mutations come back as ``duplicate`` with their stored
result. It then pulls what changed since the stored cursor (a 410 means a full resync) into ``sync_cache``.

A spend the server refuses (the offline balance was spent elsewhere) becomes a local debt in
``sync_debts``; paid generations are blocked until a top-up lets the debt settle on a later sync.
"""

from __future__ import annotations

import itertools
import json
import os
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from engine.market.client import MarketClient
from engine.market.errors import MarketError

BATCH = int(os.environ.get("WAQUP_SYNC_BATCH", "100") or 100)
HOLD_MINUTES = 15


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass
class SyncReport:
    pushed: int = 0
    applied: int = 0
    duplicates: int = 0
    rejected: list[dict] = field(default_factory=list)
    settled: int = 0
    pulled: int = 0
    full: bool = False
    balance: dict = field(default_factory=dict)
    debt: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class SyncStore:
    """The sync tables of one library for one marketplace URL (and the account signed in there)."""

    def __init__(self, library: Any, url: str):
        self.library = library
        self.db = library.db
        self.url = url.rstrip("/")

    # -- key/value state ----------------------------------------------------------------------------
    def get(self, key: str, default: Any = None) -> Any:
        rows = list(self.db.query("select value from sync_state where key = ?", [key]))
        return json.loads(rows[0]["value"]) if rows else default

    def put(self, key: str, value: Any) -> None:
        self.db.execute("insert or replace into sync_state (key, value, updated) values (?, ?, ?)",
                        [key, json.dumps(value), _now()])
        self.db.conn.commit()

    @property
    def user_id(self) -> int | None:
        return self.get(f"uid:{self.url}")

    @property
    def account(self) -> str:
        return f"{self.url}#{self.user_id or '?'}"

    def bind(self, user_id: int) -> bool:
        """Remember who is signed in; ``True`` when that changed (the cache is then reset)."""
        if self.user_id == user_id:
            return False
        anonymous = f"{self.url}#?"
        self.put(f"uid:{self.url}", user_id)
        # Changes queued before this device ever synced belong to the account signed in now.
        self.db.execute("update sync_outbox set account = ?, client_id = ? where account = ?",
                        [self.account, self.client_id(), anonymous])
        self.db.conn.commit()
        return True

    def client_id(self) -> str:
        key = f"client:{self.account}"
        value = self.get(key)
        if not value:
            value = secrets.token_hex(16)
            self.put(key, value)
        return value

    # -- cache ----------------------------------------------------------------------------------------
    def cached(self, kind: str, key: str) -> Any:
        rows = list(self.db.query("select data from sync_cache where account = ? and kind = ? and key = ?",
                                  [self.account, kind, key]))
        return json.loads(rows[0]["data"]) if rows else None

    def cache_all(self, kind: str) -> dict[str, Any]:
        return {r["key"]: json.loads(r["data"]) for r in self.db.query(
            "select key, data from sync_cache where account = ? and kind = ?", [self.account, kind])}

    def _cache(self, kind: str, key: str, data: Any) -> None:
        self.db.execute("insert or replace into sync_cache (account, kind, key, data, updated) values (?, ?, ?, ?, ?)",
                        [self.account, kind, key, json.dumps(data), _now()])

    def _uncache(self, kind: str, key: str) -> None:
        self.db.execute("delete from sync_cache where account = ? and kind = ? and key = ?", [self.account, kind, key])

    # -- outbox -------------------------------------------------------------------------------------
    def enqueue(self, kind: str, payload: dict, status: str = "pending") -> int:
        cur = self.db.execute(
            "insert into sync_outbox (account, client_id, kind, payload, status, result, created, updated) "
            "values (?, ?, ?, ?, ?, '', ?, ?)",
            [self.account, self.client_id(), kind, json.dumps(payload), status, _now(), _now()])
        self.db.conn.commit()
        return cur.lastrowid

    def set_status(self, row_id: int, status: str, payload: dict | None = None, result: dict | None = None) -> None:
        sets, args = ["status = ?", "updated = ?"], [status, _now()]
        if payload is not None:
            sets.append("payload = ?")
            args.append(json.dumps(payload))
        if result is not None:
            sets.append("result = ?")
            args.append(json.dumps(result))
        self.db.execute(f"update sync_outbox set {', '.join(sets)} where id = ?", [*args, row_id])
        self.db.conn.commit()

    def rows(self, *statuses: str) -> list[dict]:
        marks = ", ".join("?" for _ in statuses)
        return [{**r, "payload": json.loads(r["payload"])} for r in self.db.query(
            f"select * from sync_outbox where account = ? and status in ({marks}) order by id",
            [self.account, *statuses])]

    def spend_rows(self, key: str) -> list[dict]:
        """The outbox ``spend`` rows of job ``key``, newest first."""
        return [{**r, "payload": json.loads(r["payload"])} for r in self.db.query(
            "select * from sync_outbox where account = ? and kind = 'spend' and json_extract(payload, '$.key') = ? "
            "order by id desc", [self.account, key])]

    def void_stale(self, minutes: float = HOLD_MINUTES) -> int:
        """Offline holds left by a crash (never captured) are voided after the hold expiry."""
        cutoff = (datetime.now(UTC) - timedelta(minutes=minutes)).isoformat(timespec="microseconds")
        cur = self.db.execute("update sync_outbox set status = 'void', updated = ? where account = ? and "
                              "status = 'held' and created < ?", [_now(), self.account, cutoff])
        self.db.conn.commit()
        return cur.rowcount

    # -- balance and debts ----------------------------------------------------------------------------
    def server_balance(self) -> dict:
        return self.get(f"balance:{self.account}") or {"posted": 0, "held": 0, "available": 0}

    def unsynced_spend(self) -> int:
        return sum(int(r["payload"].get("amount", 0)) for r in self.rows("held", "pending")
                   if r["kind"] == "spend" and not r["payload"].get("online"))

    def debts(self) -> list[dict]:
        return list(self.db.query("select * from sync_debts where account = ? and settled is null order by created",
                                  [self.account]))

    def debt(self) -> int:
        return sum(d["amount"] for d in self.debts())

    def available(self) -> int:
        """What offline generation may spend: the last synced available balance minus unsynced spends and debt."""
        return int(self.server_balance().get("available", 0)) - self.unsynced_spend() - self.debt()

    def add_debt(self, key: str, amount: int, content_type: str = "") -> None:
        self.db.execute("insert or ignore into sync_debts (key, account, amount, content_type, created) "
                        "values (?, ?, ?, ?, ?)", [key, self.account, amount, content_type, _now()])
        self.db.conn.commit()


# -- the two directions ---------------------------------------------------------------------------
def push(client: MarketClient, store: SyncStore, report: SyncReport | None = None) -> SyncReport:
    """Send pending mutations in id order, ``BATCH`` at a time (a publish alone, with its archive); mark each
    with the server's outcome."""
    report = report or SyncReport()
    while True:
        pending = store.rows("pending")[:BATCH]
        if not pending:
            return report
        if pending[0]["kind"] == "publish":
            batch, balance = pending[:1], None
            outcomes = [_push_publish(client, store, pending[0])]
        else:
            batch = list(itertools.takewhile(lambda r: r["kind"] != "publish", pending))
            body = {"client_id": store.client_id(),
                    "mutations": [{"id": r["id"], "kind": r["kind"], "payload": r["payload"]} for r in batch]}
            answer = client.request("POST", "/v1/sync", auth=True, json=body).json()
            outcomes, balance = answer["results"], answer["balance"]
        by_id = {r["id"]: r for r in batch}
        for outcome in outcomes:
            row = by_id[outcome["id"]]
            result = outcome["result"] or {}
            report.pushed += 1
            if outcome["status"] == "duplicate":
                report.duplicates += 1
            if "rejected" in (outcome["status"], outcome.get("original")):
                report.rejected.append({"id": row["id"], **result})
                _rejected(store, row, result)
                store.set_status(row["id"], "rejected", result=result)
            else:
                report.applied += 1
                _applied(store, row)
                store.set_status(row["id"], "applied", result=result)
            if row["kind"] == "publish":
                Path(row["payload"]["archive"]).unlink(missing_ok=True)
        if balance is not None:
            store.put(f"balance:{store.account}", balance)
            report.balance = balance


def _push_publish(client: MarketClient, store: SyncStore, row: dict) -> dict:
    archive = Path(row["payload"]["archive"])
    if not archive.is_file():
        return {"id": row["id"], "status": "rejected", "result": {"reason": "archive missing", "message":
                                                                  f"the queued archive {archive} is gone"}}
    with open(archive, "rb") as handle:
        return client.request("POST", "/v1/sync/publish", auth=True, timeout=600,
                              data={"client_id": store.client_id(), "mutation_id": str(row["id"])},
                              files={"archive": (archive.name, handle, "application/zip")}).json()


def _rejected(store: SyncStore, row: dict, result: dict) -> None:
    payload = row["payload"]
    if row["kind"] == "spend" and result.get("reason") == "insufficient" and not payload.get("settles"):
        store.add_debt(str(payload["key"]), int(payload["amount"]), payload.get("content_type", ""))


def _applied(store: SyncStore, row: dict) -> None:
    settles = row["payload"].get("settles")
    if row["kind"] == "spend" and settles:
        store.db.execute("update sync_debts set settled = ? where key = ?", [_now(), settles])
        store.db.conn.commit()


def pull(client: MarketClient, store: SyncStore, report: SyncReport | None = None) -> SyncReport:
    """Apply changes since the stored cursor; a 410 (cursor too old) clears the cache and resyncs fully."""
    report = report or SyncReport()
    cursor_key = f"cursor:{store.account}"
    cursor = store.get(cursor_key)
    while True:
        try:
            page = client.request("GET", "/v1/sync", auth=True, params={"cursor": cursor} if cursor else {}).json()
        except MarketError as exc:
            if exc.status != 410:
                raise
            cursor = None
            continue
        if page["full"]:
            report.full = True
            store.db.execute("delete from sync_cache where account = ?", [store.account])
        for txn in page["transactions"]:
            store._cache("txn", txn["id"], txn)
        for change in page["changes"]:
            if change["deleted"]:
                store._uncache(change["kind"], change["key"])
            else:
                store._cache(change["kind"], change["key"], change["data"])
        store._cache("prices", "all", page["prices"])
        store.db.conn.commit()
        store.put(f"balance:{store.account}", page["balance"])
        report.balance = page["balance"]
        report.pulled += len(page["transactions"]) + len(page["changes"])
        cursor = page["cursor"]
        store.put(cursor_key, cursor)
        if not page["more"]:
            return report


def settle_debts(store: SyncStore) -> int:
    """Queue a settling spend for each debt the synced balance now covers. Returns how many were queued."""
    queued, available = 0, int(store.server_balance().get("available", 0)) - store.unsynced_spend()
    waiting = {r["payload"].get("settles") for r in store.rows("pending")}
    for debt in store.debts():
        if debt["key"] in waiting or debt["amount"] > available:
            continue
        store.enqueue("spend", {"key": f"debt-{debt['key']}", "amount": debt["amount"],
                                "content_type": debt["content_type"] or "", "settles": debt["key"]})
        available -= debt["amount"]
        queued += 1
    return queued


def sync(client: MarketClient, library: Any) -> SyncReport:
    """Both directions: push the outbox, pull changes, settle debts the balance now covers (push again)."""
    store = SyncStore(library, client.url)
    me = client.whoami()
    store.bind(int(me["id"]))
    store.void_stale()
    report = push(client, store)
    pull(client, store, report)
    if settle_debts(store):
        before = report.applied
        push(client, store, report)
        report.settled = report.applied - before
        pull(client, store, report)
    report.debt = store.debt()
    return report


def enqueue_practice(library: Any, url: str, slug: str, item_id: str, seconds: float, completed: bool) -> int:
    """Queue a practice report of a marketplace item (sent by the next sync)."""
    store = SyncStore(library, url)
    return store.enqueue("practice", {"pack": slug, "item_id": item_id, "seconds": seconds, "completed": completed})


def enqueue_publish(library: Any, url: str, archive: Path) -> int:
    """Queue a pack archive to publish on the next sync (a private copy is queued, not the original)."""
    from engine import paths

    archive = Path(archive)
    if not archive.is_file():
        from engine.market.errors import MarketError

        raise MarketError(f"no such archive: {archive}")
    folder = paths.home() / "outbox"
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / f"{secrets.token_hex(8)}-{archive.name}"
    shutil.copyfile(archive, copy)
    return SyncStore(library, url).enqueue("publish", {"archive": str(copy), "name": archive.name})


def publish_or_queue(client: MarketClient, library: Any, archive: Path) -> dict:
    """Publish ``archive`` now, or, when the marketplace cannot be reached, queue it in the outbox for the next
    sync: ``{"queued": False, "pack": ...}`` or ``{"queued": True, "mutation": id}``. Only a connection that
    was never made falls back; a timeout may mean the server got the upload, so that error is raised (queuing
    it could publish a second version)."""
    import httpx

    from engine.market.errors import MarketUnavailable

    try:
        return {"queued": False, "pack": client.publish(archive)}
    except MarketUnavailable as exc:
        if not isinstance(exc.__context__, httpx.ConnectError | httpx.ConnectTimeout):
            raise
    return {"queued": True, "mutation": enqueue_publish(library, client.url, archive)}
