"""Figures for the encrypted store and app start, each beside a baseline measured in this run.

* unlock with the keyring key to a ready engine      vs the same on a plain SQLite file
* unlock with the passphrase (Argon2id, 64 MiB)      vs unlock with the keyring key
* app workload on SQLCipher                           vs the same code on plain SQLite
  (insert 10,000 people with change capture, in transactions of 100, then read them back by
  name prefix)
* cold start of ``linkworker`` to main window shown   vs a bare PySide6 QMainWindow script
  (and, for the record, to the caseload read from the unlocked database)

Run with ``make bench``. Figures are medians of several runs; the targets come from issue 2.
"""

from __future__ import annotations

import os
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402

from linkworker.paths import Paths  # noqa: E402
from linkworker.store import audit, migrate  # noqa: E402
from linkworker.store.database import Database  # noqa: E402
from linkworker.store.engine import create_encrypted_engine  # noqa: E402
from linkworker.store.people import list_people  # noqa: E402
from linkworker.store.tables import Person  # noqa: E402
from linkworker.store.vault import Vault  # noqa: E402
from tests.support.keyrings import FileKeyring, MemoryKeyring  # noqa: E402

PASSPHRASE = "benchmark passphrase, not a real one"
PEOPLE = 10_000
BATCH = 100
PREFIXES = [a + b for a in string.ascii_uppercase[13:] for b in "aeiou"]
ROWS: list[tuple[str, str, str, str, str]] = []


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _names(n: int) -> list[tuple[str, str]]:
    given = ["Ann", "Bilal", "Ceri", "Dev", "Efa", "Femi", "Gwen", "Hari", "Ivy", "Jo"]
    out = []
    for i in range(n):
        a = string.ascii_uppercase[13 + i % 13]
        b = "aeiou"[(i // 13) % 5]
        out.append((given[i % len(given)], f"{a}{b}rrington{i}"))
    return out


def workload(db: Database) -> int:
    names = _names(PEOPLE)
    for start in range(0, PEOPLE, BATCH):
        with db.transaction() as s:
            for given, family in names[start : start + BATCH]:
                person = Person(given_name=given, family_name=family, postcode="LS1 4AP")
                s.add(person)
                audit.record(s, "created", "person", person.id)
    found = 0
    for prefix in PREFIXES:
        found += len(list_people(db, prefix))
    assert found == PEOPLE, found
    return found


def plain_database(path: Path) -> Database:
    engine = create_encrypted_engine(path, None)
    migrate.upgrade(engine, path, path.parent / "backups")
    db = Database(engine, path)
    db.ensure_device_state()
    return db


def add(
    label: str,
    measured: float,
    baseline: float,
    base_label: str,
    target: str,
    ok: bool,
    unit: str = "ms",
) -> None:
    ratio = measured / baseline if baseline else float("nan")
    ROWS.append(
        (
            label,
            f"{measured:,.1f} {unit}",
            f"{baseline:,.1f} {unit} ({base_label})",
            f"{ratio:.2f}",
            f"{target} {'met' if ok else 'MISSED'}",
        )
    )


def bench_unlock(tmp: Path) -> None:
    keyring.set_keyring(MemoryKeyring())
    paths = Paths.under(tmp / "unlock").ensure()
    Vault(paths).create(PASSPHRASE).close()
    plain_path = tmp / "plain-unlock.db"
    plain_database(plain_path).close()

    def keyring_unlock() -> None:
        db = Vault(paths).unlock_with_keyring()
        assert db is not None
        db.close()

    def plain_open() -> None:
        plain_database(plain_path).close()

    def passphrase_unlock() -> None:
        Vault(paths).unlock_with_passphrase(PASSPHRASE).close()

    keyring_unlock()
    k = median_ms(keyring_unlock, 15)
    p0 = median_ms(plain_open, 15)
    add("unlock with keyring key → ready engine", k, p0, "plain SQLite open", "<= 300 ms", k <= 300)
    pp = median_ms(passphrase_unlock, 7)
    add(
        "unlock with passphrase (Argon2id 64 MiB)",
        pp,
        k,
        "keyring unlock",
        "<= 1000 ms",
        pp <= 1000,
    )


def bench_workload(tmp: Path) -> None:
    keyring.set_keyring(MemoryKeyring())
    enc_times, plain_times = [], []
    for run in range(3):
        paths = Paths.under(tmp / f"work{run}").ensure()
        db = Vault(paths).create(PASSPHRASE)
        enc_times.append(median_ms(lambda db=db: workload(db), 1))
        db.close()
        pdb = plain_database(tmp / f"plain-work{run}.db")
        plain_times.append(median_ms(lambda pdb=pdb: workload(pdb), 1))
        pdb.close()
    enc, plain = statistics.median(enc_times), statistics.median(plain_times)
    add(
        f"workload: {PEOPLE:,} people + capture, prefix reads",
        enc,
        plain,
        "same code, plain SQLite",
        "ratio <= 1.15",
        enc / plain <= 1.15,
    )


BARE_QT = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.setWindowTitle("bare")
w.resize(1000, 700)
w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def bench_cold_start(tmp: Path) -> None:
    home = tmp / "start"
    env = dict(os.environ)
    env.update(
        LINKWORKER_HOME=str(home),
        PYTHONPATH=str(ROOT),
        PYTHON_KEYRING_BACKEND="tests.support.keyrings.FileKeyring",
        LINKWORKER_TEST_KEYRING_FILE=str(tmp / "keyring.json"),
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
    )
    env.pop("LINKWORKER_PASSPHRASE", None)
    init = dict(env, LINKWORKER_PASSPHRASE=PASSPHRASE)
    subprocess.run(
        [sys.executable, "-m", "linkworker", "init"], env=init, check=True, capture_output=True
    )
    assert FileKeyring  # the subprocesses select it through PYTHON_KEYRING_BACKEND
    shown_env = dict(env, LINKWORKER_QUIT_WHEN_SHOWN="1")
    ready_env = dict(env, LINKWORKER_QUIT_WHEN_READY="1")

    def run(argv: list[str], run_env: dict[str, str]) -> Callable[[], None]:
        def go() -> None:
            subprocess.run(argv, env=run_env, check=True, capture_output=True, timeout=60)

        return go

    app_shown = run([sys.executable, "-m", "linkworker"], shown_env)
    app_ready = run([sys.executable, "-m", "linkworker"], ready_env)
    bare = run([sys.executable, "-c", BARE_QT], env)
    for warm in (app_shown, app_ready, bare):
        warm()
    # Interleaved, so a busy moment on the machine hits both alike.
    bare_times, shown_times = [], []
    for _ in range(9):
        bare_times.append(median_ms(bare, 1))
        shown_times.append(median_ms(app_shown, 1))
    b, a = statistics.median(bare_times), statistics.median(shown_times)
    add("cold start to main window shown", a, b, "bare QMainWindow", "ratio <= 2.0", a / b <= 2.0)
    r = median_ms(app_ready, 7)
    add(
        "cold start to caseload shown (keyring unlock)",
        r,
        b,
        "bare QMainWindow",
        "(no target; for honesty)",
        True,
    )


def main() -> int:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        bench_unlock(tmp)
        bench_workload(tmp)
        bench_cold_start(tmp)
    headers = ("figure", "measured", "baseline (same run)", "ratio", "target")
    widths = [max(len(r[i]) for r in [headers, *ROWS]) for i in range(5)]
    for row in [headers, tuple("-" * w for w in widths), *ROWS]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
