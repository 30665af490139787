"""The one merge function, shared by the laptop and the server.

A record's merge state is its field values plus, for every field, the stamp of the edit that set it:
the hybrid-logical-clock time and the record version it was written at. An incoming op is merged
field by field against the version it was based on:

* a field nobody else changed since ``base_version`` takes the incoming value;
* a field changed concurrently (its version is newer than ``base_version``):
  - ordinary field: the later HLC wins; the loser is reported so it can be kept in history;
  - guarded field (``care.guarded``): every concurrent value is kept as a candidate (the ones the
    edit had seen are superseded by it); while candidates differ the field is in conflict for a
    person to resolve, the latest HLC's value standing meanwhile. Nothing is silently dropped;
* a ``delete`` is a tombstone: the ``deleted_at`` field, merged like any other;
* ``append`` records are immutable: they are created once and never conflict.

A laptop's own edits are never concurrent with each other: it made them one after another,
and the server applies each laptop's ops in ``device_seq`` order. So a stamp or candidate
written by the same device as the incoming op (the device id is the last part of the HLC) counts
as seen, whatever ``base_version`` says. Without this, two offline edits of a guarded field on
one laptop would conflict with each other.

Because concurrent edits are decided by HLC (a total order) and candidates by what each edit had
seen, delivering the same ops in any order gives the same values and the same conflicts. The state
remembers the stamps of the ops merged into it, so re-applying an op changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

Kind = Literal["put", "patch", "delete", "append"]
Status = Literal["applied", "merged", "conflict", "unchanged"]

# Bookkeeping columns every synced row has; never merged as data. (``created_at`` is ordinary
# data, set once; a row's ``updated_at`` is read off its latest field stamp.)
META_FIELDS = frozenset({"id", "org_id", "version", "updated_at"})


class FieldStamp(NamedTuple):
    """When a field was last written: the edit's HLC and the record version it made. (A named
    tuple: merging hashes and compares thousands of these a second.)"""

    hlc: str
    version: int


@dataclass(frozen=True)
class Candidate:
    """One concurrent value of a guarded field, with the edit that wrote it."""

    value: Any
    hlc: str
    version: int


@dataclass(frozen=True)
class RecordState:
    values: Mapping[str, Any]
    stamps: Mapping[str, FieldStamp]
    version: int
    append_only: bool = False
    # Guarded fields edited concurrently: every value still standing, one per edit. They are in
    # conflict (``in_conflict``) while those values differ.
    candidates: Mapping[str, tuple[Candidate, ...]] = field(default_factory=dict)
    seen: frozenset[str] = frozenset()  # HLC stamps of the ops merged into this state


@dataclass(frozen=True)
class IncomingOp:
    kind: Kind
    hlc: str
    payload: Mapping[str, Any]
    base_version: int | None = None


@dataclass(frozen=True)
class FieldConflict:
    """A guarded field whose concurrent values differ: all of them, latest HLC first."""

    field: str
    candidates: tuple[Candidate, ...]

    @property
    def values(self) -> list[Any]:
        return [c.value for c in self.candidates]


@dataclass(frozen=True)
class LostEdit:
    """An ordinary field's concurrent value that lost to a later one: kept in history."""

    field: str
    value: Any
    hlc: str


@dataclass(frozen=True)
class MergeResult:
    state: RecordState
    status: Status
    conflicts: tuple[FieldConflict, ...] = ()
    lost: tuple[LostEdit, ...] = ()
    changed: frozenset[str] = field(default_factory=frozenset)


def merge(
    current: RecordState | None,
    op: IncomingOp,
    guarded: frozenset[str] = frozenset(),
) -> MergeResult:
    """Merge one op into a record (``None``: the record does not exist here yet).

    ``conflicts`` lists the guarded fields this op leaves in conflict (all their values).
    """
    payload = {k: v for k, v in op.payload.items() if k not in META_FIELDS}
    if current is None:
        stamps = {name: FieldStamp(op.hlc, 1) for name in payload}
        state = RecordState(payload, stamps, 1, op.kind == "append", {}, frozenset({op.hlc}))
        return MergeResult(state, "applied", changed=frozenset(payload))
    if current.append_only or op.kind == "append" or op.hlc in current.seen:
        return MergeResult(current, "unchanged")  # immutable, or this very op already merged
    if op.kind == "put":
        # The record was made on two laptops at once (a row a parent has one of, whose id comes
        # from the parent's): this laptop's empty fields are "not filled in yet", not "cleared".
        payload = {k: v for k, v in payload.items() if v is not None}

    base = op.base_version if op.base_version is not None else 0
    device = device_of(op.hlc)

    def had_seen(version: int, hlc: str) -> bool:
        return version <= base or device_of(hlc) == device

    next_version = current.version + 1
    values = dict(current.values)
    stamps = dict(current.stamps)
    candidates = dict(current.candidates)
    changed: set[str] = set()
    lost: list[LostEdit] = []
    touched_guarded: list[str] = []

    for name in sorted(payload):
        incoming = payload[name]
        stamp = stamps.get(name)
        if name in guarded:
            touched_guarded.append(name)
            standing = candidates.get(name) or (
                (Candidate(values.get(name), stamp.hlc, stamp.version),) if stamp else ()
            )
            # The edit supersedes every value it had seen; the others stand beside it.
            unseen = tuple(c for c in standing if not had_seen(c.version, c.hlc))
            pool = tuple(
                sorted(
                    (*unseen, Candidate(incoming, op.hlc, next_version)),
                    key=lambda c: c.hlc,
                    reverse=True,
                )
            )
            winner = pool[0]
            if len(pool) > 1:  # concurrent edits stand side by side, agreeing or not
                candidates[name] = pool
            else:
                candidates.pop(name, None)
            if winner.hlc == op.hlc and (
                stamp is None or values.get(name) != incoming or stamp.hlc < op.hlc
            ):
                values[name] = incoming
                stamps[name] = FieldStamp(op.hlc, next_version)
                changed.add(name)
            continue
        if stamp is None or had_seen(stamp.version, stamp.hlc):
            values[name] = incoming
            stamps[name] = FieldStamp(op.hlc, next_version)
            changed.add(name)
            continue
        here = values.get(name)  # changed by someone else after this edit's base: concurrent
        if op.hlc > stamp.hlc:
            if here != incoming:
                lost.append(LostEdit(name, here, stamp.hlc))
            values[name] = incoming
            stamps[name] = FieldStamp(op.hlc, next_version)
            changed.add(name)
        elif here != incoming:
            lost.append(LostEdit(name, incoming, op.hlc))

    conflicts = tuple(
        FieldConflict(n, candidates[n]) for n in touched_guarded if n in in_conflict(candidates)
    )
    seen = current.seen | {op.hlc}
    # A concurrent value that agrees with the standing one changes no field, but it joins the
    # candidates (a later, differing edit must be weighed against it too): that is a change.
    state_changed = bool(changed) or candidates != current.candidates
    version = next_version if state_changed else current.version
    state = RecordState(values, stamps, version, False, candidates, seen)
    if conflicts:
        status: Status = "conflict"
    elif not state_changed:
        status = "unchanged"
    elif base < current.version:
        status = "merged"
    else:
        status = "applied"
    return MergeResult(state, status, conflicts, tuple(lost), frozenset(changed))


def in_conflict(candidates: Mapping[str, tuple[Candidate, ...]]) -> set[str]:
    """The guarded fields whose standing values differ: these need a person."""
    return {name for name, pool in candidates.items() if len({_key(c.value) for c in pool}) > 1}


def compact_stamps(
    stamps: Mapping[str, FieldStamp],
) -> tuple[FieldStamp | None, dict[str, FieldStamp]]:
    """Stamps as they are stored and travel: the one most fields share, and the others.

    Most records are written whole by one edit, so every field has the same stamp; sending it
    once per field was more than half of a pulled page."""
    if not stamps:
        return None, {}
    every = list(stamps.values())
    common = every[0]
    if every.count(common) == len(every):  # the usual case: one edit wrote every field
        return common, {}
    counts = Counter(every)
    common = max(counts, key=counts.__getitem__)  # the first of the most common
    return common, {k: s for k, s in stamps.items() if s != common}


def expand_stamps(
    fields: Iterable[str], common: FieldStamp | None, others: Mapping[str, FieldStamp]
) -> dict[str, FieldStamp]:
    """``compact_stamps`` undone: every field's stamp (``common`` None: ``others`` is whole)."""
    if common is None:
        return dict(others)
    full = {name: others.get(name, common) for name in fields}
    full.update(others)
    return full


def device_of(hlc: str) -> str:
    """The device that wrote a stamp: the HLC text is ``physical-counter-device``."""
    return hlc.split("-", 2)[-1]


def _key(value: Any) -> str:
    return repr(value)
