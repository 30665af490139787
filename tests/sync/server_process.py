"""A real ``linkworker-server serve`` process on a free loopback port, with a SQLite database the
test prepares directly (organisation, teams, workers, records) through the server's own modules."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from linkworker.server import accounts
from linkworker.server.db import create_server_engine, migrate
from linkworker.server.records import Ledger, server_write
from linkworker.store.tables import new_id

PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    worker_id: str
    team_id: str | None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    def __init__(self, folder: Path, org_name: str = "North PCN") -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.database_url = f"sqlite:///{folder / 'server.db'}"
        self.engine = create_server_engine(self.database_url)
        migrate(self.engine)
        with self.engine.begin() as conn:
            self.org_id = accounts.init_org(conn, org_name)
        self.teams: dict[str, str] = {}
        self.accounts: dict[str, Account] = {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    def team(self, name: str) -> str:
        if name not in self.teams:
            with self.engine.begin() as conn:
                self.teams[name] = accounts.add_team(conn, self.org_id, name)
        return self.teams[name]

    def add_worker(
        self, username: str, team: str | None, role: str = "link worker", name: str | None = None
    ) -> Account:
        team_id = self.team(team) if team else None
        with self.engine.begin() as conn:
            worker_id = accounts.add_worker(
                conn, self.org_id, username, name or username.title(), role, PASSWORD, team_id
            )
        self.accounts[username] = Account(username, PASSWORD, worker_id, team_id)
        return self.accounts[username]

    def add_people(self, username: str, count: int) -> list[str]:
        """People on the caseload of this worker's team, as if recorded on other laptops."""
        team_id = self.accounts[username].team_id
        ids = [new_id() for _ in range(count)]
        with self.engine.begin() as conn:
            ledger = Ledger(conn, self.org_id)
            for i in range(0, count, 500):
                writes: list[tuple[str, str, dict[str, Any]]] = [
                    ("person", pid, {
                        "given_name": f"Person {i + n}", "family_name": "Example",
                        "team_id": team_id, "status": "active", "risk_flag": False,
                    })
                    for n, pid in enumerate(ids[i : i + 500])
                ]  # fmt: skip
                server_write(conn, self.org_id, writes, ledger)
            ledger.close()
        return ids

    def start(self) -> ServerProcess:
        out = self.log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "linkworker.server.cli", "serve", "--database-url",
             self.database_url, "--port", str(self.port)],
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the server exited:\n" + self.log.read_text())
            try:
                if httpx.get(self.url + "/v1/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start in 30 s:\n" + self.log.read_text())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(
        self,
        _t: type[BaseException] | None,
        _e: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.stop()
        self.engine.dispose()
