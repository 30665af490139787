"""The server and the laptop template the fleet's tests share (``fleet.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from linkworker.server.app import create_app
from linkworker.server.db import create_server_engine, migrate
from tests.sync.fleet import Templates


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    return Templates(tmp_path_factory.mktemp("templates"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Engine, TestClient]]:
    """One server database per module and kind (each fleet is its own organisation in it)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('server') / 'server.db'}"
        yield from _serve(url)
    else:
        from tests.support import postgres

        admin = postgres.admin_url_from_env()
        if admin is None:
            pytest.skip(postgres.SKIP_REASON)
        with postgres.fresh_database(admin) as url:
            yield from _serve(url)


def _serve(url: str) -> Iterator[tuple[Engine, TestClient]]:
    engine = create_server_engine(url)
    migrate(engine)
    with TestClient(create_app(engine)) as app:
        yield engine, app
    engine.dispose()
