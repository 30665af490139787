"""The dialogs that take a passphrase: first run, unlock, change it, and remake the recovery copy.

Each is shown with ``open()`` (it never blocks the event loop) and does its own work on Save: the
passphrase goes straight to the vault, and a wrong or weak one is explained inline under the field,
leaving the dialog open to try again. Other environment faults go to the notifier's message box.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from linkworker.store.database import Database
from linkworker.store.errors import EnvironmentFault, WeakPassphrase, WrongPassphrase
from linkworker.store.keys import PASSPHRASE_MIN, KeyringStatus, check_passphrase
from linkworker.store.vault import Vault
from linkworker.ui.errors import Notifier
from linkworker.ui.widgets import InlineError, PassphraseEdit, add_field, busy_cursor, intro_label


class PassphraseDialog(QDialog):
    """What the passphrase dialogs share: intro text, a form, Show-typing, OK and Cancel."""

    def __init__(self, notifier: Notifier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._edits: list[PassphraseEdit] = []
        self._errors: list[InlineError] = []

        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)
        layout = QVBoxLayout(self)
        self.intro = intro_label("")
        layout.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.addLayout(self.form)
        self.show_typing = QCheckBox(self.tr("Show what I type"))
        self.show_typing.setAccessibleName(self.tr("Show the passphrase as I type it"))
        self.show_typing.toggled.connect(self._show_typing)
        layout.addWidget(self.show_typing)
        buttons = QDialogButtonBox()
        self.ok_button: QPushButton = buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button: QPushButton = buttons.addButton(
            "", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def set_texts(self, title: str, intro: str, ok_text: str, cancel_text: str) -> None:
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.intro.setText(intro)
        self.intro.setAccessibleName(intro)
        self.ok_button.setText(ok_text)
        self.ok_button.setAccessibleName(ok_text.replace("&", ""))
        self.cancel_button.setText(cancel_text)
        self.cancel_button.setAccessibleName(cancel_text.replace("&", ""))

    def passphrase_field(
        self, label: str, accessible_name: str, hint: str | None = None
    ) -> tuple[PassphraseEdit, InlineError]:
        edit = PassphraseEdit(accessible_name)
        error = add_field(self.form, label, edit, hint)
        self._edits.append(edit)
        self._errors.append(error)
        # The fields come first in the Tab order, and the first one has the focus on opening.
        chain = [*self._edits, self.show_typing, self.ok_button, self.cancel_button]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        self._edits[0].setFocus(Qt.FocusReason.OtherFocusReason)
        return edit, error

    def accept(self) -> None:
        for error in self._errors:
            error.clear_message()
        if self.submit():
            self._wipe()
            super().accept()

    def reject(self) -> None:
        self._wipe()
        super().reject()

    def discard(self) -> None:
        """Close without a trace of what was typed (the app is locking)."""
        self.reject()

    def submit(self) -> bool:
        """Do the dialog's work; True closes it. Subclasses show their errors inline."""
        raise NotImplementedError

    # -- helpers for subclasses -----------------------------------------------------------------

    def show_error(self, edit: QLineEdit, error: InlineError, message: str) -> None:
        error.show_message(message)
        edit.clear()
        edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def checked_new_passphrase(
        self,
        first: PassphraseEdit,
        first_error: InlineError,
        repeat: PassphraseEdit,
        repeat_error: InlineError,
    ) -> str | None:
        """The new passphrase when long enough and typed the same twice; else say why, inline."""
        text = first.text()
        try:
            check_passphrase(text)
        except WeakPassphrase as weak:
            self.show_error(first, first_error, weak.message)
            repeat.clear()
            return None
        if repeat.text() != text:
            self.show_error(
                repeat,
                repeat_error,
                self.tr("The two passphrases are different. Type the same passphrase again."),
            )
            return None
        return text

    def run(self, action: Callable[[], object]) -> bool:
        """Run ``action`` with the wait cursor; an environment fault is shown in a message box."""
        try:
            with busy_cursor():
                action()
        except (WrongPassphrase, WeakPassphrase):
            raise
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)
            return False
        return True

    def _wipe(self) -> None:
        for edit in self._edits:
            edit.wipe()

    def _show_typing(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for edit in self._edits:
            edit.setEchoMode(mode)


def new_passphrase_hint(dialog: QDialog) -> str:
    return dialog.tr(
        "At least {minimum} characters. A few unrelated words are easy to remember and hard to "
        "guess."
    ).format(minimum=PASSPHRASE_MIN)


class CreatePassphraseDialog(PassphraseDialog):
    """First run: choose the passphrase; the encrypted database is created on OK."""

    def __init__(
        self,
        keyring: KeyringStatus,
        create: Callable[[str], Database],
        notifier: Notifier,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(notifier, parent)
        self.set_texts(
            self.tr("Welcome to Linkworker"),
            self._intro_text(keyring),
            self.tr("Create"),
            self.tr("Quit"),
        )
        self.intro.setToolTip(keyring.describe())
        self._create = create
        self.database: Database | None = None
        self.passphrase, self.passphrase_error = self.passphrase_field(
            self.tr("&Passphrase"), self.tr("New passphrase"), new_passphrase_hint(self)
        )
        self.repeat, self.repeat_error = self.passphrase_field(
            self.tr("&Type it again"), self.tr("New passphrase again")
        )

    def _intro_text(self, keyring: KeyringStatus) -> str:
        first = self.tr(
            "Linkworker keeps your caseload encrypted on this computer. Choose a passphrase to "
            "protect it."
        )
        if keyring.secure:
            how = self.tr(
                "The key to your records will be kept in this computer's keyring, so you will not "
                "need to type the passphrase each day to open Linkworker. You will type it to "
                "unlock after Linkworker locks itself, and to get your records back if the "
                "keyring is ever lost."
            )
        else:
            how = self.tr(
                "This computer has no secure keyring, so Linkworker works with your passphrase "
                "only: you will type it each time you open Linkworker and each time you unlock it."
            )
        last = self.tr("Nobody can reset a forgotten passphrase, so choose one you will remember.")
        return f"{first}\n\n{how}\n\n{last}"

    def submit(self) -> bool:
        text = self.checked_new_passphrase(
            self.passphrase, self.passphrase_error, self.repeat, self.repeat_error
        )
        if text is None:
            return False

        def create() -> None:
            self.database = self._create(text)

        try:
            return self.run(create)
        except WeakPassphrase as weak:
            self.show_error(self.passphrase, self.passphrase_error, weak.message)
            return False


class UnlockDialog(PassphraseDialog):
    """Type the passphrase to open the database. A wrong one is explained and may be retried."""

    def __init__(
        self,
        intro: str,
        unlock: Callable[[str], Database],
        notifier: Notifier,
        cancel_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(notifier, parent)
        self.set_texts(self.tr("Unlock Linkworker"), intro, self.tr("Unlock"), cancel_text)
        self._unlock = unlock
        self.database: Database | None = None
        self.passphrase, self.error = self.passphrase_field(
            self.tr("&Passphrase"), self.tr("Passphrase")
        )

    def submit(self) -> bool:
        text = self.passphrase.text()

        def unlock() -> None:
            self.database = self._unlock(text)

        try:
            return self.run(unlock)
        except WrongPassphrase as wrong:
            self.show_error(self.passphrase, self.error, f"{wrong.message} {wrong.advice}")
            return False
        except WeakPassphrase as weak:  # not raised on unlock; handled for completeness
            self.show_error(self.passphrase, self.error, weak.message)
            return False


class ChangePassphraseDialog(PassphraseDialog):
    """File › Change passphrase: re-wraps the key; the old passphrase stops working at once."""

    def __init__(self, vault: Vault, notifier: Notifier, parent: QWidget | None = None) -> None:
        super().__init__(notifier, parent)
        self.set_texts(
            self.tr("Change passphrase"),
            self.tr(
                "Type your current passphrase, then the new one twice. The new passphrase works "
                "from now on; the old one stops working."
            ),
            self.tr("Change passphrase"),
            self.tr("Cancel"),
        )
        self._vault = vault
        self.old, self.old_error = self.passphrase_field(
            self.tr("&Current passphrase"), self.tr("Current passphrase")
        )
        self.new, self.new_error = self.passphrase_field(
            self.tr("&New passphrase"), self.tr("New passphrase"), new_passphrase_hint(self)
        )
        self.repeat, self.repeat_error = self.passphrase_field(
            self.tr("&Type it again"), self.tr("New passphrase again")
        )

    def submit(self) -> bool:
        new = self.checked_new_passphrase(self.new, self.new_error, self.repeat, self.repeat_error)
        if new is None:
            return False
        old = self.old.text()
        try:
            return self.run(lambda: self._vault.change_passphrase(old, new))
        except WrongPassphrase as wrong:
            self.show_error(self.old, self.old_error, f"{wrong.message} {wrong.advice}")
            return False
        except WeakPassphrase as weak:
            self.show_error(self.new, self.new_error, weak.message)
            return False


class RecoveryPassphraseDialog(PassphraseDialog):
    """After a keyring unlock found no key file: choose a passphrase for a new recovery copy."""

    def __init__(self, vault: Vault, notifier: Notifier, parent: QWidget | None = None) -> None:
        super().__init__(notifier, parent)
        self.set_texts(
            self.tr("Make a new recovery copy"),
            self.tr(
                "The recovery copy of your key ({path}) is missing. Linkworker opened with the "
                "key kept in this computer's keyring, but if the keyring ever loses it, your "
                "records could not be opened.\n\nChoose a passphrase to make a new recovery copy. "
                "You will type it when you unlock Linkworker."
            ).format(path=vault.paths.key_file),
            self.tr("Make recovery copy"),
            self.tr("Not now"),
        )
        self._vault = vault
        self.passphrase, self.passphrase_error = self.passphrase_field(
            self.tr("&Passphrase"), self.tr("New passphrase"), new_passphrase_hint(self)
        )
        self.repeat, self.repeat_error = self.passphrase_field(
            self.tr("&Type it again"), self.tr("New passphrase again")
        )

    def submit(self) -> bool:
        text = self.checked_new_passphrase(
            self.passphrase, self.passphrase_error, self.repeat, self.repeat_error
        )
        if text is None:
            return False
        try:
            return self.run(lambda: self._vault.recreate_key_file(text))
        except WeakPassphrase as weak:
            self.show_error(self.passphrase, self.passphrase_error, weak.message)
            return False
