"""The sample directory (Millbrook) and the generator that makes it.

The sample must be big and varied enough to try the directory with, entirely fictional (drama
phone numbers, "MB" postcodes, reserved domains, no real charity's name), internally consistent
(one id, one thing), and valid Open Referral UK: every service is checked with ``jsonschema``
against the profile's compiled service schema, and again against ``service.json`` with its
``$ref``s resolved through a ``referencing`` registry over the schema folder. The generator must
be deterministic, and its large synthetic directories must be valid too.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import re
import subprocess
import tomllib
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from benchmarks import make_directory as gen
from linkworker.care import fictional, phone, postcode
from tests.conftest import PYTHON, REPO_ROOT

SCHEMA_DIR = REPO_ROOT.parent / "shared" / "standards" / "openreferral-uk" / "schema"
SAMPLE = resources.files("linkworker") / "resources" / "directory" / "millbrook.json"
_BASE = "https://schema.openreferraluk.example/"  # where the schema files are "served" from

# Real national charities, services and brands the sample must not borrow a name from.
REAL_NAMES = re.compile(
    r"Citizens Advice|Age UK|Age Concern|\bMind\b|Macmillan|Marie Curie|Slimming World|"
    r"Weight ?Watchers|\bWW\b|Men'?s Sheds? Association|UK Men's Sheds|Breathe Easy|"
    r"Alzheimer'?s Society|Dementia Friends|Singing for the Brain|Samaritans|[Pp]ark[Rr]un|"
    r"Couch to 5K|Cruse|Carers UK|Carers Trust|StepChange|Christians Against Poverty|"
    r"Trussell|\bU3A\b|Sure Start|Home-Start|Royal Voluntary Service|Red Cross|Salvation Army|"
    r"Andy'?s Man Club|Good ?Gym|Green Gym|Conservation Volunteers|Woodland Trust|"
    r"\bRamblers\b|Repair Caf[eé]|Zumba|Parkinson'?s UK|Stroke Association|Diabetes UK|"
    r"Asthma (?:\+ Lung )?UK|Cancer Research|Maggie'?s|\bShelter\b|National Lottery|"
    r"Big Issue|Rethink|Turning Point|Relate\b|Barnardo|NSPCC|Warm Welcome|Silver Line"
)  # brands are written with capitals; "a warm welcome" and "shelter-building" are fine


def _load(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(sample: dict[str, Any]) -> list[dict[str, Any]]:
    return sample["contents"]


@pytest.fixture(scope="module")
def registry() -> Registry:
    """Every schema file, at a URI of its own name, so relative ``$ref``s like "attribute.json"
    resolve to the file beside it."""
    if not SCHEMA_DIR.is_dir():
        pytest.fail(f"The Open Referral UK schema is not at {SCHEMA_DIR} (../shared/standards).")
    return Registry().with_resources(
        (_BASE + path.name, Resource.from_contents(_load(path.name), DRAFT202012))
        for path in sorted(SCHEMA_DIR.glob("*.json"))
        if path.name != "openapi.json"
    )


def _validator(registry: Registry, name: str) -> Draft202012Validator:
    schema = {"$ref": _BASE + name}
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


@pytest.fixture(scope="module")
def compiled() -> Draft202012Validator:
    """The profile's self-contained service schema (no ``$ref``s at all)."""
    schema = _load("service_compiled.json")
    assert "$ref" not in json.dumps(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _problems(validator: Draft202012Validator, docs: list[dict[str, Any]]) -> list[str]:
    return [
        f"{doc.get('name', doc.get('id'))}: {'/'.join(map(str, err.absolute_path))}: {err.message}"
        for doc in docs
        for err in validator.iter_errors(doc)
    ]


def _walk(node: Any, key: str = "service") -> Iterator[tuple[str, dict[str, Any]]]:
    """(the key it sits under, object) for every object in a service document."""
    if isinstance(node, dict):
        yield key, node
        for child_key, value in node.items():
            yield from _walk(value, child_key)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, key)


def _all(services: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    return [obj for s in services for k, obj in _walk(s) if k == key]


# --- the sample is where the app can find it ------------------------------------------------------


def test_sample_is_packaged_with_the_app() -> None:
    assert SAMPLE.is_file()
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["linkworker"]
    assert "resources/**/*" in patterns
    assert (REPO_ROOT / "linkworker" / "resources" / "directory" / "README.md").is_file()
    assert len(SAMPLE.read_bytes()) < 3_000_000


def test_sample_is_a_single_page(sample: dict[str, Any], registry: Registry) -> None:
    n = len(sample["contents"])
    assert {k: v for k, v in sample.items() if k != "contents"} == {
        "total_items": n, "total_pages": 1, "page_number": 1, "size": n, "first_page": True,
        "last_page": True, "empty": False,
    }  # fmt: skip
    page = json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))
    page_schema = page["components"]["schemas"]["Page"]
    assert not list(Draft202012Validator(page_schema).iter_errors(sample))


# --- big and varied enough ------------------------------------------------------------------------


def test_sample_has_enough_services_organisations_and_kinds(services: list[dict[str, Any]]) -> None:
    assert len(services) >= 300
    assert len({s["organization"]["id"] for s in services}) >= 100
    kinds = Counter(
        a["taxonomy_term"]["name"]
        for s in services
        for a in s["attributes"]
        if a["link_type"] == "kind_of_support"
    )
    assert len(kinds) >= 15
    assert min(kinds.values()) >= 10, kinds
    for expected in (
        "Walking groups", "Befriending", "Men's sheds and workshops", "Choirs, music and arts",
        "Gardening and green spaces", "Food banks and pantries", "Debt and benefits advice",
        "Housing advice", "Carers' support", "Bereavement support", "Mental health peer support",
        "Digital skills", "English classes (ESOL)", "Volunteering", "Parent groups",
        "Weight management and healthy eating",
    ):  # fmt: skip
        assert expected in kinds


def test_every_service_has_what_a_person_needs(services: list[dict[str, Any]]) -> None:
    for s in services:
        assert s["status"] == "active"
        assert s["description"] and s["schedules"] and s["cost_options"] and s["languages"]
        assert s["contacts"] and all(c["phones"] for c in s["contacts"])
        assert s["service_at_locations"]
        assert "en" in {lang["code"] for lang in s["languages"]}
    physical = [
        sal["location"]
        for s in services
        for sal in s["service_at_locations"]
        if sal["location"]["location_type"] == "physical"
    ]
    assert sum(bool(loc["accessibility"]) for loc in physical) >= 0.9 * len(physical)
    features = Counter(a["accessibility"] for loc in physical for a in loc["accessibility"])
    assert {"Wheelchair access", "Hearing loop", "Accessible toilet", "Step-free access"} <= set(
        features
    )
    languages = Counter(lang["name"] for s in services for lang in s["languages"])
    assert {"Polish", "Urdu", "Punjabi", "Arabic", "British Sign Language"} <= set(languages)
    costs = [c for s in services for c in s["cost_options"]]
    assert any(c["amount"] == 0 for c in costs) and any(c["amount"] > 0 for c in costs)
    assert any("minimum_age" in s for s in services) and any("maximum_age" in s for s in services)


def test_schedules_are_rrules_with_words(services: list[dict[str, Any]]) -> None:
    schedules = _all(services, "schedules")
    for sch in schedules:
        assert sch["freq"] in ("WEEKLY", "MONTHLY")
        assert re.fullmatch(
            r"(?:-1|[1-4])?(?:MO|TU|WE|TH|FR|SA|SU)(?:,(?:MO|TU|WE|TH|FR|SA|SU))*", sch["byday"]
        )
        assert re.fullmatch(r"\d\d:\d\d:00", sch["opens_at"]) and sch["opens_at"] < sch["closes_at"]
        slot = (
            sch["freq"],
            sch["interval"],
            sch["byday"],
            sch["opens_at"][:5],
            sch["closes_at"][:5],
        )
        assert sch["description"] == gen.describe(slot)
        if sch["interval"] == 2:
            start = dt.date.fromisoformat(sch["dtstart"])
            assert start.strftime("%a")[:2].upper() == sch["byday"]
    words = {sch["description"] for sch in schedules}
    assert "Tuesdays 10am to 12 noon" in words or any(w.startswith("Tuesdays ") for w in words)
    assert any("of the month" in w for w in words) and any(
        w.startswith("Every other") for w in words
    )


def test_some_records_are_stale_and_most_are_fresh(services: list[dict[str, Any]]) -> None:
    cutoff = gen.AS_OF - dt.timedelta(days=gen.STALE_AFTER_DAYS)
    stale = 0
    for s in services:
        assured = dt.date.fromisoformat(s["assured_date"])
        modified = dt.datetime.fromisoformat(s["last_modified"].replace("Z", "+00:00"))
        assert s["last_modified"].endswith("Z") and re.search(r"\.\d{3}Z$", s["last_modified"])
        assert assured <= modified.date() < gen.AS_OF
        stale += assured < cutoff
    assert 0.1 * len(services) <= stale <= 0.35 * len(services)


def test_names_and_descriptions_are_varied_and_not_real(services: list[dict[str, Any]]) -> None:
    names = Counter(s["name"] for s in services)
    assert [n for n, k in names.items() if k > 1] == []
    descriptions = Counter(s["description"] for s in services)
    assert [d for d, k in descriptions.items() if k > 1] == []
    texts = [s["name"] for s in services] + [s["description"] for s in services]
    texts += [s["organization"]["name"] for s in services] + [
        s["organization"]["description"] for s in services
    ]
    texts += [
        sal["location"].get("name", "") for s in services for sal in s["service_at_locations"]
    ]
    borrowed = sorted({m.group(0) + " in " + t for t in texts for m in [REAL_NAMES.search(t)] if m})
    assert borrowed == []
    assert not [t for t in texts if "{" in t or "}" in t]  # no template left unfilled


# --- fictional through and through ----------------------------------------------------------------


def test_every_phone_number_is_a_drama_number(
    services: list[dict[str, Any]], registry: Registry
) -> None:
    phones = _all(services, "phones")
    assert phones
    for p in phones:
        assert fictional.is_drama_phone(p["number"]), p["number"]
        assert phone.normalise(p["number"]) == p["number"]  # the app's own check accepts it
    assert _problems(_validator(registry, "phone.json"), phones) == []


def test_every_address_is_in_millbrook(services: list[dict[str, Any]]) -> None:
    addresses = _all(services, "addresses")
    assert addresses
    for a in addresses:
        assert fictional.is_fictional_postcode(a["postal_code"]), a["postal_code"]
        assert postcode.normalise(a["postal_code"]) == a["postal_code"]
        assert (a["city"], a["country"], a["address_type"]) == ("Millbrook", "GB", "physical")
    for loc in _all(services, "location"):
        if loc["location_type"] == "physical":
            assert (
                fictional.distance_km(fictional.CENTRE, (loc["latitude"], loc["longitude"])) <= 10
            )
        else:
            assert "addresses" not in loc and "latitude" not in loc


def test_web_and_email_addresses_use_reserved_domains(services: list[dict[str, Any]]) -> None:
    def reserved(host: str) -> bool:
        return host.endswith(".example") or host in ("example.org", "www.example.org")

    for key, obj in (pair for s in services for pair in _walk(s)):
        for field in ("url", "website", "term_uri"):
            if field in obj:
                parts = urlsplit(obj[field])
                assert parts.scheme == "https" and reserved(parts.hostname or ""), obj[field]
        for field in ("email", "assurer_email"):
            if field in obj:
                assert reserved(obj[field].rpartition("@")[2]), (key, obj[field])


# --- consistent -----------------------------------------------------------------------------------


def _check_ids(services: list[dict[str, Any]]) -> None:
    """Service ids are unique; any other id always names the same kind of thing with the same
    content (shared organisations, locations and terms are repeated, never varied)."""
    assert len({s["id"] for s in services}) == len(services)
    seen: dict[str, tuple[str, str]] = {}
    for s in services:
        for key, obj in _walk(s):
            if "id" not in obj:
                continue
            kind = "service" if obj is s else key
            content = json.dumps(obj, sort_keys=True)
            previous = seen.setdefault(obj["id"], (kind, content))
            assert previous == (kind, content), f"id {obj['id']} used for different {kind} records"
            assert re.fullmatch(
                r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", obj["id"]
            )


def _check_references(services: list[dict[str, Any]]) -> None:
    for s in services:
        sid = s["id"]
        assert s["organization_id"] == s["organization"]["id"]
        for key in (
            "schedules",
            "languages",
            "cost_options",
            "contacts",
            "funding",
            "service_areas",
            "service_at_locations",
            "attributes",
        ):
            for child in s.get(key, []):
                assert child.get("service_id", child.get("link_id")) == sid
        sal_ids = {sal["id"] for sal in s["service_at_locations"]}
        for sal in s["service_at_locations"]:
            loc = sal["location"]
            assert sal["location_id"] == loc["id"]
            for child in loc.get("addresses", []) + loc.get("accessibility", []):
                assert child["location_id"] == loc["id"]
            for access in loc.get("accessibility", []):
                assert all(a["link_id"] == access["id"] for a in access["attributes"])
        for sch in s["schedules"]:
            assert sch.get("service_at_location_id", next(iter(sal_ids))) in sal_ids
        for contact in s["contacts"]:
            assert all(p["contact_id"] == contact["id"] for p in contact["phones"])
        for key, obj in _walk(s):
            if key in ("attributes",):
                assert obj["taxonomy_term_id"] == obj["taxonomy_term"]["id"]


def test_ids_are_unique_and_shared_records_agree(services: list[dict[str, Any]]) -> None:
    _check_ids(services)


def test_children_point_at_their_parents(services: list[dict[str, Any]]) -> None:
    _check_references(services)


# --- valid Open Referral UK -----------------------------------------------------------------------


def test_every_sample_service_validates_against_the_compiled_schema(
    services: list[dict[str, Any]], compiled: Draft202012Validator
) -> None:
    assert _problems(compiled, services) == []


def test_every_sample_service_validates_against_service_json_and_its_refs(
    services: list[dict[str, Any]], registry: Registry
) -> None:
    assert _problems(_validator(registry, "service.json"), services) == []


def test_the_schema_check_catches_a_broken_service(
    services: list[dict[str, Any]], compiled: Draft202012Validator, registry: Registry
) -> None:
    """The checks above would fail if the sample were wrong, down to the nested address."""
    broken = json.loads(json.dumps(services[0]))
    broken["status"] = "open"
    broken["id"] = "not-a-uuid"
    location = broken["service_at_locations"][0]["location"]
    location["latitude"] = "53.7"
    del location["addresses"][0]["postal_code"]
    broken["contacts"][0]["phones"][0]["id"] = 12
    for validator in (compiled, _validator(registry, "service.json")):
        found = {(tuple(e.absolute_path), e.validator) for e in validator.iter_errors(broken)}
        assert found == {
            (("status",), "enum"),
            (("id",), "format"),
            (("service_at_locations", 0, "location", "latitude"), "type"),
            (("service_at_locations", 0, "location", "addresses", 0), "required"),
        }
    # Phones are not in the profile's service tree, so they are checked on their own.
    assert _problems(_validator(registry, "phone.json"), broken["contacts"][0]["phones"])


def test_the_local_taxonomies_validate(registry: Registry) -> None:
    taxonomies = gen.taxonomies()
    assert _problems(_validator(registry, "taxonomy.json"), taxonomies) == []
    assert len(taxonomies[0]["taxonomy_terms"]) == len(gen.KINDS) >= 15


# --- the generator --------------------------------------------------------------------------------


def test_the_committed_sample_is_what_the_generator_makes() -> None:
    out = io.StringIO()
    made = gen.sample_services()
    gen.write_directory(out, made, len(made), indent=1)
    assert out.getvalue() == SAMPLE.read_text(encoding="utf-8"), (
        "Run: python benchmarks/make_directory.py --sample --seed 1 "
        "linkworker/resources/directory/millbrook.json"
    )


def test_every_catalogue_service_is_in_the_sample_once(services: list[dict[str, Any]]) -> None:
    plan = gen.sample_plan(random.Random(0))
    assert len(plan) == len(gen.catalogue()) == len(services)
    assert len({o.name for _, o in plan}) == len(plan)


def test_the_generator_is_deterministic() -> None:
    first = list(gen.generate_services(300, 60, seed=7))
    again = list(gen.generate_services(300, 60, seed=7))
    other = list(gen.generate_services(300, 60, seed=8))
    assert json.dumps(first) == json.dumps(again)
    assert json.dumps(first) != json.dumps(other)
    assert json.dumps(gen.sample_services(seed=3)) == json.dumps(gen.sample_services(seed=3))
    assert json.dumps(gen.sample_services(seed=3)) != json.dumps(gen.sample_services(seed=4))


def test_a_thousand_generated_services_are_valid(compiled: Draft202012Validator) -> None:
    made = json.loads(json.dumps(list(gen.generate_services(1000, 200, seed=11))))
    assert len(made) == 1000
    assert len({s["organization"]["id"] for s in made}) == 200
    assert _problems(compiled, made) == []
    _check_ids(made)
    _check_references(made)
    assert all(fictional.is_drama_phone(p["number"]) for p in _all(made, "phones"))
    assert all(fictional.is_fictional_postcode(a["postal_code"]) for a in _all(made, "addresses"))
    for loc in _all(made, "location"):
        if loc["location_type"] == "physical":
            assert (
                fictional.distance_km(fictional.CENTRE, (loc["latitude"], loc["longitude"])) <= 10.5
            )
    kinds = {a["taxonomy_term_id"] for s in made for a in s["attributes"]}
    assert len(kinds) == len(gen.KINDS)


def test_the_command_streams_a_page_of_generated_services(tmp_path: Path) -> None:
    out = tmp_path / "directory.json"
    script = REPO_ROOT / "benchmarks" / "make_directory.py"
    args = ["--services", "40", "--organisations", "9", "--seed", "5"]
    result = subprocess.run(
        [PYTHON, str(script), *args, str(out)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "40 services from 9 organisations" in result.stderr
    page = json.loads(out.read_text(encoding="utf-8"))
    assert page["total_items"] == page["size"] == len(page["contents"]) == 40
    assert page["contents"] == json.loads(json.dumps(list(gen.generate_services(40, 9, seed=5))))


def test_an_empty_directory_is_still_a_page() -> None:
    out = io.StringIO()
    assert gen.write_directory(out, [], 0) == 0
    assert json.loads(out.getvalue())["empty"] is True
    with pytest.raises(ValueError, match="header says 3"):
        gen.write_directory(io.StringIO(), gen.generate_services(2, 1), 3)


@pytest.mark.parametrize(
    ("slot", "words"),
    [
        (("WEEKLY", 1, "TU", "10:00", "12:00"), "Tuesdays 10am to 12 noon"),
        (("WEEKLY", 1, "TU,FR", "13:30", "15:00"), "Tuesdays and Fridays, 1:30pm to 3pm"),
        (
            ("WEEKLY", 1, "MO,WE,FR", "09:30", "11:00"),
            "Mondays, Wednesdays and Fridays, 9:30am to 11am",
        ),
        (("WEEKLY", 1, "MO,TU,WE,TH,FR", "09:00", "17:00"), "Monday to Friday, 9am to 5pm"),
        (("WEEKLY", 2, "WE", "10:00", "12:00"), "Every other Wednesday, 10am to 12 noon"),
        (("MONTHLY", 1, "1TH", "14:00", "16:00"), "First Thursday of the month, 2pm to 4pm"),
        (("MONTHLY", 1, "-1FR", "19:30", "22:00"), "Last Friday of the month, 7:30pm to 10pm"),
    ],
)
def test_schedules_in_words(slot: gen.Slot, words: str) -> None:
    assert gen.describe(slot) == words
    days, times = slot[2], f"{slot[3]}-{slot[4]}"
    when = f"{days}/2 {times}" if slot[1] == 2 else f"{days} {times}"
    assert gen.parse_when(when) == slot


def test_fictional_helpers() -> None:
    rng = random.Random(4)
    assert all(fictional.is_drama_phone(fictional.phone(rng)) for _ in range(200))
    assert all(fictional.is_drama_phone(fictional.mobile(rng)) for _ in range(50))
    assert all(fictional.is_drama_phone(fictional.landline(rng)) for _ in range(50))
    for number in ("07700 900999", "01632 960000", "0113 496 0123", "020 7946 0018"):
        assert fictional.is_drama_phone(number)
    for number in ("07700 901000", "0113 496 1123", "020 7946 1018", "01632 961000", "07700900123"):
        assert not fictional.is_drama_phone(number)
    assert all(fictional.is_fictional_postcode(fictional.postcode_in(rng, d)) for d in range(1, 10))
    assert not fictional.is_fictional_postcode("LS1 4AP")
    with pytest.raises(ValueError):
        fictional.postcode_in(rng, 10)
    points = [fictional.point_near(rng, 10) for _ in range(500)]
    assert max(fictional.distance_km(fictional.CENTRE, p) for p in points) <= 10.01
    assert max(fictional.distance_km(fictional.CENTRE, p) for p in points) > 9.0
