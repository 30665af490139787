"""Settings › Connect to server…: sign this laptop in to the organisation's Linkworker server.

The worker types the server's address, their username and password. The fields are checked
first, with each problem shown under its field. Signing in runs off the GUI thread (the server
hashes the password, which takes a moment) with a busy bar; the server's answer is said plainly
(wrong password, too many attempts and how long to wait, server unreachable). On success the
dialog says "Connected to <organisation> as <worker>", and ``connected`` lets the window start
the first sync. The password is never kept; the server's device key goes to the keyring.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from linkworker.logs import log_bug
from linkworker.store.errors import EnvironmentFault
from linkworker.ui.background import BackgroundCall
from linkworker.ui.errors import Notifier
from linkworker.ui.widgets import InlineError, PassphraseEdit, add_field, grow_to_fit, intro_label

if TYPE_CHECKING:
    from linkworker.sync.protocol import EnrolResponse

log = logging.getLogger("linkworker.ui")

# (address, username, password) -> the server's answer; runs on a worker thread.
Enrol = Callable[[str, str, str], "EnrolResponse"]


class ConnectDialog(QDialog):
    connected = Signal(object)  # the EnrolResponse

    def __init__(
        self,
        enrol: Enrol,
        notifier: Notifier,
        current: str = "",
        address: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """``current``: a sentence saying where this laptop is connected now, if it is."""
        super().__init__(parent)
        self._enrol = enrol
        self.notifier = notifier
        self.call: BackgroundCall | None = None
        self.answer: EnrolResponse | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Connect to server"))
        self.setAccessibleName(self.tr("Connect to server"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 76)

        layout = QVBoxLayout(self)
        layout.addWidget(
            intro_label(
                self.tr(
                    "Connect this laptop to your organisation's Linkworker server, so your "
                    "records sync whenever there is a connection. Your administrator gives you "
                    "the server's address, your username and your password. The password is not "
                    "kept on this laptop."
                )
            )
        )
        self.current = intro_label(current)
        self.current.setVisible(bool(current))
        layout.addWidget(self.current)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.address = QLineEdit(address)
        self.address.setAccessibleName(self.tr("Server address"))
        self.address.setPlaceholderText("https://linkworker.example.nhs.uk")
        self.address.setInputMethodHints(
            Qt.InputMethodHint.ImhUrlCharactersOnly | Qt.InputMethodHint.ImhNoAutoUppercase
        )
        self.username = QLineEdit()
        self.username.setAccessibleName(self.tr("Username"))
        self.username.setInputMethodHints(
            Qt.InputMethodHint.ImhNoAutoUppercase | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.password = PassphraseEdit(self.tr("Password"))
        self.errors: dict[str, InlineError] = {
            "address": add_field(
                form,
                self.tr("Server &address"),
                self.address,
                self.tr("Your administrator gives it to you. It starts with https://"),
            ),
            "username": add_field(form, self.tr("&Username"), self.username),
            "password": add_field(form, self.tr("&Password"), self.password),
        }
        layout.addLayout(form)

        self.form_error = InlineError()
        layout.addWidget(self.form_error)

        self.busy = QWidget()
        busy_row = QHBoxLayout(self.busy)
        busy_row.setContentsMargins(0, 0, 0, 0)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # moving: no known end
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName(self.tr("Connecting"))
        self.busy_bar.setMaximumWidth(self.fontMetrics().averageCharWidth() * 24)
        busy_label = QLabel(self.tr("Signing in to the server…"))
        busy_row.addWidget(self.busy_bar)
        busy_row.addWidget(busy_label, 1)
        self.busy.hide()
        layout.addWidget(self.busy)

        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.done_label.setTextFormat(Qt.TextFormat.PlainText)
        self.done_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bold = QFont(self.done_label.font())
        bold.setBold(True)
        self.done_label.setFont(bold)
        self.done_label.setAccessibleName(self.tr("Connected"))
        self.done_label.hide()
        layout.addWidget(self.done_label)

        layout.addStretch(1)  # room left by the busy bar goes here, not between the lines
        buttons = QDialogButtonBox()
        self.connect_button: QPushButton = buttons.addButton(
            self.tr("&Connect"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.connect_button.setAccessibleName(self.tr("Connect"))
        self.connect_button.setDefault(True)
        self.close_button: QPushButton = buttons.addButton(
            self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        (self.username if address else self.address).setFocus(Qt.FocusReason.OtherFocusReason)

    # -- checking and sending -------------------------------------------------------------------

    def checked(self) -> tuple[str, str, str] | None:
        """The three fields when all are fine; else each problem shown under its field."""
        for error in (*self.errors.values(), self.form_error):
            error.clear_message()
        address = self.address.text().strip()
        username = self.username.text().strip()
        password = self.password.text()
        problems: dict[str, str] = {}
        if not address:
            problems["address"] = self.tr("Enter the server's address.")
        elif not address.lower().startswith(("https://", "http://")):
            problems["address"] = self.tr(
                "The address starts with https:// (or http://), for example "
                "https://linkworker.example.nhs.uk."
            )
        elif not urlsplit(address).hostname:
            problems["address"] = self.tr("The address needs the server's name after https://.")
        if not username:
            problems["username"] = self.tr("Enter your username.")
        if not password:
            problems["password"] = self.tr("Enter your password.")
        for name, message in problems.items():
            self.errors[name].show_message(message)
        if problems:
            first = next(iter(problems))
            {"address": self.address, "username": self.username, "password": self.password}[
                first
            ].setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        return address, username, password

    def submit(self) -> None:
        if self.call is not None or self.answer is not None:
            return
        fields = self.checked()
        if fields is None:
            return
        address, username, password = fields
        enrol = self._enrol
        call = BackgroundCall(lambda: enrol(address, username, password), "linkworker-enrol")
        call.done.connect(self._connected)
        call.failed.connect(self._failed)
        self.call = call
        self._set_busy(True)
        log.info("connecting to a server")
        call.start()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.address, self.username, self.password, self.connect_button):
            widget.setEnabled(not busy)
        grow_to_fit(self)

    # -- the answer -----------------------------------------------------------------------------

    def _connected(self, answer: EnrolResponse) -> None:
        self.call = None
        self.answer = answer
        self._set_busy(False)
        self.password.wipe()
        for widget in (self.address, self.username, self.password):
            widget.setEnabled(False)
        text = self.tr("Connected to {org} as {worker}.").format(
            org=answer.org_name, worker=answer.worker_name
        )
        self.done_label.setText(
            text + " " + self.tr("Your records are syncing now; the status bar shows how far.")
        )
        self.done_label.setAccessibleDescription(self.done_label.text())
        self.done_label.show()
        self.current.hide()
        self.connect_button.hide()
        self.close_button.setText(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.setDefault(True)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        grow_to_fit(self)
        log.info("laptop connected to a server")
        self.connected.emit(answer)

    def _failed(self, exc: object) -> None:
        from linkworker.sync.transport import Offline, Refused, ServerTrouble, SyncProblem

        self.call = None
        self._set_busy(False)
        if isinstance(exc, Refused) and exc.code == "sign_in_refused":
            self.errors["password"].show_message(exc.message)
            self.password.wipe()
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
            log.info("sign-in refused by the server")
            return
        if isinstance(exc, Offline):
            message = " ".join(
                (exc.message, self.tr("Check the address, and that this laptop is online."))
            )
        elif isinstance(exc, Refused) and exc.status in (404, 405):
            message = self.tr(
                "There is no Linkworker server at that address. Check it with your administrator."
            )
        elif isinstance(exc, ServerTrouble):
            message = " ".join(
                (exc.message, self.tr("Check the address, or try again in a while."))
            )
        elif isinstance(exc, SyncProblem):
            message = exc.message
        elif isinstance(exc, EnvironmentFault):
            message = " ".join(t for t in (exc.message, exc.advice) if t)
        else:
            if isinstance(exc, BaseException):
                log_bug(log, exc)
            self.notifier.bug(self)
            return
        log.info("connecting failed: %s", type(exc).__name__)
        self.form_error.show_message(message)
        self.connect_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- closing --------------------------------------------------------------------------------

    def reject(self) -> None:
        if self.call is not None:
            self.call.forget()  # it finishes by itself; the window notices a new connection
            self.call = None
        self.password.wipe()
        super().reject()

    def discard(self) -> None:
        """The app is locking: close without a trace of the password."""
        self.reject()
