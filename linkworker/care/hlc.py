"""Hybrid logical clock: orders edits across devices even when their wall clocks disagree.

A timestamp is (physical milliseconds, counter, device id). ``now()`` never goes backwards, even if
the wall clock does; ``observe()`` folds in a timestamp seen from another device. Packed timestamps
sort as text in the same order as the clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_COUNTER = 0xFFFF


@dataclass(frozen=True, order=True)
class Timestamp:
    physical_ms: int
    counter: int
    device: str

    def pack(self) -> str:
        return f"{self.physical_ms:013d}-{self.counter:05d}-{self.device}"

    @classmethod
    def unpack(cls, text: str) -> Timestamp:
        physical, counter, device = text.split("-", 2)
        return cls(int(physical), int(counter), device)


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridLogicalClock:
    def __init__(
        self,
        device: str,
        last: Timestamp | None = None,
        wall: Callable[[], int] = wall_clock_ms,
    ) -> None:
        if "-" in device:
            raise ValueError("device id must not contain '-'")
        self.device = device
        self._wall = wall
        self._physical = last.physical_ms if last else 0
        self._counter = last.counter if last else 0

    @property
    def last(self) -> Timestamp:
        return Timestamp(self._physical, self._counter, self.device)

    def _advance(self, physical: int, counter: int) -> Timestamp:
        if counter > MAX_COUNTER:
            # Counter overflow: borrow the next millisecond rather than wrap.
            physical, counter = physical + 1, 0
        self._physical, self._counter = physical, counter
        return self.last

    def now(self) -> Timestamp:
        wall = self._wall()
        if wall > self._physical:
            return self._advance(wall, 0)
        return self._advance(self._physical, self._counter + 1)

    def observe(self, remote: Timestamp) -> Timestamp:
        wall = self._wall()
        physical = max(wall, self._physical, remote.physical_ms)
        if physical == self._physical and physical == remote.physical_ms:
            counter = max(self._counter, remote.counter) + 1
        elif physical == self._physical:
            counter = self._counter + 1
        elif physical == remote.physical_ms:
            counter = remote.counter + 1
        else:
            counter = 0
        return self._advance(physical, counter)
