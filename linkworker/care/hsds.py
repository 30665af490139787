"""Open Referral UK (HSDS 3.0, UK profile) documents read into plain rows for the directory tables.

Reads every form the standard publishes:

* a single service, fully nested (its ``organization``, ``service_at_locations`` → ``location`` →
  ``addresses`` / ``accessibility`` / ``phones`` / ``schedules``, its ``schedules``,
  ``cost_options``, ``phones``, ``contacts``, ``languages``, ``service_areas`` and ``attributes``
  → ``taxonomy_term``);
* a list of services, bare or as an API page (``{"contents": [...], "total_items": ...}``);
* an organisation with its ``services``;
* the tabular form: a folder or ``.zip`` of CSV files named by a ``datapackage.json``.

Each record is checked on its own and every problem is collected without stopping: a missing
required field, impossible coordinates, a field the standard does not have (a warning: the
record is still read), an id used twice in the file, a bad date or time, a value of the wrong
type, a file that is not valid JSON or is cut short (what came before the break is read). A
problem names the record (its id, or its place in the file), the field, and says plainly what is
wrong and what was done about it. Warnings that repeat (the same field in many records) are
reported once, with how many more records had them.

Large JSON files are read one service at a time (a page's ``contents`` or a top-level list is
never held whole), so memory stays flat however many services the file holds.

Rows are plain dicts keyed by our column names (``linkworker.store.tables.directory``, whose field
names follow the standard's). A field with a bad value is left out of its row, so a re-import
never blanks a good value with a bad one; a field the document does not give is ``None``. No
SQL here: ``check_references`` asks its caller which referenced ids exist outside the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import IO, Any, Literal

Row = dict[str, Any]
Severity = Literal["error", "warning"]

# ----------------------------------------------------------------------------- the standard

STR, CODE, NUM, INT = "text", "code", "number", "integer"
DATE, TIME, DATETIME = "date", "time", "datetime"


@dataclass(frozen=True)
class Spec:
    """One of the standard's objects, and the table its rows go to."""

    entity: str  # the standard's name: "service"
    table: str  # ours: "dir_service"
    label: str  # in messages: "service"
    plural: str
    fields: Mapping[str, tuple[str, str]]  # the standard's field → (our column, kind)
    required: frozenset[str]  # the schema's "required"
    tabular_required: frozenset[str]  # also required in the CSV form
    needed: frozenset[str]  # columns a row cannot be kept without
    defaulted: frozenset[str]  # NOT NULL columns with a default: left out when not given
    choices: Mapping[str, tuple[str, ...]]
    aliases: Mapping[str, str]  # another name for a field, used when the field is absent
    nested: frozenset[str]  # keys holding nested objects, read by the walker
    ignored: frozenset[str]  # the standard's fields Linkworker does not keep
    blank: Mapping[str, None]  # every column a document sets, as None

    def is_known(self, key: str) -> bool:
        return key in self.fields or key in self.nested or key in self.ignored


def _spec(
    entity: str,
    table: str,
    label: str,
    plural: str,
    fields: str,
    *,
    kinds: Mapping[str, str] | None = None,
    required: str = "id",
    tabular_required: str = "",
    needed: str = "id",
    defaulted: str = "",
    choices: Mapping[str, tuple[str, ...]] | None = None,
    aliases: Mapping[str, str] | None = None,
    nested: str = "",
    ignored: str = "",
) -> Spec:
    kinds = kinds or {}
    names = fields.split()
    mapped = {name: (name, kinds.get(name, STR)) for name in names}
    for alias, target in (aliases or {}).items():
        mapped[alias] = mapped[target]
    defaults = frozenset(defaulted.split())
    return Spec(
        entity=entity, table=table, label=label, plural=plural, fields=mapped,
        required=frozenset(required.split()), tabular_required=frozenset(tabular_required.split()),
        needed=frozenset(needed.split()), defaulted=defaults, choices=choices or {},
        aliases=dict(aliases or {}), nested=frozenset((nested + " attributes").split()),
        ignored=frozenset((ignored + " metadata").split()),
        blank={name: None for name in names if name not in defaults and name != "id"},
    )  # fmt: skip


ORGANIZATION = _spec(
    "organization", "dir_organization", "organisation", "organisations",
    "id name alternate_name description email website legal_status logo uri "
    "parent_organization_id",
    required="id name description", needed="id name",
    nested="services locations phones contacts",
    ignored="organization_identifiers funding year_incorporated additional_websites tax_status "
    "tax_id programs",
)  # fmt: skip
SERVICE = _spec(
    "service", "dir_service", "service", "services",
    "id organization_id name alternate_name description url email status "
    "interpretation_services application_process fees_description eligibility_description "
    "minimum_age maximum_age assured_date assurer_email alert last_modified",
    kinds={"minimum_age": INT, "maximum_age": INT, "assured_date": DATE,
           "last_modified": DATETIME},
    required="id name status", tabular_required="organization_id", needed="id name",
    defaulted="status",
    choices={"status": ("active", "inactive", "defunct", "temporarily closed")},
    aliases={"fees": "fees_description"},
    nested="organization service_at_locations schedules cost_options phones contacts languages "
    "service_areas",
    ignored="program_id additional_urls wait_time accreditations licenses funding program "
    "required_documents capacities",
)  # fmt: skip
SERVICE_AT_LOCATION = _spec(
    "service_at_location", "dir_service_at_location", "service at location",
    "services at locations", "id service_id location_id description",
    tabular_required="service_id location_id", needed="id service_id location_id",
    nested="location schedules phones contacts", ignored="service_areas",
)  # fmt: skip
LOCATION = _spec(
    "location", "dir_location", "location", "locations",
    "id location_type url organization_id name description latitude longitude",
    kinds={"latitude": NUM, "longitude": NUM},
    required="id location_type", defaulted="location_type",
    choices={"location_type": ("physical", "postal", "virtual")},
    nested="addresses accessibility phones languages schedules contacts",
    ignored="alternate_name transportation external_identifier external_identifier_type",
)  # fmt: skip
ADDRESS = _spec(
    "address", "dir_address", "address", "addresses",
    "id location_id attention address_1 address_2 city region state_province postal_code "
    "country address_type",
    required="id address_1 city state_province postal_code country address_type",
    needed="id location_id address_1", defaulted="country address_type",
    choices={"address_type": ("physical", "postal", "virtual")},
)  # fmt: skip
ACCESSIBILITY = _spec(
    "accessibility", "dir_accessibility", "accessibility note", "accessibility notes",
    "id location_id description details url", needed="id location_id",
    aliases={"accessibility": "description"},
)  # fmt: skip
SCHEDULE = _spec(
    "schedule", "dir_schedule", "schedule", "schedules",
    "id service_id location_id service_at_location_id valid_from valid_to dtstart until freq "
    "interval byday bymonthday opens_at closes_at description attending_type notes",
    kinds={"valid_from": DATE, "valid_to": DATE, "dtstart": DATE, "until": DATE,
           "interval": INT, "opens_at": TIME, "closes_at": TIME},
    choices={"freq": ("WEEKLY", "MONTHLY")},
    ignored="timezone count wkst byweekno byyearday schedule_link",
)  # fmt: skip
COST_OPTION = _spec(
    "cost_option", "dir_cost_option", "cost option", "cost options",
    "id service_id valid_from valid_to option currency amount amount_description",
    kinds={"valid_from": DATE, "valid_to": DATE, "amount": NUM},
    tabular_required="service_id", needed="id service_id", defaulted="currency",
)  # fmt: skip
CONTACT = _spec(
    "contact", "dir_contact", "contact", "contacts",
    "id organization_id service_id service_at_location_id location_id name title department "
    "email",
    nested="phones",
)  # fmt: skip
PHONE = _spec(
    "phone", "dir_phone", "phone", "phones",
    "id location_id service_id organization_id contact_id service_at_location_id number "
    "extension type description",
    kinds={"extension": CODE}, required="id number", needed="id number", nested="languages",
)  # fmt: skip
LANGUAGE = _spec(
    "language",
    "dir_language",
    "language",
    "languages",
    "id service_id location_id phone_id name code note",
)
SERVICE_AREA = _spec(
    "service_area", "dir_service_area", "service area", "service areas",
    "id service_id name description extent extent_type uri",
    aliases={"service_area": "description"}, ignored="service_at_location_id",
)  # fmt: skip
TAXONOMY_TERM = _spec(
    "taxonomy_term", "dir_taxonomy_term", "taxonomy term", "taxonomy terms",
    "id code name description parent_id taxonomy language term_uri",
    required="id name description", needed="id name",
    ignored="taxonomy_id term taxonomy_detail version",
)  # fmt: skip
ATTRIBUTE = _spec(
    "attribute", "dir_attribute", "attribute", "attributes",
    "id link_id link_type link_entity taxonomy_term_id value label",
    kinds={"value": CODE},
    tabular_required="link_id taxonomy_term_id link_entity",
    needed="id link_id link_entity taxonomy_term_id", nested="taxonomy_term",
)  # fmt: skip
ATTRIBUTE = replace(ATTRIBUTE, nested=frozenset({"taxonomy_term"}))  # no attributes of its own

SPECS: tuple[Spec, ...] = (
    ORGANIZATION, TAXONOMY_TERM, SERVICE, LOCATION, ADDRESS, ACCESSIBILITY, SERVICE_AT_LOCATION,
    CONTACT, PHONE, SCHEDULE, COST_OPTION, LANGUAGE, SERVICE_AREA, ATTRIBUTE,
)  # fmt: skip
BY_ENTITY = {s.entity: s for s in SPECS}
BY_TABLE = {s.table: s for s in SPECS}
# Parents before children: the order rows are written in.
TABLE_ORDER: tuple[str, ...] = tuple(s.table for s in SPECS)

# Foreign keys of the directory tables: (column, table it names, whether the row needs it).
REFERENCES: Mapping[str, tuple[tuple[str, str, bool], ...]] = {
    "dir_service": (("organization_id", "dir_organization", False),),
    "dir_location": (("organization_id", "dir_organization", False),),
    "dir_address": (("location_id", "dir_location", True),),
    "dir_accessibility": (("location_id", "dir_location", True),),
    "dir_service_at_location": (
        ("service_id", "dir_service", True), ("location_id", "dir_location", True),
    ),
    "dir_contact": (
        ("organization_id", "dir_organization", False), ("service_id", "dir_service", False),
        ("service_at_location_id", "dir_service_at_location", False),
        ("location_id", "dir_location", False),
    ),
    "dir_phone": (
        ("location_id", "dir_location", False), ("service_id", "dir_service", False),
        ("organization_id", "dir_organization", False), ("contact_id", "dir_contact", False),
        ("service_at_location_id", "dir_service_at_location", False),
    ),
    "dir_schedule": (
        ("service_id", "dir_service", False), ("location_id", "dir_location", False),
        ("service_at_location_id", "dir_service_at_location", False),
    ),
    "dir_cost_option": (("service_id", "dir_service", True),),
    "dir_language": (
        ("service_id", "dir_service", False), ("location_id", "dir_location", False),
        ("phone_id", "dir_phone", False),
    ),
    "dir_service_area": (("service_id", "dir_service", False),),
    "dir_taxonomy_term": (("parent_id", "dir_taxonomy_term", False),),
    "dir_attribute": (("taxonomy_term_id", "dir_taxonomy_term", True),),
}  # fmt: skip

# Nested lists: parent entity → key → (child entity, the child's column naming the parent).
CHILDREN: Mapping[str, Mapping[str, tuple[str, str]]] = {
    "organization": {
        "locations": ("location", "organization_id"), "phones": ("phone", "organization_id"),
        "contacts": ("contact", "organization_id"),
    },
    "service": {
        "service_at_locations": ("service_at_location", "service_id"),
        "schedules": ("schedule", "service_id"), "cost_options": ("cost_option", "service_id"),
        "phones": ("phone", "service_id"), "contacts": ("contact", "service_id"),
        "languages": ("language", "service_id"), "service_areas": ("service_area", "service_id"),
    },
    "service_at_location": {
        "schedules": ("schedule", "service_at_location_id"),
        "phones": ("phone", "service_at_location_id"),
        "contacts": ("contact", "service_at_location_id"),
    },
    "location": {
        "addresses": ("address", "location_id"), "accessibility": ("accessibility", "location_id"),
        "phones": ("phone", "location_id"), "languages": ("language", "location_id"),
        "schedules": ("schedule", "location_id"), "contacts": ("contact", "location_id"),
    },
    "contact": {"phones": ("phone", "contact_id")},
    "phone": {"languages": ("language", "phone_id")},
}  # fmt: skip
# What a service document holds of its own, as (table, the column naming its owner): rows
# nested in the service (and its attributes), and rows nested in its service-at-location rows.
# A service read whole that no longer lists one of these has dropped it (``Record.whole``).
OWNED_BY_SERVICE: tuple[tuple[str, str], ...] = (
    *((BY_ENTITY[e].table, link) for e, link in CHILDREN["service"].values()),
    ("dir_attribute", "link_id"),
)
OWNED_BY_SERVICE_AT_LOCATION: tuple[tuple[str, str], ...] = tuple(
    (BY_ENTITY[e].table, link) for e, link in CHILDREN["service_at_location"].values()
)
# Dates a worker's check moves on ("Mark checked today" sets a service's assured date): a file
# giving an earlier one does not take it back, so a re-import never undoes a check.
LATER_STANDS: frozenset[tuple[str, str]] = frozenset({("dir_service", "assured_date")})


def stands_over(table: str, column: str, held: Any, given: Any) -> bool:
    """Whether the value held stays although the file gives another (a later check)."""
    return (
        (table, column) in LATER_STANDS and held is not None and given is not None
        and str(given) < str(held)
    )  # fmt: skip


# Objects read once however often they appear (every service of an organisation nests it).
SHARED = frozenset({"dir_organization", "dir_location", "dir_taxonomy_term"})

# The tabular form's resource names (and file names without ".csv"), as found in the wild.
RESOURCE_NAMES: Mapping[str, str] = {
    **{name: spec.entity for spec in SPECS for name in (spec.entity, spec.entity + "s")},
    "addresses": "address", "physical_addresses": "address", "postal_addresses": "address",
    "accessibility_for_disabilities": "accessibility", "regular_schedules": "schedule",
    "taxonomies_terms": "taxonomy_term", "service_attributes": "attribute",
    "service_taxonomies": "attribute",
}  # fmt: skip


# --------------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file: which record (id, or place in the file), which field, what."""

    record: str
    field: str  # "" when it is about the whole record or the file
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        if self.field:
            return f"{self.record}: {self.field}: {self.message}"
        return f"{self.record}: {self.message}"


class Problems:
    """Problems in the order found; a warning that repeats is kept once, with a count."""

    def __init__(self) -> None:
        self._items: list[Problem] = []
        self._repeats: dict[tuple[str, ...], list[int]] = {}  # key → [index, repeats]
        self._plural: dict[tuple[str, ...], str] = {}
        self.error_count = 0

    def error(self, record: str, field: str, message: str) -> None:
        self._items.append(Problem(record, field, message, "error"))
        self.error_count += 1

    def warning(
        self,
        record: str,
        field: str,
        message: str,
        *,
        once: tuple[str, ...] | None = None,
        plural: str = "records",
    ) -> None:
        if once is not None:
            seen = self._repeats.get(once)
            if seen is not None:
                seen[1] += 1
                return
            self._repeats[once] = [len(self._items), 0]
            self._plural[once] = plural
        self._items.append(Problem(record, field, message, "warning"))

    @property
    def errors(self) -> int:
        return sum(1 for p in self._items if p.severity == "error")

    def __len__(self) -> int:
        return len(self._items)

    def as_list(self) -> list[Problem]:
        items = list(self._items)
        for key, (index, more) in self._repeats.items():
            if more:
                p = items[index]
                items[index] = replace(
                    p, message=f"{p.message} (also in {more:,} more {self._plural[key]})"
                )
        return items


class _Bad(Exception):
    """A value that cannot be used; the message says why."""


# ------------------------------------------------------------------------------------ values

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_INT_LIMIT = 2**63  # SQLite's whole numbers are 64-bit
_TIME = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?\Z")
_DAY = r"([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)"
_BYDAY = re.compile(rf"{_DAY}(,{_DAY})*\Z")
_BYMONTHDAY = re.compile(r"-?\d{1,2}(,-?\d{1,2})*\Z")


def _what(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "empty"


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _convert(kind: str, value: Any, tabular: bool) -> tuple[Any, str | None]:
    """The value for a column of this kind, and a warning when it had to be read leniently."""
    if kind in (STR, CODE):
        if isinstance(value, str):
            return value, None
        if kind == CODE and isinstance(value, int | float) and not isinstance(value, bool):
            return (str(int(value)) if float(value).is_integer() else str(value)), None
        raise _Bad(f"should be text, not {_what(value)} ({_shown(value)})")
    if kind in (NUM, INT):
        note = None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise _Bad(f"should be a number, not {_what(value)} ({_shown(value)})")
        if isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                raise _Bad(f"{_shown(value)} is not a number") from None
            if not tabular:
                note = f"{_shown(value)} is text, not a number; read as {value.strip()}"
        else:
            try:
                number = float(value)
            except OverflowError:
                raise _Bad(f"{_shown(value)} is too large a number") from None
        if not math.isfinite(number):
            raise _Bad(f"{_shown(value)} is not a number")
        if kind == INT:
            if not number.is_integer():
                raise _Bad(f"{_shown(value)} is not a whole number")
            whole = int(value) if isinstance(value, int) else int(number)
            if not -_INT_LIMIT <= whole < _INT_LIMIT:
                raise _Bad(f"{_shown(value)} is too large a number")
            return whole, note
        return number, note
    if not isinstance(value, str):
        raise _Bad(f"should be text holding a {kind}, not {_what(value)} ({_shown(value)})")
    text = value.strip()
    if kind == DATE:
        if _DATE.match(text):
            try:
                return dt.date.fromisoformat(text), None
            except ValueError:
                pass
        raise _Bad(f"{_shown(value)} is not a date (YYYY-MM-DD)")
    if kind == TIME:
        if _TIME.match(text):
            try:
                return dt.time.fromisoformat(text).replace(tzinfo=None), None
            except ValueError:
                pass
        raise _Bad(f"{_shown(value)} is not a time of day (HH:MM)")
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise _Bad(f"{_shown(value)} is not a date and time (like 2024-03-15T10:30:00Z)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(dt.UTC), None
    except OverflowError:  # "0001-01-01T00:30:00+01:00" is before the first day there is
        raise _Bad(f"{_shown(value)} is not a date and time that can be") from None


def _check_row(spec: Spec, row: Row, bad: Callable[[str, str], None]) -> None:
    """Checks across fields and of field contents beyond their type."""
    if spec is LOCATION:
        lat, lon = row.get("latitude"), row.get("longitude")
        wrong = None
        if lat is not None and not -90 <= lat <= 90:
            wrong = ("latitude", f"{lat:g} is not a latitude (it must be between -90 and 90)")
        elif lon is not None and not -180 <= lon <= 180:
            wrong = ("longitude", f"{lon:g} is not a longitude (it must be between -180 and 180)")
        if wrong:
            row.pop("latitude", None)
            row.pop("longitude", None)
            bad(wrong[0], f"{wrong[1]}; the coordinates were left out")
    elif spec is SCHEDULE:
        for name, pattern, example in (
            ("byday", _BYDAY, "MO,WE or 2TU"),
            ("bymonthday", _BYMONTHDAY, "1,15 or -1"),
        ):
            text = row.get(name)
            if text is None:
                continue
            tidy = text.replace(" ", "").upper()
            if pattern.match(tidy):
                row[name] = tidy
            else:
                del row[name]
                bad(name, f"{_shown(text)} is not a list of days like {example}; left out")


# ------------------------------------------------------------------------------------ reading


@dataclass
class Record:
    """One top-level record of the file (a service, an organisation, or one CSV row) as rows."""

    entity: str
    rows: list[tuple[str, Row]] = field(default_factory=list)  # (table, row), parents first
    # A service read whole, without an error or a row left out: what it no longer lists of its
    # own (sessions, costs, places, contacts...) may be removed from the directory.
    whole: bool = False


class Reader:
    """Turns documents into rows, remembering what the file has held so far.

    ``records()`` yields each top-level record as it is read; ``problems`` and ``skipped``
    (rows left out, by table) fill in as it goes. Close it (or use ``with``) when done.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name or str(path)
        self.problems = Problems()
        self.skipped: Counter[str] = Counter()
        self.form = ""  # what the file turned out to be, for the report
        self.read_nothing = False  # the file (or folder) could not be read at all
        self.done = 0  # top-level records read (services, or CSV rows)
        self._total: int | None = None
        self._size = 0
        self._where: Callable[[], int] = lambda: 0
        self._seen: dict[str, set[str]] = {t: set() for t in TABLE_ORDER if t not in SHARED}
        self._prints: dict[str, dict[str, int]] = {t: {} for t in SHARED}
        self._dropped: dict[str, set[str]] = {t: set() for t in TABLE_ORDER}
        self._elsewhere: dict[str, set[str]] = {t: set() for t in TABLE_ORDER}
        self._closers: list[Callable[[], None]] = []
        self._tabular = False

    # -------------------------------------------------------------- the caller's view

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        while self._closers:
            self._closers.pop()()

    def progress(self) -> tuple[int, int]:
        """(records read, records expected): exact where the file says or was counted, else
        estimated from how far through the file reading has got."""
        total = self._total
        if total is None:
            where = self._where()
            total = round(self.done * self._size / where) if where and self._size else self.done
        return self.done, max(total, self.done)

    def in_file(self, table: str, row_id: str) -> bool:
        if row_id in self._dropped[table]:
            return False
        if table in SHARED:
            return row_id in self._prints[table]
        return row_id in self._seen[table]

    def records(self) -> Iterator[Record]:
        path = self.path
        try:
            if path.is_dir() or path.suffix.lower() == ".zip":
                self._tabular = True
                yield from self._read_tabular(path)
            elif not path.exists():
                self._unreadable(f"there is no file or folder at {path}")
            elif path.suffix.lower() == ".csv" or path.name == "datapackage.json":
                self._unreadable(
                    "a CSV file is read with the others of its set: give the "
                    "folder (or .zip) that holds them and their datapackage.json"
                )
            else:
                yield from self._read_json(path)
        except OSError as exc:
            self._unreadable(f"it cannot be read ({exc.strerror or type(exc).__name__})")
        finally:
            self._total = self.done  # read to the end, or as far as it could be
            self.close()

    def _unreadable(self, message: str) -> None:
        self.problems.error(self.name, "", message[0].upper() + message[1:] + ".")
        if self.done == 0:
            self.read_nothing = True

    # -------------------------------------------------------------------------- JSON

    def _read_json(self, path: Path) -> Iterator[Record]:
        self._size = path.stat().st_size
        handle = path.open("r", encoding="utf-8-sig")
        self._closers.append(handle.close)
        stream = _JsonStream(handle)
        self._where = stream.consumed
        try:
            for kind, value in _json_items(stream, self):
                if kind == "contents":
                    self.form = "a page of services"
                elif kind == "list":
                    self.form = "a list of services"
                yield from self._document(value, self.done + 1, kind == "document")
        except _Unreadable as exc:
            self._unreadable(exc.message(self.done))
        except UnicodeDecodeError:
            self._unreadable("it is not UTF-8 text, so it cannot be read as JSON")
        if not self.form and self.done == 0 and not self.read_nothing:
            self.form = "an empty list"

    def _document(self, doc: Any, position: int, whole: bool) -> Iterator[Record]:
        if not isinstance(doc, dict):
            self.done += 1
            label = f"record {position}"
            self.problems.error(
                label, "", f"should be a service (an object), not {_what(doc)}; skipped"
            )
            self.skipped["dir_service"] += 1
            return
        services = doc.get("services")
        if isinstance(services, list):
            if whole:
                self.form = "an organisation with its services"
            yield from self._organization_with_services(doc, services)
            return
        if whole:
            self.form = "a single service"
        self.done += 1
        yield self.service(doc, position)

    def _organization_with_services(
        self,
        doc: dict[str, Any],
        services: list[Any],
    ) -> Iterator[Record]:
        org = Record("organization")
        top = _label(ORGANIZATION, doc.get("id"), self.done + 1)
        org_id = self._walk(ORGANIZATION, doc, top, None, org.rows, {})
        yield org
        for item in services:
            self.done += 1
            if not isinstance(item, dict):
                self.problems.error(
                    f"service {self.done} of {top}",
                    "",
                    f"should be an object, not {_what(item)}; skipped",
                )
                self.skipped["dir_service"] += 1
                continue
            yield self.service(item, self.done, org_id)

    def service(self, doc: dict[str, Any], position: int, org_id: str | None = None) -> Record:
        """One service document, with everything nested in it."""
        record = Record("service")
        errors, skipped = self.problems.error_count, self.skipped.total()
        top = _label(SERVICE, doc.get("id"), position)
        links: dict[str, Any] = {}
        org = doc.get("organization")
        if isinstance(org, dict):
            org_id = self._walk(ORGANIZATION, org, top, "its organisation", record.rows, {})
        elif org is not None:
            self.problems.error(
                top, "organization", f"should be an object, not {_what(org)}; left out"
            )
        if org_id is not None:
            links["organization_id"] = org_id
        self._walk(SERVICE, doc, top, None, record.rows, links)
        record.whole = (self.problems.error_count, self.skipped.total()) == (errors, skipped)
        return record

    def _walk(
        self,
        spec: Spec,
        doc: dict[str, Any],
        top: str,
        place: str | None,
        out: list[tuple[str, Row]],
        links: dict[str, Any],
    ) -> str | None:
        """Read one object and what is nested in it into ``out``; its id, or None if skipped.

        ``top`` names the top-level record; ``place`` says where a nested object sits (used to
        name it when it has no id), None for the top-level object itself."""
        if spec is SERVICE_AT_LOCATION or spec is ATTRIBUTE:
            key, inner, column = (
                ("location", LOCATION, "location_id")
                if spec is SERVICE_AT_LOCATION
                else ("taxonomy_term", TAXONOMY_TERM, "taxonomy_term_id")
            )
            nested = doc.get(key)
            if isinstance(nested, dict):
                inner_id = self._walk(
                    inner,
                    nested,
                    top,
                    f"the {inner.label} of {spec.label} {doc.get('id') or ''}".rstrip(),
                    out,
                    {},
                )
                if inner_id is not None:
                    links[column] = inner_id
            elif nested is not None:
                self._bad_nesting(spec, doc, top, place, key, nested)
        row = self._row(spec, doc, top, place, links)
        if row is None:
            return None
        row_id: str = doc["id"]
        if row is _SEEN:
            return row_id
        out.append((spec.table, row))
        here = top if place is None else f"{spec.label} {row_id}"
        for key, (child_entity, link) in CHILDREN.get(spec.entity, {}).items():
            items = doc.get(key)
            if items is None:
                continue
            if not isinstance(items, list):
                self._bad_nesting(spec, doc, top, place, key, items)
                continue
            child = BY_ENTITY[child_entity]
            for n, item in enumerate(items, start=1):
                if isinstance(item, dict):
                    self._walk(
                        child, item, top, f"{child.label} {n} of {here}", out, {link: row_id}
                    )
                else:
                    self.problems.error(
                        f"{child.label} {n} of {here}",
                        "",
                        f"should be an object, not {_what(item)}; skipped",
                    )
                    self.skipped[child.table] += 1
        attributes = doc.get("attributes") if spec is not ATTRIBUTE else None
        if attributes is None:
            return row_id
        if not isinstance(attributes, list):
            self._bad_nesting(spec, doc, top, place, "attributes", attributes)
            return row_id
        for n, item in enumerate(attributes, start=1):
            where = f"attribute {n} of {here}"
            if isinstance(item, dict):
                self._walk(
                    ATTRIBUTE,
                    item,
                    top,
                    where,
                    out,
                    {"link_id": row_id, "link_entity": spec.entity},
                )
            else:
                self.problems.error(where, "", f"should be an object, not {_what(item)}; skipped")
                self.skipped["dir_attribute"] += 1
        return row_id

    def _bad_nesting(
        self, spec: Spec, doc: Mapping[str, Any], top: str, place: str | None, key: str, value: Any
    ) -> None:
        shape = "an object" if key in ("location", "taxonomy_term", "organization") else "a list"
        self.problems.error(
            _where(spec, doc.get("id"), top, place),
            key,
            f"should be {shape}, not {_what(value)}; left out",
        )

    def _row(
        self,
        spec: Spec,
        doc: Mapping[str, Any],
        top: str,
        place: str | None,
        links: Mapping[str, Any],
    ) -> Row | None:
        """The checked row for one object (JSON) or CSV row; ``_SEEN`` for a shared object (an
        organisation, location or taxonomy term) read before; None when it is skipped."""
        problems = self.problems
        table = spec.table
        row_id = doc.get("id")
        if not isinstance(row_id, str) or not row_id.strip():
            nameless = _where(spec, None, top, place)
            if row_id is None or row_id == "":
                problems.error(
                    nameless,
                    "id",
                    f"missing; the {spec.label} was skipped (every {spec.label} needs one)",
                )
            else:
                problems.error(
                    nameless,
                    "id",
                    f"should be text, not {_what(row_id)} "
                    f"({_shown(row_id)}); the {spec.label} was skipped",
                )
            self.skipped[table] += 1
            return None

        def where() -> str:
            return _where(spec, row_id, top, place)

        shared = table in SHARED
        if shared and row_id in self._dropped[table]:
            return None  # skipped where it first appeared, and reported there
        if row_id in (self._prints[table] if shared else self._seen[table]):
            if shared and not self._tabular:
                if _print(doc) != self._prints[table][row_id]:
                    problems.warning(
                        where(),
                        "",
                        "appears again in the file with different details; the first was kept",
                        once=(table, row_id, "differs"),
                    )
                return _SEEN
            problems.error(
                where(),
                "id",
                f"{row_id} is used by another {spec.label} earlier "
                "in the file; this one was skipped",
            )
            self.skipped[table] += 1
            return None
        row = self._values(spec, doc, where)
        if row is not None:
            for column, value in links.items():
                row[column] = value
            for column in spec.needed:
                if column != "id" and row.get(column) is None:
                    problems.error(where(), column, f"missing; the {spec.label} was skipped")
                    row = None
                    break
        if row is None:
            self.skipped[table] += 1
            self._dropped[table].add(row_id)
            return None
        row["id"] = row_id
        if shared:
            self._prints[table][row_id] = _print(doc)
        else:
            self._seen[table].add(row_id)
        return row

    def _values(
        self,
        spec: Spec,
        doc: Mapping[str, Any],
        where: Callable[[], str] | None,
    ) -> Row | None:
        """The columns of one object, checked; None when a value the row needs is bad.

        With ``where`` None the object is only being compared with its first appearance, and
        nothing is reported."""
        tabular = self._tabular
        problems = self.problems
        row: Row = dict(spec.blank)
        fields = spec.fields
        fatal = False
        for key, value in doc.items():
            target = fields.get(key)
            if target is None:
                if where is not None and not tabular and not spec.is_known(key):
                    problems.warning(
                        where(),
                        key,
                        "is not an Open Referral UK field; ignored",
                        once=(spec.table, key, "unknown"),
                        plural=spec.plural,
                    )
                continue
            if value is None or value == "":
                continue  # stays None
            column, kind = target
            if kind is STR and type(value) is str and column not in spec.choices:
                row[column] = value
                continue
            if key in spec.aliases and doc.get(spec.aliases[key]) not in (None, ""):
                continue  # the field's own name wins over its other name
            try:
                converted, note = _convert(kind, value, tabular)
                choices = spec.choices.get(column)
                if choices is not None:
                    converted = converted.strip()
                    converted = converted.upper() if column == "freq" else converted.lower()
                    if converted not in choices:
                        raise _Bad(f"{_shown(value)} is not one of {', '.join(choices)}")
            except _Bad as bad:
                row.pop(column, None)
                if where is None:
                    continue
                if column in spec.needed:
                    problems.error(where(), key, f"{bad}; the {spec.label} was skipped")
                    fatal = True
                else:
                    problems.error(where(), key, f"{bad}; left out")
                continue
            if note and where is not None:
                problems.warning(
                    where(), key, note, once=(spec.table, key, "lenient"), plural=spec.plural
                )
            row[column] = converted
        if fatal:
            return None
        if where is None:
            return row
        required = spec.required | spec.tabular_required if tabular else spec.required
        for name in required:
            column = fields[name][0]
            given = doc.get(name)
            if column in spec.needed or (given is not None and (given != "" or not tabular)):
                continue  # (a row that needs it is skipped without it: see _row)
            alias = next((a for a, t in spec.aliases.items() if t == name), None)
            if alias and doc.get(alias) not in (None, ""):
                continue
            problems.warning(
                where(),
                name,
                _missing_note(spec, name),
                once=(spec.table, name, "missing"),
                plural=spec.plural,
            )
        if spec is LOCATION or spec is SCHEDULE:
            _check_row(spec, row, lambda f, m: problems.error(where(), f, m))
        return row

    # ---------------------------------------------------------------------- tabular

    def _read_tabular(self, path: Path) -> Iterator[Record]:
        self.form = "tabular data"
        try:
            files = _TabularFiles(path)
        except zipfile.BadZipFile:
            self._unreadable("it is not a readable .zip file")
            return
        self._closers.append(files.close)
        resources = files.resources(self.problems, self.name)
        if resources is None:
            self.read_nothing = True
            return
        if not resources:
            self._unreadable(
                "it holds none of the Open Referral UK tables (services.csv, organizations.csv, …)"
            )
            return
        self._total = sum(files.count_rows(name) for _, name in resources)
        for spec, name in resources:
            yield from self._read_csv(files, spec, name)
        self._total = self.done

    def _read_csv(self, files: _TabularFiles, spec: Spec, name: str) -> Iterator[Record]:
        shown = PurePosixPath(name).name
        try:
            handle = files.open(name)
        except (KeyError, FileNotFoundError):
            self.problems.error(shown, "", "named in datapackage.json but not there; skipped")
            return
        except zipfile.BadZipFile:
            self.problems.error(shown, "", "is damaged in the .zip; skipped")
            return
        with handle:
            reader = csv.reader(handle)
            try:
                header = [h.strip() for h in next(reader, [])]
                for column in header:
                    if not spec.is_known(column):
                        self.problems.warning(
                            shown,
                            column,
                            "is not an Open Referral UK field for this table; ignored",
                        )
                line = 1
                for values in reader:
                    line += 1
                    self.done += 1
                    if not values or values == [""]:
                        continue
                    top = f"{shown} row {line}"
                    if len(values) != len(header):
                        self.problems.error(
                            top,
                            "",
                            f"has {len(values)} values where the header "
                            f"has {len(header)} columns; skipped",
                        )
                        self.skipped[spec.table] += 1
                        continue
                    doc = dict(zip(header, values, strict=True))
                    row_id = doc.get("id") or None
                    label = f"{spec.label} {row_id} ({top})" if row_id else f"{spec.label} ({top})"
                    row = self._row(spec, doc, label, None, {})
                    if row is not None and row is not _SEEN:
                        yield Record(spec.entity, [(spec.table, row)])
            except csv.Error as exc:
                self.problems.error(
                    shown, "", f"is not a readable CSV file ({exc}); the rest of it was skipped"
                )
            except UnicodeDecodeError:
                self.problems.error(shown, "", "is not UTF-8 text; the rest of it was skipped")
            except (zipfile.BadZipFile, EOFError):
                self.problems.error(shown, "", "is damaged in the .zip; the rest of it was skipped")

    # ------------------------------------------------------------------- references

    def check_references(
        self, rows: Mapping[str, list[Row]], exist: Callable[[str, Collection[str]], set[str]]
    ) -> None:
        """Make every reference in a batch point at a row that exists: in the file (read so far
        and not left out) or, as ``exist(table, ids)`` answers, already in the directory.

        A reference the row can do without is left out (a warning); a row that needs it is
        skipped (an error), and removed from ``rows`` (lists are edited in place). Tables are
        checked parents first, so a row left out here takes its children with it.
        """
        for table in TABLE_ORDER:
            batch = rows.get(table)
            if not batch:
                continue
            spec = BY_TABLE[table]
            for column, target, needed in REFERENCES.get(table, ()):
                unknown = {
                    ref
                    for r in batch
                    if (ref := r.get(column)) is not None
                    and not self.in_file(target, ref)
                    and ref not in self._elsewhere[target]
                }
                if unknown:
                    found = exist(target, unknown)
                    self._elsewhere[target] |= found
                    unknown -= found
                if not unknown:
                    continue
                kept: list[Row] = []
                target_label = BY_TABLE[target].label
                for r in batch:
                    ref = r.get(column)
                    if ref is None or ref not in unknown:
                        kept.append(r)
                        continue
                    where = f"{spec.label} {r['id']}"
                    says = f"names {target_label} {ref}, " + (
                        "which was skipped (see above)"
                        if ref in self._dropped[target]
                        else "which is not in the file or the directory"
                    )
                    if needed:
                        self.problems.error(where, column, f"{says}; the {spec.label} was skipped")
                        self._dropped[table].add(r["id"])
                        self.skipped[table] += 1
                    else:
                        self.problems.warning(where, column, f"{says}; left out")
                        del r[column]
                        kept.append(r)
                batch[:] = kept


_SEEN: Row = {}  # a shared object read before: nothing new to write


def _print(doc: Mapping[str, Any]) -> int:
    """What an object says in its own fields (not what is nested in it), to tell whether a shared
    object appears again with other details."""
    return hash(frozenset((k, v) for k, v in doc.items() if not isinstance(v, list | dict)))


def _label(spec: Spec, row_id: Any, position: int) -> str:
    """A top-level record's name: its id, else its place in the file."""
    if isinstance(row_id, str) and row_id.strip():
        return f"{spec.label} {row_id}"
    return f"{spec.label} {position} (no id)"


def _where(spec: Spec, row_id: Any, top: str, place: str | None) -> str:
    """A record's name in a problem: a nested one says which top-level record holds it."""
    if place is None:
        return top
    if isinstance(row_id, str) and row_id.strip():
        return f"{spec.label} {row_id} in {top}"
    return f"{place} (no id) in {top}"


def _missing_note(spec: Spec, name: str) -> str:
    if name in spec.defaulted:
        return f"required by the standard but missing; taken as '{DEFAULTS.get(name, '')}'"
    return "required by the standard but missing; read without it"


def with_defaults(table: str, row: Row) -> Row:
    """A new row with the defaults of the fields it leaves out because they were not given (a
    row for a record already held leaves them out to keep what it has)."""
    missing = {c: DEFAULTS[c] for c in BY_TABLE[table].defaulted if row.get(c) is None}
    return row | missing if missing else row


# What a required field with a default is taken to be when the document does not give it.
DEFAULTS = {
    "status": "active",
    "location_type": "physical",
    "country": "GB",
    "address_type": "physical",
    "currency": "GBP",
}


def open_directory(path: str | Path) -> Reader:
    """A reader for a JSON file, or a folder or .zip of CSV files with a datapackage.json."""
    return Reader(Path(path))


# ------------------------------------------------------------------------- streaming JSON

_WS = re.compile(r"[ \t\n\r]*")
_CHUNK = 1 << 18  # characters read at a time (more only for a value that is longer)


class _Unreadable(Exception):
    def __init__(
        self, what: str, line: int, column: int, cut_short: bool, whole: str | None = None
    ) -> None:
        super().__init__(what)
        self.what, self.line, self.column, self.cut_short = what, line, column, cut_short
        self.whole = whole  # the message, when it is not about a place in the file

    def message(self, read: int) -> str:
        if self.whole is not None:
            return self.whole
        before = (
            f"the {read:,} service{'s' if read != 1 else ''} before that point "
            f"{'were' if read != 1 else 'was'} read"
            if read
            else "nothing in it was read"
        )
        if self.cut_short:
            return (
                f"the file ends part-way through (line {self.line}): it looks cut short; {before}"
            )
        return (
            f"it is not valid JSON at line {self.line}, column {self.column} "
            f"({self.what[0].lower() + self.what[1:]}); reading stopped there and {before}"
        )


class _JsonStream:
    """JSON values read one at a time from a text file, through a sliding buffer."""

    def __init__(self, handle: IO[str]) -> None:
        self.handle = handle
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.dropped_chars = 0
        self.dropped_lines = 0
        self.decoder = json.JSONDecoder()

    def consumed(self) -> int:
        return self.dropped_chars + self.pos

    def _more(self, at_least: int = _CHUNK) -> bool:
        if self.eof:
            return False
        if self.pos:
            self.dropped_lines += self.buf.count("\n", 0, self.pos)
            self.dropped_chars += self.pos
            self.buf = self.buf[self.pos :]
            self.pos = 0
        chunk = self.handle.read(max(at_least, _CHUNK))
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def peek(self) -> str:
        """The next character that is not white space ('' at the end), not consumed."""
        while True:
            end = _WS.match(self.buf, self.pos)
            self.pos = end.end() if end else self.pos
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def expect(self, chars: str, what: str) -> str:
        char = self.peek()
        if not char or char not in chars:
            raise self.error(f"Expecting {what}", self.pos)
        self.pos += 1
        return char

    def value(self) -> Any:
        self.peek()
        grow = _CHUNK
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                # Cut by the buffer's end, or wrong? Read on unless the fault is well before it.
                far = len(self.buf) - exc.pos > 65536 and not exc.msg.startswith("Unterminated")
                if not far and self._more(grow):
                    grow *= 2
                    continue
                raise self.error(exc.msg, exc.pos) from None
            if end == len(self.buf) and not isinstance(value, dict | list | str) and self._more():
                continue  # a number at the buffer's end may go on
            self.pos = end
            return value

    def error(self, what: str, pos: int) -> _Unreadable:
        line = self.dropped_lines + self.buf.count("\n", 0, pos) + 1
        column = pos - self.buf.rfind("\n", 0, pos)
        at_end = self.eof and self.buf[pos:].strip() == ""
        return _Unreadable(what, line, column, at_end)

    def elements(self) -> Iterator[Any]:
        self.expect("[", "'['")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.expect(",]", "',' or ']'") == "]":
                return


def _json_items(stream: _JsonStream, reader: Reader) -> Iterator[tuple[str, Any]]:
    """("list" | "contents", each element) or ("document", the whole object)."""
    first = stream.peek()
    if first == "[":
        yield from (("list", item) for item in stream.elements())
        _end(stream)
        return
    if first != "{":
        if first == "":
            raise _Unreadable("", 1, 1, cut_short=False, whole="the file is empty")
        whole = "it is not JSON: it does not start with '{' or '['"
        raise _Unreadable("", 1, 1, cut_short=False, whole=whole)
    stream.pos += 1
    members: dict[str, Any] = {}
    paged = False
    cut: _Unreadable | None = None  # an organisation's services cut short: those before stand
    if stream.peek() == "}":
        stream.pos += 1
    else:
        while True:
            key = stream.value()
            if not isinstance(key, str):
                raise stream.error("Expecting a field name in double quotes", stream.pos)
            stream.expect(":", "':'")
            if key == "contents" and stream.peek() == "[":
                paged = True
                yield from (("contents", item) for item in stream.elements())
            elif key == "services" and stream.peek() == "[":
                services: list[Any] = []
                members[key] = services
                try:
                    services.extend(stream.elements())
                except _Unreadable as exc:
                    cut = exc
                    break
            else:
                members[key] = stream.value()
                if key == "total_items" and isinstance(members[key], int) and not paged:
                    reader._total = members[key]
            if stream.expect(",}", "',' or '}'") == "}":
                break
    if cut is None:
        _end(stream)
    if paged:
        return
    if "contents" in members:
        reader.problems.error(
            reader.name,
            "contents",
            f"should be a list of services, not {_what(members['contents'])}",
        )
        reader.read_nothing = reader.done == 0
        return
    reader._total = 1 if not isinstance(members.get("services"), list) else len(members["services"])
    yield "document", members
    if cut is not None:
        raise cut


def _end(stream: _JsonStream) -> None:
    if stream.peek() != "":
        raise stream.error("Extra data after the end of the document", stream.pos)


# ------------------------------------------------------------------------ tabular files


class _TabularFiles:
    """A folder or .zip of CSV files, found through its datapackage.json."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self.base = ""
        if path.is_dir():
            self.names = {p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()}
        else:
            self.zip = zipfile.ZipFile(path)
            self.names = {n for n in self.zip.namelist() if not n.endswith("/")}
        packages = sorted(
            (n for n in self.names if PurePosixPath(n).name == "datapackage.json"),
            key=lambda n: n.count("/"),
        )
        self.package = packages[0] if packages else None
        if self.package:
            parent = str(PurePosixPath(self.package).parent)
            self.base = "" if parent == "." else parent + "/"

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()

    def open(self, name: str) -> IO[str]:
        if self.zip is not None:
            return io.TextIOWrapper(self.zip.open(name), encoding="utf-8-sig", newline="")
        return (self.path / name).open("r", encoding="utf-8-sig", newline="")

    def count_rows(self, name: str) -> int:
        """Data rows, roughly (lines less the header): for progress only."""
        try:
            raw = self.zip.open(name) if self.zip is not None else (self.path / name).open("rb")
            with raw:
                lines = sum(chunk.count(b"\n") for chunk in iter(lambda: raw.read(_CHUNK), b""))
        except (KeyError, OSError, zipfile.BadZipFile, EOFError):
            return 0  # said when the file itself is read
        return max(lines - 1, 0)

    def resources(self, problems: Problems, shown: str) -> list[tuple[Spec, str]] | None:
        """(spec, file name) for each table, parents first; None if nothing can be read."""
        found: dict[str, str] = {}
        if self.package is None:
            for name in sorted(self.names):
                stem = PurePosixPath(name).stem.lower()
                if name.lower().endswith(".csv") and stem in RESOURCE_NAMES:
                    found.setdefault(RESOURCE_NAMES[stem], name)
            if not found:
                problems.error(
                    shown,
                    "",
                    "There is no datapackage.json, and no CSV file named "
                    "like an Open Referral UK table.",
                )
                return None
            problems.warning(
                shown, "", "there is no datapackage.json; the CSV files were read by their names"
            )
        else:
            try:
                with self.open(self.package) as handle:
                    package = json.load(handle)
            except (json.JSONDecodeError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
                problems.error(
                    "datapackage.json", "", f"is not valid JSON ({exc}); nothing was read"
                )
                return None
            items = package.get("resources") if isinstance(package, dict) else None
            if not isinstance(items, list):
                problems.error(
                    "datapackage.json", "resources", "missing or not a list; nothing was read"
                )
                return None
            for n, item in enumerate(items, start=1):
                if not isinstance(item, dict):
                    problems.error("datapackage.json", f"resources[{n}]", "is not an object")
                    continue
                given, title = item.get("path"), item.get("name")
                if isinstance(given, str):
                    path = given
                elif isinstance(title, str):
                    path = f"{title}.csv"
                else:
                    problems.error(
                        "datapackage.json",
                        f"resources[{n}]",
                        "has neither a name nor a path; skipped",
                    )
                    continue
                key = (title if isinstance(title, str) else PurePosixPath(path).stem).lower()
                entity = RESOURCE_NAMES.get(key) or RESOURCE_NAMES.get(PurePosixPath(path).stem)
                if entity is None:
                    problems.warning(
                        "datapackage.json",
                        f"resources[{n}]",
                        f"'{key}' is not a table Linkworker keeps; skipped",
                    )
                    continue
                if entity in found:
                    problems.error(
                        "datapackage.json",
                        f"resources[{n}]",
                        f"a second {BY_ENTITY[entity].label} table; skipped",
                    )
                    continue
                found[entity] = self.base + path.removeprefix("./")
        return [(spec, found[spec.entity]) for spec in SPECS if spec.entity in found]


# ------------------------------------------------------------------------ writing values


def to_json(kind: str, value: Any) -> Any:
    """A column's value as the standard writes it (for export)."""
    if value is None:
        return None
    if kind == DATE:
        return value.isoformat()
    if kind == TIME:
        return value.strftime("%H:%M" if not value.second and not value.microsecond else "%H:%M:%S")
    if kind == DATETIME:
        moment = value.astimezone(dt.UTC)
        spec = "milliseconds" if moment.microsecond % 1000 == 0 else "microseconds"
        return moment.isoformat(timespec=spec).replace("+00:00", "Z")
    return value
