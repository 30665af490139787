"""Edits to the open record, with undo and redo (Ctrl+Z, Ctrl+Shift+Z).

Every field edit and every row added or removed goes through ``RecordEditor``: it writes through
the store (checked, captured for sync, audited) and keeps an undo stack of what it did. Undo is
an ordinary edit the other way (so it syncs too); undoing an added row tombstones it, redoing
brings it back. Refusals come back as the message to show; faults of the computer go to the
notifier. Signing a contact and moving a referral are not undone: they are the record of what
happened (a contact is corrected by an addendum; a referral is closed with an outcome).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from linkworker.care.fields import FieldRefused
from linkworker.care.measures import MeasureRefused
from linkworker.care.referral import TransitionRefused
from linkworker.store import edits
from linkworker.store.contacts import ContactRefused
from linkworker.store.database import Database
from linkworker.store.errors import EnvironmentFault
from linkworker.store.record import PersonGone
from linkworker.ui.errors import Notifier

log = logging.getLogger("linkworker.ui")
T = TypeVar("T")

# What a worker can be told and act on: the message is theirs to read.
REFUSALS = (FieldRefused, MeasureRefused, TransitionRefused, ContactRefused, edits.RecordGone,
            PersonGone)  # fmt: skip


class Refused(Exception):
    """Raised by ``RecordEditor.run`` after telling the view why (its ``message``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _SetField(QUndoCommand):
    def __init__(self, editor: RecordEditor, change: edits.Change, label: str) -> None:
        super().__init__(label)
        self.editor, self.change, self.done = editor, change, True

    def redo(self) -> None:
        if self.done:  # the first redo is the edit itself, already saved
            self.done = False
            return
        c = self.change
        self.editor.apply(edits.set_field, c.entity, c.entity_id, c.field, c.new)

    def undo(self) -> None:
        c = self.change
        self.editor.apply(edits.set_field, c.entity, c.entity_id, c.field, c.old)


class _SetLink(_SetField):
    def redo(self) -> None:
        if self.done:
            self.done = False
            return
        c = self.change
        self.editor.apply(edits.set_link, c.entity, c.entity_id, c.field, c.new)

    def undo(self) -> None:
        c = self.change
        self.editor.apply(edits.set_link, c.entity, c.entity_id, c.field, c.old)


class _AddRow(QUndoCommand):
    def __init__(self, editor: RecordEditor, entity: str, row_id: str, label: str) -> None:
        super().__init__(label)
        self.editor, self.entity, self.row_id, self.done = editor, entity, row_id, True

    def redo(self) -> None:
        if self.done:
            self.done = False
            return
        self.editor.apply(edits.restore_row, self.entity, self.row_id)

    def undo(self) -> None:
        self.editor.apply(edits.remove_row, self.entity, self.row_id)


class _RemoveRow(_AddRow):
    def redo(self) -> None:
        if self.done:
            self.done = False
            return
        self.editor.apply(edits.remove_row, self.entity, self.row_id)

    def undo(self) -> None:
        self.editor.apply(edits.restore_row, self.entity, self.row_id)


class RecordEditor(QObject):
    """Writes the open record's edits; ``changed`` after each, ``refused`` with a message."""

    changed = Signal()  # something was written: sync soon, and refresh what undo changed
    reload_needed = Signal()  # undo or redo changed what is shown: read the record again
    refused = Signal(str)

    def __init__(
        self,
        database: Callable[[], Database | None],
        notifier: Notifier,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self.notifier = notifier
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(200)

    @property
    def db(self) -> Database:
        db = self._database()
        if db is None:
            raise EnvironmentFault("Linkworker is locked.", "Unlock it and try again.")
        return db

    def run(self, action: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Do one store action against the open database; a refusal is said, then ``Refused``."""
        db = self._database()
        if db is None:  # locked or closing: what could be saved was saved before
            raise Refused(self.tr("Linkworker is locked."))
        try:
            result = action(db, *args, **kwargs)
        except REFUSALS as exc:
            message = str(exc)
            self.refused.emit(message)
            raise Refused(message) from exc
        except EnvironmentFault as fault:
            self.notifier.fault(fault, self.notifier.window)
            raise Refused(fault.message) from fault
        self.changed.emit()
        return result

    def apply(self, action: Callable[..., Any], *args: Any) -> None:
        """For undo and redo: do it, and ask for the record to be read again."""
        with contextlib.suppress(Refused):  # the page has shown why
            self.run(action, *args)
        self.reload_needed.emit()

    def set_field(self, entity: str, entity_id: str, field: str, raw: Any, label: str) -> Any:
        """Save one field (raises ``Refused`` with the message); returns the value stored."""
        change = self.run(edits.set_field, entity, entity_id, field, raw)
        if change.old != change.new:
            self.stack.push(_SetField(self, change, self.tr("Change {what}").format(what=label)))
        return change.new

    def set_link(self, entity: str, entity_id: str, field: str, target: str | None,
                 label: str) -> None:  # fmt: skip
        change = self.run(edits.set_link, entity, entity_id, field, target)
        if change.old != change.new:
            self.stack.push(_SetLink(self, change, self.tr("Change {what}").format(what=label)))

    def add_row(
        self,
        entity: str,
        values: Mapping[str, Any],
        label: str,
        checked_elsewhere: Mapping[str, Any] | None = None,
    ) -> str:
        row_id = self.run(edits.add_row, entity, values, checked_elsewhere)
        self.stack.push(_AddRow(self, entity, row_id, self.tr("Add {what}").format(what=label)))
        return row_id

    def remove_row(self, entity: str, row_id: str, label: str) -> None:
        self.run(edits.remove_row, entity, row_id)
        self.stack.push(
            _RemoveRow(self, entity, row_id, self.tr("Remove {what}").format(what=label))
        )
