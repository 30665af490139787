"""``linkworker-server`` as an administrator runs it: real processes, a SQLite file, exit codes.

0 done, 1 the environment is at fault, 2 invalid input (said plainly on stderr).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from linkworker.server import accounts
from linkworker.server import tables as t
from linkworker.server.app import create_app
from linkworker.server.db import create_server_engine, migrate
from tests.server.helpers import Worker, enrol, new_device_id

pytestmark = pytest.mark.slow
SERVER = [sys.executable, "-m", "linkworker.server.cli"]
PASSWORD = "a long enough password"
ID = r"[0-9a-f-]{36}"


def run(
    *args: str, password: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINKWORKER_SERVER")}
    env.pop("LINKWORKER_WORKER_PASSWORD", None)
    if password is not None:
        env["LINKWORKER_WORKER_PASSWORD"] = password
    return subprocess.run(
        [*SERVER, *args], env=env, capture_output=True, text=True, timeout=timeout,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'server.db'}"


@pytest.fixture
def north(url: str) -> str:
    """An organisation with team Canal Side, made in-process (the first test makes its own with
    the commands); its id."""
    engine = create_server_engine(url)
    migrate(engine)
    with engine.begin() as conn:
        org_id = accounts.init_org(conn, "North PCN")
        accounts.add_team(conn, org_id, "Canal Side")
    engine.dispose()
    return org_id


def add_alice(
    url: str, *extra: str, password: str | None = PASSWORD
) -> subprocess.CompletedProcess[str]:
    return run(
        "add-worker", "--database-url", url, "--org", "North PCN", "--role", "link worker",
        "--name", "Alice Smith", *extra, "alice", password=password,
    )  # fmt: skip


def test_an_administrator_sets_up_an_organisation_and_a_laptop_signs_in(
    url: str, tmp_path: Path
) -> None:
    made = run("init-org", "--database-url", url, "North PCN")
    assert made.returncode == 0, made.stderr
    assert re.fullmatch(rf"Organisation 'North PCN' created: {ID}\n", made.stdout)
    team = run("add-team", "--database-url", url, "--org", "North PCN", "Canal Side")
    assert team.returncode == 0, team.stderr
    assert re.fullmatch(rf"Team 'Canal Side' created: {ID}\n", team.stdout)

    worker = add_alice(url, "--team", "Canal Side")

    assert worker.returncode == 0, worker.stderr
    assert re.fullmatch(rf"Worker 'alice' \(link worker\) added: {ID}\n", worker.stdout)
    assert PASSWORD not in worker.stdout + worker.stderr
    listed = run("list-devices", "--database-url", url, "--org", "North PCN")
    assert (listed.returncode, listed.stdout) == (0, "No laptops are enrolled yet.\n")

    # The password works, and was hashed with the production Argon2id parameters.
    engine = create_server_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(select(t.account.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=2$")
    device = new_device_id()
    alice = Worker("alice", PASSWORD, "", None, "")
    with TestClient(create_app(engine)) as client:
        assert enrol(client, alice, device).status_code == 200
    engine.dispose()

    listed = run("list-devices", "--database-url", url, "--org", "North PCN")
    assert listed.returncode == 0
    assert device in listed.stdout and "alice" in listed.stdout and "active" in listed.stdout
    assert "last seen never" in listed.stdout

    revoked = run("revoke-device", "--database-url", url, "--org", "North PCN", device)
    assert revoked.returncode == 0, revoked.stderr
    assert "revoked" in revoked.stdout.lower()
    listed = run("list-devices", "--database-url", url, "--org", "North PCN")
    assert re.search(r"revoked \d{4}-\d{2}-\d{2}", listed.stdout)

    again = run("revoke-device", "--database-url", url, "--org", "North PCN", device)
    assert again.returncode == 2
    assert "revoked already" in again.stderr


def test_a_worker_that_cannot_be_added_is_refused_with_the_reason(url: str, north: str) -> None:
    cases = [
        (("--team", "Canal Side"), "short", "at least 10 characters"),
        (("--team", "Hillfoot"), PASSWORD, "no team called 'Hillfoot'"),
        ((), PASSWORD, "belongs to a team"),
        (("--team", "Canal Side"), None, "set LINKWORKER_WORKER_PASSWORD"),  # and no terminal
    ]
    with ThreadPoolExecutor() as pool:  # independent: run side by side
        answers = list(pool.map(lambda c: add_alice(url, *c[0], password=c[1]), cases))
    for (_, password, message), refused in zip(cases, answers, strict=True):
        assert refused.returncode == 2, refused.stderr
        assert refused.stderr.startswith("linkworker-server: ")
        assert message in refused.stderr
        assert "Traceback" not in refused.stderr and refused.stdout == ""
        if password:
            assert password not in refused.stderr
    manager = run(
        "add-worker", "--database-url", url, "--org", "North PCN", "--role", "manager",
        "--name", "Maggie", "maggie", password=PASSWORD,
    )  # fmt: skip
    assert manager.returncode == 0, manager.stderr  # a manager needs no team


def test_other_invalid_requests_exit_2_with_the_reason(url: str, north: str) -> None:
    assert add_alice(url, "--team", "Canal Side").returncode == 0
    cases: list[tuple[tuple[str, ...], str]] = [
        (("add-worker", "--org", "North PCN", "--team", "Canal Side", "--role", "health coach",
          "--name", "Alice Again", "alice"), "is taken"),
        (("add-team", "--org", "North PCN", "Canal Side"), "already has a team called"),
        (("add-team", "--org", "South PCN", "Riverside"), "no organisation called 'South PCN'"),
        (("revoke-device", "--org", north, "nosuchdevice"), "no device 'nosuchdevice'"),
        (("init-org", "  "), "Give the organisation a name"),
        (("add-worker", "--org", north, "--role", "chief", "--name", "X", "x"), "invalid choice"),
    ]  # fmt: skip
    with ThreadPoolExecutor() as pool:  # independent: run side by side
        answers = list(
            pool.map(
                lambda c: run(c[0][0], "--database-url", url, *c[0][1:], password=PASSWORD), cases
            )
        )
    for (_, message), done in zip(cases, answers, strict=True):
        assert done.returncode == 2, (done.args, done.stderr)
        assert message in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def test_a_database_that_cannot_be_used_is_the_environment_s_fault(tmp_path: Path) -> None:
    unreachable = run(
        "init-org", "--database-url", "postgresql://nobody:secret@127.0.0.1:9/none", "North PCN"
    )
    other = run("init-org", "--database-url", "mysql://nobody@localhost/x", "North PCN")
    for done in (unreachable, other):
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert "secret" not in done.stderr
    assert "cannot be reached" in unreachable.stderr
    assert "SQLite or PostgreSQL" in other.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_health_and_its_openapi_document(url: str, tmp_path: Path) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [*SERVER, "serve", "--database-url", url, "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        health = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                health = httpx.get(f"{base}/v1/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert health is not None, (tmp_path / "serve.log").read_text()
        assert health.status_code == 200
        assert health.json()["status"] == "ok" and health.json()["protocol"] == 1

        document = httpx.get(f"{base}/openapi.json", timeout=5).json()
        assert {"/v1/health", "/v1/enrol", "/v1/push", "/v1/pull"} <= set(document["paths"])
        assert httpx.get(f"{base}/v1/pull", timeout=5).status_code == 401
    finally:
        server.terminate()
        code = server.wait(15)
        log.close()
    assert code in (0, -15)
    assert f"listening on {base}" in (tmp_path / "serve.log").read_text()
