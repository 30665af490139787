"""New referral: find the person first (NHS number, or name and date of birth, with likely
duplicates shown), or add them; then the referral itself, its reasons and the consent asked.

Nothing is written until "Take referral", and then everything at once (person, referral and
consents in one transaction). Every problem is shown under its field and what was typed stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from linkworker.care import referral as rules
from linkworker.care.consent import CONSENT_KINDS
from linkworker.care.person import NewPerson, parse_date, validate_new_person
from linkworker.care.referral import NewReferral, TransitionRefused, check_new_referral
from linkworker.store.errors import EnvironmentFault
from linkworker.store.referrals import Match
from linkworker.ui.errors import Notifier
from linkworker.ui.widgets import InlineError, add_field, intro_label

PERSON_FIELDS = ("nhs_number", "given_name", "family_name", "date_of_birth", "postcode")

Finder = Callable[[str | None, str, str, dt.date | None], list[Match]]
# (the referral, an existing person's id or None, a new person or None, details typed for an
# existing person to fill in where their record has none) -> (person id, referral id)
Taker = Callable[[NewReferral, str | None, NewPerson | None, NewPerson | None], tuple[str, str]]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class ReferralDialog(QDialog):
    saved = Signal(str)  # the person's id

    def __init__(
        self,
        find: Finder,
        take: Taker,
        notifier: Notifier,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._find = find
        self._take = take
        self.notifier = notifier
        self.person_id: str | None = None
        self.matches: list[Match] = []
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("New referral"))
        self.setAccessibleName(self.tr("New referral"))
        width = self.fontMetrics().averageCharWidth()

        # -- who ----------------------------------------------------------------------------------
        who = QGroupBox(self.tr("1. Who is it?"))
        who.setAccessibleName(self.tr("Who is it?"))
        who_column = QVBoxLayout(who)
        who_column.addWidget(intro_label(self.tr(
            "Look for the person first, by NHS number or by name and date of birth, so no one "
            "gets two records.")))  # fmt: skip
        form = QFormLayout()
        who_column.addLayout(form)
        labels = {
            "nhs_number": (self.tr("&NHS number"), self.tr("10 digits, for example 943 476 5919")),
            "given_name": (self.tr("&Given name"), None),
            "family_name": (self.tr("&Family name"), None),
            "date_of_birth": (self.tr("&Date of birth"), self.tr("DD/MM/YYYY")),
            "postcode": (self.tr("&Postcode"), None),
        }
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, InlineError] = {}
        for name in PERSON_FIELDS:
            label, hint = labels[name]
            edit = QLineEdit()
            edit.setAccessibleName(label.replace("&", ""))
            edit.setMinimumWidth(width * 30)
            edit.editingFinished.connect(self.search)
            self.fields[name] = edit
            self.errors[name] = add_field(form, label, edit, hint)
        self.find_button = QPushButton(self.tr("Find"))
        self.find_button.setAccessibleName(self.tr("Find people who may be this person"))
        self.find_button.clicked.connect(self.search)
        self.match_intro = QLabel()
        self.match_intro.setWordWrap(True)
        self.match_intro.setAccessibleName(self.tr("What the search found"))
        self.choices = QButtonGroup(self)
        self.choice_box = QVBoxLayout()
        self.new_person = QRadioButton(self.tr("Someone new: add them with the details above"))
        self.new_person.setAccessibleName(self.tr("Someone new"))
        self.new_person.setChecked(True)
        self.choices.addButton(self.new_person)
        who_column.addWidget(self.find_button, 0, Qt.AlignmentFlag.AlignLeft)
        who_column.addWidget(self.match_intro)
        who_column.addLayout(self.choice_box)
        who_column.addWidget(self.new_person)
        self.who_error = InlineError()
        who_column.addWidget(self.who_error)
        self.match_buttons: list[QRadioButton] = []

        # -- the referral -------------------------------------------------------------------------
        what = QGroupBox(self.tr("2. The referral"))
        what.setAccessibleName(self.tr("The referral"))
        what_form = QFormLayout(what)
        self.received = QLineEdit(dt.date.today().strftime("%d/%m/%Y"))
        self.received.setAccessibleName(self.tr("Date received"))
        self.source = self._combo(rules.SOURCES, self.tr("Referred by"), blank=True)
        self.method = self._combo(rules.METHODS, self.tr("How it came"), blank=True)
        self.referrer_name = QLineEdit()
        self.referrer_name.setAccessibleName(self.tr("Referrer's name"))
        self.referrer_role = QLineEdit()
        self.referrer_role.setAccessibleName(self.tr("Referrer's role"))
        self.referrer_organisation = QLineEdit()
        self.referrer_organisation.setAccessibleName(self.tr("Referrer's organisation"))
        self.urgency = self._combo(rules.URGENCIES, self.tr("Urgency"))
        self.reasons = QListWidget()
        self.reasons.setAccessibleName(self.tr("Reasons for the referral"))
        for need in rules.NEEDS:
            item = QListWidgetItem(self.tr(need.label))
            item.setData(Qt.ItemDataRole.UserRole, need.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.reasons.addItem(item)
        self.reasons.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(self.tr("Referral notes"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.referral_errors = {
            "received_on": add_field(what_form, self.tr("&Received"), self.received,
                                     self.tr("DD/MM/YYYY")),
            "source": add_field(what_form, self.tr("Referred &by"), self.source),
            "method": add_field(what_form, self.tr("&How it came"), self.method),
            "referrer_name": add_field(what_form, self.tr("Referrer's na&me"),
                                       self.referrer_name),
            "referrer_role": add_field(what_form, self.tr("Referrer's &role"),
                                       self.referrer_role),
            "referrer_organisation": add_field(what_form, self.tr("Referrer's &organisation"),
                                               self.referrer_organisation),
            "urgency": add_field(what_form, self.tr("&Urgency"), self.urgency),
            "reasons": add_field(what_form, self.tr("Re&asons"), self.reasons,
                                 self.tr("Tick every one that applies")),
            "notes": add_field(what_form, self.tr("No&tes"), self.notes),
        }  # fmt: skip

        # -- consent ------------------------------------------------------------------------------
        consent = QGroupBox(self.tr("3. Consent asked"))
        consent.setAccessibleName(self.tr("Consent asked"))
        grid = QGridLayout(consent)
        self.consents: dict[str, QComboBox] = {}
        for row, kind in enumerate(CONSENT_KINDS):
            combo = QComboBox()
            combo.addItem(self.tr("Not asked yet"), None)
            combo.addItem(self.tr("Given"), True)
            combo.addItem(self.tr("Declined"), False)
            combo.setAccessibleName(self.tr("Consent to {kind}").format(kind=kind))
            kind_label = QLabel(_capital(kind))
            kind_label.setBuddy(combo)
            grid.addWidget(kind_label, row, 0)
            grid.addWidget(combo, row, 1)
            self.consents[kind] = combo
        self.consent_how = self._combo(("verbal", "written", "online"), self.tr("How recorded"))
        grid.addWidget(QLabel(self.tr("How recorded")), len(CONSENT_KINDS), 0)
        grid.addWidget(self.consent_how, len(CONSENT_KINDS), 1)
        self.consent_error = InlineError()
        grid.addWidget(self.consent_error, len(CONSENT_KINDS) + 1, 0, 1, 2)

        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(who)
        column.addWidget(what)
        column.addWidget(consent)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        self.form_error = InlineError()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton(
            self.tr("Take referral"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setAccessibleName(self.tr("Take referral"))
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.form_error)
        layout.addWidget(buttons)
        self.setMinimumWidth(width * 100)
        self.resize(width * 110, self.fontMetrics().lineSpacing() * 46)

    def _combo(self, values: tuple[str, ...], name: str, blank: bool = False) -> QComboBox:
        combo = QComboBox()
        if blank:
            combo.addItem(self.tr("(choose)"), None)
        for value in values:
            combo.addItem(self.tr(_capital(value)), value)
        combo.setAccessibleName(name)
        return combo

    # -- finding the person ---------------------------------------------------------------------

    def search(self) -> None:
        """Look for likely matches with what is typed so far (silently skips what is unclear)."""
        nhs_text = self.fields["nhs_number"].text().strip()
        nhs: str | None = None
        if nhs_text:
            from linkworker.care import nhs_number

            try:
                nhs = nhs_number.normalise(nhs_text)
            except ValueError:
                nhs = None
        born: dt.date | None
        try:
            born = parse_date(self.fields["date_of_birth"].text())
        except ValueError:
            born = None
        given = self.fields["given_name"].text().strip()
        family = self.fields["family_name"].text().strip()
        if not (nhs or (given and family) or (born and (given or family))):
            self._show_matches([], searched=False)
            return
        try:
            matches = self._find(nhs, given, family, born)
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)
            return
        self._show_matches(matches, searched=True)

    def _show_matches(self, matches: list[Match], searched: bool) -> None:
        chosen = self.chosen_person_id()
        for button in self.match_buttons:
            self.choices.removeButton(button)
            button.hide()
            button.deleteLater()
        self.match_buttons = []
        self.matches = matches
        if not searched:
            self.match_intro.setText("")
        elif not matches:
            self.match_intro.setText(self.tr("No one on this laptop matches. Add them as new."))
        else:
            self.match_intro.setText(self.tr(
                "These people may be the same person. Choose them if so, so their record "
                "carries on:"))  # fmt: skip
        self.match_intro.setAccessibleDescription(self.match_intro.text())
        for match in matches:
            p = match.person
            parts = [p.display_name]
            if p.date_of_birth:
                parts.append(self.tr("born {d}").format(d=p.date_of_birth.strftime("%d/%m/%Y")))
            if p.nhs_number:
                parts.append(self.tr("NHS {n}").format(n=p.nhs_number))
            if p.postcode:
                parts.append(p.postcode)
            text = " · ".join(parts) + "\n" + self.tr(match.reason)
            button = QRadioButton(text)
            button.setAccessibleName(text)
            button.setProperty("person_id", p.id)
            self.choices.addButton(button)
            self.choice_box.addWidget(button)
            self.match_buttons.append(button)
            if p.id == chosen or (match.sure and chosen is None):
                button.setChecked(True)
        if self.chosen_person_id() is None:
            self.new_person.setChecked(True)

    def chosen_person_id(self) -> str | None:
        for button in self.match_buttons:
            if button.isChecked():
                return str(button.property("person_id"))
        return None

    def choose_match(self, person_id: str) -> None:
        for button in self.match_buttons:
            if button.property("person_id") == person_id:
                button.setChecked(True)

    # -- saving ---------------------------------------------------------------------------------

    def referral_values(self) -> dict[str, object]:
        reasons = [
            self.reasons.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.reasons.count())
            if self.reasons.item(i).checkState() == Qt.CheckState.Checked
        ]
        consents = {k: c.currentData() for k, c in self.consents.items()
                    if c.currentData() is not None}  # fmt: skip
        return {
            "received_on": self.received.text(),
            "source": self.source.currentData(),
            "method": self.method.currentData(),
            "referrer_name": self.referrer_name.text(),
            "referrer_role": self.referrer_role.text(),
            "referrer_organisation": self.referrer_organisation.text(),
            "urgency": self.urgency.currentData(),
            "reasons": reasons,
            "notes": self.notes.toPlainText(),
            "consents": consents,
            "consent_how": self.consent_how.currentData(),
        }

    def accept(self) -> None:
        for error in (*self.errors.values(), *self.referral_errors.values(), self.who_error,
                      self.consent_error, self.form_error):  # fmt: skip
            error.clear_message()
        person_id = self.chosen_person_id()
        new: NewPerson | None = None
        fill_in: NewPerson | None = None
        problems = False
        if person_id is not None:  # what was typed fills gaps in their record, never replaces
            typed = validate_new_person({n: self.fields[n].text() for n in PERSON_FIELDS})
            fill_in = typed if isinstance(typed, NewPerson) else None
        else:
            checked = validate_new_person({
                name: self.fields[name].text() for name in PERSON_FIELDS
            })  # fmt: skip
            if isinstance(checked, dict):
                for name, message in checked.items():
                    target = self.errors.get(name, self.who_error)
                    target.show_message(message)
                problems = True
            else:
                new = checked
        referral = check_new_referral(self.referral_values())
        if isinstance(referral, dict):
            for name, message in referral.items():
                self.referral_errors.get(name, self.consent_error).show_message(message)
            problems = True
        if problems or isinstance(referral, dict):
            self.form_error.show_message(self.tr(
                "Nothing has been saved yet: put right what is marked above."))  # fmt: skip
            return
        try:
            saved_person, _referral_id = self._take(referral, person_id, new, fill_in)
        except TransitionRefused as refused:
            self.who_error.show_message(str(refused))
            return
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)
            return
        self.person_id = saved_person
        self.saved.emit(saved_person)
        super().accept()

    def discard(self) -> None:
        """Close and forget what was typed (the app is locking)."""
        for edit in self.fields.values():
            edit.clear()
        self.notes.clear()
        self.reject()
