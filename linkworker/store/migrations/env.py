"""Alembic environment: always run on the app's own (encrypted) connection, in batch mode."""

from alembic import context
from sqlmodel import SQLModel

import linkworker.store.tables  # noqa: F401  (registers every table on the metadata)

target_metadata = SQLModel.metadata
connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Linkworker migrations run through linkworker.store.migrate, not the CLI")

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
