"""Particulars of a record: the person, the unit, the matter and how they were held accountable, which the
measures' documents need and a case's facts do not hold (a JSON object; ``{}`` for records made before).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # adding a column is not an UPDATE of any row: the append-only triggers stay as they are
    op.add_column("records", sa.Column("details_json", sa.Text, nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.drop_column("details_json")
