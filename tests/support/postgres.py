"""PostgreSQL for tests: a fresh database per test on the server named in ``LINKWORKER_TEST_PG``.

``LINKWORKER_TEST_PG`` is a SQLAlchemy URL, ``postgresql+psycopg://USER:PASS@HOST:PORT/postgres``,
for a role with CREATEDB. ``.ci/run`` starts a throwaway server and sets it; locally,
``eval "$(tests/support/start_postgres.sh start)"`` does the same. Without it the PostgreSQL tests
skip, with the reason shown.

Fixtures (registered in ``tests/conftest.py``):

- ``pg_admin_url``: the URL from the environment, or a skip.
- ``pg_url``: a new, empty database for this test, dropped afterwards (even with connections open).
- ``server_db_url``: parametrized over SQLite and PostgreSQL, for server tests that run on both.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import URL, make_url

ENV_VAR = "LINKWORKER_TEST_PG"
SKIP_REASON = (
    "PostgreSQL tests need LINKWORKER_TEST_PG (a postgresql+psycopg:// URL with CREATEDB); "
    ".ci/run sets it up"
)
# Every database made in this session starts with this, so leftovers can be found.
DB_PREFIX = "lw_test_"
SESSION_TAG = uuid.uuid4().hex[:8]


def admin_url_from_env() -> str | None:
    return os.environ.get(ENV_VAR) or None


def libpq_conninfo(url: str | URL) -> str:
    """The libpq form (``postgresql://...``) of a SQLAlchemy URL, for psycopg itself."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def database_names(admin_url: str, prefix: str = DB_PREFIX) -> list[str]:
    pattern = prefix.replace("_", r"\_") + "%"
    with psycopg.connect(libpq_conninfo(admin_url), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s ORDER BY datname", (pattern,)
        ).fetchall()
    return [row[0] for row in rows]


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(libpq_conninfo(admin_url), autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
        conn.execute(f"DROP DATABASE IF EXISTS {_quote_ident(name)} WITH (FORCE)")


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """Create a uniquely named database, yield its SQLAlchemy URL, drop it afterwards."""
    name = f"{DB_PREFIX}{SESSION_TAG}_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(libpq_conninfo(admin_url), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {_quote_ident(name)}")
    except psycopg.OperationalError as exc:
        raise RuntimeError(
            f"{ENV_VAR} is set but its server cannot be reached or refuses CREATE DATABASE: {exc}"
        ) from exc
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        drop_database(admin_url, name)


@pytest.fixture
def pg_admin_url() -> str:
    url = admin_url_from_env()
    if url is None:
        pytest.skip(SKIP_REASON)
    return url


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    with fresh_database(pg_admin_url) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def server_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url
