"""A worker connects a laptop and syncs from the command line, as a person would; an
administrator revokes a laptop and imports directory services on the server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from linkworker.server import accounts
from tests.conftest import PASSPHRASE, subprocess_env
from tests.sync.server_process import PASSWORD, ServerProcess


def linkworker(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "linkworker", *args], env=env, capture_output=True, text=True,
        timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def laptop_env(tmp_path: Path, name: str) -> dict[str, str]:
    return subprocess_env(
        tmp_path / name,
        LINKWORKER_HOME=str(tmp_path / name / "home"),
        LINKWORKER_PASSPHRASE=PASSPHRASE,
        LINKWORKER_SERVER_PASSWORD=PASSWORD,
    )


def test_a_worker_connects_syncs_and_a_revoked_laptop_wipes_itself(tmp_path: Path) -> None:
    with ServerProcess(tmp_path / "server") as server:
        server.add_worker("ann", team="Canal Side", name="Ann Example")
        env = laptop_env(tmp_path, "a")
        assert linkworker(env, "init").returncode == 0
        added = linkworker(env, "add-person", "--given", "Jo", "--family", "Bloggs")
        assert added.returncode == 0, added.stderr

        wrong = dict(env, LINKWORKER_SERVER_PASSWORD="not the password")
        refused = linkworker(wrong, "connect", server.url, "--username", "ann")
        assert refused.returncode == 1
        assert "username and password do not match" in refused.stderr

        done = linkworker(env, "connect", server.url, "--username", "ann", "--device-name", "A")
        assert done.returncode == 0, done.stderr
        assert "Connected to North PCN as Ann Example (link worker)" in done.stdout

        synced = linkworker(env, "sync")
        assert synced.returncode == 0, synced.stderr
        assert "Sent " in synced.stdout and "received" in synced.stdout
        with server.engine.connect() as conn:
            devices = accounts.list_devices(conn, server.org_id)
        assert [d.name for d in devices] == ["A"]

        with server.engine.begin() as conn:
            accounts.revoke_device(conn, server.org_id, devices[0].device_id)
        home = Path(env["LINKWORKER_HOME"])
        assert (home / "data" / "linkworker.db").exists()
        gone = linkworker(env, "sync")
        assert gone.returncode == 1
        assert "removed from Linkworker by an administrator" in gone.stderr
        assert "have been removed from this laptop" in gone.stderr
        left = sorted(p.name for p in (home / "data").rglob("*") if p.is_file())
        assert not [n for n in left if n.startswith("linkworker.") or n.endswith(".db")], left

        stopped_server_env = dict(env)
        assert linkworker(stopped_server_env, "list-people").returncode != 0  # nothing to open


def test_the_server_is_down_and_nothing_is_lost(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "server").start()
    server.add_worker("ann", team="Canal Side")
    env = laptop_env(tmp_path, "a")
    assert linkworker(env, "init").returncode == 0
    assert linkworker(env, "connect", server.url, "--username", "ann").returncode == 0
    server.stop()
    assert linkworker(env, "add-person", "--given", "Jo", "--family", "Bloggs").returncode == 0
    offline = linkworker(env, "sync")
    assert offline.returncode == 1
    assert "cannot be reached" in offline.stderr and "Nothing was lost" in offline.stderr
    server.start()
    try:
        back = linkworker(env, "sync")
        assert back.returncode == 0, back.stderr
        assert "Sent 1 change," in back.stdout  # the person (the audit event travels uncounted)
    finally:
        server.stop()
        server.engine.dispose()


def test_an_import_on_the_server_reaches_the_laptop(tmp_path: Path) -> None:
    services = {
        "id": "org-1", "name": "Otley Community Trust", "description": "Community groups",
        "services": [
            {"id": "svc-1", "name": "Tuesday Walking Group", "description": "A gentle walk",
             "status": "active"},
            {"id": "svc-2", "name": "Men's Shed", "status": "active"},
            {"name": "No id here"},
        ],
    }  # fmt: skip
    source = tmp_path / "directory.json"
    source.write_text(json.dumps(services))
    with ServerProcess(tmp_path / "server") as server:
        server.add_worker("ann", team="Canal Side")
        imported = subprocess.run(
            [sys.executable, "-m", "linkworker.server.cli", "import-directory", "--database-url",
             server.database_url, "--org", "North PCN", str(source)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert imported.returncode == 0, imported.stderr
        assert "Imported 2, updated 0, skipped 1." in imported.stdout
        assert "(no id)" in imported.stdout
        env = laptop_env(tmp_path, "a")
        assert linkworker(env, "init").returncode == 0
        assert linkworker(env, "connect", server.url, "--username", "ann").returncode == 0
        assert linkworker(env, "sync").returncode == 0
        again = subprocess.run(
            [sys.executable, "-m", "linkworker.server.cli", "import-directory", "--database-url",
             server.database_url, "--org", "North PCN", str(source)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert "Imported 0, updated 2, skipped 1." in again.stdout

    from linkworker.paths import Paths
    from linkworker.store.tables import DirService
    from linkworker.store.vault import Vault

    db = Vault(Paths.under(Path(env["LINKWORKER_HOME"]))).unlock_with_passphrase(PASSPHRASE)
    try:
        with db.reading() as s:
            names = sorted(s.get(DirService, i).name for i in ("svc-1", "svc-2"))  # type: ignore[union-attr]
    finally:
        db.close()
    assert names == ["Men's Shed", "Tuesday Walking Group"]
