"""Structured JSON logs with a request id, request-size limits and Prometheus metrics (pure ASGI)."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import secrets
import sys
import tempfile
import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from starlette.concurrency import run_in_threadpool

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
BEFORE_RESPONSE = "waqup.before_response"  # scope key: callables run (in the threadpool) as the response starts
access_log = logging.getLogger("marketplace.access")
error_log = logging.getLogger("marketplace.app")


class JSONFormatter(logging.Formatter):
    """One JSON object per line; ``extra={"fields": {...}}`` adds keys. Never give it secrets."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(), "logger": record.name, "msg": record.getMessage(),
            "request_id": request_id.get(),
        }
        data.update(getattr(record, "fields", {}))
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)  # inside the JSON string: still one line
        return json.dumps(data, default=str)


def setup_logging(level: str = "INFO") -> None:
    root = logging.getLogger("marketplace")
    if not any(isinstance(h.formatter, JSONFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JSONFormatter())
        root.addHandler(handler)
        root.propagate = False
    root.setLevel(level.upper())


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("waqup_market_requests_total", "HTTP requests", ["method", "route", "status"],
                                registry=self.registry)
        self.latency = Histogram("waqup_market_request_seconds", "Request latency", ["method", "route"],
                                 registry=self.registry,
                                 buckets=(.002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10))
        self.in_flight = Gauge("waqup_market_in_flight", "Requests in progress", registry=self.registry)
        self.publishes = Counter("waqup_market_publishes_total", "Pack publishes", ["outcome"],
                                 registry=self.registry)
        self.downloads = Counter("waqup_market_downloads_total", "Pack downloads", registry=self.registry)
        self.catalog_pages = Counter("waqup_market_catalog_pages_total", "Catalog pages served, by where from",
                                     ["source"], registry=self.registry)


class TooLarge(Exception):
    pass


class HeadDone(Exception):
    """A HEAD request's headers are out: stop producing the body nobody will read."""


_TEMP = re.compile(re.escape(tempfile.gettempdir().rstrip("/") or "/tmp") + r"/[^\s'\"]+")
RANGE = re.compile(r"^bytes=\s*(\d+-\d*|-\d+)(\s*,\s*(\d+-\d*|-\d+))*\s*$")


def redact(text: str) -> str:
    """Error text for clients: server temp paths become their file name (``upload.waqup``)."""
    return _TEMP.sub(lambda m: m.group(0).rstrip("/").rsplit("/", 1)[-1], text)


def _valid_range(value: str) -> bool:
    """A ``Range`` we can honour (RFC 9110 byte ranges, each first <= last); anything else is ignored."""
    if not RANGE.match(value):
        return False
    for part in value.split("=", 1)[1].split(","):
        first, _, last = part.strip().partition("-")
        if first and last and int(first) > int(last):
            return False
    return True


class Middleware:
    """Request id in and out, a body-size cap (413), one access-log line and metrics per request."""

    def __init__(self, app, metrics: Metrics, max_bytes: int, max_upload_bytes: int,
                 upload_paths: tuple[str, ...] = ()):
        self.app, self.metrics = app, metrics
        self.max_bytes, self.max_upload_bytes, self.upload_paths = max_bytes, max_upload_bytes, upload_paths

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if b"range" in headers and not _valid_range(headers[b"range"].decode("latin-1")):
            # RFC 9110: a server may ignore Range; a malformed one gets the whole file, not a 400
            scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k != b"range"]}
        method = scope["method"]
        if method == "HEAD":  # every GET route answers HEAD: the same headers, no body
            scope = {**scope, "method": "GET"}
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")
        rid = incoming if REQUEST_ID.match(incoming) else secrets.token_hex(8)
        token = request_id.set(rid)
        scope.setdefault("state", {})["request_id"] = rid
        start = time.perf_counter()
        status = {"code": 500, "started": False}
        path = scope["path"]
        limit = self.max_upload_bytes if scope["method"] == "POST" and path in self.upload_paths else self.max_bytes

        async def send_wrapper(message) -> None:
            state = status.get("too_large")
            if state in ("pending", "sent"):  # the app turned the aborted body into some error: send 413
                if state == "pending":
                    status["too_large"] = "sending"
                    await _too_large(send_wrapper, limit)
                    status["too_large"] = "sent"
                return
            if message["type"] == "http.response.start":
                for hook in list(scope.get(BEFORE_RESPONSE, ())):  # commit first: then tell the client
                    await run_in_threadpool(hook)
                status["code"], status["started"] = message["status"], True
                message = {**message, "headers": [*message.get("headers", []), (b"x-request-id", rid.encode())]}
            elif method == "HEAD" and message["type"] == "http.response.body":
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                raise HeadDone
            await send(message)

        seen = 0

        async def receive_wrapper():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    status["too_large"] = "pending"
                    raise TooLarge
            return message

        self.metrics.in_flight.inc()
        try:
            length = headers.get(b"content-length")
            if length is not None and (not length.isdigit() or int(length) > limit):
                await _too_large(send_wrapper, limit)
            else:
                await self.app(scope, receive_wrapper, send_wrapper)
        except HeadDone:
            pass
        except TooLarge:
            if not status["started"]:
                status["too_large"] = "sending"
                await _too_large(send_wrapper, limit)
        except Exception:  # noqa: BLE001 - answered here, inside the request's context: one JSON line, its id
            error_log.error("unhandled error", exc_info=True)
            if not status["started"]:
                await _send_json(send_wrapper, 500, {"detail": f"internal error (request id {rid})"})
        finally:
            self.metrics.in_flight.dec()
            elapsed = time.perf_counter() - start
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.requests.labels(method, route, str(status["code"])).inc()
            self.metrics.latency.labels(method, route).observe(elapsed)
            if access_log.isEnabledFor(logging.INFO):
                user = scope.get("state", {}).get("user_id")
                access_log.info("request", extra={"fields": {  # the path only: queries may carry signatures
                    "method": method, "path": path, "route": route, "status": status["code"],
                    "ms": round(elapsed * 1000, 2), "user": user}})
            request_id.reset(token)


async def _too_large(send, limit: int) -> None:
    await _send_json(send, 413, {"detail": f"request body too large (limit {limit} bytes)"})


async def _send_json(send, status: int, payload: dict) -> None:
    body = json.dumps(payload).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
