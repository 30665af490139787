"""Every change to the record leaves an outbox op beside it, in the same transaction, to sync."""

from __future__ import annotations

import datetime as dt
import uuid
from itertools import pairwise
from typing import TypeVar

import pytest
from sqlmodel import Session, SQLModel, col, select

from linkworker.care.hlc import Timestamp
from linkworker.paths import Paths
from linkworker.store.capture import AppendOnlyViolation, HardDeleteViolation
from linkworker.store.database import Database
from linkworker.store.tables import (
    AuditEvent,
    Encounter,
    OutboxOp,
    Person,
    Referral,
    Synced,
    SyncState,
    utcnow,
)
from linkworker.store.vault import Vault

R = TypeVar("R", bound=Synced)


def ops(db: Database, entity_id: str | None = None) -> list[OutboxOp]:
    with db.reading() as s:
        query = select(OutboxOp).order_by(col(OutboxOp.device_seq))
        if entity_id is not None:
            query = query.where(OutboxOp.entity_id == entity_id)
        return list(s.exec(query).all())


def add(db: Database, row: R) -> str:
    with db.transaction() as s:
        s.add(row)
    return row.id


def edit(db: Database, table: type[R], row_id: str, **changes: object) -> None:
    with db.transaction() as s:
        row = s.get(table, row_id)
        assert row is not None
        for name, value in changes.items():
            setattr(row, name, value)


def get(db: Database, table: type[R], row_id: str) -> R:
    with db.reading() as s:
        row = s.get(table, row_id)
        assert row is not None
        return row


def ada() -> Person:
    return Person(given_name="Ada", family_name="Okafor", postcode="LS1 4AP")


def test_adding_a_person_writes_a_put_with_the_whole_row(db: Database) -> None:
    person_id = add(db, ada())

    [op] = ops(db, person_id)
    assert op.entity == "person"
    assert op.kind == "put"
    assert op.base_version is None
    assert uuid.UUID(op.op_id).version == 7
    assert op.payload is not None
    assert op.payload["id"] == person_id
    assert op.payload["given_name"] == "Ada"
    assert op.payload["postcode"] == "LS1 4AP"
    assert op.payload["version"] == 1
    person = get(db, Person, person_id)
    assert person.version == 1
    assert op.payload["org_id"] == person.org_id != ""


def test_an_edit_writes_a_patch_of_only_what_changed(db: Database) -> None:
    person_id = add(db, ada())
    edit(db, Person, person_id, preferred_name="Ady")
    edit(db, Person, person_id, postcode="M1 1AE", phone="0113 496 0000")

    put, first, second = ops(db, person_id)
    assert put.kind == "put"
    assert (first.kind, first.payload, first.base_version) == (
        "patch",
        {"preferred_name": "Ady"},
        1,
    )
    assert (second.kind, second.payload, second.base_version) == (
        "patch",
        {"postcode": "M1 1AE", "phone": "0113 496 0000"},
        1,
    )
    # Both edits were made against version 1, the last the server confirmed (none yet).
    assert get(db, Person, person_id).version == 1


def test_setting_a_field_to_the_value_it_has_writes_nothing(db: Database) -> None:
    person_id = add(db, ada())
    edit(db, Person, person_id, given_name="Ada")
    assert [op.kind for op in ops(db, person_id)] == ["put"]
    assert get(db, Person, person_id).version == 1


def test_removing_a_person_leaves_a_tombstone_and_a_delete_op(db: Database) -> None:
    person_id = add(db, ada())
    edit(db, Person, person_id, given_name="Adaeze")
    removed_at = utcnow()
    edit(db, Person, person_id, deleted_at=removed_at)

    *_, delete = ops(db, person_id)
    assert delete.kind == "delete"
    assert delete.base_version == 1
    assert delete.payload == {"deleted_at": removed_at.isoformat()}
    person = get(db, Person, person_id)
    assert person.deleted_at is not None
    assert person.version == 1


def test_ops_are_numbered_and_stamped_in_the_order_they_happened(db: Database) -> None:
    first = add(db, ada())
    second = add(db, Person(given_name="Bea", family_name="Okafor"))
    edit(db, Person, first, phone="0113 496 0000")
    referral = add(db, Referral(person_id=second, received_on=dt.date(2026, 11, 2), source="GP"))
    edit(db, Referral, referral, state="contacted")
    edit(db, Person, second, deleted_at=utcnow())

    all_ops = ops(db)
    assert [(op.entity, op.kind) for op in all_ops] == [
        ("person", "put"),
        ("person", "put"),
        ("person", "patch"),
        ("referral", "put"),
        ("referral", "patch"),
        ("person", "delete"),
    ]
    seqs = [op.device_seq for op in all_ops]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    stamps = [Timestamp.unpack(op.hlc) for op in all_ops]
    assert all(a < b for a, b in pairwise(stamps))
    assert all(a < b for a, b in pairwise(op.hlc for op in all_ops))
    assert {s.device for s in stamps} == {db.device_id()}
    assert len({op.op_id for op in all_ops}) == len(all_ops)


def test_a_contact_is_appended_and_can_never_be_edited(db: Database) -> None:
    person_id = add(db, ada())
    contact = Encounter(
        person_id=person_id,
        occurred_at=utcnow(),
        mode="phone",
        kind="conversation",
        notes="Talked about the walking group.",
    )
    contact_id = add(db, contact)
    [op] = ops(db, contact_id)
    assert (op.entity, op.kind, op.base_version) == ("encounter", "append", None)

    with pytest.raises(AppendOnlyViolation):
        edit(db, Encounter, contact_id, notes="Changed my mind.")

    assert get(db, Encounter, contact_id).notes == "Talked about the walking group."
    assert [op.kind for op in ops(db, contact_id)] == ["append"]


def test_an_audit_event_can_never_be_edited(db: Database) -> None:
    event_id = add(db, AuditEvent(action="viewed", entity="person", entity_id="x"))
    with pytest.raises(AppendOnlyViolation):
        edit(db, AuditEvent, event_id, action="nothing to see")
    assert get(db, AuditEvent, event_id).action == "viewed"


def test_a_person_can_only_be_tombstoned_never_deleted(db: Database) -> None:
    person_id = add(db, ada())
    with pytest.raises(HardDeleteViolation), db.transaction() as s:
        person = s.get(Person, person_id)
        s.delete(person)
        s.flush()
    assert get(db, Person, person_id).deleted_at is None
    assert [op.kind for op in ops(db, person_id)] == ["put"]


def _seq_and_clock(s: Session) -> tuple[int, str | None]:
    state = s.get(SyncState, 1)
    assert state is not None
    return state.next_device_seq, state.hlc_last


def test_a_transaction_that_fails_leaves_no_row_no_op_and_no_counter_used(db: Database) -> None:
    add(db, ada())
    with db.reading() as s:
        before = _seq_and_clock(s)

    person = Person(given_name="Bea", family_name="Okafor")
    with pytest.raises(RuntimeError, match="power cut"), db.transaction() as s:
        s.add(person)
        s.flush()  # the row and its op have been written inside the transaction...
        assert s.exec(select(OutboxOp).where(OutboxOp.entity_id == person.id)).one()
        raise RuntimeError("power cut")  # ...and then it fails

    with db.reading() as s:
        assert s.get(Person, person.id) is None
        assert _seq_and_clock(s) == before
    assert ops(db, person.id) == []
    assert len(ops(db)) == 1


def test_numbering_and_clock_carry_on_after_the_app_is_reopened(db: Database, paths: Paths) -> None:
    add(db, ada())
    # Pretend this laptop once saw a stamp from a device whose clock runs a day fast.
    future = Timestamp(int((utcnow() + dt.timedelta(days=1)).timestamp() * 1000), 7, "x")
    with db.transaction() as s:
        state = s.get(SyncState, 1)
        assert state is not None
        state.hlc_last = Timestamp(future.physical_ms, future.counter, state.device_id).pack()
    [last] = ops(db)
    db.close()

    reopened = Vault(paths).unlock_with_keyring()
    assert reopened is not None
    try:
        new_id = add(reopened, Person(given_name="Bea", family_name="Okafor"))
        [op] = ops(reopened, new_id)
        assert op.device_seq == last.device_seq + 1
        stamp = Timestamp.unpack(op.hlc)
        assert (stamp.physical_ms, stamp.counter) == (future.physical_ms, future.counter + 1)
    finally:
        reopened.close()


# About this laptop, never synced: and contact drafts, which sync once signed (as encounters).
LOCAL_TABLES = {"outbox", "conflict", "sync_state", "contact_draft"}


def _table_classes(base: type[SQLModel]) -> dict[str, type[SQLModel]]:
    found: dict[str, type[SQLModel]] = {}
    for cls in base.__subclasses__():
        if "__table__" in vars(cls):
            found[cls.__tablename__] = cls  # type: ignore[index]
        found.update(_table_classes(cls))
    return found


def test_every_table_of_the_record_is_captured_for_sync() -> None:
    mapped = _table_classes(SQLModel)
    assert set(mapped) == set(SQLModel.metadata.tables)
    record_tables = set(mapped) - LOCAL_TABLES
    assert {"person", "encounter", "audit_event", "dir_service"} <= record_tables
    not_synced = sorted(name for name in record_tables if not issubclass(mapped[name], Synced))
    assert not_synced == []
