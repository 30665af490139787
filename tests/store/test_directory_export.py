"""The directory exported as Open Referral UK JSON: valid against the standard's schema, and
imported back without a change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from sqlmodel import select

from linkworker.paths import Paths
from linkworker.store.database import Database
from linkworker.store.directory_export import export_directory
from linkworker.store.directory_import import import_directory
from linkworker.store.tables import AuditEvent, DirService
from linkworker.store.vault import Vault
from tests.conftest import PASSPHRASE, REPO_ROOT

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "directory"
SCHEMA = REPO_ROOT.parent / "shared" / "standards" / "openreferral-uk" / "schema"
SAMPLE = REPO_ROOT / "linkworker" / "resources" / "directory" / "millbrook.json"
KINDS = ("one_service.json", "contents_page.json", "organization_with_services.json", "tabular")


def _schema_file(name: str) -> dict[str, Any]:
    if not SCHEMA.is_dir():
        pytest.skip(f"the Open Referral UK schema is not at {SCHEMA}")
    return json.loads((SCHEMA / name).read_text())  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def compiled() -> Draft202012Validator:
    """The fully nested service document, as the API's ``/services/{id}`` returns it."""
    schema = _schema_file("service_compiled.json")
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.fixture(scope="module")
def by_reference() -> Draft202012Validator:
    """service.json, its ``$ref``s ("schedule.json", …) resolved against the other files."""
    _schema_file("service.json")
    base = "https://openreferral.org.uk/schema/"
    resources = [
        (base + f.name, Resource.from_contents(json.loads(f.read_text()),
                                               default_specification=_draft()))
        for f in sorted(SCHEMA.glob("*.json")) if f.name != "openapi.json"
    ]  # fmt: skip
    registry: Registry[Any] = Registry().with_resources(resources)
    schema = {"$ref": base + "service.json"}
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def _draft() -> Any:
    from referencing.jsonschema import DRAFT202012

    return DRAFT202012


def invalid(validator: Draft202012Validator, services: list[dict[str, Any]]) -> list[str]:
    return [
        f"{s.get('id')}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
        for s in services
        for e in validator.iter_errors(s)
    ]


def exported(db: Database, path: Path) -> dict[str, Any]:
    report = export_directory(db, path)
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert report.services == len(doc["contents"]) == doc["total_items"]
    return doc


def test_the_compiled_schema_is_service_json_with_its_references_written_out() -> None:
    """Why either validator will do: the compiled file is service.json, resolved."""

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                merged = dict(inline(_schema_file(node["$ref"])))
                merged.update({k: inline(v) for k, v in node.items() if k != "$ref"})
                return merged
            return {k: inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    assert inline(_schema_file("service.json")) == _schema_file("service_compiled.json")


def test_every_exported_service_validates_against_the_schema(
    db: Database, tmp_path: Path, compiled: Draft202012Validator,
    by_reference: Draft202012Validator,
) -> None:  # fmt: skip
    for name in KINDS:
        import_directory(db, FIXTURES / name)
    import_directory(db, FIXTURES / "broken.json")  # what was good in it

    doc = exported(db, tmp_path / "directory.json")

    assert len(doc["contents"]) == 1 + 3 + 2 + 2 + 7
    assert invalid(compiled, doc["contents"]) == []
    assert invalid(by_reference, doc["contents"]) == []
    assert {k: doc[k] for k in ("total_pages", "page_number", "first_page", "last_page")} == {
        "total_pages": 1, "page_number": 1, "first_page": True, "last_page": True,
    }  # fmt: skip
    walk = next(s for s in doc["contents"] if s["name"] == "Millbrook Tuesday Health Walk")
    assert walk["organization"]["name"] == "Millbrook Walkers"
    location = walk["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "MB1 4AA"
    assert location["phones"][0]["number"] == "0113 496 0011"
    assert walk["schedules"][0] | {} == {
        "id": "5c400000-0000-4000-8000-000000000001",
        "service_id": "5e000000-0000-4000-8000-000000000001", "valid_from": "2026-01-06",
        "dtstart": "2026-01-06", "freq": "WEEKLY", "interval": 1, "byday": "TU",
        "opens_at": "10:00", "closes_at": "11:30",
        "description": "Tuesdays 10:00 to 11:30, meet at the pavilion.",
        "attending_type": "in person",
    }  # fmt: skip
    assert walk["last_modified"] == "2026-09-01T10:30:45.123Z"
    assert walk["contacts"][0]["phones"][0]["number"] == "0113 496 0002"
    assert walk["attributes"][0]["taxonomy_term"]["name"] == "Walking and exercise"
    # A field the schema requires that the directory does not know is written empty.
    no_county = next(s for s in doc["contents"] if s["name"] == "Men's Shed Open Sessions")
    assert no_county["service_at_locations"][0]["location"]["addresses"][0]["city"] == "Millbrook"


def test_import_export_import_changes_nothing(db: Database, tmp_path: Path) -> None:
    for name in KINDS:
        import_directory(db, FIXTURES / name)
    first = exported(db, tmp_path / "first.json")

    again = import_directory(db, tmp_path / "first.json")

    assert again.problems == []
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 8)
    assert all(t.imported == t.updated == 0 for t in again.tallies.values())
    assert exported(db, tmp_path / "second.json") == first

    # Into another laptop's empty directory, and out again: the same documents.
    other = Vault(Paths.under(tmp_path / "other").ensure()).create(PASSPHRASE)
    try:
        fresh = import_directory(other, tmp_path / "first.json")
        assert fresh.problems == [] and fresh.imported == 8
        assert exported(other, tmp_path / "third.json")["contents"] == first["contents"]
    finally:
        other.close()


def test_deleted_services_are_left_out(db: Database, tmp_path: Path) -> None:
    import_directory(db, FIXTURES / "contents_page.json")
    with db.transaction() as s:
        service = s.get(DirService, "5e000000-0000-4000-8000-000000000022")
        assert service is not None
        service.deleted_at = service.updated_at

    doc = exported(db, tmp_path / "out.json")

    assert [s["name"] for s in doc["contents"]] == [
        "Good Neighbours Befriending", "Beck Lane Growing Club",
    ]  # fmt: skip


def test_an_empty_directory_exports_an_empty_page(db: Database, tmp_path: Path) -> None:
    doc = exported(db, tmp_path / "out.json")

    assert doc["contents"] == [] and doc["empty"] is True and doc["total_items"] == 0
    report = import_directory(db, tmp_path / "out.json")
    assert not report.read_nothing and report.problems == []


def test_the_export_is_audited_and_leaves_no_half_file(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_directory(db, FIXTURES / "contents_page.json")
    exported(db, tmp_path / "out.json")
    with db.reading() as s:
        (event,) = s.exec(select(AuditEvent).where(AuditEvent.action == "directory exported"))
    assert event.detail == "3"

    from linkworker.store import directory_export

    def broken(*_args: Any) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(directory_export, "_write", broken)
    with pytest.raises(OSError):
        export_directory(db, tmp_path / "later.json")
    assert not (tmp_path / "later.json").exists()
    assert not (tmp_path / "later.json.part").exists()


def test_the_sample_directory_exports_valid_and_round_trips(
    db: Database, tmp_path: Path, compiled: Draft202012Validator
) -> None:
    if not SAMPLE.exists():
        pytest.skip("the sample directory is not there")
    first = import_directory(db, SAMPLE)
    assert first.errors == [] and first.imported >= 300

    doc = exported(db, tmp_path / "sample.json")

    assert invalid(compiled, doc["contents"]) == []
    again = import_directory(db, tmp_path / "sample.json")
    assert (again.imported, again.updated, again.unchanged) == (0, 0, first.imported)
