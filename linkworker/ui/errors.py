"""Telling the user what went wrong: environment faults plainly, our bugs without their details.

``Notifier`` shows every message box without blocking (``QMessageBox.open``), so the event loop,
the idle lock and the tests keep running while one is up. ``gui_excepthook`` is the last net: an
``EnvironmentFault`` that reached it is shown with its title, message and advice; anything else is
logged with ``log_bug`` (type and stack only) and reported as an unexpected error, never with the
exception's text, which may hold personal data.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from linkworker.logs import log_bug
from linkworker.paths import Paths
from linkworker.store.errors import EnvironmentFault

log = logging.getLogger("linkworker.ui")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


class Notifier(QObject):
    """Non-blocking message boxes. ``shown`` carries each box, for tests and for its owner."""

    shown = Signal(QMessageBox)

    def __init__(self, paths: Paths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.window: QWidget | None = None  # boxes go over this window once it exists
        self.open_boxes: list[QMessageBox] = []
        self._bug_box: QMessageBox | None = None

    def fault(
        self,
        fault: EnvironmentFault,
        parent: QWidget | None = None,
        then: Callable[[], None] | None = None,
    ) -> QMessageBox:
        log.warning("shown to the user: %s", type(fault).__name__)
        return self._open(
            QMessageBox.Icon.Warning, fault.title, fault.message, fault.advice, parent, then
        )

    def bug(self, parent: QWidget | None = None) -> QMessageBox | None:
        """Report an unexpected error once; repeats while the box is up are not stacked."""
        if self._bug_box is not None:
            return None
        box = self._open(
            QMessageBox.Icon.Critical,
            self.tr("Unexpected error"),
            self.tr("Something unexpected went wrong in Linkworker."),
            self.tr(
                "Work you had already saved is safe. A report without any personal data was "
                "written to:\n{log}\n\nIf this keeps happening, give that file to your "
                "administrator."
            ).format(log=self.paths.log_file),
            parent,
            None,
        )
        self._bug_box = box
        box.finished.connect(self._bug_box_closed)
        return box

    def info(
        self,
        title: str,
        text: str,
        detail: str = "",
        parent: QWidget | None = None,
        then: Callable[[], None] | None = None,
    ) -> QMessageBox:
        return self._open(QMessageBox.Icon.Information, title, text, detail, parent, then)

    # -- internals ------------------------------------------------------------------------------

    def _bug_box_closed(self) -> None:
        self._bug_box = None

    def _forget(self, box: QMessageBox) -> None:
        self.open_boxes = [b for b in self.open_boxes if b is not box]
        if self._bug_box is box:
            self._bug_box = None

    def _open(
        self,
        icon: QMessageBox.Icon,
        title: str,
        text: str,
        detail: str,
        parent: QWidget | None,
        then: Callable[[], None] | None,
    ) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent or self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if detail:
            box.setInformativeText(detail)
        box.setAccessibleName(title)
        box.setAccessibleDescription(f"{text} {detail}".strip())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.open_boxes.append(box)

        def closed() -> None:
            if box in self.open_boxes:
                self.open_boxes.remove(box)
            if then is not None:
                then()

        box.finished.connect(closed)
        # A box over a dialog goes when the dialog goes (a lock discards it): forget it then too.
        box.destroyed.connect(lambda: self._forget(box))
        box.open()
        self.shown.emit(box)
        return box


def gui_excepthook(notifier: Notifier) -> ExceptHook:
    """The hook for exceptions that escape into the event loop while the window runs."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(exc, EnvironmentFault):
            notifier.fault(exc)
            return
        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        log_bug(log, exc)
        notifier.bug()

    return hook


@contextmanager
def excepthook_installed(hook: ExceptHook) -> Iterator[None]:
    previous = sys.excepthook
    sys.excepthook = hook
    try:
        yield
    finally:
        sys.excepthook = previous
