"""A writer for the crash-safety test: adds people until it is killed.

Run as ``python -m tests.support.writer`` in an environment from ``tests.conftest.subprocess_env``
(so it unlocks with the shared file keyring). After each committed person it prints the new id on
its own line and flushes, so everything printed is known to be committed.
"""

from __future__ import annotations

import sys
from itertools import count

from linkworker.care.person import NewPerson
from linkworker.paths import Paths
from linkworker.store.people import add_person
from linkworker.store.vault import Vault


def main() -> int:
    db = Vault(Paths.default()).unlock_with_keyring()
    if db is None:
        print("writer: the database key is not in the keyring", file=sys.stderr)
        return 1
    for n in count(1):
        person_id = add_person(db, NewPerson(given_name=f"Writer{n}", family_name="Crashtest"))
        sys.stdout.write(person_id + "\n")
        sys.stdout.flush()
    return 0  # not reached: the test kills the writer


if __name__ == "__main__":
    raise SystemExit(main())
