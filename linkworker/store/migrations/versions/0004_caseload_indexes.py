"""Caseload indexes: each person's current referral, last contact and next follow-up are read
from an index alone (a covering index), without decrypting the rows themselves.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_referral_caseload",
        "referral",
        ["person_id", "deleted_at", "state", "received_on", "urgency"],
    )
    op.create_index(
        "ix_encounter_last_contact", "encounter", ["person_id", "amends_id", "occurred_at"]
    )
    op.create_index(
        "ix_follow_up_next_due", "follow_up", ["person_id", "done_at", "deleted_at", "due_on"]
    )


def downgrade() -> None:
    op.drop_index("ix_follow_up_next_due", "follow_up")
    op.drop_index("ix_encounter_last_contact", "encounter")
    op.drop_index("ix_referral_caseload", "referral")
