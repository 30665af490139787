"""An open, unlocked database: the engine, sessions with change capture, and closing it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from linkworker.store import capture
from linkworker.store.engine import READ_ONLY
from linkworker.store.errors import classify
from linkworker.store.tables import SyncState, new_id


class Database:
    def __init__(self, engine: Engine, path: Path) -> None:
        self.engine = engine
        self.path = path
        self._sessions = sessionmaker(engine, class_=Session, expire_on_commit=False)
        capture.install(self._sessions)
        readers = engine.execution_options(**{READ_ONLY: True})
        self._readers = sessionmaker(readers, class_=Session, expire_on_commit=False)
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
