"""The audit trail: append-only events saying who did what to which record, never what it said."""

from __future__ import annotations

from sqlmodel import Session, col, select

from linkworker.store.tables import AuditEvent, SyncState


def record(
    session: Session,
    action: str,
    entity: str | None = None,
    entity_id: str | None = None,
    detail: str | None = None,
) -> AuditEvent:
    """Add an audit event to this transaction. ``detail`` holds ids or counts, never names."""
    with session.no_autoflush:  # reading our own device row must not flush pending rows
        state = session.get(SyncState, 1)
    event = AuditEvent(
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=detail,
        worker_id=state.worker_id if state else None,
        device_id=state.device_id if state else None,
    )
    session.add(event)
    return event


def events_for(session: Session, entity_id: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.entity_id == entity_id)
    return list(session.exec(query.order_by(col(AuditEvent.at))).all())
