"""What every face shows when the crisis gate stops: the supportive reply plus one way back.

The sentence is defined once here, so the CLI (``waqup create``), the conversation (prompts,
``--jsonl``) and the studio chat say the same thing.
"""

from __future__ import annotations

from typing import Any

WAY_BACK = "When you are ready, `waqup create` is here."


def reply_text(result: Any) -> str:
    """The whole reply for a :class:`engine.safety.CrisisResult`: support, crisis lines, the way back."""
    body = result.text() if result is not None else "Please reach out to a crisis line or someone you trust."
    return f"{body}\n\n{WAY_BACK}"


def reply_dict(result: Any) -> dict[str, Any]:
    """JSON for faces: ``{"crisis": result.to_dict(), "way_back": WAY_BACK}``."""
    return {"crisis": result.to_dict(), "way_back": WAY_BACK}


__all__ = ["WAY_BACK", "reply_dict", "reply_text"]
