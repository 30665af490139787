"""Background sync: a worker on its own thread runs ``sync_once``; a controller decides when.

    controller = SyncController(window)
    controller.status_changed.connect(redraw)      # phase, progress or counts changed
    controller.synced.connect(reload_views)        # a sync finished (a SyncReport)
    controller.revoked.connect(wipe)               # an administrator removed this laptop
    controller.start(database, vault)              # after unlocking: syncs now if connected
    controller.changed()                           # after a local save (debounced)
    controller.sync_now()                          # the person asked, or a conflict was resolved
    controller.stop()                              # before locking (the database closes after)
    controller.shutdown()                          # before the app ends

When: right after unlocking; a few seconds after local changes; every couple of minutes; and,
after a failure, again after a backoff (30 s doubling to 15 min, reset by a success). While the
server cannot be reached, each retry first asks ``/v1/health`` and syncs as soon as it answers.
Never two syncs at once: a request during a sync runs right after it.

The sync itself never runs on the GUI thread. Stopping cancels between steps: every step is its
own transaction (a pushed batch acknowledged, a pulled page with its cursor), so stopping half
way loses nothing; the next sync carries on from there.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from linkworker.store.errors import EnvironmentFault
from linkworker.ui.sync_status import (
    IDLE,
    OFF,
    OFFLINE,
    PAUSED,
    REVOKED,
    SIGN_IN,
    SYNCING,
    TROUBLE,
    SyncSnapshot,
)

if TYPE_CHECKING:
    import datetime as dt

    from linkworker.store.database import Database
    from linkworker.store.vault import Vault

log = logging.getLogger("linkworker.ui.sync")

SECOND_MS = 1000
MINUTE_MS = 60 * SECOND_MS

# Why a sync failed (``SyncWorker.failed``'s first argument).
FAILED_OFFLINE = OFFLINE  # no answer: probe until the server answers
FAILED_TROUBLE = TROUBLE  # the server failed or refused, or the disk: try again later
FAILED_SIGN_IN = SIGN_IN  # the server does not know this laptop's token: connect again
FAILED_REVOKED = REVOKED  # an administrator removed this laptop: wipe it
FAILED_CANCELLED = "cancelled"  # stopped by a lock or by closing


def record_changes(database: Database) -> tuple[int, int]:
    """(waiting, refused) changes to records, audit events not counted."""
    from linkworker.sync import replica

    counts = replica.counts(database)
    return counts.waiting, counts.refused


class _Cancelled(Exception):
    pass


class SyncWorker(QObject):
    """Runs one sync at a time on the thread it was moved to. Signals reach the GUI queued."""

    progress = Signal(str, int, int)  # stage ("push", "pull" or "index"), done, total
    finished = Signal(object)  # a sync.client.SyncReport
    failed = Signal(str, str)  # kind (FAILED_*), message for the person

    def __init__(self, database: Database, vault: Vault) -> None:
        super().__init__()
        self._db = database
        self._vault = vault
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """From any thread: stop after the step in progress."""
        self._cancel.set()

    def _progress(self, stage: str, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise _Cancelled()
        self.progress.emit(stage, done, total)

    @Slot(bool)
    def run(self, probe_first: bool) -> None:
        """One sync; with ``probe_first``, only if ``/v1/health`` answers (after being offline)."""
        kind, message = self._sync(probe_first)
        if kind:
            self.failed.emit(kind, message)

    def _sync(self, probe_first: bool) -> tuple[str, str]:
        from linkworker.logs import log_bug
        from linkworker.store.directory_search import index_waiting, waiting_for_index
        from linkworker.sync.client import sync_once, transport_for
        from linkworker.sync.transport import DeviceRevoked, NotEnrolled, Offline, SyncProblem

        try:
            if self._cancel.is_set():
                raise _Cancelled()
            if waiting_for_index(self._db):  # a sync stopped before it finished: no network needed
                index_waiting(self._db, lambda done, total: self._progress("index", done, total))
            transport = transport_for(self._db, self._vault)
            if transport is None:
                return FAILED_SIGN_IN, self.tr("This laptop has no key for the server.")
            try:
                if probe_first:
                    transport.health()
                    log.info("server answers again")
                    self._progress("probe", 0, 0)  # now it is syncing, no longer offline
                report = sync_once(self._db, transport, self._progress)
            finally:
                transport.close()
        except _Cancelled:
            return FAILED_CANCELLED, ""
        except DeviceRevoked as problem:
            return FAILED_REVOKED, problem.message
        except NotEnrolled as problem:
            return FAILED_SIGN_IN, problem.message
        except Offline as problem:
            return FAILED_OFFLINE, problem.message
        except SyncProblem as problem:
            log.info("sync stopped: %s", type(problem).__name__)
            return FAILED_TROUBLE, problem.message
        except EnvironmentFault as fault:
            log.warning("sync stopped: %s", type(fault).__name__)
            return FAILED_TROUBLE, fault.message
        except Exception as exc:
            if self._cancel.is_set() or self._db.closed:  # locked under it: nothing lost
                return FAILED_CANCELLED, ""
            log_bug(log, exc)
            return FAILED_TROUBLE, self.tr(
                "Something unexpected stopped the sync. A report without personal data is in "
                "the log."
            )
        log.info(
            "sync done: %d sent, %d received, %d removed",
            report.pushed,
            report.pulled,
            report.removed,
        )
        self.finished.emit(report)
        return "", ""


class _Relay(QObject):
    """Brings one worker's signals to the controller on the GUI thread, until switched off.

    A stopped worker may still have signals on their way; once its relay is off they are
    dropped, so a sync that outlived a lock cannot touch the unlocked state that follows.
    """

    def __init__(self, controller: SyncController, worker: SyncWorker) -> None:
        super().__init__(controller)
        self.active = True
        self._controller = controller
        worker.progress.connect(self._progress)
        worker.finished.connect(self._finished)
        worker.failed.connect(self._failed)

    @Slot(str, int, int)
    def _progress(self, stage: str, done: int, total: int) -> None:
        if self.active:
            self._controller._progressed(stage, done, total)

    @Slot(object)
    def _finished(self, report: object) -> None:
        if self.active:
            self._controller._finished(report)

    @Slot(str, str)
    def _failed(self, kind: str, message: str) -> None:
        if self.active:
            self._controller._failed(kind, message)


class SyncController(QObject):
    """Lives on the GUI thread; owns the worker's thread and the timers."""

    status_changed = Signal()  # redraw from ``snapshot()``
    synced = Signal(object)  # a SyncReport
    revoked = Signal(str)  # the server's message
    sign_in_needed = Signal(str)
    _run = Signal(bool)  # to the worker: probe first?

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        interval_ms: int = 2 * MINUTE_MS,
        debounce_ms: int = 3 * SECOND_MS,
        first_backoff_ms: int = 30 * SECOND_MS,
        max_backoff_ms: int = 15 * MINUTE_MS,
        poll_ms: int = 5 * SECOND_MS,
        stop_grace_ms: int = 5 * SECOND_MS,
    ) -> None:
        super().__init__(parent)
        self.interval_ms = interval_ms
        self.first_backoff_ms = first_backoff_ms
        self.max_backoff_ms = max_backoff_ms
        self.stop_grace_ms = stop_grace_ms
        self._db: Database | None = None
        self._vault: Vault | None = None
        self._thread: QThread | None = None
        self._worker: SyncWorker | None = None
        self._relay: _Relay | None = None
        self._retiring: list[tuple[QThread, SyncWorker]] = []
        self._running = False
        self._again = False
        self._failures = 0
        self._probe_next = False
        self._phase = OFF
        self._problem = ""
        self._stage, self._done, self._total = "", 0, 0
        self._connected = False
        self._waiting = self._refused = self._conflicts = 0
        self._last_synced: dt.datetime | None = None

        self._debounce = self._timer(debounce_ms, self._debounced)
        self._next = self._timer(interval_ms, self._due)
        self._poll = self._timer(poll_ms, self._check_counts, single=False)

    def _timer(self, ms: int, slot: object, single: bool = True) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(single)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    # -- what the window asks -------------------------------------------------------------------

    def configure(
        self,
        *,
        interval_ms: int | None = None,
        debounce_ms: int | None = None,
        first_backoff_ms: int | None = None,
        max_backoff_ms: int | None = None,
        poll_ms: int | None = None,
    ) -> None:
        """Change the timings (tests and tools)."""
        if interval_ms is not None:
            self.interval_ms = interval_ms
        if debounce_ms is not None:
            self._debounce.setInterval(debounce_ms)
        if first_backoff_ms is not None:
            self.first_backoff_ms = first_backoff_ms
        if max_backoff_ms is not None:
            self.max_backoff_ms = max_backoff_ms
        if poll_ms is not None:
            self._poll.setInterval(poll_ms)

    def start(self, database: Database, vault: Vault) -> None:
        """The database was unlocked: sync now if this laptop is connected to a server."""
        self.stop()
        self._db, self._vault = database, vault
        self._failures = 0
        self._problem = ""
        self.refresh()
        self._poll.start()
        if self._connected:
            self._phase = IDLE
            self._request()
        else:
            self._phase = OFF
        self.status_changed.emit()

    def connected(self) -> None:
        """The laptop has just been connected (or signed in again): sync at once."""
        if self._db is None:
            return
        self._failures = 0
        self._problem = ""
        self.refresh()
        if self._running:
            return  # started after the connection (the periodic look noticed it first)
        self._phase = IDLE if self._connected else OFF
        self._request(force=True)

    def changed(self) -> None:
        """Something was saved locally: sync in a few seconds, unless more changes follow."""
        if self._db is None:
            return
        self.refresh()
        self.status_changed.emit()
        if self._phase in (IDLE, SYNCING):
            self._debounce.start()

    def sync_now(self) -> None:
        """Sync at once (or right after the sync in progress)."""
        if self._db is None:
            return
        self.refresh()
        self._request(force=True)
        self.status_changed.emit()

    def stop(self, grace_ms: int | None = None) -> None:
        """Stop syncing (before the database is locked). A sync in flight ends after its
        current step; it is waited for up to ``grace_ms`` (negative: as long as it takes), then
        left to end by itself."""
        for timer in (self._debounce, self._next, self._poll):
            timer.stop()
        if self._relay is not None:
            self._relay.active = False
            self._relay.deleteLater()
            self._relay = None
        if self._worker is not None and self._thread is not None:
            self._worker.cancel()
            self._thread.quit()
            grace = self.stop_grace_ms if grace_ms is None else grace_ms
            ended = self._thread.wait() if grace < 0 else self._thread.wait(grace)
            if not ended:
                log.info("a sync is still finishing its step; it ends by itself")
                self._retiring.append((self._thread, self._worker))
                self._thread.finished.connect(self._retired)
        self._thread = None
        self._worker = None
        self._running = self._again = False
        was_on = self._db is not None and self._connected
        self._db = self._vault = None
        if was_on and self._phase != REVOKED:
            self._phase = PAUSED
        self.status_changed.emit()

    def shutdown(self) -> None:
        """The app is ending: stop, and wait for every sync thread to end."""
        self.stop(grace_ms=-1)
        for thread, _worker in list(self._retiring):
            thread.wait()
        self._retiring = []

    # -- state ----------------------------------------------------------------------------------

    @property
    def phase(self) -> str:
        return self._phase

    @property
    def busy(self) -> bool:
        return self._running

    @property
    def retry_in_ms(self) -> int | None:
        """When the next attempt is due (None: none scheduled)."""
        return self._next.remainingTime() if self._next.isActive() else None

    def backoff_ms(self, failures: int) -> int:
        """The wait after ``failures`` failures in a row: 30 s, 60 s, 2 min … up to 15 min."""
        if failures <= 0:
            return self.interval_ms
        doubled: int = self.first_backoff_ms << min(failures - 1, 20)
        return min(doubled, self.max_backoff_ms)

    def snapshot(self) -> SyncSnapshot:
        return SyncSnapshot(
            phase=self._phase,
            connected=self._connected,
            waiting=self._waiting,
            refused=self._refused,
            conflicts=self._conflicts,
            last_synced=self._last_synced,
            stage=self._stage,
            done=self._done,
            total=self._total,
            problem=self._problem,
        )

    def refresh(self) -> None:
        """Read the counts and the enrolment again (cheap: three counts and one row)."""
        if self._db is None:
            return
        from linkworker.sync import replica

        try:
            conflicts = replica.counts(self._db).conflicts
            waiting, refused = record_changes(self._db)
            state = replica.sync_state(self._db)
        except (EnvironmentFault, RuntimeError):
            return  # the disk or a lock: the status says what it said; the next read may work
        self._waiting, self._refused, self._conflicts = waiting, refused, conflicts
        self._connected = bool(state.server_url and state.worker_id)
        self._last_synced = state.last_synced_at

    # -- running a sync -------------------------------------------------------------------------

    def _request(self, probe: bool = False, force: bool = False) -> None:
        if self._db is None or self._vault is None or not self._connected:
            return
        if not force and self._phase in (SIGN_IN, REVOKED):
            return
        if self._running:
            self._again = True
            return
        if self._worker is None:
            self._thread = QThread()
            self._thread.setObjectName("linkworker-sync")
            self._worker = SyncWorker(self._db, self._vault)
            self._worker.moveToThread(self._thread)
            self._relay = _Relay(self, self._worker)
            self._run.connect(self._worker.run)
            self._thread.start()
        self._next.stop()
        self._debounce.stop()
        self._running = True
        self._again = False
        if not probe:  # a probe leaves "Offline" showing until the server answers
            self._phase = SYNCING
        self._stage, self._done, self._total = "", 0, 0
        self.status_changed.emit()
        self._run.emit(probe)

    def _progressed(self, stage: str, done: int, total: int) -> None:
        self._phase = SYNCING
        self._stage, self._done, self._total = stage, done, total
        self.status_changed.emit()

    def _finished(self, report: object) -> None:
        self._running = False
        self._failures = 0
        self._probe_next = False
        self._problem = ""
        self._phase = IDLE
        self.refresh()
        self.synced.emit(report)
        self.status_changed.emit()
        if self._again:
            self._again = False
            self._debounce.start()  # what was saved during the sync goes in a moment
        self._schedule(self.interval_ms)

    def _failed(self, kind: str, message: str) -> None:
        self._running = False
        self._again = False
        self.refresh()
        if kind == FAILED_CANCELLED:
            self._phase = IDLE
        elif kind == FAILED_REVOKED:
            self._phase = REVOKED
            self._problem = message
            for timer in (self._debounce, self._next, self._poll):
                timer.stop()
            self.status_changed.emit()
            self.revoked.emit(message)
            return
        elif kind == FAILED_SIGN_IN:
            self._phase = SIGN_IN
            self._problem = message
            self._next.stop()
            self._debounce.stop()
            self.status_changed.emit()
            self.sign_in_needed.emit(message)
            return
        else:
            self._phase = OFFLINE if kind == FAILED_OFFLINE else TROUBLE
            self._problem = message
            self._failures += 1
            self._probe_next = kind == FAILED_OFFLINE
            wait = self.backoff_ms(self._failures)
            log.info("sync failed (%s); next try in %d s", kind, wait // SECOND_MS)
            self._schedule(wait)
        self.status_changed.emit()

    def _schedule(self, ms: int) -> None:
        self._next.setInterval(max(0, ms))
        self._next.start()

    @Slot()
    def _due(self) -> None:
        self._request(probe=self._probe_next)

    @Slot()
    def _debounced(self) -> None:
        if self._phase in (IDLE, SYNCING):
            self._request()

    @Slot()
    def _check_counts(self) -> None:
        """The periodic look: redraw when the counts moved; new local changes start a sync."""
        before = (self._waiting, self._refused, self._conflicts, self._connected)
        self.refresh()
        after = (self._waiting, self._refused, self._conflicts, self._connected)
        if after == before:
            return
        if self._connected and not before[3] and self._phase == OFF:
            self.connected()  # connected meanwhile (a dialog closed early, or the command line)
            return
        self.status_changed.emit()
        if self._waiting > before[0] and self._phase == IDLE and not self._debounce.isActive():
            self._debounce.start()

    @Slot()
    def _retired(self) -> None:
        """Let go of stopped syncs whose threads have ended."""
        self._retiring = [(t, w) for t, w in self._retiring if not t.isFinished()]
