"""Measures: record ONS4, PAM, SWEMWBS or MYCaW at a timepoint; see each one's trend over time.

ONS4 is asked in the Office for National Statistics' public wording, each answer 0 to 10. PAM is
kept as its licence allows: score, level and date only. SWEMWBS and MYCaW are scored by hand, or
asked in full when the organisation's licence pack is set up: the file named by the environment
variable ``LINKWORKER_LICENCE_PACK``, or ``licence-pack.toml`` in Linkworker's data folder
(docs/licence-pack.md describes it). Whatever is typed is checked by the store: an ONS4 answer of
11, say, is refused with a message and nothing is saved.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from linkworker.care import fields, licence_pack, measures
from linkworker.care.fields import FieldRefused
from linkworker.care.licence_pack import LicencePack, LicencePackError
from linkworker.care.measures import ONS4, ONS4_PREAMBLE, SCORE_RANGES, TIMEPOINTS
from linkworker.paths import Paths
from linkworker.store import outcomes
from linkworker.store.database import Database
from linkworker.store.record import PersonRecord, Row
from linkworker.ui.record_edits import RecordEditor, Refused
from linkworker.ui.record_sections import (
    capital,
    clear_layout,
    scrolling,
    section,
    text_label,
    uk,
)
from linkworker.ui.trend_chart import TrendChart, number
from linkworker.ui.widgets import InlineError, add_field

PACK_ENV = "LINKWORKER_LICENCE_PACK"
PACK_FILE = "licence-pack.toml"
INSTRUMENTS = ("ONS4", "PAM", "SWEMWBS", "MYCaW")
LICENSED = ("SWEMWBS", "MYCaW")
INSTRUMENT_NAMES = {
    "ONS4": "ONS4: personal well-being",
    "PAM": "PAM: patient activation",
    "SWEMWBS": "SWEMWBS: mental wellbeing",
    "MYCaW": "MYCaW: concerns and wellbeing",
}
ONS4_SHORT = {
    "life_satisfaction": "Life satisfaction",
    "worthwhile": "Things done are worthwhile",
    "happiness": "Happiness yesterday",
    "anxiety": "Anxiety yesterday",
}
CHART_COLUMNS = 2


def pack_path() -> Path | None:
    """Where the licence pack is: the environment variable, else the file in the data folder."""
    named = os.environ.get(PACK_ENV, "").strip()
    if named:
        return Path(named).expanduser()
    candidate = Paths.default().data_dir / PACK_FILE
    return candidate if candidate.is_file() else None


def find_pack() -> tuple[LicencePack | None, str]:
    """The licence pack, or None and why not ("" when none is set up)."""
    path = pack_path()
    if path is None:
        return None, ""
    try:
        return licence_pack.load_pack(path), ""
    except LicencePackError as exc:
        return None, str(exc)


def _record_from_pack(
    db: Database,
    pack: LicencePack,
    person_id: str,
    instrument: str,
    timepoint: str,
    taken_on: str,
    answers: Mapping[str, object],
) -> str:
    """Score the answers with the pack and keep both (a store action: run through the editor)."""
    checked = licence_pack.check_answers(pack.instrument(instrument), answers)
    score = licence_pack.score(pack, instrument, checked)
    return outcomes.record_score(db, person_id, instrument, timepoint, taken_on, score,
                                 answers=checked)  # fmt: skip


def _number(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


class Ons4Page(QWidget):
    """The preamble and the four questions, each answered 0 to 10 in a line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(text_label(ONS4_PREAMBLE))
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.answers: dict[str, QLineEdit] = {}
        self.errors: dict[str, InlineError] = {}
        for row, question in enumerate(ONS4):
            number_label = text_label(f"{row + 1}.", bold=True)
            grid.addWidget(number_label, row * 2, 0)
            grid.addWidget(text_label(question.text), row * 2, 1)
            line = QLineEdit()
            line.setPlaceholderText(self.tr("0 to 10"))
            line.setMaximumWidth(line.fontMetrics().averageCharWidth() * 10)
            line.setAccessibleName(question.text)
            line.setAccessibleDescription(self.tr("An answer from 0 to 10"))
            line.editingFinished.connect(lambda k=question.key: self.check(k))
            grid.addWidget(line, row * 2, 2)
            error = InlineError(line)
            grid.addWidget(error, row * 2 + 1, 1, 1, 2)
            self.answers[question.key] = line
            self.errors[question.key] = error
        column.addLayout(grid)

    def check(self, key: str) -> bool:
        """Say under the answer what is wrong with it (the store has the last word)."""
        text = self.answers[key].text().strip()
        message = ""
        if text:
            try:
                value = int(text)
            except ValueError:
                message = self.tr("Answer with a whole number from 0 to 10.")
            else:
                if not 0 <= value <= 10:
                    message = self.tr("Answers run from 0 to 10; {n} is outside that.").format(
                        n=value
                    )
        self.errors[key].show_message(message)
        return not message

    def values(self) -> dict[str, str]:
        return {key: line.text().strip() for key, line in self.answers.items()}

    def reset(self) -> None:
        for key, line in self.answers.items():
            line.clear()
            self.errors[key].clear_message()


class PamPage(QWidget):
    """PAM as its licence allows it to be kept: score (0-100) and level (1-4)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        kept = self.tr("PAM is licensed: only its score, level and date are kept here.")
        column.addWidget(text_label(kept, muted=True))
        form = QFormLayout()
        column.addLayout(form)
        self.score = QLineEdit()
        self.score.setMaximumWidth(self.score.fontMetrics().averageCharWidth() * 12)
        self.score.setAccessibleName(self.tr("PAM score"))
        self.level = QLineEdit()
        self.level.setMaximumWidth(self.level.fontMetrics().averageCharWidth() * 12)
        self.level.setAccessibleName(self.tr("PAM level"))
        self.score_error = add_field(form, self.tr("Score"), self.score, self.tr("0 to 100"))
        self.level_error = add_field(form, self.tr("Level"), self.level, self.tr("1, 2, 3 or 4"))

    def reset(self) -> None:
        for line in (self.score, self.level):
            line.clear()
        self.score_error.clear_message()
        self.level_error.clear_message()


class LicensedPage(QWidget):
    """SWEMWBS or MYCaW: the licence pack's questions, or the score typed by hand."""

    def __init__(self, instrument: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instrument = instrument
        self.pack: LicencePack | None = None
        self.questions: dict[str, QComboBox] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.about = text_label(muted=True)
        self.about.setAccessibleName(self.tr("About the {m} questions").format(m=instrument))
        column.addWidget(self.about)
        self.by_hand = QCheckBox(self.tr("Enter the score by hand instead"))
        self.by_hand.setAccessibleName(self.tr("Enter the {m} score by hand").format(m=instrument))
        self.by_hand.toggled.connect(self._choose)
        column.addWidget(self.by_hand)
        self.questionnaire = QWidget()
        self.questionnaire.setAccessibleName(self.tr("{m} questions").format(m=instrument))
        self.question_column = QVBoxLayout(self.questionnaire)
        self.question_column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.questionnaire)
        self.hand = QWidget()
        form = QFormLayout(self.hand)
        form.setContentsMargins(0, 0, 0, 0)
        self.score = QLineEdit()
        self.score.setMaximumWidth(self.score.fontMetrics().averageCharWidth() * 12)
        self.score.setAccessibleName(self.tr("{m} score").format(m=instrument))
        low, high = SCORE_RANGES[instrument]
        span = self.tr("{low} to {high}").format(low=number(low), high=number(high))
        self.score_error = add_field(form, self.tr("Score"), self.score, span)
        column.addWidget(self.hand)

    def set_pack(self, pack: LicencePack | None, problem: str) -> None:
        """Show the pack's questions for this instrument, or say why there are none."""
        form = pack.instrument(self.instrument) if pack is not None and \
            self.instrument in pack.names else None  # fmt: skip
        self.pack = pack if form is not None else None
        clear_layout(self.question_column)
        self.questions = {}
        if form is None:
            if problem:
                text = self.tr("The licence pack could not be used, so enter the score by hand. "
                               "{problem}").format(problem=problem)  # fmt: skip
            else:
                text = self.tr(
                    "{m} is licensed: enter the score by hand. With your organisation's licence "
                    "pack set up, Linkworker asks the questions and works out the score."
                ).format(m=self.instrument)
            self.about.setText(text)
            self.by_hand.hide()
            self._choose(True)
            return
        parts = [self.tr("Used under licence held by {holder}.").format(
            holder=form.licence_holder)]  # fmt: skip
        if form.notice:
            parts.append(form.notice)
        self.about.setText(" ".join(parts))
        if form.instructions:
            self.question_column.addWidget(text_label(form.instructions))
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for row, item in enumerate(form.items):
            grid.addWidget(text_label(f"{row + 1}.", bold=True), row, 0)
            text = item.text
            if item.own_words:
                text += " " + self.tr("(in the person's own words)")
            if item.optional:
                text += " " + self.tr("(optional)")
            grid.addWidget(text_label(text), row, 1)
            combo = QComboBox()
            combo.setAccessibleName(item.text)
            combo.addItem(self.tr("(no answer)"), None)
            for choice in item.choices:
                combo.addItem(f"{choice.value}: {choice.label}", choice.value)
            combo.currentIndexChanged.connect(lambda _i: self._show_score())
            grid.addWidget(combo, row, 2)
            self.questions[item.key] = combo
        self.question_column.addLayout(grid)
        self.result = text_label(bold=True)
        self.result.setAccessibleName(self.tr("{m} score").format(m=self.instrument))
        self.question_column.addWidget(self.result)
        self._show_score()
        self.by_hand.show()
        self._choose(self.by_hand.isChecked())

    def _choose(self, by_hand: bool) -> None:
        self.hand.setVisible(by_hand)
        self.questionnaire.setVisible(not by_hand and self.pack is not None)

    @property
    def asking(self) -> bool:
        """Whether the questions are being asked (not the score typed by hand)."""
        return self.pack is not None and not self.by_hand.isChecked()

    def answers(self) -> dict[str, object]:
        return {key: combo.currentData() for key, combo in self.questions.items()}

    def _show_score(self) -> None:
        if self.pack is None:
            return
        try:
            score = licence_pack.score(self.pack, self.instrument, self.answers())
        except measures.MeasureRefused:
            text = self.tr("Score: answer the questions to see it")
        else:
            text = self.tr("Score: {s}").format(s=number(score))
        self.result.setText(text)
        self.result.setAccessibleDescription(text)

    def reset(self) -> None:
        self.score.clear()
        self.score_error.clear_message()
        for combo in self.questions.values():
            combo.setCurrentIndex(0)


class MeasuresTab(QWidget):
    def __init__(self, editor: RecordEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.record: PersonRecord | None = None
        self.charts: dict[str, TrendChart] = {}
        self.remove_buttons: dict[str, QPushButton] = {}
        self._just_saved = False  # the next reading of the record follows a save

        content = QWidget()
        column = QVBoxLayout(content)
        box, entry = section(self.tr("Record a measure"))
        box.setMaximumWidth(box.fontMetrics().averageCharWidth() * 120)
        top = QHBoxLayout()
        self.instrument = QComboBox()
        self.instrument.setAccessibleName(self.tr("Measure"))
        for code in INSTRUMENTS:
            self.instrument.addItem(self.tr(INSTRUMENT_NAMES[code]), code)
        self.timepoint = QComboBox()
        self.timepoint.setAccessibleName(self.tr("Timepoint"))
        for point in TIMEPOINTS:
            self.timepoint.addItem(self.tr(capital(point)), point)
        self.taken_on = QLineEdit(uk(dt.date.today()))
        self.taken_on.setPlaceholderText(self.tr("DD/MM/YYYY"))
        self.taken_on.setAccessibleName(self.tr("Date taken"))
        self.taken_on.setMaximumWidth(self.taken_on.fontMetrics().averageCharWidth() * 16)
        self.taken_on.editingFinished.connect(self._check_date)
        for label, widget in ((self.tr("Measure"), self.instrument),
                              (self.tr("Timepoint"), self.timepoint),
                              (self.tr("Date"), self.taken_on)):  # fmt: skip
            caption = QLabel(label)
            caption.setBuddy(widget)
            top.addWidget(caption)
            top.addWidget(widget)
            top.addSpacing(12)
        top.addStretch(1)
        entry.addLayout(top)
        self.date_error = InlineError(self.taken_on)
        entry.addWidget(self.date_error)

        self.ons4 = Ons4Page()
        self.pam = PamPage()
        self.licensed = {name: LicensedPage(name) for name in LICENSED}
        self.page_for: dict[str, Ons4Page | PamPage | LicensedPage] = {
            "ONS4": self.ons4, "PAM": self.pam, **self.licensed,
        }  # fmt: skip
        for code in INSTRUMENTS:
            entry.addWidget(self.page_for[code])
        self.instrument.currentIndexChanged.connect(self._instrument_chosen)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save measure"))
        self.save_button.setAccessibleName(self.tr("Save the measure"))
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        self.saved = text_label()
        self.saved.setAccessibleName(self.tr("Measure saved"))
        buttons.addWidget(self.saved, 1)
        entry.addLayout(buttons)
        self.save_error = InlineError(self.save_button)
        entry.addWidget(self.save_error)
        column.addWidget(box)

        box, list_column = section(self.tr("Recorded measures, newest first"))
        self.table = QGridLayout()
        self.table.setHorizontalSpacing(16)
        list_column.addLayout(self.table)
        column.addWidget(box)

        box, trend_column = section(self.tr("Trends"))
        self.chart_grid = QGridLayout()
        trend_column.addLayout(self.chart_grid)
        column.addWidget(box)
        column.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling(content))
        self._load_pack()
        self._instrument_chosen()

    # -- the entry form -------------------------------------------------------------------------

    def _load_pack(self) -> None:
        pack, problem = find_pack()
        for page in self.licensed.values():
            page.set_pack(pack, problem)

    @property
    def chosen(self) -> str:
        return str(self.instrument.currentData())

    def _instrument_chosen(self) -> None:
        for code, page in self.page_for.items():
            page.setVisible(code == self.chosen)
        self.save_error.clear_message()
        self._suggest_timepoint()

    def _suggest_timepoint(self) -> None:
        """Baseline until there is one for this measure, then follow-up."""
        done = {m["timepoint"] for m in (self.record.measures if self.record else [])
                if m["instrument"] == self.chosen}  # fmt: skip
        point = "follow-up" if "baseline" in done else "baseline"
        self.timepoint.setCurrentIndex(self.timepoint.findData(point))

    def _check_date(self) -> bool:
        try:
            fields.check("outcome_measure", "taken_on", self.taken_on.text())
        except FieldRefused as exc:
            self.date_error.show_message(str(exc))
            return False
        self.date_error.clear_message()
        return True

    def save(self) -> None:
        if self.record is None:
            return
        self.saved.setText("")
        self._check_date()
        person = self.record.person.id
        code = self.chosen
        timepoint = str(self.timepoint.currentData())
        day = self.taken_on.text()
        try:
            if code == "ONS4":
                for key in self.ons4.answers:
                    self.ons4.check(key)
                self.editor.run(outcomes.record_ons4, person, timepoint, day, self.ons4.values())
            elif code == "PAM":
                score, level = self._pam_numbers()
                if score is None or level is None:
                    self.save_error.clear_message()
                    return
                self.editor.run(outcomes.record_pam, person, timepoint, day, score, level)
            else:
                page = self.licensed[code]
                if page.asking:
                    assert page.pack is not None
                    self.editor.run(_record_from_pack, page.pack, person, code, timepoint, day,
                                    page.answers())  # fmt: skip
                else:
                    value = _number(page.score.text())
                    if value is None:
                        page.score_error.show_message(self.tr("Enter the score as a number."))
                        self.save_error.clear_message()
                        return
                    page.score_error.clear_message()
                    self.editor.run(outcomes.record_score, person, code, timepoint, day, value)
        except Refused as refused:
            self.save_error.show_message(refused.message)
            return
        self.save_error.clear_message()
        self._just_saved = True
        self.saved.setText(self.tr("Saved: {m}, {t}, {d}.").format(
            m=code, t=timepoint, d=day.strip()))  # fmt: skip
        self.page_for[code].reset()

    def _pam_numbers(self) -> tuple[float | None, int | None]:
        score = _number(self.pam.score.text())
        if score is None:
            self.pam.score_error.show_message(self.tr("Enter the score as a number, 0 to 100."))
        else:
            self.pam.score_error.clear_message()
        level: int | None = None
        try:
            level = int(self.pam.level.text().strip())
        except ValueError:
            self.pam.level_error.show_message(self.tr("Enter the level: 1, 2, 3 or 4."))
        else:
            self.pam.level_error.clear_message()
        return score, level

    # -- showing --------------------------------------------------------------------------------

    def show_record(self, record: PersonRecord) -> None:
        opening = self.record is None or self.record.person.id != record.person.id
        self.record = record
        just_saved, self._just_saved = self._just_saved, False
        if opening:
            self._load_pack()
            for page in self.page_for.values():
                page.reset()
            self.taken_on.setText(uk(dt.date.today()))
            self.saved.setText("")
            self.save_error.clear_message()
            self.date_error.clear_message()
            self._suggest_timepoint()
        elif just_saved:
            self._suggest_timepoint()  # the next one is a follow-up
        self._show_table(record)
        self._show_charts(record)

    def _result(self, m: Row) -> str:
        if m["instrument"] == "ONS4":
            answers = m["answers"] or {}
            return " · ".join(
                f"{self.tr(ONS4_SHORT[q.key])} {answers.get(q.key, '?')}" for q in ONS4
            )
        if m["instrument"] == "PAM":
            return self.tr("Score {s}, level {l}").format(
                s=number(m["score"] or 0), l=m["level"])  # fmt: skip
        how = self.tr("by hand") if m["entered_by_hand"] else self.tr("from the questions")
        return self.tr("Score {s} ({how})").format(s=number(m["score"] or 0), how=how)

    def _show_table(self, record: PersonRecord) -> None:
        clear_layout(self.table)
        self.remove_buttons = {}
        if not record.measures:
            self.table.addWidget(text_label(self.tr("No measures recorded yet."), muted=True),
                                 0, 0)  # fmt: skip
            return
        for col, title in enumerate((self.tr("Date"), self.tr("Measure"), self.tr("Timepoint"),
                                     self.tr("Result"))):  # fmt: skip
            self.table.addWidget(text_label(title, bold=True), 0, col)
        for row, m in enumerate(reversed(record.measures), start=1):
            words = (uk(m["taken_on"]), m["instrument"], self.tr(capital(m["timepoint"])),
                     self._result(m))  # fmt: skip
            for col, text in enumerate(words):
                self.table.addWidget(text_label(text), row, col)
            remove = QPushButton(self.tr("Remove"))
            remove.setAccessibleName(self.tr("Remove the {m} {t} of {d}").format(
                m=m["instrument"], t=m["timepoint"], d=uk(m["taken_on"])))  # fmt: skip
            remove.setToolTip(self.tr("Remove a measure recorded by mistake (Undo brings it "
                                      "back)"))  # fmt: skip
            remove.clicked.connect(lambda _c=False, r=m: self._remove(r))
            self.table.addWidget(remove, row, 4)
            self.remove_buttons[m.id] = remove
        self.table.setColumnStretch(3, 1)

    def _remove(self, m: Row) -> None:
        label = self.tr("{m} {t} of {d}").format(m=m["instrument"], t=m["timepoint"],
                                                 d=uk(m["taken_on"]))  # fmt: skip
        with contextlib.suppress(Refused):
            self.editor.remove_row("outcome_measure", m.id, label)

    def _show_charts(self, record: PersonRecord) -> None:
        clear_layout(self.chart_grid)
        self.charts = {}
        by_instrument: dict[str, list[Row]] = {}
        for m in record.measures:
            by_instrument.setdefault(m["instrument"], []).append(m)
        series: list[tuple[str, str, float, float, list[tuple[dt.date, float, str]], bool,
                           str]] = []  # fmt: skip
        ons4 = by_instrument.get("ONS4", [])
        if ons4:
            for q in ONS4:
                points = [(m["taken_on"], float(m["answers"][q.key]), m["timepoint"])
                          for m in ons4 if m["answers"] and q.key in m["answers"]]  # fmt: skip
                title = self.tr("ONS4: {q}").format(q=self.tr(ONS4_SHORT[q.key]))
                series.append((f"ONS4 {q.key}", title, 0, 10, points,
                               q.higher_is_better, self.tr("Answer, 0 to 10")))  # fmt: skip
        for code in ("PAM", "SWEMWBS", "MYCaW"):
            points = [(m["taken_on"], float(m["score"]), m["timepoint"])
                      for m in by_instrument.get(code, []) if m["score"] is not None]  # fmt: skip
            if points:
                low, high = SCORE_RANGES[code]
                series.append((code, self.tr(INSTRUMENT_NAMES[code]), low, high, points, True,
                               self.tr("Score, {low} to {high}").format(
                                   low=number(low), high=number(high))))  # fmt: skip
        if not series:
            self.chart_grid.addWidget(text_label(self.tr(
                "A chart of each measure appears here once it has been recorded."), muted=True),
                0, 0)  # fmt: skip
            return
        for i, (key, title, low, high, points, better, y_label) in enumerate(series):
            chart = TrendChart()
            chart.set_series(title, low, high, points, higher_is_better=better, y_label=y_label)
            self.chart_grid.addWidget(chart, i // CHART_COLUMNS, i % CHART_COLUMNS)
            self.charts[key] = chart
        for col in range(CHART_COLUMNS):
            self.chart_grid.setColumnStretch(col, 1)

    def clear(self) -> None:
        self.record = None
        clear_layout(self.table)
        clear_layout(self.chart_grid)
        self.charts = {}
        self.remove_buttons = {}
        for page in self.page_for.values():
            page.reset()
        self.saved.setText("")
