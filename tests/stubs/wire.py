"""Each provider's real wire format: response bodies, SSE frames, error bodies, default routes."""

from __future__ import annotations

import json
import math
import struct
from typing import Any

from tests.stubs import answers
from tests.stubs.server import Reply, Request, StubServer

OPENAI_CHAT = "/v1/chat/completions"
OPENAI_SPEECH = "/v1/audio/speech"
OPENAI_MODERATIONS = "/v1/moderations"
ANTHROPIC_MESSAGES = "/v1/messages"
ELEVEN_TTS = "/v1/text-to-speech/*"
ELEVEN_VOICES = "/v1/voices"


def sse(event: str | None, data: Any) -> str:
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {data if isinstance(data, str) else json.dumps(data)}\n\n"


def split(text: str, parts: int = 5) -> list[str]:
    size = max(1, math.ceil(len(text) / parts))
    return [text[i : i + size] for i in range(0, len(text), size)]


# -- OpenAI ---------------------------------------------------------------------------------
def openai_completion(
    content: str | None,
    *,
    model: str = "gpt-4o-mini",
    refusal: str | None = None,
    prompt_tokens: int = 120,
    completion_tokens: int = 80,
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 1700000000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "logprobs": None,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def openai_stream(content: str, *, model: str = "gpt-4o-mini", usage: bool = True) -> list[str]:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {
            "id": "chatcmpl-stub",
            "object": "chat.completion.chunk",
            "created": 1700000000,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
        }

    frames = [sse(None, chunk({"role": "assistant", "content": ""}))]
    frames += [sse(None, chunk({"content": piece})) for piece in split(content)]
    frames.append(sse(None, chunk({}, "stop")))
    if usage:
        frames.append(
            sse(
                None,
                {
                    "id": "chatcmpl-stub",
                    "object": "chat.completion.chunk",
                    "created": 1700000000,
                    "model": model,
                    "choices": [],
                    "usage": {"prompt_tokens": 120, "completion_tokens": 80, "total_tokens": 200},
                },
            )
        )
    frames.append("data: [DONE]\n\n")
    return frames


def openai_error(
    status: int, message: str, kind: str = "invalid_request_error", headers: dict[str, str] | None = None
) -> Reply:
    return Reply(
        status,
        {"error": {"message": message, "type": kind, "param": None, "code": None}},
        headers=headers or {},
    )


def openai_chat_handler(req: Request) -> Reply:
    """A fake model: answers the schema named in ``response_format`` (streams when asked)."""
    body = req.json
    fmt = body.get("response_format") or {}
    name = (fmt.get("json_schema") or {}).get("name", "affirmation_script")
    content = json.dumps(answers.for_schema(name, _count(body)))
    if body.get("stream"):
        include = bool((body.get("stream_options") or {}).get("include_usage"))
        return Reply(sse=openai_stream(content, usage=include))
    return Reply(json=openai_completion(content))


def _count(body: dict[str, Any]) -> int:
    import re

    text = json.dumps(body.get("messages", []))
    match = re.search(r"exactly (\d+) affirmations", text)
    return int(match.group(1)) if match else 7


MODERATION_CATEGORIES = (
    "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit", "illicit/violent",
    "self-harm", "self-harm/instructions", "self-harm/intent", "sexual", "sexual/minors", "violence",
    "violence/graphic",
)


def openai_moderation(*flagged: str, inputs: int = 1, model: str = "omni-moderation-latest") -> dict[str, Any]:
    """A moderation response (``/v1/moderations``) with ``flagged`` categories set, for each input."""
    unknown = set(flagged) - set(MODERATION_CATEGORIES)
    if unknown:
        raise ValueError(f"not moderation categories: {sorted(unknown)}")
    result = {
        "flagged": bool(flagged),
        "categories": {name: name in flagged for name in MODERATION_CATEGORIES},
        "category_scores": {name: 0.97 if name in flagged else 0.0004 for name in MODERATION_CATEGORIES},
        "category_applied_input_types": {name: ["text"] for name in MODERATION_CATEGORIES},
    }
    return {"id": "modr-stub", "model": model, "results": [result] * inputs}


def openai_moderation_handler(req: Request) -> Reply:
    """Nothing flagged (tests enqueue flagged answers): one result per input string."""
    body = req.json
    given = body.get("input")
    return Reply(json=openai_moderation(inputs=len(given) if isinstance(given, list) else 1,
                                        model=body.get("model") or "omni-moderation-latest"))


def pcm_tone(seconds: float = 0.2, rate: int = 24000) -> bytes:
    n = int(seconds * rate)
    return b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 220 * i / rate))) for i in range(n))


def openai_speech_handler(req: Request) -> Reply:
    return Reply(body=pcm_tone(), content_type="audio/pcm")


# -- Anthropic -----------------------------------------------------------------------------
def anthropic_message(
    tool_input: Any,
    name: str,
    *,
    model: str = "claude-3-5-haiku-latest",
    stop_reason: str = "tool_use",
    text: str | None = None,
) -> dict[str, Any]:
    content: list[dict[str, Any]] = []
    if text is not None:
        content.append({"type": "text", "text": text})
    if tool_input is not None:
        content.append({"type": "tool_use", "id": "toolu_stub1", "name": name, "input": tool_input})
    return {
        "id": "msg_stub",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {"input_tokens": 150, "output_tokens": 90},
    }


def anthropic_stream(json_text: str, name: str, *, model: str = "claude-3-5-haiku-latest") -> list[str]:
    start = anthropic_message(None, name, model=model, stop_reason=None)  # type: ignore[arg-type]
    start["usage"] = {"input_tokens": 150, "output_tokens": 1}
    frames = [
        sse("message_start", {"type": "message_start", "message": start}),
        sse(
            "content_block_start",
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "tool_use", "id": "toolu_stub1", "name": name, "input": {}},
            },
        ),
        sse("ping", {"type": "ping"}),
    ]
    frames += [
        sse(
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "input_json_delta", "partial_json": piece},
            },
        )
        for piece in split(json_text, 7)
    ]
    frames += [
        sse("content_block_stop", {"type": "content_block_stop", "index": 0}),
        sse(
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": "tool_use", "stop_sequence": None},
                "usage": {"output_tokens": 90},
            },
        ),
        sse("message_stop", {"type": "message_stop"}),
    ]
    return frames


def anthropic_error(
    status: int, message: str, kind: str = "invalid_request_error", headers: dict[str, str] | None = None
) -> Reply:
    return Reply(
        status, {"type": "error", "error": {"type": kind, "message": message}}, headers=headers or {}
    )


def anthropic_handler(req: Request) -> Reply:
    body = req.json
    name = (body.get("tool_choice") or {}).get("name", "affirmation_script")
    data = answers.for_schema(name, _count(body))
    if body.get("stream"):
        return Reply(sse=anthropic_stream(json.dumps(data), name))
    return Reply(json=anthropic_message(data, name))


# -- ElevenLabs ------------------------------------------------------------------------------
def eleven_tts_handler(req: Request) -> Reply:
    return Reply(body=pcm_tone(), content_type="audio/pcm")


def eleven_voices_handler(req: Request) -> Reply:
    return Reply(
        json={
            "voices": [
                {
                    "voice_id": "21m00Tcm4TlvDq8ikWAM",
                    "name": "Rachel",
                    "category": "premade",
                    "labels": {"accent": "american", "gender": "female", "description": "calm"},
                },
                {
                    "voice_id": "pNInz6obpgDQGcFmaJgB",
                    "name": "Adam",
                    "category": "premade",
                    "labels": {"gender": "male"},
                },
            ]
        }
    )


def install_defaults(server: StubServer) -> StubServer:
    server.route(OPENAI_CHAT, openai_chat_handler)
    server.route(OPENAI_SPEECH, openai_speech_handler)
    server.route(OPENAI_MODERATIONS, openai_moderation_handler)
    server.route(ANTHROPIC_MESSAGES, anthropic_handler)
    server.route(ELEVEN_TTS, eleven_tts_handler)
    server.route(ELEVEN_VOICES, eleven_voices_handler)
    return server
