"""Database engine and sessions (SQLAlchemy 2, synchronous; endpoints run in the threadpool)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, pool_size: int = 10, max_overflow: int = 10, pool_timeout: float = 3.0) -> Engine:
    """An engine with per-dialect settings: WAL, foreign keys and a busy timeout on SQLite.

    The pool is bounded on every dialect: ``pool_size + max_overflow`` connections; a request that finds
    them all busy waits at most ``pool_timeout`` seconds in the pool's queue, then gets
    ``sqlalchemy.exc.TimeoutError`` (the app answers 503 with ``Retry-After``)."""
    pool = {"pool_size": pool_size, "max_overflow": max_overflow, "pool_timeout": pool_timeout}
    if url.startswith("sqlite"):
        if ":memory:" in url or url.rstrip("/") == "sqlite:":
            pool = {}  # one shared in-memory database: SQLAlchemy's single-connection pool
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **pool)

        @event.listens_for(engine, "connect")
        def _pragmas(conn, _record) -> None:  # pragma: no cover - exercised by every SQLite test
            cur = conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, **pool)


class Database:
    """One engine plus a session factory; ``session()`` is a unit of work (commit or roll back)."""

    def __init__(self, url: str, pool_size: int = 10, max_overflow: int = 10, pool_timeout: float = 3.0):
        self.url = url
        self.engine = make_engine(url, pool_size, max_overflow, pool_timeout)
        self.factory = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.factory() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
