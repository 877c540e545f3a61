"""Alembic environment: always run with a connection handed in by portfolio.db.migrate."""

from __future__ import annotations

from alembic import context

from portfolio.db.migrate import include_name
from portfolio.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable through the alembic command line
    raise RuntimeError("Run migrations through portfolio.db.migrate, not the alembic CLI.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table.
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
