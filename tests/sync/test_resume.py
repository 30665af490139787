"""A first sync that is killed part way resumes from the last page it saved, not from zero.

The laptop runs in its own process against a real server process on loopback. It is killed with
SIGKILL in the middle of writing page k+1 (after some of that page's rows were written, before the
transaction committed). Opened again, its database holds exactly pages 1..k and their cursor;
the next sync asks for what comes after that cursor and pulls only the remaining pages.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from keyring.backends import fail

from linkworker.paths import Paths
from linkworker.store.keys import SecretStore
from linkworker.store.tables import Person
from linkworker.store.vault import Vault
from linkworker.sync import client, replica
from linkworker.sync.transport import Transport
from tests.conftest import PASSPHRASE, subprocess_env
from tests.sync.server_process import ServerProcess

PAGE = 200
PEOPLE = 1000  # five pages of people, after the organisation's own records
KILL_DURING_PAGE = 3

LAPTOP = textwrap.dedent(
    """
    import os, signal, sys
    from linkworker.paths import Paths
    from linkworker.store.vault import Vault
    from linkworker.sync import client, replica

    kill_during = int(sys.argv[1])
    page_size = int(sys.argv[2])
    pages = 0
    real_apply_entity = replica._apply_entity

    def dying_apply_entity(*args):
        real_apply_entity(*args)
        if pages == kill_during - 1:  # rows of page k+1 written, not committed: die now
            os.kill(os.getpid(), signal.SIGKILL)

    real_apply_page = replica.apply_page

    def counting_apply_page(db, page):
        global pages
        done = real_apply_page(db, page)
        pages += 1
        print(f"saved page {pages} cursor {page.cursor}", flush=True)
        return done

    replica._apply_entity = dying_apply_entity
    replica.apply_page = counting_apply_page
    vault = Vault(Paths.default())
    db = vault.unlock_from_environment()
    client.sync_once(db, client.transport_for(db, vault), page_size=page_size)
    print("finished without being killed", flush=True)
    """
)


def test_an_interrupted_first_sync_resumes_from_the_last_saved_page(
    tmp_path: Path, paths: Paths
) -> None:
    # No keyring shared with the laptop's process: the device token is kept in the database.
    with ServerProcess(tmp_path / "server") as server:
        worker = server.add_worker("ann", team="Canal Side")
        server.add_people("ann", PEOPLE)

        env = subprocess_env(tmp_path)
        env["LINKWORKER_PASSPHRASE"] = PASSPHRASE
        vault = Vault(paths, SecretStore(fail.Keyring()))
        db = vault.create(PASSPHRASE)
        client.enrol(db, vault, Transport(server.url), worker.username, worker.password, "A")
        assert replica.cursor(db) == 0
        db.close()

        laptop = subprocess.run(
            [sys.executable, "-c", LAPTOP, str(KILL_DURING_PAGE), str(PAGE)],
            env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert laptop.returncode == -signal.SIGKILL, laptop.stderr
        saved = [line for line in laptop.stdout.splitlines() if line.startswith("saved page")]
        assert len(saved) == KILL_DURING_PAGE - 1
        cursor_k = int(saved[-1].rsplit(" ", 1)[1])

        db = vault.unlock_with_passphrase(PASSPHRASE)
        try:
            assert replica.cursor(db) == cursor_k  # page k and its cursor were kept...
            with db.reading() as s:
                held = len(s.exec(Person.__table__.select()).all())  # type: ignore[attr-defined]
            assert 0 < held < PEOPLE  # ...and nothing of the page being written when it died

            asked: list[int] = []
            transport = Transport(server.url, vault.device_token(db))
            real_pull = transport.pull

            def pull(cursor: int, count: bool = False, limit: int | None = None):  # type: ignore[no-untyped-def]
                asked.append(cursor)
                return real_pull(cursor, count, limit)

            transport.pull = pull  # type: ignore[method-assign]
            client.sync_once(db, transport, page_size=PAGE)
            assert asked[0] == cursor_k  # resumed where it stopped, not from zero
            assert len(asked) <= (PEOPLE + 20) // PAGE + 1 - (KILL_DURING_PAGE - 1) + 1
            with db.reading() as s:
                people = s.exec(Person.__table__.select()).all()  # type: ignore[attr-defined]
            assert len(people) == PEOPLE
        finally:
            db.close()
