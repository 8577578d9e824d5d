"""Everything a request needs, built once per app from :class:`Settings` (no other process state)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from marketplace.db import Database
from marketplace.observability import Metrics
from marketplace.packs.pagecache import PageCache
from marketplace.ratelimit import Limiter
from marketplace.security import JWTIssuer
from marketplace.settings import Settings
from marketplace.signing import URLSigner
from marketplace.storage import Storage, open_storage


@dataclass
class AppContext:
    settings: Settings
    db: Database
    storage: Storage
    signer: URLSigner
    jwt: JWTIssuer
    limiter: Limiter
    metrics: Metrics
    pages: PageCache
    clock: Callable[[], float] = time.time  # for time windows (tests move it)

    @classmethod
    def build(cls, settings: Settings) -> AppContext:
        return cls(
            settings=settings,
            db=Database(settings.database_url, settings.db_pool_size, settings.db_max_overflow,
                        settings.db_pool_timeout),
            storage=open_storage(settings.storage, s3_endpoint_url=settings.s3_endpoint_url,
                                 s3_region=settings.s3_region),
            signer=URLSigner(settings.signing_keys, settings.url_ttl),
            jwt=JWTIssuer(settings.secret, settings.issuer, settings.audience, settings.access_ttl),
            limiter=Limiter(settings.redis_url, {"user": settings.rate_user, "ip": settings.rate_ip,
                                                 "auth": settings.rate_auth,
                                                 "account": settings.rate_account}),
            metrics=Metrics(),
            pages=PageCache(settings.catalog_cache),
        )
