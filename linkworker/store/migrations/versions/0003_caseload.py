"""Caseload: a connection may name a service not in the directory; contact drafts.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("community_connection", schema=None) as batch_op:
        batch_op.alter_column("service_id", existing_type=sa.String(), nullable=True)
        batch_op.add_column(sa.Column("service_name", sa.String(), nullable=True))
    op.create_table(
        "contact_draft",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("referral_id", sa.String(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mode", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("amends_id", sa.String(), nullable=True),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("follow_up_what", sa.String(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact_draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_draft_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("contact_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_draft_person_id"))
    op.drop_table("contact_draft")
    with op.batch_alter_table("community_connection", schema=None) as batch_op:
        batch_op.drop_column("service_name")
        batch_op.alter_column("service_id", existing_type=sa.String(), nullable=False)
