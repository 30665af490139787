"""One function run off the GUI thread, its result or exception handed back on the GUI thread.

    call = BackgroundCall(lambda: slow_thing(a, b))
    call.done.connect(on_result)        # on the GUI thread, with the return value
    call.failed.connect(on_exception)   # on the GUI thread, with the exception
    call.start()

A call keeps itself alive until its thread has ended, so a dialog that started one may close at
any time: the thread finishes on its own and its result goes nowhere (``forget``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QThread, Signal, Slot


class _Runner(QObject):
    """Lives on the worker thread; runs the function once."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, function: Callable[[], Any]) -> None:
        super().__init__()
        self._function = function

    @Slot()
    def run(self) -> None:
        try:
            result = self._function()
        except Exception as exc:  # handed to the GUI thread, which decides what it means
            self.failed.emit(exc)
            return
        self.done.emit(result)


class BackgroundCall(QObject):
    done = Signal(object)
    failed = Signal(object)

    _running: ClassVar[set[BackgroundCall]] = set()  # alive until their threads end

    def __init__(self, function: Callable[[], Any], name: str = "linkworker-call") -> None:
        super().__init__()
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._runner = _Runner(function)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.done.connect(self._done)
        self._runner.failed.connect(self._failed)
        self._thread.finished.connect(self._ended)
        self._wanted = True

    def start(self) -> None:
        BackgroundCall._running.add(self)
        self._thread.start()

    def forget(self) -> None:
        """Nobody wants the answer any more (its dialog closed): drop it when it comes."""
        self._wanted = False

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self) -> None:
        self._thread.wait()

    @Slot(object)
    def _done(self, result: object) -> None:
        self._thread.quit()
        if self._wanted:
            self.done.emit(result)

    @Slot(object)
    def _failed(self, exc: object) -> None:
        self._thread.quit()
        if self._wanted:
            self.failed.emit(exc)

    @Slot()
    def _ended(self) -> None:
        self._runner.deleteLater()
        BackgroundCall._running.discard(self)

    @classmethod
    def wait_for_all(cls) -> None:
        """Before the app ends: no thread may outlive its QThread object."""
        for call in list(cls._running):
            call.wait()
