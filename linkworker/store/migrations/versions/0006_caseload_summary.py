"""Caseload summary: for each person, what the caseload table shows of their related rows (the
current referral, the last contact, the next follow-up), kept by triggers as those rows change,
so that the caseload is one pass over people instead of three lookups for each.

``caseload_summary`` is derived data, not a SQLModel table: it is never synced, and the
triggers keep it right however rows arrive (the ORM, a sync pull with plain SQL, undo). Each
trigger works out the person's whole summary again from the covering indexes of migration 0004
(a few index seeks), so no order of writes can leave it stale:

* ``referral``: an open referral before any closed, then the latest received; kept as
  ``state``, ``received_on`` and ``urgency``;
* ``last_contact``: the latest ``occurred_at`` of a contact that is not an addendum;
* ``next_due``: the earliest ``due_on`` of a follow-up neither done nor removed (a follow-up
  about no one in particular has no summary).

A later migration that rebuilds ``referral``, ``encounter`` or ``follow_up`` (batch mode drops
the old table and its triggers with it) must make their triggers again; a test checks they are
all there.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Each watched table, with the columns whose change can change a summary.
WATCHED = {
    "referral": "person_id, state, received_on, urgency, deleted_at",
    "encounter": "person_id, amends_id, occurred_at",
    "follow_up": "person_id, due_on, done_at, deleted_at",
}


def _refresh(pid: str, when: str = "TRUE") -> str:
    """The statement that works out one person's summary again (``pid``, an SQL expression)."""
    return f"""
    INSERT INTO caseload_summary
    SELECT {pid},
        r.state, r.received_on, r.urgency,
        (SELECT max(e.occurred_at) FROM encounter e
            WHERE e.person_id = {pid} AND e.amends_id IS NULL),
        (SELECT min(f.due_on) FROM follow_up f
            WHERE f.person_id = {pid} AND f.done_at IS NULL AND f.deleted_at IS NULL)
    FROM (SELECT 1) LEFT JOIN (
        SELECT state, received_on, urgency FROM referral
        WHERE person_id = {pid} AND deleted_at IS NULL
        ORDER BY state <> 'closed' DESC, received_on DESC LIMIT 1
    ) r
    WHERE {pid} IS NOT NULL AND {when}
    ON CONFLICT (person_id) DO UPDATE SET
        state = excluded.state, received_on = excluded.received_on,
        urgency = excluded.urgency, last_contact = excluded.last_contact,
        next_due = excluded.next_due;"""


def upgrade() -> None:
    op.execute("""
CREATE TABLE caseload_summary (
    person_id TEXT PRIMARY KEY NOT NULL,
    state TEXT, received_on TEXT, urgency TEXT,
    last_contact TEXT,
    next_due TEXT
) WITHOUT ROWID""")
    for table, columns in WATCHED.items():
        # (An upsert, not INSERT OR REPLACE: a conflict clause on the statement that fired the
        # trigger would override the trigger's own.)
        op.execute(f"""
CREATE TRIGGER caseload_summary_{table}_insert AFTER INSERT ON {table} BEGIN
    {_refresh("NEW.person_id")}
END""")
        op.execute(f"""
CREATE TRIGGER caseload_summary_{table}_update AFTER UPDATE OF {columns} ON {table} BEGIN
    {_refresh("NEW.person_id")}
    {_refresh("OLD.person_id", when="OLD.person_id IS NOT NEW.person_id")}
END""")
        op.execute(f"""
CREATE TRIGGER caseload_summary_{table}_delete AFTER DELETE ON {table} BEGIN
    {_refresh("OLD.person_id")}
END""")
    # Everyone already here (a laptop upgraded with its caseload).
    op.execute("""
INSERT INTO caseload_summary
SELECT p.id, r.state, r.received_on, r.urgency,
    (SELECT max(e.occurred_at) FROM encounter e
        WHERE e.person_id = p.id AND e.amends_id IS NULL),
    (SELECT min(f.due_on) FROM follow_up f
        WHERE f.person_id = p.id AND f.done_at IS NULL AND f.deleted_at IS NULL)
FROM person p LEFT JOIN (
    -- SQLite takes the bare columns from the row that gives the max
    SELECT person_id, state, received_on, urgency, max((state <> 'closed') || received_on)
    FROM referral WHERE deleted_at IS NULL GROUP BY person_id
) r ON r.person_id = p.id""")


def downgrade() -> None:
    for table in WATCHED:
        for kind in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER caseload_summary_{table}_{kind}")
    op.execute("DROP TABLE caseload_summary")
