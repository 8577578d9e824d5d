"""Alembic environment for the marketplace (online mode; PostgreSQL takes an advisory lock)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text

import marketplace.ledger.models  # noqa: F401  (issue 9 tables)
import marketplace.payments.models  # noqa: F401
import marketplace.rewards.models  # noqa: F401
import marketplace.sync.models  # noqa: F401
from marketplace.models import Base

LOCK_ID = 0x77617175  # "waqu": one migrator at a time when many instances start together

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        postgres = connection.dialect.name == "postgresql"
        if postgres:
            connection.execute(text("select pg_advisory_lock(:id)"), {"id": LOCK_ID})
            connection.commit()
        try:
            context.configure(connection=connection, target_metadata=target_metadata,
                              render_as_batch=connection.dialect.name == "sqlite")
            with context.begin_transaction():
                context.run_migrations()
        finally:
            if postgres:
                connection.execute(text("select pg_advisory_unlock(:id)"), {"id": LOCK_ID})
                connection.commit()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
