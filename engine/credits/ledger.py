"""The credit ledger (see ``docs/credits.md``).

Every operation is one immutable transaction with balanced postings (they sum to zero):

========  ==========================================  =====================
op        postings                                    idempotency key
========  ==========================================  =====================
grant     system:grants -N, <user>:wallet +N          caller's key
reserve   <user>:wallet -N, <user>:holds +N           job id
capture   <user>:holds -H, <user>:wallet +H-A,        job id
          system:generation +A
release   <user>:holds -H, <user>:wallet +H           job id
refund    system:generation -A, <user>:wallet +A      job id
========  ==========================================  =====================

``(op, key)`` is unique: repeating an operation returns the stored transaction and changes
nothing. Writes run in ``BEGIN IMMEDIATE`` so check-then-insert is atomic across processes.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from engine.errors import UsageError, WaqupError

GRANTS = "system:grants"
GENERATION = "system:generation"
HOLD_MINUTES = 15
USER = "user"


class InsufficientCredits(WaqupError):
    """A reservation would take the available balance below zero (budget mode)."""


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(when: datetime) -> str:
    return when.isoformat(timespec="microseconds")


def cost_of(content_type: str, *, replay: bool = False, config: dict[str, Any] | None = None) -> int:
    """Credits one generation of ``content_type`` costs (config ``prices`` win). Replay is free."""
    if replay:
        return 0
    from engine import config as cfg
    from engine.content import get_type, prices

    conf = config if config is not None else cfg.load()
    return prices(conf.get("prices") or {})[get_type(content_type).name]


@dataclass(frozen=True)
class Txn:
    """One stored transaction."""

    id: str
    op: str
    key: str
    account: str
    amount: int
    content_type: str = ""
    ref: str = ""
    item_id: str = ""
    source: str = "local"
    memo: str = ""
    created: str = ""
    expires: str = ""

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Txn:
        return cls(**{k: (row.get(k) if row.get(k) is not None else "") for k in cls.__dataclass_fields__})

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class Balance:
    """A user's position. ``available`` is what a reservation may take (``None``: unlimited)."""

    account: str
    settled: int  # posted credits - posted debits (holds not counted)
    held: int  # pending holds
    spent: int  # net captured (captures - refunds)
    granted: int
    budget: int | None

    @property
    def balance(self) -> int:
        """Posted credits - posted debits - pending holds."""
        return self.settled - self.held

    @property
    def available(self) -> int | None:
        return None if self.budget is None else self.budget + self.balance

    @property
    def mode(self) -> str:
        return "unlimited" if self.budget is None else "budget"

    def to_dict(self) -> dict[str, Any]:
        return {"account": self.account, "mode": self.mode, "balance": self.balance, "held": self.held,
                "spent": self.spent, "granted": self.granted, "budget": self.budget,
                "available": self.available}


class Ledger:
    """The ledger stored in the library database. ``user`` names the account owner."""

    def __init__(self, library: Any = None, *, user: str = USER, config: dict[str, Any] | None = None,
                 source: str = "local"):
        from engine.library import Library

        self._owns = library is None
        self.library = library or Library()
        self.db = self.library.db
        self.user = user
        self.wallet = f"{user}:wallet"
        self.holds = f"{user}:holds"
        self.source = source
        self._config = config

    def close(self) -> None:
        if self._owns:
            self.library.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing ------------------------------------------------------------------
    @contextmanager
    def _immediate(self) -> Iterator[Any]:
        """An IMMEDIATE write transaction: takes the write lock before any read."""
        conn = self.db.conn
        if conn.in_transaction:
            raise WaqupError("ledger writes cannot run inside another transaction")
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _find(self, op: str, key: str) -> Txn | None:
        rows = list(self.db.query("select * from ledger_transactions where op = ? and key = ?", [op, key]))
        return Txn.from_row(rows[0]) if rows else None

    def _post(self, op: str, key: str, amount: int, postings: dict[str, int], **fields: Any) -> Txn:
        """Insert a transaction and its postings (INSERT OR IGNORE on ``(op, key)``)."""
        if sum(postings.values()) != 0:
            raise AssertionError(f"unbalanced postings {postings}")
        when = _now()
        row = {
            "id": secrets.token_hex(8), "op": op, "key": key, "account": self.wallet, "amount": amount,
            "content_type": fields.get("content_type", ""), "ref": fields.get("ref", ""),
            "item_id": fields.get("item_id", ""), "source": self.source, "memo": fields.get("memo", ""),
            "created": _stamp(fields.get("when") or when), "expires": fields.get("expires", ""),
        }
        cur = self.db.conn.execute(
            f"insert or ignore into ledger_transactions ({', '.join(row)}) values "
            f"({', '.join('?' for _ in row)})", list(row.values()),
        )
        if cur.rowcount == 0:
            existing = self._find(op, key)
            assert existing is not None
            return existing
        for account, delta in postings.items():
            self.db.conn.execute(
                "insert or ignore into ledger_accounts (id, kind, created) values (?, ?, ?)",
                [account, account.split(":", 1)[-1], row["created"]],
            )
            if delta:
                self.db.conn.execute(
                    "insert into ledger_postings (txn_id, account, amount) values (?, ?, ?)",
                    [row["id"], account, delta],
                )
        return Txn.from_row(row)

    def _account_sum(self, account: str) -> int:
        return next(self.db.query(
            "select coalesce(sum(amount), 0) as n from ledger_postings where account = ?", [account]
        ))["n"]

    def _open_hold(self, key: str) -> Txn | None:
        hold = self._find("reserve", key)
        if hold is None or self._find("capture", key) or self._find("release", key):
            return None
        return hold

    @staticmethod
    def _amount(amount: int) -> int:
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise UsageError(f"credit amounts are whole numbers >= 0 (got {amount!r})")
        return amount

    # -- settings ------------------------------------------------------------------
    def budget(self) -> int | None:
        """The spending cap: the ledger setting if set (``null`` = none), else config ``credits.budget``."""
        rows = list(self.db.query("select value from ledger_settings where key = 'budget'"))
        if rows:
            return json.loads(rows[0]["value"])
        from engine import config as cfg

        conf = self._config if self._config is not None else cfg.load()
        value = (conf.get("credits") or {}).get("budget")
        if value in (None, ""):
            return None
        try:
            return max(0, int(value))
        except (TypeError, ValueError):
            raise UsageError(f"credits.budget must be a whole number (got {value!r})") from None

    def set_budget(self, value: int | None) -> None:
        """Cap spending at ``value`` credits (``None``: unlimited, recorded but never blocked)."""
        if value is not None:
            self._amount(value)
        with self._immediate() as conn:
            conn.execute(
                "insert or replace into ledger_settings (key, value, updated) values ('budget', ?, ?)",
                [json.dumps(value), _stamp(_now())],
            )

    # -- operations ----------------------------------------------------------------
    def grant(self, amount: int, key: str, *, memo: str = "") -> Txn:
        """Add ``amount`` credits to the wallet (e.g. a purchase or a gift)."""
        amount = self._amount(amount)
        with self._immediate():
            return self._post("grant", key, amount, {GRANTS: -amount, self.wallet: amount}, memo=memo)

    def reserve(self, key: str, amount: int, *, content_type: str = "", memo: str = "",
                minutes: float = HOLD_MINUTES, now: datetime | None = None) -> Txn:
        """Hold ``amount`` credits for job ``key``. In budget mode fails if not enough is available."""
        amount = self._amount(amount)
        when = now or _now()
        with self._immediate():
            existing = self._find("reserve", key)
            if existing:
                return existing
            bal = self.balance()
            if bal.available is not None and bal.available < amount:
                raise InsufficientCredits(
                    f"not enough credits: this costs {amount}, {bal.available} available "
                    f"(budget {bal.budget}); raise it with `waqup credits budget N`"
                )
            return self._post(
                "reserve", key, amount, {self.wallet: -amount, self.holds: amount},
                content_type=content_type, memo=memo, when=when,
                expires=_stamp(when + timedelta(minutes=minutes)),
            )

    def capture(self, key: str, amount: int | None = None, *, item_id: str = "", memo: str = "") -> Txn:
        """Settle job ``key``'s hold for ``amount`` (default: the held amount)."""
        with self._immediate():
            done = self._find("capture", key)
            if done:
                return done
            hold = self._open_hold(key)
            if hold is None:
                state = "released" if self._find("release", key) else "never reserved"
                raise WaqupError(f"cannot capture job {key}: its hold was {state}")
            amount = hold.amount if amount is None else self._amount(amount)
            extra = amount - hold.amount
            bal = self.balance()
            if extra > 0 and bal.available is not None and bal.available < extra:
                raise InsufficientCredits(f"not enough credits to capture {amount} for job {key}")
            return self._post(
                "capture", key, amount,
                {self.holds: -hold.amount, self.wallet: hold.amount - amount, GENERATION: amount},
                content_type=hold.content_type, ref=hold.id, item_id=item_id, memo=memo,
            )

    def release(self, key: str, *, memo: str = "") -> Txn | None:
        """Give job ``key``'s hold back (failure, cancel, expiry). ``None`` if nothing is held."""
        with self._immediate():
            return self._release(key, memo)

    def _release(self, key: str, memo: str) -> Txn | None:
        done = self._find("release", key)
        if done:
            return done
        hold = self._open_hold(key)
        if hold is None:
            return None
        return self._post("release", key, hold.amount, {self.holds: -hold.amount, self.wallet: hold.amount},
                          content_type=hold.content_type, ref=hold.id, memo=memo)

    def refund(self, key: str, *, memo: str = "") -> Txn | None:
        """Reverse job ``key``'s capture. ``None`` if it was never captured."""
        with self._immediate():
            done = self._find("refund", key)
            if done:
                return done
            cap = self._find("capture", key)
            if cap is None:
                return None
            return self._post("refund", key, cap.amount, {GENERATION: -cap.amount, self.wallet: cap.amount},
                              content_type=cap.content_type, ref=cap.id, item_id=cap.item_id, memo=memo)

    def sweep(self, now: datetime | None = None) -> list[Txn]:
        """Release every hold whose expiry has passed (e.g. left by a crash). Returns the releases."""
        cutoff = _stamp(now or _now())
        with self._immediate():
            stale = [r["key"] for r in self.db.query(
                "select key from ledger_transactions t where op = 'reserve' and account = ? and expires < ? "
                "and not exists (select 1 from ledger_transactions c where c.key = t.key "
                "and c.op in ('capture', 'release'))", [self.wallet, cutoff],
            )]
            return [txn for key in stale if (txn := self._release(key, "expired")) is not None]

    # -- queries -------------------------------------------------------------------
    def hold_state(self, key: str) -> str:
        """``none``, ``held``, ``captured``, ``released`` or ``refunded`` for job ``key``."""
        for op, state in (("refund", "refunded"), ("capture", "captured"), ("release", "released"),
                          ("reserve", "held")):
            if self._find(op, key):
                return state
        return "none"

    def balance(self) -> Balance:
        wallet, held = self._account_sum(self.wallet), self._account_sum(self.holds)
        granted = next(self.db.query(
            "select coalesce(sum(amount), 0) as n from ledger_transactions "
            "where op = 'grant' and account = ?", [self.wallet],
        ))["n"]
        spent = next(self.db.query(
            "select coalesce(sum(case op when 'capture' then amount else -amount end), 0) as n "
            "from ledger_transactions where op in ('capture', 'refund') and account = ?", [self.wallet],
        ))["n"]
        return Balance(self.wallet, wallet + held, held, spent, granted, self.budget())

    def history(self, limit: int = 50) -> list[Txn]:
        rows = self.db.query(
            "select * from ledger_transactions where account = ? order by created desc, rowid desc limit ?",
            [self.wallet, limit],
        )
        return [Txn.from_row(r) for r in rows]

    def open_holds(self) -> list[Txn]:
        rows = self.db.query(
            "select * from ledger_transactions t where op = 'reserve' and account = ? and not exists "
            "(select 1 from ledger_transactions c where c.key = t.key and c.op in ('capture', 'release'))",
            [self.wallet],
        )
        return [Txn.from_row(r) for r in rows]

    def account_balances(self) -> dict[str, int]:
        """Every account's posted sum (they always add up to zero)."""
        return {r["account"]: r["n"] for r in self.db.query(
            "select account, sum(amount) as n from ledger_postings group by account")}


