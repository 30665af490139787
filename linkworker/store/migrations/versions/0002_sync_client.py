"""Sync client: conflicts hold every standing value; refused ops kept aside; enrolment details.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nothing ever wrote a conflict before sync existed, so the table is rebuilt in its new shape.
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_entity_id"))
    op.drop_table("conflict")
    op.create_table(
        "conflict",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflict_entity_id"), ["entity_id"], unique=False)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rejected_reason", sa.String(), nullable=True))
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        for name in ("org_name", "team_id", "worker_name", "role", "device_token"):
            batch_op.add_column(sa.Column(name, sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        for name in ("device_token", "role", "worker_name", "team_id", "org_name"):
            batch_op.drop_column(name)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("rejected_reason")
