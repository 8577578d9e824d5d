"""Run state in SQLite (``pack_runs``, ``pack_items``) and the per-pack run lock.

Every item of a pack has a state row keyed by its content hash (:attr:`SpecItem.key`):
``pending`` -> ``running`` (job id recorded before any credit is held) -> ``done`` | ``failed``.
A re-run finds done items and skips them. :func:`reconcile` repairs rows left ``running`` by a
crash: a captured job is adopted as done, a held one is released (in whichever wallet paid: the local
ledger or the marketplace account), and an item saved but never paid for is removed, so nothing is
charged twice and no item is duplicated.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine import paths
from engine.errors import UsageError
from engine.library import Library
from engine.library.store import now
from engine.packs.spec import PackSpec, SpecItem

ACTIVE = ("pending", "running", "failed")


def ensure_pack(lib: Library, spec: PackSpec) -> dict[str, Any]:
    """The library pack row for ``spec`` (created on first run; metadata refreshed)."""
    meta = spec.pack
    # the stored (and exported) spec never carries words that tripped the crisis gate
    stored = json.dumps({"pack": meta, "spec": spec.shareable(), "hash": spec.hash}, ensure_ascii=False)
    rows = list(lib.db.query("select * from packs where slug = ?", [spec.slug]))
    if not rows:
        return lib.create_pack(spec.slug, meta["title"], description=meta.get("description", ""),
                               author=meta.get("author", ""), spec=stored)
    if json.loads(rows[0]["spec"] or "{}").get("imported"):
        raise UsageError(f"pack {spec.slug!r} was imported from an archive: give your spec another slug")
    with lib.transaction():
        lib.db["packs"].update(rows[0]["id"], {"title": meta["title"], "description": meta.get("description", ""),
                                               "author": meta.get("author", ""), "spec": stored})
    return lib.get_pack(rows[0]["id"])


def rows(lib: Library, pack_id: str) -> dict[str, dict[str, Any]]:
    """Item key -> state row for a pack."""
    return {r["item_key"]: r for r in lib.db.query("select * from pack_items where pack_id = ?", [pack_id])}


def sync(lib: Library, pack_id: str, items: list[SpecItem], *, full: bool) -> None:
    """Insert missing state rows, refresh positions; with ``full`` retire items no longer in the spec."""
    known = rows(lib, pack_id)
    wanted = {item.key for item in items}
    stamp = now()
    with lib.transaction():
        for item in items:
            fields = {"position": item.position, "name": item.name, "label": item.label, "type": item.type,
                      "updated": stamp}
            row = known.get(item.key)
            if row is None:
                lib.db["pack_items"].insert({"pack_id": pack_id, "item_key": item.key, "status": "pending",
                                             "attempts": 0, **fields})
                continue
            if row["status"] == "superseded":  # back in the spec: reuse the kept item
                alive = row["item_id"] and list(lib.db.query("select 1 from items where id = ?", [row["item_id"]]))
                fields["status"] = "done" if alive else "pending"
                if alive:
                    lib.db.execute("update items set pack_id = ? where id = ?", [pack_id, row["item_id"]])
            lib.db["pack_items"].update((pack_id, item.key), fields)
        if full:
            for key, row in known.items():
                if key in wanted or row["status"] == "superseded":
                    continue
                if row["item_id"]:  # keep the user's item, just take it out of the pack
                    lib.db.execute("update items set pack_id = null where id = ? and pack_id = ?",
                                   [row["item_id"], pack_id])
                lib.db["pack_items"].update((pack_id, key), {"status": "superseded", "position": None,
                                                             "updated": stamp})


def reconcile(lib: Library, pack_id: str, items: dict[str, SpecItem], *, wallet: Any = None) -> list[str]:
    """Settle rows left ``running`` by a crash (call only while holding the run lock). Returns notes.

    ``wallet`` is the one that paid (default :func:`engine.credits.wallet.wallet`: the marketplace account when
    signed in, so server holds are settled too, else the local ledger)."""
    from engine.credits.wallet import wallet as paying

    owned = wallet is None
    ledger = paying(lib) if owned else wallet
    try:
        return _reconcile(lib, pack_id, items, ledger)
    finally:
        if owned:
            ledger.close()


def _captured(lib: Library, ledger: Any, job: str) -> tuple[str, int]:
    """The item id and amount of job ``job``'s capture."""
    from engine.credits import Ledger

    if isinstance(ledger, Ledger):
        row = next(lib.db.query("select item_id, amount from ledger_transactions where op = 'capture' and key = ?",
                                [job]))
        return row["item_id"] or "", int(row["amount"])
    hold = ledger.hold(job)
    return hold.get("item_id") or "", int(hold.get("amount") or 0)


def _reconcile(lib: Library, pack_id: str, items: dict[str, SpecItem], wallet: Any) -> list[str]:
    from engine.credits import Ledger

    notes = []
    stuck = list(lib.db.query("select * from pack_items where pack_id = ? and status = 'running'", [pack_id]))
    for row in stuck:
        job, key = row["job_id"] or "", row["item_key"]
        ledger = wallet
        state = ledger.hold_state(job) if job else "none"
        if state == "none" and job and not isinstance(wallet, Ledger):  # a run paid locally before signing in
            ledger = Ledger(lib)
            state = ledger.hold_state(job)
        if state == "captured":
            item_id, amount = _captured(lib, ledger, job)
            if item_id and list(lib.db.query("select 1 from items where id = ?", [item_id])):
                update(lib, pack_id, key, status="done", item_id=item_id, credits=amount, error="")
                notes.append(f"{row['name']}: finished before the interruption (kept, not charged again)")
                continue
        if state == "held":
            ledger.release(job, memo="pack run interrupted")
            notes.append(f"{row['name']}: released the credits held by the interrupted attempt")
        removed = _remove_unpaid(lib, pack_id, row, items.get(key))
        if removed:
            notes.append(f"{row['name']}: removed {removed} unpaid item(s) saved just before the interruption")
        update(lib, pack_id, key, status="pending", error="interrupted")
    return notes


def _remove_unpaid(lib: Library, pack_id: str, row: dict[str, Any], item: SpecItem | None) -> int:
    """Delete items of this pack saved by the interrupted attempt but never captured."""
    if item is None:
        return 0
    try:
        params = json.dumps(item.params().to_dict(), sort_keys=True)
    except UsageError:
        return 0
    orphans = list(lib.db.query(
        "select id from items where pack_id = ? and params = ? and created >= ? "
        "and id not in (select item_id from pack_items where pack_id = ? and item_id is not null)",
        [pack_id, params, (row["started"] or "")[:19], pack_id],
    ))
    for orphan in orphans:
        lib.delete(orphan["id"])
    return len(orphans)


def update(lib: Library, pack_id: str, key: str, **fields: Any) -> None:
    """Write some columns of one state row (JSON-encodes ``usage``)."""
    if isinstance(fields.get("usage"), dict):
        fields["usage"] = json.dumps(fields["usage"], sort_keys=True, default=str)
    fields["updated"] = now()
    with lib.transaction():
        lib.db["pack_items"].update((pack_id, key), fields)


def start_attempt(lib: Library, pack_id: str, key: str, run_id: str) -> str:
    """Record a new attempt (status running, fresh job id) before any credit is held; returns the job id."""
    with lib.transaction(immediate=True):  # read-then-write: take the write lock first
        row = lib.db["pack_items"].get((pack_id, key))
        attempt = (row["attempts"] or 0) + 1
        job = f"pack:{pack_id}:{key}:{attempt}"
        lib.db["pack_items"].update((pack_id, key), {
            "status": "running", "job_id": job, "attempts": attempt, "run_id": run_id, "started": now(),
            "updated": now(), "error": "",
        })
    return job


def start_run(lib: Library, pack_id: str, spec: PackSpec) -> str:
    run_id = f"{pack_id}:{spec.hash[:20]}"
    stamp = now()
    with lib.transaction():
        lib.db["pack_runs"].upsert({"id": run_id, "pack_id": pack_id, "spec_hash": spec.hash,
                                    "spec_path": str(spec.source.path), "status": "running", "pid": os.getpid(),
                                    "started": stamp, "updated": stamp, "finished": None}, pk="id")
    return run_id


def finish_run(lib: Library, run_id: str, status: str, summary: dict[str, Any]) -> None:
    with lib.transaction():
        lib.db["pack_runs"].update(run_id, {"status": status, "finished": now(), "updated": now(),
                                            "summary": json.dumps(summary, sort_keys=True)})


@dataclass
class RunLock:
    """An exclusive OS lock on ``<home>/packs/<slug>.lock`` (freed by the OS if the process dies).

    Holding it proves no other process is running this pack, so holds recorded by an earlier
    attempt can be released at once instead of waiting for them to expire.
    """

    slug: str
    _handle: Any = None

    @property
    def path(self) -> Path:
        folder = paths.home() / "packs"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{self.slug}.lock"

    def acquire(self) -> RunLock:
        handle = open(self.path, "a+")  # noqa: SIM115 - held open for the run
        try:
            _lock_file(handle)
        except OSError:
            handle.seek(0)
            owner = handle.read().strip() or "another process"
            handle.close()
            raise UsageError(f"pack {self.slug!r} is already running ({owner}); wait for it or stop it") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        self._handle = handle
        return self

    def release(self) -> None:
        if self._handle is not None:
            handle, self._handle = self._handle, None
            handle.seek(0)
            handle.truncate()
            handle.close()  # closing drops the lock

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _lock_file(handle: Any) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
