"""``run_gui``: the QApplication, the exception hook and the start, until the window closes."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from linkworker import APP_NAME, __version__
from linkworker.paths import Paths
from linkworker.ui.errors import Notifier, excepthook_installed, gui_excepthook
from linkworker.ui.settings import AppSettings
from linkworker.ui.startup import Startup

log = logging.getLogger("linkworker.ui")


def make_application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("linkworker")
    # The start decides when to end: closing the first-run dialog must not end it by accident.
    app.setQuitOnLastWindowClosed(False)
    return app


def run_gui(paths: Paths) -> int:
    app = make_application()
    notifier = Notifier(paths)
    startup = Startup(paths, AppSettings(paths), notifier, log_ready=False)
    # Queued: a start that ends at once still ends inside the event loop, where exit() counts.
    startup.finished.connect(app.exit, Qt.ConnectionType.QueuedConnection)
    with excepthook_installed(gui_excepthook(notifier)):
        startup.start()
        code = app.exec()
        startup.shutdown()
    log.info("app closed (exit code %s)", code)
    return int(code)
