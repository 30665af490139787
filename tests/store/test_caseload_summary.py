"""The caseload summary (migration 0006): each person's current referral, last contact and next
follow-up, kept by triggers however their rows change, so the caseload reads in one pass. At
every step of a worker's day it agrees with the rows worked out from scratch."""

from __future__ import annotations

import datetime as dt

from linkworker.care.person import NewPerson
from linkworker.paths import Paths
from linkworker.store import caseload, contacts, demo, edits, followups, migrate, referrals
from linkworker.store.database import Database
from linkworker.store.engine import open_engine
from linkworker.store.people import add_person
from tests.store.test_caseload_record import _referral
from tests.store.test_migrations import the_key
from tests.support.caseload_truth import summary_drift

TODAY = dt.date.today()


def row_of(db: Database, person_id: str) -> caseload.CaseloadRow:
    return {r.person_id: r for r in caseload.caseload_rows(db)}[person_id]


def test_every_watched_table_has_its_summary_triggers(db: Database) -> None:
    """A migration that rebuilds one of these tables drops its triggers: this notices."""
    with db.reading() as s:
        rows = s.connection().exec_driver_sql(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"
        )
        triggers = {(name, table) for name, table in rows}
    for table in caseload.SUMMARY_WATCHES:
        for kind in ("insert", "update", "delete"):
            assert (f"caseload_summary_{table}_{kind}", table) in triggers


def test_the_summary_follows_a_persons_referrals_contacts_and_follow_ups(db: Database) -> None:
    pid, first = referrals.take_referral(db, _referral(), new_person=NewPerson(
        given_name="Ann", family_name="Hale"))  # fmt: skip
    assert row_of(db, pid).status == "received" and row_of(db, pid).waiting_days == 3
    bystander = add_person(db, NewPerson(given_name="Bob", family_name="Ives"))
    assert row_of(db, bystander).status == "no referral" and summary_drift(db) == {}

    draft = contacts.start_draft(db, pid)
    contacts.save_draft(db, draft, "notes", "Rang her.")
    contact = contacts.sign_draft(db, draft)
    signed = row_of(db, pid)
    assert signed.status == "contacted" and signed.last_contact_text is not None
    addendum = contacts.start_draft(db, pid, amends_id=contact)
    contacts.save_draft(db, addendum, "notes", "Correction.")
    contacts.sign_draft(db, addendum)
    assert row_of(db, pid).last_contact_text == signed.last_contact_text
    assert summary_drift(db) == {}

    followups.add_follow_up(db, None, TODAY, "Order more leaflets")  # about no one: no summary
    later = followups.add_follow_up(db, pid, TODAY + dt.timedelta(days=9), "Ring again")
    sooner = followups.add_follow_up(db, pid, TODAY - dt.timedelta(days=1), "Send leaflet")
    assert row_of(db, pid).next_follow_up == TODAY - dt.timedelta(days=1)
    assert row_of(db, pid).overdue
    followups.complete(db, sooner)
    assert row_of(db, pid).next_follow_up == TODAY + dt.timedelta(days=9)
    followups.move(db, later, (TODAY + dt.timedelta(days=2)).strftime("%d/%m/%Y"))
    assert row_of(db, pid).next_follow_up == TODAY + dt.timedelta(days=2)
    edits.remove_row(db, "follow_up", later)
    assert row_of(db, pid).next_follow_up is None and not row_of(db, pid).overdue
    edits.restore_row(db, "follow_up", later)
    followups.reopen(db, sooner)
    assert row_of(db, pid).next_follow_up == TODAY - dt.timedelta(days=1)
    assert summary_drift(db) == {}

    referrals.move_referral(db, first, "closed", outcome="declined")
    assert row_of(db, pid).status == "closed"
    _, second = referrals.take_referral(db, _referral(urgency="urgent"), person_id=pid)
    fresh = row_of(db, pid)
    assert fresh.status == "received" and fresh.urgency == "urgent", "open before closed"
    edits.remove_row(db, "referral", second)
    assert row_of(db, pid).status == "closed"
    edits.remove_row(db, "referral", first)
    assert row_of(db, pid).status == "no referral"
    assert summary_drift(db) == {}


def test_a_whole_demo_caseload_has_a_summary_that_agrees(db: Database) -> None:
    demo.load_demo(db, people=60)
    assert summary_drift(db) == {}
    states = {r.status for r in caseload.caseload_rows(db)}
    assert {"received", "contacted", "engaged", "active", "closed"} <= states


def test_a_laptop_upgraded_with_its_caseload_gets_its_summary(db: Database, paths: Paths) -> None:
    demo.load_demo(db, people=40)
    expected = caseload.caseload_rows(db)
    db.close()
    engine = open_engine(paths.database, the_key(paths))
    try:
        with engine.begin() as conn:  # the laptop as it was at 0005
            for table in caseload.SUMMARY_WATCHES:
                for kind in ("insert", "update", "delete"):
                    conn.exec_driver_sql(f"DROP TRIGGER caseload_summary_{table}_{kind}")
            conn.exec_driver_sql("DROP TABLE caseload_summary")
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0005'")
        migrate.upgrade(engine, paths.database, paths.backup_dir)
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()
    upgraded = Database(open_engine(paths.database, the_key(paths)), paths.database)
    try:
        assert summary_drift(upgraded) == {}
        assert caseload.caseload_rows(upgraded) == expected
    finally:
        upgraded.close()
