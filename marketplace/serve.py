"""Start the server with uvicorn (``waqup market serve``)."""

from __future__ import annotations

import os

from marketplace.settings import ENV, Settings


def serve(host: str = "127.0.0.1", port: int = 8765, workers: int = 1, **overrides: object) -> None:
    """Resolve settings once (so every worker shares dev secrets), migrate, then run uvicorn."""
    import uvicorn

    from marketplace.migrate import upgrade

    settings = Settings.from_env(**overrides)
    if not settings.public_url:
        settings.public_url = f"http://{host}:{port}"
    upgrade(settings.database_url)
    for name in ("database_url", "redis_url", "storage", "secret", "public_url"):
        os.environ[ENV + name.upper()] = str(getattr(settings, name))
    os.environ[ENV + "SIGNING_KEYS"] = ",".join(f"{k}:{v}" for k, v in settings.signing_keys.items())
    os.environ[ENV + "MIGRATE"] = "0"
    uvicorn.run("marketplace.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level=settings.log_level.lower(), access_log=False, server_header=False,
                proxy_headers=False)  # the app reads X-Forwarded-For itself, from WAQUP_MARKET_TRUSTED_PROXIES only
