"""Errors the user can do something about, each with a plain message and what to do next.

``EnvironmentFault`` means the computer or the files are at fault (wrong passphrase, disk full,
damaged file): the app shows the message and carries on. Anything else is our bug: it is logged
(without personal data) and reported in an error dialog.
"""

from __future__ import annotations

from pathlib import Path


class EnvironmentFault(Exception):
    """A fault outside the code. ``message`` says what happened, ``advice`` what to do."""

    title = "Linkworker cannot continue"
    advice = ""

    def __init__(self, message: str, advice: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if advice is not None:
            self.advice = advice

    def __str__(self) -> str:
        return f"{self.message} {self.advice}".strip()


class CannotUnlock(EnvironmentFault):
    title = "Cannot unlock"
    advice = "Check the passphrase and try again. Nothing has been changed."


class WrongPassphrase(CannotUnlock):
    def __init__(self) -> None:
        super().__init__("That passphrase does not unlock this database.")


class KeyFileMissing(CannotUnlock):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The key file {path} is missing, and the key is not in this computer's keyring.",
            "Restore the key file from your backup, or ask your administrator. "
            "The database has not been touched.",
        )


class KeyFileDamaged(CannotUnlock):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"The key file {path} is damaged ({detail}).",
            "Restore it from your backup, or ask your administrator. "
            "The database has not been touched.",
        )


class KeyMismatch(CannotUnlock):
    def __init__(self) -> None:
        super().__init__(
            "The key does not open this database: the database file may be damaged or belong "
            "to another key file.",
            "Restore the database or the key file from your backup. Nothing has been changed.",
        )


class PassphraseNeeded(CannotUnlock):
    """Scripted use with no key in the keyring and no passphrase given."""

    def __init__(self, env_name: str) -> None:
        super().__init__(
            "The database key is not in this computer's keyring and no passphrase was given.",
            f"Set {env_name} for scripted use, or type the passphrase when asked.",
        )


class DatabaseMissing(EnvironmentFault):
    title = "Database missing"

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"The database file {path} is missing, though its key file is there.",
            "Restore the database from your backup, or ask your administrator. The key file has "
            "not been touched, and no empty database was made in its place.",
        )


class AlreadySetUp(EnvironmentFault):
    title = "Already set up"

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"A Linkworker database already exists at {path}.",
            "Unlock it instead; nothing was overwritten.",
        )


class NotSetUp(EnvironmentFault):
    title = "Not set up"

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"There is no Linkworker database at {path} yet.",
            "Run 'linkworker init' or start the app to create one.",
        )


class WeakPassphrase(EnvironmentFault):
    title = "Choose a longer passphrase"


class DatabaseTooNew(EnvironmentFault):
    title = "Database is newer than this app"

    def __init__(self, revision: str) -> None:
        super().__init__(
            f"This database was written by a newer version of Linkworker (schema {revision}).",
            "Install the latest version of Linkworker. The database has not been changed.",
        )


class DatabaseDamaged(EnvironmentFault):
    title = "Database damaged"
    advice = "Restore the database from the backups folder or ask your administrator."


class DiskFull(EnvironmentFault):
    title = "Disk full"
    advice = (
        "Free some disk space, then try again. "
        "Your last change was not saved; earlier work is safe."
    )


class DatabaseBusy(EnvironmentFault):
    title = "Database busy"
    advice = "Another copy of Linkworker may be open. Close it, then try again."


class DatabaseUnavailable(EnvironmentFault):
    title = "Database unavailable"
    advice = "Check the folder exists and you may write to it, then try again."


def classify(exc: BaseException) -> EnvironmentFault | None:
    """Map a database driver error to an EnvironmentFault, or None when it looks like our bug."""
    import sqlite3

    import sqlcipher3  # here, not at the top: the window imports this module before it shows

    orig = getattr(exc, "orig", None) or exc
    if not isinstance(orig, sqlite3.Error | sqlcipher3.Error):
        if isinstance(orig, OSError):
            if orig.errno == 28:
                return DiskFull("The disk is full.")
            return DatabaseUnavailable(f"The database files cannot be reached ({orig.strerror}).")
        return None
    text = str(orig).lower()
    if "disk is full" in text or "disk full" in text:
        return DiskFull("The disk is full.")
    if "locked" in text or "busy" in text:
        return DatabaseBusy("The database is in use by another program.")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseDamaged("The database file is damaged or cannot be decrypted.")
    if "readonly" in text or "read-only" in text or "unable to open" in text or "disk i/o" in text:
        return DatabaseUnavailable("The database file cannot be written or opened.")
    return None
