"""Organisation, team, worker and device: who holds the record and on which laptop."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field

from linkworker.store.tables.base import Synced


class Organisation(Synced, table=True):
    __tablename__ = "organisation"
    name: str
    ods_code: str | None = None


class Team(Synced, table=True):
    __tablename__ = "team"
    name: str


class Worker(Synced, table=True):
    __tablename__ = "worker"
    team_id: str | None = Field(default=None, foreign_key="team.id", index=True)
    username: str = Field(index=True)
    display_name: str
    role: str = "link worker"  # link worker, health coach, practice staff, manager, administrator
    active: bool = True


class Device(Synced, table=True):
    __tablename__ = "device"
    worker_id: str | None = Field(default=None, foreign_key="worker.id", index=True)
    name: str
    enrolled_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
