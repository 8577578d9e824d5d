"""Which wallet pays for generation: the local ledger, or the marketplace account when signed in.

``wallet(library)`` returns a :class:`~engine.credits.Ledger` in local mode and a :class:`RemoteWallet` when
a marketplace session is stored for ``market.url`` (config ``credits.wallet = "local"`` forces local mode).
Both offer ``reserve``/``capture``/``release``/``sweep``/``balance`` and ``price``, so ``engine.create``
runs the same reserve -> generate -> capture (or release) steps either way.

Online, the server holds and captures. Offline (server unreachable), generation may spend up to the last
synced available balance: the hold lives in the outbox and the capture is pushed by the next sync. A spend
the server later refuses becomes a debt that blocks paid generations until a top-up settles it.
"""

from __future__ import annotations

from typing import Any

from engine.credits.ledger import InsufficientCredits, Ledger, cost_of
from engine.errors import WaqupError
from engine.market.errors import MarketError, MarketUnavailable


def mode(config: dict[str, Any] | None = None) -> str:
    """``remote`` when signed in to the marketplace (and not forced local), else ``local``."""
    from engine import config as cfg

    conf = config if config is not None else cfg.load()
    if str((conf.get("credits") or {}).get("wallet", "auto")).lower() == "local":
        return "local"
    from engine.market.tokens import TokenStore

    url = str((conf.get("market") or {}).get("url", "")).rstrip("/")
    try:
        return "remote" if url and TokenStore(url).load() is not None else "local"
    except WaqupError:
        return "local"


def wallet(library: Any = None, *, client: Any = None) -> Ledger | RemoteWallet:
    """The wallet that pays for generation right now."""
    if client is not None or mode() == "remote":
        return RemoteWallet(library, client=client)
    return Ledger(library)


def price_of(w: Ledger | RemoteWallet, content_type: str) -> int:
    """What one generation of ``content_type`` costs with this wallet."""
    return w.price(content_type) if isinstance(w, RemoteWallet) else cost_of(content_type)


class RemoteWallet:
    """The marketplace account's wallet, with an offline fallback through the sync outbox."""

    def __init__(self, library: Any = None, *, client: Any = None):
        from engine.library import Library
        from engine.market.client import MarketClient
        from engine.market.sync import SyncStore

        self._owns_library = library is None
        self.library = library or Library()
        self._owns_client = client is None
        self.client = client or MarketClient()
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

    def balance(self) -> dict:
        server = self.store.server_balance()
        return {"mode": "account", "server": server, "unsynced": self.store.unsynced_spend(),
                "debt": self.store.debt(), "available": self.store.available()}

    def sweep(self) -> int:
        return self.store.void_stale()

    def _quiet_sync(self) -> bool:
        """Sync first when there is something to send or settle (or nothing is known yet), so the server sees
        offline spends before new holds; ``False`` when the server is unreachable."""
        from engine.market.sync import sync

        fresh = self.store.user_id is not None and self.store.cached("prices", "all") is not None
        if fresh and not self.store.rows("pending") and not self.store.debt():
            return True
        try:
            sync(self.client, self.library)
            return True
        except MarketUnavailable:
            return False

    # -- the generation steps ------------------------------------------------------------------------
    def reserve(self, key: str, amount: int, *, content_type: str = "", memo: str = "", **_: Any) -> dict:
        online = self._quiet_sync()
        debt = self.store.debt()
        if debt:
            raise InsufficientCredits(
                f"your account owes {debt} credits for offline generations the server could not cover; "
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
                    raise InsufficientCredits(f"{exc} (account wallet; buy more with `waqup credits buy SIZE`)"
                                              ) from None
                raise
        available = self.store.available()
        if available < amount:
            raise InsufficientCredits(f"offline: this costs {amount} credits and {max(available, 0)} are available "
                                      "since your last sync; reconnect or top up")
        row = self.store.enqueue("spend", {"key": key, "amount": amount, "content_type": content_type}, "held")
        self._holds[key] = ("offline", amount, row, content_type)
        return {"key": key, "amount": amount, "status": "held-offline"}

    def capture(self, key: str, amount: int | None = None, *, item_id: str = "", memo: str = "") -> dict:
        where, held, row, content_type = self._holds.pop(key, ("online", amount or 0, 0, ""))
        amount = held if amount is None or (where == "online" and amount > held) else amount
        payload = {"key": key, "amount": amount, "item_id": item_id, "content_type": content_type}
        if where == "offline":
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

    def release(self, key: str, *, memo: str = "") -> None:
        where, _amount, row, _type = self._holds.pop(key, ("online", 0, 0, ""))
        if where == "offline":
            self.store.set_status(row, "void")
            return
        try:
            answer = self.client.request("POST", "/v1/wallet/void", auth=True, json={"key": key}).json()
            self.store.put(f"balance:{self.store.account}", answer)
        except MarketUnavailable:
            pass  # the server's sweeper voids the hold when it expires
