"""Pulling the plug mid-save: the database stays whole; every save reported is there, with its op.

A writer process adds people in a loop and prints each id once committed. The test kills it with
SIGKILL at a random moment, again and again, and after each kill opens the database and checks it.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from linkworker.paths import Paths
from linkworker.store.database import Database
from linkworker.store.keys import SecretStore
from linkworker.store.vault import Vault
from tests.conftest import PASSPHRASE, PYTHON, subprocess_env
from tests.support.keyrings import FileKeyring

KILLS = 30
SEED = 20261123


def write_until_killed(env: dict[str, str], pause: float) -> list[str]:
    """Start the writer, let it commit at least once, wait ``pause`` seconds, kill it."""
    writer = subprocess.Popen(
        [PYTHON, "-m", "tests.support.writer"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None and writer.stderr is not None
    try:
        first = writer.stdout.readline()
        assert first.endswith("\n"), f"the writer stopped before saving: {writer.stderr.read()}"
        time.sleep(pause)
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    assert writer.returncode == -signal.SIGKILL
    rest = writer.stdout.read()
    writer.stdout.close()
    writer.stderr.close()
    # Only whole lines: a line cut short by the kill is not a report of a save.
    return [line for line in (first + rest).split("\n")[:-1]]


def rows(db: Database, sql: str) -> list[tuple[object, ...]]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql).fetchall()]


def check_whole(db: Database, reported: set[str]) -> int:
    """Check the database after a crash; return how many people it holds."""
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "PRAGMA cipher_integrity_check") == []

    people = {pid for (pid,) in rows(db, "SELECT id FROM person")}
    assert reported - people == set(), "a save the writer reported is missing"

    for table in ("person", "audit_event"):
        wrong = rows(
            db,
            f"SELECT t.id, count(o.op_id) FROM {table} t "
            f"LEFT JOIN outbox o ON o.entity = '{table}' AND o.entity_id = t.id "
            "GROUP BY t.id HAVING count(o.op_id) != 1",
        )
        assert wrong == [], f"{table} rows without exactly one outbox op"
    orphans = rows(
        db,
        "SELECT o.entity, o.entity_id FROM outbox o "
        "LEFT JOIN person p ON o.entity = 'person' AND p.id = o.entity_id "
        "LEFT JOIN audit_event a ON o.entity = 'audit_event' AND a.id = o.entity_id "
        "WHERE p.id IS NULL AND a.id IS NULL",
    )
    assert orphans == [], "outbox ops whose row was never committed"

    # Each person came with its audit event, in the same transaction.
    unaudited = rows(
        db,
        "SELECT p.id FROM person p LEFT JOIN audit_event a "
        "ON a.entity_id = p.id AND a.action = 'created' WHERE a.id IS NULL",
    )
    assert unaudited == []

    # The op numbering has no gaps and the counter is ready for the next op.
    [(count, low, high)] = rows(db, "SELECT count(*), min(device_seq), max(device_seq) FROM outbox")
    assert (low, high) == (1, count)
    assert rows(db, "SELECT next_device_seq FROM sync_state") == [(count + 1,)]
    return len(people)


@pytest.mark.slow
def test_killing_the_app_mid_save_never_loses_or_half_writes_a_person(
    tmp_path: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = subprocess_env(tmp_path)
    subprocess.run(
        [PYTHON, "-m", "linkworker", "init"],
        env={**env, "LINKWORKER_PASSPHRASE": PASSPHRASE},
        check=True,
        capture_output=True,
    )
    # This process unlocks from the same file keyring the writer uses.
    monkeypatch.setenv("LINKWORKER_TEST_KEYRING_FILE", env["LINKWORKER_TEST_KEYRING_FILE"])
    vault = Vault(paths, SecretStore(FileKeyring()))
    rng = random.Random(SEED)

    reported: set[str] = set()
    held = 0
    for kill in range(KILLS):
        pause = rng.uniform(0.0, 0.150)
        ids = write_until_killed(env, pause)
        assert ids, f"kill {kill}: nothing reported"
        reported.update(ids)

        db = vault.unlock_with_keyring()
        assert db is not None
        try:
            now_held = check_whole(db, reported)
        finally:
            db.close()
        assert now_held >= held + len(ids), f"kill {kill} after {pause:.3f}s"
        held = now_held
