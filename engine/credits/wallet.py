"""Which wallet pays for generation: the local ledger, or the marketplace account when you chose it.

The rule: generation offline or with your own keys is paid from the local ledger, so signing in to the
marketplace never blocks it. Account billing is a choice: ``waqup config set credits.wallet account``
(and a marketplace session for ``market.url``) makes ``wallet(library)`` return a :class:`RemoteWallet`;
otherwise it returns the local :class:`~engine.credits.Ledger`.
Both offer ``reserve``/``capture``/``release``/``refund``/``hold_state``/``sweep``/``balance`` (a
:class:`~engine.credits.ledger.Balance`-shaped position) and ``price``, so ``engine.create``, the
conversations and pack runs take the same reserve -> generate -> capture (or release) steps either way.

Online, the server holds and captures. Offline (server unreachable), generation may spend up to the last
synced available balance: the hold lives in the outbox and the capture is pushed by the next sync. A spend
the server later refuses becomes a debt that blocks paid generations until a top-up settles it.
"""

from __future__ import annotations

from typing import Any

from engine.credits.ledger import InsufficientCredits, Ledger, cost_of
from engine.errors import WaqupError
from engine.market.errors import MarketError, MarketUnavailable
from engine.words import count


def _market_url(config: dict[str, Any] | None = None) -> str:
    from engine import config as cfg

    conf = config if config is not None else cfg.load()
    return str((conf.get("market") or {}).get("url", "")).rstrip("/")


def mode(config: dict[str, Any] | None = None) -> str:
    """``remote`` when account billing was chosen (``credits.wallet = account``) and you are signed in."""
    from engine import config as cfg

    conf = config if config is not None else cfg.load()
    if str((conf.get("credits") or {}).get("wallet", "local")).lower() != "account":
        return "local"
    from engine.market.tokens import TokenStore

    url = _market_url(conf)
    try:
        return "remote" if url and TokenStore(url).load() is not None else "local"
    except WaqupError:
        return "local"


def wallet(library: Any = None, *, client: Any = None, config: dict[str, Any] | None = None) -> Ledger | RemoteWallet:
    """The wallet that pays for generation right now (``config``: the settings to decide with)."""
    if client is not None or mode(config) == "remote":
        return RemoteWallet(library, client=client, url=None if client is not None else _market_url(config))
    return Ledger(library, config=config)


def price_of(w: Ledger | RemoteWallet, content_type: str) -> int:
    """What one generation of ``content_type`` costs with this wallet."""
    return w.price(content_type) if isinstance(w, RemoteWallet) else cost_of(content_type)


class AccountBalance(dict):
    """The account wallet's position, read like the local :class:`Balance` (``balance``, ``held``, ``spent``,
    ``granted``, ``budget``, ``available``, ``mode``, ``to_dict()``). As a mapping it is the summary
    `waqup credits account` prints: ``mode``, ``server`` (what the server last said), ``unsynced``, ``debt``
    and ``available``."""

    def __init__(self, *, account: str, server: dict, unsynced: int, debt: int, offline_held: int, spent: int,
                 granted: int):
        available = int(server.get("available", 0)) - unsynced - debt
        super().__init__(mode="account", server=server, unsynced=unsynced, debt=debt, available=available)
        self.account = account
        self.held = int(server.get("held", 0)) + offline_held
        self.spent = spent
        self.granted = granted
        self.budget: int | None = None

    @property
    def balance(self) -> int:
        """Posted credits minus holds, unsynced offline spends and debt (what a reservation may take)."""
        return int(self["available"])

    @property
    def available(self) -> int:
        return int(self["available"])

    @property
    def mode(self) -> str:
        return "account"

    def to_dict(self) -> dict[str, Any]:
        return {"account": self.account, "mode": self.mode, "balance": self.balance, "held": self.held,
                "spent": self.spent, "granted": self.granted, "budget": self.budget, "available": self.available,
                "server": self["server"], "unsynced": self["unsynced"], "debt": self["debt"]}


_OFFLINE_STATES = {"held": "held", "pending": "captured", "applied": "captured", "rejected": "captured",
                   "void": "released"}


class RemoteWallet:
    """The marketplace account's wallet, with an offline fallback through the sync outbox."""

    def __init__(self, library: Any = None, *, client: Any = None, url: str | None = None):
        from engine.library import Library
        from engine.market.client import MarketClient
        from engine.market.sync import SyncStore

        self._owns_library = library is None
        self.library = library or Library()
        self._owns_client = client is None
        self.client = client or MarketClient(url or None)
        self.store = SyncStore(self.library, self.client.url)
        self._holds: dict[str, tuple[str, int, int, str]] = {}  # key -> (online|offline, amount, row, type)

    def close(self) -> None:
        if self._owns_client:
            self.client.close()
        if self._owns_library:
            self.library.close()

    def __enter__(self) -> RemoteWallet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- prices and balance ----------------------------------------------------------------------------
    def price(self, content_type: str) -> int:
        table = self.store.cached("prices", "all") or {}
        return int(table[content_type]) if content_type in table else cost_of(content_type)

    def balance(self) -> AccountBalance:
        """The position as last synced (no network; :meth:`refresh` first for a fresh one)."""
        txns = list(self.store.cache_all("txn").values())
        captures = {t["id"] for t in txns if t.get("kind") == "capture"}
        refunds = [t for t in txns if t.get("kind") == "reversal" and t.get("reverses") in captures]
        spent = -sum(int(t.get("delta", 0)) for t in txns if t["id"] in captures)
        spent -= sum(int(t.get("delta", 0)) for t in refunds)
        granted = sum(d for t in txns if t.get("kind") != "reversal" and (d := int(t.get("delta", 0))) > 0)
        offline = [r for r in self.store.rows("held", "pending") if r["kind"] == "spend"
                   and not r["payload"].get("online")]
        spent += sum(int(r["payload"].get("amount", 0)) for r in offline if r["status"] == "pending")
        return AccountBalance(account=self.store.account, server=self.store.server_balance(),
                              unsynced=self.store.unsynced_spend(), debt=self.store.debt(),
                              offline_held=sum(int(r["payload"].get("amount", 0)) for r in offline
                                               if r["status"] == "held"),
                              spent=spent, granted=granted)

    def refresh(self) -> bool:
        """Bring the cached balance up to date: a sync when something is queued or nothing is known yet, else one
        ``GET /v1/wallet`` (which also voids expired holds). ``False`` when the server cannot be asked."""
        from engine.market.errors import MarketError

        try:
            if self._needs_sync():
                return self._quiet_sync()
            self.store.put(f"balance:{self.store.account}",
                           self.client.request("GET", "/v1/wallet", auth=True).json())
            return True
        except MarketError:
            return False

    def sweep(self) -> int:
        return self.store.void_stale()

    def _needs_sync(self) -> bool:
        fresh = self.store.user_id is not None and self.store.cached("prices", "all") is not None
        return not fresh or bool(self.store.rows("pending")) or bool(self.store.debt())

    def _quiet_sync(self) -> bool:
        """Sync first when there is something to send or settle (or nothing is known yet), so the server sees
        offline spends before new holds; ``False`` when the server is unreachable."""
        from engine.market.sync import sync

        if not self._needs_sync():
            return True
        try:
            sync(self.client, self.library)
            return True
        except MarketUnavailable:
            return False

    def _where(self, key: str) -> tuple[str, int, int, str]:
        """``(online|offline, amount, outbox row, content type)`` of job ``key``'s hold, from this process or
        (after a restart) from the outbox's offline hold."""
        if key in self._holds:
            return self._holds[key]
        for row in self.store.spend_rows(key):
            if not row["payload"].get("online"):
                payload = row["payload"]
                return "offline", int(payload.get("amount", 0)), row["id"], payload.get("content_type", "")
        return "online", 0, 0, ""

    # -- the generation steps ------------------------------------------------------------------------
    def reserve(self, key: str, amount: int, *, content_type: str = "", memo: str = "", **_: Any) -> dict:
        online = self._quiet_sync()
        debt = self.store.debt()
        if debt:
            raise InsufficientCredits(
                f"your account owes {count(debt, 'credit')} for offline generations the server could not cover; "
                "top up with `waqup credits buy SIZE` (then `waqup sync`) before paid generations")
        if online:
            try:
                body = {"key": key, **({"content_type": content_type} if content_type else {"amount": amount})}
                hold = self.client.request("POST", "/v1/wallet/reserve", auth=True, json=body).json()
                self.store.put(f"balance:{self.store.account}", hold["balance"])
                self._holds[key] = ("online", int(hold["amount"]), 0, content_type)
                return hold
            except MarketUnavailable:
                pass
            except MarketError as exc:
                if exc.status == 402:
                    raise InsufficientCredits(
                        f"not enough credits in your marketplace account, which pays for generation because "
                        f"credits.wallet is 'account': this costs {amount}; buy more with `waqup credits buy 50`, "
                        "or pay locally with `waqup config set credits.wallet local`") from None
                raise
        available = self.store.available()
        if available < amount:
            raise InsufficientCredits(f"offline: this costs {count(amount, 'credit')} and {max(available, 0)} "
                                      f"{'is' if available == 1 else 'are'} available "
                                      "since your last sync; reconnect or top up")
        row = self.store.enqueue("spend", {"key": key, "amount": amount, "content_type": content_type}, "held")
        self._holds[key] = ("offline", amount, row, content_type)
        return {"key": key, "amount": amount, "status": "held-offline"}

    def capture(self, key: str, amount: int | None = None, *, item_id: str = "", memo: str = "") -> dict:
        where, held, row, content_type = self._where(key)
        self._holds.pop(key, None)
        amount = held if amount is None or (where == "online" and held and amount > held) else amount
        payload = {"key": key, "amount": amount, "item_id": item_id, "content_type": content_type}
        if where == "offline":
            if self.store.spend_rows(key)[0]["status"] == "held":
                self.store.set_status(row, "pending", payload=payload)
            return {"key": key, "amount": amount, "status": "captured-offline"}
        try:
            done = self.client.request("POST", "/v1/wallet/capture", auth=True,
                                       json={"key": key, "amount": amount or None, "item_id": item_id}).json()
            self.store.put(f"balance:{self.store.account}", done["balance"])
            return done
        except MarketUnavailable:  # the server still holds it: the next sync captures it
            self.store.enqueue("spend", {**payload, "online": True})
            return {"key": key, "amount": amount, "status": "capture-queued"}
        except MarketError as exc:
            if exc.status != 409 or not amount:
                raise
            # the hold expired (a slow generation): the content exists, so it is spent like an offline
            # generation; the next sync debits it, or records a debt if the wallet no longer covers it
            self.store.enqueue("spend", payload)
            return {"key": key, "amount": amount, "status": "capture-queued"}

    def release(self, key: str, *, memo: str = "") -> None:
        where, _amount, row, _type = self._where(key)
        self._holds.pop(key, None)
        if where == "offline":
            if self.store.spend_rows(key)[0]["status"] == "held":
                self.store.set_status(row, "void")
            return
        try:
            answer = self.client.request("POST", "/v1/wallet/void", auth=True, json={"key": key}).json()
            self.store.put(f"balance:{self.store.account}", answer)
        except MarketUnavailable:
            pass  # the server voids the hold when it expires
        except MarketError as exc:
            if exc.status != 409:  # 409: it was captured (nothing held to give back), as Ledger.release
                raise

    def refund(self, key: str, *, memo: str = "") -> dict | None:
        """Give back job ``key``'s capture (a conversation cancelled before its draft was saved). ``None`` if
        nothing was captured. An offline capture not yet synced is simply dropped from the outbox; the server
        refunds only recent captures (see ``docs/payments.md``)."""
        where, _amount, row, _type = self._where(key)
        if where == "offline":
            status = self.store.spend_rows(key)[0]["status"]
            if status == "pending":
                self.store.set_status(row, "void")
                return {"key": key, "status": "refunded-offline"}
            if status != "applied":
                return None
        queued = [r for r in self.store.spend_rows(key) if r["payload"].get("online") and r["status"] == "pending"]
        for r in queued:  # a capture still waiting in the outbox: drop it and let the hold be voided
            self.store.set_status(r["id"], "void")
        if queued:
            self.release(key)
            return {"key": key, "status": "refunded-offline"}
        try:
            done = self.client.request("POST", "/v1/wallet/refund", auth=True, json={"key": key}).json()
        except MarketError as exc:
            if exc.status == 404:
                return None
            raise
        self.store.put(f"balance:{self.store.account}", done["balance"])
        return done

    # -- queries ---------------------------------------------------------------------------------------
    def hold(self, key: str) -> dict:
        """Job ``key``'s hold: ``state`` (``none``, ``held``, ``captured``, ``released``, ``refunded``),
        ``amount`` and the captured ``item_id``; from the outbox for offline holds, else from the server (or,
        when it is unreachable, from what the last sync said)."""
        where, amount, _row, content_type = self._where(key)
        info = {"key": key, "state": "none", "amount": amount, "content_type": content_type, "item_id": ""}
        rows = self.store.spend_rows(key)
        if where == "offline":
            row = next(r for r in rows if not r["payload"].get("online"))
            return {**info, "state": _OFFLINE_STATES.get(row["status"], "none"),
                    "item_id": row["payload"].get("item_id", "")}
        queued = next((r for r in rows if r["payload"].get("online") and r["status"] != "void"), None)
        try:
            server = self.client.request("GET", "/v1/wallet/hold", auth=True, params={"key": key}).json()
        except MarketUnavailable:
            if queued is not None:
                return {**info, "state": "captured", "amount": int(queued["payload"].get("amount", 0)),
                        "item_id": queued["payload"].get("item_id", "")}
            cached = self.store.cached("hold", key)
            if cached is not None or key in self._holds:
                return {**info, "state": "held", "amount": int((cached or {}).get("amount", amount))}
            return info
        if server["state"] in ("held", "released") and queued is not None:  # captured here, not yet synced
            return {**server, "state": "captured", "item_id": queued["payload"].get("item_id", "")}
        return server

    def hold_state(self, key: str) -> str:
        """``none``, ``held``, ``captured``, ``released`` or ``refunded`` for job ``key`` (as ``Ledger``)."""
        return self.hold(key)["state"]
