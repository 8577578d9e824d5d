"""OpenAI Chat Completions with structured output, and any OpenAI-compatible server (``local``).

OpenAI answers through ``response_format`` ``json_schema`` (strict). The local provider finds
the shape its server accepts (``json_schema``, llama-cpp-python's ``json_object`` + ``schema``,
vLLM's ``guided_json``, Ollama's native ``format``, JSON mode, plain text) once per base URL
(:mod:`engine.generation.providers.dialects`); ``providers.local.response_format`` pins one.
With ``on_text`` (and always for ``local``) the answer is streamed (SSE chunks).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from engine.generation.providers.faults import CallStats, ProviderError, call_with_retries
from engine.generation.providers.llm import Answer, JsonEnd, LLMProvider
from engine.keys import require_key


class OpenAIProvider(LLMProvider):
    """``openai``: the creator's own OpenAI key; ``OPENAI_BASE_URL`` or config base_url honoured."""

    name = "openai"
    label = "OpenAI"
    key_provider = "openai"
    default_model = "gpt-4o-mini"
    env_base_url = "OPENAI_BASE_URL"
    stream_usage = True
    max_tokens_param = "max_completion_tokens"

    def resolved_base_url(self) -> str | None:
        return os.environ.get(self.env_base_url) or self.configured_base_url

    def _key(self) -> str:
        return require_key("openai", self._api_key)

    def _build_client(self) -> Any:
        from openai import OpenAI

        return OpenAI(api_key=self._key(), base_url=self.resolved_base_url(), max_retries=0,
                      timeout=self.retry.timeout)

    @property
    def shape(self) -> str:
        """How the schema is sent (see :mod:`engine.generation.providers.dialects`)."""
        return "json_schema"

    def _request(self, system: str, turns: list[dict[str, Any]], schema: dict[str, Any],
                 schema_name: str) -> dict[str, Any]:
        from engine.generation.providers.dialects import request_fields

        return {
            "model": self.model,
            "messages": [{"role": "system", "content": system}, *turns],
            self.max_tokens_param: self.max_tokens,
            **request_fields(self.shape, schema, schema_name),
        }

    def _ask(self, system: str, turns: list[dict[str, Any]], schema: dict[str, Any], schema_name: str,
             on_text: Callable[[str], None] | None) -> Answer:
        with self.slot():
            if self.shape == "ollama_format":
                return self._ask_ollama(system, turns, schema, on_text)
            request = self._request(system, turns, schema, schema_name)
            if on_text is None and not self.always_stream:
                return self._ask_whole(request)
            return self._ask_stream(request, on_text)

    def _ask_whole(self, request: dict[str, Any]) -> Answer:
        response = self.client().chat.completions.create(**request)
        if not response.choices:
            return Answer(text="")
        message = response.choices[0].message
        usage = response.usage
        return Answer(
            text=message.content or "", refusal=getattr(message, "refusal", None) or None,
            input_tokens=getattr(usage, "prompt_tokens", 0) or 0,
            output_tokens=getattr(usage, "completion_tokens", 0) or 0,
        )

    def _ask_stream(self, request: dict[str, Any], on_text: Callable[[str], None] | None) -> Answer:
        """Stream the answer; stop reading (and close the connection) once the JSON object is complete."""
        if self.stream_usage:
            request["stream_options"] = {"include_usage": True}
        parts: list[str] = []
        refusal: list[str] = []
        answer = Answer()
        end = JsonEnd()
        with self.client().chat.completions.create(stream=True, **request) as stream:
            for chunk in stream:
                if chunk.usage:
                    answer.input_tokens = chunk.usage.prompt_tokens or 0
                    answer.output_tokens = chunk.usage.completion_tokens or 0
                for choice in chunk.choices or []:
                    delta = choice.delta
                    if delta is None:
                        continue
                    if delta.content:
                        if end.done and delta.content.strip():  # more text after the JSON: stop here
                            answer.extra["stopped_early"] = True
                            break
                        parts.append(delta.content)
                        end.feed(delta.content)
                        if on_text:
                            on_text(delta.content)
                    if getattr(delta, "refusal", None):
                        refusal.append(delta.refusal)
                if answer.extra.get("stopped_early"):
                    break
        answer.text = "".join(parts)
        answer.refusal = "".join(refusal) or None
        if self.always_stream:
            _estimate_tokens(answer, request)
        return answer

    def _ask_ollama(self, system: str, turns: list[dict[str, Any]], schema: dict[str, Any],
                    on_text: Callable[[str], None] | None) -> Answer:  # pragma: no cover - local only
        raise NotImplementedError

    def _ask_plain(self, system: str, user: str, *, max_lines: int, max_tokens: int) -> Answer:
        """Stream a plain answer; stop reading (closing the connection) once ``max_lines`` lines are in."""
        from engine.generation.providers.lines import clean_lines

        request = {"model": self.model, self.max_tokens_param: max_tokens,
                   "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}]}
        if self.stream_usage:
            request["stream_options"] = {"include_usage": True}
        parts: list[str] = []
        answer = Answer()
        with self.slot(), self.client().chat.completions.create(stream=True, **request) as stream:
            for chunk in stream:
                if chunk.usage:
                    answer.input_tokens = chunk.usage.prompt_tokens or 0
                    answer.output_tokens = chunk.usage.completion_tokens or 0
                for choice in chunk.choices or []:
                    if choice.delta is not None and choice.delta.content:
                        parts.append(choice.delta.content)
                finished = "".join(parts).rsplit("\n", 1)[0] if "\n" in "".join(parts) else ""
                if finished and len(clean_lines(finished)) >= max_lines:  # prefaces and fences do not count
                    answer.extra["stopped_early"] = True
                    break
        answer.text = "".join(parts)
        _estimate_tokens(answer, request)
        return answer


def _estimate_tokens(answer: Answer, request: dict[str, Any]) -> None:
    """Token counts about four characters each, when the server sent none (marked as estimated)."""
    if answer.output_tokens or not answer.text:
        return
    answer.output_tokens = max(1, len(answer.text) // 4)
    answer.input_tokens = answer.input_tokens or sum(len(str(m.get("content", ""))) for m in request["messages"]) // 4
    answer.extra["estimated_tokens"] = True


class LocalProvider(OpenAIProvider):
    """``local``: an OpenAI-compatible server (Ollama, llama.cpp, vLLM, LM Studio).

    Its key, when the server wants one: ``waqup keys set local`` (or ``WAQUP_LOCAL_API_KEY``),
    else ``OPENAI_API_KEY`` from the environment, else a placeholder. The answer is always
    streamed, so a slow model never hits the read timeout while it is still writing and the
    connection closes (freeing a single-slot server) as soon as the JSON is complete. Requests
    are limited to ``providers.local.concurrency`` at a time (default 1).
    """

    name = "local"
    label = "The local model server"
    key_provider = None
    default_model = "llama3.2"
    always_stream = True
    default_concurrency = 1
    default_style = "auto"
    fresh_repairs = True
    repairs_locally = True
    max_tokens_param = "max_tokens"

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._dialect: Any = None

    def resolved_base_url(self) -> str | None:
        return self.configured_base_url

    def _key(self) -> str:
        from engine.keys import get_key

        return get_key("local", self._api_key) or os.environ.get("OPENAI_API_KEY", "").strip() or "local-no-key"

    def _base(self) -> str:
        from engine.errors import SetupError

        if not self.configured_base_url:
            raise SetupError("no local model server configured: run "
                             "`waqup config set providers.local.base_url http://127.0.0.1:11434/v1`")
        return self.configured_base_url

    def _build_client(self) -> Any:
        from openai import OpenAI

        return OpenAI(api_key=self._key(), base_url=self._base(), max_retries=0, timeout=self.retry.timeout)

    @property
    def dialect(self) -> Any:
        """The server's :class:`~engine.generation.providers.dialects.Dialect` (built on first use)."""
        if self._dialect is None:
            from engine.generation.providers.dialects import SHAPES, Dialect

            chosen = str(self.section.get("response_format") or "auto")
            key = self._key()
            self._dialect = Dialect(self._base(), api_key="" if key == "local-no-key" else key,
                                    pinned=chosen if chosen in SHAPES else "")
        return self._dialect

    @property
    def shape(self) -> str:
        return self.dialect.shape

    @property
    def stream_usage(self) -> bool:  # type: ignore[override]
        """Ask for token counts in the stream, unless this server refused ``stream_options`` once."""
        from engine.generation.providers.dialects import remembered

        return remembered(self._base()).get("stream_usage", True) is not False

    def remembered_style(self) -> str:
        from engine.generation.providers.dialects import remembered

        return str((remembered(self._base()).get("styles") or {}).get(self.model, ""))

    def remember_style(self, style: str) -> None:
        from engine.generation.providers.dialects import remember, remembered

        styles = {**(remembered(self._base()).get("styles") or {}), self.model: style}
        remember(self._base(), styles=styles)

    def _call(self, fn: Callable[[], Answer], stats: CallStats) -> Answer:
        """Retries for transient faults; on a shape refusal, the next shape this server may take."""
        first_reason = ""
        while True:
            try:
                answer = call_with_retries(fn, self.name, self.retry, stats)
            except ProviderError as exc:
                if exc.shape and "stream_options" in (exc.reason or str(exc)) and self.stream_usage:
                    from engine.generation.providers.dialects import remember

                    remember(self._base(), stream_usage=False)  # then ask again without it
                    stats.attempts = max(stats.attempts - 1, 0)
                    continue
                if not exc.shape or self.dialect.pinned:
                    raise
                first_reason = first_reason or exc.reason
                stats.attempts = max(stats.attempts - 1, 0)  # trying another shape is not a retry
                if self.dialect.refused(exc.reason or str(exc)) is None:
                    raise ProviderError(
                        f"{self.label} refused every JSON shape waQup can send: {first_reason}",
                        provider=self.name, status=exc.status, shape=True, reason=first_reason) from None
                continue
            self.dialect.accepted()
            return answer

    def _ask_ollama(self, system: str, turns: list[dict[str, Any]], schema: dict[str, Any],
                    on_text: Callable[[str], None] | None) -> Answer:
        """Ollama's native ``/api/chat`` with ``format`` = the schema (newline-delimited JSON stream)."""
        import json

        import httpx

        from engine.generation.providers.dialects import ServerError, root_url

        body = {"model": self.model, "messages": [{"role": "system", "content": system}, *turns],
                "format": schema, "stream": True, "options": {"num_predict": self.max_tokens}}
        key = self._key()
        headers = {"authorization": f"Bearer {key}"} if key != "local-no-key" else {}
        answer, parts, end = Answer(), [], JsonEnd()
        with httpx.Client(timeout=self.retry.timeout, headers=headers) as http, \
                http.stream("POST", root_url(self._base()) + "/api/chat", json=body) as response:
            if response.status_code >= 400:
                response.read()
                try:
                    payload: Any = response.json()
                except ValueError:
                    payload = response.text
                raise ServerError(response.status_code, payload, response.headers)
            for line in response.iter_lines():
                if not line.strip():
                    continue
                chunk = json.loads(line)
                if chunk.get("error"):
                    raise ServerError(500, chunk)
                piece = (chunk.get("message") or {}).get("content") or ""
                if end.done and piece.strip():  # more text after the JSON: stop here
                    answer.extra["stopped_early"] = True
                    break
                if piece:
                    parts.append(piece)
                    end.feed(piece)
                    if on_text:
                        on_text(piece)
                if chunk.get("done"):
                    answer.input_tokens = int(chunk.get("prompt_eval_count") or 0)
                    answer.output_tokens = int(chunk.get("eval_count") or 0)
                    break
        answer.text = "".join(parts)
        return answer
