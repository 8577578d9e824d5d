"""The generate loop every LLM provider shares: prompt, structured answer, convert, check, repair.

A subclass implements :meth:`LLMProvider._ask` (one API call, with retries) and
:meth:`LLMProvider._repair_turns` (how its API continues a conversation after a bad answer).
An invalid answer is re-asked at most ``repairs`` times, naming every problem; then the
generation fails with a :class:`GenerationFailed` (a ``WaqupError``: the caller releases credits).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engine.content.params import BaseParams
from engine.content.validate import validate
from engine.errors import WaqupError
from engine.generation.base import GenerationResult
from engine.generation.providers import convert, prompts
from engine.generation.providers.faults import CallStats, ProviderError, RetryPolicy, call_with_retries
from engine.generation.providers.lazy import LazyClient
from engine.generation.providers.usage import estimate_cost, log_call
from engine.keys import scrub


class GenerationFailed(WaqupError):
    """The model's answers stayed unusable after the allowed repairs."""


@dataclass
class Answer:
    """One structured answer: its raw text, parsed data when the API gave it, and token counts."""

    text: str = ""
    data: dict[str, Any] | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    refusal: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # provider bits needed to continue the chat


class StringStream:
    """Feed raw JSON text; calls ``emit`` with each completed string *value* (keys skipped).

    Used with ``on_text`` so a streaming UI shows the title and lines as they arrive rather
    than JSON punctuation.
    """

    def __init__(self, emit: Callable[[str], None]):
        self.emit = emit
        self._in_string = self._escape = False
        self._buffer: list[str] = []
        self._pending: str | None = None  # a closed string not yet known to be a key or a value

    def feed(self, chunk: str) -> None:
        for char in chunk:
            if self._in_string:
                if self._escape:
                    self._escape = False
                    self._buffer.append({"n": "\n", "t": " "}.get(char, char))
                elif char == "\\":
                    self._escape = True
                elif char == '"':
                    self._in_string = False
                    self._pending = "".join(self._buffer)
                    self._buffer = []
                else:
                    self._buffer.append(char)
                continue
            if char.isspace():
                continue
            if self._pending is not None:
                if char != ":" and self._pending.strip():
                    self.emit(self._pending + "\n")
                self._pending = None
            if char == '"':
                self._in_string = True

    def close(self) -> None:
        if self._pending and self._pending.strip():
            self.emit(self._pending + "\n")
        self._pending = None


class LLMProvider(LazyClient):
    """Shared behaviour of the OpenAI, Anthropic and OpenAI-compatible text providers."""

    name = "llm"
    label = "LLM"
    key_provider: str | None = None
    default_model = ""

    def __init__(
        self,
        *,
        model: str | None = None,
        api_key: str | None = None,
        base_url: str | None = None,
        config: dict[str, Any] | None = None,
        retry: RetryPolicy | None = None,
        repairs: int = 2,
        max_tokens: int = 4096,
    ) -> None:
        if config is None:
            from engine.config import load

            config = load()
        self.config = config
        section = (config.get("providers") or {}).get(self.name) or {}
        text = config.get("text") or {}
        text_model = text.get("model") if text.get("provider") in (self.name, "auto", "", None) else ""
        self.model = model or section.get("model") or text_model or self.default_model
        self._api_key = api_key
        self.configured_base_url: str | None = base_url or section.get("base_url") or None
        self.retry = retry or RetryPolicy.from_config(config, self.name)
        self.repairs = max(int(repairs), 0)
        self.max_tokens = max_tokens
        self._client: Any = None

    # -- client -------------------------------------------------------------------------
    def _ask(self, system: str, turns: list[dict[str, Any]], schema: dict[str, Any], schema_name: str,
             on_text: Callable[[str], None] | None) -> Answer:  # pragma: no cover - abstract
        raise NotImplementedError

    def _repair_turns(self, answer: Answer, message: str) -> list[dict[str, Any]]:
        """Turns appended after a bad answer (default: the answer, then the problems as text)."""
        return [{"role": "assistant", "content": answer.text or json.dumps(answer.data or {})},
                {"role": "user", "content": message}]

    def _call(self, fn: Callable[[], Answer], stats: CallStats) -> Answer:
        return call_with_retries(fn, self.name, self.retry, stats)

    # -- structured calls -----------------------------------------------------------------
    def complete_json(
        self, system: str, user: str, schema: dict[str, Any], schema_name: str = "answer",
        *, on_text: Callable[[str], None] | None = None,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """One structured answer (no content validation): ``(data, usage)``; one repair for bad JSON."""
        turns: list[dict[str, Any]] = [{"role": "user", "content": user}]
        totals = _Totals()
        for attempt in range(2):
            answer = self._timed_ask(system, turns, schema, schema_name, on_text, totals)
            try:
                data = answer.data if answer.data is not None else convert.parse_json(answer.text)
                return data, totals.usage(self, attempt)
            except convert.AnswerError as exc:
                turns += self._repair_turns(answer, prompts.repair_message([str(i) for i in exc.issues]))
        raise GenerationFailed(f"{self.label} did not return valid JSON ({self.model})")

    def _timed_ask(self, system: str, turns: list[dict[str, Any]], schema: dict[str, Any], schema_name: str,
                   on_text: Callable[[str], None] | None, totals: _Totals) -> Answer:
        stats = CallStats()
        stream = StringStream(on_text) if on_text else None
        try:
            answer = self._call(lambda: self._ask(system, turns, schema, schema_name,
                                                  stream.feed if stream else None), stats)
        except ProviderError as exc:
            totals.add(stats, None, status="error", error=str(exc))
            raise
        finally:
            if stream:
                stream.close()
        totals.add(stats, answer)
        if answer.refusal:
            raise ProviderError(f"{self.label} declined: {answer.refusal}", provider=self.name)
        return answer

    def generate(
        self,
        params: BaseParams,
        *,
        profile: dict[str, Any] | None = None,
        on_text: Callable[[str], None] | None = None,
    ) -> GenerationResult:
        """A checked script for ``params``; invalid answers are repaired up to ``repairs`` times."""
        system, user = prompts.messages_for(params, profile)
        if self.name == "local":
            system += "\nJSON schema:\n" + json.dumps(prompts.SCHEMAS[params.type])
        turns: list[dict[str, Any]] = [{"role": "user", "content": user}]
        schema = prompts.SCHEMAS[params.type]
        totals = _Totals()
        started = time.perf_counter()
        problems: list[str] = []
        inputs = {"params": params.to_dict(), "system": system, "user": user, "model": self.model}
        try:
            for attempt in range(self.repairs + 1):
                answer = self._timed_ask(system, turns, schema, f"{params.type}_script", on_text, totals)
                try:
                    data = answer.data if answer.data is not None else convert.parse_json(answer.text)
                    script = convert.to_script(data, params)
                    issues = validate(script, params.type)
                except convert.AnswerError as exc:
                    issues = exc.issues
                if not issues:
                    return GenerationResult(
                        script=script, provider=self.name, model=self.model, seed=params.seed,
                        usage=totals.usage(self, attempt), elapsed=time.perf_counter() - started,
                        prompt={**inputs, "repairs": problems},
                    )
                problems = [str(issue) for issue in issues[:12]]
                turns += self._repair_turns(answer, prompts.repair_message(problems))
            raise GenerationFailed(
                f"{self.label} ({self.model}) still broke the rules after {self.repairs} "
                f"repair{'s' * (self.repairs != 1)}: {problems[0]}"
                + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
            )
        except WaqupError as exc:
            log_call(kind=params.type, provider=self.name, model=self.model, inputs=inputs,
                     usage=totals.usage(self, self.repairs), seconds=time.perf_counter() - started,
                     status="error", error=str(exc))
            raise


class _Totals:
    """Token counts, attempts and per-call records across one generation."""

    def __init__(self) -> None:
        self.input_tokens = self.output_tokens = self.attempts = 0
        self.calls: list[dict[str, Any]] = []

    def add(self, stats: CallStats, answer: Answer | None, status: str = "ok", error: str = "") -> None:
        self.attempts += stats.attempts
        record = {"attempts": stats.attempts, "seconds": round(stats.seconds, 3), "status": status}
        if answer is not None:
            self.input_tokens += answer.input_tokens
            self.output_tokens += answer.output_tokens
            record.update(input_tokens=answer.input_tokens, output_tokens=answer.output_tokens)
        if error:
            record["error"] = scrub(error)
        self.calls.append(record)

    def usage(self, provider: LLMProvider, repairs: int) -> dict[str, Any]:
        usage: dict[str, Any] = {
            "input_tokens": self.input_tokens, "output_tokens": self.output_tokens,
            "calls": len(self.calls), "retries": max(self.attempts - len(self.calls), 0),
            "repairs": repairs, "latency_s": round(sum(c["seconds"] for c in self.calls), 3),
            "per_call": self.calls,
        }
        usage["cost_usd"] = estimate_cost(provider.name, provider.model, usage, provider.config)
        return usage
