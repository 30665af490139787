"""The server schema: accounts, devices, records, change log, applied ops, history.

Revision ID: s0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "s0001"
down_revision = None
branch_labels = None
depends_on = None

ID = 36


def _when(name, nullable=True):
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("ods_code", sa.String(20)),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
        _when("created_at", False),
    )
    op.create_table(
        "team",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("org_id", sa.String(ID), nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        _when("created_at", False),
    )
    op.create_table(
        "account",
        sa.Column("id", sa.String(ID), primary_key=True),
        sa.Column("org_id", sa.String(ID), nullable=False, index=True),
        sa.Column("team_id", sa.String(ID)),
        sa.Column("username", sa.String(128), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        _when("created_at", False),
    )
    op.create_table(
        "device",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("org_id", sa.String(ID), nullable=False, index=True),
        sa.Column("worker_id", sa.String(ID), nullable=False, index=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _when("enrolled_at", False),
        _when("revoked_at"),
        _when("last_seen_at"),
    )
    op.create_table(
        "record",
        sa.Column("org_id", sa.String(ID), primary_key=True),
        sa.Column("entity", sa.String(64), primary_key=True),
        sa.Column("entity_id", sa.String(ID), primary_key=True),
        sa.Column("scope", sa.String(8), nullable=False),
        sa.Column("team_id", sa.String(ID)),
        sa.Column("root_id", sa.String(ID)),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("append_only", sa.Boolean, nullable=False),
        sa.Column("doc", sa.JSON, nullable=False),
    )
    op.create_index("ix_record_org_seq", "record", ["org_id", "seq"])
    op.create_index("ix_record_org_team_seq", "record", ["org_id", "team_id", "seq"])
    op.create_index("ix_record_org_root", "record", ["org_id", "root_id"])
    op.create_table(
        "scope_exit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("org_id", sa.String(ID), nullable=False),
        sa.Column("team_id", sa.String(ID), nullable=False),
        sa.Column("entity", sa.String(64), nullable=False),
        sa.Column("entity_id", sa.String(ID), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_scope_exit_org_team_seq", "scope_exit", ["org_id", "team_id", "seq"])
    op.create_table(
        "applied_op",
        sa.Column("device_id", sa.String(64), primary_key=True),
        sa.Column("device_seq", sa.BigInteger, primary_key=True),
        sa.Column("op_id", sa.String(ID), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("version", sa.BigInteger),
        sa.Column("reason", sa.Text),
    )
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("org_id", sa.String(ID), nullable=False),
        sa.Column("entity", sa.String(64), nullable=False),
        sa.Column("entity_id", sa.String(ID), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("value", sa.JSON),
        sa.Column("hlc", sa.String(80), nullable=False),
        _when("at", False),
    )
    op.create_index("ix_history_record", "history", ["org_id", "entity", "entity_id"])


def downgrade() -> None:
    for name in (
        "history",
        "applied_op",
        "scope_exit",
        "record",
        "device",
        "account",
        "team",
        "organisation",
    ):
        op.drop_table(name)
