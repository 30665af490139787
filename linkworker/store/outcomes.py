"""Outcome measures: ONS4 answers, PAM score and level, and hand-entered scores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from linkworker.care import fields, measures
from linkworker.care.measures import MeasureRefused
from linkworker.store import edits
from linkworker.store.database import Database


def record_ons4(
    db: Database, person_id: str, timepoint: str, taken_on: object, answers: Mapping[str, object]
) -> str:
    """The four ONS4 answers (each 0-10) at a timepoint; returns the measure's id."""
    checked = measures.check_ons4(answers)
    return _add(db, person_id, "ONS4", timepoint, taken_on, {"answers": checked})


def record_pam(
    db: Database, person_id: str, timepoint: str, taken_on: object, score: float, level: int
) -> str:
    """PAM as its licence allows: score (0-100), level (1-4) and date only."""
    score, level = measures.check_pam(score, level)
    return _add(db, person_id, "PAM", timepoint, taken_on,
                {"score": score, "level": level, "entered_by_hand": True})  # fmt: skip


def record_score(
    db: Database,
    person_id: str,
    instrument: str,
    timepoint: str,
    taken_on: object,
    score: float,
    answers: Mapping[str, int] | None = None,
) -> str:
    """A SWEMWBS or MYCaW score: typed by hand, or scored from the licence pack's questionnaire
    (then ``answers`` holds the item answers and the score the pack gave)."""
    if instrument not in ("SWEMWBS", "MYCaW"):
        raise MeasureRefused(f"{instrument} scores are not entered this way.")
    score = measures.check_score(instrument, score)
    values: dict[str, object] = {"score": score, "entered_by_hand": answers is None}
    if answers is not None:
        values["answers"] = dict(answers)
    return _add(db, person_id, instrument, timepoint, taken_on, values)


def _add(
    db: Database,
    person_id: str,
    instrument: str,
    timepoint: str,
    taken_on: object,
    extra: dict[str, object],
) -> str:
    measures.check_timepoint(timepoint)
    day = fields.check("outcome_measure", "taken_on", taken_on)
    assert isinstance(day, dt.date)
    return edits.add_row(
        db,
        "outcome_measure",
        {"person_id": person_id, "timepoint": timepoint, "taken_on": day},
        checked_elsewhere={"instrument": instrument, **extra},
    )
