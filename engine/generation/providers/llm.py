"""The generate loop every LLM provider shares: prompt, structured answer, convert, check, repair.

A subclass implements :meth:`LLMProvider._ask` (one API call, with retries) and
:meth:`LLMProvider._repair_turns` (how its API continues a conversation after a bad answer).
An invalid answer is re-asked at most ``repairs`` times, naming every problem; then the
generation fails with a :class:`GenerationFailed` (a ``WaqupError``: the caller releases credits).
With ``style = "lines"`` (small local models) the script is written a part at a time in plain
lines instead (:mod:`engine.generation.providers.lines`). Requests hold one of ``concurrency``
slots per provider and server (``providers.<name>.concurrency``; local default 1).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


class JsonEnd:
    """Feed streamed text; ``done`` turns True when the first top-level JSON object has closed."""

    def __init__(self) -> None:
        self.depth = 0
        self.started = self.done = False
        self._in_string = self._escape = False

    def feed(self, chunk: str) -> None:
        for char in chunk:
            if self.done:
                return
            if self._in_string:
                if self._escape:
                    self._escape = False
                elif char == "\\":
                    self._escape = True
                elif char == '"':
                    self._in_string = False
            elif char == '"' and self.started:
                self._in_string = True
            elif char == "{":
                self.depth += 1
                self.started = True
            elif char == "}" and self.started:
                self.depth -= 1
                self.done = self.depth == 0


_SIZE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*b\b")


def small_model(name: str) -> bool:
    """Whether a model name says it has 4B parameters or fewer (``qwen2.5:0.5b``, ``llama3.2-1B``)."""
    lowered = name.lower().replace("_", "-").replace(":", "-")
    sizes = [float(size) for size in _SIZE.findall(lowered.replace("-", " "))]
    return any(size <= 4 for size in sizes) or any(word in lowered for word in ("tinyllama", "smollm"))


_SLOTS: dict[tuple[str, str], threading.BoundedSemaphore] = {}
_SLOTS_LOCK = threading.Lock()


class LLMProvider(LazyClient):
    """Shared behaviour of the OpenAI, Anthropic and OpenAI-compatible text providers."""

    name = "llm"
    label = "LLM"
    key_provider: str | None = None
    default_model = ""
    always_stream = False  # stream even without ``on_text`` (local servers: stop early, no read timeout)
    default_concurrency = 0  # requests in flight at once per base URL; 0 = no limit
    default_max_tokens = 4096
    default_style = "json"  # "lines": plain lines a section at a time (see providers/lines.py)
    fresh_repairs = False  # re-ask with one fresh turn instead of a growing thread
    repairs_locally = False  # drop rule-breaking statements and trim to the count before re-asking

    def __init__(
        self,
        *,
        model: str | None = None,
        api_key: str | None = None,
        base_url: str | None = None,
        config: dict[str, Any] | None = None,
        retry: RetryPolicy | None = None,
        repairs: int = 2,
        max_tokens: int | None = None,
        concurrency: int | None = None,
    ) -> None:
        if config is None:
            from engine.config import load

            config = load()
        self.config = config
        section = (config.get("providers") or {}).get(self.name) or {}
        self.section: dict[str, Any] = section
        text = config.get("text") or {}
        text_model = text.get("model") if text.get("provider") in (self.name, "auto", "", None) else ""
        self.model = model or section.get("model") or text_model or self.default_model
        self._api_key = api_key
        self.configured_base_url: str | None = base_url or section.get("base_url") or None
        self.retry = retry or RetryPolicy.from_config(config, self.name)
        self.repairs = max(int(repairs), 0)
        self.max_tokens = int(max_tokens or section.get("max_tokens") or self.default_max_tokens)
        self.style = str(section.get("style") or self.default_style)
        limit = concurrency if concurrency is not None else section.get("concurrency")
        self.concurrency = int(limit if limit is not None else self.default_concurrency)
        self._client: Any = None

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one of ``concurrency`` request slots for this provider and server (shared by threads)."""
        if self.concurrency <= 0:
            yield
            return
        key = (self.name, str(self.configured_base_url or ""))
        with _SLOTS_LOCK:
            gate = _SLOTS.get(key)
            if gate is None or getattr(gate, "size", None) != self.concurrency:
                gate = _SLOTS[key] = threading.BoundedSemaphore(self.concurrency)
                gate.size = self.concurrency  # type: ignore[attr-defined]
        with gate:
            yield

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

    def _next_turns(self, turns: list[dict[str, Any]], user: str, answer: Answer,
                    problems: list[str]) -> list[dict[str, Any]]:
        """The conversation for the next try: the bad answer and its problems appended (cloud models),
        or one fresh turn naming the problems (``fresh_repairs``: small models copy a long thread)."""
        if self.fresh_repairs:
            return [{"role": "user", "content": prompts.render("repair.fresh", user=user, problems=problems)}]
        return turns + self._repair_turns(answer, prompts.repair_message(problems))

    def with_schema(self, system: str, schema: dict[str, Any]) -> str:
        """The system prompt as sent with ``schema`` (local servers also get the schema as text)."""
        if self.name == "local":
            return system + "\nJSON schema:\n" + json.dumps(schema)
        return system

    def _ask_plain(self, system: str, user: str, *, max_lines: int, max_tokens: int) -> Answer:
        """One plain-text answer (no schema), read until ``max_lines`` lines are in."""
        raise NotImplementedError(f"{self.label} has no plain-lines mode")

    def ask_text(self, system: str, user: str, max_lines: int, max_tokens: int, totals: _Totals) -> str:
        """A fresh one-turn plain-text question (retried like any call); its cost goes to ``totals``."""
        stats = CallStats()
        try:
            answer = call_with_retries(
                lambda: self._ask_plain(system, user, max_lines=max_lines, max_tokens=max_tokens),
                self.name, self.retry, stats)
        except ProviderError as exc:
            totals.add(stats, None, status="error", error=str(exc))
            raise
        totals.add(stats, answer)
        return answer.text

    # -- structured calls -----------------------------------------------------------------
    def complete_json(
        self, system: str, user: str, schema: dict[str, Any], schema_name: str = "answer",
        *, on_text: Callable[[str], None] | None = None,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """One structured answer (no content validation): ``(data, usage)``; one repair for bad JSON."""
        system = self.with_schema(system, schema)
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
        """A checked script for ``params``; invalid answers are repaired up to ``repairs`` times.

        ``style`` ``lines`` asks for plain lines a section at a time; ``auto`` (the local default)
        does so for a model whose name says it is small (4B parameters or fewer), and for any
        model once whole-script JSON failed for it (remembered per server and model).
        """
        style = self.chosen_style()
        if style == "lines":
            return self._generate_lines(params, on_text)
        try:
            return self._generate_json(params, profile, on_text)
        except GenerationFailed:
            if self.style != "auto":
                raise
            self.remember_style("lines")
            return self._generate_lines(params, on_text)

    def chosen_style(self) -> str:
        """``lines`` or ``json`` for this model (see :meth:`generate`)."""
        if self.style in ("lines", "json"):
            return self.style
        return "lines" if small_model(self.model) or self.remembered_style() == "lines" else "json"

    def remembered_style(self) -> str:
        return ""

    def remember_style(self, style: str) -> None:
        """Note that ``style`` is the one that works for this model (subclasses store it)."""

    def _generate_json(self, params: BaseParams, profile: dict[str, Any] | None,
                       on_text: Callable[[str], None] | None) -> GenerationResult:
        """The whole script as one structured JSON answer, repaired up to ``repairs`` times."""
        system, user = prompts.messages_for(params, profile)
        system = self.with_schema(system, prompts.SCHEMAS[params.type])
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
                    if self.repairs_locally:
                        from engine.generation.providers.lines import repair_statements

                        data = repair_statements(data, params)
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
                turns = self._next_turns(turns, user, answer, problems)
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

    def _generate_lines(self, params: BaseParams, on_text: Callable[[str], None] | None) -> GenerationResult:
        """Plain lines a section at a time; the engine builds, repairs and (if needed) fills the script."""
        from engine.generation.providers import lines

        totals = _Totals()
        started = time.perf_counter()
        try:
            result = lines.generate(
                lambda system, user, n, limit: self.ask_text(system, user, n, limit, totals), params,
                provider=self.name, model=self.model, max_tokens=self.max_tokens, reasks=self.repairs,
                on_text=on_text)
        except WaqupError as exc:
            log_call(kind=params.type, provider=self.name, model=self.model,
                     inputs={"params": params.to_dict(), "style": "lines", "model": self.model},
                     usage=totals.usage(self, 0), seconds=time.perf_counter() - started, status="error",
                     error=str(exc))
            raise
        result.usage = {**totals.usage(self, max(result.usage.get("asks", 0) - len(result.prompt["provenance"]), 0)),
                        **result.usage}
        result.elapsed = time.perf_counter() - started
        return result


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
            for flag in ("estimated_tokens", "stopped_early"):  # counts guessed; reading cut short
                if answer.extra.get(flag):
                    record[flag] = True
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
        if any(c.get("estimated_tokens") for c in self.calls):
            usage["tokens_estimated"] = True  # the server sent no counts: about four characters a token
        usage["cost_usd"] = estimate_cost(provider.name, provider.model, usage, provider.config)
        return usage
