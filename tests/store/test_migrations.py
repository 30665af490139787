"""The schema: complete when new, upgraded with a backup first, and never downgraded by old code."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from sqlmodel import SQLModel

from linkworker.care.person import NewPerson
from linkworker.paths import Paths
from linkworker.store import caseload, directory_search, keys, migrate
from linkworker.store.database import Database
from linkworker.store.engine import open_engine
from linkworker.store.errors import DatabaseTooNew
from linkworker.store.people import add_person
from linkworker.store.tables import Consent
from linkworker.store.vault import Vault
from tests.conftest import PASSPHRASE
from tests.support.files import SQLITE_HEADER, header

# The data model of DESIGN.md section 4, as table names.
DATA_MODEL = {
    # the person and their record
    "person", "consent", "referral", "encounter", "about_me", "care_plan", "plan_need",
    "plan_goal", "plan_action", "contingency_plan", "community_connection", "outcome_measure",
    "shared_decision", "decision_option", "health_budget", "budget_line", "follow_up",
    # who holds it
    "organisation", "team", "worker", "device",
    # about the data
    "audit_event", "outbox", "conflict", "sync_state",
    # the directory (Open Referral UK)
    "dir_organization", "dir_service", "dir_location", "dir_address", "dir_service_at_location",
    "dir_schedule", "dir_cost_option", "dir_contact", "dir_phone", "dir_accessibility",
    "dir_language", "dir_service_area", "dir_taxonomy_term", "dir_attribute", "service_note",
}  # fmt: skip


def tables(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}


def columns(engine: Engine, table: str) -> set[str]:
    with engine.connect() as conn:
        return {row[1] for row in conn.exec_driver_sql(f"PRAGMA table_info({table})")}


def the_key(paths: Paths) -> bytes:
    return keys.load_key_file(paths.key_file).unwrap(PASSPHRASE)


def test_a_new_database_has_the_whole_data_model_at_the_newest_schema(db: Database) -> None:
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    assert DATA_MODEL - tables(db.engine) == set()
    person = {"given_name", "family_name", "nhs_number", "date_of_birth", "postcode"}
    assert person - columns(db.engine, "person") == set()


def derived(name: str) -> bool:
    return directory_search.is_index_table(name) or name == caseload.SUMMARY_TABLE


def not_derived_data(name: str | None, type_: str, _parent: object) -> bool:
    """The directory's search index (FTS5 tables, made by migration 0005) and the caseload
    summary (0006) are derived data kept by triggers, not models: they are left out of the
    comparison, and only they."""
    return not (type_ == "table" and name is not None and derived(name))


def test_the_migrations_build_exactly_the_tables_the_code_declares(db: Database) -> None:
    """A model change without its migration (or the reverse) shows up here."""
    with db.engine.connect() as conn:
        opts = {"compare_type": True, "include_name": not_derived_data}
        context = MigrationContext.configure(conn, opts=opts)
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_the_tables_left_out_of_that_comparison_are_derived_data_alone(db: Database) -> None:
    index = {t for t in tables(db.engine) if derived(t)}
    fts5 = ("", "_data", "_idx", "_docsize", "_config")  # a table and its shadow tables
    assert index == {
        *(f"dir_search{s}" for s in fts5), *(f"dir_search_spelling{s}" for s in fts5),
        "dir_search_words", "dir_search_doc", "dir_search_card", "dir_search_place",
        "dir_search_time", "dir_search_weekday", "dir_search_hour", "dir_search_state",
        "dir_search_pending", "caseload_summary",
    }  # fmt: skip
    assert not any(derived(t) for t in SQLModel.metadata.tables)


def test_every_synced_table_carries_the_sync_columns(db: Database) -> None:
    sync_columns = {"id", "org_id", "created_at", "updated_at", "deleted_at", "version"}
    local = {"outbox", "conflict", "sync_state"}
    missing = {t: sync_columns - columns(db.engine, t) for t in DATA_MODEL - local}
    assert {t: m for t, m in missing.items() if m} == {}


def test_a_database_from_a_newer_app_is_refused_and_left_alone(db: Database, paths: Paths) -> None:
    add_person(db, NewPerson(given_name="Ada", family_name="Okafor"))
    db.close()
    engine = open_engine(paths.database, the_key(paths))
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    before = paths.database.read_bytes()

    with pytest.raises(DatabaseTooNew) as refused:
        Vault(paths).unlock_with_keyring()

    assert "newer version of Linkworker" in refused.value.message
    assert "9999" in refused.value.message
    assert "has not been changed" in refused.value.advice
    assert paths.database.read_bytes() == before
    assert list(paths.backup_dir.iterdir()) == []


NEXT_REVISION = '''
    """Add a nickname to the person (a revision written only for this test)."""

    import sqlalchemy as sa
    from alembic import op

    revision = "NEXT"
    down_revision = "HEAD"
    branch_labels = None
    depends_on = None


    def upgrade() -> None:
        with op.batch_alter_table("person") as batch:
            batch.add_column(sa.Column("nickname", sa.String(), nullable=True))


    def downgrade() -> None:
        with op.batch_alter_table("person") as batch:
            batch.drop_column("nickname")
'''


NEXT = "9001"


def next_revision(source: str) -> str:
    """A test revision placed right after the app's current head."""
    return (
        textwrap.dedent(source)
        .replace('"NEXT"', repr(NEXT))
        .replace('"HEAD"', repr(migrate.SCHEMA_HEAD))
    )


@pytest.fixture
def next_migrations(tmp_path: Path) -> Path:
    """The app's migrations plus one more revision, as a newer release would ship them."""
    scripts = tmp_path / "migrations-next"
    shutil.copytree(migrate.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "next_person_nickname.py").write_text(next_revision(NEXT_REVISION))
    return scripts


def test_an_upgrade_first_keeps_an_encrypted_backup_of_the_old_database(
    db: Database, paths: Paths, next_migrations: Path
) -> None:
    person_id = add_person(db, NewPerson(given_name="Ada", family_name="Okafor"))
    db.close()
    key = the_key(paths)

    engine = open_engine(paths.database, key)
    try:
        backup = migrate.upgrade(
            engine, paths.database, paths.backup_dir, script_location=next_migrations
        )
        assert migrate.current_revision(engine) == NEXT
        assert "nickname" in columns(engine, "person")
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT id FROM person").scalar() == person_id
    finally:
        engine.dispose()

    assert backup is not None and backup.exists()
    assert backup.parent == paths.backup_dir
    assert header(backup) != SQLITE_HEADER
    old = open_engine(backup, key)
    try:
        assert migrate.current_revision(old) == migrate.SCHEMA_HEAD
        assert "nickname" not in columns(old, "person")
        with old.connect() as conn:
            assert conn.exec_driver_sql("SELECT given_name FROM person").scalar() == "Ada"
    finally:
        old.dispose()


def test_a_new_database_needs_no_backup(paths: Paths, next_migrations: Path) -> None:
    paths.ensure()
    engine = open_engine(paths.database, keys.new_database_key())
    try:
        assert (
            migrate.upgrade(
                engine, paths.database, paths.backup_dir, script_location=next_migrations
            )
            is None
        )
        assert migrate.current_revision(engine) == NEXT
    finally:
        engine.dispose()
    assert list(paths.backup_dir.iterdir()) == []


def test_an_up_to_date_database_is_not_backed_up_again(db: Database, paths: Paths) -> None:
    db.close()
    for _ in range(2):
        Vault(paths).unlock_with_keyring().close()  # type: ignore[union-attr]
    assert list(paths.backup_dir.iterdir()) == []


REBUILD_PERSON = '''
    """Change a column type on person: SQLite can only do that by rebuilding the table."""

    import sqlalchemy as sa
    from alembic import op

    revision = "NEXT"
    down_revision = "HEAD"
    branch_labels = None
    depends_on = None


    def upgrade() -> None:
        with op.batch_alter_table("person", recreate="always") as batch:
            batch.alter_column("phone", type_=sa.Text())


    def downgrade() -> None:
        pass
'''


def test_a_migration_that_rebuilds_a_table_keeps_the_records_that_point_at_it(
    db: Database, paths: Paths, tmp_path: Path
) -> None:
    person_id = add_person(db, NewPerson(given_name="Ada", family_name="Okafor"))
    with db.transaction() as s:
        s.add(
            Consent(
                person_id=person_id,
                kind="share with GP",
                given=True,
                recorded_on=dt.date(2026, 11, 2),
            )
        )
    db.close()
    scripts = tmp_path / "migrations-rebuild"
    shutil.copytree(migrate.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "next_rebuild_person.py").write_text(next_revision(REBUILD_PERSON))

    engine = open_engine(paths.database, the_key(paths))
    try:
        migrate.upgrade(engine, paths.database, paths.backup_dir, script_location=scripts)
        assert migrate.current_revision(engine) == NEXT
        with engine.connect() as conn:
            sql = conn.exec_driver_sql
            assert sql("SELECT person_id FROM consent").scalar() == person_id
            assert sql("SELECT id FROM person").scalar() == person_id
            assert sql("PRAGMA foreign_key_check").fetchall() == []
            # Every connection handed out afterwards still enforces foreign keys.
            assert sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()
