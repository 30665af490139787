"""Idle auto-lock: an application-wide event filter that notices input, and the lock timer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal

MINUTE_MS = 60_000

# Input that shows someone is at the computer. Paint, timer and focus events are not.
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.InputMethod,
    }
)


class IdleFilter(QObject):
    """Calls ``on_input`` on every key, mouse or touch event anywhere in the app; eats none."""

    def __init__(self, on_input: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_input = on_input

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._on_input()
        return False


class LockController(QObject):
    """Emits ``lock_due`` after the idle interval with no input, while armed (unlocked)."""

    lock_due = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._armed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(minutes * MINUTE_MS)
        self._timer.timeout.connect(self._idle)
        self._filter = IdleFilter(self._input, self)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self._filter)

    @property
    def armed(self) -> bool:
        return self._armed

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_idle_minutes(self, minutes: int) -> None:
        self.set_idle_interval_ms(minutes * MINUTE_MS)

    def set_idle_interval_ms(self, milliseconds: int) -> None:
        """Change the idle time (tests use a few milliseconds); restarts the count if armed."""
        self._timer.setInterval(max(1, int(milliseconds)))
        if self._armed:
            self._timer.start()

    def arm(self) -> None:
        self._armed = True
        self._timer.start()

    def disarm(self) -> None:
        self._armed = False
        self._timer.stop()

    def remove(self) -> None:
        """Stop watching input (the window is closing)."""
        self.disarm()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self._filter)

    def _input(self) -> None:
        if self._armed:
            self._timer.start()

    def _idle(self) -> None:
        if self._armed:
            self._armed = False
            self.lock_due.emit()
