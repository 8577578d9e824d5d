"""The RBAC matrix of the payments, ledger, sync and rewards routes (same shape as tests/test_market_rbac.py,
so that test can take these rows: ``MATRIX + PAY_MATRIX`` and ``PUBLIC | PAY_PUBLIC``)."""

from __future__ import annotations

PAY_MATRIX = [
    ("GET", "/v1/wallet", None, (401, 200, 200, 200, 200)),
    ("GET", "/v1/wallet/transactions", None, (401, 200, 200, 200, 200)),
    ("POST", "/v1/wallet/reserve", {"key": "k", "amount": 0}, (401, 201, 201, 201, 201)),
    ("POST", "/v1/wallet/capture", {"key": "missing"}, (401, 404, 404, 404, 404)),
    ("POST", "/v1/wallet/void", {"key": "k"}, (401, 200, 200, 200, 200)),
    ("GET", "/v1/wallet/hold", None, (401, 422, 422, 422, 422)),  # needs ?key=
    ("POST", "/v1/wallet/refund", {"key": "none"}, (401, 404, 404, 404, 404)),
    ("POST", "/v1/admin/wallet/grant", {"user_id": "{user_id}", "amount": 1, "key": "g"}, (401, 403, 403, 403, 201)),
    ("POST", "/v1/admin/wallet/refund", {"user_id": "{user_id}", "key": "none"}, (401, 403, 403, 403, 404)),
    ("POST", "/v1/admin/ledger/audit", None, (401, 403, 403, 403, 200)),
    ("POST", "/v1/payments/checkout", {"kind": "credits", "size": 10}, (401, 400, 400, 400, 400)),
    ("GET", "/v1/payments/purchases", None, (401, 200, 200, 200, 200)),
    ("GET", "/v1/payments/purchases/{purchase_id}", None, (401, 404, 404, 404, 404)),
    ("GET", "/v1/creators/me/earnings", None, (401, 403, 200, 200, 200)),
    ("PUT", "/v1/creators/me/payout-account", {"stripe_account": "acct_test1234"}, (401, 403, 204, 204, 204)),
    ("POST", "/v1/creators/me/payouts", {"idempotency_key": "payout-key"}, (401, 403, 409, 409, 409)),
    ("GET", "/v1/sync", None, (401, 200, 200, 200, 200)),
    ("POST", "/v1/sync", {"client_id": "client-{n}-{role}", "mutations": []}, (401, 200, 200, 200, 200)),
    ("POST", "/v1/sync/prune", None, (401, 403, 403, 403, 200)),
    ("POST", "/v1/sync/publish", "upload", (401, 200, 200, 200, 200)),  # a refusal is a stored outcome
]
PAY_PUBLIC = {("GET", "/v1/prices"), ("POST", "/v1/payments/webhook")}  # the webhook: the signature is the grant
