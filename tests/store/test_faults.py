"""When the computer is at fault (disk full, database busy, damaged file) the worker gets a clear
message saying what to do, and nothing already saved is lost."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from linkworker.care.person import NewPerson
from linkworker.store.database import Database
from linkworker.store.engine import checkpoint, open_engine
from linkworker.store.errors import DatabaseBusy, DatabaseDamaged, DiskFull, KeyMismatch
from linkworker.store.people import add_person, list_people
from linkworker.store.tables import Person
from linkworker.store.vault import Vault
from tests.conftest import PASSPHRASE


def _person(n: int) -> NewPerson:
    return NewPerson(given_name="Ann", family_name=f"Example{n}")


def test_disk_full_is_reported_and_earlier_work_is_kept(db: Database) -> None:
    first = add_person(db, _person(0))
    # SQLite reports SQLITE_FULL, exactly as on a full disk, once the file reaches max_page_count.
    with db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(db.engine, "connect")
    def _cap(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 2}")

    db.engine.dispose()
    big = "x" * 4000
    with pytest.raises(DiskFull) as caught:
        for n in range(1, 200):
            add_person(
                db, NewPerson(given_name="Ann", family_name=f"Example{n}", preferred_name=big[:90])
            )
            with db.transaction() as s:
                s.add(Person(given_name="Pad", family_name="Ding", risk_notes=big))
    assert "disk" in caught.value.message.lower()
    assert "free some disk space" in caught.value.advice.lower()
    event.remove(db.engine, "connect", _cap)
    db.engine.dispose()
    assert first in {p.id for p in list_people(db)}


def test_a_busy_database_says_another_copy_may_be_open(db: Database) -> None:
    add_person(db, _person(0))
    other = db.engine.raw_connection()
    other.driver_connection.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:

        @event.listens_for(db.engine, "connect")
        def _short_wait(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            dbapi_conn.execute("PRAGMA busy_timeout = 100")

        with pytest.raises(DatabaseBusy) as caught, db.transaction() as s:
            s.connection()
        assert "another copy of linkworker" in caught.value.advice.lower()
    finally:
        other.driver_connection.execute("ROLLBACK")
        other.close()


def test_a_damaged_file_is_reported_not_crashed_on(vault: Vault) -> None:
    db = vault.create(PASSPHRASE)
    for n in range(300):
        add_person(db, _person(n))
    checkpoint(db.engine)
    db.close()
    path = vault.paths.database
    before = path.stat().st_size
    data = bytearray(path.read_bytes())
    # Scribble over every page but the first: SQLCipher's per-page HMAC catches it.
    for page in range(4096, len(data), 4096):
        data[page + 100 : page + 200] = b"\x00" * 100
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged) as caught:
        db = vault.unlock_with_passphrase(PASSPHRASE)
        try:
            list_people(db)
        finally:
            db.close()
    assert "backups" in caught.value.advice
    assert path.stat().st_size == before  # reported, not "repaired" or replaced


def test_a_scrambled_first_page_reads_as_cannot_unlock(vault: Vault) -> None:
    vault.create(PASSPHRASE).close()
    path = vault.paths.database
    data = bytearray(path.read_bytes())
    data[0:64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    with pytest.raises(KeyMismatch):
        vault.unlock_with_passphrase(PASSPHRASE)
    with pytest.raises(KeyMismatch):
        open_engine(path, b"\x01" * 32)
