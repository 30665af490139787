"""Who sees what, and what the server refuses: team and tenant scope, devices, secrets, limits.

Every test runs on SQLite and on PostgreSQL (skipped, with the reason, without LINKWORKER_TEST_PG).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from sqlalchemy import select

from linkworker.server import accounts
from linkworker.server import tables as t
from linkworker.server.app import MAX_BODY
from linkworker.store.tables.base import new_id
from tests.server.conftest import World
from tests.server.helpers import (
    consent,
    database_text,
    dump_database,
    enrol,
    new_device_id,
    person,
    record_row,
)


def _ids_in(changes: list[dict[str, object]]) -> set[str]:
    return {str(c["entity_id"]) for c in changes}


# ------------------------------------------------------------------------------------- teams


def test_a_worker_of_team_b_pulls_nothing_of_team_a_people(world: World) -> None:
    alice, bob = world.laptop(world.alice), world.laptop(world.bob)
    ada, her_consent = new_id(), new_id()
    alice.pushed(
        alice.op("person", ada, "put", person("Ada", "Lovelace", phone="07700 900123")),
        alice.op("consent", her_consent, "put", consent(ada)),
    )

    changes, body = bob.pull_all(0)

    assert changes, "team B still pulls the organisation's own lists"
    for secret in (ada, her_consent, "Lovelace", "07700 900123"):
        assert secret not in body
    seen_by_alice = _ids_in(alice.pull_all(0)[0])
    assert {ada, her_consent} <= seen_by_alice


def test_a_worker_of_team_b_cannot_patch_a_team_a_person(world: World) -> None:
    alice, bob = world.laptop(world.alice), world.laptop(world.bob)
    ada = new_id()
    alice.pushed(alice.op("person", ada, "put", person("Ada", "Lovelace", risk_notes="alone")))
    before = dump_database(world.engine)

    response = bob.push(
        bob.op("person", ada, "patch", {"phone": "01632 960000"}, base_version=1),
    )

    assert response.status_code == 403
    problem = response.json()
    assert problem["code"] == "out_of_scope"
    for secret in ("Ada", "Lovelace", "alone", "active", world.team_a):
        assert secret not in response.text
    assert dump_database(world.engine) == before


def test_a_worker_of_team_b_cannot_hang_a_record_on_a_team_a_person(world: World) -> None:
    alice, bob = world.laptop(world.alice), world.laptop(world.bob)
    ada = new_id()
    alice.pushed(alice.op("person", ada, "put", person("Ada", "Lovelace")))
    before = dump_database(world.engine)

    response = bob.push(bob.op("consent", new_id(), "put", consent(ada)))

    assert response.status_code == 403
    assert response.json()["code"] == "out_of_scope"
    assert dump_database(world.engine) == before


def test_a_refusal_does_not_tell_whether_the_record_exists(world: World) -> None:
    """Patching another team's person and patching no one at all read the same."""
    alice, bob = world.laptop(world.alice), world.laptop(world.bob)
    ada = new_id()
    alice.pushed(alice.op("person", ada, "put", person("Ada", "Lovelace")))
    before = dump_database(world.engine)

    theirs = bob.push(bob.op("person", ada, "patch", {"phone": "1"}, base_version=1))
    nobody = bob.push(bob.op("person", new_id(), "patch", {"phone": "1"}, base_version=1))

    assert theirs.status_code == nobody.status_code == 403
    assert theirs.json()["code"] == nobody.json()["code"] == "out_of_scope"
    assert theirs.json()["detail"] == nobody.json()["detail"]
    assert dump_database(world.engine) == before


def test_a_refused_batch_saves_none_of_its_other_changes(world: World) -> None:
    alice, bob = world.laptop(world.alice), world.laptop(world.bob)
    ada, bobs_own = new_id(), new_id()
    alice.pushed(alice.op("person", ada, "put", person("Ada", "Lovelace")))

    mine = bob.op("person", bobs_own, "put", person("Brian", "Own"))
    theirs = bob.op("person", ada, "patch", {"phone": "1"}, base_version=1)
    response = bob.push(mine, theirs)

    assert response.status_code == 403
    assert response.json()["refused"] == [theirs["op_id"]]
    assert record_row(world.engine, world.org_a, "person", bobs_own) is None


def test_a_manager_sees_every_team_people(world: World) -> None:
    alice, bob, maggie = (world.laptop(w) for w in (world.alice, world.bob, world.maggie))
    ada, brian = new_id(), new_id()
    alice.pushed(alice.op("person", ada, "put", person("Ada", "Lovelace")))
    bob.pushed(bob.op("person", brian, "put", person("Brian", "Hill")))

    held = maggie.sync_view(0)

    assert ("person", ada) in held and ("person", brian) in held
    assert held[("person", ada)]["values"]["team_id"] == world.team_a
    assert held[("person", brian)]["values"]["team_id"] == world.team_b
    # and each worker sees only their own team's person
    assert ("person", brian) not in alice.sync_view(0)
    assert ("person", ada) not in bob.sync_view(0)


def test_a_person_handed_to_team_b_leaves_team_a_laptops_with_their_whole_record(
    world: World,
) -> None:
    alice, bob = world.laptop(world.alice), world.laptop(world.bob)
    ada, her_consent, plan, goal = new_id(), new_id(), new_id(), new_id()
    alice.pushed(
        alice.op("person", ada, "put", person("Ada", "Lovelace")),
        alice.op("consent", her_consent, "put", consent(ada)),
        alice.op("care_plan", plan, "put", {"person_id": ada, "status": "draft"}),
        alice.op("plan_goal", goal, "put", {"plan_id": plan, "in_own_words": "walk to the shop"}),
    )
    alice.pull_all(0)
    bob.pull_all(0)
    moving = {("person", ada), ("consent", her_consent), ("care_plan", plan), ("plan_goal", goal)}

    alice.pushed(alice.op("person", ada, "patch", {"team_id": world.team_b}, base_version=1))

    alice_next, _ = alice.pull_all(alice.cursor)
    removed = {(c["entity"], c["entity_id"]) for c in alice_next if c["removed"]}
    assert moving <= removed
    assert all(not c["values"] for c in alice_next if c["removed"])
    bob_next, _ = bob.pull_all(bob.cursor)
    arrived = {(c["entity"], c["entity_id"]) for c in bob_next if not c["removed"]}
    assert moving <= arrived
    # A new laptop of each team, pulling from the start, agrees.
    assert not moving & set(world.laptop(world.alice).sync_view(0))
    assert moving <= set(world.laptop(world.bob).sync_view(0))
    # Team B now holds the case; team A can no longer touch it.
    assert bob.push(bob.op("consent", her_consent, "patch", {"given": False}, base_version=1))\
        .status_code == 200  # fmt: skip
    refused = alice.push(alice.op("consent", her_consent, "patch", {"given": True}, base_version=2))
    assert refused.status_code == 403


def test_a_record_a_manager_moves_to_another_team_person_leaves_the_old_team(
    world: World,
) -> None:
    """A consent recorded on the wrong person: the manager moves it to team B's person."""
    alice, bob, maggie = (world.laptop(w) for w in (world.alice, world.bob, world.maggie))
    ada, brian, her_consent, plan = new_id(), new_id(), new_id(), new_id()
    alice.pushed(
        alice.op("person", ada, "put", person("Ada", "Lovelace")),
        alice.op("consent", her_consent, "put", consent(ada)),
        alice.op("care_plan", plan, "put", {"person_id": ada, "status": "draft"}),
    )
    bob.pushed(bob.op("person", brian, "put", person("Brian", "Hill")))
    alice.pull_all(0)
    bob.pull_all(0)

    maggie.pushed(
        maggie.op("consent", her_consent, "patch", {"person_id": brian}, base_version=1),
        maggie.op("care_plan", plan, "put", {"person_id": brian}),
    )

    alice_next, _ = alice.pull_all(alice.cursor)
    gone = {(c["entity"], c["entity_id"]) for c in alice_next if c["removed"]}
    assert gone == {("consent", her_consent), ("care_plan", plan)}
    bob_next, _ = bob.pull_all(bob.cursor)
    assert {("consent", her_consent), ("care_plan", plan)} <= {
        (c["entity"], c["entity_id"]) for c in bob_next if not c["removed"]
    }
    assert ("consent", her_consent) not in world.laptop(world.alice).sync_view(0)


def test_a_case_moved_and_edited_in_one_batch_stays_with_its_new_team(world: World) -> None:
    """Offline, Alice hands Ada to team B, then edits Ada's consent: no longer hers to edit."""
    alice = world.laptop(world.alice)
    ada, her_consent = new_id(), new_id()
    alice.pushed(
        alice.op("person", ada, "put", person("Ada", "Lovelace")),
        alice.op("consent", her_consent, "put", consent(ada)),
    )
    before = dump_database(world.engine)

    response = alice.push(
        alice.op("person", ada, "patch", {"team_id": world.team_b}, base_version=1),
        alice.op("consent", her_consent, "patch", {"given": False}, base_version=1),
    )

    assert response.status_code == 403
    assert dump_database(world.engine) == before


# -------------------------------------------------------------------------------- organisations


def test_a_laptop_of_another_organisation_pulls_nothing_of_ours(world: World) -> None:
    alice, olga = world.laptop(world.alice), world.laptop(world.olga)
    maggie = world.laptop(world.maggie)
    ada, her_consent = new_id(), new_id()
    alice.pushed(
        alice.op("person", ada, "put", person("Ada", "Lovelace")),
        alice.op("consent", her_consent, "put", consent(ada)),
        alice.op("dir_service", new_id(), "put", {"name": "Canal walking group"}),
    )
    north = [
        world.org_a,
        world.team_a,
        world.team_b,
        ada,
        her_consent,
        alice.device_id,
        maggie.device_id,
        "North PCN",
        "Canal Side",
        "Hillfoot",
        "Canal walking group",
    ]
    north += [w.worker_id for w in (world.alice, world.bob, world.maggie)]

    changes, body = olga.pull_all(0)

    assert changes, "South PCN's laptop still pulls its own organisation"
    for secret in north:
        assert secret not in body
    assert {c["entity_id"] for c in changes} >= {world.org_b, world.south_team}


def test_a_laptop_of_another_organisation_cannot_patch_our_records(world: World) -> None:
    alice, olga = world.laptop(world.alice), world.laptop(world.olga)
    ada = new_id()
    alice.pushed(alice.op("person", ada, "put", person("Ada", "Lovelace")))
    before = dump_database(world.engine)

    for op in (
        olga.op("person", ada, "patch", {"risk_flag": True}, base_version=1),
        olga.op("person", ada, "delete", {"deleted_at": "2025-01-01T00:00:00Z"}, base_version=1),
        olga.op("consent", new_id(), "put", consent(ada)),
    ):
        response = olga.push(op)
        assert response.status_code == 403, response.text
        assert response.json()["code"] == "out_of_scope"
        assert "Lovelace" not in response.text
    assert dump_database(world.engine) == before


# ---------------------------------------------------------------------------------- devices


def test_a_revoked_laptop_can_neither_push_nor_pull(world: World) -> None:
    alice = world.laptop(world.alice)
    with world.engine.begin() as conn:
        accounts.revoke_device(conn, world.org_a, alice.device_id)

    pushed = alice.push(alice.op("person", new_id(), "put", person("Ada", "Lovelace")))
    pulled = alice.pull_page(0)

    for response in (pushed, pulled):
        assert response.status_code == 403
        assert response.json()["code"] == "device_revoked"
    assert enrol(world.client, world.alice, alice.device_id).json()["code"] == "device_revoked"


def test_an_unknown_or_missing_token_is_not_signed_in(world: World) -> None:
    laptop = world.laptop(world.alice)
    laptop.token = "not-a-token-anyone-was-given"
    assert laptop.pull_page(0).status_code == 401
    assert laptop.pull_page(0).json()["code"] == "unknown_token"
    assert laptop.push().status_code == 401
    bare = world.client.get("/v1/pull")
    assert bare.status_code == 401 and bare.json()["code"] == "not_signed_in"


def test_re_enrolling_a_laptop_retires_its_old_token(world: World) -> None:
    first = world.laptop(world.alice)
    old = first.token
    again = enrol(world.client, world.alice, first.device_id)
    assert again.status_code == 200
    first.token = old
    assert first.pull_page(0).status_code == 401


def test_a_laptop_enrolled_for_one_worker_cannot_be_taken_by_another(world: World) -> None:
    alice = world.laptop(world.alice)
    taken = enrol(world.client, world.bob, alice.device_id)
    assert taken.status_code == 403 and taken.json()["code"] == "device_taken"


# ---------------------------------------------------------------------------------- secrets


def test_passwords_and_tokens_are_never_stored_in_plaintext(world: World) -> None:
    laptops = [world.laptop(w) for w in (world.alice, world.bob, world.olga)]
    tokens = [laptop.token for laptop in laptops]
    assert all(len(token) >= 40 for token in tokens)

    everything = database_text(world.engine)

    assert world.alice.password not in everything
    for token in tokens:
        assert token not in everything
    with world.engine.connect() as conn:
        hashes = conn.execute(select(t.account.c.password_hash)).scalars().all()
        stored_tokens = set(conn.execute(select(t.device.c.token_hash)).scalars())
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert stored_tokens == {hashlib.sha256(tok.encode()).hexdigest() for tok in tokens}


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(world: World) -> None:
    wrong = enrol(world.client, world.alice, new_device_id(), password="not her password")
    nobody = enrol(world.client, world.alice, new_device_id(), username="nobody")
    assert wrong.status_code == nobody.status_code == 401
    assert wrong.json() == nobody.json()


def test_sign_in_is_refused_for_a_while_after_five_wrong_passwords(world: World) -> None:
    device = new_device_id()
    for _ in range(5):
        assert enrol(world.client, world.alice, device, password="guess guess").status_code == 401

    sixth = enrol(world.client, world.alice, device)

    assert sixth.status_code == 429
    assert sixth.json()["code"] == "too_many_attempts"
    assert int(sixth.headers["Retry-After"]) > 0
    assert "token" not in sixth.json()


# --------------------------------------------------------------------------- malformed requests


def test_a_body_over_the_limit_is_refused_unread(world: World) -> None:
    alice = world.laptop(world.alice)
    response = world.client.post(
        "/v1/push", content=b" " * (MAX_BODY + 1),
        headers={**alice.auth, "Content-Type": "application/json"},
    )  # fmt: skip
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_a_body_without_a_length_is_refused(world: World) -> None:
    alice = world.laptop(world.alice)

    def chunks() -> Iterator[bytes]:
        yield b'{"protocol": 1, "batch_id": "b", '
        yield b'"ops": []}'

    response = world.client.post(
        "/v1/push", content=chunks(), headers={**alice.auth, "Content-Type": "application/json"}
    )
    assert response.status_code == 411
    assert response.json()["code"] == "length_required"


def test_a_laptop_speaking_another_protocol_version_is_told_to_update(world: World) -> None:
    alice = world.laptop(world.alice)
    ada = new_id()
    pushed = alice.push(alice.op("person", ada, "put", person("Ada", "Lovelace")), protocol=2)
    enrolled = enrol(world.client, world.bob, new_device_id(), protocol=2)
    for response in (pushed, enrolled):
        assert response.status_code == 400
        assert response.json()["code"] == "protocol_version"
    assert record_row(world.engine, world.org_a, "person", ada) is None


def test_a_batch_sent_twice_is_applied_once(world: World) -> None:
    alice = world.laptop(world.alice)
    ada = new_id()
    alice.pushed(alice.op("person", ada, "put", person("Ada", "Lovelace")))
    batch = [
        alice.op("person", ada, "patch", {"phone": "07700 900123"}, base_version=1),
        alice.op("consent", new_id(), "put", consent(ada)),
    ]
    first = alice.pushed(*batch)
    row = record_row(world.engine, world.org_a, "person", ada)

    again = alice.pushed(*batch)

    assert [r["status"] for r in first] == ["applied", "applied"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert [r["version"] for r in again] == [r["version"] for r in first]
    assert record_row(world.engine, world.org_a, "person", ada) == row
    assert row is not None and row["version"] == 2


def test_text_with_nul_characters_is_invalid_not_a_crash(world: World) -> None:
    alice = world.laptop(world.alice)
    ada = new_id()
    for op in (
        alice.op("person", ada, "put", person("Ada\x00", "Lovelace")),
        alice.op("person", ada, "put", {"given_name\x00": "Ada"}),
        alice.op("person", ada + "\x00", "put", person("Ada", "Lovelace")),
        alice.op("person", ada, "put", person("Ada", "Lovelace", notes={"x": ["\x00"]})),
    ):
        response = alice.push(op)
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "invalid"
    signed_in = enrol(world.client, world.bob, new_device_id(), password="pass\x00word")
    assert signed_in.status_code == 422
    assert record_row(world.engine, world.org_a, "person", ada) is None
