"""The real program, as the start-up benchmark runs it: it opens the window and ends by itself."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, PYTHON, subprocess_env


@pytest.mark.slow
def test_quit_when_shown_opens_the_window_and_exits_cleanly(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = subprocess_env(tmp_path, LINKWORKER_HOME=str(home), LINKWORKER_PASSPHRASE=PASSPHRASE)
    init = subprocess.run(
        [PYTHON, "-m", "linkworker", "init"], env=env, capture_output=True, text=True, timeout=120
    )
    assert init.returncode == 0, init.stderr
    add = [PYTHON, "-m", "linkworker", "add-person", "--given", "Zebedee", "--family", "Quill"]
    assert subprocess.run(add, env=env, capture_output=True, timeout=120).returncode == 0

    del env["LINKWORKER_PASSPHRASE"]  # the window must open from the keyring alone

    # As the start-up benchmark times it: the window is up, before the store is even loaded.
    shown = _run_app(dict(env, LINKWORKER_QUIT_WHEN_SHOWN="1"))
    assert "unlocked" not in shown

    # Ready: unlocked from the keyring and the caseload read, then it ends by itself.
    ready = _run_app(dict(env, LINKWORKER_QUIT_WHEN_READY="1"))
    assert "unlocked with the keyring" in ready
    assert "Zebedee" not in ready


def _run_app(env: dict[str, str]) -> str:
    """Run the app to its end; return what it logged this time (never personal data)."""
    log_file = Path(env["LINKWORKER_HOME"]) / "logs" / "linkworker.log"
    before = log_file.read_text() if log_file.exists() else ""
    run = subprocess.run(
        [PYTHON, "-m", "linkworker"], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == ""
    assert "Zebedee" not in run.stderr
    return log_file.read_text()[len(before) :]
