"""The Alembic head builds exactly the schema in ``linkworker.server.tables``, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from linkworker.server.db import migrate
from linkworker.server.tables import metadata


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        diff: list[object] = compare_metadata(context, metadata)
    return diff


def test_the_migrated_schema_is_exactly_the_declared_one(server_engine: Engine) -> None:
    assert _differences(server_engine) == []
    tables = set(inspect(server_engine).get_table_names()) - {"alembic_version"}
    assert tables == set(metadata.tables)


def test_migrating_again_changes_nothing(server_engine: Engine) -> None:
    migrate(server_engine)
    assert _differences(server_engine) == []
    with server_engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_heads() == ("s0001",)


def test_the_check_notices_a_column_the_migrations_lack(server_engine: Engine) -> None:
    """The comparison is not vacuous: a column declared but never migrated shows up."""
    from sqlalchemy import Column, Integer, MetaData, Table

    extended = MetaData()
    for table in metadata.sorted_tables:
        table.to_metadata(extended)
    Table("team", extended, Column("colour", Integer), extend_existing=True)
    with server_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), extended)
    assert [d[0] for d in diff] == ["add_column"]
