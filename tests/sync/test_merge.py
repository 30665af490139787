"""The merge rules, shared by laptop and server: what happens when edits cross in the post."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from linkworker.care.guarded import guarded_fields
from linkworker.sync.merge import (
    FieldStamp,
    IncomingOp,
    MergeResult,
    RecordState,
    in_conflict,
    merge,
)

ORDINARY = ("phone", "email", "town", "pronouns")
GUARDED = frozenset({"risk_flag", "nhs_number"})
FIELDS = ORDINARY + tuple(sorted(GUARDED))


def stamp(n: int, device: str = "a") -> str:
    return f"{1_700_000_000_000 + n:013d}-00000-{device}"


BASE = RecordState(
    values={name: f"old {name}" for name in FIELDS},
    stamps={name: FieldStamp(stamp(0), 1) for name in FIELDS},
    version=3,
)


def edits() -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(st.sampled_from(FIELDS), st.sampled_from(["x", "y", "z"]), min_size=1)


@st.composite
def concurrent_ops(draw: st.DrawFn, min_size: int = 2) -> list[IncomingOp]:
    """Edits made on different laptops from the same version, each with its own clock stamp."""
    payloads = draw(st.lists(edits(), min_size=min_size, max_size=4))
    times = draw(
        st.lists(
            st.integers(1, 10_000), min_size=len(payloads), max_size=len(payloads), unique=True
        )
    )
    return [
        IncomingOp("patch", stamp(t, f"d{i}"), p, base_version=BASE.version)
        for i, (t, p) in enumerate(zip(times, payloads, strict=True))
    ]


def apply_all(state: RecordState, ops: list[IncomingOp]) -> tuple[RecordState, list[MergeResult]]:
    results = []
    for op in ops:
        result = merge(state, op, GUARDED)
        results.append(result)
        state = result.state
    return state, results


def open_conflicts(state: RecordState) -> dict[str, set[tuple[str, str]]]:
    """What a person would be asked: each guarded field in conflict and its values."""
    return {
        name: {(repr(c.value), c.hlc) for c in state.candidates[name]}
        for name in in_conflict(state.candidates)
    }


@given(concurrent_ops(min_size=1), st.data())
def test_merging_the_same_op_twice_changes_nothing_more(
    ops: list[IncomingOp], data: st.DataObject
) -> None:
    state, _ = apply_all(BASE, ops)
    op = data.draw(st.sampled_from(ops))
    again = merge(state, op, GUARDED)
    assert again.state == state
    assert again.status == "unchanged" and again.changed == frozenset()


@given(concurrent_ops())
def test_the_order_edits_arrive_in_does_not_change_the_outcome(ops: list[IncomingOp]) -> None:
    outcomes = []
    for order in itertools.permutations(ops):
        state, _ = apply_all(BASE, list(order))
        outcomes.append(
            (dict(state.values), {k: s.hlc for k, s in state.stamps.items()}, open_conflicts(state))
        )
    assert all(o == outcomes[0] for o in outcomes)


@given(concurrent_ops())
def test_the_latest_clock_wins_each_ordinary_field(ops: list[IncomingOp]) -> None:
    state, _ = apply_all(BASE, ops)
    for name in FIELDS:
        writers = [op for op in ops if name in op.payload]
        if writers:
            latest = max(writers, key=lambda op: op.hlc)
            assert state.values[name] == latest.payload[name]
        else:
            assert state.values[name] == BASE.values[name]


@given(concurrent_ops())
def test_differing_concurrent_edits_of_a_guarded_field_make_exactly_one_conflict(
    ops: list[IncomingOp],
) -> None:
    state, _ = apply_all(BASE, ops)
    conflicts = open_conflicts(state)
    for name in GUARDED:
        writes = [(op.payload[name], op.hlc) for op in ops if name in op.payload]
        if len({value for value, _ in writes}) > 1:
            # One conflict for the field, holding every concurrent value and who wrote it.
            assert conflicts[name] == {(repr(v), h) for v, h in writes}
        else:
            assert name not in conflicts


@given(
    st.lists(st.sampled_from(FIELDS), min_size=2, max_size=len(FIELDS), unique=True),
    st.integers(1, len(FIELDS) - 1),
    st.booleans(),
)
def test_edits_to_different_fields_both_survive(
    fields: list[str], split: int, first_is_later: bool
) -> None:
    split = min(split, len(fields) - 1)
    mine, theirs = fields[:split], fields[split:]
    a = IncomingOp(
        "patch", stamp(5 if first_is_later else 3, "a"), {f: "mine" for f in mine}, BASE.version
    )
    b = IncomingOp("patch", stamp(4, "b"), {f: "theirs" for f in theirs}, BASE.version)
    state, results = apply_all(BASE, [a, b])
    assert all(state.values[f] == "mine" for f in mine)
    assert all(state.values[f] == "theirs" for f in theirs)
    assert [r.status for r in results] == ["applied", "merged"]
    assert not any(r.conflicts for r in results)


def test_an_edit_made_on_the_current_version_simply_applies() -> None:
    first = merge(BASE, IncomingOp("patch", stamp(1), {"risk_flag": "yes"}, 3), GUARDED)
    second = merge(first.state, IncomingOp("patch", stamp(2), {"risk_flag": "no"}, 4), GUARDED)
    assert (first.status, second.status) == ("applied", "applied")
    assert second.state.values["risk_flag"] == "no"
    assert second.state.version == 5


def test_two_workers_changing_the_risk_flag_at_once_leaves_one_conflict_for_a_person() -> None:
    a = IncomingOp("patch", stamp(10, "a"), {"risk_flag": True}, 3)
    b = IncomingOp("patch", stamp(11, "b"), {"risk_flag": False}, 3)
    state, results = apply_all(BASE, [a, b])
    [conflict] = results[1].conflicts
    assert conflict.field == "risk_flag" and conflict.values == [False, True]
    assert state.values["risk_flag"] is False  # the later edit stands until someone decides
    assert results[1].status == "conflict"

    # A person decides, having seen both: their edit supersedes the conflict.
    decided = merge(
        state, IncomingOp("patch", stamp(12, "a"), {"risk_flag": True}, state.version), GUARDED
    )
    assert decided.status == "applied" and decided.state.candidates == {}
    assert decided.state.values["risk_flag"] is True


def test_a_lost_ordinary_edit_is_reported_for_history() -> None:
    later = IncomingOp("patch", stamp(20, "a"), {"phone": "0113 496 0000"}, 3)
    earlier = IncomingOp("patch", stamp(19, "b"), {"phone": "0113 496 0999"}, 3)
    state, results = apply_all(BASE, [later, earlier])
    assert state.values["phone"] == "0113 496 0000"
    assert [(x.field, x.value) for x in results[1].lost] == [("phone", "0113 496 0999")]


def test_a_tombstone_merges_like_any_field_and_keeps_concurrent_edits() -> None:
    delete = IncomingOp("delete", stamp(30, "a"), {"deleted_at": "2026-11-23T10:00:00+00:00"}, 3)
    edit = IncomingOp("patch", stamp(29, "b"), {"town": "Leeds"}, 3)
    state, _ = apply_all(BASE, [delete, edit])
    assert state.values["deleted_at"] is not None
    assert state.values["town"] == "Leeds"


def test_append_only_records_never_conflict() -> None:
    note = IncomingOp("append", stamp(1), {"notes": "Met at the library"})
    created = merge(None, note)
    again = merge(created.state, IncomingOp("append", stamp(2), {"notes": "different"}))
    assert created.status == "applied" and again.status == "unchanged"
    assert again.state.values["notes"] == "Met at the library"


def test_bookkeeping_columns_are_never_merged_as_data() -> None:
    result = merge(None, IncomingOp("put", stamp(1), {"id": "x", "version": 9, "town": "Hull"}))
    assert dict(result.state.values) == {"town": "Hull"}
    assert result.state.version == 1


def test_the_guarded_fields_are_the_ones_design_names() -> None:
    person = guarded_fields("person")
    assert {
        "risk_flag",
        "risk_notes",
        "status",
        "key_worker_id",
        "nhs_number",
        "date_of_birth",
    } <= person
    assert "phone" not in person
    assert guarded_fields("consent") and guarded_fields("no such table") == frozenset()


@given(st.lists(edits(), min_size=2, max_size=5))
def test_one_laptops_offline_edits_never_conflict_with_each_other(
    payloads: list[dict[str, str]],
) -> None:
    """A worker edits the same record several times offline: every edit carries the same stale
    base version, yet they were made one after another, so the last one stands and nothing is
    in conflict."""
    ops = [
        IncomingOp("patch", stamp(10 + i, "laptop"), p, base_version=BASE.version)
        for i, p in enumerate(payloads)
    ]
    state, results = apply_all(BASE, ops)
    assert not open_conflicts(state)
    assert not any(r.conflicts or r.lost for r in results)
    for name in FIELDS:
        writers = [op for op in ops if name in op.payload]
        if writers:
            assert state.values[name] == writers[-1].payload[name]
