"""Local model servers' own dialects of the OpenAI wire format, with their real refusals.

* ``llama_cpp_python``: ``response_format`` must be ``text`` or ``json_object`` (anything else is a
  pydantic error sent as HTTP 500); ``json_object`` + ``schema`` constrains the answer; plain
  ``json_object`` gets the JSON wrapped in chatter and a fence, as small models write it.
* ``ollama``: an Ollama build whose ``/v1`` endpoint takes only JSON mode (``format: "json"``), with
  its native ``/api/chat`` taking ``format`` = a schema (newline-delimited JSON stream).
* ``vllm``: an older vLLM that refuses ``json_schema`` (HTTP 400) and takes ``guided_json``.
* ``keyed``: any server started with an API key (401 without it).

``install(server, dialect)`` routes a :class:`~tests.stubs.server.StubServer` to speak one.
"""

from __future__ import annotations

import json
from typing import Any

from tests.stubs import answers, wire
from tests.stubs.server import Reply, Request, StubServer

OLLAMA_CHAT = "/api/chat"
MODELS = "/v1/models"
VERSION = "/api/version"
PYDANTIC_LITERAL = (
    "[{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
    "'msg': \"Input should be 'text' or 'json_object'\", 'input': '%s', "
    "'ctx': {'expected': \"'text' or 'json_object'\"}}]"
)


def kind_of(body: dict[str, Any], schema: dict[str, Any] | None = None) -> str:
    """Which answer a request wants: from its schema's properties, else from its system prompt."""
    props = set((schema or {}).get("properties") or {})
    for key, kind in (("statements", "affirmation"), ("sections", "meditation"),
                      ("intention", "ritual"), ("goal", "intent")):
        if key in props:
            return kind
    system = json.dumps((body.get("messages") or [{}])[0].get("content", ""))
    for word in ("affirmation", "meditation", "ritual"):
        if f"write {word}" in system.lower() or f"{word} scripts" in system.lower() or f"daily {word}" in system:
            return word
    return "intent"


def answer_for(body: dict[str, Any], schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return answers.for_schema(kind_of(body, schema), wire._count(body))


def chatty(data: dict[str, Any]) -> str:
    """How a small model answers in JSON mode without a schema: a preface, a fence, a sign-off."""
    return f"Sure! Here is your script:\n```json\n{json.dumps(data, indent=1)}\n```\nI hope this helps!"


def openai_reply(body: dict[str, Any], content: str) -> Reply:
    if body.get("stream"):
        return Reply(sse=wire.openai_stream(content, model=body.get("model", "local"), usage=False))
    return Reply(json=wire.openai_completion(content, model=body.get("model", "local")))


def models(owned_by: str) -> Reply:
    return Reply(json={"object": "list", "data": [
        {"id": "qwen2.5-0.5b-instruct", "object": "model", "created": 1700000000, "owned_by": owned_by}]})


# -- llama-cpp-python -----------------------------------------------------------------------
def llama_cpp_python(req: Request) -> Reply:
    body = req.json
    fmt = body.get("response_format") or {}
    kind = fmt.get("type", "text")
    if kind not in ("text", "json_object"):
        return Reply(500, {"error": {"message": PYDANTIC_LITERAL % kind, "type": "internal_server_error",
                                     "param": None, "code": None}})
    schema = fmt.get("schema")
    data = answer_for(body, schema)
    return openai_reply(body, json.dumps(data) if schema else chatty(data))


# -- Ollama -----------------------------------------------------------------------------------
def ollama_v1(req: Request) -> Reply:
    body = req.json
    kind = (body.get("response_format") or {}).get("type", "text")
    if kind not in ("text", "json_object"):
        return Reply(400, {"error": {"message": f"invalid response_format type: {kind}",
                                     "type": "invalid_request_error", "param": None, "code": None}})
    return openai_reply(body, chatty(answer_for(body)))


def ollama_native(req: Request) -> Reply:
    """``/api/chat``: NDJSON chunks, the last with ``done`` and the token counts."""
    body = req.json
    schema = body.get("format")
    if not isinstance(schema, dict) or not body.get("model"):
        return Reply(400, {"error": "format must be a JSON schema"})
    text = json.dumps(answer_for(body, schema))
    lines = [{"model": body["model"], "message": {"role": "assistant", "content": piece}, "done": False}
             for piece in wire.split(text, 6)]
    lines.append({"model": body["model"], "message": {"role": "assistant", "content": ""}, "done": True,
                  "done_reason": "stop", "prompt_eval_count": 210, "eval_count": 140})
    payload = "".join(json.dumps(line) + "\n" for line in lines).encode("utf-8")
    return Reply(body=payload, content_type="application/x-ndjson")


# -- vLLM ---------------------------------------------------------------------------------------
def vllm(req: Request) -> Reply:
    body = req.json
    kind = (body.get("response_format") or {}).get("type", "text")
    if kind not in ("text", "json_object"):
        return Reply(400, {"object": "error", "message": PYDANTIC_LITERAL % kind, "type": "BadRequestError",
                           "param": None, "code": 400})
    schema = body.get("guided_json")
    data = answer_for(body, schema)
    return openai_reply(body, json.dumps(data) if schema else chatty(data))


# -- a server started with a key ----------------------------------------------------------------
def keyed(key: str):
    def handle(req: Request) -> Reply:
        if req.headers.get("authorization") != f"Bearer {key}":
            return wire.openai_error(401, "Invalid API Key", "authentication_error")
        return wire.openai_chat_handler(req)
    return handle


def install(server: StubServer, dialect: str, key: str = "") -> StubServer:
    """Make ``server`` speak ``dialect`` (``llama_cpp_python``, ``ollama``, ``vllm`` or ``keyed``)."""
    if dialect == "llama_cpp_python":
        server.route(wire.OPENAI_CHAT, llama_cpp_python)
        server.route(MODELS, lambda req: models("me"))
    elif dialect == "ollama":
        server.route(wire.OPENAI_CHAT, ollama_v1)
        server.route(OLLAMA_CHAT, ollama_native)
        server.route(MODELS, lambda req: models("library"))
        server.route(VERSION, lambda req: Reply(json={"version": "0.4.7"}))
    elif dialect == "vllm":
        server.route(wire.OPENAI_CHAT, vllm)
        server.route(MODELS, lambda req: models("vllm"))
    elif dialect == "keyed":
        server.route(wire.OPENAI_CHAT, keyed(key))
    else:
        raise ValueError(f"unknown dialect {dialect!r}")
    return server


# -- a small instruct model answering plain-lines prompts ------------------------------------------
SPOKEN = {
    "Arrival": ["Welcome, and let yourself arrive just as you are.", "Feel the chair or the floor holding you.",
                "Let your eyes close or rest softly on the ground.", "There is nothing you need to do right now.",
                "Let the sounds around you come and go."],
    "Breath": ["Notice the breath moving in and out of your body.", "Let each exhale be a little longer.",
               "Feel the cool air at the tip of your nose.", "Let the belly rise and fall on its own.",
               "Stay with three slow breaths."],
    "Body": ["Soften your shoulders and let them drop.", "Let your jaw loosen and your tongue rest.",
             "Feel the weight of your hands in your lap.", "Let warmth spread down through your legs.",
             "Notice your feet, heavy and still."],
    "Practice": ["Rest your attention on the breath at the belly.", "When the mind wanders, come back gently.",
                 "Each breath is a small place to rest.", "Let thoughts pass like clouds in a wide sky.",
                 "Return to the next breath, and the next.", "There is room here for whatever you feel.",
                 "Let the rhythm of breathing carry you.", "Stay with this quiet for a while."],
    "Integration": ["Notice how you feel now.", "Take this steadiness with you into your evening.",
                    "Let the quiet settle into your whole body.", "Thank yourself for this time."],
    "Return": ["Let your breathing stay slow and easy.", "Let the quiet hold you a little longer.",
               "Rest here as long as you like.", "When you are ready, let this practice end."],
}
RITUAL = {
    "intention": ["I begin each morning with a page of my own words."],
    "identity": ["I am someone who writes every day.", "I am someone who keeps small promises to myself.",
                 "I am someone who shows up for the page."],
    "anchor": ["After I pour my first coffee, I open my notebook."],
    "embodiment": ["Sit tall with both feet on the floor and take three slow breaths."],
    "commitment": ["Today I write one page before lunch."],
}


class SmallModel:
    """Answers each lines prompt like a 0.5B model: a preface, numbers, quotes, and the rule breaks chosen.

    ``bad`` lines are mixed into each statements answer (``"negation"``: one negated line; ``"you"``:
    every statement in the second person). ``requests`` holds each prompt it was sent.
    """

    def __init__(self, bad: str = "negation") -> None:
        self.bad = bad
        self.prompts: list[str] = []

    def __call__(self, req: Request) -> Reply:
        import re

        body = req.json
        user = body["messages"][-1]["content"]
        self.prompts.append(user)
        avoid = {line[2:] for line in user.splitlines() if line.startswith("- ") and line[2:3].isupper()}
        if "Write one title" in user:
            return self.reply(body, 'Title: "Calm Before Exams"')
        if match := re.search(r"Write (\d+) affirmations? about", user):
            pool = [s for s in answers.STATEMENTS if s not in avoid]
            lines = pool[: int(match[1])]
            if self.bad == "you":
                lines = [s.replace("I am", "You are").replace("My ", "Your ").replace("I ", "You ") for s in lines]
            elif self.bad == "negation" and lines:
                lines[1:2] = ["I will never panic again."]
            text = "Here are your affirmations:\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(lines, 1))
            return self.reply(body, text + "\nI hope these help!")
        if match := re.search(r"Write (\d+) short spoken lines? for the (\w+) part", user):
            pool = [s for s in SPOKEN[match[2]] if s not in avoid]
            return self.reply(body, "\n".join(f'- "{s}"' for s in pool[: int(match[1])]))
        if match := re.search(r"Write (\d+) lines? for the (\w+):", user):
            pool = [s for s in RITUAL[match[2]] if s not in avoid]
            return self.reply(body, "\n".join(pool[: int(match[1])]))
        return self.reply(body, "I am not sure what you mean.")

    @staticmethod
    def reply(body: dict[str, Any], text: str) -> Reply:
        return Reply(sse=wire.openai_stream(text + "\n", model=body.get("model", "local"), usage=False))
