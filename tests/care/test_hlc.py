"""The hybrid logical clock orders edits even when a laptop's wall clock jumps about."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkworker.care.hlc import MAX_COUNTER, HybridLogicalClock, Timestamp

# Wall clock readings in milliseconds: from 1970 to about 2286 (13 digits).
wall_ms = st.integers(min_value=0, max_value=9_999_999_999_000)
device_ids = st.text(alphabet="0123456789abcdef", min_size=1, max_size=32)
timestamps = st.builds(
    Timestamp,
    physical_ms=wall_ms,
    counter=st.integers(0, MAX_COUNTER),
    device=device_ids,
)


def wall_reading(readings: list[int]) -> Callable[[], int]:
    it: Iterator[int] = iter(readings)
    return lambda: next(it)


@given(st.lists(wall_ms, min_size=1, max_size=200))
def test_now_always_moves_forward_whatever_the_wall_clock_does(readings: list[int]) -> None:
    clock = HybridLogicalClock("laptop1", wall=wall_reading(readings))
    stamps = [clock.now() for _ in readings]
    assert all(a < b for a, b in pairwise(stamps))
    packed = [s.pack() for s in stamps]
    assert all(a < b for a, b in pairwise(packed))
    assert stamps[-1].physical_ms >= max(readings)


def test_a_clock_put_back_an_hour_keeps_counting_on() -> None:
    readings = [1_700_000_000_000, 1_700_000_000_000 - 3_600_000, 1_700_000_000_000 - 3_599_000]
    clock = HybridLogicalClock("laptop1", wall=wall_reading(readings))
    first, second, third = clock.now(), clock.now(), clock.now()
    assert (second.physical_ms, second.counter) == (first.physical_ms, 1)
    assert (third.physical_ms, third.counter) == (first.physical_ms, 2)


def test_a_stuck_wall_clock_borrows_the_next_millisecond_when_the_counter_is_full() -> None:
    clock = HybridLogicalClock("laptop1", wall=lambda: 1_000)
    stamps = [clock.now() for _ in range(MAX_COUNTER + 3)]
    assert stamps[MAX_COUNTER].counter == MAX_COUNTER
    assert stamps[MAX_COUNTER + 1] == Timestamp(1_001, 0, "laptop1")
    assert all(a < b for a, b in pairwise(stamps))


@given(st.lists(wall_ms, min_size=1, max_size=50), timestamps, wall_ms)
def test_observing_a_remote_stamp_lands_after_both_clocks(
    local_readings: list[int], remote: Timestamp, wall_at_observe: int
) -> None:
    clock = HybridLogicalClock("laptop1", wall=wall_reading([*local_readings, wall_at_observe]))
    for _ in local_readings:
        clock.now()
    before = clock.last
    seen = clock.observe(remote)
    assert seen > before
    assert seen > remote
    assert seen.pack() > before.pack()
    assert (seen.physical_ms, seen.counter) > (remote.physical_ms, remote.counter)
    assert seen.device == "laptop1"


@given(timestamps, timestamps, st.lists(wall_ms, min_size=2, max_size=20))
def test_after_observing_the_clock_still_only_moves_forward(
    local: Timestamp, remote: Timestamp, readings: list[int]
) -> None:
    clock = HybridLogicalClock("laptop1", last=local, wall=wall_reading(readings))
    stamps = [clock.observe(remote), *(clock.now() for _ in readings[1:])]
    assert stamps[0] > remote
    assert all(a < b for a, b in pairwise(stamps))


@given(st.lists(timestamps, min_size=2, max_size=50))
def test_packed_stamps_sort_as_text_in_clock_order(stamps: list[Timestamp]) -> None:
    by_clock = [s.pack() for s in sorted(stamps)]
    by_text = sorted(s.pack() for s in stamps)
    assert by_clock == by_text


@given(timestamps)
def test_a_packed_stamp_unpacks_to_itself(stamp: Timestamp) -> None:
    assert Timestamp.unpack(stamp.pack()) == stamp


@given(timestamps, st.lists(wall_ms, min_size=1, max_size=20))
def test_a_clock_restarted_from_its_last_stamp_carries_on_after_it(
    last: Timestamp, readings: list[int]
) -> None:
    restarted = HybridLogicalClock(last.device, last=last, wall=wall_reading(readings))
    assert restarted.now() > last


def test_a_device_id_with_a_dash_is_refused_because_it_would_not_unpack() -> None:
    with pytest.raises(ValueError, match="must not contain"):
        HybridLogicalClock("laptop-1")
