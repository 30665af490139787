"""Alembic environment for the server database (SQLite or PostgreSQL), run by ``server.db``."""

from alembic import context

from linkworker.server.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Server migrations run through linkworker.server.db, not the Alembic CLI")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
