"""The real program, as a benchmark starts it: it opens the window and ends by itself."""

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
    env["LINKWORKER_QUIT_WHEN_SHOWN"] = "1"
    run = subprocess.run(
        [PYTHON, "-m", "linkworker"], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert "Zebedee" not in run.stdout + run.stderr
    assert run.stdout == ""
    log = (home / "logs" / "linkworker.log").read_text()
    assert "unlocked with the keyring" in log
    assert "Zebedee" not in log
