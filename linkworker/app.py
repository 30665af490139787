"""Composition root and command line.

``linkworker`` with no command starts the desktop app. The commands run without a window, for
scripts and administrators; they unlock with the OS keyring, else the passphrase in
``LINKWORKER_PASSPHRASE``, else they ask for it on a terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from linkworker import __version__
from linkworker.paths import Paths

if TYPE_CHECKING:
    from linkworker.store.database import Database
    from linkworker.store.vault import Vault

log = logging.getLogger("linkworker")

EXIT_FAULT = 1  # the environment is at fault: message printed, nothing lost
EXIT_USAGE = 2  # bad arguments or invalid fields
EXIT_BUG = 70  # our bug: logged without personal data


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="linkworker",
        description="Linkworker: the desktop app for social prescribing link workers. "
        "With no command, opens the app.",
        epilog="Data lives under LINKWORKER_HOME when set. For scripted use the passphrase may "
        "be given in LINKWORKER_PASSPHRASE.",
    )
    parser.add_argument("--version", action="version", version=f"linkworker {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("init", help="create the encrypted local database")
    add = sub.add_parser("add-person", help="add a person to the caseload; prints the new id")
    add.add_argument("--given", required=True, help="given name")
    add.add_argument("--family", required=True, help="family name")
    add.add_argument("--nhs-number", default=None)
    add.add_argument("--dob", default=None, help="date of birth, YYYY-MM-DD or DD/MM/YYYY")
    add.add_argument("--postcode", default=None)
    lst = sub.add_parser("list-people", help="list the caseload, one person a line")
    lst.add_argument("--prefix", default=None, help="only names starting with this")
    con = sub.add_parser("connect", help="enrol this laptop with a Linkworker server")
    con.add_argument("url", help="the server's address, e.g. https://linkworker.example.nhs.uk")
    con.add_argument("--username", required=True)
    con.add_argument("--device-name", default=None, help="how the laptop is listed (host name)")
    sub.add_parser("sync", help="sync with the server now: send changes, then receive")
    demo = sub.add_parser(
        "demo-data", help="load a fictional caseload for trying the app (into an empty database)"
    )
    demo.add_argument("--people", type=int, default=48, help="how many people (default 48)")
    imp = sub.add_parser(
        "import-directory",
        help="import Open Referral UK services: a JSON file, or a folder or .zip of CSV files "
        "with a datapackage.json; prints what was imported and every problem found",
    )
    imp.add_argument("source", metavar="FILE_OR_FOLDER")
    exp = sub.add_parser(
        "export-directory", help="write the directory to a file as Open Referral UK JSON"
    )
    exp.add_argument("out", metavar="OUT", help="the file to write (replaced if it exists)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    if not words:  # the desktop app: straight to the window, the quicker the better
        paths = Paths.default().ensure()
        # The log file is opened by the start, just after the window is painted.
        from linkworker.ui.application import run_gui  # Qt is loaded only for the window

        return int(run_gui(paths))
    args = _parser().parse_args(words)
    paths = Paths.default().ensure()
    if args.command is None:
        from linkworker.ui.application import run_gui

        return int(run_gui(paths))
    from linkworker.logs import log_bug, setup_logging
    from linkworker.store.errors import EnvironmentFault

    setup_logging(paths)

    try:
        code = _COMMANDS[args.command](paths, args)
        sys.stdout.flush()  # here, where a reader gone away is caught, not at exit
        return code
    except EnvironmentFault as fault:
        print(f"linkworker: {fault.message}", file=sys.stderr)
        if fault.advice:
            print(fault.advice, file=sys.stderr)
        log.warning("command %s stopped: %s", args.command, type(fault).__name__)
        return EXIT_FAULT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (``| head``): nothing more to say
        with contextlib.suppress(OSError):  # and no flush at exit to fail again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        log_bug(log, exc)
        print(
            f"linkworker: an unexpected error stopped the command. Details (without personal "
            f"data) are in {paths.log_file}.",
            file=sys.stderr,
        )
        return EXIT_BUG


def _passphrase_for_init() -> str:
    from linkworker.store.vault import PASSPHRASE_ENV

    given = os.environ.get(PASSPHRASE_ENV)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        from linkworker.store.errors import PassphraseNeeded

        raise PassphraseNeeded(PASSPHRASE_ENV)
    import getpass

    first = getpass.getpass("Choose a passphrase: ")
    if getpass.getpass("Type it again: ") != first:
        from linkworker.store.errors import WeakPassphrase

        raise WeakPassphrase("The two passphrases differ.", "Nothing was created; try again.")
    return first


def _open(paths: Paths) -> Database:
    return _unlock(paths)[1]


def _unlock(paths: Paths) -> tuple[Vault, Database]:
    from linkworker.store.errors import PassphraseNeeded
    from linkworker.store.vault import Vault

    vault = Vault(paths)
    try:
        return vault, vault.unlock_from_environment()
    except PassphraseNeeded:
        if not sys.stdin.isatty():
            raise
        import getpass

        return vault, vault.unlock_with_passphrase(getpass.getpass("Passphrase: "))


def _cmd_init(paths: Paths, _args: argparse.Namespace) -> int:
    from linkworker.store.vault import Vault

    vault = Vault(paths)
    db = vault.create(_passphrase_for_init())
    db.close()
    print(f"Created an encrypted database at {paths.database}")
    print(vault.keyring.describe())
    log.info("database created")
    return 0


def _cmd_add_person(paths: Paths, args: argparse.Namespace) -> int:
    from linkworker.care.person import validate_new_person
    from linkworker.store.people import add_person

    checked = validate_new_person(
        {
            "given_name": args.given,
            "family_name": args.family,
            "nhs_number": args.nhs_number,
            "date_of_birth": args.dob,
            "postcode": args.postcode,
        }
    )
    if isinstance(checked, dict):
        for field, message in checked.items():
            print(f"linkworker: {field.replace('_', ' ')}: {message}", file=sys.stderr)
        print("Nothing was saved.", file=sys.stderr)
        return EXIT_USAGE
    db = _open(paths)
    try:
        person_id = add_person(db, checked)
    finally:
        db.close()
    print(person_id)
    log.info("person added: %s", person_id)
    return 0


def _cmd_list_people(paths: Paths, args: argparse.Namespace) -> int:
    from linkworker.store.people import list_people

    db = _open(paths)
    try:
        people = list_people(db, args.prefix)
    finally:
        db.close()
    for p in people:
        dob = p.date_of_birth.isoformat() if p.date_of_birth else "-"
        print("\t".join([p.id, p.display_name, p.nhs_number or "-", dob, p.postcode or "-"]))
    return 0


SERVER_PASSWORD_ENV = "LINKWORKER_SERVER_PASSWORD"


def _many(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _cmd_connect(paths: Paths, args: argparse.Namespace) -> int:
    from linkworker.sync.client import enrol
    from linkworker.sync.transport import SyncProblem, Transport

    password = os.environ.get(SERVER_PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            print(f"linkworker: no terminal to ask for the password; set {SERVER_PASSWORD_ENV}.",
                  file=sys.stderr)  # fmt: skip
            return EXIT_USAGE
        import getpass

        password = getpass.getpass(f"Password for {args.username}: ")
    url = args.url.strip()
    if not url.startswith(("http://", "https://")):
        print("linkworker: the server address starts with https:// (or http://).", file=sys.stderr)
        return EXIT_USAGE
    vault, db = _unlock(paths)
    transport = Transport(url)
    try:
        answer = enrol(db, vault, transport, args.username, password, args.device_name)
    except SyncProblem as problem:
        print(f"linkworker: {problem.message}", file=sys.stderr)
        return EXIT_FAULT
    finally:
        transport.close()
        db.close()
    print(f"Connected to {answer.org_name} as {answer.worker_name} ({answer.role}).")
    print("Run 'linkworker sync' (or open the app) to bring the records over.")
    log.info("laptop enrolled")
    return 0


def _cmd_sync(paths: Paths, _args: argparse.Namespace) -> int:
    from linkworker.sync.client import sync_once, transport_for
    from linkworker.sync.transport import DeviceRevoked, SyncProblem

    vault, db = _unlock(paths)
    transport = transport_for(db, vault)
    if transport is None:
        db.close()
        print("linkworker: this laptop is not connected to a server; run 'linkworker connect'.",
              file=sys.stderr)  # fmt: skip
        return EXIT_FAULT

    def progress(phase: str, done: int, total: int) -> None:
        if sys.stderr.isatty():
            verb = {"push": "Sending", "index": "Preparing for search"}.get(phase, "Receiving")
            print(f"\r{verb} {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

    try:
        report = sync_once(db, transport, progress)
    except DeviceRevoked as revoked:
        vault.wipe(db)
        print(f"linkworker: {revoked.message}", file=sys.stderr)
        print("The local database and its keys have been removed from this laptop.",
              file=sys.stderr)  # fmt: skip
        log.warning("device revoked: local data wiped")
        return EXIT_FAULT
    except SyncProblem as problem:
        print(f"linkworker: {problem.message} Nothing was lost; changes wait for the next sync.",
              file=sys.stderr)  # fmt: skip
        log.info("sync stopped: %s", type(problem).__name__)
        return EXIT_FAULT
    finally:
        transport.close()
        if not db.closed:
            db.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"Sent {_many(report.pushed, 'change')}, received {_many(report.pulled, 'record')}"
          + (f", removed {report.removed:,}" if report.removed else "") + ".")  # fmt: skip
    if report.refused:
        print(f"{_many(report.refused, 'change')} refused by the server and kept aside.")
    if report.conflicts:
        verb = "needs" if report.conflicts == 1 else "need"
        them = "it" if report.conflicts == 1 else "them"
        print(f"{_many(report.conflicts, 'conflict')} {verb} you: open the app to resolve {them}.")
    log.info("sync done: %d pushed, %d pulled", report.pushed, report.pulled)
    return 0


def _cmd_demo_data(paths: Paths, args: argparse.Namespace) -> int:
    from linkworker.store.demo import load_demo

    if not 1 <= args.people <= 5000:
        print("linkworker: --people must be between 1 and 5,000.", file=sys.stderr)
        return EXIT_USAGE
    db = _open(paths)
    try:
        report = load_demo(db, args.people)
    finally:
        db.close()
    print(
        f"Loaded a fictional caseload: {report.people:,} "
        f"{'person' if report.people == 1 else 'people'}, "
        f"{_many(report.referrals, 'referral')}, {_many(report.contacts, 'contact')}, "
        f"{_many(report.plans, 'plan')}, {_many(report.measures, 'measure')}, "
        f"{_many(report.follow_ups, 'follow-up')}. Names, NHS numbers (999 test range) and "
        "phone numbers (Ofcom drama ranges) are all made up."
    )
    log.info("demo data loaded: %d people", report.people)
    return 0


def _cmd_import_directory(paths: Paths, args: argparse.Namespace) -> int:
    from pathlib import Path

    from linkworker.store.directory_import import import_directory

    source = Path(args.source)
    if not source.exists():
        print(f"linkworker: there is no file or folder at {source}.", file=sys.stderr)
        return EXIT_USAGE
    db = _open(paths)

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\rImporting {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

    try:
        report = import_directory(db, source, progress)
    finally:
        db.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(report.summary())
    s = report.services
    counts = (s.imported, s.updated, s.unchanged, s.skipped, len(report.problems))
    log.info("directory import: %d new, %d updated, %d unchanged, %d skipped; %d problems", *counts)
    return EXIT_USAGE if report.read_nothing else 0


def _cmd_export_directory(paths: Paths, args: argparse.Namespace) -> int:
    from pathlib import Path

    from linkworker.store.directory_export import export_directory

    out = Path(args.out)
    if out.is_dir():
        print(f"linkworker: {out} is a folder; give the name of the file to write.",
              file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    if not out.parent.is_dir():
        print(f"linkworker: there is no folder {out.parent} to write into.", file=sys.stderr)
        return EXIT_USAGE
    db = _open(paths)
    try:
        report = export_directory(db, out)
    except OSError as exc:
        print(f"linkworker: {out} cannot be written ({exc.strerror or type(exc).__name__}). "
              "Nothing was changed.", file=sys.stderr)  # fmt: skip
        return EXIT_FAULT
    finally:
        db.close()
    print(report.summary())
    log.info("directory exported: %d services", report.services)
    return 0


_COMMANDS = {
    "init": _cmd_init,
    "add-person": _cmd_add_person,
    "list-people": _cmd_list_people,
    "connect": _cmd_connect,
    "sync": _cmd_sync,
    "demo-data": _cmd_demo_data,
    "import-directory": _cmd_import_directory,
    "export-directory": _cmd_export_directory,
}
