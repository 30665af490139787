"""Pausing Python's cycle collector while a large batch of plain rows is built.

Reading a caseload makes some fifty thousand small tuples in a few tens of milliseconds. Each
seven hundred allocations the collector runs, and every few runs it rescans everything made so
far: work that grows with the batch and finds nothing to free, since rows of text and numbers
cannot form cycles. Pausing it for the batch lets the collector look at the rows once, after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block, and back as it was after (nesting is safe)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
