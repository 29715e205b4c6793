"""Alembic environment: runs on the connection that api.db.migrate() hands over."""

from __future__ import annotations

from alembic import context
from vanban.api.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - migrations always run through api.db.migrate()
    raise RuntimeError("run migrations through vanban.api.db.migrate(engine)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
