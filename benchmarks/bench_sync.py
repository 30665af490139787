"""Sync figures against a real ``linkworker-server serve`` process on loopback, each beside a
baseline measured in the same run, on the SQLite and the PostgreSQL server database.

1. First sync into a fresh encrypted laptop (Vault-created, enrolled through the API): 100,000
   directory services (organisation scope), 10,000 people and 100,000 rows hanging off them
   (consents, referrals, follow-ups, contacts; team scope). Target >= 20,000 rows/s applied.
   Baseline: the same rows, read back from the laptop, written with executemany into a plain
   (unencrypted) SQLite copy of the client schema: the storage floor. ``sync_once`` then makes
   the pulled services searchable (the FTS5 index, in transactions of its own): timed apart and
   reported beside it, with the whole sync's time.
2. Push of 10,000 ops made through the ORM on that laptop (half edits of people, half new
   follow-ups), ``client.push_all``. Target >= 5,000 ops/s. Baseline: the server's own merge and
   write of the same ops (``records.push`` in-process, no HTTP, each batch rolled back).
3. A sync with nothing to push or pull, ``client.sync_once``: median and p95 of 50. Target
   <= 100 ms. Baseline: ``GET /v1/health`` (the HTTP round trip alone).
4. 200 devices (10 per team and worker; each worker's first laptop enrolled through the API)
   syncing at once against the one server process: each pushes 1-5 ops and pulls from its
   cursor, every ``--interval`` seconds on average (6 s: every worker saving about ten times a
   minute, all at once; the app's timer is 2 minutes), for ``--duration`` seconds; every
   request timed. Target p99 <= 250 ms and no errors. Baseline: one device alone. Then the
   same at the 3 s floor (the app's debounce after a save), reported beside it: on two cores
   shared by the server, PostgreSQL and this load generator, that is past one process's
   capacity, and the figure shows by how much.

The server database is seeded in bulk (rows of the ``record`` table in exactly the shape
``records.server_write`` gives a new record, checked against it at start), not by HTTP pushes.
``--backend sqlite|postgresql|both``; PostgreSQL uses ``LINKWORKER_TEST_PG`` (an admin URL with
CREATEDB) or starts a throwaway cluster with tests/support/start_postgres.sh, else is skipped.
``--scale 0.1`` shrinks every count for a quick run. Run with ``make bench``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import math
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from keyring.backends import fail  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from sqlalchemy import inspect as sa_inspect  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from linkworker.care.hlc import HybridLogicalClock  # noqa: E402
from linkworker.paths import Paths  # noqa: E402
from linkworker.server import accounts, records  # noqa: E402
from linkworker.server import tables as t  # noqa: E402
from linkworker.server.catalogue import entity  # noqa: E402
from linkworker.server.db import create_server_engine, migrate  # noqa: E402
from linkworker.store import migrate as client_migrate  # noqa: E402
from linkworker.store.database import Database  # noqa: E402
from linkworker.store.directory_search import deferred_indexing  # noqa: E402
from linkworker.store.engine import create_encrypted_engine  # noqa: E402
from linkworker.store.keys import SecretStore  # noqa: E402
from linkworker.store.tables import (  # noqa: E402
    Consent,
    DirService,
    Encounter,
    FollowUp,
    Person,
    Referral,
    new_id,
)
from linkworker.store.vault import Vault  # noqa: E402
from linkworker.sync import client, replica  # noqa: E402
from linkworker.sync.merge import META_FIELDS  # noqa: E402
from linkworker.sync.protocol import (  # noqa: E402
    ACKNOWLEDGED,
    MAX_BATCH,
    EnrolRequest,
    Op,
    PushRequest,
)
from linkworker.sync.transport import Transport  # noqa: E402

PASSPHRASE = "benchmark passphrase, not a real one"
PASSWORD = "benchmark password, not a real one"
PG_SCRIPT = ROOT / "tests" / "support" / "start_postgres.sh"
RELATED = ("consent", "referral", "follow_up", "encounter")


@dataclass
class Scale:
    services: int = 100_000
    people: int = 10_000
    related: int = 100_000
    push_ops: int = 10_000
    noop_runs: int = 50
    devices: int = 200
    duration: float = 25.0
    # Mean seconds between one device's syncs. The app syncs 3 s after the last save (its
    # debounce) and every 2 minutes otherwise. 6 s is all 200 workers saving about ten times
    # a minute at once, for the target figure; ``floor`` (3 s, the fastest a laptop can sync)
    # is then run too and reported beside it as the server's limit on this machine.
    interval: float = 6.0
    floor: float = 3.0

    @classmethod
    def of(cls, factor: float) -> Scale:
        s = cls()
        return cls(
            services=max(100, round(s.services * factor)),
            people=max(20, round(s.people * factor)),
            related=max(100, round(s.related * factor)),
            push_ops=max(100, round(s.push_ops * factor)),
            noop_runs=max(10, round(s.noop_runs * min(1.0, factor * 2))),
            devices=max(10, round(s.devices * factor)),
            duration=max(5.0, s.duration * factor),
        )


# ------------------------------------------------------------------------------- the tables


@dataclass(frozen=True)
class Figure:
    backend: str
    label: str
    measured: str
    target: str
    ok: bool | None  # None: no target, for the record
    baseline: str


@dataclass(frozen=True)
class Phase:
    backend: str
    phase: str
    seconds: float
    client: str  # the benchmark process, which plays the laptop: peak RSS (+ added in the phase)
    server_mb: float | None
    note: str = ""
    others: float | None = None  # cores other processes on the machine used meanwhile


FIGURES: list[Figure] = []
PHASES: list[Phase] = []
SKIPPED: list[str] = []


def table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, tuple("-" * w for w in widths), *rows]:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def say(text: str) -> None:
    print(f"  · {text}", flush=True)


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


# ------------------------------------------------------------------------ process measurements


def _status_mb(pid: int, field: str) -> float | None:
    """A memory figure (``VmHWM``, ``VmRSS``) from /proc/PID/status, in MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def peak_mb(pid: int) -> float | None:
    """Peak resident memory of a process since its start or the last ``reset_peak``."""
    return _status_mb(pid, "VmHWM")


def rss_mb(pid: int) -> float | None:
    return _status_mb(pid, "VmRSS")


def laptop_mb(pid: int, before: float | None) -> str:
    """This process's peak since ``reset_peak``, and how much of it the phase added."""
    peak = peak_mb(pid)
    if peak is None:
        return ""
    grew = f" (+{peak - before:,.0f})" if before is not None else ""
    return f"{peak:,.0f} MiB{grew}"


def reset_peak(pid: int) -> None:
    with contextlib.suppress(OSError):
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # Linux: reset the peak RSS


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def backends_cpu(database: str | None) -> float:
    """CPU seconds of the PostgreSQL backends serving ``database`` (0 for SQLite)."""
    if not database:
        return 0.0
    total = 0.0
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                cmd = Path(f"/proc/{name}/cmdline").read_bytes().decode(errors="replace")
                if database in cmd and "postgres" in cmd:
                    total += cpu_seconds(int(name))
            except (OSError, ValueError):
                continue
    return total


class Others:
    """CPU used by processes other than this benchmark's (the bench, its server, and the
    PostgreSQL backends serving its database): the machine's noise during a phase, in cores."""

    def __init__(self, database: str | None = None) -> None:
        self.database = database
        self._start = self._snapshot()
        self._t = time.perf_counter()

    def _mine(self) -> set[int]:
        me = os.getpid()
        mine, parents = {me}, {}
        for pid, (ppid, _cpu, _cmd) in self._procs.items():
            parents[pid] = ppid
        changed = True
        while changed:
            changed = False
            for pid, ppid in parents.items():
                if ppid in mine and pid not in mine:
                    mine.add(pid)
                    changed = True
        if self.database:
            mine |= {p for p, (_, _, cmd) in self._procs.items() if self.database in cmd}
        return mine

    def _snapshot(self) -> dict[int, float]:
        procs: dict[int, tuple[int, float, str]] = {}
        tick = os.sysconf("SC_CLK_TCK")
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                stat = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()
                cmd = Path(f"/proc/{name}/cmdline").read_bytes()[:200].decode(errors="replace")
            except OSError:
                continue
            procs[int(name)] = (int(stat[1]), (int(stat[11]) + int(stat[12])) / tick, cmd)
        self._procs = procs
        mine = self._mine()
        return {pid: cpu for pid, (_, cpu, _) in procs.items() if pid not in mine}

    def cores(self) -> float:
        """Cores used by other processes on average since this object was made."""
        end = self._snapshot()
        used = sum(cpu - self._start.get(pid, cpu) for pid, cpu in end.items())
        return used / max(time.perf_counter() - self._t, 1e-9)


# -------------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class Server:
    """A server database (SQLite file, or a fresh PostgreSQL database) and a real
    ``linkworker-server serve`` process on it."""

    def __init__(self, backend: str, folder: Path, pg_admin: str | None) -> None:
        self.backend = backend
        self.folder = folder
        self.pg_admin = pg_admin
        self.pg_name: str | None = None
        folder.mkdir(parents=True, exist_ok=True)
        if backend == "sqlite":
            self.url = f"sqlite:///{folder / 'server.db'}"
        else:
            import psycopg

            assert pg_admin is not None
            self.pg_name = f"lw_bench_{uuid.uuid4().hex[:12]}"
            with psycopg.connect(_libpq(pg_admin), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.pg_name}"')
            self.url = (
                make_url(pg_admin).set(database=self.pg_name).render_as_string(hide_password=False)
            )
        self.engine = create_server_engine(self.url)
        migrate(self.engine)
        with self.engine.begin() as conn:
            self.org_id = accounts.init_org(conn, "Bench PCN")
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> None:
        log = (self.folder / "server.log").open("wb")
        env = dict(os.environ, LINKWORKER_SERVER_DATABASE=self.url)  # not on the command line
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "linkworker.server.cli", "serve", "--port", str(self.port)],
            stdout=log, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the server exited:\n" + self.log_tail())
            try:
                if httpx.get(self.base_url + "/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start in 60 s:\n" + self.log_tail())

    def log_tail(self) -> str:
        path = self.folder / "server.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def size_mb(self) -> float:
        if self.backend == "sqlite":
            base = self.folder / "server.db"
            paths = [base, base.with_name("server.db-wal")]
            return sum(p.stat().st_size for p in paths if p.exists()) / 2**20
        with self.engine.connect() as conn:
            size = conn.execute(select(func.pg_database_size(self.pg_name))).scalar_one()
        return float(size) / 2**20

    def close(self) -> None:
        self.stop()
        self.engine.dispose()
        if self.pg_name and self.pg_admin:
            import psycopg

            with psycopg.connect(_libpq(self.pg_admin), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')

    def add_team(self, name: str) -> str:
        with self.engine.begin() as conn:
            return accounts.add_team(conn, self.org_id, name)

    def add_worker(self, username: str, team_id: str) -> str:
        with self.engine.begin() as conn:
            return accounts.add_worker(
                conn, self.org_id, username, username.title(), "link worker", PASSWORD, team_id
            )


# ------------------------------------------------------------------------- seeding, in bulk


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _template(obj: Any) -> dict[str, Any]:
    """A row as change capture puts it in a ``put`` payload: every column, JSON-ready."""
    return {a.key: _jsonable(getattr(obj, a.key)) for a in sa_inspect(type(obj)).column_attrs}


def templates() -> dict[str, dict[str, Any]]:
    day = dt.date(2026, 3, 2)
    return {
        "dir_service": _template(DirService(
            name="", description="A friendly group that meets every week in the church hall; "
            "tea, a chat and a walk along the canal.", email="hello@example.org",
            url="https://example.org/group", minimum_age=18, assured_date=day,
            application_process="Just come along, or ring first.",
        )),
        "person": _template(Person(
            given_name="", family_name="", postcode="LS1 4AP", date_of_birth=dt.date(1950, 1, 1),
            phone="0113 496 0000", town="Leeds", status="active", risk_flag=False,
        )),
        "consent": _template(Consent(
            person_id="", kind="share with GP", given=True, recorded_on=day, how_recorded="verbal",
        )),
        "referral": _template(Referral(
            person_id="", received_on=day, source="GP", method="electronic referral",
            reasons=["loneliness", "housing"], urgency="routine", state="received",
        )),
        "follow_up": _template(FollowUp(person_id="", due_on=day, what="Ring to see how it went")),
        "encounter": _template(Encounter(
            person_id="", occurred_at=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), mode="phone",
            kind="conversation", duration_minutes=30, notes="Talked about the walking group.",
        )),
    }  # fmt: skip


def record_row(
    org_id: str, ledger: records.Ledger, clock: records.ServerClock, ent_name: str,
    ent_id: str, payload: dict[str, Any], team_id: str | None, root_id: str | None,
) -> dict[str, Any]:  # fmt: skip
    """A new record as ``records.server_write`` writes it (checked by ``check_shape``)."""
    ent = entity(ent_name)
    assert ent is not None
    values = {k: v for k, v in payload.items() if k not in META_FIELDS}
    hlc = clock.now()
    return {
        "org_id": org_id, "entity": ent_name, "entity_id": ent_id, "scope": ent.scope,
        "team_id": team_id if ent.scope == "team" else None,
        "root_id": root_id if ent.scope == "team" else None,
        "seq": ledger.next_seq(), "version": 1, "deleted": values.get("deleted_at") is not None,
        "append_only": ent.append_only,
        "doc": {"values": values, "stamp": [hlc, 1] if values else None, "stamps": {},
                "candidates": {}},
    }  # fmt: skip


def seed_writes(
    tmpl: dict[str, dict[str, Any]], services: int, people: int, related: int, team_id: str
) -> Iterator[tuple[str, str, dict[str, Any], str | None]]:
    """(entity, id, payload, person it hangs off) for the whole data set, parents first."""
    for i in range(services):
        sid = new_id()
        yield "dir_service", sid, dict(tmpl["dir_service"], id=sid, name=f"Service {i}"), None
    person_ids = []
    for i in range(people):
        pid = new_id()
        person_ids.append(pid)
        payload = dict(
            tmpl["person"], id=pid, given_name=f"Given{i}", family_name=f"Family{i % 997}",
            nhs_number=f"{9_000_000_000 + i:010d}", team_id=team_id,
        )  # fmt: skip
        yield "person", pid, payload, None
    for i in range(related):
        kind = RELATED[i % len(RELATED)]
        rid = new_id()
        pid = person_ids[(i // len(RELATED)) % len(person_ids)]
        yield kind, rid, dict(tmpl[kind], id=rid, person_id=pid), pid


def check_shape(server: Server, team_id: str) -> None:
    """The bulk rows must be what ``server_write`` makes of the same payloads (bar seq and
    clock): written both ways in a transaction that is rolled back, and compared."""
    writes = list(seed_writes(templates(), 2, 2, 8, team_id))
    with server.engine.connect() as conn:
        tx = conn.begin()
        try:
            records.server_write(conn, server.org_id, [(e, i, p) for e, i, p, _ in writes])
            r = t.record.c
            got = {
                row["entity_id"]: dict(row)
                for row in conn.execute(
                    select(t.record).where(r.entity_id.in_([w[1] for w in writes]))
                ).mappings()
            }
            ledger = records.Ledger(conn, server.org_id)
            clock = records.ServerClock()
            for ent_name, ent_id, payload, parent in writes:
                mine = record_row(
                    server.org_id, ledger, clock, ent_name, ent_id, payload,
                    team_id, parent or ent_id,
                )  # fmt: skip
                theirs = got[ent_id]
                for row in (mine, theirs):
                    row.pop("seq")
                    row["doc"] = dict(row["doc"])
                    row["doc"]["stamps"] = {k: v[1] for k, v in row["doc"]["stamps"].items()}
                    if row["doc"].get("stamp"):
                        row["doc"]["stamp"] = row["doc"]["stamp"][1]
                    row["deleted"], row["append_only"] = (
                        bool(row["deleted"]),
                        bool(row["append_only"]),
                    )
                if mine != theirs:
                    raise AssertionError(f"bulk row differs from server_write's:\n{mine}\n{theirs}")
        finally:
            tx.rollback()


def seed(server: Server, scale: Scale, team_id: str) -> int:
    writes = seed_writes(templates(), scale.services, scale.people, scale.related, team_id)
    clock = records.ServerClock()
    n = 0
    with server.engine.begin() as conn:
        ledger = records.Ledger(conn, server.org_id)
        chunk: list[dict[str, Any]] = []
        for ent_name, ent_id, payload, parent in writes:
            chunk.append(
                record_row(
                    server.org_id, ledger, clock, ent_name, ent_id, payload, team_id,
                    parent or ent_id,
                )
            )  # fmt: skip
            if len(chunk) == 5000:
                conn.execute(t.record.insert(), chunk)
                n += len(chunk)
                chunk = []
        if chunk:
            conn.execute(t.record.insert(), chunk)
            n += len(chunk)
        ledger.close()
    if server.backend == "postgresql":  # as autovacuum would have by now on a real server
        with server.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    return n


# -------------------------------------------------------------------------------- the laptop


class TimedTransport(Transport):
    """The real transport, keeping the time spent in requests and in pulls (HTTP + parsing)."""

    def __init__(self, base_url: str, token: str | None = None) -> None:
        super().__init__(base_url, token)
        self.pull_s = 0.0
        self.push_s = 0.0

    def pull(self, cursor: int, count: bool = False, limit: int | None = None) -> Any:
        start = time.perf_counter()
        try:
            return super().pull(cursor, count, limit)
        finally:
            self.pull_s += time.perf_counter() - start

    def push(self, request: PushRequest) -> Any:
        start = time.perf_counter()
        try:
            return super().push(request)
        finally:
            self.push_s += time.perf_counter() - start


@contextmanager
def timing(owner: Any, name: str) -> Iterator[list[float]]:
    """Seconds spent in each call of ``owner.name`` while the block runs, one entry per call.
    ``timing(replica, "apply_page")``: writing pulled pages (the client fetches the next page
    while one is written, so request time overlaps this); ``timing(client, "index_waiting")``:
    making the pulled services searchable, after the pull."""
    spent: list[float] = []
    real = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - start)

    setattr(owner, name, timed)
    try:
        yield spent
    finally:
        setattr(owner, name, real)


def new_laptop(folder: Path) -> tuple[Vault, Database]:
    vault = Vault(Paths.under(folder).ensure(), SecretStore(fail.Keyring()))
    return vault, vault.create(PASSPHRASE)


def client_rows(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Every synced row the laptop holds, by table."""
    out: dict[str, list[dict[str, Any]]] = {}
    with db.engine.connect() as conn:
        for name, tbl in replica.synced_tables().items():
            rows = [dict(r) for r in conn.execute(select(tbl)).mappings()]
            if rows:
                out[name] = rows
    return out


def plain_baseline(folder: Path, rows: dict[str, list[dict[str, Any]]]) -> float:
    """Seconds to write ``rows`` with executemany into a plain SQLite client database, in one
    transaction with foreign keys off and the search index's work held to after (as a pulled
    page is applied; the index is timed apart, in the figure below the first sync's)."""
    path = folder / "plain.db"
    engine = create_encrypted_engine(path, None)
    client_migrate.upgrade(engine, path, folder / "backups")
    db = Database(engine, path)
    db.ensure_device_state()
    tables = replica.synced_tables()
    start = time.perf_counter()
    with db.replicating() as conn, deferred_indexing(conn, index_at_end=False):
        for name, batch in rows.items():
            for i in range(0, len(batch), 2000):
                conn.execute(tables[name].insert(), batch[i : i + 2000])
    seconds = time.perf_counter() - start
    db.close()
    return seconds


# ----------------------------------------------------------------------- scenarios 1, 2, 3


def first_sync(server: Server, tmp: Path, scale: Scale, team_id: str, name: str) -> tuple[
    Database, Vault, TimedTransport
]:  # fmt: skip
    b = server.backend
    server.add_worker(name, team_id)
    vault, db = new_laptop(tmp / "laptop")
    transport = TimedTransport(server.base_url)
    client.enrol(db, vault, transport, name, PASSWORD, "Bench laptop")
    me = os.getpid()
    reset_peak(me)
    reset_peak(server.pid)
    rss0 = rss_mb(me)
    cpu0, pg0, me0 = cpu_seconds(server.pid), backends_cpu(server.pg_name), time.process_time()
    noise = Others(server.pg_name)
    start = time.perf_counter()
    with timing(replica, "apply_page") as applying, timing(client, "index_waiting") as indexing:
        report = client.sync_once(db, transport)
    whole = time.perf_counter() - start
    index_s = sum(indexing)
    seconds = whole - index_s  # the rows saved; then the directory made searchable
    server_cpu = cpu_seconds(server.pid) - cpu0
    pg_cpu = backends_cpu(server.pg_name) - pg0
    laptop_cpu = time.process_time() - me0
    others = noise.cores()
    rows = report.pulled
    expected = scale.services + scale.people + scale.related
    if rows < expected:
        raise AssertionError(f"first sync pulled {rows} rows, expected at least {expected}")
    rate = rows / seconds
    apply_s = sum(applying)
    say(
        f"first sync: {rows:,} rows in {seconds:.1f} s ({report.pages} pages); writing pages "
        f"{apply_s:.1f} s, pull requests (server, HTTP, parsing; overlap the writing) "
        f"{transport.pull_s:.1f} s; server CPU {server_cpu:.1f} s; then {report.indexed:,} "
        f"services made searchable in {index_s:.1f} s"
    )
    PHASES.append(Phase(
        b, "first sync", whole, laptop_mb(me, rss0), peak_mb(server.pid),
        f"{rows:,} rows, {report.pages} pages; writing pages {apply_s:.1f} s, pull requests "
        f"{transport.pull_s:.1f} s (overlapping); CPU: laptop {laptop_cpu:.1f} s, server "
        f"{server_cpu:.1f} s"
        + (f", PostgreSQL {pg_cpu:.1f} s" if server.pg_name else "")
        + f"; then the search index {index_s:.1f} s"
        + f"; laptop file {db.path.stat().st_size / 2**20:.0f} MiB", others,
    ))  # fmt: skip

    held = client_rows(db)
    n_plain = sum(len(v) for v in held.values())
    plain_s = plain_baseline(tmp, held)
    del held
    FIGURES.append(Figure(
        b, f"first sync: {rows:,} rows into an encrypted laptop",
        f"{rate:,.0f} rows/s ({seconds:.1f} s)", ">= 20,000 rows/s", rate >= 20_000,
        f"{n_plain / plain_s:,.0f} rows/s ({plain_s:.1f} s): executemany into plain SQLite",
    ))  # fmt: skip
    FIGURES.append(Figure(
        b, f"  then: {report.indexed:,} services made searchable (in the same sync_once)",
        f"{report.indexed / max(index_s, 1e-9):,.0f} services/s ({index_s:.1f} s); "
        f"whole sync {whole:.1f} s", "(reported)", None, "",
    ))  # fmt: skip
    FIGURES.append(Figure(
        b, "  of which: writing the pages (replica.apply_page)",
        f"{rows / apply_s:,.0f} rows/s ({apply_s:.1f} s)", "", None,
        f"pull requests (server + HTTP + parsing, overlapping): {transport.pull_s:.1f} s",
    ))  # fmt: skip
    return db, vault, transport


def local_edits(db: Database, n_ops: int) -> float:
    """``n_ops`` ops through the ORM: half edits of people, half new follow-ups."""
    half = n_ops // 2
    with db.reading() as s:
        ids = list(s.execute(select(Person.id).order_by(Person.id).limit(max(half, 1))).scalars())
    start = time.perf_counter()
    made = 0
    for i in range(0, half, 500):
        with db.transaction() as s:
            for pid in ids[i : i + 500]:
                p = s.get(Person, pid)
                assert p is not None
                p.phone = f"0113 496 {made % 10000:04d}"
                p.town = "Otley"
                made += 1
    follow = n_ops - made
    for i in range(0, follow, 500):
        with db.transaction() as s:
            for j in range(i, min(i + 500, follow)):
                s.add(FollowUp(
                    person_id=ids[j % len(ids)], due_on=dt.date(2026, 12, 1),
                    what=f"Ring back about the walking group ({j})",
                ))  # fmt: skip
    return time.perf_counter() - start


def push_phase(server: Server, db: Database, vault: Vault, transport: TimedTransport,
               scale: Scale) -> None:  # fmt: skip
    b = server.backend
    edit_s = local_edits(db, scale.push_ops)
    waiting = replica.counts(db).waiting
    assert waiting == scale.push_ops, waiting
    say(f"{waiting:,} ops made through the ORM in {edit_s:.1f} s")

    # Baseline: the server's merge and write of the same batches, in-process, rolled back.
    token = vault.device_token(db)
    assert token
    ops = replica.pending(db, waiting)
    with server.engine.connect() as conn:
        caller = accounts.authenticate(conn, token)
    start = time.perf_counter()
    for i in range(0, len(ops), MAX_BATCH):
        with server.engine.connect() as conn:
            tx = conn.begin()
            records.push(conn, caller, ops[i : i + MAX_BATCH])
            tx.rollback()
    base_s = time.perf_counter() - start

    me = os.getpid()
    reset_peak(me)
    reset_peak(server.pid)
    rss0 = rss_mb(me)
    transport.push_s = 0.0
    noise = Others(server.pg_name)
    start = time.perf_counter()
    sent, refused = client.push_all(db, transport)
    seconds = time.perf_counter() - start
    others = noise.cores()
    if (sent, refused) != (waiting, 0):
        raise AssertionError(f"push: {sent} acknowledged, {refused} refused of {waiting}")
    local_s = seconds - transport.push_s
    say(
        f"push: {sent:,} ops in {seconds:.2f} s; requests {transport.push_s:.2f} s, laptop "
        f"(outbox read, acknowledge) {local_s:.2f} s; server alone {base_s:.2f} s"
    )
    rate = sent / seconds
    FIGURES.append(Figure(
        b, f"push {sent:,} ops (ORM edits, batches of {MAX_BATCH})",
        f"{rate:,.0f} ops/s ({seconds:.2f} s)", ">= 5,000 ops/s", rate >= 5_000,
        f"{sent / base_s:,.0f} ops/s ({base_s:.2f} s): records.push in-process, no HTTP",
    ))  # fmt: skip
    PHASES.append(Phase(
        b, "push", seconds, laptop_mb(me, rss0), peak_mb(server.pid),
        f"requests {transport.push_s:.2f} s, laptop side {local_s:.2f} s; ORM edits took "
        f"{edit_s:.1f} s", others,
    ))  # fmt: skip

    reset_peak(me)
    rss0 = rss_mb(me)
    start = time.perf_counter()
    report = client.sync_once(db, transport)
    seconds = time.perf_counter() - start
    PHASES.append(Phase(
        b, "pull back own changes", seconds, laptop_mb(me, rss0), peak_mb(server.pid),
        f"{report.pulled:,} rows, {report.pages} pages",
    ))  # fmt: skip


def noop_phase(server: Server, db: Database, transport: TimedTransport, runs: int) -> None:
    b = server.backend
    for _ in range(3):
        client.sync_once(db, transport)
    times = []
    noise = Others(server.pg_name)
    for _ in range(runs):
        start = time.perf_counter()
        report = client.sync_once(db, transport)
        times.append((time.perf_counter() - start) * 1000)
        assert report.pulled == 0 and report.pushed == 0, report
    health = []
    for _ in range(runs):
        start = time.perf_counter()
        transport.health()
        health.append((time.perf_counter() - start) * 1000)
    cursor = replica.cursor(db)
    pull_only = []
    for _ in range(runs):
        start = time.perf_counter()
        transport.pull(cursor, count=True)
        pull_only.append((time.perf_counter() - start) * 1000)
    med, p95 = statistics.median(times), pct(times, 95)
    FIGURES.append(Figure(
        b, f"no-op sync_once ({runs} runs)", f"median {med:.1f} ms, p95 {p95:.1f} ms",
        "<= 100 ms", p95 <= 100,
        f"GET /v1/health median {statistics.median(health):.1f} ms; the pull request alone "
        f"median {statistics.median(pull_only):.1f} ms",
    ))  # fmt: skip
    PHASES.append(
        Phase(b, "no-op syncs", sum(times) / 1000, "", None, f"{runs} runs", noise.cores())
    )


# ------------------------------------------------------------------------ scenario 4: devices


@dataclass
class Device:
    device_id: str
    token: str
    team_id: str
    cursor: int
    clock: HybridLogicalClock = field(init=False)
    seq: int = 0
    people: dict[str, int] = field(default_factory=dict)  # own people: id -> version

    def __post_init__(self) -> None:
        self.clock = HybridLogicalClock(self.device_id)

    def batch(self, rng: random.Random) -> tuple[bytes, dict[str, str]]:
        """1-5 valid ops as a push body; and which of them create or edit a person."""
        ops: list[Op] = []
        touches: dict[str, str] = {}
        for _ in range(rng.randint(1, 5)):
            self.seq += 1
            hlc = self.clock.now().pack()
            op_id = new_id()
            roll = rng.random()
            mine = [p for p in self.people if p not in touches.values()]
            if not mine or roll < 0.2:
                pid = new_id()
                ops.append(Op(
                    op_id=op_id, device_seq=self.seq, entity="person", entity_id=pid,
                    kind="put", hlc=hlc, payload={
                        "given_name": f"Given {self.seq}", "family_name": "Device",
                        "team_id": self.team_id, "status": "active", "risk_flag": False,
                        "postcode": "LS6 1AA",
                    },
                ))  # fmt: skip
                touches[op_id] = pid
            elif roll < 0.6:
                pid = rng.choice(mine)
                ops.append(Op(
                    op_id=op_id, device_seq=self.seq, entity="person", entity_id=pid,
                    kind="patch", base_version=self.people[pid], hlc=hlc,
                    payload={"phone": f"0113 496 {self.seq % 10000:04d}", "town": "Headingley"},
                ))  # fmt: skip
                touches[op_id] = pid
            elif roll < 0.8:
                ops.append(Op(
                    op_id=op_id, device_seq=self.seq, entity="follow_up", entity_id=new_id(),
                    kind="put", hlc=hlc, payload={
                        "person_id": rng.choice(list(self.people)), "due_on": "2026-12-01",
                        "what": "Ring back",
                    },
                ))  # fmt: skip
            else:
                ops.append(Op(
                    op_id=op_id, device_seq=self.seq, entity="encounter", entity_id=new_id(),
                    kind="append", hlc=hlc, payload={
                        "person_id": rng.choice(list(self.people)), "mode": "phone",
                        "kind": "conversation", "occurred_at": "2026-11-02T10:00:00+00:00",
                        "notes": "A short call.",
                    },
                ))  # fmt: skip
        body = PushRequest(batch_id=new_id(), ops=ops).model_dump_json().encode()
        return body, touches


@dataclass
class LoadResult:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"push": [], "pull": []})
    errors: list[str] = field(default_factory=list)
    odd: dict[str, int] = field(default_factory=dict)  # push answers other than applied
    syncs: int = 0
    ops: int = 0
    seconds: float = 0.0  # the measured window (after the warm-up)
    load_cpu: float = 0.0
    server_cpu: float = 0.0
    others: float = 0.0
    warm_up: list[float] = field(default_factory=list)  # latencies before the window opened
    measure_from: float = 0.0

    @property
    def all(self) -> list[float]:
        return self.latencies["push"] + self.latencies["pull"]

    def record(self, kind: str, start: float, status: int, text: str) -> None:
        took = time.perf_counter() - start
        if start < self.measure_from:
            self.warm_up.append(took)
            return
        self.latencies[kind].append(took)
        if status != 200:
            self.errors.append(f"{kind} {status} {text[:200]}")

    def failed(self, start: float, exc: Exception) -> None:
        if start >= self.measure_from:
            self.errors.append(f"{type(exc).__name__}: {exc}")


async def _device_loop(
    dev: Device, http: httpx.AsyncClient, until: float, interval: float, seed: int,
    out: LoadResult,
) -> None:  # fmt: skip
    """One laptop: a sync (push a small batch, pull to the end) every ``interval`` s or so."""
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, interval))  # laptops do not start in step
    while time.perf_counter() < until:
        body, touches = dev.batch(rng)
        start = time.perf_counter()
        try:
            r = await http.post("/v1/push", content=body)
            out.record("push", start, r.status_code, r.text)
            if r.status_code == 200:
                for res in r.json()["results"]:
                    if start >= out.measure_from:
                        out.ops += 1
                        if res["status"] != "applied":
                            out.odd[res["status"]] = out.odd.get(res["status"], 0) + 1
                    if res["status"] in ACKNOWLEDGED and res["op_id"] in touches:
                        dev.people[touches[res["op_id"]]] = int(res["version"])
            first = True
            while True:
                params = {"cursor": dev.cursor, **({"count": "true"} if first else {})}
                start = time.perf_counter()
                r = await http.get("/v1/pull", params=params)
                out.record("pull", start, r.status_code, r.text)
                if r.status_code != 200:
                    break
                page = r.json()
                first = False
                done = not page["more"] or page["cursor"] == dev.cursor
                dev.cursor = page["cursor"]
                if done:
                    break
            out.syncs += start >= out.measure_from
        except httpx.HTTPError as exc:
            out.failed(start, exc)
        pause = rng.uniform(0.5, 1.5) * interval
        await asyncio.sleep(max(0.0, min(pause, until - time.perf_counter())))


def run_load(
    server: Server, devices: list[Device], seconds: float, interval: float, warm_up: float = 0.0
) -> LoadResult:
    """Devices syncing for ``warm_up`` + ``seconds``; only the last ``seconds`` are measured
    (the warm-up lets every laptop connect and the server fill its pools and threads)."""
    out = LoadResult()
    counters: dict[str, Any] = {}

    def take_counters() -> None:
        counters.update(
            cpu=time.process_time(), server=cpu_seconds(server.pid), noise=Others(server.pg_name)
        )

    async def main() -> None:
        limits = httpx.Limits(max_connections=2, max_keepalive_connections=2)
        clients = [
            httpx.AsyncClient(
                base_url=server.base_url, timeout=60, limits=limits,
                headers={"Authorization": f"Bearer {d.token}",
                         "Content-Type": "application/json"},
            )
            for d in devices
        ]  # fmt: skip
        try:
            begin = time.perf_counter()
            out.measure_from = begin + warm_up
            asyncio.get_running_loop().call_later(warm_up, take_counters)
            await asyncio.gather(*(
                _device_loop(d, http, out.measure_from + seconds, interval, n, out)
                for n, (d, http) in enumerate(zip(devices, clients, strict=True))
            ))  # fmt: skip
        finally:
            await asyncio.gather(*(c.aclose() for c in clients))

    asyncio.run(main())
    out.seconds = time.perf_counter() - out.measure_from
    out.load_cpu = time.process_time() - counters["cpu"]
    out.server_cpu = cpu_seconds(server.pid) - counters["server"]
    out.others = counters["noise"].cores()
    return out


def enrol_devices(server: Server, n: int, per_team: int = 10) -> tuple[list[Device], float, int]:
    """``n`` devices, ``per_team`` to a team, one worker per team. Each worker's first laptop
    enrols through the API (a real sign-in: Argon2id, ~0.2 s of CPU each); the others are
    registered as ``accounts.enrol`` registers them after the password check (device row with
    the token's hash, and the device record every laptop pulls), to keep the setup short.
    """
    teams = [server.add_team(f"Team {i}") for i in range(math.ceil(n / per_team))]
    workers = [server.add_worker(f"worker{i}", team) for i, team in enumerate(teams)]
    devices: list[Device] = []
    took: list[float] = []

    def enrol(i: int) -> tuple[Device, float]:
        vid = new_id().replace("-", "")
        tr = Transport(server.base_url)
        try:
            start = time.perf_counter()
            answer = tr.enrol(EnrolRequest(
                username=f"worker{i}", password=PASSWORD, device_id=vid, device_name="Laptop 0"
            ))  # fmt: skip
            return Device(vid, answer.token, teams[i], 0), time.perf_counter() - start
        finally:
            tr.close()

    with ThreadPoolExecutor(2) as pool:
        for dev, seconds in pool.map(enrol, range(len(teams))):
            devices.append(dev)
            took.append(seconds)
    direct = [(i, j) for i in range(len(teams)) for j in range(1, per_team)]
    direct = direct[: max(0, n - len(teams))]
    now = dt.datetime.now(dt.UTC)
    with server.engine.begin() as conn:
        writes = []
        for i, j in direct:
            vid = new_id().replace("-", "")
            token = secrets.token_urlsafe(32)
            conn.execute(t.device.insert().values(
                id=vid, org_id=server.org_id, worker_id=workers[i], name=f"Laptop {j}",
                token_hash=accounts.token_hash(token), enrolled_at=now,
            ))  # fmt: skip
            writes.append(("device", vid, {
                "worker_id": workers[i], "name": f"Laptop {j}", "enrolled_at": now.isoformat(),
                "revoked_at": None,
            }))  # fmt: skip
            devices.append(Device(vid, token, teams[i], 0))
        records.server_write(conn, server.org_id, writes)
        last = int(
            conn.execute(
                select(t.organisation.c.last_seq).where(t.organisation.c.id == server.org_id)
            ).scalar_one()
        )
    for dev in devices:
        dev.cursor = last  # already up to date with the directory and the caseload
    return devices, statistics.median(took), len(teams)


def describe(lat: list[float]) -> str:
    ms = [x * 1000 for x in lat]
    return f"p50 {pct(ms, 50):.0f} / p95 {pct(ms, 95):.0f} / p99 {pct(ms, 99):.0f} ms"


def devices_phase(server: Server, scale: Scale) -> None:
    b = server.backend
    start = time.perf_counter()
    devices, enrol_med, via_api = enrol_devices(server, scale.devices + 1)
    alone, fleet = devices[-1], devices[:-1]
    say(
        f"{len(devices)} devices ready in {time.perf_counter() - start:.1f} s ({via_api} enrolled "
        f"through the API, median {enrol_med * 1000:.0f} ms each: Argon2id)"
    )
    solo = run_load(server, [alone], min(5.0, scale.duration), 0.05, warm_up=1.0)
    reset_peak(server.pid)
    res = run_load(server, fleet, scale.duration, scale.interval, warm_up=scale.interval)
    lat = res.all
    p99 = pct(lat, 99) * 1000
    n_err = len(res.errors)
    ok = p99 <= 250 and n_err == 0
    rps = len(lat) / res.seconds
    odd = ", ".join(f"{k} {v}" for k, v in sorted(res.odd.items())) or "none"
    FIGURES.append(Figure(
        b, f"{len(fleet)} devices syncing every ~{scale.interval:g} s for {scale.duration:g} s",
        f"{describe(lat)}; {n_err} errors", "p99 <= 250 ms, 0 errors", ok,
        f"1 device alone: {describe(solo.all)}",
    ))  # fmt: skip
    FIGURES.append(Figure(
        b, "  push requests / pull requests",
        f"{describe(res.latencies['push'])} / {describe(res.latencies['pull'])}", "", None,
        f"{len(lat):,} requests ({rps:,.0f}/s), {res.syncs:,} syncs, {res.ops:,} ops; "
        f"not 'applied': {odd}",
    ))  # fmt: skip
    per_request = res.server_cpu / max(len(lat), 1)
    PHASES.append(Phase(
        b, f"{len(fleet)} devices", res.seconds, "", peak_mb(server.pid),
        f"server CPU {res.server_cpu / res.seconds:.0%} of a core ({per_request * 1000:.1f} ms "
        f"a request: one process tops out near {1 / per_request:,.0f} requests/s), load "
        f"generator {res.load_cpu / res.seconds:.0%}; "
        f"slowest {max(lat, default=0) * 1000:,.0f} ms; "
        f"warm-up ({scale.interval:g} s, not counted): {len(res.warm_up)} requests, slowest "
        f"{max(res.warm_up, default=0) * 1000:,.0f} ms",
        res.others,
    ))  # fmt: skip
    for e in res.errors[:5]:
        say(f"error: {e}")

    # The same devices at the debounce floor: past this one server process's capacity here?
    pg0 = backends_cpu(server.pg_name)
    hard = run_load(server, fleet, scale.duration, scale.floor, warm_up=scale.floor)
    pg_cores = (backends_cpu(server.pg_name) - pg0) / hard.seconds
    FIGURES.append(Figure(
        b, f"  stress: the same, every ~{scale.floor:g} s (the fastest a laptop syncs)",
        f"{describe(hard.all)}; {len(hard.errors)} errors", "(reported)", None,
        f"{len(hard.all) / hard.seconds:,.0f} requests/s answered of "
        f"{2 * len(fleet) / scale.floor:,.0f}/s asked; server CPU "
        f"{hard.server_cpu / hard.seconds:.0%} of a core, load generator "
        f"{hard.load_cpu / hard.seconds:.0%}"
        + (f", PostgreSQL {pg_cores:.0%}" if server.pg_name else ""),
    ))  # fmt: skip
    for e in hard.errors[:5]:
        say(f"error (stress): {e}")


# ----------------------------------------------------------------------------------- runner


def run_backend(backend: str, scale: Scale, pg_admin: str | None, keep: bool) -> None:
    tmp = Path(tempfile.mkdtemp(prefix=f"lw-bench-sync-{backend}-"))
    print(f"== {backend}", flush=True)
    server = Server(backend, tmp / "server", pg_admin)
    db: Database | None = None
    try:
        team_id = server.add_team("Canal Side")
        check_shape(server, team_id)
        start = time.perf_counter()
        n = seed(server, scale, team_id)
        seeded = time.perf_counter() - start
        say(f"seeded {n:,} records in {seeded:.1f} s ({server.size_mb():.0f} MiB)")
        PHASES.append(Phase(backend, "seed server (bulk)", seeded, "", None, f"{n:,} records"))
        server.start()
        PHASES.append(Phase(backend, "server idle", 0.0, "", peak_mb(server.pid)))
        db, vault, transport = first_sync(server, tmp, scale, team_id, "ann")
        push_phase(server, db, vault, transport, scale)
        noop_phase(server, db, transport, scale.noop_runs)
        transport.close()
        db.close()
        db = None
        devices_phase(server, scale)
        PHASES.append(Phase(
            backend, "server database at the end", 0.0, "", None,
            f"{server.size_mb():.0f} MiB",
        ))  # fmt: skip
    finally:
        if db is not None:
            db.close()
        server.close()
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            say(f"kept {tmp}")


@contextmanager
def postgres() -> Iterator[str | None]:
    """The admin URL of a PostgreSQL server: LINKWORKER_TEST_PG, or a throwaway one."""
    url = os.environ.get("LINKWORKER_TEST_PG")
    if url:
        yield url
        return
    try:
        started = subprocess.run(
            ["bash", str(PG_SCRIPT), "start", "--owner", str(os.getpid())],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        SKIPPED.append(f"postgresql: LINKWORKER_TEST_PG is unset and no server could start ({exc})")
        yield None
        return
    found = dict(
        line.removeprefix("export ").split("=", 1)
        for line in started.stdout.splitlines()
        if line.startswith("export ")
    )
    url = found.get("LINKWORKER_TEST_PG", "").strip("'")
    folder = found.get("LINKWORKER_TEST_PG_DIR", "").strip("'")
    if started.returncode != 0 or not url:
        why = started.stderr.strip().splitlines()[-1:] or [f"exit {started.returncode}"]
        SKIPPED.append(
            f"postgresql: LINKWORKER_TEST_PG is unset and {PG_SCRIPT.name} failed: {why[0]}"
        )
        yield None
        return
    try:
        yield url
    finally:
        subprocess.run(["bash", str(PG_SCRIPT), "stop", folder], capture_output=True, check=False)


def code_version() -> str:
    """The commit measured, and whether linkworker/ had changes not yet committed."""
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


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    p.add_argument("--scale", type=float, default=1.0, help="shrink every count (0.1: quick)")
    p.add_argument("--devices", type=int, help="simulated devices (default 200 x scale)")
    p.add_argument("--duration", type=float, help="seconds the devices sync for (default 25)")
    p.add_argument("--interval", type=float, help="mean seconds between a device's syncs (6)")
    p.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = p.parse_args(argv)
    scale = Scale.of(args.scale) if args.scale != 1.0 else Scale()
    for name in ("devices", "duration", "interval"):
        if getattr(args, name) is not None:
            setattr(scale, name, getattr(args, name))
    if args.backend == "both":
        # Each backend in a process of its own, as a laptop starts fresh: one run after the
        # other in one process measured the second with the first's leftovers in memory (a
        # bigger heap for Python's collector to walk), not the sync.
        argv = list(sys.argv[1:] if argv is None else argv)
        rest = [
            a
            for i, a in enumerate(argv)
            if a != "--backend" and (i == 0 or argv[i - 1] != "--backend")
        ]
        rest = [a for a in rest if not a.startswith("--backend=")]
        codes = [
            subprocess.run(
                [sys.executable, __file__, "--backend", one, *rest], check=False
            ).returncode
            for one in ("sqlite", "postgresql")
        ]
        return max(codes)
    backends = [args.backend]
    version_before = code_version()
    began = time.perf_counter()
    if "sqlite" in backends:
        run_backend("sqlite", scale, None, args.keep)
    if "postgresql" in backends:
        with postgres() as admin:
            if admin is not None:
                run_backend("postgresql", scale, admin, args.keep)
    total = time.perf_counter() - began

    print()
    print(table(
        ("backend", "figure", "measured", "target", "result", "baseline (same run)"),
        [
            (f.backend, f.label, f.measured, f.target,
             "" if f.ok is None else ("PASS" if f.ok else "FAIL"), f.baseline)
            for f in FIGURES
        ],
    ))  # fmt: skip
    print()

    def mb(x: float | None) -> str:
        return "" if x is None else f"{x:,.0f} MiB"

    print(table(
        ("backend", "phase", "time", "laptop peak RSS (+phase)", "server peak RSS", "other load",
         "notes"),
        [
            (ph.backend, ph.phase, f"{ph.seconds:.1f} s" if ph.seconds else "",
             ph.client, mb(ph.server_mb),
             "" if ph.others is None else f"{ph.others:.2f} cores", ph.note)
            for ph in PHASES
        ],
    ))  # fmt: skip
    for reason in SKIPPED:
        print(f"skipped {reason}")
    version_after = code_version()
    print(f"\ncode measured: {version_before}")
    if version_after != version_before:
        print(f"  (it changed during the run, to {version_after}: figures may mix the two)")
    print(
        f"scale {args.scale:g}; {os.cpu_count()} cores; 'other load': CPU that processes "
        f"outside this benchmark used meanwhile; total {total:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
