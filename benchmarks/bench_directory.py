"""Directory search figures with 100,000 synthetic services in the encrypted database, each beside
the same search on a plain SQLite copy of that database, timed in the same run.

The laptop: a new encrypted database (Vault-created, passphrase only: the ``fail`` keyring, so no
real keyring is touched) holding a synthetic directory of the fictional town of Millbrook:
100,000 services of about forty kinds link workers use (walking groups, coffee mornings, men's
sheds, choirs, food banks, debt advice, ...), run by 25,000 organisations at 30,000 venues with
addresses and coordinates around the town, with schedules, cost options, taxonomy categories
(through ``dir_attribute``), languages and accessibility; about 750,000 rows in all. They are
written with SQLAlchemy Core ``executemany`` in transactions of 5,000 services, each inside
``deferred_indexing`` (the search index is built by its triggers, each service once), then the
index is optimised as after an import. A plain copy is made with ``sqlcipher_export``. That is
setup, done in a child process and not measured; this process only opens the two databases and
searches, so its peak memory is the search's.

Figures (``directory_search.search``: the whole call, from the words typed to the rows the
results list shows, including next session, cost badge and freshness):

1. As-you-type search, no filters: the issue's words ("walk", "walking gr", "coffee",
   "debt adv", "men's", "choir", "garden", "food") typed a letter at a time, every prefix from
   the first letter. Target: p95 <= 15 ms, and the ratio to the same search on the plain copy
   <= 1.2 (medians).
2. The same keystrokes with filters: free + Tuesday; a category (the kind the word is about);
   within 5 km of the town centre; aged 72 + low cost + wheelchair access. Same targets.
3. For the record (no target): an empty query with filters (the list by name); and words typed
   wrong ("wlak", "chior", ...), put right by the spelling fallback.
4. Import throughput (``import_throughput.py``): services a second from a file of
   ``--import-services`` synthetic services (100,000) into a new encrypted database through the
   real importer, with its peak memory, beside reading the file alone and the same rows into
   plain SQLite. Target: >= 5,000 services/s.

Each search is timed ``--runs`` times (20) after a warm-up, interleaved with the plain copy so a
busy moment on the machine hits both alike; the table gives the wall-clock median and p95 of all
the samples in a figure, and beside them the median CPU time of this process (on a shared
machine the wall clock also counts waiting for a core). The target is judged on p95, the ratio
is of medians, and the load average is printed before and after. The exit code is 1 when a
target is missed. ``--services 10000`` for a quick run. Run with ``make bench``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

import import_throughput  # noqa: E402  (beside this file)
from keyring.backends import fail  # noqa: E402
from sqlalchemy import Table  # noqa: E402
from sqlalchemy.sql.schema import ScalarElementColumnDefault  # noqa: E402

from linkworker.paths import Paths  # noqa: E402
from linkworker.store import directory_search  # noqa: E402
from linkworker.store.database import Database  # noqa: E402
from linkworker.store.directory_search import Filters, search, search_directory  # noqa: E402
from linkworker.store.engine import checkpoint, create_encrypted_engine  # noqa: E402
from linkworker.store.keys import SecretStore  # noqa: E402
from linkworker.store.tables import (  # noqa: E402
    DirAccessibility,
    DirAddress,
    DirAttribute,
    DirCostOption,
    DirLanguage,
    DirLocation,
    DirOrganization,
    DirSchedule,
    DirService,
    DirServiceAtLocation,
    DirTaxonomyTerm,
)
from linkworker.store.vault import Vault  # noqa: E402

PASSPHRASE = "benchmark passphrase, not a real one"
TARGET_P95_MS = 15.0
TARGET_RATIO = 1.2
CENTRE = (53.7000, -1.8000)  # Millbrook (fictional)
NOW = dt.datetime(2027, 3, 2, 9, 30)
BATCH = 5000  # services per transaction
BUILD_CACHE_KIB = 131_072  # page cache while the setup writes (the app's usual is 32 MiB)

# ------------------------------------------------------------------------------ the directory

# The kinds of support: (category, parent category, names, what it is). Names take a place
# ("{p}") or not; descriptions are drawn from the kind's sentences and some shared ones.
KINDS: list[tuple[str, str, list[str], list[str]]] = [
    (
        "Walking",
        "Physical activity",
        ["{p} Walking Group", "{p} Health Walk", "Stepping Out {p}", "Walk and Talk"],
        [
            "A friendly walk at an easy pace, led by trained volunteers.",
            "Walks last about an hour on flat paths, with a cuppa after.",
            "Nordic walking poles to borrow.",
        ],
    ),
    (
        "Exercise classes",
        "Physical activity",
        [
            "Chair Yoga at {p}",
            "{p} Gentle Exercise",
            "Strength and Balance",
            "Tai Chi for Beginners",
        ],
        [
            "Gentle exercise to music, seated or standing.",
            "Improve strength and balance and prevent falls.",
            "Suitable for people with limited mobility.",
        ],
    ),
    (
        "Dance",
        "Physical activity",
        ["{p} Tea Dance", "Dance for Health", "Line Dancing {p}"],
        [
            "Dance your way to fitness, no partner needed.",
            "Music from the fifties and sixties, tea and biscuits.",
        ],
    ),
    (
        "Swimming",
        "Physical activity",
        ["{p} Aqua Fit", "Quiet Swim", "Women's Swim Session"],
        [
            "A relaxed session in the small pool.",
            "Lifeguards and changing rooms with step-free access.",
        ],
    ),
    (
        "Sport",
        "Physical activity",
        ["{p} Walking Football", "Walking Netball", "Bowls Club {p}", "Table Tennis Club"],
        ["Sport at a slower pace for all abilities.", "Equipment provided; just bring trainers."],
    ),
    (
        "Befriending",
        "Social connection",
        ["{p} Befriending Service", "Telephone Friends", "Good Neighbours {p}"],
        [
            "A volunteer visits or phones each week for a friendly chat.",
            "For people who feel lonely or cut off.",
        ],
    ),
    (
        "Coffee mornings",
        "Social connection",
        ["{p} Coffee Morning", "Canal Side Coffee Morning", "Cuppa and Chat", "Friday Coffee Club"],
        [
            "Drop in for coffee, cake and a chat.",
            "Everyone welcome, no need to book.",
            "Fresh coffee, tea and homemade cake.",
        ],
    ),
    (
        "Lunch clubs",
        "Social connection",
        ["{p} Lunch Club", "Friendship Lunch", "Pensioners' Dinner"],
        ["A hot two course lunch and good company.", "Food cooked fresh on site by volunteers."],
    ),
    (
        "Men's sheds",
        "Social connection",
        ["{p} Men's Shed", "Men's Shed at {p}", "The Shed"],
        [
            "Men meet, make and mend things and talk shoulder to shoulder.",
            "A workshop with tools, woodwork and a brew.",
        ],
    ),
    (
        "Social clubs",
        "Social connection",
        ["{p} Friendship Club", "Over 50s Club", "Afternoon Tea Club", "Board Games Night"],
        ["Games, quizzes, outings and friendship.", "A warm welcome for new members."],
    ),
    (
        "Choirs",
        "Arts and creativity",
        ["{p} Community Choir", "Singing for the Brain", "Sing for Your Lungs", "Pop Choir {p}"],
        [
            "Sing for fun, no auditions and no need to read music.",
            "A choir for everyone; songs from the shows and pop.",
        ],
    ),
    (
        "Arts and crafts",
        "Arts and creativity",
        ["{p} Art Club", "Knit and Natter", "Crafts for Wellbeing", "Pottery at {p}"],
        [
            "Painting and drawing for beginners, materials provided.",
            "Knitting, crochet and sewing with a natter.",
        ],
    ),
    (
        "Music",
        "Arts and creativity",
        ["Ukulele Group", "{p} Music Jam", "Drumming Circle"],
        ["Learn an instrument with others, instruments to borrow."],
    ),
    (
        "Drama",
        "Arts and creativity",
        ["{p} Drama Group", "Theatre Club", "Reminiscence Theatre"],
        ["Acting games, scripts and a show at the end of term."],
    ),
    (
        "Creative writing",
        "Arts and creativity",
        ["Writers' Circle", "Poetry Café {p}", "Life Stories Group"],
        ["Write poems and stories and share them if you like."],
    ),
    (
        "Gardening",
        "Nature and outdoors",
        ["{p} Community Garden", "Grow Together", "Allotment Project {p}", "Green Fingers Club"],
        [
            "Grow fruit and vegetables together in our garden.",
            "Tools, gloves and tea provided; no experience needed.",
            "Gardening for wellbeing in raised beds.",
        ],
    ),
    (
        "Conservation",
        "Nature and outdoors",
        ["{p} Conservation Volunteers", "Green Gym", "Friends of {p} Park"],
        ["Outdoor work in parks and woods: planting, paths and hedges."],
    ),
    (
        "Food banks",
        "Food",
        ["{p} Food Bank", "Food Bank at {p}", "Emergency Food Parcels"],
        [
            "Emergency food parcels with a voucher from a referral partner.",
            "Food, toiletries and a listening ear.",
        ],
    ),
    (
        "Community pantries",
        "Food",
        ["{p} Community Pantry", "Community Fridge", "Food Club {p}"],
        ["Low cost food shopping for members.", "Fresh fruit, vegetables and store cupboard food."],
    ),
    (
        "Cooking",
        "Food",
        ["Cook and Eat at {p}", "Cooking on a Budget", "Healthy Eating Course"],
        ["Learn to cook simple meals on a budget, then eat together."],
    ),
    (
        "Debt advice",
        "Money",
        ["{p} Debt Advice", "Money Advice Service {p}", "Debt Help Line"],
        ["Free, confidential debt advice.", "Help with budgeting, creditors and priority debts."],
    ),
    (
        "Benefits advice",
        "Money",
        ["{p} Benefits Advice", "Welfare Rights {p}", "Benefit Checks"],
        [
            "Help to check and claim benefits and fill in forms.",
            "Support with appeals and assessments.",
        ],
    ),
    (
        "Housing advice",
        "Housing",
        ["{p} Housing Advice", "Tenancy Support", "Home Repairs Help"],
        [
            "Advice on tenancy problems, repairs and rent arrears.",
            "Help for people at risk of homelessness.",
        ],
    ),
    (
        "Carers' support",
        "Carers",
        ["{p} Carers' Group", "Carers' Café", "Young Carers {p}"],
        [
            "Meet other carers, share tips and get a break.",
            "Information and advice for unpaid carers.",
        ],
    ),
    (
        "Bereavement support",
        "Bereavement",
        ["{p} Bereavement Café", "After Loss Group", "Bereavement Support"],
        ["Support after the death of someone close, one to one or in a group."],
    ),
    (
        "Peer support",
        "Mental health",
        ["{p} Peer Support Group", "Hearing Voices Group", "Anxiety Support Group"],
        ["A safe space to talk about mental health with people who understand."],
    ),
    (
        "Talking therapies",
        "Mental health",
        ["Talking Therapies {p}", "Counselling Service", "Wellbeing Service"],
        ["Free talking therapies for low mood, stress and anxiety."],
    ),
    (
        "Mindfulness",
        "Mental health",
        ["Mindfulness at {p}", "Relaxation Class", "Wellbeing Walks and Mindfulness"],
        ["Learn simple ways to calm the mind."],
    ),
    (
        "Digital skills",
        "Learning",
        ["{p} Digital Drop-in", "Tablet Tuition", "Get Online Week", "Computer Club"],
        ["Help with phones, tablets and getting online, at your own pace."],
    ),
    (
        "English classes",
        "Learning",
        ["{p} English Classes", "ESOL Conversation Club", "English for Beginners"],
        ["English (ESOL) classes for adults, all levels, crèche available."],
    ),
    (
        "Reading groups",
        "Learning",
        ["{p} Book Group", "Shared Reading", "Library Reading Circle"],
        ["Read and talk about a good book together."],
    ),
    (
        "Volunteering",
        "Volunteering",
        ["{p} Volunteer Centre", "Volunteer Drivers", "Volunteering for Wellbeing"],
        ["Find volunteering that suits you, from driving to gardening."],
    ),
    (
        "Parent groups",
        "Families",
        ["{p} Parent and Toddler Group", "Stay and Play", "Dads' Group"],
        ["Play, songs and a cuppa for parents and carers with little ones."],
    ),
    (
        "Weight management",
        "Health",
        ["{p} Weight Management", "Healthy Weight Course", "Slimming Support Group"],
        ["A twelve week course on eating well and moving more."],
    ),
    (
        "Stop smoking",
        "Health",
        ["{p} Stop Smoking Service", "Quit Clinic"],
        ["Free stop smoking support and nicotine replacement."],
    ),
    (
        "Long-term conditions",
        "Health",
        ["Breathe Easy {p}", "Diabetes Support Group", "Heart Support Group", "Arthritis Group"],
        ["Support for living well with a long-term condition."],
    ),
    (
        "Dementia",
        "Health",
        ["Memory Café {p}", "Dementia Carers' Group", "Singing for Memory"],
        ["Activities and support for people living with dementia and their carers."],
    ),
    (
        "Job clubs",
        "Employment",
        ["{p} Job Club", "Work Skills Workshop", "CV Help"],
        ["Help with CVs, job applications and interviews."],
    ),
]
SHARED = [
    "Run by local volunteers.", "Refreshments available.", "Open to all.",
    "Please ring before your first visit.", "A short walk from the bus station.",
    "Free parking nearby.", "Drop in, no referral needed.", "Self-referral welcome.",
    "Accessible toilets on site.", "Bring a friend.", "Sessions in term time only.",
    "New members always welcome.", "Small groups of up to twelve.", "Booking essential.",
    "Carers and family welcome too.", "We can help with transport.", "Closed on bank holidays.",
    "Friendly and informal.", "Ask at reception on arrival.", "Interpreters on request.",
    "Near the tram stop.", "Lift available.", "Ring or email for details.",
    "Part of the Millbrook wellbeing partnership.",
]  # fmt: skip
PLACES = [
    "Millbrook", "Riverside", "Canal Side", "St Mark's", "Northgate", "Hillcrest", "Oakfield",
    "Westbury", "Ashton Vale", "Kingsway", "Greenbank", "Moorside", "Fernlea", "Brookfield",
    "Eastwood", "Highfield", "Low Moor", "Thornhill", "Beechwood", "Castle Hill",
]  # fmt: skip
VENUES = ["Community Centre", "Church Hall", "Library", "Methodist Hall", "Leisure Centre",
          "Scout Hut", "Youth Club", "Village Hall", "Health Centre", "Mosque", "Gurdwara",
          "Allotments", "Park Pavilion", "Family Hub"]  # fmt: skip
STREETS = [
    "Mill Lane", "High Street", "Canal Road", "Station Road", "Church Street", "Park Avenue",
    "Bridge Street", "Queen Street", "Victoria Road", "Moor Lane",
]  # fmt: skip
ORG_KINDS = [
    "Community Trust", "Together", "Wellbeing Network", "Voluntary Action", "Friends",
    "Neighbourhood Association", "Community Interest Company", "Charity", "Partnership",
]  # fmt: skip
LANGUAGES = [
    ("English", "en"), ("Polish", "pl"), ("Urdu", "ur"), ("Punjabi", "pa"), ("Bengali", "bn"),
    ("Arabic", "ar"), ("Romanian", "ro"), ("British Sign Language", "bfi"),
]  # fmt: skip
ACCESS = ["Wheelchair accessible entrance", "Step-free access", "Hearing loop",
          "Accessible toilet", "Large print available", "Three steps at the front door",
          "Lift to all floors", "Quiet room available"]  # fmt: skip
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class Rows:
    """Rows to write, by table; each row a dict with every column, as the ORM would write it."""

    def __init__(self, org_id: str, rng: random.Random) -> None:
        self.org_id = org_id
        self.rng = rng
        self.by_table: dict[Table, list[dict[str, Any]]] = {}
        self._templates: dict[Table, dict[str, Any]] = {}
        self.at = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)

    def _id(self) -> str:
        return "%08x-%04x-7%03x-8%03x-%012x" % (  # noqa: UP031 (a UUIDv7-shaped id, quickly)
            self.rng.getrandbits(32), self.rng.getrandbits(16), self.rng.getrandbits(12),
            self.rng.getrandbits(12), self.rng.getrandbits(48),
        )  # fmt: skip

    def add(self, model: Any, **values: Any) -> str:
        table: Table = model.__table__
        template = self._templates.get(table)
        if template is None:
            template = {c.name: None for c in table.columns}
            for column in table.columns:
                if isinstance(column.default, ScalarElementColumnDefault):
                    template[column.name] = column.default.arg
            template.update(org_id=self.org_id, created_at=self.at, updated_at=self.at,
                            version=1)  # fmt: skip
            self._templates[table] = template
        row = dict(template)
        row["id"] = self._id()
        row.update(values)
        self.by_table.setdefault(table, []).append(row)
        return str(row["id"])

    def take(self) -> dict[Table, list[dict[str, Any]]]:
        out, self.by_table = self.by_table, {}
        return out


@dataclass
class Town:
    terms: dict[str, str]  # category name -> term id
    organisations: list[str]
    venues: list[tuple[str, str]]  # (location id, place name)


def make_town(rows: Rows, services: int) -> Town:
    rng = rows.rng
    terms: dict[str, str] = {}
    for _category, parent, _names, _words in KINDS:
        if parent not in terms:
            terms[parent] = rows.add(DirTaxonomyTerm, name=parent, taxonomy="Millbrook")
    for category, parent, _names, _words in KINDS:
        terms[category] = rows.add(DirTaxonomyTerm, name=category, parent_id=terms[parent],
                                   taxonomy="Millbrook")  # fmt: skip
    organisations = [
        rows.add(DirOrganization, name=f"{rng.choice(PLACES)} {rng.choice(ORG_KINDS)} {i}",
                 description="A fictional organisation in Millbrook.")
        for i in range(max(1, services // 4))
    ]  # fmt: skip
    venues = []
    lat0, lon0 = CENTRE
    for i in range(max(1, services * 3 // 10)):
        place = rng.choice(PLACES)
        km_n, km_e = rng.gauss(0, 4), rng.gauss(0, 4)
        lat = lat0 + km_n / 111.2
        lon = lon0 + km_e / (111.2 * math.cos(math.radians(lat0)))
        virtual = rng.random() < 0.03
        loc = rows.add(DirLocation, name=f"{place} {rng.choice(VENUES)}",
                       latitude=None if virtual else round(lat, 6),
                       longitude=None if virtual else round(lon, 6),
                       location_type="virtual" if virtual else "physical")  # fmt: skip
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        postcode = f"MB{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice(letters)}"
        rows.add(DirAddress, location_id=loc, address_1=f"{i % 200 + 1} {rng.choice(STREETS)}",
                 city="Millbrook", postal_code=postcode + rng.choice(letters))  # fmt: skip
        for text in rng.sample(ACCESS, rng.randint(0, 3)):
            rows.add(DirAccessibility, location_id=loc, description=text)
        venues.append((loc, place))
    return Town(terms, organisations, venues)


def add_services(rows: Rows, town: Town, count: int) -> None:
    rng = rows.rng
    for _ in range(count):
        category, _parent, names, words = rng.choice(KINDS)
        venue, place = rng.choice(town.venues)
        name = rng.choice(names).replace("{p}", place)
        description = " ".join([*rng.sample(words, min(len(words), rng.randint(1, 2))),
                                *rng.sample(SHARED, rng.randint(1, 2))])  # fmt: skip
        young = category == "Parent groups"
        sid = rows.add(
            DirService, organization_id=rng.choice(town.organisations), name=name,
            description=description, status="active" if rng.random() < 0.97 else "inactive",
            fees_description=rng.choice([None, None, "Free", "Donations welcome"]),
            minimum_age=rng.choice([None, None, 18, 50, 60]) if not young else None,
            maximum_age=rng.choice([None, None, None, 25]) if young else None,
            assured_date=dt.date(2026, 1, 1) - dt.timedelta(days=rng.randint(0, 700)),
            last_modified=rows.at - dt.timedelta(days=rng.randint(0, 900)),
        )  # fmt: skip
        rows.add(DirAttribute, link_id=sid, link_type="service", link_entity="service",
                 taxonomy_term_id=town.terms[category])  # fmt: skip
        if rng.random() < 0.3:
            rows.add(DirAttribute, link_id=sid, link_type="service", link_entity="service",
                     taxonomy_term_id=town.terms[rng.choice(KINDS)[0]])  # fmt: skip
        rows.add(DirServiceAtLocation, service_id=sid, location_id=venue)
        if rng.random() < 0.15:
            rows.add(DirServiceAtLocation, service_id=sid, location_id=rng.choice(town.venues)[0])
        for _ in range(rng.choice((1, 1, 1, 2))):
            hour = rng.choice((9, 10, 10, 11, 13, 14, 18, 19))
            byday = ",".join(sorted(rng.sample(DAYS[:6], rng.choice((1, 1, 1, 2))), key=DAYS.index))
            monthly = rng.random() < 0.1
            rows.add(DirSchedule, service_id=sid, freq="MONTHLY" if monthly else "WEEKLY",
                     byday=f"1{byday[:2]}" if monthly else byday,
                     opens_at=dt.time(hour), closes_at=dt.time(hour + rng.choice((1, 2, 2, 3))),
                     description=None)  # fmt: skip
        roll = rng.random()
        if roll < 0.4:
            rows.add(DirCostOption, service_id=sid, option="Free", amount=0.0)
        elif roll < 0.75:
            amount = rng.choice((1.0, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0, 8.0, 12.0))
            rows.add(DirCostOption, service_id=sid, option="Per session", amount=amount)
        if rng.random() < 0.5:  # the others do not say (English, as a rule)
            more = rng.sample(LANGUAGES[1:], rng.choice((0, 0, 0, 1, 2)))
            for lang, code in [LANGUAGES[0], *more]:
                rows.add(DirLanguage, service_id=sid, name=lang, code=code)


def build(folder: Path, services: int, seed: int) -> dict[str, Any]:
    """The laptop and its plain copy, filled (run in a child process: setup, not measured)."""
    start = time.perf_counter()
    vault = Vault(Paths.under(folder / "laptop").ensure(), SecretStore(fail.Keyring()))
    db = vault.create(PASSPHRASE)
    with db.reading() as s:
        org_id = s.connection().exec_driver_sql("SELECT org_id FROM sync_state").scalar_one()
    rows = Rows(org_id, random.Random(seed))
    counts: dict[str, int] = {}

    def write(batch: dict[Table, list[dict[str, Any]]]) -> None:
        with db.replicating() as conn:
            # A larger page cache while writing, as the directory importer sets for its batches
            # (store/directory_import.py); the connection's own is put back afterwards.
            usual = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
            conn.exec_driver_sql(f"PRAGMA cache_size = {-BUILD_CACHE_KIB}")
            try:
                with directory_search.deferred_indexing(conn):
                    for table, items in batch.items():
                        conn.execute(table.insert(), items)
                        counts[table.name] = counts.get(table.name, 0) + len(items)
            finally:
                conn.exec_driver_sql(f"PRAGMA cache_size = {int(usual)}")

    town = make_town(rows, services)
    write(rows.take())
    for done in range(0, services, BATCH):
        add_services(rows, town, min(BATCH, services - done))
        write(rows.take())
    written = time.perf_counter() - start
    directory_search.optimise_index(db)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")  # as a laptop that has run ``PRAGMA optimize`` would
        conn.commit()
    checkpoint(db.engine)
    plain = folder / "plain.db"
    raw = db.engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None
        driver.execute(f"ATTACH DATABASE '{plain}' AS plain KEY ''")
        driver.execute("SELECT sqlcipher_export('plain')")
        driver.execute("DETACH DATABASE plain")
    finally:
        raw.close()
    db.close()
    size = sum(f.stat().st_size for f in (folder / "laptop").rglob("*.db*")) / 2**20
    return {
        "counts": counts, "written_s": written, "total_s": time.perf_counter() - start,
        "size_mib": size, "plain": str(plain), "laptop": str(folder / "laptop"),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }  # fmt: skip


# ------------------------------------------------------------------------------ timing


@dataclass
class Timing:
    """Wall-clock milliseconds (the figure), and this process's CPU milliseconds beside them."""

    samples: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def time(self, fn: Callable[[], object]) -> object:
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        self.samples.append((time.perf_counter() - wall) * 1000)
        self.cpu.append((time.process_time() - cpu) * 1000)
        return result

    def extend(self, other: Timing) -> None:
        self.samples += other.samples
        self.cpu += other.cpu

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


@dataclass(frozen=True)
class Figure:
    label: str
    measured: Timing
    plain: Timing
    target_ms: float | None
    target_ratio: float | None

    @property
    def ratio(self) -> float:
        return self.measured.median / self.plain.median

    @property
    def ok(self) -> bool | None:
        if self.target_ms is None:
            return None
        ratio_ok = self.target_ratio is None or self.ratio <= self.target_ratio
        return self.measured.p95 <= self.target_ms and ratio_ok


FIGURES: list[Figure] = []


@dataclass(frozen=True)
class Case:
    query: str
    filters: Filters
    label: str


def keystrokes(words: Sequence[str]) -> list[str]:
    """Every prefix of each query as it is typed, from the first letter (repeats once)."""
    seen: dict[str, None] = {}
    for text in words:
        for i in range(1, len(text) + 1):
            if not text[:i].endswith(" "):
                seen.setdefault(text[:i], None)
    return list(seen)


TYPED = ["walk", "walking gr", "coffee", "debt adv", "men's", "choir", "garden", "food"]
# The category each word is about (for the category filter).
ABOUT = {"w": "Walking", "c": "Coffee mornings", "d": "Debt advice", "m": "Men's sheds",
         "g": "Gardening", "f": "Food banks"}  # fmt: skip
SLIPS = ["wlak", "chior", "gardn", "coffe mornign", "dbet advice", "fod bank", "mens shde"]


def filter_sets(query: str) -> list[tuple[str, Filters]]:
    about = "Choirs" if query.startswith("ch") else ABOUT[query[0]]
    return [
        ("free + Tuesday", Filters(cost="free", day="TU")),
        (f"category {about}", Filters(category=about)),
        ("within 5 km", Filters(near=CENTRE, within_km=5)),
        ("72, low cost, wheelchair", Filters(age=72, cost="low", accessibility=("wheelchair",))),
    ]


def measure(
    cases: Sequence[Case], laptop: Database, plain: Database, runs: int
) -> tuple[Timing, Timing, dict[str, tuple[Timing, Timing]]]:
    """Each case timed ``runs`` times on both databases, round after round (as typing goes),
    the plain copy first in even rounds and second in odd ones."""
    calls = [
        (c, lambda c=c: search(laptop, c.query, c.filters, now=NOW),
         lambda c=c: search(plain, c.query, c.filters, now=NOW))
        for c in cases
    ]  # fmt: skip
    for _case, enc, pl in calls:  # warm-up
        if enc() != pl():
            raise AssertionError(f"the copies disagree on {_case.query!r} ({_case.label})")
    per_case = {f"{c.query!r} {c.label}": (Timing(), Timing()) for c in cases}
    for i in range(runs):
        for case, enc, pl in calls:
            measured, base = per_case[f"{case.query!r} {case.label}"]
            if i % 2:
                measured.time(enc)
                base.time(pl)
            else:
                base.time(pl)
                measured.time(enc)
    measured_all, base_all = Timing(), Timing()
    for measured, base in per_case.values():
        measured_all.extend(measured)
        base_all.extend(base)
    return measured_all, base_all, per_case


# ------------------------------------------------------------------------------ report


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lines = [headers, tuple("-" * w for w in widths), *rows]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in lines)


def report() -> str:
    out = []
    for f in FIGURES:
        target = ""
        if f.target_ms is not None:
            target = f"p95 <= {f.target_ms:g} ms, ratio <= {f.target_ratio:g}"
        out.append((
            f.label, f"{len(f.measured.samples):,}", f"{f.measured.median:,.2f} ms",
            f"{f.measured.p95:,.2f} ms", f"{f.measured.cpu_median:,.2f} ms",
            f"{f.plain.median:,.2f} ms", f"{f.plain.p95:,.2f} ms", f"{f.ratio:,.2f}", target,
            "" if f.ok is None else ("PASS" if f.ok else "FAIL"),
        ))  # fmt: skip
    return table(
        ("figure", "searches", "median", "p95", "CPU median", "plain median", "plain p95",
         "ratio", "target", "result"),
        out,
    )  # fmt: skip


def code_version() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
            check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "linkworker"], cwd=ROOT, capture_output=True,
            text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return head + (" with uncommitted changes in linkworker/" if dirty else "")


@dataclass
class Opened:
    laptop: Database
    plain: Database

    def close(self) -> None:
        self.laptop.close()
        self.plain.close()


def open_both(built: dict[str, Any]) -> Opened:
    vault = Vault(Paths.under(Path(built["laptop"])), SecretStore(fail.Keyring()))
    laptop = vault.unlock_with_passphrase(PASSPHRASE)
    path = Path(built["plain"])
    return Opened(laptop, Database(create_encrypted_engine(path, None), path))


def run(built: dict[str, Any], runs: int, detail: bool) -> None:
    both = open_both(built)
    laptop, plain = both.laptop, both.plain
    gc.collect()
    gc.freeze()
    try:
        typed = keystrokes(TYPED)
        bare = [Case(q, Filters(), "") for q in typed]
        filtered = [Case(q, f, label) for q in typed for label, f in filter_sets(q)]
        listing = [Case("", f, label) for label, f in filter_sets("walk")]
        slips = [Case(q, Filters(), "") for q in SLIPS]
        groups = [
            (f"as-you-type, no filters ({len(bare)} prefixes)", bare, True),
            (f"as-you-type, with filters ({len(filtered)} prefix x filter)", filtered, True),
            ("  no words, filters only (listed by name)", listing, False),
            ("  words typed wrong, put right (spelling fallback)", slips, False),
        ]
        per_case_all: dict[str, tuple[Timing, Timing]] = {}
        for label, cases, judged in groups:
            measured, base, per_case = measure(cases, laptop, plain, runs)
            per_case_all.update(per_case)
            FIGURES.append(Figure(label, measured, base, TARGET_P95_MS if judged else None,
                                  TARGET_RATIO if judged else None))  # fmt: skip
        print()
        print(report())
        print()
        worst = sorted(per_case_all.items(), key=lambda kv: kv[1][0].p95, reverse=True)
        shown = worst if detail else worst[:8]
        print("slowest searches (p95 of each, encrypted / plain):")
        for name, (measured, base) in shown:
            print(f"  {measured.p95:6.2f} / {base.p95:6.2f} ms  {name}")
        print("\nwhat the issue's words find (no filters):")
        for q in TYPED:
            result = search_directory(laptop, q, now=NOW)
            more = " (and more)" if result.more else ""
            top = ", ".join(h.name for h in result.hits[:3])
            print(f"  {q!r:13} {len(result.hits)} shown{more}: {top}, ...")
        for q in SLIPS[:3]:
            result = search_directory(laptop, q, now=NOW)
            print(f"  {q!r:13} → {result.spelled_as!r}: "
                  f"{', '.join(h.name for h in result.hits[:2])}, ...")  # fmt: skip
    finally:
        both.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--services", type=int, default=100_000, help="services (100,000)")
    p.add_argument("--runs", type=int, default=20, help="timed runs of each search (20)")
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--detail", action="store_true", help="print every search's p95")
    p.add_argument("--import-services", type=int, default=100_000,
                   help="services in the file imported for the throughput figure (100,000; 0 to "
                        "skip it)")  # fmt: skip
    p.add_argument("--build", metavar="FOLDER", help=argparse.SUPPRESS)  # the child's job
    args = p.parse_args(argv)
    if args.build:
        print(json.dumps(build(Path(args.build), args.services, args.seed)))
        return 0
    if args.runs < 15:
        p.error("--runs: at least 15, for a p95 worth the name")

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as d:
        child = subprocess.run(
            [sys.executable, __file__, "--build", d, "--services", str(args.services),
             "--seed", str(args.seed)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if child.returncode != 0:
            print(child.stdout, child.stderr, sep="\n", file=sys.stderr)
            return 1
        built = json.loads(child.stdout.strip().splitlines()[-1])
        counts = built["counts"]
        related = sum(n for t, n in counts.items() if t != "dir_service")
        print(f"laptop: {counts['dir_service']:,} services, {related:,} related rows, "
              f"{built['size_mib']:,.0f} MiB encrypted; written and indexed in "
              f"{built['written_s']:.1f} s, ready (index optimised, plain copy made) in "
              f"{built['total_s']:.1f} s, by a process peaking at "
              f"{built['peak_mib']:,.0f} MiB")  # fmt: skip
        print("  " + ", ".join(f"{t} {n:,}" for t, n in sorted(counts.items())))
        run(built, args.runs, args.detail)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this (searching) process: {peak:,.0f} MiB")
    imported_ok = True
    if args.import_services:
        print()
        figures = import_throughput.measure(args.import_services, args.seed)
        print(import_throughput.summary(figures))
        imported_ok = import_throughput.rate(figures["import"]) >= (
            import_throughput.TARGET_SERVICES_PER_S
        )
    print(f"code measured: {code_version()}; {os.cpu_count()} cores, load average "
          f"{load_before:.1f} before and {os.getloadavg()[0]:.1f} after (this run counts in it); "
          f"{args.runs} timed runs of each search after a warm-up")  # fmt: skip
    failed = [f.label for f in FIGURES if f.ok is False]
    return 1 if failed or not imported_ok else 0


if __name__ == "__main__":
    raise SystemExit(main())
