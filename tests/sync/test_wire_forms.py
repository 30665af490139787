"""What travels and what is stored must mean exactly what the long form meant: compact stamps
expand to every field's own stamp, and a pulled value lands in its column as SQLAlchemy
itself would have stored it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import types as satypes
from sqlalchemy.dialects import sqlite

from linkworker.sync.merge import FieldStamp, compact_stamps, expand_stamps
from linkworker.sync.replica import _storage, coerce, synced_tables

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
