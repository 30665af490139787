"""Looking at the caseload never stops the link worker saving: readers do not block writers."""

from __future__ import annotations

from sqlmodel import select

from linkworker.care.person import NewPerson
from linkworker.store.database import Database
from linkworker.store.people import add_person, count_people
from linkworker.store.tables import Person


def test_a_save_goes_through_while_a_list_is_being_read(db: Database) -> None:
    add_person(db, NewPerson(given_name="Ada", family_name="Okafor"))
    with db.reading() as s:
        # The reading session holds its transaction (and its snapshot) open...
        assert [p.given_name for p in s.exec(select(Person)).all()] == ["Ada"]
        # ...while another part of the app saves a person.
        add_person(db, NewPerson(given_name="Bea", family_name="Okafor"))
        # The reader keeps a consistent snapshot: the new person is not half-visible to it.
        assert [p.given_name for p in s.exec(select(Person)).all()] == ["Ada"]
    assert count_people(db) == 2


def test_a_read_started_during_a_write_sees_only_what_was_committed(db: Database) -> None:
    add_person(db, NewPerson(given_name="Ada", family_name="Okafor"))
    with db.transaction() as w:
        w.add(Person(given_name="Bea", family_name="Okafor"))
        w.flush()
        assert count_people(db) == 1  # a reader is not blocked, and sees no uncommitted row
    assert count_people(db) == 2
