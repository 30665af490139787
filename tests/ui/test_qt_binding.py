"""The Qt binding must not lose references: a leak of True per signal crashes the app in a day."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Sender(QObject):
    plain = Signal()
    with_value = Signal(int)


def test_emitting_signals_keeps_python_reference_counts_intact() -> None:
    sender = _Sender()
    received: list[int] = []
    sender.with_value.connect(received.append)
    before = (sys.getrefcount(True), sys.getrefcount(False))
    for n in range(500):
        sender.plain.emit()
        sender.with_value.emit(n)
    after = (sys.getrefcount(True), sys.getrefcount(False))
    assert len(received) == 500
    assert after == before, "this PySide6 build leaks bool references on emit(); pin another"
