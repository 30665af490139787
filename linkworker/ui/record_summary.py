"""Summary: who the person is, how to reach them, risk, consent (with its history) and their
referrals, each with the buttons for the steps the state machine allows."""

from __future__ import annotations

import contextlib
import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from linkworker.care import referral as rules
from linkworker.care.consent import CONSENT_KINDS
from linkworker.store import referrals
from linkworker.store.record import PersonRecord, Row
from linkworker.ui.field_form import FieldForm
from linkworker.ui.record_edits import RecordEditor, Refused
from linkworker.ui.record_sections import (
    capital,
    clear_layout,
    scrolling,
    section,
    text_label,
    uk,
)

WHO = ("given_name", "family_name", "preferred_name", "nhs_number", "date_of_birth", "sex",
       "gender", "pronouns")  # fmt: skip
REACH = ("address_line_1", "address_line_2", "town", "postcode", "phone", "email",
         "preferred_contact_method")  # fmt: skip
NEEDS = ("communication_needs", "reasonable_adjustments", "interpreter_language",
         "gp_practice_ods", "carer_status")  # fmt: skip
RISK = ("risk_flag", "risk_notes")
STEP_WORDS = {"contacted": "Mark contacted", "engaged": "Mark engaged", "active": "Mark active"}


class SummaryTab(QWidget):
    def __init__(self, editor: RecordEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.record: PersonRecord | None = None
        self.forms: list[FieldForm] = []

        left = QWidget()
        left_column = QVBoxLayout(left)
        for title, names in (
            (self.tr("The person"), WHO),
            (self.tr("How to reach them"), REACH),
            (self.tr("Communication, GP and carer"), NEEDS),
            (self.tr("Risk and safeguarding"), RISK),
        ):
            box, column = section(title)
            form = FieldForm("person", names, editor)
            column.addWidget(form)
            self.forms.append(form)
            left_column.addWidget(box)
        left_column.addStretch(1)
        self.risk_form = self.forms[-1]

        right = QWidget()
        right_column = QVBoxLayout(right)
        box, column = section(self.tr("Referrals"))
        self.referral_list = QVBoxLayout()
        column.addLayout(self.referral_list)
        right_column.addWidget(box)
        box, column = section(self.tr("Consent"))
        self.consent_grid = QGridLayout()
        column.addLayout(self.consent_grid)
        self.consent_buttons: dict[tuple[str, bool], QPushButton] = {}
        self.consent_state: dict[str, object] = {}
        for row, kind in enumerate(CONSENT_KINDS):
            name = text_label(capital(kind))
            state = text_label("")
            state.setAccessibleName(self.tr("Consent to {kind}").format(kind=kind))
            self.consent_state[kind] = state
            self.consent_grid.addWidget(name, row, 0)
            self.consent_grid.addWidget(state, row, 1)
            for col, (given, word) in enumerate(((True, self.tr("Given")),
                                                 (False, self.tr("Declined")))):  # fmt: skip
                button = QPushButton(word)
                button.setAccessibleName(
                    self.tr("Record consent to {kind}: {word}").format(kind=kind, word=word)
                )
                button.setToolTip(self.tr("Record today, as given verbally"))
                button.clicked.connect(lambda _c=False, k=kind, g=given: self._consent(k, g))
                self.consent_grid.addWidget(button, row, 2 + col)
                self.consent_buttons[(kind, given)] = button
        self.consent_grid.setColumnStretch(1, 1)
        self.consent_history = text_label(muted=True)
        self.consent_history.setAccessibleName(self.tr("Consent history"))
        column.addWidget(self.consent_history)
        right_column.addWidget(box)
        right_column.addStretch(1)

        columns = QHBoxLayout(self)
        columns.addWidget(scrolling(left), 1)
        columns.addWidget(scrolling(right), 1)

    # -- showing --------------------------------------------------------------------------------

    def show_record(self, record: PersonRecord) -> None:
        self.record = record
        for form in self.forms:
            form.load(record.person, record.person.id)
        self._show_referrals(record)
        self._show_consent(record)

    def _show_referrals(self, record: PersonRecord) -> None:
        clear_layout(self.referral_list)
        if not record.referrals:
            self.referral_list.addWidget(text_label(self.tr(
                "No referral yet. Use New referral… to take one.")))  # fmt: skip
        for ref in record.referrals:
            self.referral_list.addWidget(self._referral_box(ref))

    def _referral_box(self, ref: Row) -> QWidget:
        box = QWidget()
        box.setAccessibleName(self.tr("Referral received {d}").format(d=uk(ref["received_on"])))
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 8)
        state = rules.STATE_LABELS[ref["state"]]
        column.addWidget(text_label(self.tr("{state} · received {d}").format(
            state=state, d=uk(ref["received_on"])), bold=True))  # fmt: skip
        came = [self.tr("From {source}").format(source=ref["source"])]
        who = ", ".join(x for x in (ref["referrer_name"], ref["referrer_role"],
                                    ref["referrer_organisation"]) if x)  # fmt: skip
        if who:
            came.append(f"({who})")
        if ref["method"]:
            came.append(self.tr("· {method}").format(method=ref["method"]))
        came.append(self.tr("· {urgency}").format(urgency=ref["urgency"]))
        column.addWidget(text_label(" ".join(came)))
        labels = {n.key: n.label for n in rules.NEEDS}
        reasons = "; ".join(labels.get(r, r) for r in ref["reasons"])
        if reasons:
            column.addWidget(text_label(self.tr("Reasons: {r}").format(r=reasons)))
        first = ref["first_contact_at"]
        first_day = first.astimezone().date() if isinstance(first, dt.datetime) else None
        if first_day is None and ref["state"] == "received":
            days = rules.waiting_days(ref["received_on"], None, dt.date.today())
            column.addWidget(text_label(self.tr("Waiting {n} days for first contact").format(
                n=days), bold=True))  # fmt: skip
        elif first_day is not None:
            column.addWidget(text_label(self.tr("First contact after {n} days ({d})").format(
                n=rules.days_to_first_contact(ref["received_on"], first_day),
                d=uk(first_day))))  # fmt: skip
        if ref["state"] == "closed":
            column.addWidget(text_label(self.tr("Closed {d}: {outcome}").format(
                d=uk(ref["closed_on"]), outcome=ref["close_outcome"] or "")))  # fmt: skip
            return box
        buttons = QHBoxLayout()
        for target in rules.next_states(ref["state"]):
            if target == "closed":
                continue
            button = QPushButton(self.tr(STEP_WORDS[target]))
            button.setAccessibleName(self.tr(STEP_WORDS[target]))
            button.clicked.connect(lambda _c=False, t=target, r=ref.id: self._move(r, t))
            buttons.addWidget(button)
        outcome = QComboBox()
        outcome.setAccessibleName(self.tr("How the referral ended"))
        outcome.addItem(self.tr("(how it ended)"), None)
        for name in rules.CLOSE_OUTCOMES:
            outcome.addItem(capital(name), name)
        close = QPushButton(self.tr("Close referral"))
        close.setAccessibleName(self.tr("Close the referral"))
        close.clicked.connect(
            lambda _c=False, r=ref.id, box=outcome: self._move(r, "closed", box.currentData())
        )
        buttons.addStretch(1)
        buttons.addWidget(outcome)
        buttons.addWidget(close)
        column.addLayout(buttons)
        return box

    def _show_consent(self, record: PersonRecord) -> None:
        for kind in CONSENT_KINDS:
            label = self.consent_state[kind]
            current = record.current_consent.get(kind)
            if current is None:
                text = self.tr("Not asked")
            else:
                word = self.tr("Given") if current["given"] else self.tr("Declined")
                text = f"{word}, {uk(current['recorded_on'])}"
                if current["how_recorded"]:
                    text += f" ({current['how_recorded']})"
            label.setText(text)  # type: ignore[attr-defined]
            label.setAccessibleDescription(text)  # type: ignore[attr-defined]
        lines = [
            "{d}: {kind}: {word}".format(
                d=uk(c["recorded_on"]), kind=c["kind"],
                word=self.tr("given") if c["given"] else self.tr("declined"),
            )
            for c in record.consents
        ]  # fmt: skip
        self.consent_history.setText(
            self.tr("History:") + "\n" + "\n".join(lines) if lines else self.tr("No consent "
                                                                                 "recorded yet.")
        )  # fmt: skip

    # -- acting ---------------------------------------------------------------------------------

    def _move(self, referral_id: str, target: str, outcome: str | None = None) -> None:
        with contextlib.suppress(Refused):  # the page shows why
            self.editor.run(referrals.move_referral, referral_id, target, outcome)

    def _consent(self, kind: str, given: bool) -> None:
        if self.record is None:
            return
        with contextlib.suppress(Refused):  # the page shows why
            self.editor.run(
                referrals.record_consent,
                self.record.person.id,
                kind,
                given,
                "verbal",
                dt.date.today(),
            )

    def flush(self) -> None:
        for form in self.forms:
            form.flush()
