"""Setting up, unlocking and re-keying the local database.

vault = Vault(paths)
db = vault.create(passphrase)              # first run
db = vault.unlock_with_keyring()           # later runs: None if the keyring cannot help
db = vault.unlock_with_passphrase(text)    # otherwise, or after a lock
vault.change_passphrase(old, new)          # re-wraps the key; the database is not re-encrypted
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from linkworker.paths import Paths
from linkworker.store import keys, migrate
from linkworker.store.database import Database
from linkworker.store.engine import open_engine
from linkworker.store.errors import (
    AlreadySetUp,
    DatabaseMissing,
    KeyFileMissing,
    KeyMismatch,
    NotSetUp,
    PassphraseNeeded,
    classify,
)
from linkworker.store.keys import KeyFile, KeyringStatus, SecretStore
from linkworker.store.tables import SyncState

PASSPHRASE_ENV = "LINKWORKER_PASSPHRASE"


class Vault:
    def __init__(self, paths: Paths, secrets: SecretStore | None = None) -> None:
        self.paths = paths
        self.secrets = secrets or SecretStore()
        self.last_backup: Path | None = None
        # Set after an unlock that had no key file: the user should choose a passphrase again.
        self.recovery_copy_missing = False
        # Set after a passphrase unlock on a secure keyring that had lost the key (now restored).
        self.keyring_restored = False

    # -- state ----------------------------------------------------------------------------------

    @property
    def keyring(self) -> KeyringStatus:
        return self.secrets.status

    def is_set_up(self) -> bool:
        return self.paths.database.exists() or self.paths.key_file.exists()

    @property
    def _keyring_name(self) -> str:
        return SecretStore.database_key_name(str(self.paths.database))

    # -- first run ------------------------------------------------------------------------------

    def create(self, passphrase: str) -> Database:
        """Create the key, the key file, the encrypted database and its schema."""
        keys.check_passphrase(passphrase)
        if self.is_set_up():
            raise AlreadySetUp(self.paths.database)
        self.paths.ensure()
        key = keys.new_database_key()
        key_file = KeyFile.wrap(key, passphrase, keys.new_database_id())
        # The key file first: a key must never exist only inside a database it opens.
        keys.save_key_file(self.paths.key_file, key_file)
        db = self._open(key)
        self.secrets.set(self._keyring_name, key.hex())
        return db

    # -- unlocking ------------------------------------------------------------------------------

    def unlock_with_keyring(self) -> Database | None:
        """Open with the key from the OS keyring, or None when it is not there or does not fit."""
        self.keyring_restored = False
        if not self.paths.database.exists():
            if not self.paths.key_file.exists():
                raise NotSetUp(self.paths.database)
            return None
        stored = self.secrets.get(self._keyring_name)
        if not stored:
            return None
        try:
            key = bytes.fromhex(stored)
        except ValueError:
            return None
        try:
            db = self._open(key)
        except KeyMismatch:
            return None
        self.recovery_copy_missing = not self.paths.key_file.exists()
        return db

    def unlock_with_passphrase(self, passphrase: str) -> Database:
        self.keyring_restored = False
        if not self.is_set_up():
            raise NotSetUp(self.paths.database)
        if not self.paths.database.exists():
            # Opening now would quietly start an empty database beside the key file.
            raise DatabaseMissing(self.paths.database)
        key = keys.load_key_file(self.paths.key_file).unwrap(passphrase)
        db = self._open(key)
        self.recovery_copy_missing = False
        if self.keyring.secure and self.secrets.get(self._keyring_name) != key.hex():
            self.keyring_restored = self.secrets.set(self._keyring_name, key.hex())
        return db

    def unlock_from_environment(self) -> Database:
        """For scripts: the keyring, else the passphrase in LINKWORKER_PASSPHRASE."""
        db = self.unlock_with_keyring()
        if db is not None:
            return db
        passphrase = os.environ.get(PASSPHRASE_ENV)
        if passphrase is None:
            if not self.paths.key_file.exists():
                raise KeyFileMissing(self.paths.key_file)
            raise PassphraseNeeded(PASSPHRASE_ENV)
        return self.unlock_with_passphrase(passphrase)

    # -- passphrase -----------------------------------------------------------------------------

    def change_passphrase(self, old: str, new: str) -> None:
        """Re-wrap the key under a new passphrase. The old one stops working at once."""
        keys.check_passphrase(new)
        current = keys.load_key_file(self.paths.key_file)
        key = current.unwrap(old)
        keys.save_key_file(self.paths.key_file, KeyFile.wrap(key, new, current.database_id))

    def recreate_key_file(self, passphrase: str) -> None:
        """Write a new recovery copy after the key file was lost (unlocked from the keyring)."""
        keys.check_passphrase(passphrase)
        stored = self.secrets.get(self._keyring_name)
        if not stored:
            raise KeyFileMissing(self.paths.key_file)
        key_file = KeyFile.wrap(bytes.fromhex(stored), passphrase, keys.new_database_id())
        keys.save_key_file(self.paths.key_file, key_file)
        self.recovery_copy_missing = False

    # -- the device token and wiping ------------------------------------------------------------

    @property
    def _token_name(self) -> str:
        return f"device-token/{self.paths.database}"

    def save_device_token(self, db: Database, token: str | None) -> None:
        """Keep the server's device token: in the OS keyring when it is secure, otherwise in
        this (encrypted) database. ``None`` forgets it."""
        in_keyring = token is not None and self.secrets.set(self._token_name, token)
        if token is None:
            self.secrets.delete(self._token_name)
        with db.transaction() as s:
            state = s.get(SyncState, 1)
            assert state is not None
            state.device_token = None if in_keyring else token

    def device_token(self, db: Database) -> str | None:
        with db.reading() as s:
            state = s.get(SyncState, 1)
            in_db = state.device_token if state is not None else None
        return in_db or self.secrets.get(self._token_name)

    def wipe(self, db: Database | None) -> None:
        """Remove this laptop's local data and keys (the administrator revoked it).

        The database, its journal files, the key file, the backups and the keyring entries go;
        the settings file stays (it holds only window positions and preferences).
        """
        if db is not None:
            db.close()
        for name in (self._keyring_name, self._token_name):
            self.secrets.delete(name)
        database = self.paths.database
        doomed = [
            database,
            database.with_name(database.name + "-wal"),
            database.with_name(database.name + "-shm"),
            database.with_name(database.name + "-journal"),
            self.paths.key_file,
        ]
        if self.paths.backup_dir.exists():
            doomed.extend(p for p in self.paths.backup_dir.iterdir() if p.is_file())
        for path in doomed:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    # -- internals ------------------------------------------------------------------------------

    def _open(self, key: bytes) -> Database:
        self.paths.ensure()
        engine = open_engine(self.paths.database, key)
        try:
            self.last_backup = migrate.upgrade(engine, self.paths.database, self.paths.backup_dir)
            db = Database(engine, self.paths.database)
            db.ensure_device_state()
        except BaseException as exc:
            engine.dispose()
            fault = classify(exc)
            if fault is not None:
                raise fault from exc
            raise
        os.chmod(self.paths.database, 0o600)
        return db
