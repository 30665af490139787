"""The main window: navigation, the section pages, menus, status bar, locking and unlocking.

The window owns the open database while unlocked (``self.database``) and is the only place that
reads or writes through it; the views just show the plain rows they are given. Sync runs in the
background (``self.sync``, a SyncController); the status bar tells its state, and the Conflicts
page and Today show what needs the worker.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from linkworker import __version__
from linkworker.paths import Paths
from linkworker.store.errors import EnvironmentFault
from linkworker.ui.background import BackgroundCall
from linkworker.ui.caseload_view import CaseloadView
from linkworker.ui.errors import Notifier
from linkworker.ui.locking import MINUTE_MS, LockController
from linkworker.ui.pages import ComingLaterPage, LockedPage
from linkworker.ui.settings import AppSettings, SettingsDialog
from linkworker.ui.sync_status import (
    OFF,
    SIGN_IN,
    conflicts_text,
    describe,
    refused_text,
    refused_tooltip,
)
from linkworker.ui.sync_worker import SyncController
from linkworker.ui.today_page import TodayPage
from linkworker.ui.widgets import LinkButton

# The window is built and shown before the database stack (SQLAlchemy, the tables, the keys) is
# loaded, so it appears at once; everything below is loaded when first needed.
if TYPE_CHECKING:
    from linkworker.care.person import NewPerson
    from linkworker.store.database import Database
    from linkworker.store.record import PersonRecord
    from linkworker.store.vault import Vault
    from linkworker.sync.client import SyncReport
    from linkworker.sync.protocol import EnrolResponse
    from linkworker.ui.conflicts_view import ConflictsPage
    from linkworker.ui.connect_dialog import ConnectDialog
    from linkworker.ui.directory_page import DirectoryPage
    from linkworker.ui.passphrase_dialogs import (
        ChangePassphraseDialog,
        RecoveryPassphraseDialog,
        UnlockDialog,
    )
    from linkworker.ui.person_dialog import PersonDialog
    from linkworker.ui.record_edits import RecordEditor
    from linkworker.ui.record_page import RecordPage
    from linkworker.ui.referral_dialog import ReferralDialog

log = logging.getLogger("linkworker.ui")

TODAY, CASELOAD, DIRECTORY, REPORTS = "today", "caseload", "directory", "reports"
CONFLICTS = "conflicts"  # listed only while there are conflicts
RECORD = "record"  # listed only while a person's record is open
SECTIONS = (TODAY, CASELOAD, DIRECTORY, REPORTS, RECORD, CONFLICTS)
RESTORED_SECTIONS = (TODAY, CASELOAD, DIRECTORY, REPORTS)
DEFAULT_SIZE = (1100, 700)


def _set_aside_what_was_loaded() -> None:
    """Once the app is up, what it loaded to get there (modules, the window, the store) is set
    aside from the cycle collector for good (``gc.freeze``): each later collection then scans
    only what came after, instead of pausing the window for tens of milliseconds to rescan
    hundreds of thousands of objects that live as long as the app."""
    import gc

    gc.freeze()


class MainWindow(QMainWindow):
    closed = Signal()
    wiped = Signal()  # this laptop was revoked and wiped: start again as on a first run

    def __init__(
        self,
        paths: Paths,
        settings: AppSettings,
        notifier: Notifier,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._vault: Vault | None = None
        self.paths = paths
        self.settings = settings
        self.notifier = notifier
        self.database: Database | None = None
        self._lock_reason = ""
        self.person_dialog: PersonDialog | None = None
        self.referral_dialog: ReferralDialog | None = None
        self.demo_box: QMessageBox | None = None
        self.demo_load_button: object = None
        self._stale = False  # the caseload and Today need reading again before they are shown
        self._back_to = CASELOAD
        self.unlock_dialog: UnlockDialog | None = None
        self.change_passphrase_dialog: ChangePassphraseDialog | None = None
        self.recovery_dialog: RecoveryPassphraseDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.connect_dialog: ConnectDialog | None = None

        self.setWindowTitle(self.tr("Linkworker"))
        self.setAccessibleName(self.tr("Linkworker"))
        self.lock_controller = LockController(settings.auto_lock_minutes, self)
        self.lock_controller.lock_due.connect(self._idle_lock)
        self.sync = SyncController(self)
        self.sync.status_changed.connect(self.show_sync_status)
        self.sync.synced.connect(self._synced)
        self.sync.revoked.connect(self._device_revoked)
        self.sync.sign_in_needed.connect(self._sign_in_needed)

        self._build_actions()
        self._build_menus()
        self._build_central()
        self._build_status_bar()
        self._set_unlocked(False)
        self._restore_window()

    # -- building -------------------------------------------------------------------------------

    def _action(self, text: str, accessible: str, slot: object) -> QAction:
        action = QAction(text, self)
        action.setStatusTip(accessible)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_person_action = self._action(
            self.tr("&New person…"), self.tr("Add someone to your caseload"), self.open_new_person
        )
        self.new_referral_action = self._action(
            self.tr("New &referral…"),
            self.tr("Take a referral: find the person first, or add them"),
            self.open_new_referral,
        )
        self.new_referral_action.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.new_person_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.demo_action = self._action(
            self.tr("Load a &fictional caseload…"),
            self.tr("Try Linkworker with made-up people (only while the caseload is empty)"),
            self.offer_demo,
        )
        self.change_passphrase_action = self._action(
            self.tr("&Change passphrase…"),
            self.tr("Choose a new passphrase"),
            self.open_change_passphrase,
        )
        self.lock_action = self._action(
            self.tr("&Lock"), self.tr("Lock Linkworker now"), self.lock_now
        )
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.quit_action = self._action(self.tr("&Quit"), self.tr("Close Linkworker"), self.close)
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.auto_lock_action = self._action(
            self.tr("&Auto-lock…"),
            self.tr("Choose how long Linkworker waits before locking itself"),
            self.open_settings,
        )
        self.connect_action = self._action(
            self.tr("&Connect to server…"),
            self.tr("Connect this laptop to your organisation's Linkworker server"),
            self.open_connect,
        )
        self.sync_now_action = self._action(
            self.tr("&Sync now"), self.tr("Send and receive changes now"), self.sync_now
        )
        self.sync_now_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.conflicts_action = self._action(
            self.tr("&Conflicts"),
            self.tr("Changes made on two laptops that need you to choose"),
            self.show_conflicts,
        )
        self.about_action = self._action(
            self.tr("&About Linkworker"), self.tr("About Linkworker"), self.show_about
        )
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.setAccessibleName(self.tr("Menu bar"))
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.new_referral_action)
        file_menu.addAction(self.new_person_action)
        file_menu.addAction(self.demo_action)
        file_menu.addSeparator()
        file_menu.addAction(self.change_passphrase_action)
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu(self.tr("&Edit"))
        sync_menu = bar.addMenu(self.tr("S&ync"))
        sync_menu.addAction(self.sync_now_action)
        sync_menu.addAction(self.conflicts_action)
        settings_menu = bar.addMenu(self.tr("&Settings"))
        settings_menu.addAction(self.auto_lock_action)
        settings_menu.addAction(self.connect_action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

    def _build_central(self) -> None:
        """The locked page now; the sections when first needed (they are hidden until unlocked,
        and building them later lets the window appear sooner)."""
        self._sections_built = False
        self.locked_page = LockedPage()
        self.locked_page.unlock_requested.connect(self.ask_unlock)
        self.root = QStackedWidget()
        self.root.addWidget(self.locked_page)
        self.setCentralWidget(self.root)

    @property
    def caseload(self) -> CaseloadView:
        self._build_sections()
        return self._caseload

    @property
    def today(self) -> TodayPage:
        self._build_sections()
        return self._today

    @property
    def record(self) -> RecordPage:
        self._build_sections()
        return self._record

    @property
    def editor(self) -> RecordEditor:
        self._build_sections()
        return self._editor

    @property
    def directory(self) -> DirectoryPage:
        self._build_sections()
        return self._directory

    @property
    def conflicts(self) -> ConflictsPage:
        self._build_sections()
        return self._conflicts

    @property
    def navigation(self) -> QListWidget:
        self._build_sections()
        return self._navigation

    @property
    def pages(self) -> QStackedWidget:
        self._build_sections()
        return self._pages

    @property
    def content(self) -> QWidget:
        self._build_sections()
        return self._content

    def _build_sections(self) -> None:
        if self._sections_built:
            return
        self._sections_built = True
        from linkworker.ui.conflicts_view import ConflictsPage  # the store is loaded by now
        from linkworker.ui.directory_page import DirectoryPage
        from linkworker.ui.record_edits import RecordEditor
        from linkworker.ui.record_page import RecordPage

        self._caseload = CaseloadView()
        self._caseload.new_person_requested.connect(self.open_new_person)
        self._caseload.new_referral_requested.connect(self.open_new_referral)
        self._caseload.open_person.connect(self.open_person)
        self._caseload.demo_requested.connect(self.offer_demo)
        self._today = TodayPage()
        self._today.open_conflicts.connect(self.show_conflicts)
        self._today.open_person.connect(self.open_person)
        self._today.complete_follow_up.connect(self.complete_follow_up)
        self._today.move_follow_up.connect(self.move_follow_up)
        self._editor = RecordEditor(lambda: self.database, self.notifier, self)
        self._editor.changed.connect(self._record_changed)
        self._record = RecordPage(self._editor, self._read_record)
        self._record.back_requested.connect(self.close_record)
        undo, redo = self._record.undo_actions()
        self.edit_menu.addAction(undo)
        self.edit_menu.addAction(redo)
        self._conflicts = ConflictsPage()
        self._conflicts.resolve_requested.connect(self.resolve_conflict)
        self._directory = DirectoryPage(lambda: self.database, self.notifier)
        self._directory.connection_made.connect(self._directory_connected)
        self._directory.changed.connect(self.sync.changed)
        self._directory.printed.connect(self._directory_printed)
        self._directory.status_message.connect(
            lambda text: self.statusBar().showMessage(text, 8000)
        )
        pages: dict[str, QWidget] = {
            TODAY: self._today,
            CASELOAD: self._caseload,
            DIRECTORY: self._directory,
            REPORTS: ComingLaterPage(
                self.tr("Reports"),
                self.tr(
                    "Caseload and outcome reports, as PDF, CSV and spreadsheet, arrive in a later "
                    "version."
                ),
            ),
            CONFLICTS: self._conflicts,
            RECORD: self._record,
        }
        titles = {
            TODAY: self.tr("Today"),
            CASELOAD: self.tr("Caseload"),
            DIRECTORY: self.tr("Directory"),
            REPORTS: self.tr("Reports"),
            CONFLICTS: self.tr("Conflicts"),
            RECORD: self.tr("Person"),
        }
        navigation = QListWidget()
        navigation.setAccessibleName(self.tr("Sections"))
        navigation.setAccessibleDescription(self.tr("Choose which part of Linkworker to see"))
        pages_stack = QStackedWidget()
        pages_stack.setAccessibleName(self.tr("Section content"))
        for key in SECTIONS:
            item = QListWidgetItem(titles[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, titles[key])
            navigation.addItem(item)
            pages_stack.addWidget(pages[key])
        navigation.item(SECTIONS.index(CONFLICTS)).setHidden(True)
        navigation.item(SECTIONS.index(RECORD)).setHidden(True)
        navigation.currentRowChanged.connect(pages_stack.setCurrentIndex)
        navigation.currentRowChanged.connect(self._section_changed)
        metrics = navigation.fontMetrics()
        widest = max(metrics.horizontalAdvance(t) for t in titles.values())
        # Room for the sections and most names of the person open (a longer name is shortened,
        # with the whole name in its tooltip); never a sideways scroll bar.
        widest = max(widest, 14 * metrics.averageCharWidth())
        navigation.setFixedWidth(widest + 6 * metrics.averageCharWidth())
        navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        navigation.setSpacing(metrics.height() // 3)  # rows easy to hit with a trackpad

        content = QWidget()
        row = QHBoxLayout(content)
        row.addWidget(navigation)
        row.addWidget(pages_stack, 1)
        self._navigation, self._pages, self._content = navigation, pages_stack, content
        self.root.insertWidget(0, content)
        page = self.settings.page
        self.show_section(page if page in RESTORED_SECTIONS else CASELOAD)
        # The status bar's links come first in the focus chain (built before the sections): the
        # window opens with the focus on the sections, as before they existed.
        navigation.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setAccessibleName(self.tr("Status bar"))
        self.lock_label = QLabel()
        self.lock_label.setAccessibleName(self.tr("Lock state"))
        self.refused_label = QLabel()
        self.refused_label.setAccessibleName(self.tr("Changes refused by the server"))
        self.refused_label.hide()
        self.conflicts_link = LinkButton(bold=True)
        self.conflicts_link.setAccessibleName(self.tr("Conflicts that need you"))
        self.conflicts_link.setToolTip(self.tr("Open the conflicts to choose what is right"))
        self.conflicts_link.clicked.connect(self.show_conflicts)
        self.conflicts_link.hide()
        self.sync_label = QLabel(self.tr("Not connected to a server"))
        self.sync_label.setAccessibleName(self.tr("Sync state"))
        self.sync_label.setAccessibleDescription(self.sync_label.text())
        self.connect_link = LinkButton(self.tr("Connect…"))
        self.connect_link.setAccessibleName(self.tr("Connect to server"))
        self.connect_link.clicked.connect(self.open_connect)
        self.connect_link.hide()
        gap = self.fontMetrics().averageCharWidth()
        for label in (self.lock_label, self.refused_label, self.sync_label):
            label.setContentsMargins(gap, 0, gap, 0)  # the parts read apart, not run together
        bar.addPermanentWidget(self.lock_label)
        bar.addPermanentWidget(self.refused_label)
        bar.addPermanentWidget(self.conflicts_link)
        bar.addPermanentWidget(self.sync_label)
        bar.addPermanentWidget(self.connect_link)

    def _restore_window(self) -> None:
        geometry = self.settings.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)

    # -- sections -------------------------------------------------------------------------------

    def show_section(self, key: str) -> None:
        row = SECTIONS.index(key)
        self.navigation.item(row).setHidden(False)
        self.navigation.setCurrentRow(row)

    def _section_changed(self, _row: int) -> None:
        self.show_sync_status()  # the Conflicts entry goes once left with nothing in it
        section = self.current_section()
        if section != RECORD and self._record.record is not None:
            self._record.flush()
        if section in (TODAY, CASELOAD) and self._stale:
            self.reload_caseload()
        if section == DIRECTORY:
            self._directory_shown()

    def current_section(self) -> str:
        return SECTIONS[self.pages.currentIndex()]

    # -- unlocked and locked --------------------------------------------------------------------

    @property
    def vault(self) -> Vault:
        if self._vault is None:
            raise RuntimeError("the window has no vault yet")
        return self._vault

    def attach_vault(self, vault: Vault) -> None:
        """The vault that unlocks this window's database (given once it is loaded)."""
        self._vault = vault

    def show_opening(self) -> None:
        """The first moments: the window is up while the encrypted store is being opened."""
        self.locked_page.set_opening(self.tr("Opening your records…"))
        self._set_unlocked(False)

    def set_database(self, database: Database) -> None:
        """Show everything, reading it from the database just unlocked."""
        self.database = database
        self._set_unlocked(True)
        self.reload_caseload()
        self.reload_conflicts()
        if self.current_section() == DIRECTORY:
            self._directory_shown()
        self.lock_controller.arm()
        self.sync.start(database, self.vault)
        _set_aside_what_was_loaded()

    def reload_caseload(self) -> None:
        """Read the caseload and Today again (one query each)."""
        if self.database is None:
            return
        from linkworker.store.caseload import caseload_rows, my_worker_id, today

        try:
            rows = caseload_rows(self.database)
            me = my_worker_id(self.database)
            lists = today(self.database)
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)
            return
        self._stale = False
        self.caseload.show_rows(rows, me)
        self.today.show_today(lists)

    # -- a person's record ----------------------------------------------------------------------

    def open_person(self, person_id: str) -> None:
        """Open someone's record (the viewing is audited)."""
        if self.database is None:
            return
        from linkworker.store.record import PersonGone, open_record

        try:
            record = open_record(self.database, person_id)
        except PersonGone as gone:
            self.statusBar().showMessage(str(gone), 8000)
            self.reload_caseload()
            return
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)
            return
        current = self.current_section()
        if current != RECORD:
            self._back_to = current
        self._record.flush()
        self._record.show_record(record)
        item = self.navigation.item(SECTIONS.index(RECORD))
        p = record.person
        name = f"{p['given_name']} {p['family_name']}"
        room = (
            self.navigation.viewport().width()
            - 2 * self.navigation.fontMetrics().averageCharWidth()
        )
        item.setText(
            self.navigation.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, room)
        )
        item.setToolTip(name)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, name)
        self.show_section(RECORD)
        log.info("record opened")

    def _read_record(self, person_id: str) -> PersonRecord | None:
        if self.database is None:
            return None
        from linkworker.store.record import PersonGone, read_record

        try:
            return read_record(self.database, person_id)
        except PersonGone:
            self.statusBar().showMessage(
                self.tr("That record was removed, perhaps on another laptop."), 8000
            )
            return None
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)
            return None

    def close_record(self) -> None:
        self._record.flush()
        self._record.clear()
        self.navigation.item(SECTIONS.index(RECORD)).setHidden(True)
        self.show_section(self._back_to if self._back_to != RECORD else CASELOAD)

    def _record_changed(self) -> None:
        self._stale = True
        self.sync.changed()

    # -- the directory --------------------------------------------------------------------------

    def _directory_shown(self) -> None:
        """The Directory section came up: it refers the open person, and reads afresh."""
        record = self._record.record
        if record is None:
            self._directory.set_person(None)
        else:
            p = record.person
            name = f"{p['given_name']} {p['family_name']}"
            self._directory.set_person(
                p.id, name, p["preferred_name"] or p["given_name"], p["postcode"]
            )
        self._directory.refresh()

    def _directory_connected(self, person_id: str) -> None:
        """A signpost or referral was saved from the directory: sync it, show it."""
        self._stale = True
        self.sync.changed()
        if self._record.person_id == person_id:
            self._record.reload()

    def _directory_printed(self, service_id: str, person_id: str) -> None:
        """A service's leaflet was printed (saved as PDF), for the open person if any."""
        if self.database is None:
            return
        from linkworker.store import audit

        detail = f"leaflet for person {person_id}" if person_id else "leaflet"
        try:
            with self.database.transaction() as s:
                audit.record(s, "printed", "dir_service", service_id, detail)
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)

    def complete_follow_up(self, follow_up_id: str) -> None:
        from linkworker.store import followups

        self._follow_up_step(followups.complete, follow_up_id)
        self.statusBar().showMessage(self.tr("Follow-up marked done."), 8000)

    def move_follow_up(self, follow_up_id: str, day: object) -> None:
        from linkworker.store import followups

        self._follow_up_step(followups.move, follow_up_id, day)
        self.statusBar().showMessage(self.tr("Follow-up moved."), 8000)

    def _follow_up_step(self, step: object, *args: object) -> None:
        from linkworker.ui.record_edits import Refused

        try:
            self.editor.run(step, *args)  # type: ignore[arg-type]
        except Refused as refused:
            self.statusBar().showMessage(refused.message, 8000)
        self.reload_caseload()
        if self._record.record is not None:
            self._record.reload()

    def after_unlock(self) -> None:
        """Say what the vault noticed while unlocking, and ask for a recovery copy if missing."""
        if self.vault.keyring_restored:
            self.notifier.info(
                self.tr("Key put back in the keyring"),
                self.tr("This computer's keyring had lost the key to your records."),
                self.tr(
                    "Linkworker has put it back, so next time it opens without asking for your "
                    "passphrase."
                ),
                self,
            )
        if self.vault.recovery_copy_missing:
            self.ask_recovery_passphrase()

    def lock_now(self) -> None:
        """File › Lock (Ctrl+L)."""
        self.lock()

    def lock(self, reason: str = "") -> None:
        """Close the database, forget everything shown, then ask for the passphrase."""
        if self.database is None:
            return
        self.lock_controller.disarm()
        self._discard_dialogs()
        self.sync.stop()  # a sync in flight ends its step first: the database is still open
        self._forget_shown()
        database, self.database = self.database, None
        database.close()
        self._lock_reason = reason or self.tr("You locked Linkworker.")
        self.locked_page.set_reason(self._lock_reason)
        self._set_unlocked(False)
        log.info("locked")
        self.ask_unlock()

    def ask_unlock(self) -> None:
        """The unlock dialog after a lock: always the passphrase, never the keyring."""
        if self.database is not None or self.unlock_dialog is not None or self._vault is None:
            return
        from linkworker.ui.passphrase_dialogs import UnlockDialog

        intro = f"{self._lock_reason} {self.tr('Type your passphrase to unlock it.')}"
        dialog = UnlockDialog(
            intro, self.vault.unlock_with_passphrase, self.notifier, self.tr("Cancel"), self
        )
        dialog.accepted.connect(lambda: self._unlocked(dialog.database))
        dialog.finished.connect(self._unlock_dialog_closed)
        self.unlock_dialog = dialog
        dialog.open()

    def set_idle_interval_ms(self, milliseconds: int) -> None:
        """For tests and tools: the idle time before the auto-lock, in milliseconds."""
        self.lock_controller.set_idle_interval_ms(milliseconds)

    def _unlocked(self, database: Database | None) -> None:
        if database is None:
            return
        log.info("unlocked with the passphrase")
        self.set_database(database)
        self.after_unlock()

    def _unlock_dialog_closed(self) -> None:
        self.unlock_dialog = None

    def _idle_lock(self) -> None:
        self.lock(self._minutes_text(round(self.lock_controller.interval_ms / MINUTE_MS)))

    def _minutes_text(self, minutes: int) -> str:
        if minutes < 1:
            return self.tr("Linkworker locked itself after a while without use.")
        if minutes == 1:
            return self.tr("Linkworker locked itself after 1 minute without use.")
        return self.tr("Linkworker locked itself after {minutes} minutes without use.").format(
            minutes=minutes
        )

    def _forget_shown(self) -> None:
        """Clear every view of records (locking, or wiping)."""
        if self._sections_built and self._record.record is not None:
            self._record.flush()
            self._record.clear()
            self.navigation.item(SECTIONS.index(RECORD)).setHidden(True)
            if self.current_section() == RECORD:
                self.show_section(CASELOAD)
        self.caseload.clear()
        self.conflicts.clear()
        self.today.clear()
        self.directory.clear()  # stops a sample import before the database closes
        self.statusBar().clearMessage()

    def _set_unlocked(self, unlocked: bool) -> None:
        for action in (
            self.new_person_action,
            self.new_referral_action,
            self.demo_action,
            self.change_passphrase_action,
            self.lock_action,
            self.auto_lock_action,
            self.connect_action,
            self.conflicts_action,
        ):
            action.setEnabled(unlocked)
        self.root.setCurrentWidget(self.content if unlocked else self.locked_page)
        if not unlocked:
            self.lock_label.setText(self.tr("Locked"))
        elif self.vault.keyring.secure:
            self.lock_label.setText(self.tr("Unlocked · key in keyring"))
        else:
            self.lock_label.setText(self.tr("Unlocked · passphrase only (no secure keyring)"))
        self.lock_label.setAccessibleDescription(self.lock_label.text())
        self.show_sync_status()

    def _discard_dialogs(self) -> None:
        for dialog in self.findChildren(QDialog):
            discard = getattr(dialog, "discard", None)
            if callable(discard):
                discard()

    # -- dialogs --------------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        """Open a dialog without blocking; Ctrl+L still locks while it has the focus."""
        dialog.addAction(self.lock_action)
        dialog.open()

    def open_new_person(self) -> None:
        if self.database is None:
            return
        if self.person_dialog is not None:
            self.person_dialog.raise_()
            self.person_dialog.activateWindow()
            return
        self.show_section(CASELOAD)
        from linkworker.ui.person_dialog import PersonDialog

        dialog = PersonDialog(self._add_person, self.notifier, self)
        dialog.saved.connect(self._person_added)
        dialog.finished.connect(self._person_dialog_closed)
        self.person_dialog = dialog
        self._open(dialog)

    def _add_person(self, new: NewPerson) -> str:
        if self.database is None:
            raise RuntimeError("the database is locked")
        from linkworker.store.people import add_person

        person_id = add_person(self.database, new)
        log.info("person added: %s", person_id)
        return person_id

    def _person_added(self, person_id: str) -> None:
        self.reload_caseload()
        self.caseload.select_person(person_id)
        self.statusBar().showMessage(self.tr("Saved to your caseload."), 8000)
        self.sync.changed()

    def _person_dialog_closed(self) -> None:
        self.person_dialog = None

    def open_new_referral(self) -> None:
        """File › New referral… (Ctrl+N): find the person first, then take the referral."""
        if self.database is None:
            return
        if self.referral_dialog is not None:
            self.referral_dialog.raise_()
            self.referral_dialog.activateWindow()
            return
        from linkworker.ui.referral_dialog import ReferralDialog

        database = self.database

        def find(nhs: str | None, given: str, family: str, born: object) -> list[Any]:
            from linkworker.store.referrals import find_matches

            return find_matches(database, nhs, given, family, born)  # type: ignore[arg-type]

        def take(referral: Any, person_id: str | None, new: Any, fill_in: Any) -> tuple[str, str]:
            from linkworker.store.referrals import take_referral

            saved = take_referral(database, referral, person_id, new, fill_in)
            log.info("referral taken")
            return saved

        dialog = ReferralDialog(find, take, self.notifier, self)
        dialog.saved.connect(self._referral_taken)
        dialog.finished.connect(self._referral_dialog_closed)
        self.referral_dialog = dialog
        self._open(dialog)

    def _referral_taken(self, person_id: str) -> None:
        self.sync.changed()
        self.reload_caseload()
        self.statusBar().showMessage(self.tr("Referral saved."), 8000)
        self.open_person(person_id)

    def _referral_dialog_closed(self) -> None:
        self.referral_dialog = None

    def offer_demo(self) -> None:
        """File › Load a fictional caseload… (and the button on an empty caseload)."""
        if self.database is None:
            return
        from linkworker.store.people import count_people

        if count_people(self.database) > 0:
            self.notifier.info(
                self.tr("Your caseload is not empty"),
                self.tr("A fictional caseload is loaded only into an empty one."),
                self.tr(
                    "Made-up people mixed with real ones could be mistaken for them. To try "
                    "Linkworker, set it up on a computer of its own for practice."
                ),
                self,
            )
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Load a fictional caseload?"),
            self.tr(
                "This adds about fifty made-up people, with referrals, plans, contacts and "
                "measures over the past year, so you can try Linkworker. None of them is real: "
                "NHS numbers are from the test range and phone numbers from the ranges kept for "
                "drama."
            ),
            parent=self,
        )
        box.setInformativeText(
            self.tr(
                "Use it only on a laptop for practice: if this laptop is connected to your "
                "organisation's server, the made-up people will sync to your team."
            )
        )
        self.demo_load_button = box.addButton(
            self.tr("Load fictional people"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: self._demo_answered(box.clickedButton()))
        self.demo_box = box
        self._open(box)

    def _demo_answered(self, clicked: object) -> None:
        self.demo_box = None
        if clicked is not self.demo_load_button or self.database is None:
            return
        from linkworker.store.demo import load_demo

        try:
            report = load_demo(self.database)  # refuses (CaseloadNotEmpty) if people came since
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)
            return
        log.info("demo caseload loaded")
        self.sync.changed()
        self.reload_caseload()
        self.statusBar().showMessage(
            self.tr("{n} fictional people loaded.").format(n=report.people), 8000
        )

    def open_change_passphrase(self) -> None:
        if self.database is None or self.change_passphrase_dialog is not None:
            return
        from linkworker.ui.passphrase_dialogs import ChangePassphraseDialog

        dialog = ChangePassphraseDialog(self.vault, self.notifier, self)
        dialog.accepted.connect(self._passphrase_changed)
        dialog.finished.connect(self._change_passphrase_closed)
        self.change_passphrase_dialog = dialog
        self._open(dialog)

    def _passphrase_changed(self) -> None:
        log.info("passphrase changed")
        self.notifier.info(
            self.tr("Passphrase changed"),
            self.tr("Your new passphrase works from now on; the old one no longer does."),
            "",
            self,
        )

    def _change_passphrase_closed(self) -> None:
        self.change_passphrase_dialog = None

    def ask_recovery_passphrase(self) -> None:
        if self.recovery_dialog is not None:
            return
        from linkworker.ui.passphrase_dialogs import RecoveryPassphraseDialog

        dialog = RecoveryPassphraseDialog(self.vault, self.notifier, self)
        dialog.accepted.connect(self._recovery_copy_made)
        dialog.finished.connect(self._recovery_dialog_closed)
        self.recovery_dialog = dialog
        self._open(dialog)

    def _recovery_copy_made(self) -> None:
        log.info("recovery key file recreated")
        self.statusBar().showMessage(self.tr("A new recovery copy of the key was made."), 8000)

    def _recovery_dialog_closed(self) -> None:
        self.recovery_dialog = None

    def open_settings(self) -> None:
        if self.settings_dialog is not None:
            return
        dialog = SettingsDialog(self.settings.auto_lock_minutes, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._settings_saved(dialog.minutes.value()))
        dialog.finished.connect(self._settings_dialog_closed)
        self.settings_dialog = dialog
        self._open(dialog)

    def _settings_saved(self, minutes: int) -> None:
        self.settings.auto_lock_minutes = minutes
        self.lock_controller.set_idle_minutes(minutes)
        if minutes == 1:
            text = self.tr("Linkworker will now lock itself after 1 minute without use.")
        else:
            text = self.tr(
                "Linkworker will now lock itself after {minutes} minutes without use."
            ).format(minutes=minutes)
        self.statusBar().showMessage(text, 8000)

    def _settings_dialog_closed(self) -> None:
        self.settings_dialog = None

    def show_about(self) -> None:
        self.notifier.info(
            self.tr("About Linkworker"),
            self.tr("Linkworker {version}").format(version=__version__),
            self.tr(
                "For social prescribing link workers and health coaches.\n\n"
                "Your encrypted records are in:\n{folder}\n\n"
                "The log, which never holds personal data, is in:\n{logs}"
            ).format(folder=self.paths.data_dir, logs=self.paths.log_dir),
            self,
        )

    # -- sync -----------------------------------------------------------------------------------

    def show_sync_status(self) -> None:
        """The status bar's sync part, from the controller's snapshot: never more than is known."""
        snap = self.sync.snapshot()
        status = describe(snap)
        self.sync_label.setText(status.text)
        self.sync_label.setToolTip(status.tooltip)
        self.sync_label.setAccessibleDescription(f"{status.text}. {status.tooltip}")
        unlocked = self.database is not None
        # Locked before the first unlock, whether this laptop is connected is not known (it is
        # in the encrypted database): say nothing rather than "Not connected".
        self.sync_label.setVisible(unlocked or snap.phase != OFF)
        self.conflicts_link.setText(conflicts_text(snap.conflicts))
        self.conflicts_link.setAccessibleDescription(self.conflicts_link.text())
        self.conflicts_link.setVisible(unlocked and snap.conflicts > 0)
        self.refused_label.setText(refused_text(snap.refused))
        self.refused_label.setToolTip(refused_tooltip())
        self.refused_label.setAccessibleDescription(
            f"{self.refused_label.text()}. {refused_tooltip()}"
        )
        self.refused_label.setVisible(unlocked and snap.refused > 0)
        sign_in = snap.phase == SIGN_IN
        self.connect_link.setText(self.tr("Sign in again…") if sign_in else self.tr("Connect…"))
        self.connect_link.setAccessibleName(
            self.tr("Sign in again") if sign_in else self.tr("Connect to server")
        )
        self.connect_link.setVisible(unlocked and (sign_in or not snap.connected))
        self.sync_now_action.setEnabled(unlocked and snap.connected and not sign_in)
        if self._sections_built:
            item = self.navigation.item(SECTIONS.index(CONFLICTS))
            item.setText(
                self.tr("Conflicts ({n})").format(n=f"{snap.conflicts:,}")
                if snap.conflicts
                else self.tr("Conflicts")
            )
            showing = self.current_section() == CONFLICTS
            item.setHidden(not unlocked or (snap.conflicts == 0 and not showing))

    def sync_now(self) -> None:
        """Sync › Sync now (F5)."""
        self.sync.sync_now()

    def show_conflicts(self) -> None:
        if self.database is None:
            return
        self.reload_conflicts()
        self.show_section(CONFLICTS)

    def reload_conflicts(self) -> None:
        if self.database is None:
            return
        from linkworker.ui.conflicts_data import load_conflicts

        try:
            items = load_conflicts(self.database)
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)
            return
        self.conflicts.show_conflicts(items)
        self.today.show_conflicts(items)

    def resolve_conflict(self, conflict_id: str, value: object, merged: bool) -> None:
        """Keep this / Save merged value: an ordinary edit of the field, then sync it."""
        if self.database is None:
            return
        from linkworker.ui.conflicts_data import ConflictGone, resolve

        try:
            resolve(self.database, conflict_id, value, merged)
        except ConflictGone:
            self.statusBar().showMessage(self.tr("That conflict was settled meanwhile."), 8000)
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)
            return
        else:
            log.info("conflict resolved")
            self.statusBar().showMessage(
                self.tr("Saved. Your choice is going to the server."), 8000
            )
        self.reload_conflicts()
        self.sync.sync_now()

    def _synced(self, report: SyncReport) -> None:
        if report.pulled or report.removed:
            self.reload_caseload()
            if self._sections_built and self._record.record is not None:
                self._record.reload()
            if self._sections_built and self.current_section() == DIRECTORY:
                self._directory.refresh()
        self.reload_conflicts()

    def _sign_in_needed(self, _message: str) -> None:
        log.info("the server asks this laptop to sign in again")

    def _device_revoked(self, _message: str) -> None:
        """An administrator removed this laptop: wipe its records and keys, say so, start anew."""
        if self.database is None:
            return
        log.warning("device revoked: wiping the local data")
        self.lock_controller.disarm()
        self._discard_dialogs()
        self.sync.stop()
        self._forget_shown()
        database, self.database = self.database, None
        self.vault.wipe(database)
        self._lock_reason = ""
        self._set_unlocked(False)
        self.lock_label.setText(self.tr("No records on this laptop"))
        self.lock_label.setAccessibleDescription(self.lock_label.text())
        title = self.tr("This laptop was removed from Linkworker")
        text = self.tr(
            "This laptop was removed from Linkworker by your administrator. Its local records "
            "and keys have been wiped from this computer."
        )
        self.locked_page.set_opening(title)
        self.locked_page.reason.setText(text)
        self.notifier.info(
            title,
            text,
            self.tr(
                "To use Linkworker on this laptop again, set it up afresh and ask your "
                "administrator to connect it."
            ),
            self,
            self.wiped.emit,
        )

    def open_connect(self) -> None:
        """Settings › Connect to server…"""
        if self.database is None:
            return
        if self.connect_dialog is not None:
            self.connect_dialog.raise_()
            self.connect_dialog.activateWindow()
            return
        from linkworker.sync import replica
        from linkworker.ui.connect_dialog import ConnectDialog

        database, vault = self.database, self.vault

        def enrol(address: str, username: str, password: str) -> EnrolResponse:
            from linkworker.sync.client import enrol as enrol_laptop
            from linkworker.sync.transport import Transport

            transport = Transport(address)
            try:
                return enrol_laptop(database, vault, transport, username, password)
            finally:
                transport.close()

        try:
            state = replica.sync_state(database)
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)
            return
        current = ""
        if self.sync.phase == SIGN_IN:
            current = self.tr(
                "The server no longer recognises this laptop. Sign in again to carry on syncing; "
                "nothing on this laptop is lost."
            )
        elif state.server_url and state.worker_id:
            current = self.tr(
                "This laptop is connected to {org} as {worker}. Signing in again gives it a new "
                "key; nothing on this laptop changes."
            ).format(org=state.org_name or state.server_url, worker=state.worker_name or "")
        dialog = ConnectDialog(enrol, self.notifier, current, state.server_url or "", self)
        dialog.connected.connect(self._connected_to_server)
        dialog.finished.connect(self._connect_dialog_closed)
        self.connect_dialog = dialog
        self._open(dialog)

    def _connected_to_server(self, _answer: EnrolResponse) -> None:
        self.sync.connected()

    def _connect_dialog_closed(self) -> None:
        self.connect_dialog = None

    # -- closing --------------------------------------------------------------------------------

    def close_database(self) -> None:
        if self.database is not None:
            database, self.database = self.database, None
            database.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._sections_built:
            self._record.flush()
            section = self.current_section()
            self.settings.page = section if section in RESTORED_SECTIONS else CASELOAD
            self.caseload.clear()
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.lock_controller.remove()
        self._discard_dialogs()
        self.sync.shutdown()
        BackgroundCall.wait_for_all()
        self.close_database()
        event.accept()
        self.closed.emit()
