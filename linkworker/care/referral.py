"""A referral into the service: its fixed lists, its states, and the time it waited.

``received → contacted → engaged → active → closed`` (DESIGN.md 4). A referral moves one step
forward at a time, or is closed from any open state with an outcome; a closed referral stays
closed (a person who comes back gets a new referral, so each episode keeps its own dates).
Everything here is plain data and rules: no Qt, no SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

STATES: Final = ("received", "contacted", "engaged", "active", "closed")
OPEN_STATES: Final = STATES[:-1]

STATE_LABELS: Final = {
    "received": "Received",
    "contacted": "Contacted",
    "engaged": "Engaged",
    "active": "Active",
    "closed": "Closed",
}

CLOSE_OUTCOMES: Final = (
    "goals met",
    "declined",
    "unable to contact",
    "moved away",
    "referred elsewhere",
    "died",
)

SOURCES: Final = (
    "GP",
    "practice nurse",
    "other clinician",
    "self",
    "social care",
    "hospital",
    "voluntary sector",
    "other",
)

METHODS: Final = ("electronic referral", "email", "letter", "phone", "in person")

URGENCIES: Final = ("routine", "soon", "urgent")

# SNOMED CT concepts recorded with a referral (DESIGN.md 4).
SNOMED_REFERRED: Final = "871731000000106"  # referral to social prescribing service
SNOMED_DECLINED: Final = "871711000000103"  # social prescribing declined


@dataclass(frozen=True)
class Need:
    """A reason for referral, as the worker picks it."""

    key: str
    label: str
    snomed: str | None = None  # a SNOMED CT concept, only where one is agreed locally


# The fixed list of reasons and needs. SNOMED CT codes are left empty rather than guessed: a
# deploying organisation maps them from its own clinical system's code list.
NEEDS: Final = (
    Need("loneliness", "Loneliness or social isolation"),
    Need("low mood", "Low mood, stress or anxiety"),
    Need("long-term condition", "Living with a long-term condition"),
    Need("housing", "Housing"),
    Need("money", "Money, debt or benefits"),
    Need("employment", "Work, training or volunteering"),
    Need("physical activity", "Physical activity"),
    Need("weight", "Weight and healthy eating"),
    Need("carer support", "Support as a carer"),
    Need("bereavement", "Bereavement"),
    Need("digital skills", "Getting online"),
    Need("frequent attendance", "Frequent attendance at the practice"),
    Need("other", "Something else"),
)
NEED_KEYS: Final = frozenset(n.key for n in NEEDS)


class TransitionRefused(ValueError):
    """The referral cannot move that way; the message says why, for the person using the app."""


def check_transition(current: str, target: str, outcome: str | None = None) -> None:
    """Raise ``TransitionRefused`` unless ``current → target`` is allowed (with ``outcome``,
    needed exactly when closing)."""
    if current not in STATES:
        raise TransitionRefused(f"This referral is in an unknown state ({current!r}).")
    if target not in STATES:
        raise TransitionRefused(f"There is no referral state called {target!r}.")
    if current == "closed":
        raise TransitionRefused(
            "This referral is closed. If the person has come back, take a new referral."
        )
    if target == current:
        raise TransitionRefused(f"The referral is already {STATE_LABELS[current].lower()}.")
    if target == "closed":
        if outcome is None or not outcome.strip():
            raise TransitionRefused("Choose how the referral ended before closing it.")
        if outcome not in CLOSE_OUTCOMES:
            raise TransitionRefused(f"{outcome!r} is not one of the ways a referral can end.")
        return
    if outcome is not None:
        raise TransitionRefused("An outcome is recorded only when the referral is closed.")
    here, there = STATES.index(current), STATES.index(target)
    if there < here:
        raise TransitionRefused(
            f"A referral cannot go back from {STATE_LABELS[current].lower()} to "
            f"{STATE_LABELS[target].lower()}."
        )
    if there > here + 1:
        step = STATE_LABELS[STATES[here + 1]].lower()
        raise TransitionRefused(
            f"Mark the referral {step} first: it moves one step at a time "
            "(received, contacted, engaged, active)."
        )


def next_states(current: str) -> tuple[str, ...]:
    """The states a referral in ``current`` may move to (the buttons to offer)."""
    if current not in OPEN_STATES:
        return ()
    here = STATES.index(current)
    forward = STATES[here + 1]
    return (forward,) if forward == "closed" else (forward, "closed")


def days_to_first_contact(received_on: dt.date, first_contact: dt.date | None) -> int | None:
    """Whole days from receiving the referral to first contact, or None before contact."""
    if first_contact is None:
        return None
    return max(0, (first_contact - received_on).days)


def waiting_days(received_on: dt.date, first_contact: dt.date | None, today: dt.date) -> int:
    """How long the person waited, or has waited so far, for first contact."""
    end = first_contact if first_contact is not None else today
    return max(0, (end - received_on).days)


def check_reasons(reasons: list[str]) -> list[str]:
    """The reasons in list order, without repeats; refuses ones not on the fixed list."""
    unknown = [r for r in reasons if r not in NEED_KEYS]
    if unknown:
        raise ValueError(f"Not on the list of reasons: {', '.join(unknown)}.")
    return list(dict.fromkeys(reasons))


@dataclass(frozen=True)
class NewReferral:
    """A referral as taken at intake, every field checked (see ``check_new_referral``)."""

    received_on: dt.date
    source: str
    method: str | None = None
    referrer_name: str | None = None
    referrer_role: str | None = None
    referrer_organisation: str | None = None
    reasons: tuple[str, ...] = ()
    urgency: str = "routine"
    notes: str | None = None
    # Consent asked at intake: kind → given (yes / no); kinds not asked are left out.
    consents: tuple[tuple[str, bool], ...] = ()
    consent_how: str | None = None


def check_new_referral(
    values: dict[str, object], today: dt.date | None = None
) -> NewReferral | dict[str, str]:
    """A valid NewReferral, or a message for each wrong field (field name → message)."""
    from linkworker.care import fields
    from linkworker.care.consent import CONSENT_KINDS

    errors: dict[str, str] = {}
    checked: dict[str, object] = {}
    for name in (
        "received_on", "source", "method", "referrer_name", "referrer_role",
        "referrer_organisation", "urgency", "notes",
    ):  # fmt: skip
        raw = values.get(name)
        if name == "urgency" and raw in (None, ""):
            raw = "routine"
        try:
            checked[name] = fields.check("referral", name, raw, today)
        except fields.FieldRefused as exc:
            errors[name] = str(exc)
    reasons = values.get("reasons") or []
    if not isinstance(reasons, list | tuple) or not reasons:
        errors["reasons"] = "Choose at least one reason for the referral."
    else:
        try:
            checked["reasons"] = tuple(check_reasons([str(r) for r in reasons]))
        except ValueError as exc:
            errors["reasons"] = str(exc)
    consents = values.get("consents") or {}
    if not isinstance(consents, dict) or any(k not in CONSENT_KINDS for k in consents):
        errors["consents"] = "Consent is recorded only for the kinds on the form."
    else:
        checked["consents"] = tuple((k, bool(v)) for k, v in consents.items())
        if consents:
            try:
                checked["consent_how"] = fields.check(
                    "consent", "how_recorded", values.get("consent_how") or "verbal"
                )
            except fields.FieldRefused as exc:
                errors["consent_how"] = str(exc)
    if errors:
        return errors
    return NewReferral(**checked)  # type: ignore[arg-type]
