"""Where the database key lives, and every way a link worker gets back in (or is told why not)."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from linkworker.care.person import NewPerson
from linkworker.paths import Paths
from linkworker.store import keys
from linkworker.store.database import Database
from linkworker.store.errors import (
    AlreadySetUp,
    DatabaseMissing,
    KeyFileDamaged,
    KeyFileMissing,
    NotSetUp,
    WeakPassphrase,
    WrongPassphrase,
)
from linkworker.store.keys import KEYRING_SERVICE, SecretStore
from linkworker.store.people import add_person, count_people, list_people
from linkworker.store.vault import Vault
from tests.conftest import PASSPHRASE
from tests.support.files import files_containing
from tests.support.keyrings import MemoryKeyring

NEW_PASSPHRASE = "three herons over the weir"


def keyring_entry(paths: Paths) -> str:
    return SecretStore.database_key_name(str(paths.database))


def key_material(key: bytes) -> tuple[bytes, ...]:
    """Every plain spelling of a key someone might leave in a file."""
    return (key, key.hex().encode(), key.hex().upper().encode(), base64.b64encode(key))


def add_someone(db: Database) -> str:
    return add_person(db, NewPerson(given_name="Ada", family_name="Okafor"))


# -- a laptop with a secure keyring -------------------------------------------------------------


def test_with_a_keyring_the_next_start_unlocks_without_a_passphrase(
    paths: Paths, memory_keyring: MemoryKeyring
) -> None:
    vault = Vault(paths)
    assert vault.keyring.secure
    assert "keyring" in vault.keyring.describe()
    db = vault.create(PASSPHRASE)
    person_id = add_someone(db)
    db.close()

    stored = keyring.get_password(KEYRING_SERVICE, keyring_entry(paths))
    assert stored is not None and len(stored) == 64
    assert bytes.fromhex(stored) == keys.load_key_file(paths.key_file).unwrap(PASSPHRASE)

    later = Vault(paths).unlock_with_keyring()
    assert later is not None
    assert [p.id for p in list_people(later)] == [person_id]
    later.close()


def test_the_key_from_the_keyring_is_never_written_to_a_file(
    tmp_path: Path, paths: Paths, memory_keyring: MemoryKeyring
) -> None:
    db = Vault(paths).create(PASSPHRASE)
    add_someone(db)
    key = bytes.fromhex(memory_keyring.secrets[(KEYRING_SERVICE, keyring_entry(paths))])
    assert files_containing(tmp_path, *key_material(key)) == []
    db.close()
    assert files_containing(tmp_path, *key_material(key)) == []


# -- a laptop with no secure keyring -------------------------------------------------------------


def test_without_a_secure_keyring_the_app_works_with_the_passphrase_only(
    tmp_path: Path, paths: Paths, fail_keyring: fail.Keyring
) -> None:
    vault = Vault(paths)
    assert vault.keyring.secure is False
    assert "passphrase only" in vault.keyring.describe()
    db = vault.create(PASSPHRASE)
    add_someone(db)
    db.close()

    again = Vault(paths)
    assert again.unlock_with_keyring() is None
    db = again.unlock_with_passphrase(PASSPHRASE)
    assert count_people(db) == 1

    key = keys.load_key_file(paths.key_file).unwrap(PASSPHRASE)
    assert files_containing(tmp_path, *key_material(key)) == []
    db.close()
    assert files_containing(tmp_path, *key_material(key)) == []


def test_a_plaintext_keyring_is_not_trusted_with_the_key(paths: Paths) -> None:
    class PlaintextKeyring(MemoryKeyring):
        """Stands in for keyrings.alt's file keyring, which keeps secrets in clear."""

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    PlaintextKeyring.__qualname__ = "PlaintextKeyring"
    plaintext = PlaintextKeyring()
    keyring.set_keyring(plaintext)
    vault = Vault(paths)
    assert vault.keyring.secure is False
    vault.create(PASSPHRASE).close()
    assert plaintext.secrets == {}


# -- the passphrase --------------------------------------------------------------------------------


def test_changing_the_passphrase_retires_the_old_one(
    paths: Paths, fail_keyring: fail.Keyring
) -> None:
    db = Vault(paths).create(PASSPHRASE)
    add_someone(db)
    db.close()
    before = paths.database.read_bytes()

    Vault(paths).change_passphrase(PASSPHRASE, NEW_PASSPHRASE)

    assert paths.database.read_bytes() == before  # re-wrapped, not re-encrypted
    with pytest.raises(WrongPassphrase):
        Vault(paths).unlock_with_passphrase(PASSPHRASE)
    db = Vault(paths).unlock_with_passphrase(NEW_PASSPHRASE)
    assert count_people(db) == 1
    db.close()


def test_changing_the_passphrase_needs_the_old_one(
    paths: Paths, fail_keyring: fail.Keyring
) -> None:
    Vault(paths).create(PASSPHRASE).close()
    key_file = paths.key_file.read_bytes()
    with pytest.raises(WrongPassphrase):
        Vault(paths).change_passphrase("not the passphrase at all", NEW_PASSPHRASE)
    assert paths.key_file.read_bytes() == key_file


@pytest.mark.parametrize("weak", ["", "short", "123456789"])
def test_a_short_passphrase_is_refused_and_nothing_is_created(paths: Paths, weak: str) -> None:
    with pytest.raises(WeakPassphrase) as refused:
        Vault(paths).create(weak)
    assert "at least 10 characters" in refused.value.message
    assert not paths.database.exists()
    assert not paths.key_file.exists()


def test_a_short_new_passphrase_is_refused_and_the_old_one_still_works(paths: Paths) -> None:
    Vault(paths).create(PASSPHRASE).close()
    with pytest.raises(WeakPassphrase):
        Vault(paths).change_passphrase(PASSPHRASE, "short")
    Vault(paths).unlock_with_passphrase(PASSPHRASE).close()


def test_setting_up_twice_overwrites_nothing(paths: Paths) -> None:
    db = Vault(paths).create(PASSPHRASE)
    add_someone(db)
    db.close()
    database, key_file = paths.database.read_bytes(), paths.key_file.read_bytes()

    with pytest.raises(AlreadySetUp) as refused:
        Vault(paths).create(NEW_PASSPHRASE)

    assert "nothing was overwritten" in refused.value.advice
    assert paths.database.read_bytes() == database
    assert paths.key_file.read_bytes() == key_file
    db = Vault(paths).unlock_with_passphrase(PASSPHRASE)
    assert count_people(db) == 1
    db.close()


def test_unlocking_before_setting_up_says_so(paths: Paths) -> None:
    with pytest.raises(NotSetUp):
        Vault(paths).unlock_with_keyring()
    with pytest.raises(NotSetUp):
        Vault(paths).unlock_with_passphrase(PASSPHRASE)


# -- recovering from a lost keyring entry or a lost key file ---------------------------------------


def test_a_keyring_that_lost_the_key_is_given_it_back_by_the_passphrase(
    paths: Paths, memory_keyring: MemoryKeyring
) -> None:
    Vault(paths).create(PASSPHRASE).close()
    keyring.delete_password(KEYRING_SERVICE, keyring_entry(paths))

    vault = Vault(paths)
    assert vault.unlock_with_keyring() is None
    db = vault.unlock_with_passphrase(PASSPHRASE)
    db.close()
    assert vault.keyring_restored is True
    assert keyring.get_password(KEYRING_SERVICE, keyring_entry(paths)) is not None

    # Told once: the next unlock (after a lock, say) has nothing to repair and says nothing.
    vault.unlock_with_passphrase(PASSPHRASE).close()
    assert vault.keyring_restored is False

    db = Vault(paths).unlock_with_keyring()
    assert db is not None
    db.close()


def test_a_keyring_holding_the_wrong_key_falls_back_to_the_passphrase(
    paths: Paths, memory_keyring: MemoryKeyring
) -> None:
    Vault(paths).create(PASSPHRASE).close()
    keyring.set_password(KEYRING_SERVICE, keyring_entry(paths), "00" * 32)

    vault = Vault(paths)
    assert vault.unlock_with_keyring() is None
    vault.unlock_with_passphrase(PASSPHRASE).close()
    assert vault.keyring_restored is True
    assert Vault(paths).unlock_with_keyring() is not None


def test_a_lost_key_file_is_noticed_and_can_be_written_again(
    paths: Paths, memory_keyring: MemoryKeyring
) -> None:
    db = Vault(paths).create(PASSPHRASE)
    add_someone(db)
    db.close()
    paths.key_file.unlink()

    vault = Vault(paths)
    db = vault.unlock_with_keyring()
    assert db is not None
    assert vault.recovery_copy_missing is True
    assert count_people(db) == 1
    db.close()

    vault.recreate_key_file(NEW_PASSPHRASE)
    assert vault.recovery_copy_missing is False
    assert paths.key_file.exists()
    # The new recovery copy works on its own, once the keyring has forgotten the key.
    keyring.delete_password(KEYRING_SERVICE, keyring_entry(paths))
    db = Vault(paths).unlock_with_passphrase(NEW_PASSPHRASE)
    assert count_people(db) == 1
    db.close()


def test_a_lost_key_file_with_no_keyring_is_explained_and_the_database_left_alone(
    paths: Paths, fail_keyring: fail.Keyring
) -> None:
    db = Vault(paths).create(PASSPHRASE)
    add_someone(db)
    db.close()
    paths.key_file.unlink()
    before = paths.database.read_bytes()

    vault = Vault(paths)
    assert vault.unlock_with_keyring() is None
    with pytest.raises(KeyFileMissing) as refused:
        vault.unlock_with_passphrase(PASSPHRASE)

    message = str(refused.value)
    assert str(paths.key_file) in message
    assert "is missing" in message
    assert "not in this computer's keyring" in message
    assert "Restore the key file from your backup" in message
    assert paths.database.read_bytes() == before


DAMAGE: dict[str, Callable[[str], str]] = {
    "cut short": lambda text: text[: len(text) // 2],
    "emptied": lambda text: "",
    "unknown kdf": lambda text: text.replace("argon2id", "scrypt"),
    "future version": lambda text: text.replace('"version": 1', '"version": 7'),
    "fields missing": lambda text: json.dumps({"format": "linkworker-key"}),
    "a list": lambda text: "[1, 2, 3]",
    "kdf as text": lambda text: text.replace('"time_cost": 3', '"time_cost": "3"'),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_key_file_is_reported_as_damaged(paths: Paths, damage: str) -> None:
    Vault(paths).create(PASSPHRASE).close()
    damaged = DAMAGE[damage](paths.key_file.read_text())
    assert damaged != paths.key_file.read_text()
    paths.key_file.write_text(damaged)
    before = paths.database.read_bytes()

    with pytest.raises(KeyFileDamaged) as refused:
        Vault(paths).unlock_with_passphrase(PASSPHRASE)
    assert "is damaged" in refused.value.message
    assert paths.database.read_bytes() == before


def test_a_key_file_that_is_not_text_is_reported_as_damaged(paths: Paths) -> None:
    Vault(paths).create(PASSPHRASE).close()
    paths.key_file.write_bytes(b"\xff\xfe\x00garbage\x80")
    with pytest.raises(KeyFileDamaged, match="not text"):
        Vault(paths).unlock_with_passphrase(PASSPHRASE)


@pytest.mark.parametrize("field", ["nonce", "wrapped_key", "salt"])
def test_a_key_file_with_mangled_values_is_reported_as_damaged(paths: Paths, field: str) -> None:
    Vault(paths).create(PASSPHRASE).close()
    body = json.loads(paths.key_file.read_text())
    holder = body["kdf"] if field == "salt" else body
    holder[field] = "!!" + holder[field][2:]  # not base64 any more
    paths.key_file.write_text(json.dumps(body))

    with pytest.raises(KeyFileDamaged):
        Vault(paths).unlock_with_passphrase(PASSPHRASE)


@pytest.mark.parametrize("field", ["nonce", "wrapped_key", "salt"])
def test_a_key_file_with_values_of_the_wrong_size_is_reported_as_damaged(
    paths: Paths, field: str
) -> None:
    Vault(paths).create(PASSPHRASE).close()
    body = json.loads(paths.key_file.read_text())
    holder = body["kdf"] if field == "salt" else body
    holder[field] = base64.b64encode(b"1234").decode()
    paths.key_file.write_text(json.dumps(body))

    with pytest.raises(KeyFileDamaged):
        Vault(paths).unlock_with_passphrase(PASSPHRASE)


def test_a_key_file_asking_for_absurd_memory_is_damaged_not_obeyed(vault: Vault) -> None:
    vault.create(PASSPHRASE).close()
    body = json.loads(vault.paths.key_file.read_text())
    body["kdf"]["memory_kib"] = 64 * 1024 * 1024  # 64 GiB
    vault.paths.key_file.write_text(json.dumps(body))
    with pytest.raises(KeyFileDamaged):
        vault.unlock_with_passphrase(PASSPHRASE)


def test_a_missing_database_beside_its_key_file_is_not_replaced_by_an_empty_one(
    paths: Paths,
) -> None:
    Vault(paths).create(PASSPHRASE).close()
    paths.database.rename(paths.data_dir / "moved-away.db")
    for leftover in paths.data_dir.glob("linkworker.db-*"):
        leftover.unlink()
    with pytest.raises(DatabaseMissing) as caught:
        Vault(paths).unlock_with_passphrase(PASSPHRASE)
    assert "restore the database" in caught.value.advice.lower()
    assert not paths.database.exists()


def test_the_keyring_is_named_as_a_person_knows_it() -> None:
    mac = keys.KeyringStatus(True, "keyring.backends.macOS.Keyring")
    assert "macOS Keychain" in mac.describe()
    none = keys.KeyringStatus(False, "keyring.backends.fail.Keyring")
    assert "passphrase only" in none.describe()
