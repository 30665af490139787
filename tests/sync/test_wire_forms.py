"""What travels and what is stored must mean exactly what the long form meant: compact stamps
expand to every field's own stamp, and a pulled value lands in its column as SQLAlchemy
itself would have stored it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import types as satypes
from sqlalchemy.dialects import sqlite

from linkworker.sync.merge import FieldStamp, compact_stamps, expand_stamps
from linkworker.sync.protocol import (
    CandidateValue,
    Change,
    Page,
    PageCandidate,
    PageChange,
    PullPage,
    _no_nul,
    read_page,
)
from linkworker.sync.replica import _storage, _stored_moment, coerce, synced_tables

stamps = st.builds(
    FieldStamp,
    st.sampled_from(["1700000000000-00000-a", "1700000000001-00003-b", "1700000000002-00000-c"]),
    st.integers(1, 4),
)


@given(st.dictionaries(st.sampled_from(["phone", "email", "town", "notes", "x"]), stamps))
def test_compact_stamps_expand_to_every_fields_own_stamp(full: dict[str, FieldStamp]) -> None:
    common, others = compact_stamps(full)
    assert expand_stamps(full.keys(), common, others) == full
    every = list(full.values())
    assert all(every.count(s) <= every.count(common) for s in others.values())  # sent once


def test_stamps_sent_whole_by_an_older_server_are_read_as_they_are() -> None:
    whole = {"phone": FieldStamp("1700000000000-00000-a", 2)}
    assert expand_stamps(["phone"], None, whole) == whole


def _columns(kind: type[satypes.TypeEngine[object]]) -> list[tuple[str, object]]:
    found = []
    for name, table in synced_tables().items():
        for column in table.columns:
            if isinstance(getattr(column.type, "impl_instance", column.type), kind):
                found.append((f"{name}.{column.name}", column))
    return found


DIALECT = sqlite.dialect()
DATETIMES = _columns(satypes.DateTime)
DATES = _columns(satypes.Date)

moments = st.datetimes(
    min_value=dt.datetime(1900, 1, 1),
    max_value=dt.datetime(2100, 1, 1),
    timezones=st.sampled_from(
        [dt.UTC, dt.timezone(dt.timedelta(hours=1)), dt.timezone(dt.timedelta(hours=-5))]
    ),
)


@given(moments, st.sampled_from(DATETIMES))
def test_a_pulled_moment_is_stored_as_sqlalchemy_stores_it(
    moment: dt.datetime, named: tuple[str, object]
) -> None:
    _, column = named
    wire = moment.isoformat()
    slow = column.type._cached_bind_processor(DIALECT)  # type: ignore[attr-defined]
    assert _storage(column, DIALECT)(wire) == slow(coerce_for(column, wire))


@given(st.dates(), st.sampled_from(DATES))
def test_a_pulled_date_is_stored_as_sqlalchemy_stores_it(
    day: dt.date, named: tuple[str, object]
) -> None:
    _, column = named
    slow = column.type._cached_bind_processor(DIALECT)  # type: ignore[attr-defined]
    assert _storage(column, DIALECT)(day.isoformat()) == slow(day)


@pytest.mark.parametrize(
    "wire", ["2026-13-01T10:00:00+00:00", "2026-02-30T10:00:00.000000+00:00", "not a moment"]
)
def test_an_impossible_moment_is_refused_not_stored(wire: str) -> None:
    _, column = DATETIMES[0]
    with pytest.raises(ValueError):
        _storage(column, DIALECT)(wire)


@pytest.mark.parametrize("wire", ["2026-02-30", "2026-1-011", "yesterday"])
def test_an_impossible_date_is_refused_not_stored(wire: str) -> None:
    _, column = DATES[0]
    with pytest.raises(ValueError):
        _storage(column, DIALECT)(wire)


def test_nothing_stays_nothing() -> None:
    for _, column in DATETIMES[:1] + DATES[:1]:
        assert _storage(column, DIALECT)(None) is None


def coerce_for(column: object, wire: str) -> object:
    table = column.table  # type: ignore[attr-defined]
    return coerce(str(table.name), str(column.name), wire)  # type: ignore[attr-defined]


# ------------------------------------------------------------- the fast reader of pull pages

PAIRS = [(PullPage, Page), (Change, PageChange), (CandidateValue, PageCandidate)]


@pytest.mark.parametrize(("model", "struct"), PAIRS)
def test_the_fast_reader_holds_exactly_the_protocols_fields(model: Any, struct: Any) -> None:
    wanted = {
        name: (
            f.is_required(),
            None if f.is_required() else f.get_default(call_default_factory=True),
        )
        for name, f in model.model_fields.items()
    }
    info = msgspec.inspect.type_info(struct)
    got = {
        f.name: (
            f.required,
            None
            if f.required
            else (f.default_factory() if f.default is msgspec.NODEFAULT else f.default),
        )
        for f in info.fields
    }
    assert got == wanted


changes = st.builds(
    Change,
    seq=st.integers(1, 2**53),
    entity=st.sampled_from(["person", "dir_service", "consent"]),
    entity_id=st.uuids().map(str),
    version=st.integers(0, 99),
    values=st.dictionaries(
        st.sampled_from(["phone", "notes", "risk_flag", "reasons"]),
        st.none()
        | st.booleans()
        | st.integers(-(2**53), 2**53)
        | st.text(max_size=20)
        | st.lists(st.text(max_size=5), max_size=3),
    ),
    stamp=st.none() | st.tuples(st.text(min_size=1, max_size=30), st.integers(1, 9)),
    stamps=st.dictionaries(st.text(max_size=8), st.tuples(st.text(max_size=30), st.integers(1, 9))),
    candidates=st.dictionaries(
        st.sampled_from(["risk_flag", "nhs_number"]),
        st.lists(
            st.builds(
                CandidateValue,
                value=st.none() | st.text(max_size=9),
                hlc=st.text(max_size=30),
                version=st.integers(1, 9),
            ),
            max_size=3,
        ),
    ),
    deleted=st.booleans(),
    removed=st.booleans(),
)


@given(
    st.lists(changes, max_size=5),
    st.integers(0, 2**53),
    st.booleans(),
    st.none() | st.integers(0, 10**6),
)
def test_the_fast_reader_reads_what_the_models_write_to_the_same_values(
    items: list[Change], cursor: int, more: bool, remaining: int | None
) -> None:
    page = PullPage(changes=items, cursor=cursor, more=more, remaining=remaining)
    written = page.model_dump_json().encode()
    assert json.loads(msgspec.json.encode(read_page(written))) == json.loads(written)


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b'{"changes": [], "cursor": 1}',  # "more" is missing
        b'{"changes": [], "cursor": "1", "more": false}',  # a cursor is a number
        b'{"changes": [{"seq": 1, "entity": "person", "entity_id": "x", "surprise": 1}],'
        b' "cursor": 1, "more": false}',
        b'{"changes": [{"seq": 1, "entity": "person", "entity_id": "x", "stamps": {"a": ["h"]}}],'
        b' "cursor": 1, "more": false}',
        b'{"changes": [], "cursor": 1, "more": false, "protocol": 1',  # cut short
    ],
)
def test_a_page_that_is_not_a_page_is_refused(body: bytes) -> None:
    with pytest.raises(ValueError):
        read_page(body)


# ------------------------------------------------- what a payload may hold, checked quickly


def _no_nul_as_first_written(value: Any, depth: int = 0) -> None:
    """The check as it was first written, one call per value: the quick one must agree."""
    if depth > 8:
        raise ValueError("values may be nested at most 8 levels deep")
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("text may not contain NUL characters")
    elif isinstance(value, dict):
        for k, v in value.items():
            _no_nul_as_first_written(k, depth + 1)
            _no_nul_as_first_written(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _no_nul_as_first_written(v, depth + 1)
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
        raise ValueError("whole numbers must be within ±2^53")


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.floats(allow_nan=False)
    | st.integers(-(2**60), 2**60)
    | st.text(alphabet="ab\x00", max_size=3),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text("k\x00", max_size=2), inner, max_size=3)
    ),
    max_leaves=40,
)


def _outcome(check: Any, value: Any) -> str | None:
    try:
        check(value)
    except ValueError as exc:
        return str(exc)
    return None


@given(json_values)
def test_the_quick_payload_check_refuses_exactly_what_the_first_one_did(value: Any) -> None:
    assert _outcome(_no_nul, value) == _outcome(_no_nul_as_first_written, value)


def test_a_payload_eleven_levels_deep_is_refused() -> None:
    deep: Any = "x"
    for _ in range(11):
        deep = {"k": deep}
    assert _outcome(_no_nul, deep) == "values may be nested at most 8 levels deep"


@given(st.integers(0, 4_102_444_800_000))
def test_a_rows_updated_at_is_stored_as_the_moment_its_stamp_names(ms: int) -> None:
    stamp = f"{ms:013d}-00001-laptop"
    moment = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=ms)
    assert _stored_moment(stamp) == moment.isoformat(" ", "microseconds")
