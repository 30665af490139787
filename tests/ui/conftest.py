"""UI fixtures: a Startup with a recording notifier, and helpers that type and click like a user.

Nothing here blocks: every dialog and message box is opened with ``open()``, so a test finds it
(``startup.dialog``, ``window.person_dialog``, ``notifier.open_boxes``) and drives it with qtbot.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from linkworker.logs import setup_logging
from linkworker.paths import Paths
from linkworker.store.database import Database
from linkworker.store.errors import DiskFull
from linkworker.store.tables import Person
from linkworker.store.vault import Vault
from linkworker.ui.application import make_application
from linkworker.ui.errors import Notifier
from linkworker.ui.main_window import MainWindow
from linkworker.ui.settings import AppSettings
from linkworker.ui.startup import Startup
from tests.conftest import PASSPHRASE

__all__ = ["PASSPHRASE"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform cannot pass size hints or raise windows and warns each time; on
    # a real display these work. Only these messages are let through.
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.qt_log_ignore(r"This plugin does not support"))


class Ended:
    """Records the exit codes a Startup asks for."""

    def __init__(self) -> None:
        self.codes: list[int] = []

    def __call__(self, code: int) -> None:
        self.codes.append(code)


@pytest.fixture
def app_log(paths: Paths) -> Iterator[Paths]:
    """The app's rotating log file in this test's home, removed from the root logger after."""
    handler = setup_logging(paths)
    yield paths
    logging.getLogger().removeHandler(handler)
    handler.close()


@pytest.fixture
def notifier(paths: Paths) -> Notifier:
    make_application()
    return Notifier(paths)


@pytest.fixture
def settings(paths: Paths) -> AppSettings:
    return AppSettings(paths)


@pytest.fixture
def ended() -> Ended:
    return Ended()


@pytest.fixture
def startup(
    qtbot: QtBot, paths: Paths, settings: AppSettings, notifier: Notifier, ended: Ended
) -> Iterator[Startup]:
    """A Startup on a fresh Vault. It reads the keyring now: ask for fail_keyring before it."""
    s = Startup(paths, settings, notifier, Vault(paths))
    s.finished.connect(ended)
    yield s
    if s.dialog is not None:
        s.dialog.close()
    if s.frame is not None:
        s.frame.close()
        s.frame.deleteLater()  # no window may outlive its test (PySide6 dislikes it at exit)
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for box in list(notifier.open_boxes):
        box.close()


def fill_the_disk(database: Database) -> None:
    """Make the database full, for real: SQLite answers SQLITE_FULL, as on a full disk."""
    with database.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(database.engine, "connect")
    def _cap(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    database.engine.dispose()
    for size in (3000, 300, 30, 1):  # fill the pages there are, down to the last few bytes
        with contextlib.suppress(DiskFull):
            for _ in range(10_000):
                with database.transaction() as s:
                    s.add(Person(given_name="Pad", family_name="Ding", risk_notes="x" * size))


def type_text(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Click into the field, clear it as a user would, and type."""
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def create_through_first_run(qtbot: QtBot, startup: Startup, passphrase: str) -> MainWindow:
    """The first-run dialog, filled in and confirmed; returns the main window it opens."""
    startup.start()
    from linkworker.ui.passphrase_dialogs import CreatePassphraseDialog

    dialog = startup.dialog
    assert isinstance(dialog, CreatePassphraseDialog)
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.passphrase, passphrase)
    type_text(qtbot, dialog.repeat, passphrase)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible())
    window = startup.window
    assert window is not None
    wait_active(qtbot, window)
    return window


def wait_active(qtbot: QtBot, window: QWidget) -> None:
    """Wait until the window really has focus (activation arrives after show on some platforms)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def box_text(box: QMessageBox) -> str:
    return f"{box.windowTitle()}\n{box.text()}\n{box.informativeText()}"


def visible_text(widget: QWidget) -> str:
    """Every label's text inside a widget, as a user would read it."""
    from PySide6.QtWidgets import QLabel

    return "\n".join(lbl.text() for lbl in widget.findChildren(QLabel) if lbl.isVisibleTo(widget))


@pytest.fixture
def window(qtbot: QtBot, paths: Paths, startup: Startup) -> MainWindow:
    """The main window of a database set up earlier, opened from the keyring as on any day."""
    Vault(paths).create(PASSPHRASE).close()
    startup.start()
    assert startup.window is not None
    wait_active(qtbot, startup.window)
    return startup.window


def add_through_dialog(qtbot: QtBot, window: MainWindow, **fields: str) -> None:
    """Open New person…, fill in the fields given and Save; expects it to be saved."""
    click(qtbot, window.caseload.new_person_button)
    dialog = window.person_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    for name, text in fields.items():
        type_text(qtbot, dialog.fields[name], text)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: window.person_dialog is None)


# -- sync: a real server, and laptops that connect to it ------------------------------------------


@pytest.fixture
def quick_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with light parameters on the test server (as the server tests do): the real cost
    is a quarter of a second a hash. The app waits for the answer off the GUI thread either way."""
    from argon2 import PasswordHasher

    from linkworker.server import accounts

    hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", lambda: hasher)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", [])


@pytest.fixture
def org(tmp_path: Path, quick_argon2: None) -> Iterator[Any]:
    """North PCN on a live server at http://127.0.0.1:<port>: Alice Adams and Bob Brown, link
    workers in the Canal Side team. Three wrong passwords in a row and sign-in waits."""
    from linkworker.server.ratelimit import SignInLimiter
    from tests.ui.sync_support import build_organisation

    folder = tmp_path / "server"
    folder.mkdir()
    built = build_organisation(folder, SignInLimiter(limit=3, window=300))
    yield built
    built.server.stop()
    built.server.engine.dispose()


@pytest.fixture
def colleague(tmp_path: Path, org: Any) -> Iterator[Any]:
    """Bob Brown's laptop, enrolled with the server (its own database and keys)."""
    from tests.ui.sync_support import Laptop

    laptop = Laptop(tmp_path / "bob-laptop", org.url, "bob")
    yield laptop
    laptop.close()


def connect_through_dialog(
    qtbot: QtBot, window: MainWindow, url: str, username: str = "alice"
) -> None:
    """Settings › Connect to server…, filled in and sent; waits for the first sync to finish."""
    from linkworker.ui.connect_dialog import ConnectDialog
    from tests.ui.sync_support import SERVER_PASSWORD

    window.connect_action.trigger()
    dialog = window.connect_dialog
    assert isinstance(dialog, ConnectDialog)
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.address, url)
    type_text(qtbot, dialog.username, username)
    type_text(qtbot, dialog.password, SERVER_PASSWORD)
    click(qtbot, dialog.connect_button)
    qtbot.waitUntil(lambda: dialog.done_label.isVisible(), timeout=30_000)
    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: window.connect_dialog is None)
    wait_up_to_date(qtbot, window)


def wait_up_to_date(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(
        lambda: window.sync_label.text().startswith("Up to date") and not window.sync.busy,
        timeout=30_000,
    )
