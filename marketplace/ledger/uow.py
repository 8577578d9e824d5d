"""Write transactions for money: ``BEGIN IMMEDIATE`` on SQLite (one writer, waits on the busy timeout),
row locks (``SELECT ... FOR UPDATE``) on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from marketplace.db import Database


@contextmanager
def unit_of_work(database: Database) -> Iterator[Session]:
    """A session whose transaction holds the write lock from its first statement; commit or roll back."""
    with database.factory() as db:
        try:
            if database.dialect == "sqlite":
                db.connection().exec_driver_sql("BEGIN IMMEDIATE")
            yield db
            db.commit()
        except BaseException:
            db.rollback()
            raise
