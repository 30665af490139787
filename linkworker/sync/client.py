"""One sync, start to finish: push the outbox, then pull pages until up to date.

Push first, so the server merges this laptop's edits before it sends records back; then each
pulled page is saved with its cursor. Every step can fail without losing anything: unanswered ops
stay in the outbox and are sent again (the server knows repeats), and pulling resumes from the
last saved cursor.
"""

from __future__ import annotations

import datetime as dt
import platform
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from linkworker.store.database import Database
from linkworker.store.directory_search import index_waiting
from linkworker.store.tables import SyncState, new_id, utcnow
from linkworker.store.vault import Vault
from linkworker.sync import replica
from linkworker.sync.protocol import (
    ACKNOWLEDGED,
    MAX_BATCH,
    EnrolRequest,
    EnrolResponse,
    Op,
    PushRequest,
    PushResponse,
)
from linkworker.sync.transport import OutOfScope, SyncProblem, Transport

Progress = Callable[[str, int, int], None]  # phase ("push", "pull", "index"), done, total
AUDIT = "audit_event"


@dataclass
class SyncReport:
    pushed: int = 0
    refused: int = 0
    pulled: int = 0
    removed: int = 0
    pages: int = 0
    indexed: int = 0  # services made searchable after the pull
    conflicts: int = 0
    waiting: int = 0


class EnrolmentRefused(SyncProblem):
    pass


def _quiet(_phase: str, _done: int, _total: int) -> None:
    return None


def push_all(db: Database, transport: Transport, progress: Progress = _quiet) -> tuple[int, int]:
    """Send the outbox in batches until it is empty.

    One batch is in flight at a time, in ``device_seq`` order, as the server requires. While it
    is, the laptop reads the next batch and drops the last one answered, so its own work
    overlaps the server's. (If the laptop stops before an answered batch is dropped, those ops
    are sent again and the server answers them as duplicates.)

    Returns (sent, refused) changes to records; the audit events that travel with them are
    counted in the progress but not in what a person is told.
    """
    total = replica.outbox_size(db)
    tally = _Tally(total, progress)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="linkworker-push") as wire:
        ops = replica.pending(db, MAX_BATCH)
        answered: tuple[list[Op], PushResponse] | None = None
        while ops:
            flight = wire.submit(transport.push, PushRequest(batch_id=new_id(), ops=ops))
            try:
                if answered is not None:
                    tally.acknowledge(db, *answered)
                    answered = None
                following = replica.pending(db, MAX_BATCH, after=ops[-1].device_seq)
                response = flight.result()
            except OutOfScope as exc:
                ids = [i for i in exc.op_ids if i in {op.op_id for op in ops}]
                if not ids:
                    raise
                replica.set_aside(
                    db, ids, "This record is now held by another team, so the server refused it."
                )
                tally.refused += len({op.op_id for op in ops if op.entity != AUDIT} & set(ids))
                ops = replica.pending(db, MAX_BATCH)  # the rest of that batch, and on
                continue
            finally:
                if not flight.done():
                    flight.cancel()
            if not {r.op_id for r in response.results} & {op.op_id for op in ops}:
                raise SyncProblem("The server did not answer for the changes sent.")
            answered = (ops, response)
            ops = following
        if answered is not None:
            tally.acknowledge(db, *answered)
    return tally.sent, tally.refused


@dataclass
class _Tally:
    total: int
    progress: Progress
    done: int = 0
    sent: int = 0
    refused: int = 0

    def acknowledge(self, db: Database, ops: list[Op], response: PushResponse) -> None:
        changes = {op.op_id for op in ops if op.entity != AUDIT}
        acked, no = replica.acknowledge(db, response.results)
        self.done += acked + no
        for result in response.results:
            if result.op_id in changes:
                self.sent += result.status in ACKNOWLEDGED
                self.refused += result.status == "rejected"
        self.progress("push", min(self.done, self.total), self.total)


def pull_all(
    db: Database, transport: Transport, progress: Progress = _quiet, page_size: int | None = None
) -> SyncReport:
    """Pull and save pages until the server says there is no more.

    The next page is fetched while this one is written (the cursor to ask from is known before
    writing), so the network and the server work while the laptop's disk does. Each page is
    still saved with its cursor, in order, in one transaction.
    """
    report = SyncReport()
    cursor = replica.cursor(db)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="linkworker-pull") as ahead:
        page = transport.pull(cursor, count=True, limit=page_size)
        total = len(page.changes) + (page.remaining or 0)
        while True:
            following = (
                ahead.submit(transport.pull, page.cursor, False, page_size)
                if page.more and page.cursor != cursor
                else None
            )
            try:
                applied = replica.apply_page(db, page)
            except BaseException:
                if following is not None:
                    following.cancel()
                raise
            report.pages += 1
            report.pulled += applied.written
            report.removed += applied.removed
            progress("pull", report.pulled + report.removed, max(total, report.pulled))
            if following is None:
                return report
            cursor = page.cursor
            page = following.result()


def sync_once(
    db: Database, transport: Transport, progress: Progress = _quiet, page_size: int | None = None
) -> SyncReport:
    """Push, then pull, then index for search the services the pull brought. Raises a
    ``SyncProblem`` (its message is for the person) on failure."""
    pushed, refused = push_all(db, transport, progress)
    report = pull_all(db, transport, progress, page_size)
    report.pushed, report.refused = pushed, refused
    report.indexed = index_waiting(db, lambda done, total: progress("index", done, total))
    with db.transaction() as s:
        state = s.get(SyncState, 1)
        assert state is not None
        state.last_synced_at = utcnow()
    counts = replica.counts(db)
    report.conflicts, report.waiting = counts.conflicts, counts.waiting
    return report


def enrol(
    db: Database,
    vault: Vault,
    transport: Transport,
    username: str,
    password: str,
    device_name: str | None = None,
) -> EnrolResponse:
    """Sign in once, keep the device token, and make this laptop's records the organisation's."""
    state = replica.sync_state(db)
    name = (device_name or platform.node() or "Linkworker laptop")[:128]
    answer = transport.enrol(
        EnrolRequest(
            username=username, password=password, device_id=state.device_id, device_name=name
        )
    )
    if state.worker_id is not None and state.org_id != answer.org_id:
        raise EnrolmentRefused(
            "This laptop holds another organisation's records, so it cannot join this one."
        )
    vault.save_device_token(db, answer.token)
    _adopt_organisation(db, answer, transport.base_url)
    transport.token = answer.token
    return answer


def _adopt_organisation(db: Database, answer: EnrolResponse, server_url: str) -> None:
    from sqlalchemy import update

    with db.replicating() as conn:
        for table in replica.synced_tables().values():
            conn.execute(update(table).values(org_id=answer.org_id))
        conn.execute(
            update(SyncState.__table__)  # type: ignore[attr-defined]
            .values(
                org_id=answer.org_id, org_name=answer.org_name, worker_id=answer.worker_id,
                worker_name=answer.worker_name, team_id=answer.team_id, role=answer.role,
                server_url=server_url,
            )
        )  # fmt: skip


def is_enrolled(db: Database) -> bool:
    state = replica.sync_state(db)
    return bool(state.server_url and state.worker_id)


def transport_for(db: Database, vault: Vault) -> Transport | None:
    """A transport to this laptop's server with its token, or None when not connected."""
    state = replica.sync_state(db)
    token = vault.device_token(db)
    if not state.server_url or not token:
        return None
    return Transport(state.server_url, token)


def last_synced(db: Database) -> dt.datetime | None:
    return replica.sync_state(db).last_synced_at
