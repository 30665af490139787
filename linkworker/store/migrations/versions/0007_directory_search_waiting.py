"""Directory search: services waiting to be indexed are listed with an upsert.

A sync pull now holds the index's work to after the pull (``deferred_indexing`` with
``index_at_end=False``, then ``directory_search.index_waiting``), so a page may touch a service
already listed in ``dir_search_pending``. The listing trigger of migration 0005 used
``INSERT OR IGNORE``; but a trigger fired by an upsert (as the pull writes rows) takes the
upsert's conflict handling, not its own, and a second listing failed. ``ON CONFLICT DO
NOTHING`` is the trigger's own, whatever fired it.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_LATER = """
CREATE TRIGGER dir_search_refresh_later INSTEAD OF INSERT ON dir_search_refresh
WHEN NEW.service_id IS NOT NULL AND (SELECT deferred FROM dir_search_state WHERE id = 1)
BEGIN {listing}; END"""


def upgrade() -> None:
    op.execute("DROP TRIGGER dir_search_refresh_later")
    op.execute(
        _LATER.format(
            listing="INSERT INTO dir_search_pending (service_id) VALUES (NEW.service_id)"
            " ON CONFLICT (service_id) DO NOTHING"
        )
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER dir_search_refresh_later")
    op.execute(
        _LATER.format(
            listing="INSERT OR IGNORE INTO dir_search_pending (service_id) VALUES (NEW.service_id)"
        )
    )
