"""The leaflet handed to a person: one A4 page, large type, plain words, the service on it and
nothing about the person but a first name when one is given; still one page for a service
that says far too much."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.rl_accel import asciiBase85Decode

from linkworker.reports.leaflet import (
    BODY_PT,
    FRAME_HEIGHT,
    HEADING_PT,
    leaflet_pdf,
    plan_leaflet,
)
from linkworker.store.database import Database
from linkworker.store.directory_details import (
    AccessFeature,
    ConnectionFigures,
    Contact,
    Phone,
    Place,
    ServiceDetails,
    service_details,
)
from linkworker.store.directory_import import import_directory
from tests.conftest import REPO_ROOT

SAMPLE = REPO_ROOT / "linkworker" / "resources" / "directory" / "millbrook.json"
GIVEN = dt.date(2026, 12, 1)
POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdfinfo") is not None
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext) not installed")


def details(**over: Any) -> ServiceDetails:
    """A service as ``service_details`` gives it, written out by hand."""
    base = ServiceDetails(
        id="s1",
        name="Tuesday Towpath Stroll",
        organisation="Canal Side Walkers",
        organisation_website="https://walkers.example.org/",
        description="A friendly group walk of about an hour on flat paths along the canal.",
        status="active",
        alert=None,
        url="https://walkers.example.org/stroll",
        email="info@walkers.example.org",
        places=(
            Place(
                name="The Lock Café",
                address_lines=("Lock 7, Canal Side", "Millbrook"),
                postcode="MB1 6YF",
                latitude=53.7,
                longitude=-1.59,
                accessibility=(AccessFeature("Step-free access"), AccessFeature("Hearing loop")),
                description="A small café by Lock 7.",
            ),
        ),
        sessions=("Tuesdays 10:00–11:00",),
        cost="Free",
        cost_details=(),
        phones=(Phone("07700 900038", "", "Mobile", "Femi Varley"),),
        contacts=(Contact("Femi Varley", "Walk leader", None),),
        languages=("English", "Polish"),
        age_range="Ages 18 and over",
        eligibility=None,
        how_to_join=None,
        categories=("Walking groups",),
        checked_on=dt.date(2026, 5, 9),
        stale=False,
        notes=(),
        figures=ConnectionFigures(),
    )
    return replace(base, **over)


def page_count(pdf: Path) -> int:
    """Pages of a PDF, by its page objects (as reportlab writes them: no object streams)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def text_of(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True)  # fmt: skip
    return " ".join(out.stdout.split())


def type_sizes(pdf: Path) -> set[float]:
    """The sizes of the type that text is set in, from the page's content stream."""
    data = pdf.read_bytes()
    sizes: set[float] = set()
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        decoded = asciiBase85Decode(stream.strip().decode("latin-1"))
        raw = zlib.decompress(decoded if isinstance(decoded, bytes) else decoded.encode("latin-1"))
        for block in re.findall(rb"BT(.*?)ET", raw, re.S):
            if b"Tj" in block or b"TJ" in block:
                sizes.update(float(s) for s in re.findall(rb"/F\d+ ([\d.]+) Tf", block))
    return sizes


@pytest.fixture
def sample(db: Database) -> Database:
    import_directory(db, SAMPLE)
    return db


def sample_ids() -> dict[str, str]:
    docs = json.loads(SAMPLE.read_text(encoding="utf-8"))["contents"]
    return {d["name"]: d["id"] for d in docs}


# ------------------------------------------------------------------------------- tests


@needs_poppler
def test_a_sample_services_leaflet_is_one_a4_page_in_plain_words(
    sample: Database, tmp_path: Path
) -> None:
    d = service_details(sample, sample_ids()["Tuesday Towpath Stroll"], today=GIVEN)
    pdf = leaflet_pdf(d, tmp_path / "leaflet.pdf", for_person_name="Sam", given_on=GIVEN)

    assert pdf == tmp_path / "leaflet.pdf" and pdf.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"Pages:\s+1\n", info.stdout)
    assert "595.276 x 841.89" in info.stdout  # A4
    assert page_count(pdf) == 1
    text = text_of(pdf)
    for words in (
        "For: Sam",
        "Tuesday Towpath Stroll",
        "Run by Canal Side Walkers",
        "What it is", "Where", "When", "Cost", "Getting there",
        "How to get", "Languages",
        "The Lock Café", "Millbrook MB1 6YF",
        "Tuesdays 10:00–11:00",
        "Free",
        "Step-free access",
        "07700 900038",
        "English",
        "last checked on 9 May 2026",
        "Given to you by your link worker on 1 December 2026",
    ):  # fmt: skip
        assert words in text, words
    # large type: 14 pt and more, the name at about 24; only the small print below that
    sizes = type_sizes(pdf)
    assert max(sizes) >= HEADING_PT
    assert min(sizes) >= 12
    assert {s for s in sizes if s < BODY_PT} <= {12.0, 13.0}  # the checked date, the footer


@needs_poppler
def test_without_a_name_nothing_about_the_person_is_printed(tmp_path: Path) -> None:
    pdf = leaflet_pdf(details(), tmp_path / "leaflet.pdf", given_on=GIVEN)
    text = text_of(pdf)
    assert "For:" not in text
    assert "Tuesday Towpath Stroll" in text
    named = leaflet_pdf(details(), tmp_path / "named.pdf", for_person_name="  Sam ")
    assert "For: Sam" in text_of(named)
    assert b"Sam" not in named.read_bytes().split(b"stream")[0]  # not in the document's info


@needs_poppler
def test_a_very_long_description_and_many_sessions_still_make_one_page(tmp_path: Path) -> None:
    words = "A warm welcome, a cup of tea and a chat with people who understand. "
    crowded = details(
        description=words * 80,
        sessions=tuple(
            f"Session {i}: the first Thursday of the month 10:00–12:00 at the hall"
            for i in range(30)
        ),
        places=tuple(
            replace(
                details().places[0],
                name=f"Hall number {i}",
                accessibility=tuple(AccessFeature(f"Feature {j}") for j in range(12)),
            )
            for i in range(6)
        ),
        cost="From £2",
        cost_details=tuple(f"£{i} for something, with a longer explanation" for i in range(2, 12)),
        phones=tuple(Phone(f"07700 90{i:04d}", "", "Mobile") for i in range(10)),
        contacts=tuple(Contact(f"Person {i}", "Volunteer", None) for i in range(8)),
        languages=tuple(f"Language {i}" for i in range(30)),
        eligibility="Anyone who lives in Millbrook. " * 20,
        how_to_join="Ring first and ask for the organiser. " * 20,
        alert="Closed for the summer holidays. " * 20,
    )
    plan = plan_leaflet(crowded, "Sam", GIVEN)
    assert plan.trimmed > 0 and plan.body_pt == BODY_PT  # cut to fit, never smaller type
    assert plan.height <= FRAME_HEIGHT
    what = plan.sections[0].lines[0].text
    assert what.endswith("…") and len(what) < len(crowded.description)
    when = next(s for s in plan.sections if s.heading == "When")
    assert when.lines[-1].text.startswith("And at other times")

    pdf = leaflet_pdf(crowded, tmp_path / "crowded.pdf", for_person_name="Sam", given_on=GIVEN)
    assert page_count(pdf) == 1
    text = text_of(pdf)
    assert "…" in text
    assert "Given to you by your link worker on 1 December 2026" in text
    assert min(type_sizes(pdf)) >= 12


def test_even_absurd_records_make_one_page(tmp_path: Path) -> None:
    absurd = details(
        name="An extremely long service name " * 20,
        organisation="An organisation with a very long name " * 10,
        description="word " * 5000,
        sessions=tuple("x" * 400 for _ in range(100)),
        languages=tuple("y" * 100 for _ in range(100)),
        url="https://example.org/" + "a" * 500,
        email="b" * 300 + "@example.org",
    )
    pdf = leaflet_pdf(absurd, tmp_path / "absurd.pdf", for_person_name="Sam" * 50)
    assert page_count(pdf) == 1


def test_every_sample_service_fits_one_page_in_large_type(sample: Database) -> None:
    for name, sid in sample_ids().items():
        plan = plan_leaflet(service_details(sample, sid, today=GIVEN), "Sam", GIVEN)
        assert plan.height <= FRAME_HEIGHT, name
        assert plan.body_pt >= BODY_PT, name
        assert plan.trimmed <= 2, name  # the sample's records need little or no cutting


def test_the_leaflet_says_what_a_person_needs_when_the_record_is_thin_or_closed() -> None:
    thin = details(
        organisation=None, description="", places=(), sessions=(), cost="", phones=(),
        contacts=(), email=None, url=None, organisation_website=None, languages=(),
        checked_on=None, status="temporarily closed", alert="Reopens in May",
    )  # fmt: skip
    plan = plan_leaflet(thin, None, GIVEN)
    said = {s.heading: [line.text for line in s.lines] for s in plan.sections}
    assert plan.for_line == "" and plan.run_by == ""
    assert plan.notice == (
        "Please note: This service is closed for now: ask them when it will open again. "
        "Reopens in May."
    )
    assert said["When"] == ["Get in touch to ask when it runs."]
    assert said["Cost"] == ["Ask them whether there is any charge."]
    assert said["How to get in touch"] == ["Your link worker can help you get in touch."]
    assert "Where" not in said and "Languages" not in said
    assert plan.checked.startswith("We do not know when these details were last checked.")
    assert plan.footer == "Given to you by your link worker on 1 December 2026"


def test_costs_phones_and_places_read_as_people_write_them() -> None:
    plan = plan_leaflet(
        details(
            cost="£3.50",
            cost_details=("£3.50 a session", "Free for carers"),
            phones=(Phone("0113 496 0123", "Text", "Office"),),
            url="https://walkers.example.org/a/very/long/path/to/the/tuesday-stroll-page",
        ),
        None,
        GIVEN,
    )
    said = {s.heading: s.lines for s in plan.sections}
    cost = said["Cost"]
    assert (cost[0].text, cost[0].bold, cost[0].after) == ("£3.50", True, " a session.")
    assert cost[1].text == "Free for carers."
    phone = next(line for line in said["How to get in touch"] if line.bold)
    assert (phone.text, phone.after) == ("0113 496 0123", " (Text · Office)")
    assert "Website: walkers.example.org" in [line.text for line in said["How to get in touch"]]
    assert said["How to get in touch"][0].text == "Ask for Femi Varley (walk leader)"
    where = said["Where"][0]
    assert (where.text, where.after) == ("The Lock Café", "\nLock 7, Canal Side\nMillbrook MB1 6YF")


def test_the_description_keeps_its_paragraphs_and_says_when_it_is_cut() -> None:
    whole = plan_leaflet(details(description="First.\n\nSecond, after a blank line."), None, GIVEN)
    assert [line.text for line in whole.sections[0].lines][:2] == [
        "First.",
        "Second, after a blank line.",
    ]
    long = "Tea and a chat. " * 100
    cut = plan_leaflet(details(description=f"{long}\n\nA paragraph left out."), None, GIVEN)
    shown = [line.text for line in cut.sections[0].lines]
    assert shown[0].endswith("…") and "A paragraph left out." not in shown


def test_letters_the_standard_fonts_lack_lose_their_accents_not_their_place() -> None:
    plan = plan_leaflet(details(name="Klub Polski Łódź"), None, GIVEN)
    assert plan.title == "Klub Polski Lódz"
