"""Caseload figures on a full laptop, each beside a plain SELECT of the same rows in the same run.

The laptop: a new encrypted database (Vault-created, passphrase only: the ``fail`` keyring, so
no real keyring is touched) holding 10,000 people and about 200,000 rows hanging off them:
referrals (1-2 each), contacts (about 8 each, with notes), follow-ups, consents, About Me,
plans with needs, goals, actions and contingency plans, outcome measures, community connections
(services named in words, not in the directory), and a few shared decisions and health budgets,
at every stage from "received" to "closed". The rows are written with SQLAlchemy Core
``executemany`` in one replicating transaction, outside change capture: that is setup, not what
is measured, and writing 200,000 rows through the ORM one by one would take minutes.

1. Caseload view model ready: ``caseload_rows`` plus the Qt model and its sorting, filtering
   proxy (``set_rows``, ``setSourceModel``, ``sort``, ``rowCount``). Target <= 150 ms.
   Baseline: ``SELECT`` of the person columns the table shows, fetched into a list on a raw
   connection to the same database.
2. Filter or sort change on the ready proxy: search "smi" and clearing it, status "active",
   overdue only, and sorting by several columns, each timed on its own; the worst is the
   figure. Target <= 50 ms. Baseline: the plain SQL equivalent
   (``WHERE family_name LIKE 'smi%' ORDER BY ...``).
3. A person's record opened: ``record.open_record`` (the whole record in one snapshot, plus its
   "viewed" audit event, committed) for people picked at random. Target <= 100 ms. Baseline:
   plain SELECTs of the same rows (the person and each related table by person id) on a raw
   connection.

Each figure is timed ``--runs`` times (20) after a warm-up, interleaved with its baseline so a
busy moment on the machine hits both alike; the table gives the wall-clock median and p95, and
beside them the median CPU time of this process (on a shared machine the wall clock also counts
waiting for a core). The target is judged on p95, the ratio is of medians, and the load average
is printed before and after. The exit code is 1 when a target is missed.

``--people 1000`` for a quick run (every other count scales with it); ``--plans`` prints the
caseload's query plans (each part read from its covering index, migration 0004). Run with
``make bench``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from keyring.backends import fail  # noqa: E402
from sqlalchemy import Table  # noqa: E402
from sqlalchemy.sql.schema import ScalarElementColumnDefault  # noqa: E402

from linkworker.care import fictional  # noqa: E402
from linkworker.paths import Paths  # noqa: E402
from linkworker.store import caseload, record  # noqa: E402
from linkworker.store.database import Database  # noqa: E402
from linkworker.store.keys import SecretStore  # noqa: E402
from linkworker.store.tables import (  # noqa: E402
    AboutMe,
    BudgetLine,
    CarePlan,
    CommunityConnection,
    Consent,
    ContingencyPlan,
    DecisionOption,
    Encounter,
    FollowUp,
    HealthBudget,
    OutcomeMeasure,
    Person,
    PlanAction,
    PlanGoal,
    PlanNeed,
    Referral,
    SharedDecision,
    Team,
    Worker,
    new_id,
)
from linkworker.store.vault import Vault  # noqa: E402
from linkworker.ui.caseload_model import (  # noqa: E402
    LAST_CONTACT,
    NAME,
    NEXT_FOLLOW_UP,
    NHS_NUMBER,
    STATUS,
    WAITING,
    CaseloadFilter,
    CaseloadModel,
)

PASSPHRASE = "benchmark passphrase, not a real one"
TODAY = dt.date.today()
TARGET_READY_MS = 150.0
TARGET_CHANGE_MS = 50.0
TARGET_OPEN_MS = 100.0

# How many of every hundred people are at each stage (as in the demo caseload).
STAGES = (("received", 15), ("contacted", 15), ("engaged", 15), ("active", 35), ("closed", 20))
GIVEN = (
    "Ada", "Bilal", "Carys", "Dev", "Eileen", "Femi", "Gwen", "Harpreet", "Ivy", "Jamal", "Kath",
    "Leon", "Maureen", "Niamh", "Owen", "Priya", "Reg", "Sana", "Tomasz", "Una", "Vera", "Wes",
    "Yusuf", "Zofia", "Arthur", "Bridget", "Colin", "Doreen", "Errol", "Fatima", "Mary", "John",
)  # fmt: skip
# Common surnames first (they are picked more often), so "smi" finds a realistic few hundred.
FAMILY = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Wright", "Robinson", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Thomas", "Clarke", "Jackson", "Wood", "Harris", "Edwards", "Turner", "Martin", "Cooper",
    "Hill", "Ward", "Hughes", "Moore", "Clark", "King", "Harrison", "Lewis", "Baker", "Lee",
    "Allen", "Morris", "Khan", "Scott", "Watson", "Davis", "Parker", "James", "Bennett", "Young",
    "Phillips", "Richardson", "Mitchell", "Bailey", "Carter", "Cook", "Singh", "Shaw", "Bell",
    "Collins", "Morgan", "Kelly", "Begum", "Miller", "Cox", "Hussain", "Marshall", "Simpson",
    "Price", "Anderson", "Adams", "Wilkinson", "Ali", "Ahmed", "Foster", "Ellis", "Murphy",
    "Chapman", "Mason", "Gray", "Richards", "Webb", "Griffiths", "Hunt", "Palmer", "Campbell",
    "Holmes", "Mills", "Rogers", "Barnes", "Knight", "Matthews", "Barker", "Powell", "Stevens",
    "Kaur", "Fisher", "Butler", "Dixon", "Russell", "Harvey", "Pearson", "Graham", "Smithson",
    "Goldsmith", "Ashworth", "Calloway", "Dunmore", "Fairbairn", "Greenhalgh", "Ingleby",
    "Jowett", "Kowalski", "Lightowler", "Nuttall", "Okafor", "Pickersgill", "Quarmby",
    "Rushworth", "Sutcliffe", "Thackray", "Umpleby", "Varley", "Whiteley", "Yeadon",
)  # fmt: skip
NEEDS = ("loneliness", "low mood", "long-term condition", "housing", "money", "employment",
         "physical activity", "weight", "carer support", "bereavement")  # fmt: skip
SERVICES = ("Millbrook Health Walks", "Canal Side Coffee Morning", "Millbrook Breathing Club",
            "Citizens Advice Millbrook", "Millbrook Men's Shed", "Library Tablet Sessions",
            "Cook and Eat at the Fold", "Carers' Sitting Service", "Bereavement Café",
            "Volunteer Centre", "Allotment Society", "Chair Yoga at St Mark's")  # fmt: skip
NOTES = (
    "Talked about what matters: feels stuck at home since the winter and misses the choir. "
    "Agreed to look at the Tuesday coffee morning together and ring her daughter first. "
)


# ------------------------------------------------------------------------------ the laptop


def open_laptop(folder: Path) -> Database:
    """A new encrypted database, as the app makes it on first run (passphrase only)."""
    vault = Vault(Paths.under(folder).ensure(), SecretStore(fail.Keyring()))
    return vault.create(PASSPHRASE)


class Rows:
    """The rows to write, by table; each row a dict with every column, as the ORM would write."""

    def __init__(self, org_id: str) -> None:
        self.org_id = org_id
        self.by_table: dict[Table, list[dict[str, Any]]] = {}

    def add(self, model: Any, at: dt.datetime, **values: Any) -> str:
        table: Table = model.__table__
        row: dict[str, Any] = {c.name: None for c in table.columns}
        row.update(org_id=self.org_id, created_at=at, updated_at=at, version=1, id=new_id())
        for column in table.columns:  # the ORM's defaults (reasons=[], attended=True, ...)
            if isinstance(column.default, ScalarElementColumnDefault):
                row[column.name] = column.default.arg
        row.update(values)
        self.by_table.setdefault(table, []).append(row)
        return str(row["id"])

    def count(self) -> int:
        return sum(len(rows) for rows in self.by_table.values())


def _at(day: dt.date, rng: random.Random, hour: int | None = None) -> dt.datetime:
    hour = rng.randint(9, 16) if hour is None else hour
    return dt.datetime.combine(day, dt.time(hour, rng.randrange(60)), dt.UTC)


def make_rows(people: int, org_id: str, rng: random.Random) -> Rows:
    """People at every stage over the past two years, and what hangs off each."""
    rows = Rows(org_id)
    long_ago = _at(TODAY - dt.timedelta(days=800), rng)
    team = rows.add(Team, long_ago, name="Millbrook North")
    workers = [
        rows.add(Worker, long_ago, team_id=team, username=f"worker{i}",
                 display_name=f"{GIVEN[i]} {FAMILY[-i - 1]}")
        for i in range(8)
    ]  # fmt: skip
    stages = [stage for stage, share in STAGES for _ in range(share)]
    weights = [1 / (i + 4) for i in range(len(FAMILY))]  # Zipf-ish: Smith most common
    numbers = fictional.nhs_numbers(rng)  # valid, in the 999 range kept for testing
    for _ in range(people):
        stage = stages[rng.randrange(100)]
        received = TODAY - dt.timedelta(
            days=rng.randint(0, 20) if stage == "received" else rng.randint(30, 700)
        )
        created = _at(received, rng)
        pid = rows.add(
            Person, created,
            given_name=rng.choice(GIVEN), family_name=rng.choices(FAMILY, weights)[0],
            nhs_number=next(numbers) if rng.random() < 0.9 else None,
            date_of_birth=dt.date(rng.randint(1930, 2005), rng.randint(1, 12), rng.randint(1, 28)),
            address_line_1=f"{rng.randint(1, 120)} Mill Lane", town="Millbrook",
            postcode=f"MB{rng.randint(1, 9)} {rng.randint(1, 9)}AB", phone="07700 900123",
            key_worker_id=rng.choice(workers), team_id=team,
            status="closed" if stage == "closed" else "active", risk_flag=rng.random() < 0.08,
        )  # fmt: skip
        if rng.random() < 0.25:  # an earlier referral, closed
            before = received - dt.timedelta(days=rng.randint(200, 600))
            rows.add(Referral, _at(before, rng), person_id=pid, received_on=before, source="GP",
                     reasons=["loneliness"], state="closed", close_outcome="goals met",
                     closed_on=before + dt.timedelta(days=90))  # fmt: skip
        reasons = rng.sample(NEEDS, rng.randint(1, 3))
        ref = rows.add(
            Referral, created, person_id=pid, received_on=received,
            source=rng.choice(("GP", "practice nurse", "self", "social care")),
            reasons=reasons, urgency=rng.choice(("routine", "routine", "soon")), state=stage,
            referrer_name="Dr A. Patel", referrer_organisation="Millbrook Health Centre",
        )  # fmt: skip
        if stage == "received":
            if rng.random() < 0.5:
                rows.add(FollowUp, created, person_id=pid, what="Ring for a first chat",
                         due_on=received + dt.timedelta(days=rng.randint(1, 10)))  # fmt: skip
            continue
        first = received + dt.timedelta(days=rng.randint(1, 14))
        for kind in rng.sample(("support from the service", "share with GP",
                                "share with community provider", "contact by text"),
                               rng.randint(1, 4)):  # fmt: skip
            rows.add(Consent, _at(first, rng), person_id=pid, kind=kind, given=True,
                     recorded_on=first, how_recorded="verbal")  # fmt: skip
        visits = {"contacted": rng.randint(1, 2), "engaged": rng.randint(2, 5)}.get(
            stage, rng.randint(6, 18)
        )
        span = max((TODAY - first).days, 1)
        days = sorted(first + dt.timedelta(days=rng.randrange(span)) for _ in range(visits - 1))
        days = [first, *days]
        for i, day in enumerate(days):
            at = _at(day, rng)
            rows.add(
                Encounter, at, person_id=pid, referral_id=ref, occurred_at=at,
                mode=rng.choice(("face to face", "phone", "video", "home visit")),
                kind="conversation" if i < 2 else rng.choice(("coaching", "follow-up", "review")),
                duration_minutes=rng.choice((20, 30, 45, 60)),
                notes=NOTES[: rng.randint(60, len(NOTES))],
                signed_off_at=at + dt.timedelta(hours=2),
            )  # fmt: skip
            if i % 3 == 1 or i == len(days) - 1:  # a follow-up after some contacts
                due = day + dt.timedelta(days=rng.randint(7, 28))
                done = i < len(days) - 1 or stage == "closed"
                rows.add(FollowUp, at, person_id=pid, due_on=due, what="Check in",
                         done_at=_at(min(due, TODAY), rng) if done else None)  # fmt: skip
        if stage == "contacted":
            continue
        met = days[1] if len(days) > 1 else first
        rows.add(AboutMe, _at(met, rng), person_id=pid, most_important="My grandchildren.",
                 wellness="Good days and bad days.", last_updated_on=met)  # fmt: skip
        for timepoint, day in (("baseline", met), ("follow-up", days[len(days) // 2]),
                               ("discharge", days[-1])):  # fmt: skip
            if timepoint != "baseline" and stage == "engaged":
                break
            rows.add(OutcomeMeasure, _at(day, rng), person_id=pid, instrument="ONS4",
                     timepoint=timepoint, taken_on=day,
                     answers={"life_satisfaction": 5, "worthwhile": 6, "happiness": 5,
                              "anxiety": 6})  # fmt: skip
            if rng.random() < 0.3:
                rows.add(OutcomeMeasure, _at(day, rng), person_id=pid, instrument="SWEMWBS",
                         timepoint=timepoint, taken_on=day, score=float(rng.randint(12, 30)),
                         entered_by_hand=True)  # fmt: skip
        if stage == "engaged":
            continue
        plan = rows.add(CarePlan, _at(met, rng), person_id=pid, strengths="Knows the area well.",
                        agreed_on=met, review_on=met + dt.timedelta(days=84),
                        status="closed" if stage == "closed" else "agreed")  # fmt: skip
        if rng.random() < 0.5:
            rows.add(ContingencyPlan, _at(met, rng), plan_id=plan, triggers="Not answering the "
                     "phone for a week.", who_to_contact="Daughter")  # fmt: skip
        for reason in reasons:
            need = rows.add(PlanNeed, _at(met, rng), plan_id=plan, description=reason)
            goal = rows.add(PlanGoal, _at(met, rng), plan_id=plan, need_id=need,
                            in_own_words="I want to get out of the house and talk to people",
                            importance=rng.randint(5, 10), status="in progress")  # fmt: skip
            for _ in range(rng.randint(1, 2)):
                rows.add(PlanAction, _at(met, rng), goal_id=goal, what="Try the coffee morning",
                         due_on=met + dt.timedelta(days=rng.randint(7, 42)),
                         confidence=rng.randint(3, 9), status="doing",
                         review_on=met + dt.timedelta(days=42))  # fmt: skip
        for _ in range(rng.randint(1, 4)):
            rows.add(CommunityConnection, _at(met, rng), person_id=pid, service_id=None,
                     service_name=rng.choice(SERVICES), kind=rng.choice(("signpost", "referral")),
                     made_on=met, status=rng.choice(("suggested", "referred", "accepted",
                                                     "attended", "declined")))  # fmt: skip
        if rng.random() < 0.1:
            decision = rows.add(SharedDecision, _at(met, rng), person_id=pid,
                                question="Join a group, or one-to-one support first?",
                                what_matters_most="Not feeling rushed")  # fmt: skip
            for title in ("Join the group", "One-to-one first", "Do nothing for now"):
                rows.add(DecisionOption, _at(met, rng), decision_id=decision, title=title,
                         benefits="Some", risks="Some",
                         is_doing_nothing=title.startswith("Do nothing"))  # fmt: skip
        if rng.random() < 0.05:
            budget = rows.add(HealthBudget, _at(met, rng), person_id=pid,
                              eligibility_basis="NHS continuing healthcare", amount_pence=45_000,
                              period="per week", managed_as="notional", agreed_on=met)  # fmt: skip
            for item in ("Personal assistant", "Taxi to the day centre", "Gym membership"):
                rows.add(BudgetLine, _at(met, rng), budget_id=budget, item=item, cost_pence=5_000)
    return rows


def build(folder: Path, people: int, seed: int) -> tuple[Database, dict[str, int], float]:
    """The laptop, filled; with the rows per table and the seconds it took."""
    start = time.perf_counter()
    db = open_laptop(folder)
    with db.reading() as s:
        org_id = s.connection().exec_driver_sql("SELECT org_id FROM sync_state").scalar_one()
    rows = make_rows(people, org_id, random.Random(seed))
    with db.replicating() as conn:
        for table, batch in rows.by_table.items():
            batch.sort(key=lambda r: r["created_at"])  # written as they happened, interleaved
            for i in range(0, len(batch), 5000):
                conn.execute(table.insert(), batch[i : i + 5000])
    with db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")  # as a laptop that has run ``PRAGMA optimize`` would
        conn.commit()
    counts = {t.name: len(b) for t, b in rows.by_table.items()}
    return db, counts, time.perf_counter() - start


# ------------------------------------------------------------------------------ timing


@dataclass
class Timing:
    """Wall-clock milliseconds (the figure), and this process's CPU milliseconds beside them:
    on a shared machine the wall clock also counts waiting for a core; CPU time does not."""

    samples: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def time(self, fn: Callable[[], object]) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        self.samples.append((time.perf_counter() - wall) * 1000)
        self.cpu.append((time.process_time() - cpu) * 1000)
        del result  # freed outside the timing (a model of 10,000 rows takes a while to go)

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


def interleaved(
    measured: Callable[[], object], baseline: Callable[[], object], runs: int, warm: int = 3
) -> tuple[Timing, Timing]:
    for _ in range(warm):
        measured()
        baseline()
    a, b = Timing(), Timing()
    for _ in range(runs):
        b.time(baseline)
        a.time(measured)
    return a, b


@contextmanager
def raw_connection(db: Database) -> Iterator[Any]:
    """The DBAPI (sqlcipher3) connection under one pooled connection: the floor the app's code
    stands on."""
    pooled = db.engine.raw_connection()
    try:
        yield pooled.driver_connection
    finally:
        pooled.close()


@dataclass(frozen=True)
class Figure:
    label: str
    measured: Timing
    baseline: Timing | None
    base_label: str
    target_ms: float | None

    @property
    def ok(self) -> bool | None:
        return None if self.target_ms is None else self.measured.p95 <= self.target_ms


FIGURES: list[Figure] = []


# ------------------------------------------------------------------------------ the figures

PERSON_COLUMNS = (
    "SELECT id, given_name, family_name, nhs_number, date_of_birth, status FROM person "
    "WHERE deleted_at IS NULL"
)


def ready_model(db: Database, store: Timing | None = None) -> Any:
    """What the Caseload page does on showing: read the rows, fill the model, sort the proxy.
    ``store``, if given, also gets the time of ``caseload_rows`` alone."""
    rows: list[caseload.CaseloadRow] = []

    def read() -> None:
        rows.extend(caseload.caseload_rows(db, TODAY))

    if store is not None:
        store.time(read)
    else:
        read()
    from PySide6.QtCore import QObject

    # Both owned by one parent, as the Caseload page owns them: dropping the parent frees the
    # pair and its rows. (Unparented, each pair outlives its last reference here, since the
    # source's signals hold the proxy, and the heap grows by a caseload every run.)
    page = QObject()
    model = CaseloadModel(page)
    model.set_rows(rows)
    proxy = CaseloadFilter(page)
    proxy.setSourceModel(model)
    proxy.sort(0)
    proxy.rowCount()
    return page, proxy


def bench_ready(db: Database, runs: int, label: str = "") -> Any:
    store = Timing()
    with raw_connection(db) as raw:
        measured, base = interleaved(
            lambda: ready_model(db, store), lambda: raw.execute(PERSON_COLUMNS).fetchall(), runs
        )
    del store.samples[:3], store.cpu[:3]  # the warm-up's
    FIGURES.append(Figure(f"caseload model ready{label}", measured, base,
                          "SELECT person columns", TARGET_READY_MS))  # fmt: skip
    FIGURES.append(Figure(f"  of which caseload_rows (the store){label}", store, base,
                          "SELECT person columns", None))  # fmt: skip
    return ready_model(db)


def bench_changes(db: Database, proxy: Any, runs: int) -> None:
    """Each change to the ready proxy on its own; the worst p95 is the figure."""
    from PySide6.QtCore import Qt

    asc, desc = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder

    def change(fn: Callable[[], object]) -> Callable[[], object]:
        def go() -> object:
            fn()
            count = proxy.rowCount()
            if count:
                proxy.index(0, NAME).data()  # what the view paints first
            return count

        return go

    changes: list[tuple[str, Callable[[], object]]] = [
        ('search "smi"', change(lambda: proxy.set_search("smi"))),
        ("search cleared", change(lambda: proxy.set_search(""))),
        ('status "active"', change(lambda: proxy.set_status("active"))),
        ("status cleared", change(lambda: proxy.set_status(None))),
        ("overdue only", change(lambda: proxy.set_overdue(True))),
        ("overdue cleared", change(lambda: proxy.set_overdue(False))),
        ("sort name, descending", change(lambda: proxy.sort(NAME, desc))),
        ("sort NHS number", change(lambda: proxy.sort(NHS_NUMBER, asc))),
        ("sort status", change(lambda: proxy.sort(STATUS, asc))),
        ("sort waiting, descending", change(lambda: proxy.sort(WAITING, desc))),
        ("sort last contact", change(lambda: proxy.sort(LAST_CONTACT, asc))),
        ("sort next follow-up", change(lambda: proxy.sort(NEXT_FOLLOW_UP, asc))),
        ("sort name", change(lambda: proxy.sort(NAME, asc))),
    ]
    plain = PERSON_COLUMNS + " AND family_name LIKE 'smi%' ORDER BY family_name, given_name, id"
    timings = {name: Timing() for name, _ in changes}
    base = Timing()
    with raw_connection(db) as raw:
        for _ in range(2):  # warm-up: the whole round
            for _, fn in changes:
                fn()
            raw.execute(plain).fetchall()
        for _ in range(runs):  # round after round, so every change starts from the one before
            base.time(lambda: raw.execute(plain).fetchall())
            for name, fn in changes:
                timings[name].time(fn)
    worst = max(timings, key=lambda n: timings[n].p95)
    FIGURES.append(Figure(f"filter or sort change (worst: {worst})", timings[worst], base,
                          "SELECT ... LIKE 'smi%' ORDER BY", TARGET_CHANGE_MS))  # fmt: skip
    for name, timing in timings.items():
        if name != worst:
            FIGURES.append(Figure(f"  {name}", timing, base, "same", None))


def plain_record(raw: Any, person_id: str) -> int:
    """The rows ``open_record`` reads, by plain SELECTs in one read transaction."""
    p = (person_id,)
    live = "deleted_at IS NULL"
    plans = f"SELECT id FROM care_plan WHERE person_id = ? AND {live}"
    queries = [
        f"SELECT * FROM person WHERE id = ? AND {live}",
        "SELECT * FROM worker WHERE id = (SELECT key_worker_id FROM person WHERE id = ?)",
        *(f"SELECT * FROM {t} WHERE person_id = ? AND {live}" for t in (
            "consent", "referral", "about_me", "care_plan", "encounter", "outcome_measure",
            "community_connection", "shared_decision", "health_budget")),
        "SELECT * FROM contact_draft WHERE person_id = ?",
        f"SELECT * FROM plan_need WHERE plan_id IN ({plans}) AND {live}",
        f"SELECT * FROM plan_goal WHERE plan_id IN ({plans}) AND {live}",
        f"SELECT * FROM contingency_plan WHERE plan_id IN ({plans}) AND {live}",
        f"SELECT * FROM plan_action WHERE goal_id IN (SELECT id FROM plan_goal WHERE plan_id IN "
        f"({plans})) AND {live}",
        f"SELECT * FROM decision_option WHERE decision_id IN (SELECT id FROM shared_decision "
        f"WHERE person_id = ?) AND {live}",
        f"SELECT * FROM budget_line WHERE budget_id IN (SELECT id FROM health_budget "
        f"WHERE person_id = ?) AND {live}",
        f"SELECT * FROM follow_up WHERE person_id = ? AND {live} AND done_at IS NULL",
    ]  # fmt: skip
    raw.execute("BEGIN")
    try:
        return sum(len(raw.execute(q, p).fetchall()) for q in queries)
    finally:
        raw.execute("COMMIT")


def bench_open(db: Database, runs: int, seed: int, label: str = "") -> None:
    with raw_connection(db) as raw:
        ids = [r[0] for r in raw.execute("SELECT id FROM person ORDER BY id").fetchall()]
    rng, n = random.Random(seed), runs + 3
    people = rng.sample(ids, n) if len(ids) >= n else [rng.choice(ids) for _ in range(n)]
    opened, base, read, shown = Timing(), Timing(), Timing(), Timing()
    from linkworker.ui.errors import Notifier
    from linkworker.ui.record_edits import RecordEditor
    from linkworker.ui.record_page import RecordPage

    editor = RecordEditor(lambda: db, Notifier(Paths.under(Path(tempfile.mkdtemp()))))
    page = RecordPage(editor, lambda pid: record.read_record(db, pid))
    page.resize(1300, 850)
    page.show()

    def open_and_show(pid: str) -> None:
        """What the window does: read and audit, then show every tab (painted)."""
        page.show_record(record.open_record(db, pid))
        page.repaint()

    with raw_connection(db) as raw:
        for i, pid in enumerate(people):
            three: list[tuple[Timing, Callable[[], object]]] = [
                (base, partial(plain_record, raw, pid)),
                (opened, partial(record.open_record, db, pid)),
                (read, partial(record.read_record, db, pid)),
                (shown, partial(open_and_show, pid)),
            ]
            # The same person for all three, so each reads exactly the same rows; whoever goes
            # first meets that person's pages cold, so the order turns round.
            for timing, fn in three[i % 4 :] + three[: i % 4]:
                if i < 3:  # the warm-up
                    fn()
                else:
                    timing.time(fn)
    FIGURES.append(Figure(f"person record opened{label}", opened, base,
                          "plain SELECTs of its rows", TARGET_OPEN_MS))  # fmt: skip
    FIGURES.append(Figure(f"  read_record alone (no audit write){label}", read, base, "same",
                          None))  # fmt: skip
    FIGURES.append(Figure(f"  opened and shown in the record page{label}", shown, base, "same",
                          None))  # fmt: skip
    page.close()
    page.deleteLater()


# ------------------------------------------------------------------------------ plans


def explain(db: Database) -> None:
    """Print the plan SQLite makes for the caseload's query (each lookup from its index alone)."""
    with raw_connection(db) as raw:
        for row in raw.execute("EXPLAIN QUERY PLAN " + caseload._CASELOAD_SQL).fetchall():
            print(f"    {row[3]}")


# ------------------------------------------------------------------------------ report


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lines = [headers, tuple("-" * w for w in widths), *rows]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in lines)


def report() -> str:
    out = []
    for f in FIGURES:
        base = f.baseline
        ratio = f"{f.measured.median / base.median:,.1f}" if base and base.median else ""
        out.append((
            f.label, f"{f.measured.median:,.1f} ms", f"{f.measured.p95:,.1f} ms",
            f"{f.measured.cpu_median:,.1f} ms",
            "" if f.target_ms is None else f"<= {f.target_ms:g} ms",
            "" if f.ok is None else ("PASS" if f.ok else "FAIL"),
            f"{base.median:,.1f} ms ({f.base_label})" if base and f.base_label != "same" else "",
            ratio,
        ))  # fmt: skip
    return table(
        ("figure", "median", "p95", "CPU median", "target (p95)", "result",
         "baseline median (same run)", "ratio"),
        out,
    )  # fmt: skip


def code_version() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "linkworker"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return head + (" with uncommitted changes in linkworker/" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--people", type=int, default=10_000, help="people on the laptop (10,000)")
    p.add_argument("--runs", type=int, default=20, help="timed runs of each figure (20)")
    p.add_argument("--seed", type=int, default=4)
    p.add_argument("--plans", action="store_true", help="print the caseload's query plans")
    args = p.parse_args(argv)
    if args.runs < 15:
        p.error("--runs: at least 15, for a p95 worth the name")

    load_before = os.getloadavg()[0]
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as d:
        db, counts, took = build(Path(d), args.people, args.seed)
        related = sum(n for t, n in counts.items() if t not in ("person", "team", "worker"))
        size = sum(f.stat().st_size for f in Path(d).rglob("*.db*")) / 2**20
        print(f"laptop: {counts['person']:,} people, {related:,} related rows, "
              f"{size:,.0f} MiB encrypted; built in {took:.1f} s")  # fmt: skip
        print("  " + ", ".join(f"{t} {n:,}" for t, n in sorted(counts.items())))
        if args.plans:
            print("caseload query plans:")
            explain(db)
        # As the app does once it is unlocked (main_window._set_aside_what_was_loaded): what
        # was loaded to get here is set aside from the cycle collector.
        gc.collect()
        gc.freeze()
        ready = bench_ready(db, args.runs)  # (page, proxy)
        bench_changes(db, ready[1], args.runs)
        bench_open(db, args.runs, args.seed)
        del ready  # the page, before the application
        db.close()
    del app
    print()
    print(report())
    print(f"\ncode measured: {code_version()}; {os.cpu_count()} cores, load average "
          f"{load_before:.1f} before and {os.getloadavg()[0]:.1f} after (this run counts in it); "
          f"{args.runs} timed runs each after a warm-up")  # fmt: skip
    failed = [f.label for f in FIGURES if f.ok is False]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
PASSPHRASE = "benchmark passphrase, not a real one"
TODAY = dt.date.today()
TARGET_READY_MS = 150.0
TARGET_CHANGE_MS = 50.0
TARGET_OPEN_MS = 100.0

# How many of every hundred people are at each stage (as in the demo caseload).
STAGES = (("received", 15), ("contacted", 15), ("engaged", 15), ("active", 35), ("closed", 20))
GIVEN = (
    "Ada", "Bilal", "Carys", "Dev", "Eileen", "Femi", "Gwen", "Harpreet", "Ivy", "Jamal", "Kath",
    "Leon", "Maureen", "Niamh", "Owen", "Priya", "Reg", "Sana", "Tomasz", "Una", "Vera", "Wes",
    "Yusuf", "Zofia", "Arthur", "Bridget", "Colin", "Doreen", "Errol", "Fatima", "Mary", "John",
)  # fmt: skip
# Common surnames first (they are picked more often), so "smi" finds a realistic few hundred.
FAMILY = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Wright", "Robinson", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Thomas", "Clarke", "Jackson", "Wood", "Harris", "Edwards", "Turner", "Martin", "Cooper",
    "Hill", "Ward", "Hughes", "Moore", "Clark", "King", "Harrison", "Lewis", "Baker", "Lee",
    "Allen", "Morris", "Khan", "Scott", "Watson", "Davis", "Parker", "James", "Bennett", "Young",
    "Phillips", "Richardson", "Mitchell", "Bailey", "Carter", "Cook", "Singh", "Shaw", "Bell",
    "Collins", "Morgan", "Kelly", "Begum", "Miller", "Cox", "Hussain", "Marshall", "Simpson",
    "Price", "Anderson", "Adams", "Wilkinson", "Ali", "Ahmed", "Foster", "Ellis", "Murphy",
    "Chapman", "Mason", "Gray", "Richards", "Webb", "Griffiths", "Hunt", "Palmer", "Campbell",
    "Holmes", "Mills", "Rogers", "Barnes", "Knight", "Matthews", "Barker", "Powell", "Stevens",
    "Kaur", "Fisher", "Butler", "Dixon", "Russell", "Harvey", "Pearson", "Graham", "Smithson",
    "Goldsmith", "Ashworth", "Calloway", "Dunmore", "Fairbairn", "Greenhalgh", "Ingleby",
    "Jowett", "Kowalski", "Lightowler", "Nuttall", "Okafor", "Pickersgill", "Quarmby",
    "Rushworth", "Sutcliffe", "Thackray", "Umpleby", "Varley", "Whiteley", "Yeadon",
)  # fmt: skip
NEEDS = ("loneliness", "low mood", "long-term condition", "housing", "money", "employment",
         "physical activity", "weight", "carer support", "bereavement")  # fmt: skip
SERVICES = ("Millbrook Health Walks", "Canal Side Coffee Morning", "Millbrook Breathing Club",
            "Citizens Advice Millbrook", "Millbrook Men's Shed", "Library Tablet Sessions",
            "Cook and Eat at the Fold", "Carers' Sitting Service", "Bereavement Café",
            "Volunteer Centre", "Allotment Society", "Chair Yoga at St Mark's")  # fmt: skip
NOTES = (
    "Talked about what matters: feels stuck at home since the winter and misses the choir. "
    "Agreed to look at the Tuesday coffee morning together and ring her daughter first. "
)
