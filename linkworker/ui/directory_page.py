"""The Directory: find a community service while talking with someone, and connect them to it.

A search box (results change with every key), filters (kind of support, day and time, free or
low cost, age, access, language, near a venue), the results list, and the chosen service's
details: what, when, where, access, cost, contact, languages, age, how to join, when it was last
checked, our own figures (referred, accepted, attended) and the workers' notes. From there the
worker can **Signpost** or **Refer** the person whose record is open, **Copy details**,
**Print for the person…** (a one-page leaflet as PDF), add a note, and mark it checked today.

An empty directory offers to load the bundled sample (made-up services in Millbrook); the import
runs off the GUI thread, with progress and Cancel.

The page reads and writes through the database the window gives it (``database()``), and tells
the window what happened by signals: ``connection_made`` (sync, and refresh the record),
``changed`` (sync), ``printed`` (audit) and ``status_message``.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, QRect, QSize, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from linkworker.care.directory_query import DAY_NAMES, WEEKDAYS, CostChoice, Filters
from linkworker.store.errors import EnvironmentFault
from linkworker.ui.background import BackgroundCall
from linkworker.ui.directory_model import (
    ACCESS_FEATURES,
    SERVICE_ID_ROLE,
    DirectoryChoices,
    ResultDelegate,
    ResultsModel,
    access_text,
    contact_lines,
    details_text,
    file_name_for,
    place_text,
    read_choices,
)
from linkworker.ui.errors import Notifier
from linkworker.ui.record_sections import clear_layout, scrolling, text_label
from linkworker.ui.widgets import InlineError, heading_label, intro_label

if TYPE_CHECKING:
    from linkworker.store.database import Database
    from linkworker.store.directory_details import ServiceDetails
    from linkworker.store.directory_import import ImportReport

log = logging.getLogger("linkworker.ui")

LIMIT = 100  # results listed at most (the best first; typing more narrows them)
IMPORT_BATCH = 2_000  # rows per transaction loading the sample (progress and Cancel between)
TIMES = tuple(dt.time(hour, 0) for hour in range(8, 21))  # "open at" choices


def sample_directory() -> Path:
    """The bundled sample directory (made-up services in the made-up town of Millbrook)."""
    from importlib.resources import files

    return Path(str(files("linkworker") / "resources" / "directory" / "millbrook.json"))


class FlowLayout(QLayout):
    """Widgets side by side, onto the next line when the width runs out (as words wrap)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)
        self._across, self._down = 10, 4

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        shown = [i.sizeHint() for i in self._items if not i.isEmpty()]
        width = sum(h.width() for h in shown) + self._across * max(len(shown) - 1, 0)
        return QSize(width, max((h.height() for h in shown), default=0))

    def minimumSize(self) -> QSize:
        """As wide as the widest of them."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, apply: bool) -> int:
        """Place the items in lines (each centred on its line); returns the height used."""
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if lines[-1] and x + hint.width() > rect.width():
                lines.append([])
                x = 0
            lines[-1].append((item, hint))
            x += hint.width() + self._across
        y = rect.y()
        for line in lines:
            height = max((hint.height() for _, hint in line), default=0)
            x = rect.x()
            for item, hint in line:
                if apply:
                    top = y + (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), hint))
                x += hint.width() + self._across
            y += height + self._down
        return max(y - self._down - rect.y(), 0)


class _ImportProgress:
    """Shared between the import's thread (which reports) and the GUI (which polls and may
    ask it to stop)."""

    def __init__(self) -> None:
        self.done = 0
        self.total = 0
        self.stop = threading.Event()

    def report(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def cancelled(self) -> bool:
        return self.stop.is_set()


class DetailsPane(QWidget):
    """One service, as the worker needs it in the conversation; the actions at the top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Service details"))
        self.name = heading_label("", 1.25)
        self.name.setWordWrap(True)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.organisation = text_label(muted=True)
        self.alert = text_label(bold=True)

        self.refer_button = QPushButton(self.tr("Refer"))
        self.signpost_button = QPushButton(self.tr("Signpost"))
        self.copy_button = QPushButton(self.tr("Copy details"))
        self.copy_button.setAccessibleName(self.tr("Copy the details"))
        self.copy_button.setToolTip(
            self.tr("Copy what, when, where, cost and contact as plain text, to paste elsewhere")
        )
        self.print_button = QPushButton(self.tr("Print for the person…"))
        self.print_button.setAccessibleName(self.tr("Print a leaflet for the person"))
        self.print_button.setToolTip(
            self.tr("Save a one-page leaflet in large type (PDF) to print and hand over")
        )
        self.checked_button = QPushButton(self.tr("Mark checked today"))
        self.checked_button.setAccessibleName(self.tr("Mark these details checked today"))
        self.checked_button.setToolTip(
            self.tr("You have checked these details with the service today")
        )
        self.person_hint = text_label(
            self.tr("Open a person's record to refer or signpost them to this service."),
            muted=True,
        )
        self.done = text_label()  # what was just done, or why it could not be
        self.done.setAccessibleName(self.tr("What just happened"))
        self.done.hide()

        self.description = text_label()
        # Captions beside their values, at the top of each (a value may run to several lines).
        self.form = QGridLayout()
        self.form.setColumnStretch(1, 1)
        self.form.setHorizontalSpacing(12)
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        for row, (key, caption) in enumerate((
            ("when", self.tr("When")), ("where", self.tr("Where")),
            ("access", self.tr("Access")), ("cost", self.tr("Cost")),
            ("contact", self.tr("Contact")), ("languages", self.tr("Languages")),
            ("age", self.tr("Age")), ("eligibility", self.tr("Who it is for")),
            ("join", self.tr("How to join")), ("categories", self.tr("Kinds of support")),
            ("checked", self.tr("Last checked")),
        )):  # fmt: skip
            label = QLabel(caption)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            value = text_label()
            label.setBuddy(value)
            at_top = Qt.AlignmentFlag.AlignTop
            self.form.addWidget(label, row, 0, at_top | Qt.AlignmentFlag.AlignLeft)
            self.form.addWidget(value, row, 1, at_top)
            self.rows[key] = (label, value)

        self.figures = text_label()
        self.figures.setAccessibleName(self.tr("Our figures for this service"))
        self.notes_column = QVBoxLayout()
        self.notes_column.setSpacing(4)
        self.no_notes = text_label(
            self.tr("No notes yet. Add what helps: who to ask for, the door to use."), muted=True
        )
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("A note for workers, e.g. ask for Jan"))
        self.note_edit.setAccessibleName(self.tr("New note on this service"))
        self.add_note_button = QPushButton(self.tr("Add note"))
        self.add_note_button.setAccessibleName(self.tr("Add the note"))
        self.note_error = InlineError(self.note_edit)

        actions = FlowLayout()  # onto a second line when the pane is narrow
        for button in (self.refer_button, self.signpost_button, self.copy_button,
                       self.print_button, self.checked_button):  # fmt: skip
            actions.addWidget(button)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 4, 0)
        column.addWidget(self.description)
        column.addSpacing(6)
        column.addLayout(self.form)
        column.addSpacing(6)
        ours = QLabel(self.tr("From our work"))
        font = ours.font()
        font.setBold(True)
        ours.setFont(font)
        column.addWidget(ours)
        column.addWidget(self.figures)
        column.addSpacing(6)
        notes = QLabel(self.tr("Notes for workers"))
        notes.setFont(font)
        column.addWidget(notes)
        column.addWidget(self.no_notes)
        column.addLayout(self.notes_column)
        add = QHBoxLayout()
        add.addWidget(self.note_edit, 1)
        add.addWidget(self.add_note_button)
        column.addLayout(add)
        column.addWidget(self.note_error)
        column.addStretch(1)
        self.area = scrolling(content)
        self.area.setAccessibleName(self.tr("About the service"))

        self.nothing = intro_label(self.tr("Choose a service in the list to see its details here."))
        self.header = QWidget()
        top = QVBoxLayout(self.header)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.name)
        top.addWidget(self.organisation)
        top.addWidget(self.alert)
        top.addLayout(actions)
        top.addWidget(self.person_hint)
        top.addWidget(self.done)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        top.addWidget(line)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nothing)
        layout.addWidget(self.header)
        layout.addWidget(self.area, 1)
        self.show_nothing()

    def show_nothing(self) -> None:
        self.nothing.show()
        self.header.hide()
        self.area.hide()
        self.say("")

    def say(self, text: str) -> None:
        self.done.setText(text)
        self.done.setAccessibleDescription(text)
        self.done.setVisible(bool(text))

    def _set(self, key: str, lines: list[str], tip: str = "") -> None:
        label, value = self.rows[key]
        text = "\n".join(line for line in lines if line)
        value.setText(text)
        value.setAccessibleName(f"{label.text()}: {text}")
        value.setToolTip(tip)
        label.setVisible(bool(text))
        value.setVisible(bool(text))

    def show_details(self, d: ServiceDetails) -> None:
        self.nothing.hide()
        self.header.show()
        self.area.show()
        self.name.setText(d.name)
        self.name.setAccessibleName(d.name)
        org = self.tr("Run by {organisation}").format(organisation=d.organisation)
        self.organisation.setText(org if d.organisation else "")
        self.organisation.setAccessibleName(self.organisation.text())
        self.organisation.setVisible(bool(d.organisation))
        warnings = []
        if d.status not in ("", "active"):
            warnings.append(self.tr("⚠ This service is {status}.").format(status=d.status))
        if d.alert:
            warnings.append(f"⚠ {d.alert}")
        self.alert.setText("\n".join(warnings))
        self.alert.setAccessibleName(self.alert.text())
        self.alert.setVisible(bool(warnings))
        self.description.setText(d.description)
        self.description.setAccessibleName(d.description)
        self.description.setVisible(bool(d.description))

        self._set("when", list(d.sessions) or [self.tr("No times given: ask the service.")])
        self._set("where", [place_text(p) for p in d.places])
        access = [access_text(p, len(d.places) > 1) for p in d.places]
        tips = [f"{f.name}: {f.details}" for p in d.places for f in p.accessibility if f.details]
        self._set("access", access, "\n".join(tips))
        details = list(d.cost_details)
        if not (d.cost and details and details[0].startswith(d.cost)):  # else said once
            details.insert(0, d.cost or self.tr("Not said: ask the service."))
        self._set("cost", details)
        self._set("contact", contact_lines(d))
        languages = ", ".join(d.languages)
        self._set("languages", [languages, d.interpretation or ""])
        self._set("age", [d.age_range or self.tr("Any age")])
        self._set("eligibility", [d.eligibility or ""])
        self._set("join", [d.how_to_join or ""])
        self._set("categories", [", ".join(d.categories)])
        if d.checked_on is None:
            checked = self.tr("Never: check the details with the service before relying on them.")
        else:
            checked = f"{d.checked_on.day} {d.checked_on:%B %Y}"
            if d.stale:
                checked += " — " + self.tr("⚠ not checked for a year: check before relying on it")
        self._set("checked", [checked])

        f = d.figures
        if f.connections == 0:
            figures = self.tr("No one on this laptop has been connected with it yet.")
        else:
            figures = self.tr(
                "{referred} referred, {signposted} signposted · {accepted} accepted · "
                "{attended} attended · {declined} declined or did not go"
            ).format(
                referred=f.referred, signposted=f.signposted, accepted=f.accepted,
                attended=f.attended, declined=f.declined + f.did_not_attend,
            )  # fmt: skip
        self.figures.setText(figures)
        self.figures.setAccessibleDescription(figures)

        clear_layout(self.notes_column)
        for note in d.notes:
            written = note.when if note.when.tzinfo else note.when.replace(tzinfo=dt.UTC)
            who = self.tr("you") if note.mine else note.who
            line = text_label(f"“{note.text}” — {who}, {written.astimezone():%d/%m/%Y}")
            self.notes_column.addWidget(line)
            line.show()  # now, not when the layout next gets round to it
        self.no_notes.setVisible(not d.notes)


class DirectoryPage(QWidget):
    """The Directory section."""

    connection_made = Signal(str)  # the person's id: a signpost or referral was saved
    changed = Signal()  # the directory or a note was written: sync soon
    printed = Signal(str, str)  # service id, person id ("" when none): audit it
    status_message = Signal(str)

    def __init__(
        self,
        database: Callable[[], Database | None],
        notifier: Notifier,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self.notifier = notifier
        self.setAccessibleName(self.tr("Directory"))
        self.choices = DirectoryChoices()
        self.details: ServiceDetails | None = None
        self.person_id: str | None = None
        self.person_name = ""
        self.person_first_name = ""
        self.person_postcode: str | None = None
        self.results_for: str | None = None  # the query the list shows results for
        self.import_call: BackgroundCall | None = None
        self._progress: _ImportProgress | None = None
        self.file_dialog: QFileDialog | None = None
        self.import_batch = IMPORT_BATCH
        # How the leaflet's file is chosen: (suggested path, then) → calls then(path) once
        # chosen. A save dialog; tests put their own here.
        self.choose_path: Callable[[str, Callable[[str], None]], None] = self._ask_path
        # How the file to import is chosen: then(path) once chosen. An open dialog; tests put
        # their own here.
        self.choose_import: Callable[[Callable[[str], None]], None] = self._ask_import_path
        self.import_name = ""  # what the import in progress reads, for its messages
        self.report_dialog: QDialog | None = None
        self.report_text: QPlainTextEdit | None = None

        self.heading = heading_label(self.tr("Directory"))
        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("How many services are shown"))
        self.summary.setTextFormat(Qt.TextFormat.PlainText)

        # Coalesces quick keystrokes and filter changes into one search, run as soon as the
        # typing pauses for an event loop turn (a search takes a few milliseconds).
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(0)
        self._search_timer.timeout.connect(self.run_search)

        self._build_empty()
        self._build_browser()
        self.body = QStackedWidget()
        self.body.addWidget(self.empty_panel)
        self.body.addWidget(self.browser)
        self.import_button = QPushButton(self.tr("Import a file…"))
        self.import_button.setAccessibleName(self.tr("Import an Open Referral UK file"))
        self.import_button.setToolTip(
            self.tr(
                "Add or update services from an Open Referral UK file: JSON, or a .zip of CSV "
                "files with their datapackage.json"
            )
        )
        self.import_button.clicked.connect(self.import_file)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)
        top.addWidget(self.import_button)
        progress = QHBoxLayout()
        progress.addWidget(self.import_progress, 1)
        progress.addWidget(self.cancel_import_button)
        progress.addWidget(self.import_message, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(progress)
        layout.addWidget(self.body, 1)
        self._importing(False)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.focus_search)

        self._poll = QTimer(self)
        self._poll.setInterval(100)
        self._poll.timeout.connect(self._show_progress)
        self._update_person()

    # -- building -------------------------------------------------------------------------------

    def _build_empty(self) -> None:
        self.empty_panel = QWidget()
        self.empty_panel.setAccessibleName(self.tr("The directory is empty"))
        self.empty_text = intro_label(
            self.tr(
                "The directory on this laptop is empty. Your organisation's directory arrives "
                "when this laptop is connected to its server and syncs, or can be imported from "
                "an Open Referral UK file (Import a file…, above)."
            )
        )
        self.empty_text.setMaximumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.sample_text = intro_label(
            self.tr(
                "To try it now, load the sample directory: about 340 made-up services in "
                "Millbrook, a made-up town. Nothing in it is real."
            )
        )
        self.sample_text.setMaximumWidth(self.empty_text.maximumWidth())
        self.load_sample_button = QPushButton(self.tr("Load the sample directory"))
        self.load_sample_button.setAccessibleName(self.tr("Load the sample directory"))
        self.load_sample_button.setToolTip(
            self.tr("Made-up services in Millbrook, to try the directory")
        )
        self.load_sample_button.clicked.connect(self.load_sample)
        self.import_progress = QProgressBar()
        self.import_progress.setAccessibleName(self.tr("Importing into the directory"))
        self.import_progress.setMaximumWidth(self.fontMetrics().averageCharWidth() * 50)
        self.cancel_import_button = QPushButton(self.tr("Cancel"))
        self.cancel_import_button.setAccessibleName(self.tr("Stop the import"))
        self.cancel_import_button.clicked.connect(self.cancel_import)
        self.import_message = intro_label("")
        self.import_message.setAccessibleName(self.tr("Importing into the directory"))
        self.import_message.hide()
        column = QVBoxLayout(self.empty_panel)
        column.addWidget(self.empty_text)
        column.addWidget(self.sample_text)
        column.addWidget(self.load_sample_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)

    def _combo(self, accessible: str, tip: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(accessible)
        combo.setToolTip(tip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.currentIndexChanged.connect(self._schedule_search)
        return combo

    def _check(self, text: str, accessible: str, tip: str = "") -> QCheckBox:
        box = QCheckBox(text)
        box.setAccessibleName(accessible)
        if tip:
            box.setToolTip(tip)
        box.toggled.connect(self._schedule_search)
        return box

    def _build_browser(self) -> None:
        self.browser = QWidget()
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Search: what, who runs it, or where (e.g. walking group, Polish, MB2)")
        )
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search the directory"))
        self.search.setToolTip(self.tr("Results change as you type (Ctrl+F to come back here)"))
        self.search.textChanged.connect(self._schedule_search)
        self.search.returnPressed.connect(self._open_first)
        self.spelling = QLabel()
        self.spelling.setAccessibleName(self.tr("Search spelling"))
        self.spelling.hide()

        self.category = self._combo(
            self.tr("Kind of support"), self.tr("Only services of this kind of support")
        )
        self.day = self._combo(self.tr("Day of the week"), self.tr("Only services on this day"))
        self.day.addItem(self.tr("Any day"), None)
        for code, name in zip(WEEKDAYS, DAY_NAMES, strict=True):
            self.day.addItem(self.tr(name), code)
        self.time = self._combo(
            self.tr("Open at"), self.tr("Only services running at this time of day")
        )
        self.time.addItem(self.tr("Any time"), None)
        for when in TIMES:
            self.time.addItem(self.tr("Open at {time}").format(time=f"{when:%H:%M}"), when)
        self.age = QSpinBox()
        self.age.setRange(-1, 120)
        self.age.setValue(-1)
        self.age.setSpecialValueText(self.tr("Any age"))
        self.age.setPrefix(self.tr("Age "))
        self.age.setAccessibleName(self.tr("The person's age"))
        self.age.setToolTip(self.tr("Only services open to someone of this age"))
        self.age.valueChanged.connect(self._schedule_search)
        self.language = self._combo(
            self.tr("Language"), self.tr("Only services offered in this language")
        )
        self.free = self._check(
            self.tr("Free"), self.tr("Free only"), self.tr("Only services that cost nothing")
        )
        self.low_cost = self._check(
            self.tr("Low cost"),
            self.tr("Free or low cost"),
            self.tr("Free, or £5 or less a time"),
        )
        self.access: dict[str, QCheckBox] = {}
        for label, words in ACCESS_FEATURES:
            self.access[words] = self._check(
                self.tr(label),
                self.tr("Only places with {feature}").format(feature=self.tr(label).lower()),
            )
        self.near = self._combo(
            self.tr("Near a place"), self.tr("Nearest first, within the distance given")
        )
        self.within = QDoubleSpinBox()
        self.within.setRange(0.5, 50.0)
        self.within.setSingleStep(0.5)
        self.within.setDecimals(1)
        self.within.setValue(2.0)
        self.within.setPrefix(self.tr("within "))
        self.within.setSuffix(self.tr(" km"))
        self.within.setAccessibleName(self.tr("Distance from the place, in kilometres"))
        self.within.valueChanged.connect(self._schedule_search)
        self.clear_filters_button = QPushButton(self.tr("Clear filters"))
        self.clear_filters_button.setAccessibleName(self.tr("Clear all the filters"))
        self.clear_filters_button.clicked.connect(self.clear_filters)
        self._fill_choices()

        self.model = ResultsModel(self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setItemDelegate(ResultDelegate(self.results))
        self.results.setAccessibleName(self.tr("Services found"))
        self.results.setAccessibleDescription(
            self.tr("Best matches first. Press Enter to go to the details of the chosen service.")
        )
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setAlternatingRowColors(True)
        self.results.setUniformItemSizes(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.selectionModel().currentChanged.connect(self._current_changed)
        self.results.activated.connect(self._activated)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.results, self._enter_on_results)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.pane = DetailsPane()
        self.pane.refer_button.clicked.connect(lambda: self.make_connection("referral"))
        self.pane.signpost_button.clicked.connect(lambda: self.make_connection("signpost"))
        self.pane.copy_button.clicked.connect(self.copy_details)
        self.pane.print_button.clicked.connect(self.print_for_person)
        self.pane.checked_button.clicked.connect(self.mark_checked)
        self.pane.add_note_button.clicked.connect(self.add_note)
        self.pane.note_edit.returnPressed.connect(self.add_note)

        # The filters flow onto as many lines as the width needs (a narrow window still fits).
        filters = FlowLayout()
        for widget in (self.category, self.day, self.time, self.age, self.language):
            filters.addWidget(widget)
        near_group = QWidget()
        near_row = QHBoxLayout(near_group)
        near_row.setContentsMargins(0, 0, 0, 0)
        near = QLabel(self.tr("Near"))
        near.setBuddy(self.near)
        near_row.addWidget(near)
        near_row.addWidget(self.near)
        near_row.addWidget(self.within)
        filters.addWidget(near_group)
        for box in (self.free, self.low_cost, *self.access.values()):
            filters.addWidget(box)
        filters.addWidget(self.clear_filters_button)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.results)
        self.splitter.addWidget(self.pane)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        chars = self.fontMetrics().averageCharWidth()
        self.results.setMinimumWidth(chars * 34)
        self.pane.setMinimumWidth(chars * 46)
        self.splitter.setSizes([chars * 50, chars * 70])

        column = QVBoxLayout(self.browser)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.spelling)
        column.addLayout(filters)
        column.addWidget(self.splitter, 1)

    # -- the window's side ------------------------------------------------------------------------

    def set_person(
        self,
        person_id: str | None,
        name: str = "",
        first_name: str = "",
        postcode: str | None = None,
    ) -> None:
        """Whose record is open (None: nobody's): Refer and Signpost are for them, and "Near"
        offers their home's postcode area (from the next ``refresh``)."""
        self.person_id = person_id
        self.person_name = name if person_id else ""
        self.person_first_name = (first_name or name) if person_id else ""
        self.person_postcode = postcode if person_id else None
        self._update_person()

    def refresh(self) -> None:
        """Read the directory again: the filters' choices, the results and the details shown
        (after an import, a sync, or coming back to the section)."""
        db = self._database()
        if db is None:
            return
        try:
            choices = read_choices(db)
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)
            return
        self.choices = choices
        self._fill_choices()
        empty = choices.services == 0 or self.import_call is not None  # progress stays in view
        self.body.setCurrentWidget(self.empty_panel if empty else self.browser)
        if empty:
            self.model.clear()
            self.results_for = None
            self.summary.setText(self.tr("No services yet"))
            return
        self.run_search()
        if self.details is not None:
            self.show_service(self.details.id)

    def clear(self) -> None:
        """Forget what is shown (the app is locking): stop an import, blank the results."""
        self._search_timer.stop()
        if self.import_call is not None:
            if self._progress is not None:
                self._progress.stop.set()
            self.import_call.forget()
            self.import_call.wait()  # the database closes next: the import ends its batch first
            self._import_ended()
            self.import_message.hide()
        if self.file_dialog is not None:
            self.file_dialog.close()
            self.file_dialog = None
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.pane.note_edit.clear()
        self.model.clear()
        self.results_for = None
        self.details = None
        self.pane.show_nothing()
        self.summary.setText("")
        self.set_person(None)

    # -- searching --------------------------------------------------------------------------------

    def _fill_choices(self) -> None:
        """The combos' items from the directory, keeping what was chosen where it still is."""
        c = self.choices

        def fill(combo: QComboBox, first: str, items: list[tuple[str, object]]) -> None:
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for text, data in items:
                combo.addItem(text, data)
            at = combo.findData(chosen) if chosen is not None else 0
            combo.setCurrentIndex(max(at, 0))
            combo.blockSignals(False)

        fill(self.category, self.tr("Any kind of support"), [(n, i) for i, n in c.categories])
        fill(self.language, self.tr("Any language"), [(n, n) for n in c.languages])
        places: list[tuple[str, object]] = []
        home = c.district(self.person_postcode)
        if home is not None:
            places.append((
                self.tr("{name}'s home area ({district})").format(
                    name=self.person_first_name, district=home.name
                ),
                (home.latitude, home.longitude),
            ))  # fmt: skip
        places += [(self.tr("Postcode area {district}").format(district=d.name),
                    (d.latitude, d.longitude)) for d in c.districts]  # fmt: skip
        places += [(v.name, (v.latitude, v.longitude)) for v in c.venues]
        fill(self.near, self.tr("Anywhere"), places)
        self.within.setEnabled(self.near.currentData() is not None)

    def filters(self) -> Filters:
        near = self.near.currentData()
        self.within.setEnabled(near is not None)
        cost: CostChoice | None = (
            "low" if self.low_cost.isChecked() else "free" if self.free.isChecked() else None
        )
        return Filters(
            category=self.category.currentData(),
            day=self.day.currentData(),
            time=self.time.currentData(),
            cost=cost,
            age=self.age.value() if self.age.value() >= 0 else None,
            accessibility=tuple(w for w, box in self.access.items() if box.isChecked()),
            language=self.language.currentData(),
            near=near,
            within_km=self.within.value() if near is not None else None,
            by_distance=near is not None,
        )

    def filtering(self) -> bool:
        return self.filters() != Filters()

    def clear_filters(self) -> None:
        for combo in (self.category, self.day, self.time, self.language, self.near):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        for box in (self.free, self.low_cost, *self.access.values()):
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)
        self.age.blockSignals(True)
        self.age.setValue(-1)
        self.age.blockSignals(False)
        self.run_search()

    def _schedule_search(self, *_args: object) -> None:
        self._search_timer.start()

    def run_search(self) -> None:
        """Search now, with the words typed and the filters set."""
        self._search_timer.stop()
        db = self._database()
        if db is None or self.body.currentWidget() is self.empty_panel:
            return
        from linkworker.store.directory_search import search_directory

        query = self.search.text()
        filters = self.filters()
        try:
            found = search_directory(db, query, filters, LIMIT)
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)
            return
        current = self.details.id if self.details is not None else None
        self.model.set_hits(found.hits)
        self.results_for = query
        if current is not None:
            row = self.model.row_of(current)
            if row is not None:  # still found: still chosen (its details are already shown)
                self.results.setCurrentIndex(self.model.index(row))
        if found.spelled_as:
            self.spelling.setText(
                self.tr("Nothing matches “{typed}”: showing results for “{spelled}”.").format(
                    typed=query.strip(), spelled=found.spelled_as
                )
            )
            self.spelling.setAccessibleDescription(self.spelling.text())
        self.spelling.setVisible(bool(found.spelled_as))
        self._summarise(len(found.hits), bool(query.strip()) or self.filtering())

    def _summarise(self, shown: int, narrowed: bool) -> None:
        total = self.choices.services
        if not narrowed:
            text = self.tr("{n} services").format(n=f"{total:,}")
            if shown < total:
                text += self.tr(", the first {shown} by name: type to search").format(shown=shown)
        elif shown == 0:
            text = self.tr("No services match. Try fewer or shorter words, or clear a filter.")
        elif shown >= LIMIT:
            text = self.tr(
                "The best {n} matches; type more or add a filter to narrow them."
            ).format(n=shown)
        elif shown == 1:
            text = self.tr("1 service matches")
        else:
            text = self.tr("{n} services match").format(n=f"{shown:,}")
        self.summary.setText(text)
        self.summary.setAccessibleDescription(text)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _open_first(self) -> None:
        """Enter in the search box: the first result, with its details."""
        if self._search_timer.isActive():
            self.run_search()
        if self.model.rowCount() == 0:
            return
        index = self.results.currentIndex()
        if not index.isValid():
            index = self.model.index(0)
            self.results.setCurrentIndex(index)
        self.results.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the details ------------------------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        service_id = current.data(SERVICE_ID_ROLE) if current.isValid() else None
        if service_id and (self.details is None or self.details.id != service_id):
            self.show_service(service_id)

    def _activated(self, index: QModelIndex) -> None:
        service_id = index.data(SERVICE_ID_ROLE)
        if service_id:
            self.show_service(service_id)

    def _enter_on_results(self) -> None:
        """Enter on a result: its details, and the focus on the first thing to do there."""
        index = self.results.currentIndex()
        if not index.isValid():
            return
        self._activated(index)
        for button in (self.pane.refer_button, self.pane.copy_button):
            if button.isEnabled():
                button.setFocus(Qt.FocusReason.OtherFocusReason)
                break

    def show_service(self, service_id: str) -> bool:
        """Show a service's details; False when it is not there any more."""
        db = self._database()
        if db is None:
            return False
        from linkworker.store.directory_details import ServiceGone, service_details

        same = self.details is not None and self.details.id == service_id
        try:
            details = service_details(db, service_id)
        except ServiceGone as gone:
            self.details = None
            self.pane.show_nothing()
            self.pane.nothing.setText(str(gone))
            return False
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)
            return False
        self.details = details
        if not same:
            self.pane.say("")
            self.pane.note_error.clear_message()
            self.pane.area.verticalScrollBar().setValue(0)
        self.pane.show_details(details)
        self._update_person()
        return True

    def _update_person(self) -> None:
        pane = self.pane
        name = self.person_name
        open_ = self.person_id is not None
        usable = open_ and self.details is not None and not self.details.gone
        if open_:
            pane.refer_button.setText(self.tr("Refer {name}").format(name=name))
            pane.signpost_button.setText(self.tr("Signpost {name}").format(name=name))
            pane.refer_button.setAccessibleName(
                self.tr("Refer {name} to this service").format(name=name)
            )
            pane.signpost_button.setAccessibleName(
                self.tr("Signpost {name} to this service").format(name=name)
            )
            pane.refer_button.setToolTip(
                self.tr("Record a referral to this service on {name}'s record").format(name=name)
            )
            pane.signpost_button.setToolTip(
                self.tr("Record that you told {name} about this service").format(name=name)
            )
        else:
            pane.refer_button.setText(self.tr("Refer"))
            pane.signpost_button.setText(self.tr("Signpost"))
            for button in (pane.refer_button, pane.signpost_button):
                button.setAccessibleName(button.text())
                button.setToolTip(self.tr("Open a person's record first"))
        pane.refer_button.setEnabled(usable)
        pane.signpost_button.setEnabled(usable)
        pane.person_hint.setVisible(not open_)

    # -- actions ----------------------------------------------------------------------------------

    def _refused(self, exc: Exception) -> None:
        self.pane.say("⚠ " + str(exc))

    def make_connection(self, kind: str) -> None:
        """Signpost or refer the open person to the service shown."""
        db = self._database()
        if db is None or self.details is None or self.person_id is None:
            return
        from linkworker.care.fields import FieldRefused
        from linkworker.store.directory_actions import connect_person
        from linkworker.store.directory_details import ServiceGone
        from linkworker.store.record import PersonGone

        person_id, details = self.person_id, self.details
        try:
            connect_person(
                db, person_id, details.id, "referral" if kind == "referral" else "signpost"
            )
        except (FieldRefused, PersonGone, ServiceGone) as refused:
            self._refused(refused)
            return
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)
            return
        log.info("directory: %s made", kind)
        if kind == "referral":
            text = self.tr("{name} referred to {service}. It is on their Connections tab.")
        else:
            text = self.tr("{name} signposted to {service}. It is on their Connections tab.")
        text = text.format(name=self.person_name, service=details.name)
        self.pane.say(text)
        self.status_message.emit(text)
        self.connection_made.emit(person_id)
        self.show_service(details.id)  # our figures change

    def copy_details(self) -> None:
        if self.details is None:
            return
        QGuiApplication.clipboard().setText(details_text(self.details))
        text = self.tr("Details of {service} copied.").format(service=self.details.name)
        self.pane.say(text)
        self.status_message.emit(text)

    def print_for_person(self) -> None:
        """Save a one-page leaflet (PDF) to print and hand over; the file is chosen first."""
        if self.details is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder or Path.home()) / file_name_for(self.details.name))
        self.choose_path(suggested, self.print_to)

    def _ask_path(self, suggested: str, then: Callable[[str], None]) -> None:
        if self.file_dialog is not None:
            self.file_dialog.raise_()
            return
        dialog = QFileDialog(self, self.tr("Save the leaflet to print"), suggested)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("PDF files (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(suggested)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(then)
        dialog.finished.connect(self._file_dialog_closed)
        self.file_dialog = dialog
        dialog.open()

    def _file_dialog_closed(self) -> None:
        self.file_dialog = None

    def print_to(self, path: str) -> None:
        """Write the leaflet of the service shown to ``path``."""
        details = self.details
        if details is None or not path:
            return
        from linkworker.reports.leaflet import leaflet_pdf

        try:
            written = leaflet_pdf(details, path, self.person_first_name or None)
        except OSError as exc:
            self.pane.say(
                self.tr("⚠ The leaflet could not be saved there: {why}. Choose another place.")
                .format(why=exc.strerror or exc)
            )  # fmt: skip
            return
        log.info("directory: leaflet written")
        self.printed.emit(details.id, self.person_id or "")
        text = self.tr("Leaflet saved to {path}: open it to print.").format(path=written)
        self.pane.say(text)
        self.status_message.emit(text)

    def add_note(self) -> None:
        db = self._database()
        if db is None or self.details is None:
            return
        from linkworker.care.fields import FieldRefused
        from linkworker.store.directory_actions import add_note
        from linkworker.store.directory_details import ServiceGone

        try:
            add_note(db, self.details.id, self.pane.note_edit.text())
        except (FieldRefused, ServiceGone) as refused:
            self.pane.note_error.show_message(str(refused))
            return
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)
            return
        self.pane.note_edit.clear()
        self.pane.note_error.clear_message()
        self.changed.emit()
        self.show_service(self.details.id)
        self.pane.say(self.tr("Note added."))

    def mark_checked(self) -> None:
        db = self._database()
        if db is None or self.details is None:
            return
        from linkworker.store.directory_actions import mark_checked
        from linkworker.store.directory_details import ServiceGone

        service_id = self.details.id
        try:
            mark_checked(db, service_id)
        except ServiceGone as gone:
            self._refused(gone)
            return
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self)
            return
        self.changed.emit()
        self.show_service(service_id)
        self.run_search()  # its "not checked for a year" flag goes
        text = self.tr("{service} marked as checked today.").format(service=self.details.name)
        self.pane.say(text)
        self.status_message.emit(text)

    # -- the sample directory ---------------------------------------------------------------------

    def _importing(self, running: bool) -> None:
        self.load_sample_button.setEnabled(not running)
        self.import_button.setEnabled(not running)
        self.import_progress.setVisible(running)
        self.cancel_import_button.setVisible(running)
        self.cancel_import_button.setEnabled(running)

    def load_sample(self) -> None:
        """Import the bundled sample directory in the background, with progress and Cancel."""
        self._start_import(sample_directory(), "")

    def import_file(self) -> None:
        """Ask for an Open Referral UK file, then import it as the sample is, and show its
        report."""
        if self._database() is None or self.import_call is not None:
            return
        self.choose_import(lambda path: self._start_import(Path(path), Path(path).name))

    def _ask_import_path(self, then: Callable[[str], None]) -> None:
        if self.file_dialog is not None:
            self.file_dialog.raise_()
            return
        dialog = QFileDialog(self, self.tr("Import an Open Referral UK file"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([
            self.tr("Open Referral UK (*.json *.zip)"), self.tr("All files (*)"),
        ])  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(then)
        dialog.finished.connect(self._file_dialog_closed)
        self.file_dialog = dialog
        dialog.open()

    def _start_import(self, path: Path, name: str) -> None:
        """``name``: the file's, for the messages; "" for the sample."""
        db = self._database()
        if db is None or self.import_call is not None:
            return
        from linkworker.store.directory_import import import_directory

        progress = _ImportProgress()
        batch = self.import_batch
        call = BackgroundCall(
            lambda: import_directory(db, path, progress.report, progress.cancelled, batch),
            "linkworker-directory-import",
        )
        call.done.connect(self._imported)
        call.failed.connect(self._import_failed)
        self.import_call, self._progress, self.import_name = call, progress, name
        self.import_progress.setRange(0, 0)  # busy until the first batch is counted
        self.import_message.setText(
            self.tr("Importing {file}…").format(file=name)
            if name
            else self.tr("Loading the sample directory…")
        )
        self.import_message.show()
        self._importing(True)
        self._poll.start()
        log.info("directory: %s", "importing a file" if name else "loading the sample")
        call.start()

    def cancel_import(self) -> None:
        if self._progress is not None:
            self._progress.stop.set()
            self.cancel_import_button.setEnabled(False)
            self.import_message.setText(self.tr("Stopping after the current batch…"))

    def _show_progress(self) -> None:
        progress = self._progress
        if progress is None or progress.total <= 0:
            return
        self.import_progress.setRange(0, progress.total)
        self.import_progress.setValue(min(progress.done, progress.total))

    def _import_ended(self) -> None:
        self._poll.stop()
        self.import_call, self._progress, self.import_name = None, None, ""
        self._importing(False)

    def _imported(self, report: ImportReport) -> None:
        name = self.import_name
        self._import_ended()
        if name:
            self._file_imported(report, name)
            return
        if report.cancelled:
            text = self.tr(
                "Stopped. {n} services were loaded; load the sample again to finish."
            ).format(n=f"{report.imported:,}")
        else:
            text = self.tr("The sample directory is loaded: {n} made-up services.").format(
                n=f"{report.imported + report.updated + report.unchanged:,}"
            )
        log.info("directory: sample loaded (%s)", "cancelled" if report.cancelled else "done")
        self.import_message.setText(text)
        self.status_message.emit(text)
        if report.imported or report.updated:
            self.changed.emit()
        self.refresh()

    def _file_imported(self, report: ImportReport, name: str) -> None:
        """Say what the import did in a line, and show its whole report."""
        if report.read_nothing:
            text = self.tr("Nothing was imported from {file}: the report says why.")
        elif report.cancelled:
            text = self.tr(
                "Stopped: what was saved from {file} is kept; import it again to finish."
            )
        else:
            text = self.tr(
                "{file}: {new} new services, {updated} updated, {unchanged} unchanged, "
                "{skipped} skipped; {problems} problems."
            )
        text = text.format(
            file=name, new=f"{report.imported:,}", updated=f"{report.updated:,}",
            unchanged=f"{report.unchanged:,}", skipped=f"{report.skipped:,}",
            problems=f"{len(report.problems):,}",
        )  # fmt: skip
        log.info("directory: a file imported (%s)", "cancelled" if report.cancelled else "done")
        self.import_message.setText(text)
        self.status_message.emit(text)
        self.show_report(report)
        if report.imported or report.updated:
            self.changed.emit()
        self.refresh()

    def show_report(self, report: ImportReport) -> None:
        """The import report, to read, copy or save (the same words the command line prints)."""
        if self.report_dialog is not None:
            self.report_dialog.close()
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Import report"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        text = QPlainTextEdit(report.summary())
        text.setReadOnly(True)
        text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        text.setAccessibleName(self.tr("Import report"))
        width = text.fontMetrics().averageCharWidth() * 100  # long problem lines wrap
        text.setMinimumSize(min(width, 1000), text.fontMetrics().height() * 26)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(self.tr("Copy"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(text.toPlainText()))
        buttons.rejected.connect(dialog.close)
        column = QVBoxLayout(dialog)
        column.addWidget(text)
        column.addWidget(buttons)
        dialog.finished.connect(lambda _: setattr(self, "report_dialog", None))
        self.report_dialog = dialog
        self.report_text = text
        dialog.open()

    def _import_failed(self, exc: object) -> None:
        name = self.import_name
        self._import_ended()
        if isinstance(exc, EnvironmentFault):
            self.import_message.setText(exc.message)
            self.notifier.fault(exc, self)
            return
        error = exc if isinstance(exc, BaseException) else None
        log.error("directory: an import failed", exc_info=error)
        self.import_message.setText(
            self.tr("{file} could not be imported. The log says why.").format(file=name)
            if name
            else self.tr("The sample directory could not be loaded. The log says why.")
        )
        self.notifier.bug(self)
