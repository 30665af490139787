"""Resolving a conflict: the worker's choice written as an ordinary edit of the field.

The edit is made against the record's current version, which every standing value had reached,
so on the server it supersedes them all (``sync.merge``) and the conflict closes on every laptop
at their next sync. The edit is written even when the chosen value is the one already shown (the
latest of the candidates): otherwise nothing would tell the server a person had decided.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm.attributes import flag_modified

from linkworker.store import audit
from linkworker.store.database import Database
from linkworker.store.tables import Conflict
from linkworker.sync import replica


class ConflictGone(LookupError):
    """The conflict was closed meanwhile (a sync brought someone else's decision)."""


def resolve(db: Database, conflict_id: str, value: Any, merged: bool = False) -> None:
    """Write ``value`` (as it travels: dates as ISO text) to the conflicted field; the conflict
    row goes in the same transaction, so the view changes at once. ``merged``: the worker wrote
    a value of their own rather than keeping one (said in the audit trail, which holds which
    field of which record, never values)."""
    gone = False
    with db.transaction() as s:
        conflict = s.get(Conflict, conflict_id)
        if conflict is None:
            raise ConflictGone(conflict_id)
        record = s.get(_model(conflict.entity), conflict.entity_id)
        if record is None:  # the record left this laptop: the conflict goes with it
            s.delete(conflict)
            gone = True
        else:
            setattr(record, conflict.field, replica.coerce(conflict.entity, conflict.field, value))
            flag_modified(record, conflict.field)
            s.delete(conflict)
            how = "merged value" if merged else "kept one value"
            audit.record(
                s, "resolved conflict", entity=conflict.entity, entity_id=conflict.entity_id,
                detail=f"conflict {conflict.id}; field {conflict.field}; {how}",
            )  # fmt: skip
    if gone:
        raise ConflictGone(conflict_id)


def _model(entity: str) -> Any:
    import linkworker.store.tables as tables

    for value in vars(tables).values():
        if getattr(value, "__tablename__", None) == entity and hasattr(value, "__table__"):
            return value
    raise LookupError(entity)
