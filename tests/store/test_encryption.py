"""What is on the disk is unreadable without the key: nothing about a person leaks into any file."""

from __future__ import annotations

import secrets
import sqlite3
import subprocess
from pathlib import Path

import pytest

from linkworker.care.person import NewPerson
from linkworker.paths import Paths
from linkworker.store import keys, migrate
from linkworker.store.database import Database
from linkworker.store.engine import create_encrypted_engine, open_engine
from linkworker.store.errors import KeyMismatch, WrongPassphrase
from linkworker.store.people import add_person, list_people
from linkworker.store.vault import Vault
from tests.conftest import PASSPHRASE, PYTHON, subprocess_env
from tests.support.files import SQLITE_HEADER, every_file, files_containing, header

GIVEN, FAMILY = "Zephyrine", "Quillfeather"
NHS_NUMBER = "9434765919"
PERSONAL = (GIVEN.encode(), FAMILY.encode(), NHS_NUMBER.encode(), b"943 476 5919")

ZEPHYRINE = NewPerson(
    given_name=GIVEN, family_name=FAMILY, nhs_number=NHS_NUMBER, postcode="SW1A 1AA"
)


def test_a_person_saved_in_the_app_cannot_be_found_in_any_file(
    tmp_path: Path, vault: Vault, paths: Paths
) -> None:
    db = vault.create(PASSPHRASE)
    add_person(db, ZEPHYRINE)
    # The write sits in the write-ahead log until a checkpoint: look while the database is open.
    wal = paths.database.with_name(paths.database.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    assert [p.name for p in every_file(tmp_path / "tmp")] == []  # nothing spilled to TMPDIR
    assert files_containing(tmp_path, *PERSONAL) == []
    [saved] = list_people(db)
    assert (saved.given_name, saved.family_name, saved.nhs_number) == (
        GIVEN,
        FAMILY,
        "943 476 5919",
    )
    db.close()
    assert files_containing(tmp_path, *PERSONAL) == []


def test_the_same_person_in_a_plain_sqlite_file_would_be_found(tmp_path: Path) -> None:
    """The control: the search above does find a name when a database is not encrypted."""
    plain = tmp_path / "plain" / "plain.db"
    plain.parent.mkdir()
    engine = create_encrypted_engine(plain, key=None)
    migrate.upgrade(engine, plain, tmp_path / "plain" / "backups")
    db = Database(engine, plain)
    db.ensure_device_state()
    add_person(db, ZEPHYRINE)
    db.close()
    assert header(plain) == SQLITE_HEADER
    found = {needle for _, needle in files_containing(tmp_path / "plain", *PERSONAL)}
    assert found == {GIVEN.encode(), FAMILY.encode(), NHS_NUMBER.encode()}


def test_a_person_added_from_the_command_line_cannot_be_found_in_any_file(tmp_path: Path) -> None:
    env = subprocess_env(tmp_path, LINKWORKER_PASSPHRASE=PASSPHRASE)
    run = [PYTHON, "-m", "linkworker"]
    subprocess.run([*run, "init"], env=env, check=True, capture_output=True)
    added = subprocess.run(
        [*run, "add-person", "--given", GIVEN, "--family", FAMILY, "--nhs-number", "943 476 5919"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    listed = subprocess.run(
        [*run, "list-people"], env=env, check=True, capture_output=True, text=True
    )
    assert f"{FAMILY}, {GIVEN}" in listed.stdout
    assert added.stdout.strip() in listed.stdout
    assert files_containing(tmp_path, *PERSONAL) == []


def test_the_database_file_does_not_look_like_sqlite(db: Database, paths: Paths) -> None:
    add_person(db, ZEPHYRINE)
    db.close()
    assert paths.database.stat().st_size > 0
    assert header(paths.database) != SQLITE_HEADER


def test_plain_sqlite_cannot_read_the_database(db: Database, paths: Paths) -> None:
    add_person(db, ZEPHYRINE)
    db.close()
    conn = sqlite3.connect(paths.database)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def test_a_different_key_is_told_it_cannot_unlock(db: Database, paths: Paths) -> None:
    db.close()
    with pytest.raises(KeyMismatch) as refused:
        open_engine(paths.database, secrets.token_bytes(keys.KEY_BYTES))
    assert "does not open this database" in refused.value.message
    assert "Nothing has been changed" in refused.value.advice


def test_the_right_key_does_unlock(db: Database, paths: Paths) -> None:
    """The control for the wrong key: the key from the key file opens the same file."""
    add_person(db, ZEPHYRINE)
    db.close()
    key = keys.load_key_file(paths.key_file).unwrap(PASSPHRASE)
    engine = open_engine(paths.database, key)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT given_name FROM person").scalar() == GIVEN
    finally:
        engine.dispose()


def test_a_wrong_passphrase_is_told_so_plainly(db: Database, paths: Paths) -> None:
    db.close()
    with pytest.raises(WrongPassphrase) as refused:
        Vault(paths).unlock_with_passphrase("a walk by the canal on Wednesdays")
    assert str(refused.value) == (
        "That passphrase does not unlock this database. "
        "Check the passphrase and try again. Nothing has been changed."
    )


def test_every_connection_is_encrypted_durable_and_checks_foreign_keys(db: Database) -> None:
    # Two connections at once, so the pool has to make (and set up) more than one.
    first, second = db.engine.raw_connection(), db.engine.raw_connection()
    try:
        assert first.driver_connection is not second.driver_connection
        for conn in (first, second):
            cur = conn.cursor()

            def pragma(name: str, cur: object = cur) -> object:
                return cur.execute(f"PRAGMA {name}").fetchone()[0]  # type: ignore[attr-defined]

            assert pragma("cipher_version")
            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 2  # FULL
            assert pragma("foreign_keys") == 1
            assert pragma("temp_store") == 2  # MEMORY: no decrypted temporary files
    finally:
        first.close()
        second.close()
