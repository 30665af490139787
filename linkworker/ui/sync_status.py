"""What the status bar says about sync, worked out from plain facts (no widgets, no database).

    snapshot = SyncSnapshot(phase=IDLE, waiting=0, last_synced=..., connected=True)
    describe(snapshot).text        -> "Up to date 14:02"
    conflicts_text(2)              -> "2 conflicts need you"

The texts never claim more than is known: "Up to date" only after a sync that worked and with
nothing waiting; otherwise what is waiting and why it has not gone yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("SyncStatus", text)


# The sync controller's phases.
OFF = "off"  # not connected to a server (or nothing unlocked)
IDLE = "idle"  # connected, and the last attempt worked (or none has been made yet)
SYNCING = "syncing"
OFFLINE = "offline"  # the server could not be reached; it is probed until it answers
TROUBLE = "trouble"  # the server failed or refused; tried again later
SIGN_IN = "sign_in"  # the server no longer knows this laptop's token
PAUSED = "paused"  # Linkworker is locked
REVOKED = "revoked"  # an administrator removed this laptop


@dataclass(frozen=True)
class SyncSnapshot:
    phase: str = OFF
    connected: bool = False
    waiting: int = 0  # local changes not yet on the server
    refused: int = 0  # changes the server refused for good, kept aside
    conflicts: int = 0  # guarded fields waiting for a person
    last_synced: dt.datetime | None = None  # UTC
    stage: str = ""  # while syncing: "push", "pull" or "index"
    done: int = 0
    total: int = 0
    problem: str = ""  # the last failure, as the person should read it


@dataclass(frozen=True)
class StatusText:
    text: str
    tooltip: str


def changes(n: int) -> str:
    if n == 1:
        return _tr("1 change")
    return _tr("{n} changes").format(n=f"{n:,}")


def when(moment: dt.datetime, now: dt.datetime | None = None) -> str:
    """A moment in local time: "14:02" today, "3 Mar 14:02" this year, else with the year."""
    local = moment.astimezone()
    today = (now or dt.datetime.now().astimezone()).astimezone()
    clock = f"{local:%H:%M}"
    if local.date() == today.date():
        return clock
    if local.year == today.year:
        return f"{local.day} {local:%b} {clock}"
    return f"{local.day} {local:%b %Y} {clock}"


def describe(s: SyncSnapshot, now: dt.datetime | None = None) -> StatusText:
    """The sync state in a few words, and a sentence more for the tooltip."""
    last = when(s.last_synced, now) if s.last_synced else ""
    kept = _tr("Everything is saved on this laptop.")
    if not s.connected or s.phase == REVOKED:
        return StatusText(
            _tr("Not connected to a server"),
            _tr(
                "Your records are kept on this laptop only. Settings › Connect to server… joins "
                "your organisation's Linkworker server, so they sync."
            ),
        )
    if s.phase == SIGN_IN:
        again = _tr("Choose Sign in again… to connect this laptop once more.")
        return StatusText(
            _tr("Not connected · sign in again"), " ".join(t for t in (s.problem, kept, again) if t)
        )
    if s.phase == PAUSED:
        return StatusText(
            _tr("Sync paused while locked"), _tr("Sync starts again once you unlock.")
        )
    if s.phase == SYNCING:
        if s.stage == "push":
            doing = _tr("Sending this laptop's changes to the server.")
        elif s.stage == "index":
            doing = _tr("Preparing the directory's new services for search.")
        else:
            doing = _tr("Receiving changes from the server.")
        if s.total > 0:
            if s.stage == "index":
                counted = _tr("Preparing search {done}/{total}")
            else:
                counted = _tr("Syncing {done}/{total}")
            text = counted.format(done=f"{min(s.done, s.total):,}", total=f"{s.total:,}")
            return StatusText(text, doing)
        return StatusText(_tr("Syncing…"), _tr("Talking to the server."))
    if s.phase == OFFLINE:
        tip = " ".join(
            (
                _tr("The server cannot be reached."),
                kept,
                _tr("Linkworker keeps trying and syncs as soon as the connection is back."),
            )
        )
        if s.waiting:
            return StatusText(
                _tr("Offline · {changes} waiting").format(changes=changes(s.waiting)), tip
            )
        if last:
            return StatusText(_tr("Offline · last synced {when}").format(when=last), tip)
        return StatusText(_tr("Offline"), tip)
    if s.phase == TROUBLE:
        tip = " ".join(t for t in (s.problem, kept, _tr("Linkworker will try again.")) if t)
        if s.waiting:
            text = _tr("Sync problem · {changes} waiting").format(changes=changes(s.waiting))
            return StatusText(text, tip)
        return StatusText(_tr("Sync problem · will try again"), tip)
    if s.waiting:
        return StatusText(
            _tr("{changes} waiting").format(changes=changes(s.waiting)),
            " ".join((kept, _tr("These changes go to the server at the next sync."))),
        )
    if last:
        return StatusText(
            _tr("Up to date {when}").format(when=last),
            _tr("Everything on this laptop was on the server at {when}.").format(when=last),
        )
    return StatusText(_tr("Not synced yet"), _tr("The first sync starts shortly."))


def conflicts_text(n: int) -> str:
    if n == 1:
        return _tr("1 conflict needs you")
    return _tr("{n} conflicts need you").format(n=f"{n:,}")


def refused_text(n: int) -> str:
    return _tr("{changes} refused by the server").format(changes=changes(n))


def refused_tooltip() -> str:
    return _tr(
        "The server refused these changes for good, usually because the person's record has "
        "moved to another team. They are kept aside on this laptop and not sent again; nothing "
        "was deleted. Ask your manager if one of them still matters."
    )
