"""The quick start path trusts SCHEMA_HEAD: it must always be Alembic's real head."""

from linkworker.store import migrate


def test_schema_head_constant_is_alembics_head() -> None:
    assert migrate.head_revision() == migrate.SCHEMA_HEAD
