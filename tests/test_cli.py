"""The command line, run for real in a subprocess, as an administrator or a script would."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

from linkworker import __version__
from tests.conftest import PASSPHRASE, PYTHON, subprocess_env

ZEPHYRINE = ["--given", "Zephyrine", "--family", "Quillfeather"]


def linkworker(
    tmp_path: Path, *args: str, passphrase: str | None = None, keyring_file: str | None = None
) -> subprocess.CompletedProcess[str]:
    extra = {}
    if passphrase is not None:
        extra["LINKWORKER_PASSPHRASE"] = passphrase
    if keyring_file is not None:
        extra["LINKWORKER_TEST_KEYRING_FILE"] = str(tmp_path / keyring_file)
    return subprocess.run(
        [PYTHON, "-m", "linkworker", *args],
        env=subprocess_env(tmp_path, **extra),
        stdin=subprocess.DEVNULL,  # never a terminal: nothing may wait for typing
        capture_output=True,
        text=True,
        timeout=60,
    )


def set_up(tmp_path: Path) -> None:
    done = linkworker(tmp_path, "init", passphrase=PASSPHRASE)
    assert done.returncode == 0, done.stderr


def test_version_is_printed(tmp_path: Path) -> None:
    done = linkworker(tmp_path, "--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"linkworker {__version__}"


def test_init_creates_an_encrypted_database_without_asking_anything(
    tmp_path: Path, isolated_home: Path
) -> None:
    done = linkworker(tmp_path, "init", passphrase=PASSPHRASE)
    assert done.returncode == 0, done.stderr
    assert "Created an encrypted database at" in done.stdout
    assert "keyring" in done.stdout  # says where the key is kept
    assert (isolated_home / "data" / "linkworker.db").exists()
    assert (isolated_home / "data" / "linkworker.key").exists()


def test_init_without_a_passphrase_explains_how_to_give_one(
    tmp_path: Path, isolated_home: Path
) -> None:
    done = linkworker(tmp_path, "init")
    assert done.returncode == 1
    assert "Set LINKWORKER_PASSPHRASE" in done.stderr
    assert not (isolated_home / "data" / "linkworker.db").exists()


def test_init_with_a_short_passphrase_is_refused(tmp_path: Path, isolated_home: Path) -> None:
    done = linkworker(tmp_path, "init", passphrase="short")
    assert done.returncode == 1
    assert "at least 10 characters" in done.stderr
    assert not (isolated_home / "data" / "linkworker.db").exists()


def test_init_twice_is_refused_and_overwrites_nothing(tmp_path: Path, isolated_home: Path) -> None:
    set_up(tmp_path)
    key_file = (isolated_home / "data" / "linkworker.key").read_bytes()
    done = linkworker(tmp_path, "init", passphrase="a different long passphrase")
    assert done.returncode == 1
    assert "already exists" in done.stderr
    assert (isolated_home / "data" / "linkworker.key").read_bytes() == key_file


def test_a_command_before_init_says_how_to_set_up(tmp_path: Path) -> None:
    done = linkworker(tmp_path, "list-people")
    assert done.returncode == 1
    assert "There is no Linkworker database" in done.stderr
    assert "linkworker init" in done.stderr


def test_adding_a_person_prints_their_new_id(tmp_path: Path) -> None:
    set_up(tmp_path)
    done = linkworker(
        tmp_path, "add-person", *ZEPHYRINE, "--nhs-number", "943 476 5919", "--dob", "04/09/1961"
    )
    assert done.returncode == 0, done.stderr
    new_id = done.stdout.strip()
    assert uuid.UUID(new_id).version == 7

    listed = linkworker(tmp_path, "list-people")
    assert listed.stdout.splitlines() == [
        f"{new_id}\tQuillfeather, Zephyrine\t943 476 5919\t1961-09-04\t-"
    ]


def test_an_invalid_nhs_number_is_refused_and_nothing_is_saved(tmp_path: Path) -> None:
    set_up(tmp_path)
    done = linkworker(tmp_path, "add-person", *ZEPHYRINE, "--nhs-number", "943 476 5918")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "nhs number: This is not a valid NHS number" in done.stderr
    assert "Nothing was saved." in done.stderr
    listed = linkworker(tmp_path, "list-people")
    assert listed.returncode == 0
    assert listed.stdout == ""


def test_every_wrong_field_is_named(tmp_path: Path) -> None:
    set_up(tmp_path)
    done = linkworker(
        tmp_path, "add-person", "--given", " ", "--family", "Quillfeather",
        "--postcode", "nowhere", "--dob", "31/02/1961",
    )  # fmt: skip
    assert done.returncode == 2
    assert "given name: Enter a name." in done.stderr
    assert "postcode: This does not look like a UK postcode" in done.stderr
    assert "date of birth: There is no such date" in done.stderr


def test_the_caseload_is_listed_one_person_a_line_in_name_order(tmp_path: Path) -> None:
    set_up(tmp_path)
    for given, family in [("Zephyrine", "Quillfeather"), ("Ada", "Okafor"), ("Bea", "Okafor")]:
        added = linkworker(tmp_path, "add-person", "--given", given, "--family", family)
        assert added.returncode == 0, added.stderr

    listed = linkworker(tmp_path, "list-people")
    assert listed.returncode == 0
    names = [line.split("\t")[1] for line in listed.stdout.splitlines()]
    assert names == ["Okafor, Ada", "Okafor, Bea", "Quillfeather, Zephyrine"]

    some = linkworker(tmp_path, "list-people", "--prefix", "quill")
    assert [line.split("\t")[1] for line in some.stdout.splitlines()] == ["Quillfeather, Zephyrine"]


def test_with_the_keyring_a_later_command_needs_no_passphrase(tmp_path: Path) -> None:
    set_up(tmp_path)
    added = linkworker(tmp_path, "add-person", *ZEPHYRINE)  # no LINKWORKER_PASSPHRASE
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip()


def test_without_the_keyring_a_wrong_passphrase_is_told_plainly(tmp_path: Path) -> None:
    set_up(tmp_path)
    done = linkworker(
        tmp_path, "add-person", *ZEPHYRINE,
        passphrase="not the passphrase at all", keyring_file="another-keyring.json",
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "linkworker: That passphrase does not unlock this database.",
        "Check the passphrase and try again. Nothing has been changed.",
    ]
    assert linkworker(tmp_path, "list-people").stdout == ""


def test_without_the_keyring_the_right_passphrase_unlocks(tmp_path: Path) -> None:
    set_up(tmp_path)
    done = linkworker(
        tmp_path, "add-person", *ZEPHYRINE,
        passphrase=PASSPHRASE, keyring_file="another-keyring.json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_without_the_keyring_or_a_passphrase_a_script_is_told_what_to_set(tmp_path: Path) -> None:
    set_up(tmp_path)
    done = linkworker(tmp_path, "list-people", keyring_file="another-keyring.json")
    assert done.returncode == 1
    assert "no passphrase was given" in done.stderr
    assert "Set LINKWORKER_PASSPHRASE" in done.stderr


def test_a_missing_argument_is_a_usage_error(tmp_path: Path) -> None:
    done = linkworker(tmp_path, "add-person", "--given", "Zephyrine")
    assert done.returncode == 2
    assert "--family" in done.stderr


def test_demo_data_loads_a_fictional_caseload_once(tmp_path: Path) -> None:
    set_up(tmp_path)
    done = linkworker(tmp_path, "demo-data", passphrase=PASSPHRASE)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Loaded a fictional caseload: 48 people, 48 referrals")
    listed = linkworker(tmp_path, "list-people", passphrase=PASSPHRASE).stdout.splitlines()
    assert len(listed) == 48
    assert all(
        line.split("\t")[2] == "-" or line.split("\t")[2].startswith("999") for line in listed
    )

    again = linkworker(tmp_path, "demo-data", passphrase=PASSPHRASE)
    assert again.returncode == 1
    assert "already has 48 people" in again.stderr and "separate LINKWORKER_HOME" in again.stderr
    assert len(linkworker(tmp_path, "list-people", passphrase=PASSPHRASE).stdout.splitlines()) == 48


def test_demo_data_refuses_a_silly_number_of_people(tmp_path: Path) -> None:
    set_up(tmp_path)
    done = linkworker(tmp_path, "demo-data", "--people", "0", passphrase=PASSPHRASE)
    assert done.returncode == 2
    assert "between 1 and 5,000" in done.stderr


DIRECTORY = Path(__file__).parent / "fixtures" / "directory"


def test_import_directory_prints_the_report_and_problems_do_not_fail_it(tmp_path: Path) -> None:
    set_up(tmp_path)
    done = linkworker(tmp_path, "import-directory", str(DIRECTORY / "broken.json"))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "Read broken.json (a page of services): 7 new services, 0 updated, 0 unchanged, 4 skipped."
    )
    assert "Problems: 14 errors, 4 warnings (record, field: what is wrong and what was done):" in (
        lines
    )
    assert (
        "  error    location 10c00000-0000-4000-8000-000000000084 in service "
        "5e000000-0000-4000-8000-000000000084: latitude: 123.4 is not a latitude (it must be "
        "between -90 and 90); the coordinates were left out" in lines
    )

    again = linkworker(tmp_path, "import-directory", str(DIRECTORY / "broken.json"))
    assert again.stdout.splitlines()[0].endswith(
        "0 new services, 0 updated, 7 unchanged, 4 skipped."
    )


def test_import_directory_reads_the_tabular_form(tmp_path: Path) -> None:
    set_up(tmp_path)
    done = linkworker(tmp_path, "import-directory", str(DIRECTORY / "tabular"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Read tabular (tabular data): 2 new services,")
    assert done.stdout.rstrip().endswith("No problems found.")


def test_import_directory_of_what_cannot_be_read_is_a_usage_error(tmp_path: Path) -> None:
    set_up(tmp_path)
    done = linkworker(tmp_path, "import-directory", str(DIRECTORY / "not_json.json"))
    assert done.returncode == 2
    assert done.stdout.splitlines() == [
        "Nothing was imported from not_json.json.",
        "Problems: 1 error, 0 warnings (record, field: what is wrong and what was done):",
        "  error    not_json.json: It is not JSON: it does not start with '{' or '['.",
    ]
    missing = linkworker(tmp_path, "import-directory", str(tmp_path / "nowhere.json"))
    assert missing.returncode == 2
    assert "there is no file or folder at" in missing.stderr


def test_export_directory_writes_what_imports_back_unchanged(tmp_path: Path) -> None:
    import json

    set_up(tmp_path)
    assert (
        linkworker(tmp_path, "import-directory", str(DIRECTORY / "contents_page.json")).returncode
        == 0
    )
    out = tmp_path / "directory.json"
    done = linkworker(tmp_path, "export-directory", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Exported 3 services to {out} (Open Referral UK JSON)."
    assert [s["name"] for s in json.loads(out.read_text())["contents"]] == [
        "Good Neighbours Befriending", "Wednesday Coffee Morning", "Beck Lane Growing Club",
    ]  # fmt: skip
    back = linkworker(tmp_path, "import-directory", str(out))
    assert back.stdout.splitlines()[0].endswith(
        "0 new services, 0 updated, 3 unchanged, 0 skipped."
    )

    nowhere = linkworker(tmp_path, "export-directory", str(tmp_path / "no" / "such" / "out.json"))
    assert nowhere.returncode == 2 and "there is no folder" in nowhere.stderr


def test_the_directory_commands_log_counts_only(tmp_path: Path, isolated_home: Path) -> None:
    set_up(tmp_path)
    linkworker(tmp_path, "import-directory", str(DIRECTORY / "one_service.json"))
    linkworker(tmp_path, "export-directory", str(tmp_path / "out.json"))
    log = (isolated_home / "logs" / "linkworker.log").read_text()
    assert "directory import: 1 new, 0 updated, 0 unchanged, 0 skipped; 0 problems" in log
    assert "directory exported: 1 services" in log
    assert "Health Walk" not in log and "5e000000" not in log


def test_a_report_nobody_reads_ends_quietly(tmp_path: Path) -> None:
    """``linkworker import-directory FILE | true``: the reader has gone before the report is
    written; the import is saved, and no error is printed, nor the exit code a failure."""
    set_up(tmp_path)
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c",
         f"'{PYTHON}' -m linkworker import-directory '{DIRECTORY / 'broken.json'}' | true"],
        env=subprocess_env(tmp_path), stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    again = linkworker(tmp_path, "import-directory", str(DIRECTORY / "broken.json"))
    assert "0 new services, 0 updated, 7 unchanged" in again.stdout.splitlines()[0]
