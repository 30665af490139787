"""Bring the database schema up to date with Alembic, safely.

* A database newer than this code (a revision we do not know) is refused, untouched.
* Before upgrading a database that already has a schema, a copy of the (still encrypted) file is
  written to the backups folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from linkworker.store.errors import DatabaseTooNew
from linkworker.store.tables import utcnow

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(script_location: Path) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(script_location: Path = MIGRATIONS) -> str:
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
    cfg = _config(script_location)
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    current = current_revision(engine)
    if current == head:
        return None
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseTooNew(current)

    backup = None
    if current is not None:
        backup = _backup(engine, db_path, backup_dir, current)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return backup


def _backup(engine: Engine, db_path: Path, backup_dir: Path, revision: str) -> Path:
    backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    stamp = utcnow().strftime("%Y%m%dT%H%M%S")
    target = backup_dir / f"{db_path.stem}-before-upgrade-from-{revision}-{stamp}.db"
    shutil.copy2(db_path, target)
    target.chmod(0o600)
    return target
