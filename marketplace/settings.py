"""Server settings: explicit arguments, else ``WAQUP_MARKET_*`` environment variables, else dev defaults.

Every instance behind a load balancer must share ``secret`` (JWT), ``signing_keys`` (media URLs),
the database, the Redis rate-limit store and the object store; nothing else is kept in process.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

ENV = "WAQUP_MARKET_"


def _data_dir() -> Path:
    from engine.paths import home

    path = home() / "market"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _dev_secret(name: str) -> str:
    """A random secret persisted (mode 0600) in the data dir: fine for one dev machine, not for a fleet."""
    path = _data_dir() / name
    if path.exists():
        return path.read_text("utf-8").strip()
    value = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value


def parse_keys(raw: str) -> dict[str, str]:
    """``kid1:secret1,kid2:secret2`` -> ordered dict; the first key signs, all of them verify."""
    keys: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        kid, _, secret = part.partition(":")
        if not kid or len(secret) < 16:
            raise ValueError("signing keys look like 'kid:secret' with secrets of 16+ characters")
        keys[kid] = secret
    if not keys:
        raise ValueError("at least one signing key is needed")
    return keys


@dataclass
class Settings:
    database_url: str = ""
    redis_url: str = ""  # empty: in-memory rate limits (one process)
    storage: str = ""  # a folder, or s3://bucket/prefix
    s3_endpoint_url: str = ""  # S3-compatible service (MinIO, R2, ...); empty: AWS. Credentials: AWS_* variables
    s3_region: str = ""  # empty: AWS_REGION / AWS_DEFAULT_REGION / the AWS config
    secret: str = ""  # JWT signing secret (HS256)
    signing_keys: dict[str, str] = field(default_factory=dict)  # media URL keys, first one active
    public_url: str = ""  # how clients reach this server (device-flow verification URL)
    issuer: str = "waqup-market"
    audience: str = "waqup-market-api"
    access_ttl: int = 900
    refresh_ttl: int = 30 * 86400
    url_ttl: int = 600
    device_ttl: int = 600
    device_interval: int = 5
    max_request_bytes: int = 1 << 20  # everything but uploads
    max_upload_bytes: int = 200 << 20
    max_item_seconds: float = 3 * 3600
    max_pack_seconds: float = 24 * 3600
    publishes_per_creator: int = 2  # publishes of one creator verified at once, per instance (more: 429)
    rate_user: str = "600/minute"
    rate_ip: str = "1200/minute"
    rate_auth: str = "20/minute"
    rate_account: str = "20/minute"  # credential attempts per email address, from any client address
    trusted_proxies: str = ""  # comma-separated IPs/CIDRs whose X-Forwarded-For is believed; empty: none
    catalog_counts_ttl: int = 60  # seconds download counts in catalog pages and ETags may lag behind
    catalog_cache: int = 1024  # serialised catalog pages kept per process (keyed by ETag, never stale); 0: off
    # accounts (issue 15): admins are made on the server (python -m marketplace.auth.admin grant EMAIL)
    mail_backend: str = "console"  # console (stderr), file:/folder (one .eml each), smtp[s]://user:pass@host:port
    mail_from: str = "waQup marketplace <no-reply@localhost>"
    verify_ttl: int = 2 * 86400  # seconds an email verification token works
    auto_verify: bool = False  # development and tests only: accounts count as verified when they register
    db_pool_size: int = 10  # database connections per process (each request holds at most one) ...
    db_max_overflow: int = 10  # ... plus these under load
    db_pool_timeout: float = 3.0  # seconds a request waits for a connection before a 503 with Retry-After
    migrate: bool = True
    log_level: str = "INFO"
    metrics_token: str = ""  # /metrics wants "Authorization: Bearer <token>"; empty: loopback clients only
    # payments, ledger, sync, rewards (issue 9; see docs/payments.md)
    stripe_secret_key: str = ""
    stripe_webhook_secret: str = ""
    stripe_api_base: str = ""  # empty: Stripe itself; tests point it at a local stand-in
    currency: str = "usd"
    credit_packs: str = "10:500,50:2000,120:4000"  # SIZE:cents, the credit packs on sale
    credit_cents: int = 10  # what one credit of a pack's price costs through Checkout
    plan_credits: int = 100  # credits granted by each paid invoice of the monthly plan
    plan_cents: int = 900
    prices: str = "affirmation:1,meditation:2,ritual:2"  # credits per generation, by content type
    hold_minutes: int = 15
    creator_share: float = 0.7
    reward_milestones: str = "10:5,100:25,1000:100"  # distinct practising users : credits to the creator
    reward_cap: int = 500  # most engagement credits one creator earns per 30 days
    sync_retention_days: int = 30

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from ``WAQUP_MARKET_*`` variables, then ``overrides`` (None values are ignored)."""
        values: dict[str, object] = {}
        for name, spec in cls.__dataclass_fields__.items():
            raw = os.environ.get(ENV + name.upper())
            if raw is None:
                continue
            if name == "signing_keys":
                values[name] = parse_keys(raw)
            elif spec.type == "int":
                values[name] = int(raw)
            elif spec.type == "float":
                values[name] = float(raw)
            elif spec.type == "bool":
                values[name] = raw.strip().lower() in ("1", "true", "yes", "on")
            else:
                values[name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values).resolved()

    def resolved(self) -> Settings:
        """Fill dev defaults: SQLite and media under the data dir, persisted random secrets."""
        if not self.database_url:
            self.database_url = f"sqlite:///{_data_dir() / 'market.db'}"
        if not self.storage:
            self.storage = str(_data_dir() / "media")
        if not self.secret:
            self.secret = _dev_secret("jwt.secret")
        if not self.signing_keys:
            self.signing_keys = {"k1": _dev_secret("url.secret")}
        if len(self.secret) < 32:
            raise ValueError("the JWT secret needs 32+ characters")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
