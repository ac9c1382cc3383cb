"""Alembic's environment for the archive: run on the connection the archive opened (never a URL of its own)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        # two processes opening a new archive at once: one migrates, the other waits and finds it done
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7232017)")
    context.run_migrations()
