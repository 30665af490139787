"""A link worker's day, through the store: a referral taken, moved on, the record written, the
contact signed and corrected, a follow-up due, the referral closed. Each step checked in the
encrypted database, with its outbox ops and audit events."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from linkworker.care.fields import FieldRefused
from linkworker.care.measures import MeasureRefused
from linkworker.care.person import NewPerson
from linkworker.care.referral import NewReferral, TransitionRefused, check_new_referral
from linkworker.store import caseload, contacts, edits, followups, outcomes, record, referrals
from linkworker.store.capture import AppendOnlyViolation
from linkworker.store.database import Database
from linkworker.store.people import add_person
from linkworker.store.tables import (
    AuditEvent,
    Consent,
    ContactDraft,
    Encounter,
    FollowUp,
    OutboxOp,
    Person,
    PlanAction,
    Referral,
)

TODAY = dt.date.today()


def _referral(**over: object) -> NewReferral:
    values: dict[str, object] = {
        "received_on": (TODAY - dt.timedelta(days=3)).strftime("%d/%m/%Y"),
        "source": "GP",
        "method": "electronic referral",
        "referrer_name": "Dr Okafor",
        "referrer_role": "GP",
        "referrer_organisation": "Millbrook Surgery",
        "reasons": ["loneliness", "low mood"],
        "urgency": "routine",
        "consents": {"support from the service": True, "share with GP": True},
    }
    values.update(over)
    checked = check_new_referral(values)
    assert isinstance(checked, NewReferral), checked
    return checked


def _ops(db: Database, entity: str) -> list[OutboxOp]:
    with db.reading() as s:
        return list(s.exec(select(OutboxOp).where(OutboxOp.entity == entity)).all())


def test_a_referral_taken_for_a_new_person_is_saved_with_consents_and_audited(
    db: Database,
) -> None:
    person_id, referral_id = referrals.take_referral(
        db, _referral(), new_person=NewPerson(given_name="Ann", family_name="Hale",
                                              date_of_birth=dt.date(1950, 1, 2))
    )  # fmt: skip
    with db.reading() as s:
        ref = s.get(Referral, referral_id)
        assert ref is not None and ref.person_id == person_id
        assert ref.state == "received" and ref.snomed_code == "871731000000106"
        assert ref.reasons == ["loneliness", "low mood"]
        kinds = {c.kind: c.given for c in s.exec(select(Consent)).all()}
        assert kinds == {"support from the service": True, "share with GP": True}
        actions = [e.action for e in s.exec(select(AuditEvent)).all()]
    assert actions.count("created") >= 2
    assert len(_ops(db, "referral")) == 1 and len(_ops(db, "consent")) == 2

    # The same person again: found by NHS number-less name and date of birth.
    matches = referrals.find_matches(db, None, "ann", "HALE", dt.date(1950, 1, 2))
    assert [m.reason for m in matches] == ["Same name and date of birth"]
    # A second open referral for them is refused, with a message.
    with pytest.raises(TransitionRefused, match="already has an open referral"):
        referrals.take_referral(db, _referral(), person_id=person_id)


def test_likely_duplicates_are_found_by_nhs_number_or_name_and_birth_date(db: Database) -> None:
    a = add_person(db, NewPerson(given_name="Ann", family_name="Hale", nhs_number="9434765919",
                                 date_of_birth=dt.date(1950, 1, 2)))  # fmt: skip
    b = add_person(db, NewPerson(given_name="Annie", family_name="Hale",
                                 date_of_birth=dt.date(1950, 1, 2)))  # fmt: skip
    add_person(db, NewPerson(given_name="Bob", family_name="Stone",
                             date_of_birth=dt.date(1950, 1, 2)))  # fmt: skip
    by_number = referrals.find_matches(db, "9434765919")
    assert [(m.person.id, m.sure) for m in by_number] == [(a, True)]
    by_name = referrals.find_matches(db, None, "Ann", "Hale", dt.date(1950, 1, 2))
    assert [m.person.id for m in by_name] == [a, b]
    assert by_name[1].reason == "Same date of birth and a similar name"


def test_the_referral_moves_one_step_at_a_time_and_closes_with_an_outcome(db: Database) -> None:
    _, rid = referrals.take_referral(db, _referral(), new_person=NewPerson(
        given_name="Cy", family_name="Moss"))  # fmt: skip
    with pytest.raises(TransitionRefused, match="Mark the referral contacted first"):
        referrals.move_referral(db, rid, "engaged")
    referrals.move_referral(db, rid, "contacted")
    referrals.move_referral(db, rid, "engaged")
    with pytest.raises(TransitionRefused, match="Choose how the referral ended"):
        referrals.move_referral(db, rid, "closed")
    referrals.move_referral(db, rid, "closed", outcome="declined")
    with db.reading() as s:
        ref = s.get(Referral, rid)
        assert ref is not None
        person = s.get(Person, ref.person_id)
    assert ref.state == "closed" and ref.close_outcome == "declined"
    assert ref.first_contact_at is not None and ref.snomed_code == "871711000000103"
    assert person is not None and person.status == "closed"
    with pytest.raises(TransitionRefused, match="closed"):
        referrals.move_referral(db, rid, "active")


def test_the_plan_needs_a_goal_before_an_action_and_values_are_checked(db: Database) -> None:
    pid = add_person(db, NewPerson(given_name="Di", family_name="Lark"))
    plan = edits.add_row(db, "care_plan", {"person_id": pid, "status": "draft"})
    with pytest.raises(FieldRefused, match="An action needs a goal"):
        edits.add_row(db, "plan_action", {"what": "Walk to the park", "status": "to do"})
    goal = edits.add_row(db, "plan_goal", {"plan_id": plan, "in_own_words": "Feel less low",
                                           "importance": 8, "status": "not started"})  # fmt: skip
    with pytest.raises(FieldRefused, match="Importance runs from 0 to 10"):
        edits.set_field(db, "plan_goal", goal, "importance", 11)
    action = edits.add_row(db, "plan_action", {"goal_id": goal, "what": "Walk to the park",
                                               "status": "to do", "confidence": "7"})  # fmt: skip
    change = edits.set_field(db, "plan_action", action, "status", "doing")
    assert (change.old, change.new) == ("to do", "doing")
    # Undo is the same edit the other way; removing and restoring a row are tombstones.
    edits.set_field(db, "plan_action", action, "status", change.old)
    edits.remove_row(db, "plan_action", action)
    assert record.read_record(db, pid).actions == {}
    edits.restore_row(db, "plan_action", action)
    rec = record.read_record(db, pid)
    assert [a["what"] for a in rec.actions[goal]] == ["Walk to the park"]
    assert rec.actions[goal][0]["confidence"] == 7
    with db.reading() as s:
        stored = s.get(PlanAction, action)
    assert stored is not None and stored.status == "to do" and stored.deleted_at is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nhs_number", "943 476 5918", "not a valid NHS number"),
        ("date_of_birth", (TODAY + dt.timedelta(days=1)).strftime("%d/%m/%Y"), "future"),
        ("postcode", "MB1", "postcode"),
        ("phone", "12345", "phone|digits|number"),
        ("email", "not an address", "email address"),
    ],
)
def test_bad_person_details_are_refused_and_nothing_is_written(
    db: Database, field: str, value: str, message: str
) -> None:
    pid = add_person(db, NewPerson(given_name="Ed", family_name="Rowe"))
    before = len(_ops(db, "person"))
    with pytest.raises(FieldRefused, match=f"(?i){message}"):
        edits.set_field(db, "person", pid, field, value)
    assert len(_ops(db, "person")) == before


def test_a_signed_contact_cannot_be_edited_and_is_corrected_by_an_addendum(db: Database) -> None:
    pid = add_person(db, NewPerson(given_name="Flo", family_name="Reed"))
    draft = contacts.start_draft(db, pid)
    contacts.save_draft(db, draft, "mode", "phone")
    contacts.save_draft(db, draft, "notes", "Talked about the walking group.")
    contacts.save_draft(db, draft, "duration_minutes", "25")
    contacts.save_draft(db, draft, "follow_up_on", (TODAY - dt.timedelta(days=1)).isoformat())
    contacts.save_draft(db, draft, "follow_up_what", "Ring about the walking group")
    assert _ops(db, "encounter") == []  # a draft stays on the laptop
    contact = contacts.sign_draft(db, draft)
    with db.reading() as s:
        signed = s.get(Encounter, contact)
        assert s.get(ContactDraft, draft) is None
        follow = s.exec(select(FollowUp)).one()
    assert signed is not None and signed.signed_off_at is not None
    assert signed.duration_minutes == 25 and follow.source_id == contact
    assert [op.kind for op in _ops(db, "encounter")] == ["append"]

    with pytest.raises(AppendOnlyViolation), db.transaction() as s:
        row = s.get(Encounter, contact)
        assert row is not None
        row.notes = "Changed afterwards"

    addendum = contacts.start_draft(db, pid, amends_id=contact)
    with pytest.raises(contacts.ContactRefused, match="Write the correction"):
        contacts.sign_draft(db, addendum)
    contacts.save_draft(db, addendum, "notes", "It was the Thursday group, not Tuesday.")
    contacts.sign_draft(db, addendum)
    rec = record.read_record(db, pid)
    assert [a["notes"] for a in rec.addenda(contact)] == ["It was the Thursday group, not Tuesday."]
    assert rec.contacts[-1]["notes"] == "Talked about the walking group."

    lists = caseload.today(db)
    assert [(i.person_name, i.what) for i in lists.follow_ups] == [
        ("Reed, Flo", "Ring about the walking group")
    ]
    followups.complete(db, lists.follow_ups[0].follow_up_id or "")
    assert caseload.today(db).follow_ups == []


def test_ons4_is_recorded_at_baseline_and_follow_up_and_an_11_is_refused(db: Database) -> None:
    pid = add_person(db, NewPerson(given_name="Gus", family_name="Pike"))
    answers = {"life_satisfaction": 4, "worthwhile": 5, "happiness": 3, "anxiety": 8}
    outcomes.record_ons4(db, pid, "baseline", TODAY - dt.timedelta(days=60), answers)
    with pytest.raises(MeasureRefused, match="0 to 10; 11"):
        outcomes.record_ons4(db, pid, "follow-up", TODAY, {**answers, "happiness": 11})
    outcomes.record_ons4(db, pid, "follow-up", TODAY, {**answers, "anxiety": 4})
    rec = record.read_record(db, pid)
    assert [(m["timepoint"], m["answers"]["anxiety"]) for m in rec.measures] == [
        ("baseline", 8), ("follow-up", 4)
    ]  # fmt: skip


def test_the_caseload_shows_state_waiting_days_last_contact_follow_ups_and_flags(
    db: Database,
) -> None:
    pid, rid = referrals.take_referral(db, _referral(urgency="urgent"), new_person=NewPerson(
        given_name="Hal", family_name="Ives"))  # fmt: skip
    other = add_person(db, NewPerson(given_name="Ivy", family_name="Jones"))
    edits.set_field(db, "person", other, "risk_flag", True)
    followups.add_follow_up(db, other, TODAY - dt.timedelta(days=2), "Check in")
    rows = {r.person_id: r for r in caseload.caseload_rows(db)}
    assert rows[pid].status == "received" and rows[pid].waiting_days == 3
    assert rows[pid].needs_first_contact and rows[pid].urgency == "urgent"
    assert rows[other].status == "no referral" and rows[other].risk and rows[other].overdue
    assert [i.person_id for i in caseload.today(db).first_contact] == [pid]
    referrals.move_referral(db, rid, "contacted")
    moved = {r.person_id: r for r in caseload.caseload_rows(db)}[pid]
    assert moved.status == "contacted" and moved.waiting_days is None
    assert caseload.today(db).first_contact == []


def test_opening_a_record_is_audited_and_a_removed_person_is_said_plainly(db: Database) -> None:
    pid = add_person(db, NewPerson(given_name="Jo", family_name="Kemp"))
    record.open_record(db, pid)
    with db.reading() as s:
        viewed = s.exec(select(AuditEvent).where(AuditEvent.action == "viewed")).all()
    assert [(v.entity, v.entity_id) for v in viewed] == [("person", pid)]
    edits.remove_row(db, "person", pid)
    with pytest.raises(record.PersonGone):
        record.open_record(db, pid)


def test_every_edit_is_audited_by_record_and_field_never_by_what_it_said(db: Database) -> None:
    pid = add_person(db, NewPerson(given_name="Kit", family_name="Lowe"))
    secret = "Worried about her son's temper"
    edits.set_field(db, "person", pid, "risk_notes", secret)
    about = edits.add_row(db, "about_me", {"person_id": pid, "wellness": "Better in summer"})
    draft = contacts.start_draft(db, pid)
    contacts.save_draft(db, draft, "notes", "Private words")
    contact = contacts.sign_draft(db, draft)
    outcomes.record_pam(db, pid, "baseline", TODAY, 55, 2)
    with db.reading() as s:
        events = s.exec(select(AuditEvent)).all()
    seen = {(e.action, e.entity, e.entity_id, e.detail) for e in events}
    assert ("changed", "person", pid, "risk_notes") in seen
    assert ("created", "about_me", about, None) in seen
    assert ("changed", "contact_draft", draft, "notes") in seen
    assert ("created", "encounter", contact, None) in seen
    assert any(e.entity == "outcome_measure" and e.action == "created" for e in events)
    for e in events:
        assert secret not in (e.detail or "") and "Private" not in (e.detail or "")


def test_about_me_is_one_per_person_even_when_removed_and_started_again(db: Database) -> None:
    pid = add_person(db, NewPerson(given_name="Lu", family_name="Marsh"))
    first = edits.ensure_row(db, "about_me", pid)
    assert edits.ensure_row(db, "about_me", pid) == first
    edits.remove_row(db, "about_me", first)
    assert edits.ensure_row(db, "about_me", pid) == first, "brought back, not a second one"
    assert record.read_record(db, pid).about_me is not None


def test_an_nhs_number_is_one_persons_only(db: Database) -> None:
    add_person(db, NewPerson(given_name="Mo", family_name="Nash", nhs_number="9434765919"))
    other = add_person(db, NewPerson(given_name="Ned", family_name="Oaks"))
    with pytest.raises(FieldRefused, match="already has this NHS number"):
        edits.set_field(db, "person", other, "nhs_number", "943 476 5919")
    with pytest.raises(TransitionRefused, match="already has this NHS number"):
        referrals.take_referral(db, _referral(), new_person=NewPerson(
            given_name="Mo", family_name="Nash", nhs_number="9434765919"))  # fmt: skip


def test_details_typed_at_intake_fill_gaps_in_an_existing_record(db: Database) -> None:
    pid = add_person(db, NewPerson(given_name="Pat", family_name="Quill",
                                   date_of_birth=dt.date(1960, 5, 6)))  # fmt: skip
    typed = NewPerson(given_name="Pat", family_name="Quill", nhs_number="9434765919",
                      postcode="mb1 2ab", date_of_birth=dt.date(1960, 5, 6))  # fmt: skip
    referrals.take_referral(db, _referral(), person_id=pid, fill_in=typed)
    with db.reading() as s:
        person = s.get(Person, pid)
    assert person is not None
    assert (person.nhs_number, person.postcode) == ("9434765919", "MB1 2AB")


def test_a_signed_contact_is_the_first_contact_and_an_addendum_is_not_a_contact(
    db: Database,
) -> None:
    pid, rid = referrals.take_referral(db, _referral(), new_person=NewPerson(
        given_name="Rae", family_name="Stone"))  # fmt: skip
    draft = contacts.start_draft(db, pid)
    contacts.save_draft(db, draft, "notes", "Rang her; she would like to meet.")
    contact = contacts.sign_draft(db, draft)
    with db.reading() as s:
        ref = s.get(Referral, rid)
        signed = s.get(Encounter, contact)
    assert ref is not None and signed is not None
    assert ref.state == "contacted" and ref.first_contact_at is not None
    row = {r.person_id: r for r in caseload.caseload_rows(db)}[pid]
    assert row.waiting_days is None and row.last_contact_text is not None
    before = row.last_contact_text
    addendum = contacts.start_draft(db, pid, amends_id=contact)
    contacts.save_draft(db, addendum, "notes", "Correction: she would rather meet in town.")
    contacts.sign_draft(db, addendum)
    after = {r.person_id: r for r in caseload.caseload_rows(db)}[pid].last_contact_text
    assert after == before, "the correction is not a new contact"


def test_a_follow_up_goes_with_the_action_that_set_it(db: Database) -> None:
    pid = add_person(db, NewPerson(given_name="Sid", family_name="Tate"))
    plan = edits.add_row(db, "care_plan", {"person_id": pid, "status": "draft"})
    goal = edits.add_row(db, "plan_goal", {"plan_id": plan, "in_own_words": "Get out more",
                                           "status": "not started"})  # fmt: skip
    action = edits.add_row(db, "plan_action", {"goal_id": goal, "what": "Try the walk",
                                               "status": "to do"})  # fmt: skip
    followups.add_follow_up(db, pid, TODAY, "Ask about the walk", "plan_action", action)
    assert len(caseload.today(db).follow_ups) == 1
    edits.remove_row(db, "plan_goal", goal)
    assert caseload.today(db).follow_ups == []
    assert record.read_record(db, pid).follow_ups == []
    edits.restore_row(db, "plan_goal", goal)
    assert len(caseload.today(db).follow_ups) == 1
