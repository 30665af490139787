"""Three laptops, a server, and a network that fails in every way we could think of.

Each seeded schedule: three workers of one team, each with their own encrypted database and a
clock up to ten minutes off, edit the same people offline (new people, ordinary fields, guarded
fields, contacts, consents, removals) and sync at random moments, while requests are dropped,
answers are lost after the server committed, requests arrive twice or late and out of order,
laptops are cut off and laptops die mid-sync. Then the network heals, everyone syncs, and
``tests/sync/checks.py`` verifies that nothing was lost, nothing applied twice, every replica
equals the server, and each concurrent edit of a guarded field made exactly one conflict.

``LINKWORKER_FAULT_SCHEDULES`` sets how many schedules run per database: 100 by default, so
CI runs 200 seeded schedules in all (100 on SQLite, 100 on PostgreSQL).
"""

from __future__ import annotations

import itertools
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from linkworker.server.app import create_app
from linkworker.server.db import create_server_engine, migrate
from tests.sync import checks
from tests.sync.fleet import Faults, Templates, make_fleet

SCHEDULES = int(os.environ.get("LINKWORKER_FAULT_SCHEDULES", "100"))
STEPS = 30


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    return Templates(tmp_path_factory.mktemp("templates"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Engine, TestClient]]:
    """One server database per run (each schedule is its own organisation in it)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('server') / 'server.db'}"
        yield from _serve(url)
    else:
        from tests.support import postgres

        admin = postgres.admin_url_from_env()
        if admin is None:
            pytest.skip(postgres.SKIP_REASON)
        with postgres.fresh_database(admin) as url:
            yield from _serve(url)


def _serve(url: str) -> Iterator[tuple[Engine, TestClient]]:
    engine = create_server_engine(url)
    migrate(engine)
    with TestClient(create_app(engine)) as app:
        yield engine, app
    engine.dispose()


def run_schedule(
    seed: int, server: tuple[Engine, TestClient], templates: Templates, folder: Path
) -> dict[str, int]:
    engine, app = server
    fleet = make_fleet(engine, app, templates, folder, seed)
    rng = random.Random(seed)
    serial = itertools.count(seed * 1000)
    fleet.net.faults = Faults(
        drop=rng.uniform(0, 0.2), lose_response=rng.uniform(0, 0.2),
        duplicate=rng.uniform(0, 0.2), delay=rng.uniform(0, 0.15), kill=rng.uniform(0, 0.1),
    )  # fmt: skip
    outcomes: dict[str, int] = {}
    try:
        for _ in range(STEPS):
            lap = rng.choice(fleet.laptops)
            roll = rng.random()
            if roll < 0.55:
                for _ in range(rng.randint(1, 3)):
                    lap.edit(rng, serial)
            elif roll < 0.9:
                outcome = lap.sync()
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
            elif lap.name in fleet.net.partitioned:
                fleet.net.partitioned.discard(lap.name)
            else:
                fleet.net.partitioned.add(lap.name)
        # Heal: no more faults; late requests arrive; everyone syncs until all agree.
        fleet.net.faults = Faults.none()
        fleet.net.partitioned.clear()
        fleet.net.release_all()
        for _ in range(2):
            for lap in fleet.laptops:
                assert lap.sync() == "ok"
        checks.replicas_equal_the_server(fleet)
        checks.nothing_lost_nothing_twice(fleet)
        outcomes["conflicts"] = checks.conflicts_are_exactly_the_concurrent_guarded_edits(fleet)
        outcomes["ops"] = sum(len(lap.created) for lap in fleet.laptops)
        outcomes["restarts"] = sum(lap.restarts for lap in fleet.laptops)
    finally:
        for lap in fleet.laptops:
            lap.close()
    return outcomes


@pytest.mark.parametrize("seed", range(SCHEDULES))
def test_a_seeded_schedule_of_faults_heals_to_one_truth(
    seed: int, server: tuple[Engine, TestClient], templates: Templates, tmp_path: Path
) -> None:
    run_schedule(seed, server, templates, tmp_path)
