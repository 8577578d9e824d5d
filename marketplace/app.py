"""The FastAPI application factory."""

from __future__ import annotations

import hmac
import ipaddress
import logging
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from marketplace import __doc__ as DESCRIPTION
from marketplace.auth.router import page as device_page
from marketplace.auth.router import router as auth_router
from marketplace.context import AppContext
from marketplace.creators.router import router as creators_router
from marketplace.deps import NEEDS_VERIFIED, client_ip, ip_limit, sane_input
from marketplace.ledger.router import router as ledger_router  # issue 9: payments, ledger, sync, rewards
from marketplace.media.router import router as media_router
from marketplace.observability import Middleware, redact, setup_logging
from marketplace.packs.router import UPLOAD_PATH
from marketplace.packs.router import router as packs_router
from marketplace.payments.router import router as payments_router
from marketplace.rewards.router import router as rewards_router
from marketplace.schemas import ErrorOut, errors
from marketplace.settings import Settings
from marketplace.sync.router import PUBLISH_PATH as SYNC_PUBLISH_PATH
from marketplace.sync.router import router as sync_router
from marketplace.users.router import router as users_router

log = logging.getLogger("marketplace.app")
VERSION = "1.0.0"


class Health(BaseModel):
    status: str
    database: str


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app. With ``settings.migrate`` the database is upgraded to the latest revision first."""
    settings = (settings or Settings()).resolved()
    setup_logging(settings.log_level)
    if settings.migrate:
        from marketplace.migrate import upgrade

        upgrade(settings.database_url)
    context = AppContext.build(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        context.db.dispose()

    app = FastAPI(title="waQup marketplace", version=VERSION, description=DESCRIPTION, lifespan=lifespan,
                  dependencies=[Depends(sane_input)],
                  servers=[{"url": settings.public_url}] if settings.public_url else None)
    app.state.ctx = context
    for router in (auth_router, device_page, users_router, creators_router, packs_router, media_router):
        app.include_router(router)
    for router in (ledger_router, payments_router, rewards_router, sync_router):
        app.include_router(router)

    @app.get("/healthz", response_model=Health, tags=["ops"], responses={503: {"model": Health}})
    def healthz() -> JSONResponse:
        """Liveness and database reachability (for load balancers)."""
        try:
            with context.db.engine.connect() as conn:
                conn.execute(text("select 1"))
            return JSONResponse({"status": "ok", "database": "ok"})
        except Exception:  # noqa: BLE001
            return JSONResponse({"status": "degraded", "database": "unreachable"}, 503)

    @app.get("/metrics", response_class=PlainTextResponse, tags=["ops"], dependencies=[Depends(ip_limit)],
             responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}, **errors(401, 404, 429)})
    def metrics(request: Request) -> PlainTextResponse:
        """Prometheus metrics (text format) of this process: with ``metrics_token`` set, for
        ``Authorization: Bearer <token>`` only; without one, for clients on this host (loopback) only."""
        token = settings.metrics_token
        if token:
            given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
            if not hmac.compare_digest(given.encode(), token.encode()):
                raise StarletteHTTPException(401, "metrics need the metrics token",
                                             headers={"WWW-Authenticate": "Bearer"})
        elif not _loopback(client_ip(request)):
            raise StarletteHTTPException(404, "Not Found")
        return PlainTextResponse(generate_latest(context.metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = _allowed(app, request)
        return JSONResponse({"detail": redact(str(exc.detail))}, exc.status_code, headers=headers or None)

    @app.exception_handler(PoolTimeout)
    async def busy(_request: Request, _exc: PoolTimeout) -> JSONResponse:
        log.warning("database pool exhausted: answered 503")
        return JSONResponse({"detail": "the server is busy; retry shortly"}, 503, headers={"Retry-After": "1"})

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
                  for e in exc.errors()]
        return JSONResponse({"detail": errors}, 422)

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    # Unhandled errors are answered by the Middleware, inside the request's context: the log line carries
    # the request id and the traceback stays inside that one JSON line.
    app.add_middleware(Middleware, metrics=context.metrics, max_bytes=settings.max_request_bytes,
                       max_upload_bytes=settings.max_upload_bytes, upload_paths=(UPLOAD_PATH, SYNC_PUBLISH_PATH))
    return app


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "testclient"  # Starlette's TestClient peer


def _allowed(app: FastAPI, request: Request) -> str:
    """Every method some route serves at this path (a 405 must carry them all in ``Allow``)."""
    scope = {k: v for k, v in request.scope.items() if k in ("type", "path", "root_path", "app")}
    methods = {m for m in ("GET", "POST", "PUT", "PATCH", "DELETE")
               if any(route.matches({**scope, "method": m})[0] == Match.FULL for route in app.router.routes)}
    if "GET" in methods:
        methods.add("HEAD")  # the Middleware answers HEAD for every GET route
    return ", ".join(sorted(methods))


ERROR = {"$ref": "#/components/schemas/ErrorOut"}
INVALID = {"$ref": "#/components/schemas/HTTPValidationError"}


def _openapi(app: FastAPI) -> dict:
    """The generated spec plus the answers app-wide layers may give on any route: 413 (body too large), 422
    (NUL text or integers beyond 64 bits: ``sane_input``), 503 (database pool exhausted, or the rate-limit
    store down for a write) and 403 where a verified email address is needed."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    spec = FastAPI.openapi(app)
    spec.setdefault("components", {}).setdefault("schemas", {})
    spec["components"]["schemas"].setdefault("ErrorOut", ErrorOut.model_json_schema())
    spec["components"]["schemas"].setdefault("HTTPValidationError", {
        "title": "HTTPValidationError", "type": "object",
        "properties": {"detail": {"type": "array", "items": {"type": "object"}}}})
    extra = {"413": ("Too large", ERROR), "422": ("Invalid input", INVALID),
             "503": ("Busy: retry after `Retry-After` seconds", ERROR)}
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            wanted = dict(extra)
            if (method.upper(), path) in NEEDS_VERIFIED:
                wanted["403"] = ("Not allowed (or the email address is not verified yet)", ERROR)
            for code, (label, schema) in wanted.items():
                op["responses"].setdefault(code, {"description": label,
                                                  "content": {"application/json": {"schema": schema}}})
    app.openapi_schema = spec
    return spec


def app_from_env():
    """Factory for ``uvicorn --factory`` (settings from ``WAQUP_MARKET_*`` variables)."""
    return create_app(Settings.from_env())
