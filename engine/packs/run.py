"""``waqup pack run``: generate (and render) every item of a spec, concurrently, resumably.

Items run under per-provider concurrency and rate limits (:mod:`engine.packs.limits`); the engine
calls are synchronous, so each runs in a worker thread with its own library connection (SQLite
WAL, busy timeout). Each item goes through :func:`engine.create.create` (crisis check, credit
hold, generation, save into the pack, capture). State lives in SQLite (:mod:`engine.packs.state`),
so a re-run continues where a crash or Ctrl-C stopped. Progress is reported through ``on_event``
callbacks (called on the event-loop thread); the engine never prints.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import UsageError
from engine.library import Library
from engine.packs import state
from engine.packs.limits import Limits
from engine.packs.spec import PackSpec, SpecItem
from engine.words import count


@dataclass
class RunOptions:
    """How to run: limits per provider, budget (credits for this run), selection, audio, retries."""

    concurrency: int = 4
    rate: float | None = None  # requests per minute, per provider
    budget: int | None = None
    only: list[str] | None = None
    audio: bool = True
    attempts: int = 3
    backoff: float = 1.0  # seconds before the first retry (doubles, with jitter)


@dataclass
class RunEvent:
    """Progress for a face to show: ``kind`` is start, item_start, item_retry, item_done, item_failed,
    item_skipped (the crisis gate stopped it: nothing generated or charged), audio_start, budget_stop,
    note or finish. Messages name items by position, name and spec line, never by the person's words."""

    kind: str
    total: int = 0
    finished: int = 0
    failed: int = 0
    position: int = 0
    name: str = ""
    label: str = ""
    message: str = ""


@dataclass
class ItemReport:
    position: int
    key: str
    name: str
    label: str
    type: str
    status: str  # done, cached (finished by an earlier run), failed, skipped (not reached, or the crisis
    # gate stopped it: then ``error`` says where), audio_failed
    item_id: str = ""
    provider: str = ""
    model: str = ""
    usage: dict[str, Any] = field(default_factory=dict)
    credits: int = 0
    cost_usd: float = 0.0
    seconds: float = 0.0
    audio_path: str = ""
    audio_duration: float = 0.0
    attempts: int = 0
    error: str = ""


@dataclass
class RunReport:
    pack: dict[str, Any]
    spec_hash: str
    run_id: str
    status: str  # finished, incomplete, interrupted
    budget: int | None
    credits: int  # captured by this run
    elapsed: float
    items: list[ItemReport]
    notes: list[str] = field(default_factory=list)
    stopped: str = ""  # why scheduling stopped early (budget, credits)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for item in self.items:
            out[item.status] = out.get(item.status, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"pack": self.pack, "spec_hash": self.spec_hash, "run_id": self.run_id, "status": self.status,
                "budget": self.budget, "credits": self.credits, "elapsed": round(self.elapsed, 3),
                "counts": self.counts(), "stopped": self.stopped, "notes": self.notes,
                "items": [asdict(item) for item in self.items]}

    def write(self, path: str | Path) -> Path:
        from engine.config import write_atomic

        path = Path(path)
        write_atomic(path, (json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        return path


class BudgetGate:
    """Credits held or captured by this run never exceed ``budget``.

    ``take`` waits while in-flight items might still give credits back; when none are in flight
    and the next item does not fit, it answers ``False`` and the run stops scheduling.
    """

    def __init__(self, budget: int | None):
        self.budget = budget
        self.used = 0
        self.in_flight = 0
        self._cond = asyncio.Condition()

    async def take(self, price: int) -> bool:
        async with self._cond:
            while self.budget is not None and self.used + price > self.budget:
                if self.in_flight == 0:
                    return False
                await self._cond.wait()
            self.used += price
            self.in_flight += 1
            return True

    async def settle(self, price: int, *, spent: bool) -> None:
        async with self._cond:
            self.in_flight -= 1
            if not spent:
                self.used -= price
            self._cond.notify_all()


class WorkerLibrary(Library):
    """A library connection for worker threads: every write transaction starts ``BEGIN IMMEDIATE``.

    A deferred transaction that reads before writing (sqlite-utils inspects the table first) cannot
    upgrade to a write lock while another connection commits, and fails at once with "database is
    locked" instead of waiting for the busy timeout; taking the write lock up front waits instead.
    """

    def transaction(self, immediate: bool = True):  # type: ignore[override]
        return super().transaction(immediate=True)


def retryable(exc: BaseException) -> bool:
    """Worth another attempt: provider hiccups, invalid answers, a busy database; not user errors."""
    from engine.credits import InsufficientCredits
    from engine.safety import CrisisDetected

    if isinstance(exc, UsageError | CrisisDetected | InsufficientCredits):
        return False
    status = getattr(exc, "status", None)
    if getattr(exc, "retryable", None) is False and isinstance(status, int) and 400 <= status < 500:
        return False
    return isinstance(exc, Exception)


def run_pack(spec: PackSpec, options: RunOptions | None = None,
             on_event: Callable[[RunEvent], Any] | None = None) -> RunReport:
    """Run ``spec`` to completion (blocking); see :class:`RunOptions`."""
    return asyncio.run(run_pack_async(spec, options, on_event))


async def run_pack_async(spec: PackSpec, options: RunOptions | None = None,
                         on_event: Callable[[RunEvent], Any] | None = None) -> RunReport:
    return await _Runner(spec, options or RunOptions(), on_event).run()


class _Runner:
    def __init__(self, spec: PackSpec, options: RunOptions, on_event: Callable[[RunEvent], Any] | None):
        self.spec, self.options, self.on_event = spec, options, on_event
        self.limits = Limits(options.concurrency, options.rate)
        self.budget = BudgetGate(options.budget)
        self.providers: dict[tuple[str, str], Any] = {}
        self.pack_id = self.run_id = ""
        self.total = self.finished = self.failed = 0
        self.credits = 0
        self.stopped = ""
        self.render_slots = asyncio.Semaphore(max(1, min(options.concurrency, os.cpu_count() or 1)))
        self.executor: ThreadPoolExecutor | None = None
        self.done_before: set[str] = set()

    # -- events ----------------------------------------------------------------------------
    def emit(self, kind: str, item: SpecItem | None = None, message: str = "") -> None:
        if self.on_event is None:
            return
        self.on_event(RunEvent(kind, self.total, self.finished, self.failed, item.position if item else 0,
                               item.name if item else "", item.label if item else "", message))

    async def _thread(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)

    # -- the run ---------------------------------------------------------------------------
    async def run(self) -> RunReport:
        started = time.perf_counter()
        lock = state.RunLock(self.spec.slug).acquire()
        lib = Library()
        status = "interrupted"
        notes: list[str] = []
        selected: list[SpecItem] = []
        try:
            pack = state.ensure_pack(lib, self.spec)
            self.pack_id = pack["id"]
            selected = self.spec.select(self.options.only)
            state.sync(lib, self.pack_id, self.spec.items, full=not self.options.only)
            notes = state.reconcile(lib, self.pack_id, {i.key: i for i in self.spec.items})
            self.run_id = state.start_run(lib, self.pack_id, self.spec)
            self._refresh_done(lib, selected)
            rows = state.rows(lib, self.pack_id)
            self.done_before = {i.key for i in selected if rows[i.key]["status"] == "done"}
            for item in selected:
                if item.blocked and item.key not in self.done_before:
                    state.update(lib, self.pack_id, item.key, status="skipped", error=item.blocked)
            todo = [i for i in selected if i.key not in self.done_before and not i.blocked]
            audio_only = [i for i in selected if i.key in self.done_before and self._needs_audio(rows[i.key], i)]
            self.total = len(todo) + len(audio_only)
            workers = self.options.concurrency * max(1, len({i.provider for i in todo})) + 4
            self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="waqup-pack")
            for note in notes:
                self.emit("note", message=note)
            blocked = [i for i in selected if i.blocked and i.key not in self.done_before]
            self.emit("start", message=f"{len(todo)} to generate, {len(self.done_before)} already done"
                      + (f", {len(blocked)} skipped by the crisis check" if blocked else ""))
            for item in blocked:
                self.emit("item_skipped", item, item.blocked)
            try:
                groups: dict[str, list[SpecItem]] = {}
                for item in todo:
                    groups.setdefault(self._provider_name(item), []).append(item)
                await asyncio.gather(*(self._produce(name, items) for name, items in groups.items()),
                                     *(self._audio_only(item, rows[item.key]["item_id"]) for item in audio_only))
            finally:
                self.executor.shutdown(wait=True)  # in-flight items finish and record their state
            status = "finished"
        finally:
            report = self._report(lib, selected, status, notes, time.perf_counter() - started)
            if self.run_id:
                state.finish_run(lib, self.run_id, report.status, report.counts())
            lib.close()
            lock.release()
        self.emit("finish", message=report.status)
        return report

    def _refresh_done(self, lib: Library, items: list[SpecItem]) -> None:
        """Apply spec titles and tags to finished items (no regeneration, no charge)."""
        rows = state.rows(lib, self.pack_id)
        for item in items:
            row = rows.get(item.key)
            if not row or row["status"] != "done" or not row["item_id"]:
                continue
            try:
                self._apply_cosmetics(lib, item, row["item_id"])
            except Exception:  # noqa: BLE001 - a deleted item is simply regenerated
                state.update(lib, self.pack_id, item.key, status="pending", item_id=None)

    def _tags(self, item: SpecItem) -> list[str]:
        out = []
        for tag in [*(self.spec.pack.get("tags") or []), *item.tags]:
            if tag not in out:
                out.append(tag)
        return out

    def _apply_cosmetics(self, lib: Library, item: SpecItem, item_id: str) -> None:
        stored = lib.get(item_id)
        if item.title and stored.title != item.title:
            script = stored.parsed()
            script.meta["title"] = item.title
            lib.update_script(stored.id, script)
        wanted = self._tags(item)
        if sorted(stored.tags) != sorted(wanted):
            lib.set_tags(stored.id, add=wanted, remove=[t for t in stored.tags if t not in wanted])

    def _needs_audio(self, row: dict[str, Any], item: SpecItem) -> bool:
        if not self.options.audio:
            return False
        path = row.get("audio_path")
        return not path or not Path(path).is_file() or row.get("audio_sig") != item.audio_signature()

    def _provider(self, item: SpecItem) -> Any:
        from engine.generation import get_provider

        cache_key = (item.provider, item.model)
        if cache_key not in self.providers:
            impl = get_provider(None if item.provider == "auto" else item.provider)
            if item.model and hasattr(impl, "model"):
                impl.model = item.model
            # build the SDK client now, so the first requests are not held back and then bunched up;
            # a failure (e.g. a missing key) is reported when the item runs
            with contextlib.suppress(Exception):
                getattr(impl, "client", lambda: None)()
            self.providers[cache_key] = impl
        return self.providers[cache_key]

    def _provider_name(self, item: SpecItem) -> str:
        try:
            return str(getattr(self._provider(item), "name", item.provider))
        except Exception:  # noqa: BLE001 - reported when the item runs
            return item.provider

    # -- scheduling ------------------------------------------------------------------------
    async def _produce(self, provider: str, items: list[SpecItem]) -> None:
        from engine.credits import cost_of

        limit = self.limits.of(provider)
        tasks = []
        for item in items:
            await limit.slots.acquire()
            if self.stopped:
                limit.slots.release()
                break
            price = cost_of(item.type)
            if not await self.budget.take(price):
                limit.slots.release()
                self._stop("budget", f"budget of {count(self.options.budget, 'credit')} reached: "
                                     f"{self.budget.used} used, the next item costs {price}", item)
                break
            tasks.append(asyncio.create_task(self._item(item, limit, price)))
        await asyncio.gather(*tasks)

    def _stop(self, reason: str, message: str, item: SpecItem | None = None) -> None:
        if not self.stopped:
            self.stopped = reason
            self.emit("budget_stop", item, message)

    async def _item(self, item: SpecItem, limit: Any, price: int) -> None:
        spent = False
        item_id = ""
        try:
            for attempt in range(1, self.options.attempts + 1):
                self.emit("item_start" if attempt == 1 else "item_retry", item, f"attempt {attempt}")
                try:
                    item_id, credits = await self._thread(self._generate, item, limit.limiter)
                except Exception as exc:  # noqa: BLE001 - every failure is recorded and reported
                    from engine.credits import InsufficientCredits
                    from engine.safety import CrisisDetected

                    if isinstance(exc, CrisisDetected):  # skipped (recorded by _generate), never retried
                        self.failed += 1
                        self.emit("item_skipped", item, self._crisis_note(item))
                        return
                    if isinstance(exc, InsufficientCredits):
                        self._stop("credits", str(exc), item)
                    if attempt == self.options.attempts or not retryable(exc):
                        self.failed += 1
                        self.emit("item_failed", item, _short(exc))
                        return
                    self.emit("item_retry", item, f"{_short(exc)}; retrying")
                    delay = self.options.backoff * 2 ** (attempt - 1)
                    await asyncio.sleep(random.uniform(delay / 2, delay))
                    continue
                spent = True
                self.credits += credits
                break
        finally:
            await self.budget.settle(price, spent=spent)
            limit.slots.release()
        await self._finish(item, item_id)

    async def _audio_only(self, item: SpecItem, item_id: str) -> None:
        self.emit("audio_start", item)
        await self._finish(item, item_id)

    async def _finish(self, item: SpecItem, item_id: str) -> None:
        if self.options.audio:
            async with self.render_slots:
                try:
                    await self._thread(self._render, item, item_id)
                except Exception as exc:  # noqa: BLE001
                    self.failed += 1
                    self.emit("item_failed", item, f"audio: {_short(exc)}")
                    return
        self.finished += 1
        self.emit("item_done", item)

    # -- worker-thread bodies (each opens its own connection) ----------------------------------
    def _generate(self, item: SpecItem, limiter: Any = None) -> tuple[str, int]:
        from engine.create import create
        from engine.packs.limits import Paced

        with WorkerLibrary() as lib:
            job = state.start_attempt(lib, self.pack_id, item.key, self.run_id)
            started = time.perf_counter()
            try:
                impl = Paced(self._provider(item), limiter)  # waits its turn right before the request
                created = create(item.params(), provider=impl, library=lib, tags=self._tags(item),
                                 pack_id=self.pack_id, job_id=job)
            except BaseException as exc:
                from engine.safety import CrisisDetected

                if isinstance(exc, CrisisDetected):  # the gate tripped: say where, never the words
                    state.update(lib, self.pack_id, item.key, status="skipped", error=self._crisis_note(item))
                else:
                    state.update(lib, self.pack_id, item.key, status="failed", error=_short(exc))
                raise
            result = created.result
            state.update(lib, self.pack_id, item.key, status="done", item_id=created.item.id,
                         provider=result.provider, model=result.model, usage=result.usage,
                         credits=created.credits, seconds=round(time.perf_counter() - started, 3), error="")
            if item.title:
                self._apply_cosmetics(lib, item, created.item.id)
            return created.item.id, created.credits

    def _crisis_note(self, item: SpecItem) -> str:
        """Where the item that tripped the gate at run time comes from (file, line, item), not its words."""
        from engine.packs.positions import line_of

        line = line_of(self.spec.source.positions, ("items", item.row))
        where = f"{self.spec.source.path}:{line}" if line else str(self.spec.source.path)
        return f"{where}: item {item.position} ({item.name}), {CRISIS_SKIPPED}"

    def _render(self, item: SpecItem, item_id: str) -> None:
        from engine.rendering import render_item

        with WorkerLibrary() as lib:
            try:
                result = render_item(lib, item_id, voice=item.voice, ambience=item.ambience, fmt=item.format)
            except BaseException as exc:
                state.update(lib, self.pack_id, item.key, error=f"audio: {_short(exc)}")
                raise
            state.update(lib, self.pack_id, item.key, audio_path=str(result.path),
                         audio_sig=item.audio_signature(), error="")

    # -- report ----------------------------------------------------------------------------
    def _report(self, lib: Library, selected: list[SpecItem], status: str, notes: list[str],
                elapsed: float) -> RunReport:
        from engine.generation.providers.usage import estimate_cost

        rows = state.rows(lib, self.pack_id) if self.pack_id else {}
        items = []
        for item in selected:
            row = rows.get(item.key) or {}
            usage = json.loads(row.get("usage") or "{}")
            kind = row.get("status") or "pending"
            if kind == "done":
                kind = "cached" if item.key in self.done_before else "done"
                if self.options.audio and (row.get("error") or "").startswith("audio:"):
                    kind = "audio_failed"
            elif kind in ("pending", "running"):
                kind = "skipped"
            duration = 0.0
            if row.get("audio_path"):
                found = list(lib.db.query("select duration from audio_assets where path = ? order by id desc limit 1",
                                          [row["audio_path"]]))
                duration = found[0]["duration"] if found else 0.0
            cost = usage.get("cost_usd")
            if cost is None and row.get("provider"):
                cost = estimate_cost(row["provider"], row.get("model") or "", usage)
            items.append(ItemReport(
                item.position, item.key, item.name, item.label, item.type, kind, row.get("item_id") or "",
                row.get("provider") or item.provider, row.get("model") or item.model, usage, row.get("credits") or 0,
                float(cost or 0.0), row.get("seconds") or 0.0, row.get("audio_path") or "", duration or 0.0,
                row.get("attempts") or 0, row.get("error") or "",
            ))
        if status == "finished" and any(i.status not in ("done", "cached") for i in items):
            status = "incomplete"
        pack = {"id": self.pack_id, "slug": self.spec.slug, "title": self.spec.pack["title"]}
        return RunReport(pack, self.spec.hash, self.run_id, status, self.options.budget, self.credits, elapsed,
                         items, notes, self.stopped)


CRISIS_SKIPPED = "skipped by the crisis check: nothing generated, nothing charged"


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."
