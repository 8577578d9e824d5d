"""The text provider interface shared by the offline engine and the cloud providers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from engine.content.params import BaseParams
from engine.script import Script


@dataclass
class GenerationResult:
    """What a provider produced, plus what the generation log records about it."""

    script: Script
    provider: str
    model: str
    seed: int | None = None
    usage: dict[str, Any] = field(default_factory=dict)  # tokens/characters, retries, cost_usd
    elapsed: float = 0.0
    prompt: dict[str, Any] = field(default_factory=dict)  # inputs as sent (never keys)


class TextProvider(Protocol):
    """Generates one script for ``params``. ``on_text`` receives streamed text when supported."""

    name: str

    def generate(
        self,
        params: BaseParams,
        *,
        profile: dict[str, Any] | None = None,
        on_text: Callable[[str], None] | None = None,
    ) -> GenerationResult: ...
