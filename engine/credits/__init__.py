"""Local credit ledger: double-entry, immutable transactions with holds and idempotency keys.

Public API::

    from engine.credits import Ledger, Balance
    ledger = Ledger(library)                     # same SQLite file as the library
    ledger.reserve(job_id, 2, content_type="meditation")
    ledger.capture(job_id, item_id=item.id)      # or ledger.release(job_id)
"""

from engine.credits.ledger import (
    GENERATION,
    GRANTS,
    HOLD_MINUTES,
    Balance,
    InsufficientCredits,
    Ledger,
    Txn,
    cost_of,
)

__all__ = [
    "GENERATION", "GRANTS", "HOLD_MINUTES", "Balance", "InsufficientCredits", "Ledger", "Txn", "cost_of",
]
