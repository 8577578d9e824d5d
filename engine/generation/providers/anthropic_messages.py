"""Anthropic Messages API; structured output through one forced tool whose ``input_schema`` is the schema.

With ``on_text`` the answer is streamed: ``message_start`` (input tokens), ``content_block_start``
(the tool use), ``content_block_delta`` with ``input_json_delta`` fragments, ``message_delta``
(stop reason, output tokens), ``message_stop``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from engine.generation.providers.llm import Answer, LLMProvider
from engine.keys import require_key


class AnthropicProvider(LLMProvider):
    """``anthropic``: the creator's own Anthropic key; ``ANTHROPIC_BASE_URL`` or config base_url honoured."""

    name = "anthropic"
    label = "Anthropic"
    key_provider = "anthropic"
    default_model = "claude-3-5-haiku-latest"

    def resolved_base_url(self) -> str | None:
        return os.environ.get("ANTHROPIC_BASE_URL") or self.configured_base_url

    def _build_client(self) -> Any:
        from anthropic import Anthropic

        return Anthropic(api_key=require_key("anthropic", self._api_key), base_url=self.resolved_base_url(),
                         max_retries=0, timeout=self.retry.timeout)

    def _ask(self, system: str, turns: list[dict[str, Any]], schema: dict[str, Any], schema_name: str,
             on_text: Callable[[str], None] | None) -> Answer:
        with self.slot():  # ``providers.anthropic.concurrency`` (0: no limit)
            return self._ask_once(system, turns, schema, schema_name, on_text)

    def _ask_once(self, system: str, turns: list[dict[str, Any]], schema: dict[str, Any], schema_name: str,
                  on_text: Callable[[str], None] | None) -> Answer:
        client = self.client()
        request: dict[str, Any] = {
            "model": self.model,
            "max_tokens": self.max_tokens,
            "system": system,
            "messages": turns,
            "tools": [{"name": schema_name, "description": "Submit the finished answer.",
                       "input_schema": schema}],
            "tool_choice": {"type": "tool", "name": schema_name},
        }
        if on_text is None:
            message = client.messages.create(**request)
            answer = Answer(input_tokens=message.usage.input_tokens or 0,
                            output_tokens=message.usage.output_tokens or 0)
            texts = []
            for block in message.content:
                if block.type == "tool_use":
                    answer.data = dict(block.input) if isinstance(block.input, dict) else None
                    answer.extra = {"tool_use_id": block.id, "tool_name": block.name}
                elif block.type == "text":
                    texts.append(block.text)
            answer.text = "".join(texts)
            if message.stop_reason == "refusal":
                answer.refusal = answer.text or "the request was refused"
            return answer
        return self._stream(client, request, on_text)

    def _stream(self, client: Any, request: dict[str, Any], on_text: Callable[[str], None]) -> Answer:
        answer = Answer()
        json_parts: list[str] = []
        texts: list[str] = []
        stop_reason = None
        for event in client.messages.create(stream=True, **request):
            kind = event.type
            if kind == "message_start":
                answer.input_tokens = event.message.usage.input_tokens or 0
                answer.output_tokens = event.message.usage.output_tokens or 0
            elif kind == "content_block_start" and event.content_block.type == "tool_use":
                answer.extra = {"tool_use_id": event.content_block.id, "tool_name": event.content_block.name}
            elif kind == "content_block_delta":
                delta = event.delta
                if delta.type == "input_json_delta":
                    json_parts.append(delta.partial_json)
                    on_text(delta.partial_json)
                elif delta.type == "text_delta":
                    texts.append(delta.text)
            elif kind == "message_delta":
                stop_reason = event.delta.stop_reason or stop_reason
                if event.usage and event.usage.output_tokens:
                    answer.output_tokens = event.usage.output_tokens
        if answer.extra:
            answer.text = "".join(json_parts)  # parsed (and checked) by the caller
        else:
            answer.text = "".join(texts)
        if stop_reason == "refusal":
            answer.refusal = "".join(texts) or "the request was refused"
        return answer

    def _repair_turns(self, answer: Answer, message: str) -> list[dict[str, Any]]:
        """Tool use must be answered by a tool_result: the problems go back as an error result."""
        tool_id = answer.extra.get("tool_use_id")
        if not tool_id:
            return super()._repair_turns(answer, message)
        data = answer.data
        if data is None:
            import json

            try:
                data = json.loads(answer.text)
            except ValueError:
                data = {}
        if not isinstance(data, dict):
            data = {}
        return [
            {"role": "assistant", "content": [{"type": "tool_use", "id": tool_id,
                                               "name": answer.extra.get("tool_name", ""), "input": data}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": tool_id, "is_error": True,
                                          "content": message}]},
        ]
