"""The encrypted SQLite engine: SQLCipher 4 through SQLAlchemy, with a raw 256-bit key.

Every connection is keyed with ``PRAGMA key = "x'<64 hex>'"`` (no key derivation on open), checked
against the file before anything else, then set to WAL, ``synchronous=FULL``, foreign keys on and
temporary tables in memory (so nothing decrypted ever lands in a temp file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from linkworker.store.errors import DatabaseUnavailable, KeyMismatch, classify

READ_ONLY = "linkworker_read_only"  # execution option: begin a deferred (reading) transaction


def _connect(path: Path, key: bytes | None) -> Any:
    conn = sqlcipher3.connect(str(path), timeout=10.0, check_same_thread=False)
    try:
        if key is not None:
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            version = conn.execute("PRAGMA cipher_version").fetchone()
            if not version or not version[0]:
                raise DatabaseUnavailable("This build of SQLite has no encryption (SQLCipher).")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            if "not a database" in str(exc).lower():
                raise KeyMismatch() from None
            raise
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA temp_store = MEMORY")
        # 32 MiB of decrypted pages per connection (SQLite's default is 8): the caseload's indexes
        # stay decrypted between one look at them and the next.
        conn.execute("PRAGMA cache_size = -32768")
        conn.execute("PRAGMA busy_timeout = 10000")
    except BaseException as exc:
        conn.close()
        fault = classify(exc)
        if fault is not None:
            raise fault from None
        raise
    return conn


def create_encrypted_engine(path: Path, key: bytes | None) -> Engine:
    """An engine for the database at ``path``. ``key=None`` gives plain SQLite (benchmarks only)."""
    engine = create_engine(
        "sqlite://",
        creator=lambda: _connect(path, key),
        module=sqlcipher3,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
        pool_pre_ping=False,
    )

    # pysqlite-style drivers begin transactions lazily and ignore BEGIN; take control so that
    # a whole unit of work (rows plus their outbox ops) is one real transaction.
    @event.listens_for(engine, "connect")
    def _no_implicit_transactions(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None

    # Writers take the write lock at once, so two writers queue rather than deadlock. Readers
    # (connections with READ_ONLY set) take a snapshot only: with WAL they never block a writer.
    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        read_only = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def open_engine(path: Path, key: bytes) -> Engine:
    """Create the engine and open one connection now, so a wrong key fails here, not later."""
    engine = create_encrypted_engine(path, key)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except BaseException:
        engine.dispose()
        raise
    return engine


def checkpoint(engine: Engine) -> None:
    """Fold the WAL into the main file (outside any transaction, as SQLite requires)."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
    finally:
        raw.close()
