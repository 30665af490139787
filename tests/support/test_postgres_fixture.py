"""The PostgreSQL fixtures: a fresh database per test, really PostgreSQL, really dropped after."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.postgres import database_names, fresh_database, libpq_conninfo


def test_pg_url_is_a_fresh_postgresql_database(pg_url: str) -> None:
    engine = create_engine(pg_url)
    try:
        with engine.begin() as conn:
            version = conn.execute(text("select version()")).scalar_one()
            assert version.startswith("PostgreSQL ")
            assert conn.execute(text("select current_database()")).scalar_one() == (
                make_url(pg_url).database
            )
            tables = conn.execute(
                text("select count(*) from pg_tables where schemaname = 'public'")
            ).scalar_one()
            assert tables == 0
            conn.execute(text("create table note (id serial primary key, body text not null)"))
            conn.execute(text("insert into note (body) values ('walk on Tuesday')"))
        with engine.connect() as conn:
            assert conn.execute(text("select body from note")).scalars().all() == [
                "walk on Tuesday"
            ]
    finally:
        engine.dispose()


def test_the_database_is_dropped_even_with_a_connection_left_open(pg_admin_url: str) -> None:
    with fresh_database(pg_admin_url) as url:
        name = make_url(url).database
        assert name is not None
        assert name in database_names(pg_admin_url)
        left_open = psycopg.connect(libpq_conninfo(url))
        left_open.execute("create table t (x int)")
    try:
        assert name not in database_names(pg_admin_url)
        with pytest.raises(psycopg.OperationalError):
            left_open.execute("select 1")
    finally:
        left_open.close()


def test_server_db_url_names_both_backends(server_db_url: str) -> None:
    backend = make_url(server_db_url).get_backend_name()
    assert backend in {"sqlite", "postgresql"}
    engine = create_engine(server_db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("select 1")).scalar_one() == 1
    finally:
        engine.dispose()
