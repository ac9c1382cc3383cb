"""The archive's first schema: records of verdicts with their cases and receipts, and procedure events.

Records are append-only: the database itself refuses UPDATE and DELETE on both tables (triggers; on
PostgreSQL TRUNCATE too), so a correction can only be a new record that supersedes the old one. Only SQLite
and PostgreSQL get the triggers; another database is written append-only by the library alone. A role that
owns the tables can still drop triggers: a shared deployment gives the service a role with INSERT and SELECT
only (README).

Revision ID: 0001
Revises:
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TABLES = ("records", "record_events")


def upgrade() -> None:
    op.create_table(
        "records",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("recorded_at", sa.String(32), nullable=False),  # ISO 8601, UTC, to the microsecond
        sa.Column("recorded_by", sa.Text, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("supersedes", sa.Integer, sa.ForeignKey("records.id"), nullable=True, unique=True),
        sa.Column("pack", sa.String(200), nullable=False),
        sa.Column("pack_version", sa.String(100), nullable=False),
        sa.Column("checklists", sa.Text, nullable=False),  # JSON list of X checklist names
        sa.Column("case_id", sa.Text, nullable=True),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("library_version", sa.String(50), nullable=False),
        sa.Column("engine", sa.String(20), nullable=False),
        sa.Column("lang", sa.String(5), nullable=False),
        sa.Column("explain", sa.String(10), nullable=False),
        sa.Column("pack_sha256", sa.String(64), nullable=False),
        sa.Column("vocabulary_sha256", sa.String(64), nullable=False),
        sa.Column("case_sha256", sa.String(64), nullable=False),
        sa.Column("case_json", sa.Text, nullable=False),  # the case as loaded, canonical JSON
        sa.Column("verdict_json", sa.Text, nullable=False),  # the verdict as given (DESIGN §6), without record_id
    )
    op.create_index("records_pack_at", "records", ["pack", "recorded_at"])
    op.create_index("records_outcome", "records", ["outcome"])
    op.create_table(
        "record_events",
        sa.Column("record_id", sa.Integer, sa.ForeignKey("records.id"), primary_key=True),
        sa.Column("event", sa.String(200), primary_key=True),
        sa.Column("date", sa.Text, nullable=False),  # YYYY-MM-DD, or the value as the case gave it
    )
    bind = op.get_bind()
    for table in _TABLES:
        if bind.dialect.name == "sqlite":
            for action in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, 'the archive is append-only'); END")
        elif bind.dialect.name == "postgresql":
            op.execute("CREATE OR REPLACE FUNCTION rongcuo_append_only() RETURNS trigger AS $$ "
                       "BEGIN RAISE EXCEPTION 'the archive is append-only'; END; $$ LANGUAGE plpgsql")
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       f"FOR EACH ROW EXECUTE FUNCTION rongcuo_append_only()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION rongcuo_append_only()")


def downgrade() -> None:
    # going below the first revision would drop every record: an archive is never downgraded that far
    raise RuntimeError("the archive's first revision is not downgraded: it would drop every record")
