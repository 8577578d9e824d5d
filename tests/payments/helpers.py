"""Payment test helpers: an in-process API wired to the Stripe stand-in, webhooks, direct ledger access."""

from __future__ import annotations

from pathlib import Path

from tests.market.helpers import Api, make_pack, make_settings
from tests.payments.stripe_stub import SECRET_KEY, WEBHOOK_SECRET, StripeStub, sign


def payment_settings(tmp_path: Path, stub: StripeStub, **overrides):
    return make_settings(tmp_path, stripe_secret_key=SECRET_KEY, stripe_webhook_secret=WEBHOOK_SECRET,
                         stripe_api_base=stub.url, public_url="http://127.0.0.1:1", **overrides)


class PayApi(Api):
    """:class:`Api` plus checkout, webhook delivery and ledger helpers."""

    def __init__(self, settings, stub: StripeStub):
        super().__init__(settings)
        self.stub = stub

    @property
    def ctx(self):
        return self.app.state.ctx

    def checkout(self, account, **body) -> dict:
        r = self.client.post("/v1/payments/checkout", json=body, headers=account.headers)
        assert r.status_code == 201, r.text
        return r.json()

    def deliver(self, payload: str, *, timestamp: int | None = None, secret: str = WEBHOOK_SECRET,
                header: str | None = None):
        sig = header if header is not None else sign(payload, secret, timestamp)
        return self.client.post("/v1/payments/webhook", content=payload.encode(),
                                headers={"Stripe-Signature": sig, "Content-Type": "application/json"})

    def session_of(self, purchase_id: str) -> dict:
        from marketplace.payments.models import Purchase

        with self.ctx.db.session() as db:
            return self.stub.objects[db.get(Purchase, purchase_id).session_id]

    def buy_credits(self, account, size: int = 10) -> dict:
        """Checkout, pay, deliver ``checkout.session.completed``; returns the purchase."""
        purchase = self.checkout(account, kind="credits", size=size)
        session = self.stub.pay(self.session_of(purchase["id"])["id"])
        assert self.deliver(self.stub.event("checkout.session.completed", session)).status_code == 200
        return self.purchase(account, purchase["id"])

    def purchase(self, account, purchase_id: str) -> dict:
        return self.client.get(f"/v1/payments/purchases/{purchase_id}", headers=account.headers).json()

    def wallet(self, account) -> dict:
        return self.client.get("/v1/wallet", headers=account.headers).json()

    def audit(self) -> dict:
        from marketplace.ledger import service

        with self.ctx.db.session() as db:
            return service.audit(db)

    def books(self) -> dict[str, int]:
        from sqlalchemy import select

        from marketplace.ledger.models import LedgerAccount

        with self.ctx.db.session() as db:
            return {a.id: a.balance for a in db.scalars(select(LedgerAccount))}


__all__ = ["PayApi", "StripeStub", "make_pack", "payment_settings", "sign"]
