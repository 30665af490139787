"""The HTTP API fuzzed from its own OpenAPI document (schemathesis 4): no request, valid or not,
makes the server fail (no 5xx), and every answer matches the document.

Push and pull are called with a real device token, so generated batches and cursors reach the
merge and the change log rather than stopping at 401. Sign-in is not rate-limited here, so the
fuzzer's wrong passwords keep reaching the password check.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi import checks
from sqlalchemy import Engine, create_engine

from linkworker.server.app import create_app
from linkworker.server.ratelimit import SignInLimiter
from tests.server.conftest import World, build_world

EXAMPLES = 100
# Checks of how strictly requests are read, not of what the server answers, left out on purpose:
# the server answers another protocol version with a 400 that names it (the document allows
# any integer there, so "valid data rejected"), and pydantic's lax mode takes false as 0 for a
# version number ("invalid data accepted"). Both are the shared protocol models' choices.
LENIENT_ON_PURPOSE = [checks.positive_data_acceptance, checks.negative_data_rejection]
# Calls per operation and backend, and their statuses: checked and printed by the last test.
CALLS: Counter[str] = Counter()
STATUSES: dict[str, Counter[int]] = {}


@pytest.fixture
def fuzzed_world(server_engine: Engine) -> World:
    return build_world(server_engine, limiter=SignInLimiter(limit=10**9))


@pytest.fixture
def alice_token(fuzzed_world: World) -> str:
    return fuzzed_world.laptop(fuzzed_world.alice).token


# The document does not depend on the database, so it is read once, at collection, from an app
# over an unused in-memory engine; every call then goes to the test's own app (``app=``).
# (schemathesis.pytest.from_fixture would defer this, but it breaks under pytest 9.2: it sets
# the removed ``Node._nodeid``.)
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(create_engine("sqlite://")))


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    # One server per operation, its data growing over the examples, as a real server's would.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_no_request_makes_the_server_fail(case: Any, fuzzed_world: World, alice_token: str) -> None:
    response = case.call_and_validate(
        app=fuzzed_world.client.app,
        headers={"Authorization": f"Bearer {alice_token}"},
        excluded_checks=LENIENT_ON_PURPOSE,
    )
    method = case.method if case.method.upper() == case.operation.method.upper() else "(other)"
    label = f"{fuzzed_world.engine.dialect.name}: {method} {case.path}"
    CALLS[label] += 1
    STATUSES.setdefault(label, Counter())[response.status_code] += 1
    assert response.status_code < 500


def test_every_operation_was_fuzzed_at_least_100_times() -> None:
    """Runs after the fuzzing above (same module, in order); also prints the tallies (``-s``)."""
    if not CALLS:
        pytest.skip("run together with test_no_request_makes_the_server_fail")
    print()
    for label in sorted(CALLS):
        print(f"schemathesis {label}: {CALLS[label]} calls, statuses {dict(STATUSES[label])}")
    backends = {label.split(":")[0] for label in CALLS}
    for backend in backends:
        for operation in ("POST /v1/enrol", "POST /v1/push", "GET /v1/pull"):
            assert CALLS[f"{backend}: {operation}"] >= EXAMPLES, operation
