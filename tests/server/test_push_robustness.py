"""Pushes a careless or hurried laptop could send: the server answers, it never falls over.

Each of these was a 500 once (or broke every later pull of the team); see the commit message.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient

from linkworker.server.app import create_app
from linkworker.store.tables.base import new_id
from tests.server.conftest import World
from tests.server.helpers import Laptop, consent, person, record_row


@pytest.mark.parametrize(
    "bad",
    [float("nan"), float("inf"), -float("inf"), "\ud800", {"nested": ["ok", "\udc00"]}],
    ids=["nan", "infinity", "minus-infinity", "lone-surrogate", "nested-surrogate"],
)
def test_a_value_json_cannot_carry_is_rejected_and_the_rest_of_the_batch_syncs(
    world: World, bad: Any
) -> None:
    alice = world.laptop(world.alice)
    ada, poisoned = new_id(), new_id()

    results = alice.pushed(
        alice.op("person", ada, "put", person("Ada", "Lovelace")),
        alice.op("person", poisoned, "put", person("Bad", "Value", communication_needs=bad)),
    )

    assert [r["status"] for r in results] == ["applied", "rejected"]
    assert "cannot be stored" in results[1]["reason"]
    assert record_row(world.engine, world.org_a, "person", poisoned) is None
    held = alice.sync_view(0)  # the team's pulls still work
    assert ("person", ada) in held


@pytest.mark.parametrize(
    "team",
    [{"id": "x"}, 5, ["a"], "x" * 200, "no-such-team", "south"],
    ids=["object", "number", "list", "too-long", "unknown", "another-organisation"],
)
def test_a_person_cannot_be_put_in_a_team_that_is_not_ours(world: World, team: Any) -> None:
    alice = world.laptop(world.alice)
    if team == "south":
        team = world.south_team
    ada = new_id()
    alice.pushed(alice.op("person", ada, "put", person("Ada", "Lovelace")))

    results = alice.pushed(
        alice.op("person", new_id(), "put", person("Brian", "Hill", team_id=team)),
        alice.op("person", ada, "patch", {"team_id": team}, base_version=1),
    )

    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert all("team_id" in r["reason"] for r in results)
    row = record_row(world.engine, world.org_a, "person", ada)
    assert row is not None and row["team_id"] == world.team_a


def test_a_child_record_with_a_malformed_parent_link_stays_with_its_writer(world: World) -> None:
    alice, bob = world.laptop(world.alice), world.laptop(world.bob)
    odd = new_id()
    results = alice.pushed(alice.op("consent", odd, "put", consent({"not": "an id"})))
    assert results[0]["status"] == "applied"
    assert ("consent", odd) in alice.sync_view(0)
    assert ("consent", odd) not in bob.sync_view(0)


def _send_together(
    world: World, laptop: Laptop, ops: list[dict[str, Any]], times: int
) -> list[Any]:
    """The same batch sent ``times`` at once, each over its own connection as server workers do."""
    answers: list[Any] = []

    def send() -> None:
        client = TestClient(create_app(world.engine))
        body = {"protocol": 1, "batch_id": "again", "ops": ops}
        response = client.post("/v1/push", headers=laptop.auth, json=body)
        if response.status_code != 200:
            answers.append(f"{response.status_code} {response.text[:200]}")
        else:
            answers.append(sorted({r["status"] for r in response.json()["results"]}))

    threads = [threading.Thread(target=send) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_a_batch_resent_while_the_first_is_still_being_saved_is_a_duplicate(
    world: World,
) -> None:
    """A laptop times out and sends the same batch again while the server is still saving it."""
    alice = world.laptop(world.alice)
    for _ in range(3):
        ops = [alice.op("person", new_id(), "put", person("Ada", "Lovelace")) for _ in range(200)]

        answers = _send_together(world, alice, ops, times=3)

        assert sorted(answers) == [["applied"], ["duplicate"], ["duplicate"]]
        for op in ops[:5]:
            row = record_row(world.engine, world.org_a, "person", op["entity_id"])
            assert row is not None and row["version"] == 1
