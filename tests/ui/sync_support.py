"""A real Linkworker server on a loopback port, and a colleague's laptop that syncs with it.

The server is the FastAPI app over a migrated SQLite file, run by uvicorn on a thread. It can be
stopped and started again on the same port, as a server that goes away and comes back. The
colleague's laptop is a second encrypted database in its own folder, driven through the sync
client as the command line does (``linkworker sync``).
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import uvicorn
from sqlalchemy import Engine, select
from sqlmodel import SQLModel

from linkworker.paths import Paths
from linkworker.server import accounts
from linkworker.server import tables as t
from linkworker.server.app import create_app
from linkworker.server.db import create_server_engine, migrate
from linkworker.server.ratelimit import SignInLimiter
from linkworker.store.database import Database
from linkworker.store.vault import Vault
from linkworker.sync import replica
from linkworker.sync.client import SyncReport, enrol, sync_once, transport_for
from linkworker.sync.transport import Transport
from tests.conftest import PASSPHRASE

SERVER_PASSWORD = "correct horse battery staple"
M = TypeVar("M", bound=SQLModel)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """uvicorn serving the app on 127.0.0.1; ``stop`` and ``start`` keep the same address."""

    def __init__(self, engine: Engine, limiter: SignInLimiter) -> None:
        self.engine = engine
        self.app = create_app(engine, limiter)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            access_log=False,
            lifespan="off",
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, name="linkworker-test-server", daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        self._server, self._thread = server, thread

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=30)
        self._server = self._thread = None

    @property
    def running(self) -> bool:
        return self._server is not None


@dataclass
class Organisation:
    server: LiveServer
    org_id: str
    team_id: str
    alice: str  # worker ids; Alice Adams and Bob Brown are link workers in the same team
    bob: str

    @property
    def url(self) -> str:
        return self.server.url

    def records(self, entity: str) -> dict[str, dict[str, Any]]:
        """The server's current values of every record of one kind, by id."""
        return {entity_id: dict(doc["values"]) for entity_id, doc in self._docs(entity)}

    def conflicted(self, entity: str) -> dict[str, list[str]]:
        """Records of one kind with guarded fields in conflict on the server: their fields."""
        found: dict[str, list[str]] = {}
        for entity_id, doc in self._docs(entity):
            pools = doc.get("candidates") or {}
            fields = [f for f, pool in pools.items() if len({repr(c[0]) for c in pool}) > 1]
            if fields:
                found[entity_id] = fields
        return found

    def _docs(self, entity: str) -> list[tuple[str, dict[str, Any]]]:
        r = t.record.c
        with self.server.engine.connect() as conn:
            rows = conn.execute(
                select(r.entity_id, r.doc).where(r.org_id == self.org_id, r.entity == entity)
            ).all()
        return [(str(entity_id), dict(doc)) for entity_id, doc in rows]

    def revoke(self, device_id: str) -> None:
        with self.server.engine.begin() as conn:
            accounts.revoke_device(conn, self.org_id, device_id)


def build_organisation(folder: Path, limiter: SignInLimiter) -> Organisation:
    engine = create_server_engine(f"sqlite:///{folder / 'server.db'}")
    migrate(engine)
    with engine.begin() as conn:
        org = accounts.init_org(conn, "North PCN", "Q00001")
        team = accounts.add_team(conn, org, "Canal Side")
        alice = accounts.add_worker(
            conn, org, "alice", "Alice Adams", "link worker", SERVER_PASSWORD, team
        )
        bob = accounts.add_worker(
            conn, org, "bob", "Bob Brown", "link worker", SERVER_PASSWORD, team
        )
    server = LiveServer(engine, limiter)
    server.start()
    return Organisation(server, org, team, alice, bob)


class Laptop:
    """A colleague's laptop: its own encrypted database, enrolled, synced on demand."""

    def __init__(self, root: Path, url: str, username: str) -> None:
        self.paths = Paths.under(root).ensure()
        self.vault = Vault(self.paths)
        self.db: Database = self.vault.create(PASSPHRASE)
        transport = Transport(url)
        try:
            enrol(self.db, self.vault, transport, username, SERVER_PASSWORD, f"{username}-laptop")
        finally:
            transport.close()

    def sync(self) -> SyncReport:
        transport = transport_for(self.db, self.vault)
        assert transport is not None
        try:
            return sync_once(self.db, transport)
        finally:
            transport.close()

    def get(self, model: type[M], row_id: str) -> M:
        with self.db.reading() as s:
            row = s.get(model, row_id)
            assert row is not None
            return row

    def edit(self, model: type[M], row_id: str, **changes: Any) -> None:
        with self.db.transaction() as s:
            row = s.get(model, row_id)
            assert row is not None
            for name, value in changes.items():
                setattr(row, name, value)

    def counts(self) -> replica.Counts:
        return replica.counts(self.db)

    def close(self) -> None:
        self.db.close()
