"""The server's database: SQLite by default, PostgreSQL when the URL says so; migrated by Alembic.

SQLite: WAL, ``synchronous=NORMAL``, writers take ``BEGIN IMMEDIATE`` so pushes queue rather than
fail. PostgreSQL: psycopg 3; the pull runs at REPEATABLE READ so its queries see one snapshot.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).with_name("migrations")
READ_ONLY = "linkworker_read_only"


class ServerDatabaseError(RuntimeError):
    """The server database cannot be used; the message says why and what to do."""


def default_database_url() -> str:
    """A SQLite file in the server's data folder (``LINKWORKER_SERVER_HOME`` overrides it)."""
    home = os.environ.get("LINKWORKER_SERVER_HOME")
    if home:
        folder = Path(home)
    else:
        from platformdirs import user_data_path

        folder = user_data_path("linkworker-server", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return f"sqlite:///{folder / 'server.db'}"


def create_server_engine(url: str, lock_wait_s: float = 30.0) -> Engine:
    """``lock_wait_s``: how long a SQLite writer waits for another to finish before the request
    is answered "busy" (503)."""
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise ServerDatabaseError(
            f"That database URL cannot be read: {type(exc).__name__}"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = create_engine(
            parsed, connect_args={"check_same_thread": False, "timeout": lock_wait_s}
        )
        busy_ms = int(lock_wait_s * 1000)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None
            dbapi_conn.execute("PRAGMA journal_mode = WAL")
            dbapi_conn.execute("PRAGMA synchronous = NORMAL")
            dbapi_conn.execute(f"PRAGMA busy_timeout = {busy_ms}")

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            read_only = conn.get_execution_options().get(READ_ONLY, False)
            conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        # Many-row inserts as psycopg's pipelined executemany of one short statement, not one
        # statement with thousands of parameters (parsed afresh by psycopg every time).
        return create_engine(
            parsed, pool_size=20, max_overflow=20, pool_pre_ping=True, use_insertmanyvalues=False
        )
    raise ServerDatabaseError("The server keeps its data in SQLite or PostgreSQL only.")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (creating it on a new database)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def check_ready(engine: Engine) -> None:
    """Refuse to serve an empty or half-made database."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            if not inspect(conn).has_table("record"):
                raise ServerDatabaseError(
                    "This server database has no tables yet. Run 'linkworker-server init-org' "
                    "first (it creates them)."
                )
    except ServerDatabaseError:
        raise
    except Exception as exc:
        raise ServerDatabaseError(
            f"The server database cannot be opened ({type(exc).__name__}). Check the URL, that "
            "the database server is running, and the user's rights."
        ) from None
