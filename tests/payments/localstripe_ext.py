"""localstripe (a third-party Stripe fake from the package registry), extended with what waQup's payments use
and it lacks: Checkout Sessions, disputes, the `invoice.paid` and `charge.refunded` events and a
refund's `reason`. Unknown parameters are refused with 400, as Stripe does.

Test-only routes play the customer's and the bank's part and control delivery:

* ``POST /_test/checkout/sessions/{id}/pay`` (``delayed=1``: a bank debit still clearing) pays a session with a
  test card through localstripe's own payment intents, charges and (for ``mode=subscription``) customers,
  plans, subscriptions and invoices;
* ``.../settle`` (``failed=1``) ends a delayed payment, ``.../expire`` expires an open session;
* ``POST /_test/charges/{id}/dispute`` opens a dispute;
* every route takes ``send=0`` to store its event without delivering it, and
  ``POST /_test/events/{id}/send`` delivers (or re-delivers) a stored event.

Run: ``python -m tests.payments.localstripe_ext --port N`` (webhooks: localstripe's ``/_config/webhooks/{id}``).
"""

from __future__ import annotations

import argparse
import logging

from aiohttp import web
from localstripe import resources, server
from localstripe.errors import UserError
from localstripe.resources import (
    Charge,
    Customer,
    Event,
    PaymentIntent,
    PaymentMethod,
    Plan,
    Product,
    Refund,
    StripeObject,
    Subscription,
    store,
)
from localstripe.webhooks import schedule_webhook

PUBLIC = {"base": "http://127.0.0.1"}
CARD = {"number": "4242424242424242", "exp_month": "12", "exp_year": "2034", "cvc": "123"}
SESSION_FIELDS = {"line_items", "client_reference_id", "metadata", "customer_email", "success_url", "cancel_url",
                  "mode", "payment_intent_data", "subscription_data", "expires_at"}
REFUND_REASONS = {"duplicate", "fraudulent", "requested_by_customer"}


def _unknown(given: dict, allowed: set[str], where: str) -> None:
    extra = sorted(set(given) - allowed)
    if extra:
        raise UserError(400, f"Received unknown parameter: {where}{extra[0]}")


def _int(value, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise UserError(400, f"Invalid integer: {name}") from None


def _emit(kind: str, obj: StripeObject, send: bool = True) -> Event:
    event = Event(kind, obj)
    if send:
        schedule_webhook(event)
    return event


class CheckoutSession(StripeObject):
    object = "checkout.session"
    _id_prefix = "cs_test_"

    def __init__(self, line_items=None, client_reference_id=None, metadata=None, customer_email=None,
                 success_url=None, cancel_url=None, mode=None, payment_intent_data=None, subscription_data=None,
                 expires_at=None, **kwargs):
        _unknown(kwargs, set(), "")
        if mode not in ("payment", "subscription"):
            raise UserError(400, "Invalid mode: must be payment or subscription")
        if not success_url:
            raise UserError(400, "Missing required param: success_url")
        if not isinstance(line_items, list) or not line_items:
            raise UserError(400, "Missing required param: line_items")
        lines, total, currency, recurring = [], 0, None, None
        for n, line in enumerate(line_items):
            _unknown(line, {"price_data", "quantity"}, f"line_items[{n}][")
            data = line.get("price_data") or {}
            _unknown(data, {"currency", "unit_amount", "product_data", "recurring"}, f"line_items[{n}][price_data][")
            _unknown(data.get("product_data") or {}, {"name", "description"},
                     f"line_items[{n}][price_data][product_data][")
            if data.get("recurring") is not None:
                _unknown(data["recurring"], {"interval", "interval_count"}, f"line_items[{n}][price_data][recurring][")
                recurring = data["recurring"]
            quantity, unit = _int(line.get("quantity", 1), "quantity"), _int(data.get("unit_amount"), "unit_amount")
            if unit < 0 or quantity < 1 or not data.get("currency"):
                raise UserError(400, f"Invalid line_items[{n}]")
            currency = currency or data["currency"]
            total += unit * quantity
            lines.append({"name": (data.get("product_data") or {}).get("name", ""), "unit_amount": unit,
                          "quantity": quantity})
        if (mode == "subscription") != (recurring is not None):
            raise UserError(400, "A subscription needs a recurring price and only a subscription takes one")
        for name, value, allowed in (("payment_intent_data", payment_intent_data, {"metadata"}),
                                     ("subscription_data", subscription_data, {"metadata"})):
            _unknown(value or {}, allowed, f"{name}[")
        super().__init__()
        self.mode, self.status, self.payment_status = mode, "open", "unpaid"
        self.client_reference_id, self.customer_email = client_reference_id, customer_email
        self.metadata = metadata or {}
        self.success_url, self.cancel_url = success_url, cancel_url
        self.amount_total, self.amount_subtotal, self.currency = total, total, currency
        self.expires_at = _int(expires_at, "expires_at") if expires_at is not None else self.created + 86400
        self.url = f"{PUBLIC['base']}/pay/{self.id}"
        self.payment_intent = self.subscription = self.customer = None
        self._lines, self._recurring = lines, recurring
        self._intent_meta = (payment_intent_data or {}).get("metadata") or {}
        self._subscription_meta = (subscription_data or {}).get("metadata") or {}

    def _pay(self, delayed: bool, send: bool) -> Event | None:
        if self.status != "open":
            raise UserError(400, f"This Checkout Session is {self.status}")
        card = PaymentMethod._api_create(type="card", card=dict(CARD))
        if self.mode == "payment":
            intent = PaymentIntent._api_create(amount=self.amount_total, currency=self.currency,
                                               payment_method=card.id, metadata=dict(self._intent_meta),
                                               confirm=True)
            self.payment_intent = intent.id
        else:
            customer = Customer._api_create(email=self.customer_email, payment_method=card.id,
                                            invoice_settings={"default_payment_method": card.id})
            product = Product._api_create(name=self._lines[0]["name"] or "plan", type="service")
            plan = Plan._api_create(amount=self.amount_total, currency=self.currency, product=product.id,
                                    interval=self._recurring.get("interval", "month"))
            subscription = Subscription._api_create(customer=customer.id, items=[{"plan": plan.id}],
                                                    metadata=dict(self._subscription_meta))
            self.customer, self.subscription = customer.id, subscription.id
        self.status = "complete"
        self.payment_status = "unpaid" if delayed else "paid"
        return _emit("checkout.session.completed", self, send)

    def _settle(self, failed: bool, send: bool) -> Event:
        if self.status != "complete" or self.payment_status != "unpaid":
            raise UserError(400, "No payment of this session is pending")
        if failed:
            return _emit("checkout.session.async_payment_failed", self, send)
        self.payment_status = "paid"
        return _emit("checkout.session.async_payment_succeeded", self, send)

    def _expire(self, send: bool) -> Event:
        if self.status != "open":
            raise UserError(400, f"Only an open session can be expired; this one is {self.status}")
        self.status = "expired"
        return _emit("checkout.session.expired", self, send)


class Dispute(StripeObject):
    object = "dispute"
    _id_prefix = "dp_"

    def __init__(self, charge: str, amount: int, currency: str):
        super().__init__()
        self.charge, self.amount, self.currency = charge, amount, currency
        self.status, self.reason = "needs_response", "fraudulent"


def _refund_create(**data) -> Refund:
    """localstripe's refund, with Stripe's ``reason`` and the ``charge.refunded`` event it lacks."""
    reason = data.pop("reason", None)
    if reason is not None and reason not in REFUND_REASONS:
        raise UserError(400, f"Invalid reason: must be one of {', '.join(sorted(REFUND_REASONS))}")
    refund = Refund(**data)
    refund.reason = reason
    _emit("charge.refunded", Charge._api_retrieve(refund.charge))
    return refund


def _invoice_paid(original):
    def paid(self) -> None:
        original(self)
        schedule_webhook(Event("invoice.paid", self))
    return paid


def _charge_disputed(self) -> bool:
    return bool(getattr(self, "_disputed", False))


async def _flags(request: web.Request) -> dict[str, bool]:
    """The route's switches, from the query string or a form body: ``send`` (default on), ``delayed``, ``failed``."""
    given = {**request.query, **(await request.post())}
    _unknown(given, {"send", "delayed", "failed"}, "")
    return {name: str(given.get(name, "1" if name == "send" else "0")) not in ("0", "false", "")
            for name in ("send", "delayed", "failed")}


async def _session_action(request: web.Request) -> web.Response:
    session = CheckoutSession._api_retrieve(request.match_info["id"])
    flags, action = await _flags(request), request.match_info["action"]
    send = flags["send"]
    if action == "pay":
        event = session._pay(flags["delayed"], send)
    elif action == "settle":
        event = session._settle(flags["failed"], send)
    elif action == "expire":
        event = session._expire(send)
    else:
        raise UserError(404, f"no action {action!r}")
    return server.json_response({"session": session._export(), "event": event.id})


async def _dispute(request: web.Request) -> web.Response:
    charge = Charge._api_retrieve(request.match_info["id"])
    dispute = Dispute(charge.id, charge.amount, charge.currency)
    charge._disputed = True
    event = _emit("charge.dispute.created", dispute, (await _flags(request))["send"])
    return server.json_response({"dispute": dispute._export(), "event": event.id})


async def _send(request: web.Request) -> web.Response:
    event = Event._api_retrieve(request.match_info["id"])
    schedule_webhook(event)
    return server.json_response({"sent": event.id})


def install(app: web.Application) -> None:
    """Add the missing resources and the test routes to localstripe's app (before it starts)."""
    Refund._api_create = classmethod(lambda cls, **data: _refund_create(**data))
    resources.Invoice._on_payment_success = _invoice_paid(resources.Invoice._on_payment_success)
    Charge.disputed = property(_charge_disputed)
    app.router.add_post("/v1/checkout/sessions", server.api_create(CheckoutSession, "/v1/checkout/sessions"))
    for cls, path in ((CheckoutSession, "/v1/checkout/sessions/{id}"), (Dispute, "/v1/disputes/{id}")):
        app.router.add_get(path, server.api_retrieve(cls, path))
    app.router.add_post("/_test/checkout/sessions/{id}/{action}", _session_action)
    app.router.add_post("/_test/charges/{id}/dispute", _dispute)
    app.router.add_post("/_test/events/{id}/send", _send)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    store.dump_to_disk = lambda: None  # in memory only: nothing written outside the test's own folders
    PUBLIC["base"] = f"http://127.0.0.1:{args.port}"
    install(server.app)
    logging.basicConfig(level=logging.WARNING)
    web.run_app(server.app, host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
