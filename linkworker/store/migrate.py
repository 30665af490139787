"""Bring the database schema up to date with Alembic, safely.

* A database newer than this code (a revision we do not know) is refused, untouched.
* Before upgrading a database that already has a schema, a copy of the (still encrypted) file is
  written to the backups folder.
* A database already at ``SCHEMA_HEAD`` is recognised with one query, without loading Alembic,
  so a normal start stays quick. A test checks ``SCHEMA_HEAD`` is Alembic's head.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

from linkworker.store.engine import checkpoint
from linkworker.store.errors import DatabaseTooNew
from linkworker.store.tables import utcnow

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
SCHEMA_HEAD = "0007"


def _config(script_location: Path) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        ).first()
        if not has_table:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return str(row[0]) if row else None


def head_revision(script_location: Path = MIGRATIONS) -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config(script_location)).get_current_head()
    assert head is not None
    return head


def upgrade(
    engine: Engine,
    db_path: Path,
    backup_dir: Path,
    script_location: Path = MIGRATIONS,
) -> Path | None:
    """Upgrade to the newest schema. Returns the backup file written, if any."""
    current = current_revision(engine)
    if current == SCHEMA_HEAD and script_location == MIGRATIONS:
        return None

    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = _config(script_location)
    script = ScriptDirectory.from_config(cfg)
    if current == script.get_current_head():
        return None
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseTooNew(current)

    backup = None
    if current is not None:
        backup = _backup(engine, db_path, backup_dir, current)
    with engine.connect() as conn:
        # Rebuilding a table (batch mode) drops it: with foreign keys on, that fails (or cascades)
        # once other rows point at it. SQLite ignores this PRAGMA inside a transaction, so it is
        # set on the driver connection first; references are checked before committing instead.
        driver = conn.connection.driver_connection
        assert driver is not None
        driver.execute("PRAGMA foreign_keys = OFF")
        # The rebuilt table is renamed into place at the end. SQLite's modern rename first checks
        # every trigger in the schema, and the directory search's triggers name the table being
        # rebuilt, missing at that moment, so it would refuse; the legacy rename only renames.
        # (The rebuilt table's own triggers go with the old table: a migration that rebuilds a
        # directory table creates them again; tests/store/test_directory_search.py checks.)
        driver.execute("PRAGMA legacy_alter_table = ON")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left {len(broken)} broken references")
        finally:
            driver.execute("PRAGMA legacy_alter_table = OFF")
            driver.execute("PRAGMA foreign_keys = ON")
    return backup


def _backup(engine: Engine, db_path: Path, backup_dir: Path, revision: str) -> Path:
    backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    checkpoint(engine)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S")
    target = backup_dir / f"{db_path.stem}-before-upgrade-from-{revision}-{stamp}.db"
    shutil.copy2(db_path, target)
    target.chmod(0o600)
    return target
