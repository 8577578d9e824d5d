"""The FastAPI application factory."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from sqlalchemy import text
from starlette.exceptions import HTTPException as StarletteHTTPException

from marketplace import __doc__ as DESCRIPTION
from marketplace.auth.router import page as device_page
from marketplace.auth.router import router as auth_router
from marketplace.context import AppContext
from marketplace.creators.router import router as creators_router
from marketplace.ledger.router import router as ledger_router  # issue 9: payments, ledger, sync, rewards
from marketplace.media.router import router as media_router
from marketplace.observability import Middleware, setup_logging
from marketplace.packs.router import UPLOAD_PATH
from marketplace.packs.router import router as packs_router
from marketplace.payments.router import router as payments_router
from marketplace.rewards.router import router as rewards_router
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

    @app.get("/metrics", response_class=PlainTextResponse, tags=["ops"],
             responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}})
    def metrics() -> PlainTextResponse:
        """Prometheus metrics (text format) of this process."""
        return PlainTextResponse(generate_latest(context.metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": str(exc.detail)}, exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
                  for e in exc.errors()]
        return JSONResponse({"detail": errors}, 422)

    # Unhandled errors are answered by the Middleware, inside the request's context: the log line carries
    # the request id and the traceback stays inside that one JSON line.
    app.add_middleware(Middleware, metrics=context.metrics, max_bytes=settings.max_request_bytes,
                       max_upload_bytes=settings.max_upload_bytes, upload_paths=(UPLOAD_PATH, SYNC_PUBLISH_PATH))
    return app


def app_from_env():
    """Factory for ``uvicorn --factory`` (settings from ``WAQUP_MARKET_*`` variables)."""
    return create_app(Settings.from_env())
