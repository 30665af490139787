"""The change log has no gaps a laptop could step over (DESIGN.md 5, "Order on the server").

Four laptops push new records at once while a fifth pulls again and again from its saved cursor.
If a change could commit with a number below a cursor already handed out, the puller would step
over it for ever. At the end, after one last pull, it has seen every record the server
acknowledged, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import random
import threading
import time
from typing import Any

from fastapi.testclient import TestClient

from linkworker.server.app import create_app
from linkworker.store.tables.base import new_id
from tests.server.conftest import World
from tests.server.helpers import Laptop, consent, person

WRITERS = 4
PUSHES = 50


def test_a_laptop_pulling_during_concurrent_pushes_misses_nothing(world: World) -> None:
    # Each laptop its own device (and its own client and app, as separate server workers).
    writers = [Laptop(TestClient(create_app(world.engine)), world.alice) for _ in range(WRITERS)]
    puller = Laptop(TestClient(create_app(world.engine)), world.alice)
    acknowledged: set[str] = set()
    problems: list[str] = []
    lock = threading.Lock()
    done = threading.Event()

    def write(laptop: Laptop, seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(PUSHES):
            ada = new_id()
            ops = [laptop.op("person", ada, "put", person("Ada", "Lovelace"))]
            ops += [
                laptop.op("consent", new_id(), "put", consent(ada))
                for _ in range(rng.randint(0, 4))
            ]
            response = laptop.push(*ops)
            if response.status_code != 200:
                problems.append(f"push: {response.status_code} {response.text[:200]}")
                return
            with lock:
                acknowledged.update(
                    op["entity_id"]
                    for op, result in zip(ops, response.json()["results"], strict=True)
                    if result["status"] == "applied"
                )

    seen: set[str] = set()
    pages = 0

    def pull_once() -> None:
        nonlocal pages
        response = puller.pull_page(limit=50)
        if response.status_code != 200:
            problems.append(f"pull: {response.status_code} {response.text[:200]}")
            return
        page: dict[str, Any] = response.json()
        seqs = [c["seq"] for c in page["changes"]]
        if seqs != sorted(set(seqs)) or (seqs and seqs[0] <= puller.cursor):
            problems.append(f"page out of order after cursor {puller.cursor}: {seqs}")
        seen.update(c["entity_id"] for c in page["changes"])
        puller.cursor = page["cursor"]  # saved with the page, as the laptop does
        pages += 1

    def pull_while_writing() -> None:
        while not done.is_set():
            pull_once()
            time.sleep(0.001)

    threads = [threading.Thread(target=write, args=(laptop, n)) for n, laptop in enumerate(writers)]
    reader = threading.Thread(target=pull_while_writing)
    reader.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    reader.join()
    while True:  # the last pull, to the end of the log
        before = puller.cursor
        pull_once()
        if puller.cursor == before:
            break

    assert problems == []
    assert len(acknowledged) >= WRITERS * PUSHES
    assert pages > WRITERS, "the puller should have pulled while the pushes were going on"
    missed = acknowledged - seen
    assert not missed, f"{len(missed)} acknowledged records were never pulled"


def test_laptops_editing_the_same_people_at_once_lose_no_edit(world: World) -> None:
    """Four laptops patch the same three people at once, each edit based on an old version,
    with new consents hanging off them. Every edit that changed a person must show in their
    version (two pushes merging into the same stale copy would count one), the later clock's
    phone number must stand, and every consent must be kept."""
    first = Laptop(TestClient(create_app(world.engine)), world.alice)
    people = [new_id() for _ in range(3)]
    first.pushed(
        *(first.op("person", p, "put", person("Ada", f"Shared {i}")) for i, p in enumerate(people))
    )
    writers = [Laptop(TestClient(create_app(world.engine)), world.alice) for _ in range(WRITERS)]
    changed: dict[str, int] = dict.fromkeys(people, 0)
    phones: dict[str, list[tuple[str, str]]] = {p: [] for p in people}
    consents: set[str] = set()
    problems: list[str] = []
    lock = threading.Lock()

    def write(laptop: Laptop, seed: int) -> None:
        rng = random.Random(seed)
        for n in range(30):
            who = rng.choice(people)
            phone = f"0113 496 {seed}{n:03d}"
            edit = laptop.op("person", who, "patch", {"phone": phone}, base_version=1)
            extra = [
                laptop.op("consent", new_id(), "put", consent(who))
                for _ in range(rng.randint(0, 2))
            ]
            response = laptop.push(edit, *extra)
            if response.status_code != 200:
                problems.append(f"push: {response.status_code} {response.text[:200]}")
                return
            results = response.json()["results"]
            with lock:
                if results[0]["status"] in ("applied", "merged"):
                    changed[who] += 1
                phones[who].append((edit["hlc"], phone))
                consents.update(op["entity_id"] for op in extra)

    threads = [threading.Thread(target=write, args=(laptop, n)) for n, laptop in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert problems == []
    view = first.sync_view()
    for p in people:
        held = view[("person", p)]
        assert held["version"] == 1 + changed[p], f"{p}: an edit was merged into a stale copy"
        assert held["values"]["phone"] == max(phones[p])[1]
    assert {i for (kind, i) in view if kind == "consent"} == consents
