"""About Me, under the PRSB headings, in the person's own words; saved as it is typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from linkworker.care import fields
from linkworker.store.record import PersonRecord
from linkworker.ui.field_form import FieldForm
from linkworker.ui.record_edits import RecordEditor
from linkworker.ui.record_sections import scrolling, text_label, uk

HEADINGS = (
    "most_important", "important_people", "communication", "wellness", "please_do",
    "please_dont", "how_and_when_to_support", "also_worth_knowing", "supported_to_write_by",
)  # fmt: skip


class AboutMeTab(QWidget):
    def __init__(self, editor: RecordEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.person_id: str | None = None
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(text_label(self.tr(
            "In the person's own words. Each part is saved as you type."), muted=True))  # fmt: skip
        self.form = FieldForm("about_me", HEADINGS, editor, text_lines=3)
        column.addWidget(self.form)
        self.updated = text_label(muted=True)
        self.updated.setAccessibleName(self.tr("Last updated"))
        column.addWidget(self.updated)
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling(content))

    def show_record(self, record: PersonRecord) -> None:
        self.person_id = record.person.id
        about = record.about_me
        self.form.load(about, about.id if about is not None else None, self._create)
        if about is not None and about["last_updated_on"]:
            text = self.tr("Last updated {d}").format(d=uk(about["last_updated_on"]))
        else:
            text = self.tr("Not written yet.")
        self.updated.setText(text)
        self.updated.setAccessibleDescription(text)

    def _create(self, field: str, value: Any) -> str | None:
        if self.person_id is None:
            return None
        from linkworker.store.edits import ensure_row

        row_id = self.editor.run(ensure_row, "about_me", self.person_id)
        label = fields.rule("about_me", field).label.lower()
        self.editor.set_field("about_me", row_id, field, value, label)
        return row_id

    def flush(self) -> None:
        self.form.flush()
