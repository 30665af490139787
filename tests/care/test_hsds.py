"""Open Referral UK documents of every form are read into rows, and every problem is named plainly.

Nothing here touches a database: the parser is pure (``care.hsds``). The fixtures are fictional
Millbrook services (tests/fixtures/directory).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tracemalloc
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from linkworker.care import hsds
from tests.conftest import REPO_ROOT

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "directory"
SCHEMA = REPO_ROOT.parent / "shared" / "standards" / "openreferral-uk" / "schema"
WALK = "5e000000-0000-4000-8000-000000000001"


def read(path: Path) -> tuple[hsds.Reader, list[hsds.Record]]:
    with hsds.open_directory(path) as reader:
        return reader, list(reader.records())


def rows(records: list[hsds.Record]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        for table, row in record.rows:
            found.setdefault(table, []).append(row)
    return found


def by_id(records: list[hsds.Record], table: str) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in rows(records).get(table, [])}


def lines(reader: hsds.Reader) -> list[str]:
    return [f"{p.severity}: {p}" for p in reader.problems.as_list()]


# ------------------------------------------------------------------------------ the forms


def test_a_single_service_is_read_with_everything_nested_in_it() -> None:
    reader, records = read(FIXTURES / "one_service.json")

    assert reader.form == "a single service" and not lines(reader)
    assert reader.progress() == (1, 1)
    counts = Counter(table for record in records for table, _ in record.rows)
    assert counts == {
        "dir_organization": 1, "dir_service": 1, "dir_service_at_location": 1, "dir_location": 1,
        "dir_address": 1, "dir_accessibility": 1, "dir_phone": 3, "dir_schedule": 1,
        "dir_cost_option": 1, "dir_contact": 1, "dir_language": 2, "dir_service_area": 1,
        "dir_attribute": 1, "dir_taxonomy_term": 1,
    }  # fmt: skip
    service = by_id(records, "dir_service")[WALK]
    assert service["name"] == "Millbrook Tuesday Health Walk"
    assert service["organization_id"] == "0a000000-0000-4000-8000-000000000001"
    assert service["fees_description"] == "Free"  # the UK profile's "fees"
    assert service["minimum_age"] == 18 and service["assured_date"] == dt.date(2026, 9, 1)
    assert service["last_modified"] == dt.datetime(2026, 9, 1, 10, 30, 45, 123000, dt.UTC)
    assert service["status"] == "active"

    schedule = rows(records)["dir_schedule"][0]
    assert schedule["service_id"] == WALK and schedule["byday"] == "TU"
    assert (schedule["opens_at"], schedule["closes_at"]) == (dt.time(10), dt.time(11, 30))
    sal = rows(records)["dir_service_at_location"][0]
    location = rows(records)["dir_location"][0]
    assert sal["service_id"] == WALK and sal["location_id"] == location["id"]
    assert (location["latitude"], location["longitude"]) == (53.8008, -1.5491)
    assert rows(records)["dir_address"][0]["location_id"] == location["id"]
    assert rows(records)["dir_accessibility"][0]["location_id"] == location["id"]
    phones = by_id(records, "dir_phone")
    contact = rows(records)["dir_contact"][0]
    assert phones["7e100000-0000-4000-8000-000000000001"]["service_id"] == WALK
    assert phones["7e100000-0000-4000-8000-000000000002"]["contact_id"] == contact["id"]
    assert phones["7e100000-0000-4000-8000-000000000011"]["location_id"] == location["id"]
    assert {(r["name"], r["code"]) for r in rows(records)["dir_language"]} == {
        ("English", "en"),
        ("Urdu", "ur"),
    }
    attribute = rows(records)["dir_attribute"][0]
    term = rows(records)["dir_taxonomy_term"][0]
    assert attribute["link_id"] == WALK and attribute["link_entity"] == "service"
    assert attribute["taxonomy_term_id"] == term["id"]
    assert term["name"] == "Walking and exercise"


def test_a_contents_page_reads_each_shared_organisation_location_and_term_once() -> None:
    reader, records = read(FIXTURES / "contents_page.json")

    assert reader.form == "a page of services" and not lines(reader)
    assert reader.done == 3 and reader.progress() == (3, 3)
    assert [r.entity for r in records] == ["service"] * 3
    found = rows(records)
    assert len(found["dir_service"]) == 3
    # Two services of Good Neighbours at St Anne's: the organisation and hall once each.
    assert len(found["dir_organization"]) == 2
    assert len(found["dir_location"]) == 2 and len(found["dir_address"]) == 2
    assert len(found["dir_taxonomy_term"]) == 2
    assert len(found["dir_service_at_location"]) == 3  # each service's own link to its place
    costs = {r["service_id"]: r["amount"] for r in found["dir_cost_option"]}
    assert sorted(costs.values()) == [0.0, 0.0, 1.5]


def test_an_organisation_with_its_services_gives_each_service_its_organisation() -> None:
    reader, records = read(FIXTURES / "organization_with_services.json")

    assert reader.form == "an organisation with its services" and not lines(reader)
    assert [r.entity for r in records] == ["organization", "service", "service"]
    org = rows(records)["dir_organization"][0]
    assert org["name"] == "Millbrook Advice Centre"
    assert {s["organization_id"] for s in rows(records)["dir_service"]} == {org["id"]}


def test_the_tabular_form_reads_each_csv_file_named_by_the_datapackage() -> None:
    reader, records = read(FIXTURES / "tabular")

    assert reader.form == "tabular data" and not lines(reader)
    found = rows(records)
    assert {t: len(r) for t, r in found.items()} == {
        "dir_organization": 1, "dir_taxonomy_term": 2, "dir_service": 2, "dir_location": 1,
        "dir_address": 1, "dir_accessibility": 1, "dir_service_at_location": 2, "dir_contact": 1,
        "dir_phone": 1, "dir_schedule": 2, "dir_cost_option": 2, "dir_language": 1,
        "dir_service_area": 1, "dir_attribute": 2,
    }  # fmt: skip
    shed = by_id(records, "dir_service")["5e000000-0000-4000-8000-000000000061"]
    assert shed["minimum_age"] == 18 and shed["assured_date"] == dt.date(2026, 5, 20)
    assert shed["organization_id"] == "0a000000-0000-4000-8000-000000000061"
    digital = by_id(records, "dir_service")["5e000000-0000-4000-8000-000000000062"]
    assert digital["minimum_age"] is None and digital["last_modified"] is None  # empty cells
    location = found["dir_location"][0]
    assert (location["latitude"], location["longitude"]) == (53.7942, -1.5601)
    monthly = by_id(records, "dir_schedule")["5c400000-0000-4000-8000-000000000062"]
    assert (monthly["freq"], monthly["byday"]) == ("MONTHLY", "1WE")
    # Parents come before their children, so each reference is to a row already read.
    tables = [r.rows[0][0] for r in records]
    assert tables.index("dir_organization") < tables.index("dir_service")
    assert tables.index("dir_service") < tables.index("dir_schedule")
    assert reader.progress() == (20, 20)


def test_a_zip_of_the_tabular_form_reads_the_same(tmp_path: Path) -> None:
    archive = tmp_path / "millbrook.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in sorted((FIXTURES / "tabular").iterdir()):
            z.write(f, f"millbrook-export/{f.name}")  # in a folder inside the zip, as is common

    _, from_zip = read(archive)
    _, from_folder = read(FIXTURES / "tabular")
    assert rows(from_zip) == rows(from_folder)


# -------------------------------------------------------------------------- the problems


BROKEN = [
    "error: service 2 (no id): id: missing; the service was skipped (every service needs one)",
    "error: service 5e000000-0000-4000-8000-000000000082: name: missing; the service was skipped",
    "warning: service 5e000000-0000-4000-8000-000000000083: status: required by the standard "
    "but missing; taken as 'active'",
    "error: location 10c00000-0000-4000-8000-000000000084 in service "
    "5e000000-0000-4000-8000-000000000084: latitude: 123.4 is not a latitude (it must be "
    "between -90 and 90); the coordinates were left out",
    "error: location 10c00000-0000-4000-8000-000000000085 in service "
    "5e000000-0000-4000-8000-000000000085: longitude: -200 is not a longitude (it must be "
    "between -180 and 180); the coordinates were left out",
    "warning: service 5e000000-0000-4000-8000-000000000086: favourite_colour: is not an Open "
    "Referral UK field; ignored",
    "warning: schedule 5c400000-0000-4000-8000-000000000086 in service "
    "5e000000-0000-4000-8000-000000000086: mood: is not an Open Referral UK field; ignored",
    "error: service 5e000000-0000-4000-8000-000000000081: id: "
    "5e000000-0000-4000-8000-000000000081 is used by another service earlier in the file; this "
    "one was skipped",
    "error: service 5e000000-0000-4000-8000-000000000087: assured_date: '31/02/2026' is not a "
    "date (YYYY-MM-DD); left out",
    "error: service 5e000000-0000-4000-8000-000000000087: last_modified: 'last Tuesday' is not "
    "a date and time (like 2024-03-15T10:30:00Z); left out",
    "error: schedule 5c400000-0000-4000-8000-000000000087 in service "
    "5e000000-0000-4000-8000-000000000087: opens_at: '10am' is not a time of day (HH:MM); left "
    "out",
    "error: schedule 5c400000-0000-4000-8000-000000000087 in service "
    "5e000000-0000-4000-8000-000000000087: closes_at: '25:00' is not a time of day (HH:MM); "
    "left out",
    "error: service 5e000000-0000-4000-8000-000000000088: minimum_age: 'twelve' is not a "
    "number; left out",
    "warning: service 5e000000-0000-4000-8000-000000000088: maximum_age: '65' is text, not a "
    "number; read as 65",
    "error: service 5e000000-0000-4000-8000-000000000088: description: should be text, not a "
    "number (42); left out",
    "error: service 5e000000-0000-4000-8000-000000000088: cost_options: should be a list, not "
    "text; left out",
    "error: phone 7e100000-0000-4000-8000-000000000088 in service "
    "5e000000-0000-4000-8000-000000000088: number: should be text, not a number (1134960088); "
    "the phone was skipped",
    "error: service 11 (no id): id: should be text, not a number (89); the service was skipped",
]


def test_each_problem_in_a_broken_file_is_named_and_the_rest_is_read() -> None:
    reader, records = read(FIXTURES / "broken.json")

    assert lines(reader) == BROKEN
    assert not reader.read_nothing
    assert reader.skipped == {"dir_service": 4, "dir_phone": 1}
    services = by_id(records, "dir_service")
    assert len(services) == 7  # 11 in the file: no id, no name, a duplicate, a number for an id
    assert services["5e000000-0000-4000-8000-000000000081"]["name"] == "Knit and Natter"  # first
    assert "status" not in services["5e000000-0000-4000-8000-000000000083"]  # left to default
    far = by_id(records, "dir_location")["10c00000-0000-4000-8000-000000000084"]
    assert "latitude" not in far and "longitude" not in far and far["name"] == "Nowhere Hall"
    dates = services["5e000000-0000-4000-8000-000000000087"]
    assert "assured_date" not in dates and "last_modified" not in dates
    assert dates["name"] == "Bereavement Café"
    yoga = services["5e000000-0000-4000-8000-000000000088"]
    assert "minimum_age" not in yoga and yoga["maximum_age"] == 65 and "description" not in yoga
    schedule = by_id(records, "dir_schedule")["5c400000-0000-4000-8000-000000000087"]
    assert schedule["byday"] == "TH" and "opens_at" not in schedule


def test_a_file_cut_short_keeps_what_came_before_the_cut() -> None:
    reader, records = read(FIXTURES / "truncated.json")

    assert lines(reader) == [
        "error: truncated.json: The file ends part-way through (line 190): it looks cut short; "
        "the 2 services before that point were read."
    ]
    assert [r["name"] for r in rows(records)["dir_service"]] == [
        "Good Neighbours Befriending", "Wednesday Coffee Morning",
    ]  # fmt: skip
    assert not reader.read_nothing
    assert reader.progress() == (2, 2)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("not_json.json", None, "It is not JSON: it does not start with '{' or '['."),
        ("empty.json", "", "The file is empty."),
        ("cut.json", '{"id": "5e000000-0000-4000-8000-000000000001", "name": "Walk',
         "The file ends part-way through (line 1): it looks cut short; nothing in it was read."),
        ("bad.json", '{"id": "x", "name": "Walk" "status": "active"}',
         "It is not valid JSON at line 1, column 28 (expecting ',' or '}'); reading stopped "
         "there and nothing in it was read."),
        ("nowhere.json", None, "There is no file or folder at {path}."),
        ("broken.zip", "PK and then nothing", "It is not a readable .zip file."),
        ("services.csv", "id,name\n", "A CSV file is read with the others of its set: give the "
         "folder (or .zip) that holds them and their datapackage.json."),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_read_says_why_and_reads_nothing(
    tmp_path: Path, name: str, text: str | None, message: str
) -> None:
    path = FIXTURES / name if name == "not_json.json" else tmp_path / name
    if text is not None:
        path.write_text(text)
    reader, records = read(path)

    assert records == []
    assert reader.read_nothing
    assert lines(reader) == [f"error: {name}: {message.replace('{path}', str(path))}"]


def test_a_warning_that_repeats_is_listed_once_with_a_count(tmp_path: Path) -> None:
    services = [
        {"id": f"5e000000-0000-4000-8000-{n:012d}", "name": f"Walk {n}", "colour": "green"}
        for n in range(1, 5)
    ]
    path = tmp_path / "list.json"
    path.write_text(json.dumps(services))
    reader, records = read(path)

    assert len(records) == 4
    assert lines(reader) == [
        "warning: service 5e000000-0000-4000-8000-000000000001: colour: is not an Open Referral "
        "UK field; ignored (also in 3 more services)",
        "warning: service 5e000000-0000-4000-8000-000000000001: status: required by the standard "
        "but missing; taken as 'active' (also in 3 more services)",
    ]


def test_a_shared_record_that_comes_back_different_keeps_the_first(tmp_path: Path) -> None:
    page = json.loads((FIXTURES / "contents_page.json").read_text())
    page["contents"][1]["organization"] = dict(page["contents"][1]["organization"], name="Other")
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page))
    reader, records = read(path)

    org_id = "0a000000-0000-4000-8000-000000000002"
    assert lines(reader) == [
        f"warning: organisation {org_id} in service 5e000000-0000-4000-8000-000000000022: "
        "appears again in the file with different details; the first was kept"
    ]
    assert by_id(records, "dir_organization")[org_id]["name"] == "Millbrook Good Neighbours"


def test_the_tabular_form_names_the_file_and_row_of_each_problem(tmp_path: Path) -> None:
    folder = tmp_path / "tabular"
    shutil.copytree(FIXTURES / "tabular", folder)
    with (folder / "services.csv").open("a") as f:
        f.write("5e000000-0000-4000-8000-000000000063,0a000000-0000-4000-8000-000000000061,Tea,\n")
        f.write("5e000000-0000-4000-8000-000000000064,,Soup Lunch,Hot soup,active,sixty,,\n")
        f.write("5e000000-0000-4000-8000-000000000061,,Shed again,,active,,,\n")
    with (folder / "schedules.csv").open("a") as f:
        f.write("5c400000-0000-4000-8000-000000000063,5e000000-0000-4000-8000-000000000064,"
                "WEEKLY,Tuesday,10:00,11:00,\n")  # fmt: skip
    (folder / "locations.csv").write_text(
        "id,location_type,name,latitude,longitude,colour\n"
        "10c00000-0000-4000-8000-000000000061,physical,The Shed,95.5,-1.5601,red\n"
    )
    reader, records = read(folder)

    assert lines(reader) == [
        "error: services.csv row 4: has 4 values where the header has 8 columns; skipped",
        "error: service 5e000000-0000-4000-8000-000000000064 (services.csv row 5): minimum_age: "
        "'sixty' is not a number; left out",
        "warning: service 5e000000-0000-4000-8000-000000000064 (services.csv row 5): "
        "organization_id: required by the standard but missing; read without it",
        "error: service 5e000000-0000-4000-8000-000000000061 (services.csv row 6): id: "
        "5e000000-0000-4000-8000-000000000061 is used by another service earlier in the file; "
        "this one was skipped",
        "warning: locations.csv: colour: is not an Open Referral UK field for this table; ignored",
        "error: location 10c00000-0000-4000-8000-000000000061 (locations.csv row 2): latitude: "
        "95.5 is not a latitude (it must be between -90 and 90); the coordinates were left out",
        "error: schedule 5c400000-0000-4000-8000-000000000063 (schedules.csv row 4): byday: "
        "'Tuesday' is not a list of days like MO,WE or 2TU; left out",
    ]
    assert "5e000000-0000-4000-8000-000000000064" in by_id(records, "dir_service")


def test_a_folder_without_a_datapackage_is_read_by_its_file_names(tmp_path: Path) -> None:
    folder = tmp_path / "tabular"
    shutil.copytree(FIXTURES / "tabular", folder)
    (folder / "datapackage.json").unlink()
    reader, records = read(folder)

    assert lines(reader) == [
        "warning: tabular: there is no datapackage.json; the CSV files were read by their names"
    ]
    assert len(rows(records)["dir_service"]) == 2


def test_a_reference_to_a_row_neither_in_the_file_nor_held_is_left_out_or_skipped(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "tabular"
    shutil.copytree(FIXTURES / "tabular", folder)
    with (folder / "cost_options.csv").open("a") as f:
        f.write("c0570000-0000-4000-8000-000000000063,5e000000-0000-4000-8000-000000000099,,1,\n")
    with (folder / "phones.csv").open("a") as f:
        f.write("7e100000-0000-4000-8000-000000000063,5e000000-0000-4000-8000-000000000098,"
                "0113 496 0063,\n")  # fmt: skip
    reader, records = read(folder)
    found = rows(records)
    asked: list[tuple[str, set[str]]] = []

    def held(table: str, ids: Any) -> set[str]:
        asked.append((table, set(ids)))
        return {i for i in ids if i.endswith("98")}  # the directory has service ...98 already

    reader.check_references(found, held)

    assert ("dir_service", {"5e000000-0000-4000-8000-000000000099"}) in asked
    assert lines(reader) == [
        "error: cost option c0570000-0000-4000-8000-000000000063: service_id: names service "
        "5e000000-0000-4000-8000-000000000099, which is not in the file or the directory; the "
        "cost option was skipped"
    ]
    assert len(found["dir_cost_option"]) == 2  # the good ones
    assert len(found["dir_phone"]) == 2  # the one naming a service already held is kept


# ------------------------------------------------------------------------------- streaming


def _page(services: int, accents: bool = True) -> dict[str, Any]:
    org = {"id": "0a000000-0000-4000-8000-000000000001", "name": "Millbrook Walkers",
           "description": "Health walks."}  # fmt: skip
    return {
        "total_items": services,
        "contents": [
            {"id": f"5e000000-0000-4000-8000-{n:012d}",
             "name": f"Walk {n} " + ("é" if accents else "e") * (n % 7),
             "status": "active", "minimum_age": n % 90, "organization": org,
             "description": "A walk round the park. " * 20,
             "schedules": [{"id": f"5c400000-0000-4000-8000-{n:012d}", "byday": "TU",
                            "opens_at": "10:00"}]}
            for n in range(1, services + 1)
        ],
    }  # fmt: skip


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(hsds, "_CHUNK", 97)  # every value crosses a buffer's edge somewhere
    yield


@pytest.mark.usefixtures("small_chunks")
def test_a_stream_read_in_small_pieces_gives_what_json_gives(tmp_path: Path) -> None:
    page = _page(60)
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page, indent=2, ensure_ascii=False), encoding="utf-8")
    reader, records = read(path)

    assert not lines(reader)
    services = rows(records)["dir_service"]
    assert [s["name"] for s in services] == [s["name"] for s in page["contents"]]
    assert [s["minimum_age"] for s in services] == [s["minimum_age"] for s in page["contents"]]


def test_a_large_page_is_read_one_service_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "page.json"
    path.write_text(json.dumps(_page(12_000, accents=False)))
    size = path.stat().st_size
    tracemalloc.start()
    try:
        with hsds.open_directory(path) as reader:
            count = sum(1 for _ in reader.records())
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert count == 12_000 and size > 9_000_000
    assert kept < size // 3  # the ids read so far (to find one used twice), not the records
    assert peak - kept < size // 4  # never the whole file, let alone its objects


# ---------------------------------------------------------------------- the standard's schema


def _schema(name: str) -> dict[str, Any]:
    if not SCHEMA.is_dir():
        pytest.skip(f"the Open Referral UK schema is not at {SCHEMA}")
    return json.loads((SCHEMA / f"{name}.json").read_text())  # type: ignore[no-any-return]


@pytest.mark.parametrize("spec", hsds.SPECS, ids=lambda s: s.entity)
def test_every_field_of_the_uk_profile_is_known_and_required_as_the_schema_says(
    spec: hsds.Spec,
) -> None:
    schema = _schema(spec.entity)

    assert [f for f in schema["properties"] if not spec.is_known(f)] == []
    assert spec.required == set(schema["required"])
    assert spec.tabular_required == set(schema.get("tabular_required", []))
    for name, prop in schema["properties"].items():
        if name in spec.fields and "enum" in prop:
            assert set(spec.choices[spec.fields[name][0]]) == set(prop["enum"])


def test_numbers_too_large_times_before_the_calendar_and_words_off_the_lists(
    tmp_path: Path,
) -> None:
    """Values no database could hold, or the standard does not allow, are problems named in
    the report; a word that differs only in case is taken as the standard's."""
    n = "5e000000-0000-4000-8000-0000000000{:02d}"
    services = [
        {"id": n.format(1), "name": "Huge age", "status": "active", "minimum_age": 10**29},
        {"id": n.format(2), "name": "Huger age", "status": "active", "maximum_age": 10**400},
        {"id": n.format(3), "name": "Year one", "status": "active",
         "last_modified": "0001-01-01T00:30:00+01:00"},
        {"id": n.format(4), "name": "Maybe", "status": "maybe"},
        {"id": n.format(5), "name": "Closed for good", "status": "Defunct",
         "schedules": [{"id": n.format(6), "freq": "weekly", "byday": "TU"}]},
        {"id": n.format(7), "name": "Sometimes", "status": "active",
         "schedules": [{"id": n.format(8), "freq": "fortnightly", "byday": "TU"}]},
    ]  # fmt: skip
    path = tmp_path / "list.json"
    path.write_text(json.dumps(services))
    reader, records = read(path)

    found = by_id(records, "dir_service")
    assert sorted(found) == [n.format(i) for i in (1, 2, 3, 4, 5, 7)]
    assert found[n.format(1)].get("minimum_age") is None
    assert found[n.format(2)].get("maximum_age") is None
    assert found[n.format(3)].get("last_modified") is None
    assert found[n.format(4)].get("status") is None  # so the import takes the default
    assert found[n.format(5)]["status"] == "defunct"
    schedules = by_id(records, "dir_schedule")
    assert schedules[n.format(6)]["freq"] == "WEEKLY"
    assert schedules[n.format(8)].get("freq") is None
    errors = [line for line in lines(reader) if line.startswith("error")]
    assert errors == [
        f"error: service {n.format(1)}: minimum_age: 100000000000000000000000000000 is too large "
        "a number; left out",
        f"error: service {n.format(2)}: maximum_age: 1000000000000000000000000000000000000… is "
        "too large a number; left out",
        f"error: service {n.format(3)}: last_modified: '0001-01-01T00:30:00+01:00' is not a "
        "date and time that can be; left out",
        f"error: service {n.format(4)}: status: 'maybe' is not one of active, inactive, defunct, "
        "temporarily closed; left out",
        f"error: schedule {n.format(8)} in service {n.format(7)}: freq: 'fortnightly' is not one "
        "of WEEKLY, MONTHLY; left out",
    ]


def test_an_organisation_cut_short_keeps_the_services_before_the_cut(tmp_path: Path) -> None:
    whole = (FIXTURES / "organization_with_services.json").read_text()
    doc = json.loads(whole)
    assert len(doc["services"]) >= 2
    second = json.dumps(doc["services"][1]["id"])
    path = tmp_path / "cut.json"
    path.write_text(whole[: whole.index(second) + 20])  # part-way through the second service

    reader, records = read(path)

    assert list(by_id(records, "dir_service")) == [doc["services"][0]["id"]]
    assert by_id(records, "dir_organization")[doc["id"]]["name"] == doc["name"]
    (problem,) = reader.problems.as_list()
    assert "cut short" in str(problem) and "1 service" in str(problem)
    assert not reader.read_nothing
