"""From launch to the main window: first run, silent keyring unlock, or the passphrase.

    startup = Startup(paths, settings, notifier)
    startup.finished.connect(app.exit)   # the exit code, once the app should end
    startup.start()

The main window (``startup.frame``) is shown first, saying it is opening the records, before the
database stack is even loaded: the person sees Linkworker at once. Then the store is loaded and
unlocked. ``start`` never blocks: any dialog is shown with ``open()`` and kept in
``startup.dialog`` (tests type into it), and the window, once unlocked, is ``startup.window``.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog

from linkworker.paths import Paths
from linkworker.store.errors import DatabaseMissing, EnvironmentFault, KeyFileMissing
from linkworker.ui.errors import Notifier
from linkworker.ui.main_window import MainWindow
from linkworker.ui.settings import AppSettings

if TYPE_CHECKING:
    from linkworker.store.database import Database
    from linkworker.store.vault import Vault

log = logging.getLogger("linkworker.ui")

QUIT_WHEN_SHOWN_ENV = "LINKWORKER_QUIT_WHEN_SHOWN"  # "1": exit 0 once the window is shown
QUIT_WHEN_READY_ENV = "LINKWORKER_QUIT_WHEN_READY"  # "1": exit 0 once the caseload is shown
EXIT_OK = 0
EXIT_FAULT = 1  # as the command line: the environment is at fault, nothing lost


class Startup(QObject):
    finished = Signal(int)  # the exit code: the user quit, or a fault stopped the start
    window_shown = Signal(MainWindow)

    def __init__(
        self,
        paths: Paths,
        settings: AppSettings,
        notifier: Notifier,
        vault: Vault | None = None,
        parent: QObject | None = None,
        *,
        log_ready: bool = True,
    ) -> None:
        """``log_ready=False``: open the log file once the window is painted (the real start)."""
        super().__init__(parent)
        self.paths = paths
        self.settings = settings
        self.notifier = notifier
        self._given_vault = vault
        self._log_ready = log_ready
        self.dialog: QDialog | None = None
        self.frame: MainWindow | None = None  # shown at once, locked until unlocked
        self.window: MainWindow | None = None  # the same window, once unlocked

    @property
    def vault(self) -> Vault:
        if self._given_vault is None:
            from linkworker.store.vault import Vault  # the database stack, loaded after show

            self._given_vault = Vault(self.paths)
        return self._given_vault

    def start(self) -> None:
        frame = MainWindow(self.paths, self.settings, self.notifier)
        self.frame = frame
        frame.closed.connect(lambda: self.finished.emit(EXIT_OK))
        frame.wiped.connect(self._wiped)
        frame.show_opening()
        frame.show()
        if os.environ.get(QUIT_WHEN_SHOWN_ENV) == "1":
            QTimer.singleShot(0, frame.close)
            return
        QApplication.processEvents()  # paint the window before the store is loaded
        if not self._log_ready:
            from linkworker.logs import setup_logging

            setup_logging(self.paths)
            self._log_ready = True
        frame.attach_vault(self.vault)
        if not self.vault.is_set_up():
            self._ask_to_create()
            return
        try:
            database = self.vault.unlock_with_keyring()
        except EnvironmentFault as fault:
            self._stop(fault)
            return
        if database is not None:
            log.info("unlocked with the keyring")
            self._open_window(database)
            return
        if not self.paths.key_file.exists():
            self._stop(KeyFileMissing(self.paths.key_file))
            return
        if not self.paths.database.exists():
            self._stop(DatabaseMissing(self.paths.database))
            return
        self._ask_to_unlock()

    def shutdown(self) -> None:
        """Close whatever is open: the database is never left unlocked after the app ends."""
        if self.frame is not None:
            self.frame.close_database()

    # -- steps ----------------------------------------------------------------------------------

    def _ask_to_create(self) -> None:
        if self.frame is not None:
            self.frame.locked_page.set_opening(self.tr("Welcome to Linkworker"))
        from linkworker.ui.passphrase_dialogs import CreatePassphraseDialog

        dialog = CreatePassphraseDialog(self.vault.keyring, self.vault.create, self.notifier)
        dialog.accepted.connect(lambda: self._created(dialog.database))
        dialog.rejected.connect(self._cancelled)
        self.dialog = dialog
        dialog.open()

    def _created(self, database: Database | None) -> None:
        if database is None:
            return
        log.info("database created (keyring secure: %s)", self.vault.keyring.secure)
        self._open_window(database)

    def _ask_to_unlock(self) -> None:
        if self.frame is not None:
            self.frame.locked_page.set_opening(self.tr("Linkworker is locked"))
        if self.vault.keyring.secure:
            intro = self.tr(
                "The key to your records was not found in this computer's keyring. Type your "
                "passphrase to unlock Linkworker; it will put the key back in the keyring."
            )
        else:
            intro = self.tr(
                "This computer has no secure keyring, so Linkworker asks for your passphrase "
                "each time it opens. Type it to unlock your records."
            )
        from linkworker.ui.passphrase_dialogs import UnlockDialog

        dialog = UnlockDialog(
            intro, self.vault.unlock_with_passphrase, self.notifier, self.tr("Quit")
        )
        dialog.accepted.connect(lambda: self._unlocked(dialog.database))
        dialog.rejected.connect(self._cancelled)
        self.dialog = dialog
        dialog.open()

    def _unlocked(self, database: Database | None) -> None:
        if database is None:
            return
        log.info("unlocked with the passphrase")
        self._open_window(database)

    def _open_window(self, database: Database) -> None:
        self.dialog = None
        window = self.frame
        assert window is not None
        self.window = window
        self.notifier.window = window
        window.set_database(database)
        window.activateWindow()  # after the first-run or unlock dialog, focus moves here
        self.window_shown.emit(window)
        if os.environ.get(QUIT_WHEN_READY_ENV) == "1":
            QTimer.singleShot(0, window.close)
            return
        window.after_unlock()

    def _wiped(self) -> None:
        """The laptop was revoked and its records wiped: set it up afresh, as on a first run."""
        self.window = None
        log.info("starting afresh after the wipe")
        self._ask_to_create()

    def _cancelled(self) -> None:
        self.dialog = None
        log.info("start cancelled by the user")
        self.finished.emit(EXIT_OK)

    def _stop(self, fault: EnvironmentFault) -> None:
        """Show the fault; end the app once it is read. Nothing is deleted or changed."""
        log.warning("cannot start: %s", type(fault).__name__)
        self.notifier.fault(fault, None, lambda: self.finished.emit(EXIT_FAULT))
