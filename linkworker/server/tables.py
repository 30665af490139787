"""The server's own tables: accounts and devices, every synced record, and the change log.

Records are kept whole, as the merge function sees them (values, per-field stamps, standing
candidates of guarded fields), one row per record, keyed by organisation. ``seq`` is the record's
place in its organisation's change log: every accepted change gives it the next number, and a
laptop pulls "everything after my cursor". ``scope_exit`` logs records leaving a team, so that
team's laptops delete their copies.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

ID = 36  # UUID text

organisation = Table(
    "organisation",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("ods_code", String(20)),
    Column("last_seq", BigInteger, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

team = Table(
    "team",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("org_id", String(ID), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

account = Table(
    "account",
    metadata,
    Column("id", String(ID), primary_key=True),  # the worker id
    Column("org_id", String(ID), nullable=False, index=True),
    Column("team_id", String(ID)),
    Column("username", String(128), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("role", String(32), nullable=False),
    Column("password_hash", String(200), nullable=False),  # Argon2id, never the password
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

device = Table(
    "device",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("org_id", String(ID), nullable=False, index=True),
    Column("worker_id", String(ID), nullable=False, index=True),
    Column("name", String(128), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),  # SHA-256 of the token
    Column("enrolled_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_seen_at", DateTime(timezone=True)),
)

record = Table(
    "record",
    metadata,
    Column("org_id", String(ID), primary_key=True),
    Column("entity", String(64), primary_key=True),
    Column("entity_id", String(ID), primary_key=True),
    Column("scope", String(8), nullable=False),  # org, team, device
    Column("team_id", String(ID)),
    Column("root_id", String(ID)),  # the person a team-scoped record hangs off
    Column("seq", BigInteger, nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("append_only", Boolean, nullable=False, default=False),
    Column("doc", JSON, nullable=False),  # {"values", "stamps", "candidates"}
    Index("ix_record_org_seq", "org_id", "seq"),
    Index("ix_record_org_team_seq", "org_id", "team_id", "seq"),
    Index("ix_record_org_root", "org_id", "root_id"),
)

scope_exit = Table(
    "scope_exit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("org_id", String(ID), nullable=False),
    Column("team_id", String(ID), nullable=False),
    Column("entity", String(64), nullable=False),
    Column("entity_id", String(ID), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Index("ix_scope_exit_org_team_seq", "org_id", "team_id", "seq"),
)

applied_op = Table(
    "applied_op",
    metadata,
    Column("device_id", String(64), primary_key=True),
    Column("device_seq", BigInteger, primary_key=True),
    Column("op_id", String(ID), nullable=False),
    Column("status", String(16), nullable=False),
    Column("version", BigInteger),
    Column("reason", Text),
)

history = Table(
    "history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("org_id", String(ID), nullable=False),
    Column("entity", String(64), nullable=False),
    Column("entity_id", String(ID), nullable=False),
    Column("field", String(64), nullable=False),
    Column("value", JSON),
    Column("hlc", String(80), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_history_record", "org_id", "entity", "entity_id"),
)
