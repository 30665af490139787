"""What ``caseload_summary`` should hold, worked out from scratch from the rows themselves, for
checking the triggers that keep it (migration 0006)."""

from __future__ import annotations

from sqlalchemy import text

from linkworker.store.database import Database

# One row per person with any referral, contact or follow-up, as the summary keeps it.
TRUTH_SQL = """
WITH people AS (
    SELECT person_id FROM referral UNION SELECT person_id FROM encounter
    UNION SELECT person_id FROM follow_up WHERE person_id IS NOT NULL
)
SELECT p.person_id, r.state, r.received_on, r.urgency,
    (SELECT max(occurred_at) FROM encounter
        WHERE person_id = p.person_id AND amends_id IS NULL),
    (SELECT min(due_on) FROM follow_up
        WHERE person_id = p.person_id AND done_at IS NULL AND deleted_at IS NULL)
FROM people p LEFT JOIN (
    SELECT person_id, state, received_on, urgency, max((state <> 'closed') || received_on)
    FROM referral WHERE deleted_at IS NULL GROUP BY person_id
) r ON r.person_id = p.person_id
"""
SUMMARY_SQL = (
    "SELECT person_id, state, received_on, urgency, last_contact, next_due FROM caseload_summary"
)


def summary_drift(db: Database) -> dict[str, tuple[object, object]]:
    """Each person whose summary differs from the truth: (summary, truth). Empty when right.
    A summary row of all blanks is as good as none (the person's last row went)."""
    with db.reading() as s:
        truth = {r[0]: tuple(r[1:]) for r in s.execute(text(TRUTH_SQL))}
        kept = {r[0]: tuple(r[1:]) for r in s.execute(text(SUMMARY_SQL))}
    blank = (None,) * 5
    return {
        pid: (kept.get(pid, blank), truth.get(pid, blank))
        for pid in truth.keys() | kept.keys()
        if kept.get(pid, blank) != truth.get(pid, blank)
    }
