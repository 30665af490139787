"""The directory of community groups and services, after Open Referral UK (HSDS 3.0 UK profile).

Field names follow the standard's so that import and export map one to one. Local additions:
worker notes on a service (``ServiceNote``); referral figures are computed from our own records.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field

from linkworker.store.tables.base import Synced


class DirOrganization(Synced, table=True):
    __tablename__ = "dir_organization"
    name: str = Field(index=True)
    alternate_name: str | None = None
    description: str | None = None
    email: str | None = None
    website: str | None = None
    legal_status: str | None = None
    logo: str | None = None
    uri: str | None = None
    parent_organization_id: str | None = None


class DirService(Synced, table=True):
    __tablename__ = "dir_service"
    organization_id: str | None = Field(default=None, foreign_key="dir_organization.id", index=True)
    name: str = Field(index=True)
    alternate_name: str | None = None
    description: str | None = None
    url: str | None = None
    email: str | None = None
    status: str = "active"  # active, inactive, defunct, temporarily closed
    interpretation_services: str | None = None
    application_process: str | None = None
    fees_description: str | None = None
    eligibility_description: str | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    assured_date: dt.date | None = None
    assurer_email: str | None = None
    alert: str | None = None
    last_modified: dt.datetime | None = None


class DirLocation(Synced, table=True):
    __tablename__ = "dir_location"
    organization_id: str | None = Field(default=None, foreign_key="dir_organization.id", index=True)
    location_type: str = "physical"  # physical, postal, virtual
    url: str | None = None
    name: str | None = None
    description: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class DirAddress(Synced, table=True):
    __tablename__ = "dir_address"
    location_id: str = Field(foreign_key="dir_location.id", index=True)
    attention: str | None = None
    address_1: str
    address_2: str | None = None
    city: str | None = None
    region: str | None = None
    state_province: str | None = None
    postal_code: str | None = Field(default=None, index=True)
    country: str = "GB"
    address_type: str = "physical"


class DirServiceAtLocation(Synced, table=True):
    __tablename__ = "dir_service_at_location"
    service_id: str = Field(foreign_key="dir_service.id", index=True)
    location_id: str = Field(foreign_key="dir_location.id", index=True)
    description: str | None = None


class DirSchedule(Synced, table=True):
    """When a service runs, in RFC 5545 RRULE fields."""

    __tablename__ = "dir_schedule"
    service_id: str | None = Field(default=None, foreign_key="dir_service.id", index=True)
    location_id: str | None = Field(default=None, foreign_key="dir_location.id")
    # Indexed (migration 0005): the directory search finds a service's schedules through it.
    service_at_location_id: str | None = Field(
        default=None, foreign_key="dir_service_at_location.id", index=True
    )
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    dtstart: dt.date | None = None
    until: dt.date | None = None
    freq: str | None = None  # WEEKLY, MONTHLY
    interval: int | None = None
    byday: str | None = None  # e.g. "MO,WE"
    bymonthday: str | None = None
    opens_at: dt.time | None = None
    closes_at: dt.time | None = None
    description: str | None = None
    attending_type: str | None = None
    notes: str | None = None


class DirCostOption(Synced, table=True):
    __tablename__ = "dir_cost_option"
    service_id: str = Field(foreign_key="dir_service.id", index=True)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    option: str | None = None
    currency: str = "GBP"
    amount: float | None = None
    amount_description: str | None = None


class DirContact(Synced, table=True):
    __tablename__ = "dir_contact"
    organization_id: str | None = Field(default=None, foreign_key="dir_organization.id")
    service_id: str | None = Field(default=None, foreign_key="dir_service.id", index=True)
    service_at_location_id: str | None = Field(
        default=None, foreign_key="dir_service_at_location.id"
    )
    location_id: str | None = Field(default=None, foreign_key="dir_location.id")
    name: str | None = None
    title: str | None = None
    department: str | None = None
    email: str | None = None


class DirPhone(Synced, table=True):
    __tablename__ = "dir_phone"
    location_id: str | None = Field(default=None, foreign_key="dir_location.id")
    service_id: str | None = Field(default=None, foreign_key="dir_service.id", index=True)
    organization_id: str | None = Field(default=None, foreign_key="dir_organization.id")
    contact_id: str | None = Field(default=None, foreign_key="dir_contact.id")
    service_at_location_id: str | None = Field(
        default=None, foreign_key="dir_service_at_location.id"
    )
    number: str
    extension: str | None = None
    type: str | None = None  # voice, text, fax, textphone
    description: str | None = None


class DirAccessibility(Synced, table=True):
    __tablename__ = "dir_accessibility"
    location_id: str = Field(foreign_key="dir_location.id", index=True)
    description: str | None = None
    details: str | None = None
    url: str | None = None


class DirLanguage(Synced, table=True):
    __tablename__ = "dir_language"
    service_id: str | None = Field(default=None, foreign_key="dir_service.id", index=True)
    location_id: str | None = Field(default=None, foreign_key="dir_location.id")
    phone_id: str | None = Field(default=None, foreign_key="dir_phone.id")
    name: str | None = None
    code: str | None = None
    note: str | None = None


class DirServiceArea(Synced, table=True):
    __tablename__ = "dir_service_area"
    service_id: str | None = Field(default=None, foreign_key="dir_service.id", index=True)
    name: str | None = None
    description: str | None = None
    extent: str | None = None
    extent_type: str | None = None
    uri: str | None = None


class DirTaxonomyTerm(Synced, table=True):
    __tablename__ = "dir_taxonomy_term"
    code: str | None = Field(default=None, index=True)
    name: str
    description: str | None = None
    parent_id: str | None = Field(default=None, foreign_key="dir_taxonomy_term.id")
    taxonomy: str | None = None
    language: str | None = None
    term_uri: str | None = None


class DirAttribute(Synced, table=True):
    """Links a taxonomy term to any directory row (``link_type`` names the table)."""

    __tablename__ = "dir_attribute"
    link_id: str = Field(index=True)
    link_type: str | None = None
    link_entity: str  # service, organization, location, ...
    taxonomy_term_id: str = Field(foreign_key="dir_taxonomy_term.id", index=True)
    value: str | None = None
    label: str | None = None


class ServiceNote(Synced, table=True):
    """A worker's own note on a service ("ask for Sam", "step-free side door")."""

    __tablename__ = "service_note"
    service_id: str = Field(foreign_key="dir_service.id", index=True)
    worker_id: str | None = Field(default=None, foreign_key="worker.id")
    text: str
