"""Initial schema: the whole data model of DESIGN.md section 4.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 13:28:00.925851
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "audit_event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("worker_id", sa.String(), nullable=True),
        sa.Column("device_id", sa.String(), nullable=True),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("entity", sa.String(), nullable=True),
        sa.Column("entity_id", sa.String(), nullable=True),
        sa.Column("detail", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_entity_id"), ["entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_org_id"), ["org_id"], unique=False)

    op.create_table(
        "conflict",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("local_value", sa.JSON(), nullable=True),
        sa.Column("remote_value", sa.JSON(), nullable=True),
        sa.Column("local_hlc", sa.String(), nullable=True),
        sa.Column("remote_hlc", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflict_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "dir_organization",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("alternate_name", sa.String(), nullable=True),
        sa.Column("description", sa.String(), nullable=True),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("website", sa.String(), nullable=True),
        sa.Column("legal_status", sa.String(), nullable=True),
        sa.Column("logo", sa.String(), nullable=True),
        sa.Column("uri", sa.String(), nullable=True),
        sa.Column("parent_organization_id", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dir_organization", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dir_organization_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_dir_organization_org_id"), ["org_id"], unique=False)

    op.create_table(
        "dir_taxonomy_term",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=True),
        sa.Column("parent_id", sa.String(), nullable=True),
        sa.Column("taxonomy", sa.String(), nullable=True),
        sa.Column("language", sa.String(), nullable=True),
        sa.Column("term_uri", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["dir_taxonomy_term.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dir_taxonomy_term", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dir_taxonomy_term_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_dir_taxonomy_term_org_id"), ["org_id"], unique=False)

    op.create_table(
        "organisation",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("ods_code", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_org_id"), ["org_id"], unique=False)

    op.create_table(
        "outbox",
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("device_seq", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("hlc", sa.String(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("op_id"),
        sa.UniqueConstraint("device_seq"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_entity"), ["entity"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(), nullable=False),
        sa.Column("org_id", sa.String(), nullable=False),
        sa.Column("worker_id", sa.String(), nullable=True),
        sa.Column("next_device_seq", sa.Integer(), nullable=False),
        sa.Column("hlc_last", sa.String(), nullable=True),
        sa.Column("pull_cursor", sa.String(), nullable=True),
        sa.Column("server_url", sa.String(), nullable=True),
        sa.Column("last_synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "team",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_org_id"), ["org_id"], unique=False)

    op.create_table(
        "dir_attribute",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.String(), nullable=False),
        sa.Column("link_type", sa.String(), nullable=True),
        sa.Column("link_entity", sa.String(), nullable=False),
        sa.Column("taxonomy_term_id", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=True),
        sa.Column("label", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["taxonomy_term_id"],
            ["dir_taxonomy_term.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dir_attribute", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dir_attribute_link_id"), ["link_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dir_attribute_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dir_attribute_taxonomy_term_id"), ["taxonomy_term_id"], unique=False
        )

    op.create_table(
        "dir_location",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.String(), nullable=True),
        sa.Column("location_type", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("description", sa.String(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["dir_organization.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dir_location", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dir_location_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dir_location_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "dir_service",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.String(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("alternate_name", sa.String(), nullable=True),
        sa.Column("description", sa.String(), nullable=True),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("interpretation_services", sa.String(), nullable=True),
        sa.Column("application_process", sa.String(), nullable=True),
        sa.Column("fees_description", sa.String(), nullable=True),
        sa.Column("eligibility_description", sa.String(), nullable=True),
        sa.Column("minimum_age", sa.Integer(), nullable=True),
        sa.Column("maximum_age", sa.Integer(), nullable=True),
        sa.Column("assured_date", sa.Date(), nullable=True),
        sa.Column("assurer_email", sa.String(), nullable=True),
        sa.Column("alert", sa.String(), nullable=True),
        sa.Column("last_modified", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["dir_organization.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dir_service", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dir_service_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_dir_service_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dir_service_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "worker",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=True),
        sa.Column("username", sa.String(), nullable=False),
        sa.Column("display_name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_worker_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_worker_team_id"), ["team_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_worker_username"), ["username"], unique=False)

    op.create_table(
        "device",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.String(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["worker_id"],
            ["worker.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_device_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_device_worker_id"), ["worker_id"], unique=False)

    op.create_table(
        "dir_accessibility",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=True),
        sa.Column("details", sa.String(), nullable=True),
        sa.Column("url", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["dir_location.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dir_accessibility", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dir_accessibility_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dir_accessibility_org_id"), ["org_id"], unique=False)

    op.create_table(
        "dir_address",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.String(), nullable=False),
        sa.Column("attention", sa.String(), nullable=True),
        sa.Column("address_1", sa.String(), nullable=False),
        sa.Column("address_2", sa.String(), nullable=True),
        sa.Column("city", sa.String(), nullable=True),
        sa.Column("region", sa.String(), nullable=True),
        sa.Column("state_province", sa.String(), nullable=True),
        sa.Column("postal_code", sa.String(), nullable=True),
        sa.Column("country", sa.String(), nullable=False),
        sa.Column("address_type", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["dir_location.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dir_address", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dir_address_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dir_address_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dir_address_postal_code"), ["postal_code"], unique=False
        )

    op.create_table(
        "dir_cost_option",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.String(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("option", sa.String(), nullable=True),
        sa.Column("currency", sa.String(), nullable=False),
        sa.Column("amount", sa.Float(), nullable=True),
        sa.Column("amount_description", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["dir_service.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dir_cost_option", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dir_cost_option_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dir_cost_option_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "dir_service_area",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.String(), nullable=True),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("description", sa.String(), nullable=True),
        sa.Column("extent", sa.String(), nullable=True),
        sa.Column("extent_type", sa.String(), nullable=True),
        sa.Column("uri", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["dir_service.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dir_service_area", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dir_service_area_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dir_service_area_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "dir_service_at_location",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.String(), nullable=False),
        sa.Column("location_id", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["dir_location.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["dir_service.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dir_service_at_location", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dir_service_at_location_location_id"), ["location_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dir_service_at_location_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dir_service_at_location_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "person",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("nhs_number", sa.String(length=10), nullable=True),
        sa.Column("given_name", sa.String(), nullable=False),
        sa.Column("family_name", sa.String(), nullable=False),
        sa.Column("preferred_name", sa.String(), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(), nullable=True),
        sa.Column("gender", sa.String(), nullable=True),
        sa.Column("pronouns", sa.String(), nullable=True),
        sa.Column("address_line_1", sa.String(), nullable=True),
        sa.Column("address_line_2", sa.String(), nullable=True),
        sa.Column("town", sa.String(), nullable=True),
        sa.Column("postcode", sa.String(), nullable=True),
        sa.Column("phone", sa.String(), nullable=True),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("preferred_contact_method", sa.String(), nullable=True),
        sa.Column("communication_needs", sa.String(), nullable=True),
        sa.Column("reasonable_adjustments", sa.String(), nullable=True),
        sa.Column("interpreter_language", sa.String(), nullable=True),
        sa.Column("gp_practice_ods", sa.String(), nullable=True),
        sa.Column("carer_status", sa.String(), nullable=True),
        sa.Column("key_worker_id", sa.String(), nullable=True),
        sa.Column("team_id", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("risk_flag", sa.Boolean(), nullable=False),
        sa.Column("risk_notes", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["key_worker_id"],
            ["worker.id"],
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_family_name"), ["family_name"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_given_name"), ["given_name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_person_key_worker_id"), ["key_worker_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_person_nhs_number"), ["nhs_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_team_id"), ["team_id"], unique=False)

    op.create_table(
        "service_note",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.String(), nullable=False),
        sa.Column("worker_id", sa.String(), nullable=True),
        sa.Column("text", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["dir_service.id"],
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"],
            ["worker.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("service_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_note_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_service_note_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "about_me",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("most_important", sa.String(), nullable=True),
        sa.Column("important_people", sa.String(), nullable=True),
        sa.Column("communication", sa.String(), nullable=True),
        sa.Column("wellness", sa.String(), nullable=True),
        sa.Column("please_do", sa.String(), nullable=True),
        sa.Column("please_dont", sa.String(), nullable=True),
        sa.Column("how_and_when_to_support", sa.String(), nullable=True),
        sa.Column("also_worth_knowing", sa.String(), nullable=True),
        sa.Column("supported_to_write_by", sa.String(), nullable=True),
        sa.Column("last_updated_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("about_me", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_about_me_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_about_me_person_id"), ["person_id"], unique=True)

    op.create_table(
        "care_plan",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("strengths", sa.String(), nullable=True),
        sa.Column("agreed_with", sa.String(), nullable=True),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("care_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_care_plan_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_care_plan_person_id"), ["person_id"], unique=False)

    op.create_table(
        "community_connection",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("service_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("feedback", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["dir_service.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("community_connection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_community_connection_org_id"), ["org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_community_connection_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_community_connection_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "consent",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("how_recorded", sa.String(), nullable=True),
        sa.Column("recorded_by", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["worker.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consent_person_id"), ["person_id"], unique=False)

    op.create_table(
        "dir_contact",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.String(), nullable=True),
        sa.Column("service_id", sa.String(), nullable=True),
        sa.Column("service_at_location_id", sa.String(), nullable=True),
        sa.Column("location_id", sa.String(), nullable=True),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("department", sa.String(), nullable=True),
        sa.Column("email", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["dir_location.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["dir_organization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_at_location_id"],
            ["dir_service_at_location.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["dir_service.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dir_contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dir_contact_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dir_contact_service_id"), ["service_id"], unique=False)

    op.create_table(
        "dir_schedule",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.String(), nullable=True),
        sa.Column("location_id", sa.String(), nullable=True),
        sa.Column("service_at_location_id", sa.String(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("dtstart", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("freq", sa.String(), nullable=True),
        sa.Column("interval", sa.Integer(), nullable=True),
        sa.Column("byday", sa.String(), nullable=True),
        sa.Column("bymonthday", sa.String(), nullable=True),
        sa.Column("opens_at", sa.Time(), nullable=True),
        sa.Column("closes_at", sa.Time(), nullable=True),
        sa.Column("description", sa.String(), nullable=True),
        sa.Column("attending_type", sa.String(), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["dir_location.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_at_location_id"],
            ["dir_service_at_location.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["dir_service.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dir_schedule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dir_schedule_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dir_schedule_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "follow_up",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("what", sa.String(), nullable=False),
        sa.Column("for_worker_id", sa.String(), nullable=True),
        sa.Column("source_entity", sa.String(), nullable=True),
        sa.Column("source_id", sa.String(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["for_worker_id"],
            ["worker.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_up_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_up_person_id"), ["person_id"], unique=False)

    op.create_table(
        "health_budget",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("eligibility_basis", sa.String(), nullable=False),
        sa.Column("amount_pence", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(), nullable=False),
        sa.Column("managed_as", sa.String(), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("health_budget", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_health_budget_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_health_budget_person_id"), ["person_id"], unique=False)

    op.create_table(
        "outcome_measure",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("instrument", sa.String(), nullable=False),
        sa.Column("timepoint", sa.String(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("entered_by_hand", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outcome_measure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outcome_measure_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_outcome_measure_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "referral",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("method", sa.String(), nullable=True),
        sa.Column("referrer_name", sa.String(), nullable=True),
        sa.Column("referrer_role", sa.String(), nullable=True),
        sa.Column("referrer_organisation", sa.String(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("urgency", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("state_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_contact_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("close_outcome", sa.String(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("snomed_code", sa.String(), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_state"), ["state"], unique=False)

    op.create_table(
        "shared_decision",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("question", sa.String(), nullable=False),
        sa.Column("what_matters_most", sa.String(), nullable=True),
        sa.Column("decision_aid", sa.String(), nullable=True),
        sa.Column("chosen_option_id", sa.String(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("shared_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shared_decision_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_shared_decision_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "budget_line",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("budget_id", sa.String(), nullable=False),
        sa.Column("item", sa.String(), nullable=False),
        sa.Column("cost_pence", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["budget_id"],
            ["health_budget.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_line_budget_id"), ["budget_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_budget_line_org_id"), ["org_id"], unique=False)

    op.create_table(
        "contingency_plan",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column("triggers", sa.String(), nullable=True),
        sa.Column("what_should_happen", sa.String(), nullable=True),
        sa.Column("who_to_contact", sa.String(), nullable=True),
        sa.Column("coping_strategies", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["care_plan.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contingency_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contingency_plan_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contingency_plan_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "decision_option",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("benefits", sa.String(), nullable=True),
        sa.Column("risks", sa.String(), nullable=True),
        sa.Column("what_it_would_mean", sa.String(), nullable=True),
        sa.Column("is_doing_nothing", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["shared_decision.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("decision_option", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_option_decision_id"), ["decision_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_decision_option_org_id"), ["org_id"], unique=False)

    op.create_table(
        "dir_phone",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.String(), nullable=True),
        sa.Column("service_id", sa.String(), nullable=True),
        sa.Column("organization_id", sa.String(), nullable=True),
        sa.Column("contact_id", sa.String(), nullable=True),
        sa.Column("service_at_location_id", sa.String(), nullable=True),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("extension", sa.String(), nullable=True),
        sa.Column("type", sa.String(), nullable=True),
        sa.Column("description", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["dir_contact.id"],
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["dir_location.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["dir_organization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_at_location_id"],
            ["dir_service_at_location.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["dir_service.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dir_phone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dir_phone_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dir_phone_service_id"), ["service_id"], unique=False)

    op.create_table(
        "encounter",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("referral_id", sa.String(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mode", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("guide_id", sa.String(), nullable=True),
        sa.Column("guide_answers", sa.JSON(), nullable=True),
        sa.Column("worker_id", sa.String(), nullable=True),
        sa.Column("signed_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("amends_id", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["amends_id"],
            ["encounter.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referral.id"],
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"],
            ["worker.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("encounter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_encounter_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_encounter_person_id"), ["person_id"], unique=False)

    op.create_table(
        "plan_need",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["care_plan.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plan_need", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_need_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_need_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "dir_language",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.String(), nullable=True),
        sa.Column("location_id", sa.String(), nullable=True),
        sa.Column("phone_id", sa.String(), nullable=True),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("code", sa.String(), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["dir_location.id"],
        ),
        sa.ForeignKeyConstraint(
            ["phone_id"],
            ["dir_phone.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["dir_service.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dir_language", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dir_language_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dir_language_service_id"), ["service_id"], unique=False
        )

    op.create_table(
        "plan_goal",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.String(), nullable=False),
        sa.Column("need_id", sa.String(), nullable=True),
        sa.Column("in_own_words", sa.String(), nullable=False),
        sa.Column("importance", sa.Integer(), nullable=True),
        sa.Column("importance_scale", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"],
            ["plan_need.id"],
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["care_plan.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plan_goal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_goal_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_goal_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "plan_action",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.String(), nullable=False),
        sa.Column("what", sa.String(), nullable=False),
        sa.Column("who", sa.String(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("confidence", sa.Integer(), nullable=True),
        sa.Column("confidence_scale", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["plan_goal.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plan_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_action_goal_id"), ["goal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_action_org_id"), ["org_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("plan_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_action_org_id"))
        batch_op.drop_index(batch_op.f("ix_plan_action_goal_id"))

    op.drop_table("plan_action")
    with op.batch_alter_table("plan_goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_goal_plan_id"))
        batch_op.drop_index(batch_op.f("ix_plan_goal_org_id"))

    op.drop_table("plan_goal")
    with op.batch_alter_table("dir_language", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dir_language_service_id"))
        batch_op.drop_index(batch_op.f("ix_dir_language_org_id"))

    op.drop_table("dir_language")
    with op.batch_alter_table("plan_need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_need_plan_id"))
        batch_op.drop_index(batch_op.f("ix_plan_need_org_id"))

    op.drop_table("plan_need")
    with op.batch_alter_table("encounter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_encounter_person_id"))
        batch_op.drop_index(batch_op.f("ix_encounter_org_id"))

    op.drop_table("encounter")
    with op.batch_alter_table("dir_phone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dir_phone_service_id"))
        batch_op.drop_index(batch_op.f("ix_dir_phone_org_id"))

    op.drop_table("dir_phone")
    with op.batch_alter_table("decision_option", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_option_org_id"))
        batch_op.drop_index(batch_op.f("ix_decision_option_decision_id"))

    op.drop_table("decision_option")
    with op.batch_alter_table("contingency_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contingency_plan_plan_id"))
        batch_op.drop_index(batch_op.f("ix_contingency_plan_org_id"))

    op.drop_table("contingency_plan")
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_line_org_id"))
        batch_op.drop_index(batch_op.f("ix_budget_line_budget_id"))

    op.drop_table("budget_line")
    with op.batch_alter_table("shared_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shared_decision_person_id"))
        batch_op.drop_index(batch_op.f("ix_shared_decision_org_id"))

    op.drop_table("shared_decision")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_state"))
        batch_op.drop_index(batch_op.f("ix_referral_person_id"))
        batch_op.drop_index(batch_op.f("ix_referral_org_id"))

    op.drop_table("referral")
    with op.batch_alter_table("outcome_measure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcome_measure_person_id"))
        batch_op.drop_index(batch_op.f("ix_outcome_measure_org_id"))

    op.drop_table("outcome_measure")
    with op.batch_alter_table("health_budget", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_health_budget_person_id"))
        batch_op.drop_index(batch_op.f("ix_health_budget_org_id"))

    op.drop_table("health_budget")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_person_id"))
        batch_op.drop_index(batch_op.f("ix_follow_up_org_id"))
        batch_op.drop_index(batch_op.f("ix_follow_up_due_on"))

    op.drop_table("follow_up")
    with op.batch_alter_table("dir_schedule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dir_schedule_service_id"))
        batch_op.drop_index(batch_op.f("ix_dir_schedule_org_id"))

    op.drop_table("dir_schedule")
    with op.batch_alter_table("dir_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dir_contact_service_id"))
        batch_op.drop_index(batch_op.f("ix_dir_contact_org_id"))

    op.drop_table("dir_contact")
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_person_id"))
        batch_op.drop_index(batch_op.f("ix_consent_org_id"))

    op.drop_table("consent")
    with op.batch_alter_table("community_connection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_community_connection_service_id"))
        batch_op.drop_index(batch_op.f("ix_community_connection_person_id"))
        batch_op.drop_index(batch_op.f("ix_community_connection_org_id"))

    op.drop_table("community_connection")
    with op.batch_alter_table("care_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_care_plan_person_id"))
        batch_op.drop_index(batch_op.f("ix_care_plan_org_id"))

    op.drop_table("care_plan")
    with op.batch_alter_table("about_me", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_about_me_person_id"))
        batch_op.drop_index(batch_op.f("ix_about_me_org_id"))

    op.drop_table("about_me")
    with op.batch_alter_table("service_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_note_service_id"))
        batch_op.drop_index(batch_op.f("ix_service_note_org_id"))

    op.drop_table("service_note")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_team_id"))
        batch_op.drop_index(batch_op.f("ix_person_org_id"))
        batch_op.drop_index(batch_op.f("ix_person_nhs_number"))
        batch_op.drop_index(batch_op.f("ix_person_key_worker_id"))
        batch_op.drop_index(batch_op.f("ix_person_given_name"))
        batch_op.drop_index(batch_op.f("ix_person_family_name"))

    op.drop_table("person")
    with op.batch_alter_table("dir_service_at_location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dir_service_at_location_service_id"))
        batch_op.drop_index(batch_op.f("ix_dir_service_at_location_org_id"))
        batch_op.drop_index(batch_op.f("ix_dir_service_at_location_location_id"))

    op.drop_table("dir_service_at_location")
    with op.batch_alter_table("dir_service_area", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dir_service_area_service_id"))
        batch_op.drop_index(batch_op.f("ix_dir_service_area_org_id"))

    op.drop_table("dir_service_area")
    with op.batch_alter_table("dir_cost_option", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dir_cost_option_service_id"))
        batch_op.drop_index(batch_op.f("ix_dir_cost_option_org_id"))

    op.drop_table("dir_cost_option")
    with op.batch_alter_table("dir_address", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dir_address_postal_code"))
        batch_op.drop_index(batch_op.f("ix_dir_address_org_id"))
        batch_op.drop_index(batch_op.f("ix_dir_address_location_id"))

    op.drop_table("dir_address")
    with op.batch_alter_table("dir_accessibility", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dir_accessibility_org_id"))
        batch_op.drop_index(batch_op.f("ix_dir_accessibility_location_id"))

    op.drop_table("dir_accessibility")
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_worker_id"))
        batch_op.drop_index(batch_op.f("ix_device_org_id"))

    op.drop_table("device")
    with op.batch_alter_table("worker", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_worker_username"))
        batch_op.drop_index(batch_op.f("ix_worker_team_id"))
        batch_op.drop_index(batch_op.f("ix_worker_org_id"))

    op.drop_table("worker")
    with op.batch_alter_table("dir_service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dir_service_organization_id"))
        batch_op.drop_index(batch_op.f("ix_dir_service_org_id"))
        batch_op.drop_index(batch_op.f("ix_dir_service_name"))

    op.drop_table("dir_service")
    with op.batch_alter_table("dir_location", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dir_location_organization_id"))
        batch_op.drop_index(batch_op.f("ix_dir_location_org_id"))

    op.drop_table("dir_location")
    with op.batch_alter_table("dir_attribute", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dir_attribute_taxonomy_term_id"))
        batch_op.drop_index(batch_op.f("ix_dir_attribute_org_id"))
        batch_op.drop_index(batch_op.f("ix_dir_attribute_link_id"))

    op.drop_table("dir_attribute")
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_org_id"))

    op.drop_table("team")
    op.drop_table("sync_state")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_entity_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_entity"))

    op.drop_table("outbox")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_org_id"))

    op.drop_table("organisation")
    with op.batch_alter_table("dir_taxonomy_term", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dir_taxonomy_term_org_id"))
        batch_op.drop_index(batch_op.f("ix_dir_taxonomy_term_code"))

    op.drop_table("dir_taxonomy_term")
    with op.batch_alter_table("dir_organization", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dir_organization_org_id"))
        batch_op.drop_index(batch_op.f("ix_dir_organization_name"))

    op.drop_table("dir_organization")
    with op.batch_alter_table("conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_entity_id"))

    op.drop_table("conflict")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_org_id"))
        batch_op.drop_index(batch_op.f("ix_audit_event_entity_id"))
        batch_op.drop_index(batch_op.f("ix_audit_event_at"))

    op.drop_table("audit_event")
