"""A migrated server database (SQLite, and PostgreSQL when LINKWORKER_TEST_PG is set) with two
organisations: North PCN, whose teams Canal Side (A) and Hillfoot (B) each have a worker, plus a
manager over both; and South PCN, with one team and one worker. And the HTTP app over it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from linkworker.server import accounts
from linkworker.server.app import create_app
from linkworker.server.db import create_server_engine, migrate
from linkworker.server.ratelimit import SignInLimiter
from tests.server.helpers import Laptop, Worker

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id still, with light parameters: the production cost (a quarter second a hash) would
    dominate these tests. tests/server/test_cli.py checks the real parameters end to end."""
    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", lambda: hasher)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", [])


@pytest.fixture
def server_engine(server_db_url: str) -> Iterator[Engine]:
    engine = create_server_engine(server_db_url)
    migrate(engine)
    yield engine
    engine.dispose()


@dataclass
class World:
    engine: Engine
    client: TestClient
    org_a: str
    team_a: str
    team_b: str
    org_b: str
    south_team: str
    alice: Worker  # link worker, team A (Canal Side)
    bob: Worker  # health coach, team B (Hillfoot)
    maggie: Worker  # manager of North PCN, no team
    olga: Worker  # link worker of South PCN

    def laptop(self, worker: Worker) -> Laptop:
        return Laptop(self.client, worker)


def build_world(engine: Engine, limiter: SignInLimiter | None = None) -> World:
    def worker(org: str, username: str, role: str, team: str | None) -> Worker:
        with engine.begin() as conn:
            worker_id = accounts.add_worker(
                conn, org, username, username.title(), role, PASSWORD, team
            )
        return Worker(username, PASSWORD, worker_id, team, org)

    with engine.begin() as conn:
        org_a = accounts.init_org(conn, "North PCN", "Q00001")
        team_a = accounts.add_team(conn, org_a, "Canal Side")
        team_b = accounts.add_team(conn, org_a, "Hillfoot")
        org_b = accounts.init_org(conn, "South PCN")
        south_team = accounts.add_team(conn, org_b, "Riverside")
    return World(
        engine=engine,
        client=TestClient(create_app(engine, limiter)),
        org_a=org_a, team_a=team_a, team_b=team_b, org_b=org_b, south_team=south_team,
        alice=worker(org_a, "alice", "link worker", team_a),
        bob=worker(org_a, "bob", "health coach", team_b),
        maggie=worker(org_a, "maggie", "manager", None),
        olga=worker(org_b, "olga", "link worker", south_team),
    )  # fmt: skip


@pytest.fixture
def world(server_engine: Engine) -> Iterator[World]:
    built = build_world(server_engine)
    with built.client:
        yield built
