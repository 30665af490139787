"""Organisations, teams, workers and devices: created by administrators, used to sign in.

Passwords are kept only as Argon2id hashes. Device tokens are 256 random bits, given to the laptop
once and kept here only as their SHA-256 (a fast hash is right for a random secret of that size:
there is nothing to guess). Every change is mirrored into the synced records, so laptops learn
the organisation's teams, workers and devices by pulling.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, func, select, update

from linkworker.server import tables as t
from linkworker.server.records import Caller, server_write, utcnow
from linkworker.store.tables.base import new_id
from linkworker.sync.protocol import ROLES, EnrolResponse

ALL_TEAM_ROLES = frozenset({"manager", "administrator"})
MIN_PASSWORD = 10


class AdminError(ValueError):
    """An administrator's request that cannot be done; the message says why."""


class SignInRefused(Exception):
    """Wrong username or password, or an inactive account (never says which)."""


class DeviceRefused(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


@cache
def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=2)


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


def check_password(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


_DUMMY_HASH: list[str] = []


def _dummy_check(password: str) -> None:
    """Spend the same time on an unknown username as on a wrong password."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(hash_password(secrets.token_urlsafe(16)))
    check_password(_DUMMY_HASH[0], password)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------------------ administration


def init_org(conn: Connection, name: str, ods_code: str | None = None) -> str:
    name = name.strip()
    if not name:
        raise AdminError("Give the organisation a name.")
    org_id = new_id()
    conn.execute(
        t.organisation.insert().values(
            id=org_id, name=name, ods_code=ods_code, last_seq=0, created_at=utcnow()
        )
    )
    server_write(conn, org_id, [("organisation", org_id, {"name": name, "ods_code": ods_code})])
    return org_id


def find_org(conn: Connection, name_or_id: str) -> str:
    rows = conn.execute(
        select(t.organisation.c.id).where(
            (t.organisation.c.id == name_or_id) | (t.organisation.c.name == name_or_id)
        )
    ).all()
    if not rows:
        raise AdminError(f"There is no organisation called '{name_or_id}'.")
    if len(rows) > 1:
        raise AdminError(f"More than one organisation is called '{name_or_id}'; use its id.")
    return str(rows[0][0])


def add_team(conn: Connection, org_id: str, name: str) -> str:
    name = name.strip()
    if not name:
        raise AdminError("Give the team a name.")
    clash = conn.execute(
        select(t.team.c.id).where(t.team.c.org_id == org_id, t.team.c.name == name)
    ).first()
    if clash:
        raise AdminError(f"The organisation already has a team called '{name}'.")
    team_id = new_id()
    conn.execute(t.team.insert().values(id=team_id, org_id=org_id, name=name, created_at=utcnow()))
    server_write(conn, org_id, [("team", team_id, {"name": name})])
    return team_id


def find_team(conn: Connection, org_id: str, name_or_id: str) -> str:
    row = conn.execute(
        select(t.team.c.id).where(
            t.team.c.org_id == org_id, (t.team.c.id == name_or_id) | (t.team.c.name == name_or_id)
        )
    ).first()
    if row is None:
        raise AdminError(f"The organisation has no team called '{name_or_id}'.")
    return str(row[0])


def add_worker(
    conn: Connection,
    org_id: str,
    username: str,
    display_name: str,
    role: str,
    password: str,
    team_id: str | None,
) -> str:
    username = username.strip().lower()
    if not username or len(username) > 128 or any(c.isspace() for c in username):
        raise AdminError("A username is one word, at most 128 characters.")
    if role not in ROLES:
        raise AdminError(f"The role must be one of: {', '.join(ROLES)}.")
    if len(password) < MIN_PASSWORD:
        raise AdminError(f"The password must be at least {MIN_PASSWORD} characters long.")
    if team_id is None and role not in ALL_TEAM_ROLES:
        raise AdminError(f"A {role} belongs to a team: give --team.")
    taken = conn.execute(select(t.account.c.id).where(t.account.c.username == username)).first()
    if taken:
        raise AdminError(f"The username '{username}' is taken.")
    worker_id = new_id()
    conn.execute(
        t.account.insert().values(
            id=worker_id, org_id=org_id, team_id=team_id, username=username,
            display_name=display_name.strip() or username, role=role,
            password_hash=hash_password(password), active=True, created_at=utcnow(),
        )
    )  # fmt: skip
    server_write(
        conn, org_id,
        [("worker", worker_id, {
            "team_id": team_id, "username": username, "display_name": display_name.strip(),
            "role": role, "active": True,
        })],
    )  # fmt: skip
    return worker_id


@dataclass(frozen=True)
class DeviceInfo:
    device_id: str
    name: str
    username: str
    enrolled_at: dt.datetime
    last_seen_at: dt.datetime | None
    revoked_at: dt.datetime | None


def list_devices(conn: Connection, org_id: str) -> list[DeviceInfo]:
    d, a = t.device.c, t.account.c
    rows = conn.execute(
        select(d.id, d.name, a.username, d.enrolled_at, d.last_seen_at, d.revoked_at)
        .join(t.account, a.id == d.worker_id)
        .where(d.org_id == org_id)
        .order_by(d.enrolled_at)
    ).all()
    return [DeviceInfo(*row) for row in rows]


def revoke_device(conn: Connection, org_id: str, device_id: str) -> None:
    row = conn.execute(
        select(t.device.c.revoked_at).where(t.device.c.id == device_id, t.device.c.org_id == org_id)
    ).first()
    if row is None:
        raise AdminError(f"The organisation has no device '{device_id}' (see list-devices).")
    if row[0] is not None:
        raise AdminError("That device was revoked already.")
    now = utcnow()
    conn.execute(update(t.device).where(t.device.c.id == device_id).values(revoked_at=now))
    server_write(conn, org_id, [("device", device_id, {"revoked_at": now.isoformat()})])


# ---------------------------------------------------------------------------- sign in and use


def enrol(
    conn: Connection, username: str, password: str, device_id: str, device_name: str
) -> EnrolResponse:
    """Check the password and give this laptop a device token (a new one on re-enrolment)."""
    a = t.account.c
    row = conn.execute(select(t.account).where(a.username == username.strip().lower())).first()
    if row is None:
        _dummy_check(password)
        raise SignInRefused()
    acct = row._mapping
    if not check_password(acct["password_hash"], password) or not acct["active"]:
        raise SignInRefused()
    existing = conn.execute(select(t.device).where(t.device.c.id == device_id)).first()
    if existing is not None:
        dev = existing._mapping
        if dev["revoked_at"] is not None:
            raise DeviceRefused(
                "device_revoked", "This laptop was revoked by an administrator; it cannot enrol."
            )
        if dev["org_id"] != acct["org_id"] or dev["worker_id"] != acct["id"]:
            raise DeviceRefused(
                "device_taken",
                "This laptop is enrolled for another worker. Ask your administrator.",
            )
    token = secrets.token_urlsafe(32)
    now = utcnow()
    if existing is None:
        conn.execute(
            t.device.insert().values(
                id=device_id, org_id=acct["org_id"], worker_id=acct["id"], name=device_name,
                token_hash=token_hash(token), enrolled_at=now,
            )
        )  # fmt: skip
    else:
        conn.execute(
            update(t.device)
            .where(t.device.c.id == device_id)
            .values(token_hash=token_hash(token), name=device_name, enrolled_at=now)
        )
    server_write(
        conn, acct["org_id"],
        [("device", device_id, {
            "worker_id": acct["id"], "name": device_name, "enrolled_at": now.isoformat(),
            "revoked_at": None,
        })],
    )  # fmt: skip
    org_name = conn.execute(
        select(t.organisation.c.name).where(t.organisation.c.id == acct["org_id"])
    ).scalar_one()
    return EnrolResponse(
        device_id=device_id, token=token, org_id=acct["org_id"], org_name=org_name,
        worker_id=acct["id"], worker_name=acct["display_name"], team_id=acct["team_id"],
        role=acct["role"],
    )  # fmt: skip


def authenticate(conn: Connection, token: str) -> Caller:
    """The caller behind a device token, or ``DeviceRefused`` saying why not."""
    d, a = t.device.c, t.account.c
    row = conn.execute(
        select(d.id, d.org_id, d.revoked_at, a.id, a.team_id, a.role, a.active)
        .join(t.account, a.id == d.worker_id)
        .where(d.token_hash == token_hash(token))
    ).first()
    if row is None:
        raise DeviceRefused(
            "unknown_token", "This laptop is not enrolled with this server. Connect it again."
        )
    device_id, org_id, revoked_at, worker_id, team_id, role, active = row
    if revoked_at is not None:
        raise DeviceRefused(
            "device_revoked",
            "This laptop was removed from Linkworker by an administrator. Its local data will "
            "be wiped.",
        )
    if not active:
        raise DeviceRefused("worker_inactive", "This worker's account is no longer active.")
    return Caller(org_id, device_id, worker_id, team_id, all_teams=role in ALL_TEAM_ROLES)


def org_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(t.organisation)).scalar_one())
