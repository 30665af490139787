"""Import throughput for ``bench_directory.py``: services a second from Open Referral UK JSON into
the encrypted database, with the importer's peak memory, beside baselines from the same run.

A synthetic directory (``make_directory.py``: nested HSDS 3.0 UK service documents with their
organisation, locations, addresses, schedules, costs, contacts, languages and categories) is
written to a file first. Then, each in a fresh child process, so that each peak memory is that
step's own:

1. **the import**: ``linkworker.store.directory_import.import_directory`` into a new encrypted
   database, as ``linkworker import-directory`` does it: every row upserted by id with its
   outbox op (so it syncs), the search index built, in batches, with the import report;
2. baseline **reading alone**: the same file through ``care.hsds`` (the importer's parser and
   checks: every record, every problem), writing nothing;
3. baseline **plain SQLite**: the rows that reading makes, ready as tuples, inserted with
   ``executemany`` into a plain (unencrypted) SQLite database with the same tables and indexes,
   no outbox, no search index, one transaction: what the rows alone cost the database, the floor
   under step 1's writing (reading and making the tuples are not counted in this one).

Throughput is services (``dir_service`` rows) a second of wall-clock time for the whole step,
file to committed rows. The target (>= 5,000 services/s) is judged on step 1.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_SERVICES_PER_S = 5000.0
PASSPHRASE = "benchmark passphrase, not a real one"


def _peak_mib() -> float:
    """This process's peak resident memory. From ``VmHWM``, which starts afresh with the
    program (``ru_maxrss`` on Linux carries over the parent's peak across ``exec``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _import(source: Path, folder: Path) -> dict[str, Any]:
    from keyring.backends import fail

    from linkworker.paths import Paths
    from linkworker.store.directory_import import import_directory
    from linkworker.store.keys import SecretStore
    from linkworker.store.vault import Vault

    db = Vault(Paths.under(folder).ensure(), SecretStore(fail.Keyring())).create(PASSPHRASE)
    ticks: list[float] = []
    start = time.perf_counter()
    report = import_directory(db, source, lambda done, total: ticks.append(done))
    took = time.perf_counter() - start
    with db.reading() as s:
        rows = s.connection().exec_driver_sql("SELECT count(*) FROM outbox").scalar_one()
    db.close()
    return {
        "seconds": took, "services": report.imported, "problems": len(report.problems),
        "outbox_ops": rows, "progress_reports": len(ticks), "peak_mib": _peak_mib(),
    }  # fmt: skip


def _read(source: Path) -> dict[str, Any]:
    from linkworker.care import hsds

    start = time.perf_counter()
    services = rows = 0
    with hsds.open_directory(source) as reader:
        for record in reader.records():
            for table, _row in record.rows:
                rows += 1
                services += table == "dir_service"
    return {"seconds": time.perf_counter() - start, "services": services, "rows": rows,
            "peak_mib": _peak_mib()}  # fmt: skip


def _plain(source: Path, folder: Path) -> dict[str, Any]:
    """The parsed rows into plain SQLite: parsing is done first and not counted here."""
    from sqlalchemy import create_engine
    from sqlalchemy.sql.schema import ScalarElementColumnDefault
    from sqlmodel import SQLModel

    import linkworker.store.tables  # noqa: F401  (registers every table)
    from linkworker.care import hsds
    from linkworker.store.directory_import import synced_table

    by_table: dict[str, list[dict[str, Any]]] = {t: [] for t in hsds.TABLE_ORDER}
    with hsds.open_directory(source) as reader:
        for record in reader.records():
            for table, row in record.rows:
                by_table[table].append(row)
    path = folder / "plain.db"
    engine = create_engine(f"sqlite:///{path}")
    tables = [synced_table(t) for t in hsds.TABLE_ORDER]
    SQLModel.metadata.create_all(engine, tables=tables)
    engine.dispose()
    stamp = {"org_id": "bench", "created_at": dt.datetime.now(dt.UTC).isoformat(),
             "updated_at": dt.datetime.now(dt.UTC).isoformat(), "deleted_at": None,
             "version": 1}  # fmt: skip
    statements = []
    for name in hsds.TABLE_ORDER:
        table = synced_table(name)
        columns = [str(c.name) for c in table.columns]
        defaults = {  # the tables' own defaults (a cost's currency, a status), as the ORM's
            str(c.name): c.default.arg
            for c in table.columns
            if isinstance(c.default, ScalarElementColumnDefault)
        }
        seen: set[str] = set()
        values = []
        for row in by_table[name]:
            if row["id"] in seen:  # shared records (an organisation) come once per service
                continue
            seen.add(row["id"])
            full = {**defaults, **stamp, **row}
            values.append(tuple(_sqlite(full.get(c)) for c in columns))
        marks = ", ".join("?" * len(columns))
        statements.append((f'INSERT INTO "{name}" VALUES ({marks})', values))
    start = time.perf_counter()  # from here: the database's work alone
    conn = sqlite3.connect(path)
    with conn:
        for sql, values in statements:
            conn.executemany(sql, values)
    conn.close()
    return {"seconds": time.perf_counter() - start, "services": len(by_table["dir_service"]),
            "peak_mib": _peak_mib()}  # fmt: skip


def _sqlite(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value)
    return value


def _child(step: str, source: Path, folder: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, step, str(source), str(folder)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"{step} failed:\n{done.stdout}\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(services: int, seed: int) -> dict[str, Any]:
    """Write the file, then time the three steps; returns their figures."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import make_directory

    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        source = folder / "directory.json"
        organisations = max(1, services // 4)
        written = make_directory.write_directory(
            source, make_directory.generate_services(services, organisations, seed), services
        )
        size = source.stat().st_size / 2**20
        steps = {}
        for step in ("import", "read", "plain"):
            work = folder / step
            work.mkdir()
            steps[step] = _child(step, source, work)
    return {"services": written, "file_mib": size, **steps}


def rate(step: dict[str, Any]) -> float:
    return float(step["services"]) / float(step["seconds"])


def summary(figures: dict[str, Any]) -> str:
    imp, read, plain = figures["import"], figures["read"], figures["plain"]
    ok = rate(imp) >= TARGET_SERVICES_PER_S
    lines = [
        f"import throughput: {figures['services']:,} services ({figures['file_mib']:,.0f} MiB "
        f"of HSDS JSON; {read['rows']:,} records in all) into the encrypted database",
        f"  {'step':<50} {'seconds':>8} {'services/s':>11} {'peak MiB':>9}",
        f"  {'import (read, check, upsert, outbox, search index)':<50} {imp['seconds']:>8.1f} "
        f"{rate(imp):>11,.0f} {imp['peak_mib']:>9,.0f}   target >= "
        f"{TARGET_SERVICES_PER_S:,.0f}/s: {'PASS' if ok else 'FAIL'}",
        f"  {'baseline: reading alone (care.hsds)':<50} {read['seconds']:>8.1f} "
        f"{rate(read):>11,.0f} {read['peak_mib']:>9,.0f}",
        f"  {'baseline: the rows into plain SQLite (executemany)':<50} {plain['seconds']:>8.1f} "
        f"{rate(plain):>11,.0f} {plain['peak_mib']:>9,.0f}",
        f"  the import wrote {imp['outbox_ops']:,} outbox ops, reported progress "
        f"{imp['progress_reports']:,} times, listed {imp['problems']} problems",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    step, src, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    work = {"import": lambda: _import(src, out), "read": lambda: _read(src),
            "plain": lambda: _plain(src, out)}[step]  # fmt: skip
    print(json.dumps(work()))
