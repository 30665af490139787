"""``linkworker-server``: run the server, and the administrator's commands.

Exit codes as for ``linkworker``: 0 done, 1 the environment is at fault (database unreachable),
2 invalid input, 70 our bug.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence

from linkworker import __version__
from linkworker.sync.protocol import ROLES

EXIT_OK, EXIT_FAULT, EXIT_INVALID, EXIT_BUG = 0, 1, 2, 70
PASSWORD_ENV = "LINKWORKER_WORKER_PASSWORD"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="linkworker-server",
        description="The Linkworker sync server and its administration.",
    )
    p.add_argument("--version", action="version", version=f"linkworker-server {__version__}")
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--database-url",
        default=os.environ.get("LINKWORKER_SERVER_DATABASE"),
        help="SQLAlchemy URL, e.g. postgresql://user:pass@host/db (default: a SQLite file in "
        "the server's data folder; LINKWORKER_SERVER_DATABASE sets it too)",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("serve", parents=[db], help="run the server")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8765)
    s.add_argument(
        "--threads", type=int, default=8, metavar="N",
        help="requests worked on at once (default 8; more waiting requests queue)",
    )  # fmt: skip

    s = sub.add_parser("init-org", parents=[db], help="create an organisation")
    s.add_argument("name")
    s.add_argument("--ods-code")

    s = sub.add_parser("add-team", parents=[db], help="add a team to an organisation")
    s.add_argument("--org", required=True, help="organisation name or id")
    s.add_argument("name")

    s = sub.add_parser("add-worker", parents=[db], help="add a worker who can sign in")
    s.add_argument("--org", required=True, help="organisation name or id")
    s.add_argument("--team", help="team name or id (every role but manager and admin has one)")
    s.add_argument("--role", required=True, choices=ROLES)
    s.add_argument("--name", required=True, help="the worker's name as colleagues see it")
    s.add_argument("username")

    s = sub.add_parser("list-devices", parents=[db], help="laptops enrolled in an organisation")
    s.add_argument("--org", required=True)

    s = sub.add_parser("revoke-device", parents=[db], help="revoke a laptop: it wipes itself")
    s.add_argument("--org", required=True)
    s.add_argument("device_id")

    s = sub.add_parser("import-directory", parents=[db], help="import Open Referral UK services")
    s.add_argument("--org", required=True)
    s.add_argument("file")
    return p


def _password() -> str:
    supplied = os.environ.get(PASSWORD_ENV)
    if supplied is not None:
        return supplied
    if not sys.stdin.isatty():
        raise ValueError(f"No terminal to ask for the password: set {PASSWORD_ENV}.")
    first = getpass.getpass("Password for the new worker: ")
    if getpass.getpass("Same password again: ") != first:
        raise ValueError("The two passwords differ.")
    return first


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from linkworker.logs import safe_traceback
    from linkworker.server import accounts
    from linkworker.server.db import (
        ServerDatabaseError,
        create_server_engine,
        default_database_url,
        migrate,
    )

    url = args.database_url or default_database_url()
    try:
        engine = create_server_engine(url)
        if args.command == "serve":
            return _serve(engine, args.host, args.port, max(1, args.threads))
        migrate(engine)
        with engine.begin() as conn:
            if args.command == "init-org":
                org_id = accounts.init_org(conn, args.name, args.ods_code)
                print(f"Organisation '{args.name}' created: {org_id}")
                return EXIT_OK
            org_id = accounts.find_org(conn, args.org)
            if args.command == "add-team":
                team_id = accounts.add_team(conn, org_id, args.name)
                print(f"Team '{args.name}' created: {team_id}")
            elif args.command == "add-worker":
                member_of = accounts.find_team(conn, org_id, args.team) if args.team else None
                worker_id = accounts.add_worker(
                    conn, org_id, args.username, args.name, args.role, _password(), member_of
                )
                print(f"Worker '{args.username}' ({args.role}) added: {worker_id}")
            elif args.command == "list-devices":
                devices = accounts.list_devices(conn, org_id)
                if not devices:
                    print("No laptops are enrolled yet.")
                for d in devices:
                    state = f"revoked {d.revoked_at:%Y-%m-%d}" if d.revoked_at else "active"
                    seen = f"{d.last_seen_at:%Y-%m-%d %H:%M}" if d.last_seen_at else "never"
                    print(f"{d.device_id}  {d.username:<16} {d.name:<24} last seen {seen}  {state}")
            elif args.command == "revoke-device":
                accounts.revoke_device(conn, org_id, args.device_id)
                print("Device revoked. Its local data is wiped the next time it connects.")
            elif args.command == "import-directory":
                from linkworker.server.directory import import_file

                report = import_file(conn, org_id, args.file)
                print(report.summary())
        return EXIT_OK
    except (accounts.AdminError, ValueError) as exc:
        print(f"linkworker-server: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except ServerDatabaseError as exc:
        print(f"linkworker-server: {exc}", file=sys.stderr)
        return EXIT_FAULT
    except OSError as exc:
        print(f"linkworker-server: {exc.strerror or type(exc).__name__}", file=sys.stderr)
        return EXIT_FAULT
    except Exception as exc:  # a bug: say so without echoing data
        from sqlalchemy.exc import OperationalError

        if isinstance(exc, OperationalError):
            print(
                "linkworker-server: the database cannot be reached. Check the URL and that it "
                "is running.",
                file=sys.stderr,
            )
            return EXIT_FAULT
        print(
            "linkworker-server: internal error\n"
            + safe_traceback(type(exc), exc, exc.__traceback__),
            file=sys.stderr,
        )
        return EXIT_BUG


# How long an idle connection is kept open. Longer than any client of ours keeps one (httpx:
# 5 s) and than a reverse proxy's usual 60 s: the side that closes an idle connection must be
# the client. With uvicorn's default (5 s, the same as httpx's), a laptop sending its next
# request just as the server closed the connection got a reset ("ReadError") and a sync that
# failed for nothing: seen in bench_sync's 200-device run.
KEEP_ALIVE_S = 75


def _collect_garbage_less_often() -> None:
    """Python's cycle collector, tuned for a server: what was loaded at start (modules, the
    app) is set aside for good (``gc.freeze``), and the young generation is collected after
    50,000 new objects rather than 700. A push batch makes some hundreds of thousands of
    short-lived objects; with the defaults the collector ran hundreds of times a push and
    rescanned everything that had survived, about a quarter of the server's time (PostgreSQL
    push over HTTP, same harness: 3.5k -> 4.7k changes/s; docs/sync.md item 18). Nothing is
    kept longer: almost everything is freed by reference counting the moment it is done with,
    and cycles are still collected, a little later."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _serve(engine: object, host: str, port: int, threads: int) -> int:
    import logging

    import uvicorn
    from sqlalchemy import Engine

    from linkworker.server.app import create_app
    from linkworker.server.db import migrate

    assert isinstance(engine, Engine)
    migrate(engine)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    app = create_app(engine, threads=threads)
    _collect_garbage_less_often()
    print(f"Linkworker server listening on http://{host}:{port} (Ctrl+C stops it)", flush=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_keep_alive=KEEP_ALIVE_S,
    )
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
