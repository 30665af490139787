"""A server whose database is locked by someone else answers "busy" (503, come back in a few
seconds) rather than failing, saves nothing, and takes the same push once the lock is gone."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from linkworker.server.db import create_server_engine, migrate
from linkworker.store.tables import new_id
from tests.server.conftest import build_world


def test_a_locked_database_is_busy_not_broken_and_the_retry_lands(tmp_path: Path) -> None:
    engine = create_server_engine(f"sqlite:///{tmp_path / 'server.db'}", lock_wait_s=0.2)
    migrate(engine)
    world = build_world(engine)
    with world.client:
        alice = world.laptop(world.alice)
        ada = new_id()
        op = alice.op("person", ada, "put", {"given_name": "Ada", "family_name": "Lovelace"})

        blocker = engine.connect()  # a long report, a backup, another writer …
        blocker.begin()  # the server's writers begin IMMEDIATE: this holds the write lock
        try:
            refused = alice.push(op)
        finally:
            blocker.rollback()
            blocker.close()
        assert refused.status_code == 503
        assert refused.json()["code"] == "busy"
        assert "nothing was saved" in refused.json()["detail"]
        assert refused.headers["Retry-After"] == "5"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM applied_op")).scalar() == 0

        [result] = alice.pushed(op)
        assert result["status"] == "applied"
    engine.dispose()
