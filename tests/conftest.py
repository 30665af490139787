"""Every test gets its own Linkworker home, temp folder and keyring; none touches the real ones."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from linkworker.paths import Paths
from linkworker.store.database import Database
from linkworker.store.vault import Vault
from tests.support.keyrings import MemoryKeyring

# pg_admin_url, pg_url and server_db_url: PostgreSQL when LINKWORKER_TEST_PG is set, else a skip.
pytest_plugins = ["tests.support.postgres"]

PASSPHRASE = "a walk by the canal on Tuesdays"
REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("LINKWORKER_HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / "user" / var.lower()))
    monkeypatch.delenv("LINKWORKER_PASSPHRASE", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield home
    keyring.set_keyring(previous)


@pytest.fixture
def paths() -> Paths:
    return Paths.default().ensure()


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    kr = keyring.get_keyring()
    assert isinstance(kr, MemoryKeyring)
    return kr


@pytest.fixture
def fail_keyring() -> fail.Keyring:
    kr = fail.Keyring()
    keyring.set_keyring(kr)
    return kr


@pytest.fixture
def vault(paths: Paths) -> Vault:
    return Vault(paths)


@pytest.fixture
def db(vault: Vault) -> Iterator[Database]:
    database = vault.create(PASSPHRASE)
    yield database
    database.close()


def subprocess_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Environment for a linkworker subprocess sharing a file keyring with the test."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHON_KEYRING_BACKEND"] = "tests.support.keyrings.FileKeyring"
    env["LINKWORKER_TEST_KEYRING_FILE"] = str(tmp_path / "keyring.json")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


PYTHON = sys.executable
