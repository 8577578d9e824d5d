"""The Alembic migrations build exactly the models' schema, and downgrade cleanly."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from marketplace.migrate import alembic_config, upgrade
from marketplace.models import Base
from tests.market.helpers import database_url


def test_migrations_match_models_and_downgrade(tmp_path):
    url = database_url(tmp_path)
    upgrade(url)
    upgrade(url)  # idempotent
    engine = create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    ignored = {"packs_fts", "packs_fts_data", "packs_fts_idx", "packs_fts_docsize", "packs_fts_config"}
    diff = [d for d in diff if not (d[0] == "remove_table" and d[1].name in ignored)
            and not (d[0] == "remove_column" and d[3].name == "search_vector")
            and not (d[0] == "remove_index" and d[1].name == "ix_packs_search")]
    assert diff == []
    engine.dispose()
    command.downgrade(alembic_config(url), "base")
    upgrade(url)
