"""One service in full, as the details pane, "Copy details" and the leaflet show it; and what a
worker does from there: a note, "checked today", a signpost or a referral. Every write is
checked in the encrypted database with its outbox op (so it syncs) and its audit event."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Table, update
from sqlmodel import col, select

from linkworker.care.fields import FieldRefused
from linkworker.care.person import NewPerson
from linkworker.store import record
from linkworker.store.database import Database
from linkworker.store.directory_actions import (
    NOTE_MAX,
    NoteGone,
    add_note,
    connect_person,
    mark_checked,
    remove_note,
)
from linkworker.store.directory_details import (
    AccessFeature,
    ConnectionFigures,
    Contact,
    Phone,
    ServiceDetails,
    ServiceGone,
    age_range_text,
    count_connections,
    service_details,
)
from linkworker.store.directory_import import import_directory
from linkworker.store.people import add_person
from linkworker.store.tables import (
    AuditEvent,
    CommunityConnection,
    DirAccessibility,
    DirAddress,
    DirAttribute,
    DirContact,
    DirCostOption,
    DirLanguage,
    DirLocation,
    DirOrganization,
    DirPhone,
    DirSchedule,
    DirService,
    DirServiceAtLocation,
    DirTaxonomyTerm,
    OutboxOp,
    ServiceNote,
    SyncState,
    Worker,
    new_id,
    utcnow,
)
from tests.conftest import REPO_ROOT

SAMPLE = REPO_ROOT / "linkworker" / "resources" / "directory" / "millbrook.json"
AS_OF = dt.date(2026, 12, 1)  # the sample directory's dates are set against this day
TODAY = dt.date(2027, 3, 1)  # a Monday


# ------------------------------------------------------------------------------ helpers


def sample_docs() -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = json.loads(SAMPLE.read_text(encoding="utf-8"))["contents"]
    return docs


def sample_doc(name: str) -> dict[str, Any]:
    return next(d for d in sample_docs() if d["name"] == name)


@pytest.fixture
def sample(db: Database) -> Database:
    """The fictional Millbrook directory, loaded through the importer as a user loads it."""
    report = import_directory(db, SAMPLE)
    assert report.services.imported == len(sample_docs()) and not report.problems
    return db


def row(model: Any, **values: Any) -> dict[str, Any]:
    values.setdefault("id", new_id())
    return dict(model(**values).model_dump())


def insert(db: Database, model: Any, **values: Any) -> str:
    """One row written with Core, as an import or a sync pull writes it; returns its id."""
    r = row(model, **values)
    table: Table = model.__table__
    with db.transaction() as s:
        s.execute(table.insert(), [r])
    return str(r["id"])


def tombstone(db: Database, model: Any, ident: str) -> None:
    table: Table = model.__table__
    with db.transaction() as s:
        s.execute(update(table).where(table.c.id == ident).values(deleted_at=utcnow()))


def ops(db: Database, entity: str, entity_id: str | None = None) -> list[OutboxOp]:
    with db.reading() as s:
        query = select(OutboxOp).where(OutboxOp.entity == entity)
        if entity_id is not None:
            query = query.where(OutboxOp.entity_id == entity_id)
        return list(s.exec(query.order_by(col(OutboxOp.device_seq))).all())


def audits(db: Database, entity: str) -> list[AuditEvent]:
    with db.reading() as s:
        query = select(AuditEvent).where(AuditEvent.entity == entity)
        return list(s.exec(query.order_by(col(AuditEvent.at))).all())


def person(db: Database, given: str = "Sam", family: str = "Okoro") -> str:
    return add_person(db, NewPerson(given_name=given, family_name=family))


def enrol(db: Database, display_name: str = "Amira Khan") -> str:
    """This laptop's worker (as enrolment leaves it): a worker row and sync_state.worker_id."""
    with db.transaction() as s:
        worker = Worker(username=display_name.split()[0].lower(), display_name=display_name)
        s.add(worker)
        state = s.get(SyncState, 1)
        assert state is not None
        state.worker_id = worker.id
        return worker.id


def colleague(db: Database, display_name: str) -> str:
    with db.transaction() as s:
        worker = Worker(username=display_name.split()[0].lower(), display_name=display_name)
        s.add(worker)
        return worker.id


@pytest.fixture
def club(db: Database) -> str:
    """A small service written with Core, with a bit of everything a record can hold."""
    org = insert(db, DirOrganization, name="Millbrook Community Trust",
                 website="https://trust.millbrook.example/")  # fmt: skip
    hall = insert(db, DirLocation, name="St Mark's Hall", latitude=53.7, longitude=-1.6,
                  description="Behind the church, with a car park.")  # fmt: skip
    insert(db, DirAddress, location_id=hall, address_1="12 Canal Road", city="Millbrook",
           postal_code="MB3 4XY")  # fmt: skip
    step_free = insert(db, DirAccessibility, location_id=hall,
                       description="Step-free from the street to the room used.")  # fmt: skip
    insert(db, DirAccessibility, location_id=hall, description="Hearing loop")
    gone_access = insert(db, DirAccessibility, location_id=hall, description="Lift")
    tombstone(db, DirAccessibility, gone_access)
    access_term = insert(db, DirTaxonomyTerm, name="Step-free access")
    insert(db, DirAttribute, link_id=step_free, link_entity="accessibility",
           taxonomy_term_id=access_term)  # fmt: skip
    online = insert(db, DirLocation, name="Online", location_type="virtual",
                    url="https://meet.example.org/club", latitude=123.0)  # fmt: skip
    sid = insert(
        db, DirService, name="Tuesday Club", organization_id=org,
        description="Tea, a chat and a game of dominoes.", url="https://club.example.org",
        email="club@example.org", status="active", minimum_age=55, maximum_age=None,
        eligibility_description="Anyone over 55 who lives in Millbrook.",
        application_process="Ring Pat first.", fees_description="Pay on the day.",
        alert="Closed on 24 December.", assured_date=dt.date(2026, 1, 10),
        last_modified=dt.datetime(2026, 8, 3, 9, 30, tzinfo=dt.UTC),
        interpretation_services="Interpreters can be booked.",
    )  # fmt: skip
    at_hall = insert(db, DirServiceAtLocation, service_id=sid, location_id=hall)
    insert(db, DirServiceAtLocation, service_id=sid, location_id=online)
    t = dt.time.fromisoformat
    insert(db, DirSchedule, service_id=sid, freq="WEEKLY", byday="TU", opens_at=t("10:00"),
           closes_at=t("12:00"))  # fmt: skip
    insert(db, DirSchedule, service_at_location_id=at_hall, freq="MONTHLY", byday="1TH",
           opens_at=t("14:00"), closes_at=t("16:00"), notes="Not in August.")  # fmt: skip
    insert(db, DirSchedule, service_id=sid, freq="WEEKLY", byday="FR", opens_at=t("18:00"),
           closes_at=t("19:00"), valid_from=dt.date(2027, 4, 2),
           valid_to=dt.date(2027, 6, 25), attending_type="Online")  # fmt: skip
    insert(db, DirSchedule, service_id=sid, freq="WEEKLY", byday="WE", opens_at=t("10:00"),
           closes_at=t("11:00"), valid_to=dt.date(2027, 1, 31))  # ended  # fmt: skip
    insert(db, DirSchedule, service_id=sid, description="Some Saturdays in summer")
    gone = insert(db, DirSchedule, service_id=sid, freq="WEEKLY", byday="SU",
                  opens_at=t("09:00"), closes_at=t("10:00"))  # fmt: skip
    tombstone(db, DirSchedule, gone)
    insert(db, DirCostOption, service_id=sid, option="Per session", amount=3.5,
           amount_description="a session, with tea")  # fmt: skip
    insert(db, DirCostOption, service_id=sid, option="Concessions", amount=0.0,
           amount_description="For people on benefits")  # fmt: skip
    pat = insert(db, DirContact, service_id=sid, name="Pat Ogden", title="Organiser",
                 email="pat@example.org")  # fmt: skip
    gone_contact = insert(db, DirContact, service_id=sid, name="Gone Person")
    tombstone(db, DirContact, gone_contact)
    insert(db, DirPhone, contact_id=pat, number="07700900123", description="Mobile")
    insert(db, DirPhone, service_id=sid, number="+44 (0)113 4960123", extension="21",
           type="voice", description="Office")  # fmt: skip
    insert(db, DirPhone, service_id=sid, number="07700 900124", type="text")
    insert(db, DirPhone, organization_id=org, number="01632 960001")  # not the service's
    insert(db, DirLanguage, service_id=sid, name="English", code="en")
    insert(db, DirLanguage, location_id=hall, name="Polish", code="pl")
    insert(db, DirLanguage, service_id=sid, code="bfi")  # a code with no name
    social = insert(db, DirTaxonomyTerm, name="Coffee mornings")
    games = insert(db, DirTaxonomyTerm, name="Games and hobbies")
    insert(db, DirAttribute, link_id=sid, link_entity="service", taxonomy_term_id=social)
    old = insert(db, DirAttribute, link_id=sid, link_entity="service", taxonomy_term_id=games)
    tombstone(db, DirAttribute, old)
    return sid


# --------------------------------------------------------------------- the details read


def test_a_sample_service_reads_in_full_as_the_directory_gives_it(sample: Database) -> None:
    doc = sample_doc("Tuesday Towpath Stroll")
    d = service_details(sample, doc["id"], today=AS_OF)

    assert isinstance(d, ServiceDetails)
    assert (d.id, d.name, d.description) == (doc["id"], doc["name"], doc["description"])
    assert d.organisation == doc["organization"]["name"] == "Canal Side Walkers"
    assert d.organisation_website == doc["organization"]["website"]
    assert (d.status, d.url, d.email, d.alert) == ("active", doc["url"], doc["email"], None)

    (place,) = d.places
    location = doc["service_at_locations"][0]["location"]
    address = location["addresses"][0]
    assert place.name == location["name"] == "The Lock Café"
    assert place.address_lines == (address["address_1"], address["city"])
    assert place.postcode == address["postal_code"]
    assert place.address == f"{address['address_1']}, {address['city']} {address['postal_code']}"
    assert (place.latitude, place.longitude) == (location["latitude"], location["longitude"])
    assert place.description == location["description"]
    assert place.access_phrases == (
        "Step-free access", "Accessible toilet", "Assistance dogs welcome",
    )  # fmt: skip
    assert place.accessibility[0] == AccessFeature(
        "Step-free access", "Step-free from the street to the room used."
    )

    assert d.sessions == ("Tuesdays 10:00–11:00",)
    assert d.cost == "Free"
    assert d.cost_details == ()  # "No charge" says no more than the badge
    contact = doc["contacts"][0]
    assert d.contacts == (Contact(contact["name"], contact["title"], None),)
    assert d.phones == (Phone("07700 900038", "", "Mobile", contact["name"]),)
    assert d.languages == ("English",)
    assert d.age_range == "Ages 18 and over"
    assert (d.eligibility, d.how_to_join, d.interpretation) == (None, None, None)
    assert d.categories == ("Walking groups",)
    # checked: the later of the assured date (27 April) and the last modified day (9 May)
    assert doc["assured_date"] == "2026-04-27"
    assert d.checked_on == dt.date(2026, 5, 9)
    assert d.stale is False
    assert service_details(sample, doc["id"], today=dt.date(2027, 5, 10)).stale is True
    assert d.notes == ()
    assert d.figures == ConnectionFigures()


def test_every_sample_service_reads_with_sessions_a_place_and_a_way_to_get_in_touch(
    sample: Database,
) -> None:
    for doc in sample_docs():
        d = service_details(sample, doc["id"], today=AS_OF)
        assert d.name == doc["name"]
        assert d.sessions and all(d.sessions), d.name
        assert d.places and all(p.name for p in d.places), d.name
        assert d.phones or d.email or d.url, d.name
        assert d.languages and d.categories, d.name
        assert d.cost in ("Free", "Low cost", "") or d.cost.startswith(("£", "From £")), d.cost
        for line in d.sessions:
            assert "  " not in line and line == line.strip(), line


def test_a_service_with_everything_reads_in_full(db: Database, club: str) -> None:
    d = service_details(db, club, today=TODAY)

    assert d.name == "Tuesday Club"
    assert d.organisation == "Millbrook Community Trust"
    assert d.alert == "Closed on 24 December."
    hall, online = d.places
    assert hall.name == "St Mark's Hall"
    assert hall.address_lines == ("12 Canal Road", "Millbrook")
    assert hall.postcode == "MB3 4XY"
    assert hall.description == "Behind the church, with a car park."
    # a feature linked to a term is named by it, with the record's words as details; removed
    # features are not shown
    assert hall.accessibility == (
        AccessFeature("Step-free access", "Step-free from the street to the room used."),
        AccessFeature("Hearing loop"),
    )
    assert online.kind == "virtual" and online.url == "https://meet.example.org/club"
    assert online.address_lines == () and online.postcode is None
    assert online.latitude is None  # an impossible coordinate is not passed on

    assert d.sessions == (
        "Tuesdays 10:00–12:00",  # tomorrow
        "First Thursday of the month 14:00–16:00 at St Mark's Hall (not in August)",
        "Fridays 18:00–19:00 (online), 2 April 2027 to 25 June 2027",
        "Some Saturdays in summer",  # no pattern: the schedule's own words, last
    )  # the Wednesday schedule ended in January; the Sunday one was removed

    assert d.cost == "Free"  # for some (the results list's rule: see cost_class)
    assert d.cost_details == (
        "£3.50 a session, with tea",
        "Free for people on benefits",
        "Pay on the day.",
    )
    assert d.contacts == (Contact("Pat Ogden", "Organiser", "pat@example.org"),)
    assert d.phones == (
        Phone("0113 496 0123 ext. 21", "", "Office"),
        Phone("07700 900124", "Text", ""),
        Phone("07700 900123", "", "Mobile", "Pat Ogden"),
    )  # the service's own numbers first; not the organisation's, since it has its own
    assert d.phones[1].label == "Text" and d.phones[0].label == "Office"
    assert d.languages == ("English", "bfi", "Polish")
    assert d.age_range == "Ages 55 and over"
    assert d.eligibility == "Anyone over 55 who lives in Millbrook."
    assert d.how_to_join == "Ring Pat first."
    assert d.interpretation == "Interpreters can be booked."
    assert d.categories == ("Coffee mornings",)
    assert d.checked_on == dt.date(2026, 8, 3)  # the later of assured and last modified
    assert d.stale is False
    assert service_details(db, club, today=dt.date(2027, 8, 4)).stale is True


def test_the_organisations_number_is_given_when_the_service_has_none(db: Database) -> None:
    org = insert(db, DirOrganization, name="Trust")
    insert(db, DirPhone, organization_id=org, number="01632 960001", description="Reception")
    sid = insert(db, DirService, name="Drop-in", organization_id=org)
    d = service_details(db, sid, today=TODAY)
    assert d.phones == (Phone("01632 960001", "", "Reception"),)
    assert (d.sessions, d.places, d.cost, d.cost_details) == ((), (), "", ())
    assert d.checked_on is None and d.stale is True
    assert d.age_range == ""


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [
        (18, None, "Ages 18 and over"),
        (5, 11, "Ages 5–11"),
        (None, 25, "Ages up to 25"),
        (0, 25, "Ages up to 25"),
        (0, None, ""),
        (None, None, ""),
        (7, 7, "Age 7"),
        (12, 5, ""),  # nonsense says nothing
    ],
)
def test_the_age_range_in_words(low: int | None, high: int | None, words: str) -> None:
    assert age_range_text(low, high) == words


def test_a_missing_or_removed_service_is_said_plainly(db: Database, club: str) -> None:
    with pytest.raises(ServiceGone, match="no longer in the directory"):
        service_details(db, new_id())
    tombstone(db, DirService, club)
    with pytest.raises(ServiceGone):
        service_details(db, club)


# ------------------------------------------------------------------------------- notes


def test_notes_are_kept_newest_first_with_who_wrote_them(db: Database, club: str) -> None:
    me = enrol(db)
    jo = colleague(db, "Jo Bright")
    with db.transaction() as s:  # a colleague's note, come in by sync
        s.add(ServiceNote(service_id=club, worker_id=jo, text="Parking at the back.",
                          created_at=utcnow() - dt.timedelta(days=2)))  # fmt: skip
        s.add(ServiceNote(service_id=club, worker_id=None, text="From the old laptop.",
                          created_at=utcnow() - dt.timedelta(days=3)))  # fmt: skip
    first = add_note(db, club, "  Ask for Jan at the door.  ")
    second = add_note(db, club, "Bring a cushion: the chairs are hard.")

    notes = service_details(db, club).notes
    assert [n.text for n in notes] == [
        "Bring a cushion: the chairs are hard.",
        "Ask for Jan at the door.",
        "Parking at the back.",
        "From the old laptop.",
    ]
    assert [n.who for n in notes] == ["you", "you", "Jo Bright", "a colleague"]
    assert [n.mine for n in notes] == [True, True, False, False]
    assert [n.id for n in notes[:2]] == [second, first]
    assert notes[0].when.tzinfo is not None

    with db.reading() as s:
        note = s.get(ServiceNote, first)
        assert note is not None and note.worker_id == me
    (put,) = ops(db, "service_note", first)
    assert put.kind == "put" and put.payload["text"] == "Ask for Jan at the door."
    created = [a for a in audits(db, "service_note") if a.entity_id == first]
    assert [a.action for a in created] == ["created"]
    assert created[0].worker_id == me
    assert "Jan" not in (created[0].detail or "")  # what a note says is never audited

    remove_note(db, second)
    assert [n.id for n in service_details(db, club).notes][:1] == [first]
    assert [o.kind for o in ops(db, "service_note", second)] == ["put", "delete"]
    with pytest.raises(NoteGone):
        remove_note(db, second)


def test_a_note_must_say_something_and_not_too_much(db: Database, club: str) -> None:
    for blank in ("", "   ", "\n\t"):
        with pytest.raises(FieldRefused, match="empty"):
            add_note(db, club, blank)
    with pytest.raises(FieldRefused, match="up to 2,000 characters; this one is 2,001"):
        add_note(db, club, "x" * (NOTE_MAX + 1))
    add_note(db, club, "x" * NOTE_MAX)
    tombstone(db, DirService, club)
    with pytest.raises(ServiceGone):
        add_note(db, club, "Still there?")
    with db.reading() as s:
        assert len(s.exec(select(ServiceNote)).all()) == 1


# ------------------------------------------------------------------------ checked today


def test_marking_a_service_checked_makes_it_fresh_and_syncs(db: Database, club: str) -> None:
    enrol(db)
    later = dt.date(2027, 9, 1)
    assert service_details(db, club, today=later).stale is True
    mark_checked(db, club, later)

    d = service_details(db, club, today=later)
    assert d.checked_on == later and d.stale is False
    with db.reading() as s:
        service = s.get(DirService, club)
        assert service is not None and service.assured_date == later
    (patch,) = ops(db, "dir_service", club)
    assert patch.kind == "patch" and patch.payload == {"assured_date": "2027-09-01"}
    (event,) = audits(db, "dir_service")
    assert (event.action, event.entity_id, event.detail) == ("changed", club, "assured_date")

    mark_checked(db, club, later)  # again the same day: nothing more to say
    assert len(ops(db, "dir_service", club)) == 1 and len(audits(db, "dir_service")) == 1
    with pytest.raises(ServiceGone):
        mark_checked(db, new_id(), later)


# ---------------------------------------------------------------- signpost and refer


def test_referring_a_person_makes_a_connection_on_their_record(db: Database, club: str) -> None:
    sam = person(db)
    ref = connect_person(db, sam, club, "referral", today=TODAY)
    sign = connect_person(db, person(db, "Alex", "Lee"), club, "signpost", today=TODAY)

    with db.reading() as s:
        made = s.get(CommunityConnection, ref)
        signposted = s.get(CommunityConnection, sign)
    assert made is not None and signposted is not None
    assert (made.person_id, made.service_id, made.service_name) == (sam, club, "Tuesday Club")
    assert (made.kind, made.status, made.made_on) == ("referral", "referred", TODAY)
    assert (signposted.kind, signposted.status) == ("signpost", "suggested")

    (put,) = ops(db, "community_connection", ref)
    assert put.kind == "put"
    assert put.payload["service_id"] == club and put.payload["service_name"] == "Tuesday Club"
    events = [a for a in audits(db, "community_connection") if a.entity_id == ref]
    assert [a.action for a in events] == ["created"]

    connections = record.read_record(db, sam).connections
    assert [(c["service_name"], c["kind"]) for c in connections] == [("Tuesday Club", "referral")]

    # a second click the same day is the same referral, not another
    assert connect_person(db, sam, club, "referral", today=TODAY) == ref
    assert len(ops(db, "community_connection", ref)) == 1
    # the name is kept as it was when the person was referred
    with db.transaction() as s:
        service = s.get(DirService, club)
        assert service is not None
        service.name = "Tuesday Social Club"
    with db.reading() as s:
        kept = s.get(CommunityConnection, ref)
        assert kept is not None and kept.service_name == "Tuesday Club"


def test_a_connection_is_refused_to_the_gone_and_the_closed(db: Database, club: str) -> None:
    sam = person(db)
    with pytest.raises(FieldRefused, match="signpost or referral"):
        connect_person(db, sam, club, "email")  # type: ignore[arg-type]
    with pytest.raises(record.PersonGone):
        connect_person(db, new_id(), club, "referral")
    with pytest.raises(ServiceGone):
        connect_person(db, sam, new_id(), "signpost")
    closed = insert(db, DirService, name="Old Club", status="defunct")
    with pytest.raises(FieldRefused, match="Old Club has closed for good"):
        connect_person(db, sam, closed, "referral")
    tombstone(db, DirService, club)
    with pytest.raises(ServiceGone):
        connect_person(db, sam, club, "referral")
    with db.reading() as s:
        assert s.exec(select(CommunityConnection)).all() == []
    assert audits(db, "community_connection") == []


# ------------------------------------------------------------------------------ figures


def test_figures_count_each_connection_once_at_how_far_it_got(db: Database, club: str) -> None:
    other = insert(db, DirService, name="Elsewhere")
    people = [person(db, f"P{i}", "Test") for i in range(7)]
    made = [
        (people[0], "referral", "referred"),
        (people[1], "referral", "accepted"),
        (people[2], "referral", "attended"),
        (people[3], "referral", "did not attend"),
        (people[4], "referral", "declined"),
        (people[5], "signpost", "suggested"),
        (people[5], "signpost", "attended"),  # the same person again, later
        (people[6], "signpost", "attended"),
    ]
    with db.transaction() as s:
        for who, kind, status in made:
            s.add(CommunityConnection(person_id=who, service_id=club, service_name="Tuesday Club",
                                      kind=kind, status=status, made_on=TODAY))  # fmt: skip
        s.add(CommunityConnection(person_id=people[0], service_id=other, kind="referral",
                                  status="attended", made_on=TODAY))  # fmt: skip
        removed = CommunityConnection(person_id=people[1], service_id=club, kind="referral",
                                      status="attended", made_on=TODAY)  # fmt: skip
        s.add(removed)
    with db.transaction() as s:
        gone = s.get(CommunityConnection, removed.id)
        assert gone is not None
        gone.deleted_at = utcnow()

    figures = service_details(db, club).figures
    assert figures == ConnectionFigures(
        connections=8, people=7, signposted=3, referred=5, accepted=5, attended=3,
        declined=1, did_not_attend=1, waiting=2,
    )  # fmt: skip
    assert service_details(db, other).figures.attended == 1


def test_figures_from_rows_follow_the_rules() -> None:
    rows: Iterator[tuple[str, str, str]] = iter(
        [("a", "referral", "Accepted"), ("b", "signpost", "referred"), ("c", "referral", "")]
    )
    assert count_connections(rows) == ConnectionFigures(
        connections=3, people=3, signposted=1, referred=2, accepted=1, waiting=1,
    )  # fmt: skip
    assert count_connections([]) == ConnectionFigures()


def test_reading_details_writes_nothing(db: Database, club: str) -> None:
    before = len(ops(db, "dir_service"))
    service_details(db, club)
    assert len(ops(db, "dir_service")) == before
    assert audits(db, "dir_service") == []


def test_an_amount_given_again_in_the_fees_words_is_said_once() -> None:
    from linkworker.store.directory_details import _cost_details

    def details(amount: float, fees: str) -> list[str]:
        option = DirCostOption(service_id="s", amount=amount, currency="GBP")
        return _cost_details([option], fees, "£2.50")

    assert details(2.5, "£2.50 including a drink afterwards") == [
        "£2.50 including a drink afterwards"
    ]
    assert details(2.0, "£2.50 for members") == ["£2", "£2.50 for members"]
    assert details(2.0, "£25 a term, or pay weekly") == ["£2", "£25 a term, or pay weekly"]
    assert details(2.0, "Pay on the day") == ["£2", "Pay on the day"]
