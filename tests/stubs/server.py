"""A threaded HTTP server on 127.0.0.1 that answers like OpenAI, Anthropic and ElevenLabs.

Each route has a queue of scripted :class:`Reply` objects; when the queue is empty the route's
default handler answers (a valid answer built from the request). Every request is recorded.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    json: Any = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    sse: list[str] | None = None  # pre-formatted SSE frames, written one by one
    delay: float = 0.0
    content_type: str = ""
    frame_delay: float = 0.0  # seconds between SSE frames (a model still writing)
    written: int = 0  # SSE frames written before the client hung up (set while serving)


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body or b"null")


Handler = Callable[[Request], Reply]


class StubServer:
    """``with StubServer() as s: s.route("/v1/chat/completions", handler); s.url``."""

    def __init__(self) -> None:
        self.handlers: dict[str, Handler] = {}
        self.queues: dict[str, list[Reply]] = {}
        self.requests: list[Request] = []
        self.latency = 0.0
        self._lock = threading.Lock()
        self._active = 0
        self.max_active = 0
        stub = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                req = Request(
                    self.command,
                    self.path.split("?")[0],
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length) if length else b"",
                )
                stub._serve(self, req)

            do_GET = do_POST = do_DELETE = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> StubServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def route(self, suffix: str, handler: Handler) -> None:
        self.handlers[suffix] = handler

    def enqueue(self, suffix: str, *replies: Reply) -> None:
        self.queues.setdefault(suffix, []).extend(replies)

    def hits(self, suffix: str) -> list[Request]:
        return [r for r in self.requests if self._match(suffix, r.path)]

    @staticmethod
    def _match(suffix: str, path: str) -> bool:
        return path.endswith(suffix) or (suffix.endswith("/*") and suffix[:-2] in path)

    def _serve(self, http: BaseHTTPRequestHandler, req: Request) -> None:
        with self._lock:
            self.requests.append(req)
            self._active += 1
            self.max_active = max(self.max_active, self._active)
        try:
            reply = None
            for suffix in sorted(self.handlers, key=len, reverse=True):
                if self._match(suffix, req.path):
                    queue = self.queues.get(suffix)
                    with self._lock:
                        reply = queue.pop(0) if queue else None
                    reply = reply or self.handlers[suffix](req)
                    break
            reply = reply or Reply(404, {"error": {"message": f"no route {req.path}"}})
            if self.latency or reply.delay:
                time.sleep(self.latency + reply.delay)
            self._write(http, reply)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with self._lock:
                self._active -= 1

    @staticmethod
    def _write(http: BaseHTTPRequestHandler, reply: Reply) -> None:
        if reply.sse is not None:
            http.send_response(reply.status)
            http.send_header("content-type", "text/event-stream")
            http.send_header("connection", "close")
            for k, v in reply.headers.items():
                http.send_header(k, v)
            http.end_headers()
            for frame in reply.sse:
                if reply.frame_delay:
                    time.sleep(reply.frame_delay)
                http.wfile.write(frame.encode("utf-8"))
                http.wfile.flush()
                reply.written += 1
            http.close_connection = True
            return
        if reply.json is not None:
            body, ctype = json.dumps(reply.json).encode("utf-8"), "application/json"
        else:
            body, ctype = reply.body, reply.content_type or "application/octet-stream"
        http.send_response(reply.status)
        http.send_header("content-type", reply.content_type or ctype)
        http.send_header("content-length", str(len(body)))
        for k, v in reply.headers.items():
            http.send_header(k, v)
        http.end_headers()
        http.wfile.write(body)
