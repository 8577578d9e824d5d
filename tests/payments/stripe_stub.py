"""A local stand-in for the few Stripe endpoints the server uses, plus webhook signing.

The real ``stripe`` SDK talks to it (``stripe_api_base``); tests "pay" with :meth:`StripeStub.pay` and deliver
events signed with Stripe's scheme: ``Stripe-Signature: t=<unix>,v1=HMAC-SHA256(secret, f"{t}.{payload}")``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

SECRET_KEY = "sk_test_standin"
WEBHOOK_SECRET = "whsec_standin_0123456789abcdef"
ROUTES = {"checkout/sessions": "checkout.session", "payment_intents": "payment_intent", "charges": "charge",
          "invoices": "invoice", "subscriptions": "subscription", "disputes": "dispute", "transfers": "transfer"}


def nested(pairs: list[tuple[str, str]]) -> dict:
    """Stripe's form encoding (``a[b][0][c]=v``) back into dicts (list indices stay dict keys, then lists)."""
    out: dict = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key)
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(out)


def _lists(node):
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_lists(node[k]) for k in sorted(node, key=int)]
        return {k: _lists(v) for k, v in node.items()}
    return node


def sign(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


class StripeStub:
    """Objects by id, the idempotency keys seen, and the POST bodies received."""

    def __init__(self) -> None:
        self.objects: dict[str, dict] = {}
        self.idempotency: dict[str, dict] = {}
        self.posts: list[tuple[str, str | None, dict]] = []
        self.lock = threading.RLock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> StripeStub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- state changes a real customer or Stripe would cause ---------------------------------------
    def _new(self, prefix: str, kind: str, **fields: Any) -> dict:
        obj = {"id": f"{prefix}_{secrets.token_hex(8)}", "object": kind, "livemode": False,
               "created": int(time.time()), "metadata": {}, **fields}
        self.objects[obj["id"]] = obj
        return obj

    def create_session(self, body: dict) -> dict:
        amount = sum(int(li["price_data"]["unit_amount"]) * int(li.get("quantity", 1)) for li in body["line_items"])
        session = self._new("cs_test", "checkout.session", mode=body["mode"], status="open",
                            payment_status="unpaid", amount_total=amount, currency=body["line_items"][0]
                            ["price_data"]["currency"], client_reference_id=body.get("client_reference_id"),
                            metadata=body.get("metadata", {}), payment_intent=None, subscription=None,
                            customer_email=body.get("customer_email"), success_url=body.get("success_url"),
                            _intent_meta=(body.get("payment_intent_data") or {}).get("metadata", {}),
                            _sub_meta=(body.get("subscription_data") or {}).get("metadata", {}))
        session["url"] = f"{self.url}/pay/{session['id']}"
        return session

    def pay(self, session_id: str, *, delayed: bool = False) -> dict:
        """The customer pays: a payment intent and charge (or a subscription and its first invoice).
        ``delayed``: an async method, the session completes unpaid and succeeds later (:meth:`settle`)."""
        with self.lock:
            s = self.objects[session_id]
            s["status"] = "complete"
            if s["mode"] == "subscription":
                sub = self._new("sub", "subscription", status="active", metadata=dict(s["_sub_meta"]))
                s["subscription"], s["payment_status"] = sub["id"], "paid"
                self.invoice(sub["id"], s["amount_total"])
                return s
            intent = self._new("pi", "payment_intent", amount=s["amount_total"], currency=s["currency"],
                               status="processing" if delayed else "succeeded", metadata=dict(s["_intent_meta"]))
            charge = self._new("ch", "charge", amount=s["amount_total"], amount_refunded=0, refunded=False,
                               disputed=False, currency=s["currency"], payment_intent=intent["id"],
                               status="pending" if delayed else "succeeded", metadata={})
            intent["latest_charge"] = charge["id"]
            s["payment_intent"] = intent["id"]
            s["payment_status"] = "unpaid" if delayed else "paid"
            return s

    def settle(self, session_id: str) -> dict:
        with self.lock:
            s = self.objects[session_id]
            s["payment_status"] = "paid"
            intent = self.objects[s["payment_intent"]]
            intent["status"] = "succeeded"
            self.objects[intent["latest_charge"]]["status"] = "succeeded"
            return s

    def invoice(self, subscription_id: str, amount: int) -> dict:
        return self._new("in", "invoice", status="paid", subscription=subscription_id, amount_paid=amount)

    def charge_of(self, session_id: str) -> dict:
        return self.objects[self.objects[self.objects[session_id]["payment_intent"]]["latest_charge"]]

    def refund(self, charge_id: str, amount: int | None = None) -> dict:
        with self.lock:
            c = self.objects[charge_id]
            c["amount_refunded"] = min(c["amount"], c["amount_refunded"] + (amount or c["amount"]))
            c["refunded"] = c["amount_refunded"] >= c["amount"]
            return c

    def dispute(self, charge_id: str) -> dict:
        with self.lock:
            self.objects[charge_id]["disputed"] = True
            return self._new("dp", "dispute", charge=charge_id, status="needs_response")

    def event(self, kind: str, obj: dict, *, created: int | None = None) -> str:
        """A webhook payload (JSON text) for ``obj`` as it is now."""
        data = {k: v for k, v in obj.items() if not k.startswith("_")}
        return json.dumps({"id": f"evt_{secrets.token_hex(8)}", "object": "event", "type": kind,
                           "api_version": "2024-06-20", "created": created or int(time.time()),
                           "livemode": False, "data": {"object": data}, "pending_webhooks": 1, "request": None})

    # -- HTTP ---------------------------------------------------------------------------------------
    def _public(self, obj: dict) -> dict:
        return {k: v for k, v in obj.items() if not k.startswith("_")}

    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _send(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", f"req_{secrets.token_hex(6)}")
                self.end_headers()
                self.wfile.write(data)

            def _authorised(self) -> bool:
                if self.headers.get("Authorization") != f"Bearer {SECRET_KEY}":
                    self._send(401, {"error": {"type": "invalid_request_error", "message": "bad key"}})
                    return False
                return True

            def do_GET(self) -> None:
                if not self._authorised():
                    return
                path = self.path.split("?")[0]
                match = re.fullmatch(r"/v1/(checkout/sessions|payment_intents|charges|invoices|subscriptions|"
                                     r"disputes)/([\w]+)", path)
                obj = stub.objects.get(match.group(2)) if match else None
                if obj is None:
                    self._send(404, {"error": {"type": "invalid_request_error", "message": "No such object",
                                               "code": "resource_missing"}})
                    return
                self._send(200, stub._public(obj))

            def do_POST(self) -> None:
                if not self._authorised():
                    return
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                body = nested(parse_qsl(raw, keep_blank_values=True))
                key = self.headers.get("Idempotency-Key")
                path = self.path.split("?")[0]
                with stub.lock:
                    stub.posts.append((path, key, body))
                    if key and key in stub.idempotency:
                        self._send(200, stub._public(stub.idempotency[key]))
                        return
                    if path == "/v1/checkout/sessions":
                        obj = stub.create_session(body)
                    elif path == "/v1/refunds":  # a refund of a payment intent's charge (all of it by default)
                        intent = stub.objects.get(body.get("payment_intent", ""))
                        if intent is None:
                            self._send(404, {"error": {"type": "invalid_request_error", "message": "no such intent"}})
                            return
                        charge = stub.refund(intent["latest_charge"], int(body["amount"]) if "amount" in body else None)
                        obj = stub._new("re", "refund", amount=charge["amount_refunded"], charge=charge["id"],
                                        payment_intent=intent["id"], reason=body.get("reason"), status="succeeded",
                                        metadata=body.get("metadata", {}))
                    elif path == "/v1/transfers":
                        obj = stub._new("tr", "transfer", amount=int(body["amount"]), currency=body["currency"],
                                        destination=body["destination"], metadata=body.get("metadata", {}))
                    else:
                        self._send(404, {"error": {"type": "invalid_request_error", "message": "unknown"}})
                        return
                    if key:
                        stub.idempotency[key] = obj
                self._send(200, stub._public(obj))

        return Handler
