"""An open, unlocked database: the engine, sessions with change capture, and closing it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from linkworker.care.hlc import wall_clock_ms
from linkworker.store import capture
from linkworker.store.engine import READ_ONLY
from linkworker.store.errors import classify
from linkworker.store.tables import SyncState, new_id


class Database:
    def __init__(self, engine: Engine, path: Path) -> None:
        self.engine = engine
        self.path = path
        # How far this laptop's clock is off (tests skew it; a real laptop's is what it is).
        self.clock_skew_ms = 0
        info = {"wall_clock": self.wall_clock_ms}
        self._sessions = sessionmaker(engine, class_=Session, expire_on_commit=False, info=info)
        capture.install(self._sessions)
        readers = engine.execution_options(**{READ_ONLY: True})
        self._readers = sessionmaker(readers, class_=Session, expire_on_commit=False, info=info)
        capture.install(self._readers)
        self._closed = False

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error.

        Driver errors the user can act on (disk full, database busy) come out as EnvironmentFault.
        """
        with self._faults_explained(), self._sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only look at one consistent snapshot; nothing is committed, no writer waits."""
        with self._faults_explained(), self._readers() as session:
            yield session

    def wall_clock_ms(self) -> int:
        return wall_clock_ms() + self.clock_skew_ms

    @contextmanager
    def replicating(self) -> Iterator[Connection]:
        """A write transaction for applying what the server sent, outside change capture.

        Foreign keys are checked by the server's order, not row by row: a page may hold a record
        before the one it points at (which comes in a later page of the same sync), so they are
        off for this connection while it applies, and back on before it returns to the pool.
        """
        with self._faults_explained(), self.engine.connect() as conn:
            raw = conn.connection.dbapi_connection  # outside any transaction, as SQLite requires
            assert raw is not None
            raw.execute("PRAGMA foreign_keys = OFF")
            try:
                with conn.begin():
                    yield conn
            finally:
                raw.execute("PRAGMA foreign_keys = ON")

    @contextmanager
    def _faults_explained(self) -> Iterator[None]:
        if self._closed:
            raise RuntimeError("the database is locked")
        try:
            yield
        except Exception as exc:
            fault = classify(exc)
            if fault is not None:
                raise fault from exc
            raise

    def ensure_device_state(self) -> None:
        """Give a new database its device identity and counters (sync_state row 1)."""
        with self.transaction() as s:
            if s.get(SyncState, 1) is None:
                s.add(SyncState(id=1, device_id=new_id().replace("-", ""), org_id=new_id()))

    def device_id(self) -> str:
        with self.reading() as s:
            state = s.get(SyncState, 1)
            assert state is not None
            return state.device_id

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Dispose of the engine: every pooled connection (and the key it holds) is closed."""
        if not self._closed:
            self._closed = True
            self.engine.dispose()
