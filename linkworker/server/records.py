"""Push and pull: ops merged into the server's records, and pages of the change log.

Gap-safe order: every transaction that writes records first locks its organisation's row
(``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` does the same) and takes
change-log numbers from the counter there, writing the counter back before it commits. So numbers
are handed out in commit order: a laptop that has pulled up to N can never later find a change
numbered below N committing. This is the per-organisation lock of DESIGN.md 5, done with the
counter's row lock rather than an advisory lock so that one code path serves both databases.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import (
    ARRAY,
    JSON,
    Connection,
    Text,
    and_,
    any_,
    bindparam,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy import Table as SqlTable
from sqlalchemy.exc import DBAPIError

from linkworker.care.hlc import MAX_COUNTER, HybridLogicalClock, Timestamp
from linkworker.server import tables as t
from linkworker.server.catalogue import Entity, entity
from linkworker.sync.merge import (
    Candidate,
    FieldStamp,
    IncomingOp,
    RecordState,
    compact_stamps,
    expand_stamps,
    merge,
)
from linkworker.sync.protocol import MAX_PAGE, PROTOCOL_VERSION, Op, OpResult, PullPage

ALL_TEAMS = "*"
SERVER_DEVICE = "server"


class OutOfScope(Exception):
    """Ops in a push touch records this laptop's worker may not see; nothing was saved."""

    def __init__(self, op_ids: list[str]) -> None:
        super().__init__(f"{len(op_ids)} changes are for records outside your team")
        self.op_ids = op_ids


@dataclass(frozen=True)
class Caller:
    """Who is asking: the device's organisation, worker, team and what they may see."""

    org_id: str
    device_id: str
    worker_id: str
    team_id: str | None
    all_teams: bool  # managers and administrators see every team's people

    def sees_team(self, team_id: str | None) -> bool:
        return self.all_teams or (team_id is not None and team_id == self.team_id)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# ---------------------------------------------------------------- records as the merge sees them


def _state(row: Mapping[str, Any]) -> RecordState:
    doc = row["doc"]
    if isinstance(doc, str):  # loaded as text, decoded only when merged into
        doc = json.loads(doc)
    common = doc.get("stamp")
    return RecordState(
        values=doc["values"],
        stamps=expand_stamps(
            doc["values"],
            FieldStamp(*common) if common else None,
            {k: FieldStamp(h, v) for k, (h, v) in doc["stamps"].items()},
        ),
        version=int(row["version"]),
        append_only=bool(row["append_only"]),
        candidates={
            k: tuple(Candidate(c["value"], c["hlc"], c["version"]) for c in pool)
            for k, pool in doc.get("candidates", {}).items()
        },
    )


def _doc(state: RecordState) -> dict[str, Any]:
    """As stored, and as it travels: the ``Change`` fields ``values``, ``stamp`` (the one most
    fields share), ``stamps`` (the others) and ``candidates``."""
    common, others = compact_stamps(state.stamps)
    return {
        "values": dict(state.values),
        "stamp": [common.hlc, common.version] if common else None,
        "stamps": {k: [s.hlc, s.version] for k, s in others.items()},
        "candidates": {
            k: [{"value": c.value, "hlc": c.hlc, "version": c.version} for c in pool]
            for k, pool in state.candidates.items()
        },
    }


class Ledger:
    """One writing transaction's view of its organisation: the locked change-log counter."""

    def __init__(self, conn: Connection, org_id: str) -> None:
        self.conn = conn
        self.org_id = org_id
        row = conn.execute(
            select(t.organisation.c.last_seq).where(t.organisation.c.id == org_id).with_for_update()
        ).first()
        if row is None:
            raise LookupError("no such organisation")
        self.last_seq = int(row[0])
        self._start = self.last_seq

    def next_seq(self) -> int:
        self.last_seq += 1
        return self.last_seq

    def close(self) -> None:
        if self.last_seq != self._start:
            self.conn.execute(
                update(t.organisation)
                .where(t.organisation.c.id == self.org_id)
                .values(last_seq=self.last_seq)
            )


class _LaterSeqs:
    """Change numbers handed out before the counter is locked: 1, 2, 3… within the batch, moved
    past the organisation's counter (``settle``) just before the writes. The counter row is then
    locked only for the writes and the commit, not while the batch is merged, so laptops pushing
    at once wait for each other much less (the numbers still follow commit order)."""

    def __init__(self) -> None:
        self.last_seq = 0

    def next_seq(self) -> int:
        self.last_seq += 1
        return self.last_seq

    def settle(self, conn: Connection, org_id: str) -> tuple[Ledger, int]:
        ledger = Ledger(conn, org_id)
        base = ledger.last_seq
        ledger.last_seq += self.last_seq
        return ledger, base


@dataclass
class _Loaded:
    rows: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def get(self, ent: str, ent_id: str) -> dict[str, Any] | None:
        return self.rows.get((ent, ent_id))


def _one_of(conn: Connection, column: Any, values: Sequence[Any]) -> Any:
    """``column IN (values)``; on PostgreSQL as ``= ANY(array)``, one parameter, not hundreds
    (a statement that long is parsed afresh every time, by psycopg and by the server)."""
    if conn.dialect.name == "postgresql":
        return column == any_(literal(list(values), type_=ARRAY(column.type)))
    return column.in_(values)


def _load(conn: Connection, org_id: str, keys: Iterable[tuple[str, str]]) -> _Loaded:
    """The stored records for these keys, one query per kind of record (by primary key). Each
    ``doc`` stays JSON text until merged into: most parents are loaded only for their team.

    On PostgreSQL the rows are locked (``FOR UPDATE``, always in the same order) until commit:
    two pushes touching one record take turns, and the second merges into what the first
    wrote. (SQLite's ``BEGIN IMMEDIATE`` already lets one writer in at a time.)"""
    loaded = _Loaded()
    by_entity: dict[str, list[str]] = {}
    for ent, ent_id in set(keys):
        by_entity.setdefault(ent, []).append(ent_id)
    r = t.record.c
    for ent, ids in sorted(by_entity.items()):
        ids.sort()
        for i in range(0, len(ids), 500):
            rows = conn.execute(
                select(*[c for c in t.record.c if c.name != "doc"], cast(r.doc, Text).label("doc"))
                .where(
                    r.org_id == org_id,
                    r.entity == ent,
                    _one_of(conn, r.entity_id, ids[i : i + 500]),
                )
                .order_by(r.entity_id)
                .with_for_update()
            ).mappings()
            for row in rows:
                loaded.rows[(row["entity"], row["entity_id"])] = dict(row)
    return loaded


def insert_rows(conn: Connection, table: SqlTable, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows, each with the same keys. On PostgreSQL as one ``COPY``: psycopg's
    executemany spends some 40 µs of Python on each row (most of a push's insert time, and the
    server's Python is what a push waits for); COPY streams the rows, formatted in C. JSON
    columns are written as ``json.dumps`` text, as SQLAlchemy writes them. Elsewhere, and for
    a handful of rows, an ordinary executemany."""
    if not rows:
        return
    if conn.dialect.name != "postgresql" or len(rows) < 8:
        conn.execute(table.insert(), list(rows))
        return
    names = list(rows[0])
    as_json = {n for n in names if isinstance(table.c[n].type, JSON)}
    statement = f"COPY {table.name} ({', '.join(names)}) FROM STDIN"
    raw: Any = conn.connection.dbapi_connection
    driver_error: Any = conn.dialect.loaded_dbapi.Error
    try:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([json.dumps(row[n]) if n in as_json else row[n] for n in names])
    except driver_error as exc:  # as SQLAlchemy would raise it: IntegrityError, OperationalError…
        raise DBAPIError.instance(statement, None, exc, driver_error) from exc


# ---------------------------------------------------------------------------------------- push


def _plainly_storable(value: Any) -> bool:
    """The quick check, in C: it writes as strict JSON in UTF-8 (``_unstorable`` says why not)."""
    try:
        json.dumps(value, allow_nan=False, ensure_ascii=False).encode("utf-8")
    except (ValueError, UnicodeEncodeError):
        return False
    return True


def _unstorable(value: Any) -> str | None:
    """Why a value could not be stored and sent back as JSON, or None.

    JSON parsers let through what no JSON writer may produce: NaN and infinities (PostgreSQL's
    ``json`` refuses them) and lone surrogates (stored, but then no pull could encode them).
    Nesting depth is bounded by the protocol, so the recursion is too.
    """
    if isinstance(value, str):
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return "text must be valid Unicode (it has a lone surrogate)"
    elif isinstance(value, float):
        if not math.isfinite(value):
            return "numbers must be finite (not NaN or infinity)"
    elif isinstance(value, dict):
        for k, v in value.items():
            why = _unstorable(k) or _unstorable(v)
            if why:
                return why
    elif isinstance(value, list):
        for v in value:
            why = _unstorable(v)
            if why:
                return why
    return None


def _team_ids(conn: Connection, org_id: str) -> frozenset[str]:
    return frozenset(conn.execute(select(t.team.c.id).where(t.team.c.org_id == org_id)).scalars())


def _check_op(op: Op, ent: Entity | None, teams: Callable[[], frozenset[str]]) -> str | None:
    """Why an op can never be applied (a laptop on another version, or a bug), or None."""
    if ent is None:
        return f"The server does not know records of kind '{op.entity}'."
    if ent.server_managed:
        return "Teams, workers and devices are managed on the server."
    unknown = sorted(set(op.payload) - ent.fields)
    if unknown:
        return f"Unknown fields for {op.entity}: {', '.join(unknown[:5])}."
    if ent.append_only and op.kind not in ("append",):
        return f"{op.entity} records are append-only; add a new one instead."
    if not ent.append_only and op.kind == "append":
        return f"{op.entity} records are not append-only."
    why = _unstorable(op.payload) if not _plainly_storable(op.payload) else None
    if why:
        return f"A value of this {op.entity} cannot be stored: {why}."
    team = op.payload.get("team_id")
    if (
        ent.name == "person"
        and team is not None
        and (not isinstance(team, str) or team not in teams())
    ):
        return "The person's team_id is not a team of this organisation."
    return None


def _applied_before(conn: Connection, device_id: str, seqs: list[int]) -> dict[int, Any]:
    """What became of the ops among ``seqs`` this device sent before, by ``device_seq``.

    A batch's ops are numbered one after another, so they are looked up as a range (one small
    query) unless they are spread thin."""
    if not seqs:
        return {}
    a = t.applied_op.c
    wanted = set(seqs)
    lo, hi = min(seqs), max(seqs)
    if hi - lo <= 4 * len(seqs):
        where = [a.device_seq.between(lo, hi)]
    else:
        where = [_one_of(conn, a.device_seq, seqs[i : i + 400]) for i in range(0, len(seqs), 400)]
    done: dict[int, Any] = {}
    for clause in where:
        for row in conn.execute(select(t.applied_op).where(a.device_id == device_id, clause)):
            if row.device_seq in wanted:
                done[int(row.device_seq)] = row._mapping
    return done


def push(conn: Connection, caller: Caller, ops: Sequence[Op]) -> list[OpResult]:
    """Merge a batch of one laptop's ops, in ``device_seq`` order, in one transaction.

    Ops already applied (a resent batch, a duplicated request) are answered from the record of
    the first time and change nothing. If any op touches a record outside the caller's scope the
    whole batch is refused (``OutOfScope``) and nothing is saved.
    """
    ops = sorted(ops, key=lambda o: o.device_seq)
    # One batch of a laptop at a time: a batch resent while its first sending is still being
    # saved (a laptop that timed out) waits on the device's row, then finds its ops applied,
    # instead of applying them again. (SQLite's ``BEGIN IMMEDIATE`` already serialises them.)
    # Marking the laptop seen locks its row until commit.
    d = t.device.c
    conn.execute(update(t.device).where(d.id == caller.device_id).values(last_seen_at=utcnow()))
    # Change numbers are taken from the organisation's counter only when the batch is merged,
    # just before writing (or when moving a person's case, which writes as it goes).
    ledger: _LaterSeqs | None = _LaterSeqs() if ops else None
    done = _applied_before(conn, caller.device_id, [o.device_seq for o in ops])
    fresh = [o for o in ops if o.device_seq not in done]
    teams = cache(lambda: _team_ids(conn, caller.org_id))  # read if a person's team is set

    keys: set[tuple[str, str]] = set()
    for op in fresh:
        keys.add((op.entity, op.entity_id))
        ent = entity(op.entity)
        if ent is not None and ent.parent is not None:
            parent_id = op.payload.get(ent.parent[0])
            if isinstance(parent_id, str):
                keys.add((ent.parent[1], parent_id))
    loaded = _load(conn, caller.org_id, keys)

    results: list[OpResult] = []
    refused: list[str] = []
    applied_rows: list[dict[str, Any]] = []
    writer = _Writer(conn, caller, ledger, loaded)
    for op in ops:
        if op.device_seq in done:
            first = done[op.device_seq]
            status = "rejected" if first["status"] == "rejected" else "duplicate"
            results.append(
                OpResult(
                    op_id=op.op_id, device_seq=op.device_seq, status=status,
                    version=first["version"], reason=first["reason"],
                )
            )  # fmt: skip
            continue
        done[op.device_seq] = {"status": "pending", "version": None, "reason": None}
        ent = entity(op.entity)
        reason = _check_op(op, ent, teams)
        if reason is not None or ent is None:
            result = OpResult(
                op_id=op.op_id, device_seq=op.device_seq, status="rejected", reason=reason
            )
        else:
            try:
                result = writer.apply(op, ent)
            except OutOfScope:
                refused.append(op.op_id)
                continue
        results.append(result)
        applied_rows.append(
            {
                "device_id": caller.device_id, "device_seq": op.device_seq, "op_id": op.op_id,
                "status": result.status, "version": result.version, "reason": result.reason,
            }
        )  # fmt: skip
    if refused:
        raise OutOfScope(refused)
    if isinstance(writer.ledger, _LaterSeqs) and writer.ledger.last_seq:
        writer.counter()
    writer.flush()
    insert_rows(conn, t.applied_op, applied_rows)
    if isinstance(writer.ledger, Ledger):
        writer.ledger.close()
    return results


# One statement for every record a batch changes, executed with many rows.
_UPDATE_RECORD = (
    update(t.record)
    .where(
        t.record.c.org_id == bindparam("b_org_id"),
        t.record.c.entity == bindparam("b_entity"),
        t.record.c.entity_id == bindparam("b_entity_id"),
    )
    .values(
        team_id=bindparam("b_team_id"), root_id=bindparam("b_root_id"), seq=bindparam("b_seq"),
        version=bindparam("b_version"), deleted=bindparam("b_deleted"), doc=bindparam("b_doc"),
    )
)  # fmt: skip


class _Writer:
    """Applies ops to loaded records, collecting the writes to make at the end."""

    def __init__(
        self,
        conn: Connection,
        caller: Caller,
        ledger: Ledger | _LaterSeqs | None,
        loaded: _Loaded,
    ) -> None:
        self.conn = conn
        self.caller = caller
        self.ledger = ledger
        self.loaded = loaded
        self.inserts: dict[tuple[str, str], dict[str, Any]] = {}
        self.updates: dict[tuple[str, str], dict[str, Any]] = {}
        self.history: list[dict[str, Any]] = []
        self.exits: list[dict[str, Any]] = []

    def _placement(
        self, op: Op, ent: Entity, current: Mapping[str, Any] | None
    ) -> tuple[str | None, str | None]:
        """(team_id, root_id) the record will have after this op; checks the caller may."""
        if ent.scope != "team":
            return None, None
        if current is not None and not self.caller.sees_team(current["team_id"]):
            raise OutOfScope([op.op_id])
        if current is None and op.kind in ("patch", "delete"):
            # An edit of a record this organisation does not hold: another team's or tenant's
            # id, or none at all. Refused alike, so the answer tells nothing about which.
            raise OutOfScope([op.op_id])
        if ent.name == "person":
            team = op.payload.get("team_id", current["team_id"] if current else None)
            return team or self.caller.team_id, op.entity_id
        if ent.parent is not None:
            parent_id = op.payload.get(ent.parent[0])
            if parent_id is None and current is not None:
                return current["team_id"], current["root_id"]
            if isinstance(parent_id, str):
                parent = self._row(ent.parent[1], parent_id)
                if parent is None:
                    raise OutOfScope([op.op_id])  # no such record here, or not theirs
                if not self.caller.sees_team(parent["team_id"]):
                    raise OutOfScope([op.op_id])
                root = parent_id if ent.parent[1] == "person" else parent["root_id"]
                return parent["team_id"], root
        if current is not None:
            return current["team_id"], current["root_id"]
        return self.caller.team_id, None

    def _row(self, ent: str, ent_id: str) -> dict[str, Any] | None:
        key = (ent, ent_id)
        return self.inserts.get(key) or self.updates.get(key) or self.loaded.get(ent, ent_id)

    def apply(self, op: Op, ent: Entity) -> OpResult:
        assert self.ledger is not None
        key = (op.entity, op.entity_id)
        current = self._row(*key)
        team, root = self._placement(op, ent, current)
        payload = dict(op.payload)
        if ent.name == "person" and ("team_id" in payload or current is None):
            payload["team_id"] = team  # a person without a team joins the recorder's team
        state = _state(current) if current is not None else None
        result = merge(state, IncomingOp(op.kind, op.hlc, payload, op.base_version), ent.guarded)
        # Losers are kept in history, also those of an edit that lost every field it wrote
        # (which changes nothing else).
        now = utcnow() if result.lost else None
        for lost in result.lost:
            self.history.append(
                {
                    "org_id": self.caller.org_id, "entity": op.entity, "entity_id": op.entity_id,
                    "field": lost.field, "value": lost.value, "hlc": lost.hlc, "at": now,
                }
            )  # fmt: skip
        if result.status == "unchanged" and current is not None:
            return OpResult(
                op_id=op.op_id, device_seq=op.device_seq, status="unchanged",
                version=int(current["version"]),
            )  # fmt: skip
        new = result.state
        row = {
            "org_id": self.caller.org_id, "entity": op.entity, "entity_id": op.entity_id,
            "scope": ent.scope, "team_id": team, "root_id": root, "seq": self.ledger.next_seq(),
            "version": new.version, "deleted": new.values.get("deleted_at") is not None,
            "append_only": new.append_only, "doc": _doc(new),
        }  # fmt: skip
        if current is None:
            self.inserts[key] = row
        else:
            if key in self.inserts:
                self.inserts[key] = row
            else:
                self.updates[key] = row
            old_team = current["team_id"]
            if old_team is not None and old_team != team:
                if ent.name == "person":
                    self._move_case(op.entity_id, old_team, team)
                else:  # linked to a person of another team: the old team's laptops drop it
                    self.exits.append(
                        {
                            "org_id": self.caller.org_id, "team_id": old_team,
                            "entity": op.entity, "entity_id": op.entity_id,
                            "seq": self.ledger.next_seq(),
                        }
                    )  # fmt: skip
        return OpResult(
            op_id=op.op_id, device_seq=op.device_seq, status=result.status, version=new.version
        )

    def _move_case(self, person_id: str, old_team: str, new_team: str | None) -> None:
        """A person handed to another team: their whole record goes with them."""
        ledger = self.counter()  # written as it goes, so with the counter locked from here on
        self.flush()
        rows = self.conn.execute(
            select(t.record.c.entity, t.record.c.entity_id).where(
                t.record.c.org_id == self.caller.org_id,
                or_(
                    t.record.c.root_id == person_id,
                    and_(t.record.c.entity == "person", t.record.c.entity_id == person_id),
                ),
            )
        ).all()
        exits = []
        for ent_name, ent_id in rows:
            exits.append(
                {
                    "org_id": self.caller.org_id, "team_id": old_team, "entity": ent_name,
                    "entity_id": ent_id, "seq": ledger.next_seq(),
                }
            )  # fmt: skip
            if (ent_name, ent_id) != ("person", person_id):
                seq = ledger.next_seq()
                self.conn.execute(
                    update(t.record)
                    .where(
                        t.record.c.org_id == self.caller.org_id,
                        t.record.c.entity == ent_name,
                        t.record.c.entity_id == ent_id,
                    )
                    .values(team_id=new_team, seq=seq)
                )
                # Later ops in this batch must see the move: a stale team here would let them
                # edit the record as the old team and write it back there, splitting the case.
                cached = self.loaded.get(ent_name, ent_id)
                if cached is not None:
                    cached.update(team_id=new_team, seq=seq)
        if exits:
            self.conn.execute(t.scope_exit.insert(), exits)

    def counter(self) -> Ledger:
        """The organisation's counter, locked; numbers handed out so far (``_LaterSeqs``) are
        moved past it."""
        if isinstance(self.ledger, _LaterSeqs):
            ledger, base = self.ledger.settle(self.conn, self.caller.org_id)
            for row in (*self.inserts.values(), *self.updates.values(), *self.exits):
                row["seq"] += base
            self.ledger = ledger
        assert self.ledger is not None
        return self.ledger

    def flush(self) -> None:
        if self.inserts:
            insert_rows(self.conn, t.record, list(self.inserts.values()))
            for key, row in self.inserts.items():
                self.loaded.rows[key] = row
            self.inserts = {}
        if self.updates:
            self.conn.execute(
                _UPDATE_RECORD,
                [{f"b_{k}": v for k, v in row.items()} for row in self.updates.values()],
            )
            self.loaded.rows.update(self.updates)
        self.updates = {}
        if self.history:
            self.conn.execute(t.history.insert(), self.history)
            self.history = []
        if self.exits:
            self.conn.execute(t.scope_exit.insert(), self.exits)
            self.exits = []


# --------------------------------------------------------------------- writes made by the server


class ServerClock:
    """Stamps for records the server itself writes (teams, workers, devices, imports)."""

    def __init__(self) -> None:
        self._clock = HybridLogicalClock(SERVER_DEVICE)

    def now(self) -> str:
        return self._clock.now().pack()

    def after(self, state: RecordState | None) -> str:
        """A stamp later than every stamp of the record the server is about to write: an edit
        made knowing a laptop's (whose clock may run ahead of the server's) must come after it
        by HLC, as a laptop's clock observes every stamp it pulls. The server's own clock is not
        moved on by it: one organisation's fast laptop never shifts the stamps the server gives
        another organisation's records."""
        own = self._clock.now()
        seen = [s.hlc for s in state.stamps.values()] if state is not None else []
        if state is not None:
            seen += [c.hlc for pool in state.candidates.values() for c in pool]
        if not seen:
            return own.pack()
        latest = Timestamp.unpack(max(seen))
        if own > latest:
            return own.pack()
        physical, counter = latest.physical_ms, latest.counter + 1
        if counter > MAX_COUNTER:
            physical, counter = physical + 1, 0
        return Timestamp(physical, counter, SERVER_DEVICE).pack()


_server_clock = ServerClock()


def server_write(
    conn: Connection,
    org_id: str,
    writes: Sequence[tuple[str, str, dict[str, Any]]],
    ledger: Ledger | None = None,
) -> None:
    """Write records as the server (entity, id, fields), merged like any laptop's edit."""
    own = ledger is None
    ledger = ledger or Ledger(conn, org_id)
    caller = Caller(org_id, SERVER_DEVICE, SERVER_DEVICE, None, all_teams=True)
    loaded = _load(conn, org_id, [(e, i) for e, i, _ in writes])
    writer = _Writer(conn, caller, ledger, loaded)
    for n, (ent_name, ent_id, values) in enumerate(writes, start=1):
        ent = entity(ent_name)
        if ent is None:
            raise LookupError(ent_name)
        current = writer._row(ent_name, ent_id)
        kind = "append" if ent.append_only else ("put" if current is None else "patch")
        base = int(current["version"]) if current is not None else None
        hlc = _server_clock.after(_state(current) if current is not None else None)
        op = Op(
            op_id=f"server-{n}", device_seq=n, entity=ent_name, entity_id=ent_id, kind=kind,
            base_version=base, hlc=hlc, payload=values,
        )  # fmt: skip
        writer.apply(op, ent)
    writer.flush()
    if own:
        ledger.close()


# ---------------------------------------------------------------------------------------- pull


def _change_sql(conn: Connection) -> Any:
    """A stored record as the JSON text of its change, made by the database without decoding
    anything: the stored document is the wire's ``values``/``stamp``/``stamps``/``candidates``
    object, so the change is that object with the record's place and version put in front.
    (Everything in it was validated when pushed.) A pull page is then joined from these
    strings, with no Python object per field: a first sync's pages were most of the server's
    time."""
    r = t.record.c

    def quoted(column: Any) -> Any:
        if conn.dialect.name == "postgresql":
            return cast(func.to_json(column), Text)
        return func.json_quote(column)

    doc = cast(r.doc, Text)
    head = (
        literal('{"seq":', Text) + cast(r.seq, Text)
        + literal(',"entity":', Text) + quoted(r.entity)
        + literal(',"entity_id":', Text) + quoted(r.entity_id)
        + literal(',"version":', Text) + cast(r.version, Text)
        + literal(',"deleted":', Text) + case((r.deleted, "true"), else_="false")
        + literal(',"removed":false', Text)
    )  # fmt: skip
    return case(
        (doc == "{}", head + literal("}", Text)),
        else_=head + literal(",", Text) + func.substr(doc, 2),
    ).label("change")


def _exit_json(seq: int, ent: str, ent_id: str) -> str:
    return (
        f'{{"seq":{int(seq)},"entity":{json.dumps(ent)},"entity_id":{json.dumps(ent_id)},'
        f'"version":0,"values":{{}},"stamps":{{}},"candidates":{{}},"deleted":false,'
        f'"removed":true}}'
    )


def _visible(caller: Caller) -> Any:
    r = t.record.c
    if caller.all_teams:
        return r.scope.in_(("org", "team"))
    if caller.team_id is None:
        return r.scope == "org"
    return or_(r.scope == "org", and_(r.scope == "team", r.team_id == caller.team_id))


def pull_json(
    conn: Connection, caller: Caller, cursor: int, limit: int = MAX_PAGE, count: bool = False
) -> bytes:
    """The next page of changes this laptop may see, after ``cursor``, in change-log order: a
    ``PullPage`` as JSON, spliced from the stored documents (pages are large; decoding and
    encoding every record again would be most of the cost of a first sync)."""
    limit = max(1, min(limit, MAX_PAGE))
    r = t.record.c
    rows = conn.execute(
        select(r.seq, _change_sql(conn))
        .where(r.org_id == caller.org_id, r.seq > cursor, _visible(caller))
        .order_by(r.seq)
        .limit(limit + 1)
    ).all()
    items: list[tuple[int, Any]] = [(int(seq), change) for seq, change in rows]
    if not caller.all_teams and caller.team_id is not None:
        x = t.scope_exit.c
        exits = conn.execute(
            select(x.seq, x.entity, x.entity_id)
            .where(x.org_id == caller.org_id, x.team_id == caller.team_id, x.seq > cursor)
            .order_by(x.seq)
            .limit(limit + 1)
        ).all()
        items.extend((int(e.seq), _exit_json(e.seq, e.entity, e.entity_id)) for e in exits)
        items.sort(key=lambda item: item[0])
    more = len(items) > limit
    page = items[:limit]
    new_cursor = page[-1][0] if page else cursor
    changes = [change for _, change in page]
    remaining = "null"
    if count:
        remaining = str(
            conn.execute(
                select(func.count())
                .select_from(t.record)
                .where(r.org_id == caller.org_id, r.seq > new_cursor, _visible(caller))
            ).scalar_one()
        )
    text = (
        f'{{"protocol":{PROTOCOL_VERSION},"changes":[{",".join(changes)}],'
        f'"cursor":{new_cursor},"more":{"true" if more else "false"},"remaining":{remaining}}}'
    )
    return text.encode("utf-8")


def pull(
    conn: Connection, caller: Caller, cursor: int, limit: int = MAX_PAGE, count: bool = False
) -> PullPage:
    """``pull_json``, parsed (for callers in this process)."""
    return PullPage.model_validate_json(pull_json(conn, caller, cursor, limit, count))
