"""Everything a person needs to know about one service of the directory, read at once.

``service_details(db, service_id)`` reads the service, its organisation, places, schedules, costs,
contacts, phones, languages, categories, the workers' notes on it and the figures from our own
connections with it, in one snapshot, and gives them as plain frozen rows (``ServiceDetails``)
that the details pane, "Copy details" and the printed leaflet all show. Nothing here is a live
database row, so the result may cross to the GUI thread.

The words are the results list's (``care.directory_query``): a schedule reads as its next
session does there ("Tuesdays 10:00–12:00"), the cost badge is the same ("Free", "£3.50",
"Low cost"), and so is what "checked" and "not checked for a year" mean.

The changes a worker makes from the details pane (a note, "checked today", a signpost or a
referral) are in ``linkworker.store.directory_actions``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from linkworker.care import phone as phones
from linkworker.care.directory_query import (
    CostLine,
    ScheduleLine,
    checked_on,
    cost_badge,
    is_stale,
    next_occurrence,
    next_session,
    pounds,
)
from linkworker.store.database import Database
from linkworker.store.tables import (
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
    ServiceNote,
    SyncState,
    Worker,
)

__all__ = [
    "AccessFeature",
    "ConnectionFigures",
    "Contact",
    "Phone",
    "Place",
    "ServiceDetails",
    "ServiceGone",
    "WorkerNote",
    "age_range_text",
    "count_connections",
    "long_date",
    "service_details",
    "tidy_number",
]


class ServiceGone(LookupError):
    """The service is not in the directory on this laptop (never was, or it was removed)."""

    def __init__(self, message: str = "That service is no longer in the directory.") -> None:
        super().__init__(message)


# ------------------------------------------------------------------------------- the rows


@dataclass(frozen=True)
class AccessFeature:
    """One accessibility feature of a place: ``name`` is the short phrase ("Step-free access",
    from the access-features taxonomy when the record links one), ``details`` the record's own
    words when they say more ("Step-free from the street to the room used.")."""

    name: str
    details: str = ""

    def __str__(self) -> str:
        return self.name or self.details


@dataclass(frozen=True)
class Place:
    """Where the service runs. A virtual place (by phone, online) has a ``url`` and no address."""

    name: str  # the venue's name, or the first address line when it has none
    address_lines: tuple[str, ...]  # street lines and town; the postcode apart
    postcode: str | None
    latitude: float | None
    longitude: float | None
    accessibility: tuple[AccessFeature, ...]
    description: str = ""  # of the venue ("A small café by Lock 7")
    kind: str = "physical"  # physical, postal, virtual
    url: str | None = None

    @property
    def access_phrases(self) -> tuple[str, ...]:
        """The accessibility features as short plain phrases."""
        return tuple(str(f) for f in self.accessibility)

    @property
    def address(self) -> str:
        """The address on one line: "Lock 7, Canal Side, Millbrook MB1 6YF"."""
        lines = list(self.address_lines)
        if self.postcode:
            if lines:
                lines[-1] = f"{lines[-1]} {self.postcode}"
            else:
                lines.append(self.postcode)
        return ", ".join(lines)


@dataclass(frozen=True)
class Phone:
    number: str  # tidied: "07700 900038", "0113 496 0123 ext. 21"
    kind: str  # "" for an ordinary voice line; "Text", "Textphone", "Fax", "Video call", …
    description: str  # the record's words: "Mobile", "Office, Monday to Friday, 9am to 5pm"
    contact: str | None = None  # whose number it is, when it belongs to a named contact

    @property
    def label(self) -> str:
        """What the number is, in words: "Text · Mobile", "Office, 9am to 5pm", or ""."""
        return " · ".join(p for p in (self.kind, self.description) if p)


@dataclass(frozen=True)
class Contact:
    name: str | None
    title: str | None
    email: str | None


@dataclass(frozen=True)
class WorkerNote:
    """A worker's note on the service: ``who`` is "you" for this laptop's worker, else the
    worker's name (or "a colleague" when the worker is not known on this laptop)."""

    id: str
    text: str
    who: str
    when: dt.datetime  # written, in UTC
    mine: bool


@dataclass(frozen=True)
class ConnectionFigures:
    """What became of the people we connected with this service (from the connections on this
    laptop's records; a laptop holds its own team's caseload).

    Each live connection is counted once, at its status now, which is taken as the furthest it
    got along ``suggested → referred → accepted → attended``; "declined" and "did not attend"
    end it off that path:

    * ``connections``: every connection with the service; ``people``: how many people they are
      for (a person connected twice counts once here, twice in the rest).
    * ``signposted``, ``referred``: connections made as a signpost, or as a referral (their
      kind, whatever became of them).
    * ``accepted``: the service took the person on: status accepted, attended, or did not
      attend (a place was offered and not taken up).
    * ``attended``: status attended.
    * ``declined``: status declined (by the person or the service, before a place was taken).
    * ``did_not_attend``: status did not attend.
    * ``waiting``: status suggested or referred: no answer yet.
    """

    connections: int = 0
    people: int = 0
    signposted: int = 0
    referred: int = 0
    accepted: int = 0
    attended: int = 0
    declined: int = 0
    did_not_attend: int = 0
    waiting: int = 0


@dataclass(frozen=True)
class ServiceDetails:
    id: str
    name: str
    organisation: str | None
    organisation_website: str | None
    description: str
    status: str  # active, inactive, defunct, temporarily closed
    alert: str | None  # a warning the record carries ("Closed in August")
    url: str | None
    email: str | None
    places: tuple[Place, ...]
    sessions: tuple[str, ...]  # one line per schedule, soonest first
    cost: str  # "Free", "£3.50", "From £2", "Low cost", or "" (the record does not say)
    cost_details: tuple[str, ...]  # "£3.50 a session", "Free for people on benefits", …
    phones: tuple[Phone, ...]
    contacts: tuple[Contact, ...]
    languages: tuple[str, ...]  # "English", "Polish", "British Sign Language"
    age_range: str  # "Ages 18 and over", "Ages 5–11", or "" (no limit given)
    eligibility: str | None
    how_to_join: str | None  # the application process
    categories: tuple[str, ...]  # the kinds of support it is listed under
    checked_on: dt.date | None  # the later of the assured date and the last modified day
    stale: bool  # not checked in the last 12 months
    notes: tuple[WorkerNote, ...]  # newest first
    figures: ConnectionFigures
    interpretation: str | None = None  # interpretation services it offers

    @property
    def gone(self) -> bool:
        """Closed for good (defunct): not a service to send anyone to."""
        return self.status.strip().lower() == "defunct"


# ------------------------------------------------------------------------------ reading


def service_details(db: Database, service_id: str, today: dt.date | None = None) -> ServiceDetails:
    """Everything about one service, read in one snapshot; ``ServiceGone`` when it is not
    there (or was removed). ``today`` (default: today) decides which schedules have ended,
    which start later, and whether the record is stale."""
    today = today or dt.date.today()
    with db.reading() as s:
        return _read(s, service_id, today)


def _live(s: Session, table: Any, *where: Any, order: Any = None) -> list[Any]:
    query = select(table).where(col(table.deleted_at).is_(None), *where)
    if order is not None:
        query = query.order_by(order)
    return list(s.exec(query).all())


def _text(value: str | None) -> str:
    return (value or "").strip()


def _or_none(value: str | None) -> str | None:
    return _text(value) or None


def _read(s: Session, service_id: str, today: dt.date) -> ServiceDetails:
    service = s.get(DirService, service_id)
    if service is None or service.deleted_at is not None:
        raise ServiceGone()
    org = s.get(DirOrganization, service.organization_id) if service.organization_id else None
    if org is not None and org.deleted_at is not None:
        org = None

    at_locations = _live(
        s, DirServiceAtLocation, DirServiceAtLocation.service_id == service_id,
        order=col(DirServiceAtLocation.created_at),
    )  # fmt: skip
    sal_ids = [a.id for a in at_locations]
    location_ids = list(dict.fromkeys(a.location_id for a in at_locations))
    locations = {
        loc.id: loc for loc in _live(s, DirLocation, col(DirLocation.id).in_(location_ids))
    }
    location_ids = [i for i in location_ids if i in locations]
    places = _places(s, [locations[i] for i in location_ids])
    place_names = {i: p.name for i, p in zip(location_ids, places, strict=True)}
    sal_place = {a.id: place_names.get(a.location_id) for a in at_locations}

    schedules = _live(
        s, DirSchedule,
        or_(col(DirSchedule.service_id) == service_id,
            col(DirSchedule.service_at_location_id).in_(sal_ids)),
    )  # fmt: skip
    sessions = _sessions(schedules, sal_place, places_count=len(places), today=today)

    costs = _live(s, DirCostOption, DirCostOption.service_id == service_id,
                  order=col(DirCostOption.created_at))  # fmt: skip
    lines = [CostLine(c.amount, c.option, c.currency) for c in costs]
    badge = cost_badge(lines, service.fees_description)
    cost_details = _cost_details(costs, service.fees_description, badge)

    contacts = _live(
        s, DirContact,
        or_(col(DirContact.service_id) == service_id,
            col(DirContact.service_at_location_id).in_(sal_ids)),
        order=col(DirContact.created_at),
    )  # fmt: skip
    phone_rows = _phones(s, service_id, sal_ids, location_ids, contacts, org)
    languages = _languages(s, service_id, location_ids)
    categories = _categories(s, service_id)

    checked = checked_on(service.assured_date, service.last_modified)
    return ServiceDetails(
        id=service.id,
        name=service.name,
        organisation=org.name if org is not None else None,
        organisation_website=_or_none(org.website) if org is not None else None,
        description=_text(service.description),
        status=service.status or "active",
        alert=_or_none(service.alert),
        url=_or_none(service.url),
        email=_or_none(service.email),
        places=tuple(places),
        sessions=tuple(sessions),
        cost=badge,
        cost_details=tuple(cost_details),
        phones=tuple(phone_rows),
        contacts=tuple(
            Contact(_or_none(c.name), _or_none(c.title), _or_none(c.email))
            for c in contacts
            if _text(c.name) or _text(c.title) or _text(c.email)
        ),
        languages=tuple(languages),
        age_range=age_range_text(service.minimum_age, service.maximum_age),
        eligibility=_or_none(service.eligibility_description),
        how_to_join=_or_none(service.application_process),
        categories=tuple(categories),
        checked_on=checked,
        stale=is_stale(checked, today),
        notes=tuple(_notes(s, service_id)),
        figures=_figures(s, service_id),
        interpretation=_or_none(service.interpretation_services),
    )


# ------------------------------------------------------------------------------- places


def _places(s: Session, locations: Sequence[DirLocation]) -> list[Place]:
    ids = [loc.id for loc in locations]
    addresses: dict[str, list[DirAddress]] = {}
    for a in _live(s, DirAddress, col(DirAddress.location_id).in_(ids),
                   order=col(DirAddress.created_at)):  # fmt: skip
        addresses.setdefault(a.location_id, []).append(a)
    access: dict[str, list[DirAccessibility]] = {}
    for a in _live(s, DirAccessibility, col(DirAccessibility.location_id).in_(ids),
                   order=col(DirAccessibility.created_at)):  # fmt: skip
        access.setdefault(a.location_id, []).append(a)
    feature_names = _term_names(s, [a.id for rows in access.values() for a in rows])
    places = []
    for loc in locations:
        found = addresses.get(loc.id, [])
        # The physical address where there is one: that is where the person goes.
        found.sort(key=lambda a: (a.address_type or "physical") != "physical")
        address = found[0] if found else None
        lines: list[str] = []
        if address is not None:
            lines = [
                line
                for line in (_text(address.address_1), _text(address.address_2),
                             _text(address.city))
                if line
            ]  # fmt: skip
        name = _text(loc.name) or (lines[0] if lines else "")
        features = []
        seen: set[str] = set()
        for a in access.get(loc.id, []):
            details = _text(a.description) or _text(a.details)
            term = next(iter(feature_names.get(a.id, ())), "")
            feature = AccessFeature(term or details, details if term and details else "")
            if feature.name and feature.name.lower() not in seen:
                seen.add(feature.name.lower())
                features.append(feature)
        places.append(Place(
            name=name,
            address_lines=tuple(lines),
            postcode=_or_none(address.postal_code) if address is not None else None,
            latitude=_coordinate(loc.latitude, 90),
            longitude=_coordinate(loc.longitude, 180),
            accessibility=tuple(features),
            description=_text(loc.description),
            kind=loc.location_type or "physical",
            url=_or_none(loc.url),
        ))  # fmt: skip
    return places


def _coordinate(value: float | None, limit: float) -> float | None:
    return value if value is not None and -limit <= value <= limit else None


def _term_names(s: Session, link_ids: Sequence[str]) -> dict[str, list[str]]:
    """The names of the live taxonomy terms linked to each of these rows, by the row's id."""
    if not link_ids:
        return {}
    query = (
        select(DirAttribute.link_id, DirTaxonomyTerm.name)
        .join(DirTaxonomyTerm, col(DirTaxonomyTerm.id) == col(DirAttribute.taxonomy_term_id))
        .where(
            col(DirAttribute.link_id).in_(link_ids),
            col(DirAttribute.deleted_at).is_(None),
            col(DirTaxonomyTerm.deleted_at).is_(None),
        )
        .order_by(col(DirTaxonomyTerm.name))
    )
    names: dict[str, list[str]] = {}
    for link_id, name in s.exec(query).all():
        if _text(name) and name not in names.setdefault(link_id, []):
            names[link_id].append(name.strip())
    return names


def _categories(s: Session, service_id: str) -> list[str]:
    return _term_names(s, [service_id]).get(service_id, [])


# ----------------------------------------------------------------------------- sessions


def _line(row: DirSchedule) -> ScheduleLine:
    return ScheduleLine(
        freq=row.freq, interval=row.interval, byday=row.byday, bymonthday=row.bymonthday,
        opens_at=row.opens_at, closes_at=row.closes_at, description=row.description,
        dtstart=row.dtstart, valid_from=row.valid_from, valid_to=row.valid_to, until=row.until,
    )  # fmt: skip


def long_date(day: dt.date) -> str:
    """3 March 2027."""
    return f"{day.day} {day:%B %Y}"


def _aside(text: str | None) -> str:
    """Words to go in brackets after a session: "Not on bank holidays." → "not on bank
    holidays" (a word in capitals, such as "BSL", is left as it is)."""
    words = " ".join(_text(text).split()).rstrip(".")
    if len(words) > 1 and words[0].isupper() and not words[1].isupper():
        words = words[0].lower() + words[1:]
    return words


def _sessions(
    rows: Sequence[DirSchedule],
    place_of: dict[str, str | None],
    places_count: int,
    today: dt.date,
) -> list[str]:
    """One line per schedule that has not ended, soonest first: its pattern as the results
    list words it ("Tuesdays 10:00–12:00", "First Thursday of the month 14:00–16:00"), or its
    own description when the pattern cannot be read. Then, as they apply: where (when the
    service runs in more than one place), how to attend when not in person, its notes, a start
    still to come ("from 3 March 2027") and its last day ("until 30 June 2027"). A start already
    past is not mentioned. Schedules that have ended are left out."""
    now = dt.datetime.combine(today, dt.time(0, 0))
    found: list[tuple[dt.datetime, str]] = []
    for row in rows:
        line = _line(row)
        end = min((d for d in (line.valid_to, line.until) if d is not None), default=None)
        if end is not None and end < today:
            continue
        words = next_session([line], now) or _text(line.description).split("\n")[0].strip()
        if not words:
            continue
        extras = []
        place = place_of.get(row.service_at_location_id or "")
        if place and places_count > 1:
            words += f" at {place}"
        how = _text(row.attending_type)
        if how and how.lower() not in ("in person", "in-person", "physical"):
            extras.append(_aside(how))
        if _text(row.notes):
            extras.append(_aside(row.notes))
        if extras:
            words += f" ({'; '.join(extras)})"
        start = max((d for d in (line.valid_from, line.dtstart) if d is not None), default=None)
        if start is not None and start > today and end is not None:
            words += f", {long_date(start)} to {long_date(end)}"
        elif start is not None and start > today:
            words += f", from {long_date(start)}"
        elif end is not None:
            words += f", until {long_date(end)}"
        when = next_occurrence(line, now) or dt.datetime.max
        found.append((when, words))
    found.sort(key=lambda pair: pair[0])
    return list(dict.fromkeys(words for _, words in found))


# --------------------------------------------------------------------------------- cost


def _after_amount(amount: str, words: str) -> str:
    """ "£3.50" and "a session" → "£3.50 a session"; "Free" and "For people on benefits" →
    "Free for people on benefits"; other words after a colon ("£2: Tea included")."""
    first = words.split(" ", 1)[0]
    if words[0].islower() or first.lower() in ("for", "per", "each", "a", "an", "if", "with"):
        if not first.isupper():
            words = words[0].lower() + words[1:]
        return f"{amount} {words}"
    return f"{amount}: {words}"


def _cost_details(options: Sequence[DirCostOption], fees: str | None, badge: str) -> list[str]:
    """Each cost option in words ("£3.50 a session", "Free for people on benefits"), then the
    fees description. The record's words are kept, with the amount put in front when they do
    not give it; a line that says no more than the badge ("Free", "No charge") is left out."""
    lines: list[str] = []
    for o in options:
        said = _text(o.amount_description)
        option = _text(o.option)
        currency = (o.currency or "GBP").upper()
        amount: str | None = None
        if o.amount == 0:
            amount = "Free"
        elif o.amount is not None:
            amount = pounds(o.amount) if currency == "GBP" else f"{o.amount:,.2f} {currency}"
        if said:
            known = said.lower()
            says_amount = (
                "free" in known or "no charge" in known
                if amount == "Free"
                else amount is None or amount.lower() in known
            )
            if not says_amount:
                said = _after_amount(str(amount), said)
            lines.append(said)
        elif amount is not None:
            same = not option or option.lower() == amount.lower()
            lines.append(amount if same else f"{amount} ({option[0].lower()}{option[1:]})")
        elif option:
            lines.append(option)
    if _text(fees):
        lines.append(_text(fees))
    says_nothing = {badge.lower()} | ({"no charge", "free of charge"} if badge == "Free" else set())
    out: list[str] = []
    for line in lines:
        if line.lower().rstrip(".") not in says_nothing and line not in out:
            out.append(line)
    # an amount alone ("£2.50") that another line gives with more words ("£2.50 including a
    # drink afterwards") is said once
    return [line for line in out if not _said_elsewhere(line, out)]


def _said_elsewhere(line: str, lines: Sequence[str]) -> bool:
    if not re.fullmatch(r"£\d[\d,]*(\.\d\d)?", line):
        return False
    alone = re.compile(re.escape(line) + r"(?!\d|[.,]\d)")
    return any(other != line and alone.search(other) for other in lines)


# ------------------------------------------------------------------- phones and languages

_PHONE_KINDS = {
    "voice": "", "": "", "text": "Text", "sms": "Text", "textphone": "Textphone",
    "fax": "Fax", "video": "Video call", "pager": "Pager", "cell": "",
}  # fmt: skip


def tidy_number(number: str, extension: str | None = None) -> str:
    """A phone number as people write it ("07700 900038", "0113 496 0123 ext. 21"); the
    record's own text when it is not a number we can read."""
    text = _text(number) + (f" ext {_text(extension)}" if _text(extension) else "")
    try:
        return phones.normalise(text)
    except phones.InvalidPhoneNumber:
        return text


def _phones(
    s: Session,
    service_id: str,
    sal_ids: Sequence[str],
    location_ids: Sequence[str],
    contacts: Sequence[DirContact],
    org: DirOrganization | None,
) -> list[Phone]:
    """The service's own numbers, then its contacts', then its places'; the organisation's
    only when there are none of those."""
    contact_name = {c.id: _or_none(c.name) for c in contacts}
    found = _live(
        s, DirPhone,
        or_(col(DirPhone.service_id) == service_id,
            col(DirPhone.contact_id).in_(list(contact_name)),
            col(DirPhone.service_at_location_id).in_(list(sal_ids)),
            col(DirPhone.location_id).in_(list(location_ids))),
        order=col(DirPhone.created_at),
    )  # fmt: skip

    def rank(p: DirPhone) -> int:
        if p.service_id == service_id:
            return 0
        if p.contact_id in contact_name:
            return 1
        return 2 if p.service_at_location_id else 3

    found.sort(key=rank)
    if not found and org is not None:
        found = _live(
            s, DirPhone, DirPhone.organization_id == org.id, col(DirPhone.contact_id).is_(None),
            order=col(DirPhone.created_at),
        )  # fmt: skip
    out: list[Phone] = []
    seen: set[str] = set()
    for p in found:
        if not _text(p.number):
            continue
        number = tidy_number(p.number, p.extension)
        if number in seen:
            continue
        seen.add(number)
        kind = _text(p.type).lower()
        out.append(Phone(
            number=number,
            kind=_PHONE_KINDS.get(kind, kind.capitalize()),
            description=_text(p.description),
            contact=contact_name.get(p.contact_id or ""),
        ))  # fmt: skip
    return out


def _languages(s: Session, service_id: str, location_ids: Sequence[str]) -> list[str]:
    """The languages the service is offered in (its own, then its places'), by name."""
    rows = _live(
        s, DirLanguage,
        or_(col(DirLanguage.service_id) == service_id,
            col(DirLanguage.location_id).in_(location_ids)),
        order=col(DirLanguage.created_at),
    )  # fmt: skip
    rows.sort(key=lambda r: r.service_id != service_id)
    names: dict[str, str] = {}
    for r in rows:
        name = _text(r.name) or _text(r.code)
        if name:
            names.setdefault(name.casefold(), name)
    return list(names.values())


def age_range_text(minimum: int | None, maximum: int | None) -> str:
    """ "Ages 18 and over", "Ages 5–11", "Ages up to 25", "Age 5", or "" (no limit given)."""
    low = minimum if minimum is not None and minimum > 0 else None
    if low is not None and maximum is not None:
        if low == maximum:
            return f"Age {low}"
        return f"Ages {low}–{maximum}" if low < maximum else ""
    if low is not None:
        return f"Ages {low} and over"
    if maximum is not None:
        return f"Ages up to {maximum}"
    return ""


# --------------------------------------------------------------------- notes and figures


def _notes(s: Session, service_id: str) -> list[WorkerNote]:
    rows = _live(s, ServiceNote, ServiceNote.service_id == service_id)
    rows.sort(key=lambda n: (n.created_at, n.id), reverse=True)
    state = s.get(SyncState, 1)
    me = state.worker_id if state is not None else None
    ids = [n.worker_id for n in rows if n.worker_id and n.worker_id != me]
    names = {
        w.id: w.display_name for w in s.exec(select(Worker).where(col(Worker.id).in_(ids))).all()
    }
    notes = []
    for n in rows:
        mine = n.worker_id == me
        who = "you" if mine else names.get(n.worker_id or "") or "a colleague"
        notes.append(WorkerNote(n.id, n.text, who, n.created_at, mine))
    return notes


_ACCEPTED = frozenset({"accepted", "attended", "did not attend"})
_WAITING = frozenset({"suggested", "referred"})


def _figures(s: Session, service_id: str) -> ConnectionFigures:
    query = select(
        CommunityConnection.person_id, CommunityConnection.kind, CommunityConnection.status
    ).where(
        CommunityConnection.service_id == service_id,
        col(CommunityConnection.deleted_at).is_(None),
    )
    return count_connections(s.exec(query).all())


def count_connections(rows: Iterable[tuple[str, str, str]]) -> ConnectionFigures:
    """The figures for (person id, kind, status) rows, by ``ConnectionFigures``'s rules."""
    people: set[str] = set()
    counts = dict.fromkeys(
        ("connections", "signposted", "referred", "accepted", "attended", "declined",
         "did_not_attend", "waiting"), 0,
    )  # fmt: skip
    for person_id, kind, status in rows:
        people.add(person_id)
        status = (status or "").strip().lower()
        counts["connections"] += 1
        counts["referred" if (kind or "").strip().lower() == "referral" else "signposted"] += 1
        counts["accepted"] += status in _ACCEPTED
        counts["attended"] += status == "attended"
        counts["declined"] += status == "declined"
        counts["did_not_attend"] += status == "did not attend"
        counts["waiting"] += status in _WAITING
    return ConnectionFigures(people=len(people), **counts)
