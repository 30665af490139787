"""Three laptops, a server, and a network that fails in every way we could think of.

Each seeded schedule: three workers of one team, each with their own encrypted database and a
clock up to ten minutes off, start the day online with the organisation's directory (loaded on
the server from a small Open Referral UK feed, ``feed.py``) and one worker's caseload on every
laptop, then edit the same records offline (new people, ordinary and guarded fields of a
person, risk flags, signed-off contacts and addenda, consents, care plans with needs, goals,
actions and contingency plans, follow-ups, ONS4 measures, tombstones; see ``Laptop._edit``;
and the directory: notes on services, services checked, people signposted and referred to
services and how it went; see ``Laptop._directory``) and sync at random moments, while the
administrator loads the feed's next edition (services renamed and changed, one new), requests
are dropped, answers are lost after the server committed, requests arrive twice or late and
out of order, laptops are cut off and laptops die mid-sync.
Then the network heals, everyone syncs, and ``tests/sync/checks.py`` verifies that nothing was
lost, nothing applied twice, every replica equals the server, the directory and everything the
team wrote is on every laptop (connections and notes pointing at services of the feed), a
re-import wrote only what changed, every field holds its latest write (the imports' too) and
every concurrent loser is in history, appended contacts stand as written, and each concurrent
edit of a guarded field made exactly one conflict. A last test per database checks
that the schedules, together, exercised every kind of record and edit.

``LINKWORKER_FAULT_SCHEDULES`` sets how many schedules run per database: 100 by default, so
CI runs 200 seeded schedules in all (100 on SQLite, 100 on PostgreSQL).
"""

from __future__ import annotations

import itertools
import os
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.sync import checks
from tests.sync.fleet import Faults, Templates, make_fleet

SCHEDULES = int(os.environ.get("LINKWORKER_FAULT_SCHEDULES", "100"))
STEPS = 30


def run_schedule(
    seed: int, server: tuple[Engine, TestClient], templates: Templates, folder: Path
) -> dict[str, int]:
    engine, app = server
    fleet = make_fleet(engine, app, templates, folder, seed)
    rng = random.Random(seed)
    serial = itertools.count(seed * 1000)
    outcomes: dict[str, int] = {}
    try:
        # The day starts online: the organisation's directory and one worker's caseload reach
        # every laptop, so that the day's edits, offline, often meet on the same records.
        fleet.import_directory(1)
        assert fleet.laptops[0].sync() == "ok"
        fleet.laptops[0].caseload(rng, serial)
        for lap in fleet.laptops:
            assert lap.sync() == "ok"
        fleet.net.faults = Faults(
            drop=rng.uniform(0, 0.2), lose_response=rng.uniform(0, 0.2),
            duplicate=rng.uniform(0, 0.2), delay=rng.uniform(0, 0.15), kill=rng.uniform(0, 0.1),
        )  # fmt: skip
        reimport_at = rng.randrange(STEPS // 3, 2 * STEPS // 3)
        for step in range(STEPS):
            if step == reimport_at:  # the administrator loads the feed's new edition
                fleet.import_directory(2)
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
        outcomes.update(checks.verify(fleet))
        outcomes["ops"] = sum(len(lap.created) for lap in fleet.laptops)
        outcomes["restarts"] = sum(lap.restarts for lap in fleet.laptops)
    finally:
        for lap in fleet.laptops:
            lap.close()
    return outcomes


# What each schedule exercised, by server database, for the test at the end.
EXERCISED: dict[str, dict[int, dict[str, int]]] = defaultdict(dict)
ENOUGH = 50  # schedules: with fewer, the rarer kinds might by chance not show


@pytest.mark.parametrize("seed", range(SCHEDULES))
def test_a_seeded_schedule_of_faults_heals_to_one_truth(
    seed: int, server: tuple[Engine, TestClient], templates: Templates, tmp_path: Path
) -> None:
    EXERCISED[server[0].dialect.name][seed] = run_schedule(seed, server, templates, tmp_path)


def test_the_schedules_exercised_every_kind_of_record_and_edit(
    server: tuple[Engine, TestClient],
) -> None:
    """The checks above only mean something if the edits they judge happened: over the
    schedules run, every kind of record was made, edited and tombstoned, plan rows were edited
    on two laptops and merged by HLC, contacts were amended across laptops and never changed,
    consents and risk flags were edited concurrently (and consents conflicted), the directory
    was imported and re-imported (services renamed, one new), notes on services were added,
    reworded and removed, services were checked (on two laptops at once, and while a re-import
    wrote them), and people were connected to services, the connections edited on two
    laptops and removed."""
    runs = EXERCISED[server[0].dialect.name]
    if len(runs) < ENOUGH:
        pytest.skip(f"{len(runs)} schedules ran here; {ENOUGH} are needed to judge coverage")
    total: Counter[str] = Counter()
    for outcomes in runs.values():
        total.update(outcomes)
    plan = ("care_plan", "plan_need", "plan_goal", "plan_action", "contingency_plan")
    wanted = {
        **{f"op {e} {k}": total[f"op {e} {k}"] for e in plan for k in ("put", "patch")},
        "plan rows tombstoned": sum(total[f"op {e} delete"] for e in plan),
        "plan rows edited on 2+ laptops": total["plan rows edited on 2+ laptops"],
        "plan values lost to a later edit": sum(total[f"lost {e}"] for e in plan),
        "contacts": total["op encounter append"],
        "addenda to another laptop's contact": total["addenda_across_laptops"],
        "signed-off contacts refused a change": total["refused alterations"],
        **{f"op {e} {k}": total[f"op {e} {k}"] for e in ("follow_up", "outcome_measure")
           for k in ("put", "patch")},
        "follow-ups and measures tombstoned": total["op follow_up delete"]
        + total["op outcome_measure delete"],
        "consents edited concurrently": total["concurrent consent.given"]
        + total["concurrent consent.kind"],
        "consents in conflict": total["conflict consent.given"] + total["conflict consent.kind"],
        "risk flags edited concurrently": total["concurrent person.risk_flag"],
        "risk notes in conflict": total["conflict person.risk_notes"],
        "directory imports": total["directory imports"],
        "directory re-imports": total["directory re-imports"],
        "services renamed by a re-import": total["services renamed by a re-import"],
        "services new in a re-import": total["services new in a re-import"],
        **{f"notes on services {done}": total[f"op service_note {k}"]
           for k, done in (("put", "added"), ("patch", "reworded"), ("delete", "removed"))},
        "services checked": total["op dir_service patch"],
        "checks that lost to a later one": total["lost dir_service"],
        "fields a laptop edited as a re-import wrote them":
            total["fields a laptop edited as a re-import wrote them"],
        **{f"op community_connection {k}": total[f"op community_connection {k}"]
           for k in ("put", "patch", "delete")},
        "connections edited on 2+ laptops": total["connections edited on 2+ laptops"],
        "connection values lost to a later edit": total["lost community_connection"],
    }  # fmt: skip
    missing = sorted(name for name, count in wanted.items() if count == 0)
    assert not missing, f"over {len(runs)} schedules, never: {missing}"
