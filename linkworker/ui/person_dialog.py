"""New person: the form, checked by care.person, with each field's problem shown under it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from linkworker.care.person import NAME_MAX, NewPerson, validate_new_person
from linkworker.store.errors import EnvironmentFault
from linkworker.ui.errors import Notifier
from linkworker.ui.widgets import InlineError, add_field, intro_label

# The form's fields, in order, named as care.person names them.
FIELDS = ("given_name", "family_name", "preferred_name", "nhs_number", "date_of_birth", "postcode")


class PersonDialog(QDialog):
    """On Save: check; show every problem inline and keep what was typed; else save and close."""

    saved = Signal(str)  # the new person's id

    def __init__(
        self,
        save: Callable[[NewPerson], str],
        notifier: Notifier,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self.notifier = notifier
        self.person_id: str | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("New person"))
        self.setAccessibleName(self.tr("New person"))

        layout = QVBoxLayout(self)
        layout.addWidget(
            intro_label(
                self.tr(
                    "Add someone to your caseload. Only the given and family names are needed; "
                    "you can fill in the rest later."
                )
            )
        )
        self.form_error = InlineError()
        layout.addWidget(self.form_error)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.addLayout(form)

        labels = {
            "given_name": (self.tr("&Given name"), self.tr("Given name"), None),
            "family_name": (self.tr("&Family name"), self.tr("Family name"), None),
            "preferred_name": (
                self.tr("P&referred name (optional)"),
                self.tr("Preferred name, optional"),
                self.tr("What they like to be called, if not their given name"),
            ),
            "nhs_number": (
                self.tr("&NHS number (optional)"),
                self.tr("NHS number, optional"),
                self.tr("10 digits, for example 943 476 5919"),
            ),
            "date_of_birth": (
                self.tr("&Date of birth (optional)"),
                self.tr("Date of birth, optional"),
                self.tr("For example 04/09/1961"),
            ),
            "postcode": (
                self.tr("&Postcode (optional)"),
                self.tr("Postcode, optional"),
                None,
            ),
        }
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, InlineError] = {}
        for name in FIELDS:
            label, accessible, hint = labels[name]
            edit = QLineEdit()
            edit.setAccessibleName(accessible)
            self.fields[name] = edit
            self.errors[name] = add_field(form, label, edit, hint)
        for name in ("given_name", "family_name", "preferred_name"):
            self.fields[name].setMaxLength(NAME_MAX + 20)  # long enough for the rule to explain
        self.fields["date_of_birth"].setPlaceholderText(self.tr("DD/MM/YYYY"))
        for name in ("nhs_number", "date_of_birth", "postcode"):
            self.fields[name].setMaxLength(40)  # room to paste; the rules say what is wrong
        width = self.fontMetrics().averageCharWidth()
        for edit in self.fields.values():
            edit.setMinimumWidth(width * 40)
        self.setMinimumWidth(width * 80)  # room for each message on a line or two

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.setAccessibleName(self.tr("Save"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.fields.items()}

    def accept(self) -> None:
        self.form_error.clear_message()
        for error in self.errors.values():
            error.clear_message()
        checked = validate_new_person(self.values())
        if isinstance(checked, dict):
            self._show_problems(checked)
            return
        try:
            person_id = self._save(checked)
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)
            return
        self.person_id = person_id
        self.saved.emit(person_id)
        super().accept()

    def discard(self) -> None:
        """Close and forget what was typed (the app is locking)."""
        for edit in self.fields.values():
            edit.clear()
        self.reject()

    def _show_problems(self, problems: dict[str, str]) -> None:
        first: QLineEdit | None = None
        for name in FIELDS:
            if name in problems:
                self.errors[name].show_message(problems[name])
                first = first or self.fields[name]
        others = [message for name, message in problems.items() if name not in self.fields]
        if others:
            self.form_error.show_message(" ".join(others))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            first.selectAll()
