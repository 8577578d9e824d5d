"""OpenAI Chat Completions with structured output, and any OpenAI-compatible server (``local``).

OpenAI answers through ``response_format`` ``json_schema`` (strict); the local provider uses
``json_schema`` too, or ``json_object`` when ``providers.local.response_format = "json_object"``
(older llama.cpp / LM Studio builds). With ``on_text`` the answer is streamed (SSE chunks).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from engine.generation.providers.llm import Answer, LLMProvider
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

    def _response_format(self, schema: dict[str, Any], schema_name: str) -> dict[str, Any]:
        return {"type": "json_schema", "json_schema": {"name": schema_name, "schema": schema, "strict": True}}

    def _ask(self, system: str, turns: list[dict[str, Any]], schema: dict[str, Any], schema_name: str,
             on_text: Callable[[str], None] | None) -> Answer:
        client = self.client()
        request: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": "system", "content": system}, *turns],
            "response_format": self._response_format(schema, schema_name),
            self.max_tokens_param: self.max_tokens,
        }
        if on_text is None:
            response = client.chat.completions.create(**request)
            if not response.choices:
                return Answer(text="")
            message = response.choices[0].message
            usage = response.usage
            return Answer(
                text=message.content or "", refusal=getattr(message, "refusal", None) or None,
                input_tokens=getattr(usage, "prompt_tokens", 0) or 0,
                output_tokens=getattr(usage, "completion_tokens", 0) or 0,
            )
        if self.stream_usage:
            request["stream_options"] = {"include_usage": True}
        parts: list[str] = []
        refusal: list[str] = []
        answer = Answer()
        for chunk in client.chat.completions.create(stream=True, **request):
            if chunk.usage:
                answer.input_tokens = chunk.usage.prompt_tokens or 0
                answer.output_tokens = chunk.usage.completion_tokens or 0
            for choice in chunk.choices or []:
                delta = choice.delta
                if delta is None:
                    continue
                if delta.content:
                    parts.append(delta.content)
                    on_text(delta.content)
                if getattr(delta, "refusal", None):
                    refusal.append(delta.refusal)
        answer.text = "".join(parts)
        answer.refusal = "".join(refusal) or None
        return answer


class LocalProvider(OpenAIProvider):
    """``local``: an OpenAI-compatible server (Ollama, llama.cpp, vLLM, LM Studio); no key needed."""

    name = "local"
    label = "The local model server"
    key_provider = None
    default_model = "llama3.2"
    stream_usage = False
    max_tokens_param = "max_tokens"

    def resolved_base_url(self) -> str | None:
        return self.configured_base_url

    def _build_client(self) -> Any:
        from openai import OpenAI

        from engine.errors import SetupError

        if not self.configured_base_url:
            raise SetupError("no local model server configured: run "
                             "`waqup config set providers.local.base_url http://127.0.0.1:11434/v1`")
        return OpenAI(api_key="local-no-key", base_url=self.configured_base_url, max_retries=0,
                      timeout=self.retry.timeout)

    def _response_format(self, schema: dict[str, Any], schema_name: str) -> dict[str, Any]:
        section = (self.config.get("providers") or {}).get("local") or {}
        if section.get("response_format") == "json_object":
            return {"type": "json_object"}
        return super()._response_format(schema, schema_name)
