"""Purchases record the creator's share at quote time (issue 15: a sale is credited at the price paid).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('purchases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('creator_credits', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('creator_cents', sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('purchases', schema=None) as batch_op:
        batch_op.drop_column('creator_cents')
        batch_op.drop_column('creator_credits')
