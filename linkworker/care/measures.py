"""Outcome measures: ONS4 built in, PAM as score and level only, scores entered by hand.

ONS4 is the Office for National Statistics' four personal well-being questions, in their public
wording, each answered 0-10. Anxiety runs the other way: a higher answer is worse. SWEMWBS and
MYCaW are licensed: without the deploying organisation's licence pack only their scores are
recorded. PAM (Patient Activation Measure) is licensed too: the score (0-100), level (1-4) and
date only, as the licence allows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

INSTRUMENTS: Final = ("ONS4", "SWEMWBS", "MYCaW", "PAM")
TIMEPOINTS: Final = ("baseline", "follow-up", "discharge")


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    higher_is_better: bool = True


ONS4_PREAMBLE: Final = (
    "Next I would like to ask you four questions about your feelings on aspects of your life. "
    "There are no right or wrong answers. For each of these questions I'd like you to give an "
    "answer on a scale of 0 to 10, where 0 is \u2018not at all\u2019 and 10 is "
    "\u2018completely\u2019."
)

ONS4: Final = (
    Question("life_satisfaction", "Overall, how satisfied are you with your life nowadays?"),
    Question(
        "worthwhile",
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
    ),
    Question("happiness", "Overall, how happy did you feel yesterday?"),
    Question(
        "anxiety",
        "On a scale where 0 is \u2018not at all anxious\u2019 and 10 is \u2018completely "
        "anxious\u2019, overall, how anxious did you feel yesterday?",
        higher_is_better=False,
    ),
)
ONS4_KEYS: Final = tuple(q.key for q in ONS4)

# The range of a score entered by hand, per instrument.
SCORE_RANGES: Final = {"SWEMWBS": (7.0, 35.0), "MYCaW": (0.0, 6.0), "PAM": (0.0, 100.0)}
PAM_LEVELS: Final = (1, 2, 3, 4)


class MeasureRefused(ValueError):
    """An answer or score that cannot be right; the message says which and why."""


def check_timepoint(timepoint: str) -> str:
    if timepoint not in TIMEPOINTS:
        raise MeasureRefused("Choose baseline, follow-up or discharge.")
    return timepoint


def check_ons4(answers: Mapping[str, object]) -> dict[str, int]:
    """All four ONS4 answers as whole numbers 0-10, by question key."""
    checked: dict[str, int] = {}
    for question in ONS4:
        value = answers.get(question.key)
        label = question.text
        not_whole = f"Answer with a whole number from 0 to 10: \u201c{label}\u201d"
        if value is None or value == "":
            raise MeasureRefused(f"Answer every question: \u201c{label}\u201d has no answer.")
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                raise MeasureRefused(not_whole) from None
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                raise MeasureRefused(not_whole)
        if not 0 <= value <= 10:
            raise MeasureRefused(
                f"Answers run from 0 to 10; {value} is outside that: \u201c{label}\u201d"
            )
        checked[question.key] = value
    extra = sorted(set(answers) - set(ONS4_KEYS))
    if extra:
        raise MeasureRefused(f"ONS4 has no question {', '.join(extra)}.")
    return checked


def check_score(instrument: str, score: float) -> float:
    """A score entered by hand for a licensed instrument, within its range."""
    if instrument not in SCORE_RANGES:
        raise MeasureRefused(f"{instrument} scores are not entered by hand.")
    low, high = SCORE_RANGES[instrument]
    if isinstance(score, bool) or not math.isfinite(score) or not low <= score <= high:
        raise MeasureRefused(f"A {instrument} score runs from {low:g} to {high:g}.")
    return float(score)


def check_pam(score: float, level: int) -> tuple[float, int]:
    """PAM as the licence allows it to be kept: score 0-100 and level 1-4."""
    checked = check_score("PAM", score)
    if isinstance(level, bool) or level not in PAM_LEVELS:
        raise MeasureRefused("A PAM level is 1, 2, 3 or 4.")
    return checked, level


def change(before: int, after: int, question: Question) -> int:
    """How much better (positive) or worse an answer became, whichever way the scale runs."""
    return (after - before) if question.higher_is_better else (before - after)
