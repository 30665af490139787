"""The log folder may be sent to support: no name or NHS number may ever reach it."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from linkworker.logs import log_bug, safe_traceback, setup_logging
from linkworker.paths import Paths
from tests.conftest import PASSPHRASE, PYTHON, subprocess_env
from tests.support.files import every_file, files_containing

GIVEN, FAMILY, NHS_NUMBER = "Zephyrine", "Quillfeather", "9434765919"
PERSONAL = (GIVEN.encode(), FAMILY.encode(), NHS_NUMBER.encode(), b"943 476 5919")


def linkworker(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "linkworker", *args],
        env=subprocess_env(tmp_path, **env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_working_with_a_person_leaves_no_trace_of_them_in_the_logs(
    tmp_path: Path, paths: Paths
) -> None:
    person = ["--given", GIVEN, "--family", FAMILY, "--nhs-number", "943 476 5919"]
    assert linkworker(tmp_path, "init", LINKWORKER_PASSPHRASE=PASSPHRASE).returncode == 0
    added = linkworker(tmp_path, "add-person", *person, "--postcode", "SW1A 1AA")
    assert added.returncode == 0, added.stderr
    listed = linkworker(tmp_path, "list-people", "--prefix", FAMILY)
    assert GIVEN in listed.stdout

    # Commands that fail, with the person's details in their arguments.
    refused = linkworker(tmp_path, "add-person", *person, "--dob", "31/12/2999")
    assert refused.returncode == 2
    locked_out = linkworker(
        tmp_path, "add-person", *person,
        LINKWORKER_PASSPHRASE="not the passphrase at all",
        LINKWORKER_TEST_KEYRING_FILE=str(tmp_path / "another-keyring.json"),
    )  # fmt: skip
    assert locked_out.returncode == 1

    logged = "".join(p.read_text() for p in every_file(paths.log_dir))
    assert f"person added: {added.stdout.strip()}" in logged  # the logs do record the work...
    assert "WrongPassphrase" in logged
    assert files_containing(paths.log_dir, *PERSONAL) == []  # ...but never who it was about


@pytest.fixture
def app_logging(paths: Paths) -> Iterator[logging.Handler]:
    """The app's logging set up in this process, and taken down again after the test."""
    handler = setup_logging(paths)
    yield handler
    logging.getLogger().removeHandler(handler)
    handler.close()


@pytest.mark.usefixtures("app_logging")
def test_the_log_file_is_private_to_the_user(paths: Paths) -> None:
    assert paths.log_file.stat().st_mode & 0o077 == 0
    assert paths.log_dir.stat().st_mode & 0o077 == 0


def _fail_with_personal_data() -> None:
    try:
        {}[f"{GIVEN} {FAMILY}"]
    except KeyError as exc:
        raise ValueError(f"could not save {GIVEN} {FAMILY}, NHS number {NHS_NUMBER}") from exc


def test_a_safe_traceback_says_where_but_not_what(tmp_path: Path) -> None:
    with pytest.raises(ValueError) as caught:
        _fail_with_personal_data()
    report = safe_traceback(caught.type, caught.value, caught.tb)

    assert GIVEN in str(caught.value)  # the message itself does carry the name...
    for secret in (GIVEN, FAMILY, NHS_NUMBER):
        assert secret not in report  # ...the report does not
    assert "builtins.ValueError (message withheld)" in report
    assert "caused by:\nbuiltins.KeyError (message withheld)" in report
    assert f"{__file__}:" in report
    assert "_fail_with_personal_data" in report


def test_an_unexpected_error_is_logged_without_its_message(
    paths: Paths, app_logging: logging.Handler
) -> None:
    with pytest.raises(ValueError) as caught:
        _fail_with_personal_data()
    log_bug(logging.getLogger("linkworker"), caught.value)
    app_logging.flush()

    logged = paths.log_file.read_text()
    assert "unexpected error" in logged
    assert "_fail_with_personal_data" in logged
    assert files_containing(paths.log_dir, *PERSONAL) == []
