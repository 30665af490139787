"""What each editable field of the record may hold, and the message when it cannot.

One table of rules, ``FIELDS[entity][field]``, serves both sides: the record's forms build their
editors from it and show its messages inline as the worker types, and the store checks every
value with ``check`` before writing it, so nothing invalid is saved whichever way it arrives.
No Qt and no SQL here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any, Final, Literal

from linkworker.care import nhs_number, phone, postcode
from linkworker.care.consent import CONSENT_KINDS
from linkworker.care.measures import TIMEPOINTS
from linkworker.care.person import parse_date
from linkworker.care.referral import METHODS, SOURCES, URGENCIES

Kind = Literal[
    "text", "long text", "date", "whole", "yes/no", "choice", "nhs", "postcode", "phone",
    "email", "money",
]  # fmt: skip

TEXT_MAX: Final = 200
LONG_TEXT_MAX: Final = 20_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class FieldRefused(ValueError):
    """A value the field cannot hold; the message is for the person typing it."""


@dataclass(frozen=True)
class Rule:
    label: str
    kind: Kind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    low: int | None = None  # whole numbers: the range
    high: int | None = None
    past: bool = False  # dates: not after today
    hint: str = ""  # shown beside the field (a scale, an example)


def _choices(*values: str) -> tuple[str, ...]:
    return tuple(values)


CONTACT_METHODS: Final = _choices("phone", "text", "email", "letter", "in person")
CARER_STATUSES: Final = _choices("is a carer", "has a carer", "neither", "not known")
GOAL_STATUSES: Final = _choices(
    "not started", "in progress", "achieved", "partly achieved", "stopped"
)
ACTION_STATUSES: Final = _choices("to do", "doing", "done", "stopped")
PLAN_STATUSES: Final = _choices("draft", "agreed", "reviewed", "closed")
CONNECTION_KINDS: Final = _choices("signpost", "referral")
CONNECTION_STATUSES: Final = _choices(
    "suggested", "referred", "accepted", "attended", "declined", "did not attend"
)
CONTACT_MODES: Final = _choices("face to face", "phone", "video", "home visit", "group")
CONTACT_KINDS: Final = _choices("conversation", "coaching", "follow-up", "review")
BUDGET_BASES: Final = _choices(
    "NHS continuing healthcare",
    "section 117 aftercare",
    "personal wheelchair budget",
    "other",
)
BUDGET_PERIODS: Final = _choices("per week", "per month", "per year", "one-off")
BUDGET_MANAGED: Final = _choices("notional", "third party", "direct payment")
SCALE_0_10: Final = "0 = not at all, 10 = extremely"

FIELDS: Final[dict[str, dict[str, Rule]]] = {
    "person": {
        "given_name": Rule("Given name", required=True),
        "family_name": Rule("Family name", required=True),
        "preferred_name": Rule("Preferred name"),
        "nhs_number": Rule("NHS number", "nhs", hint="10 digits, for example 943 476 5919"),
        "date_of_birth": Rule("Date of birth", "date", past=True, hint="DD/MM/YYYY"),
        "sex": Rule("Sex"),
        "gender": Rule("Gender"),
        "pronouns": Rule("Pronouns"),
        "address_line_1": Rule("Address"),
        "address_line_2": Rule("Address line 2"),
        "town": Rule("Town"),
        "postcode": Rule("Postcode", "postcode"),
        "phone": Rule("Phone", "phone"),
        "email": Rule("Email", "email"),
        "preferred_contact_method": Rule("Preferred contact", "choice", choices=CONTACT_METHODS),
        "communication_needs": Rule("Communication needs", "long text"),
        "reasonable_adjustments": Rule("Reasonable adjustments", "long text"),
        "interpreter_language": Rule("Interpreter language"),
        "gp_practice_ods": Rule("GP practice (ODS code)", hint="for example B82018"),
        "carer_status": Rule("Carer", "choice", choices=CARER_STATUSES),
        "risk_flag": Rule("Risk or safeguarding concern", "yes/no"),
        "risk_notes": Rule("Risk and safeguarding notes", "long text"),
    },
    "referral": {
        "received_on": Rule("Received", "date", required=True, past=True),
        "source": Rule("Referred by", "choice", required=True, choices=SOURCES),
        "method": Rule("How it came", "choice", choices=METHODS),
        "referrer_name": Rule("Referrer's name"),
        "referrer_role": Rule("Referrer's role"),
        "referrer_organisation": Rule("Referrer's organisation"),
        "urgency": Rule("Urgency", "choice", required=True, choices=URGENCIES),
        "notes": Rule("Referral notes", "long text"),
    },
    "consent": {
        "kind": Rule("Consent to", "choice", required=True, choices=CONSENT_KINDS),
        "how_recorded": Rule("How recorded", "choice", choices=("verbal", "written", "online")),
        "recorded_on": Rule("Recorded on", "date", required=True, past=True),
    },
    "about_me": {
        "most_important": Rule("What is most important to me", "long text"),
        "important_people": Rule("People who are important to me", "long text"),
        "communication": Rule("How I communicate and how to communicate with me", "long text"),
        "wellness": Rule("My wellness", "long text"),
        "please_do": Rule("Please do", "long text"),
        "please_dont": Rule("Please don't", "long text"),
        "how_and_when_to_support": Rule("How and when to support me", "long text"),
        "also_worth_knowing": Rule("Also worth knowing about me", "long text"),
        "supported_to_write_by": Rule("Supported to write this by"),
    },
    "care_plan": {
        "strengths": Rule("Strengths", "long text"),
        "agreed_with": Rule("Agreed with"),
        "agreed_on": Rule("Agreed on", "date", past=True),
        "review_on": Rule("Review date", "date"),
        "status": Rule("Plan status", "choice", required=True, choices=PLAN_STATUSES),
    },
    "plan_need": {
        "description": Rule("Need or concern", "long text", required=True),
    },
    "plan_goal": {
        "in_own_words": Rule("Goal, in the person's words", "long text", required=True),
        "importance": Rule("Importance", "whole", low=0, high=10, hint=SCALE_0_10),
        "status": Rule("Goal status", "choice", required=True, choices=GOAL_STATUSES),
    },
    "plan_action": {
        "what": Rule("What", required=True),
        "who": Rule("Who"),
        "due_on": Rule("By when", "date"),
        "confidence": Rule("Confidence", "whole", low=0, high=10, hint=SCALE_0_10),
        "status": Rule("Action status", "choice", required=True, choices=ACTION_STATUSES),
        "review_on": Rule("Review date", "date"),
    },
    "contingency_plan": {
        "triggers": Rule("What might trigger a crisis", "long text"),
        "what_should_happen": Rule("What should happen", "long text"),
        "who_to_contact": Rule("Who to contact", "long text"),
        "coping_strategies": Rule("Coping strategies", "long text"),
    },
    "community_connection": {
        "service_name": Rule("Service", required=True),
        "kind": Rule("Signpost or referral", "choice", required=True, choices=CONNECTION_KINDS),
        "made_on": Rule("Date", "date", required=True, past=True),
        "status": Rule("Status", "choice", required=True, choices=CONNECTION_STATUSES),
        "feedback": Rule("Feedback", "long text"),
    },
    "shared_decision": {
        "question": Rule("The decision to make", "long text", required=True),
        "what_matters_most": Rule("What matters most to the person", "long text"),
        "decision_aid": Rule("Decision aid used"),
        "decided_on": Rule("Decided on", "date", past=True),
    },
    "decision_option": {
        "title": Rule("Option", required=True),
        "benefits": Rule("Benefits", "long text"),
        "risks": Rule("Risks", "long text"),
        "what_it_would_mean": Rule("What it would mean for the person", "long text"),
    },
    "health_budget": {
        "eligibility_basis": Rule(
            "Eligible through", "choice", required=True, choices=BUDGET_BASES
        ),
        "amount_pence": Rule(
            "Amount", "money", required=True, hint="in pounds, for example 120.50"
        ),
        "period": Rule("Period", "choice", required=True, choices=BUDGET_PERIODS),
        "managed_as": Rule("Managed as", "choice", required=True, choices=BUDGET_MANAGED),
        "agreed_on": Rule("Agreed on", "date", past=True),
        "review_on": Rule("Review date", "date"),
    },
    "budget_line": {
        "item": Rule("Item", required=True),
        "cost_pence": Rule("Cost", "money", required=True),
    },
    "follow_up": {
        "due_on": Rule("Due", "date", required=True),
        "what": Rule("What", required=True),
    },
    "outcome_measure": {
        "timepoint": Rule("Timepoint", "choice", required=True, choices=TIMEPOINTS),
        "taken_on": Rule("Date", "date", required=True, past=True),
    },
}


def rule(entity: str, field: str) -> Rule:
    try:
        return FIELDS[entity][field]
    except KeyError:
        raise FieldRefused(f"{entity}.{field} cannot be edited here.") from None


def check(entity: str, field: str, raw: Any, today: dt.date | None = None) -> Any:
    """The value to store for ``raw`` typed into ``entity.field``, or ``FieldRefused``.

    Blank text is None (and refused where the field is required).
    """
    r = rule(entity, field)
    if isinstance(raw, str):
        raw = raw.strip()
        if raw == "":
            raw = None
    if raw is None:
        if r.required:
            raise FieldRefused(f"{r.label} is needed.")
        return False if r.kind == "yes/no" else None
    try:
        return _CHECKS[r.kind](r, raw, today or dt.date.today())
    except FieldRefused:
        raise
    except ValueError as exc:
        raise FieldRefused(str(exc)) from None


def _text(r: Rule, raw: Any, _today: dt.date) -> str:
    text = str(raw)
    limit = LONG_TEXT_MAX if r.kind == "long text" else TEXT_MAX
    if len(text) > limit:
        raise FieldRefused(f"{r.label}: use at most {limit:,} characters.")
    return text


def _date(r: Rule, raw: Any, today: dt.date) -> dt.date:
    if isinstance(raw, dt.datetime):
        value = raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    else:
        parsed = parse_date(str(raw))
        if parsed is None:
            raise FieldRefused(f"{r.label} is needed.")
        value = parsed
    if r.past and value > today:
        raise FieldRefused(f"{r.label} cannot be in the future.")
    if value.year < 1890 or value.year > today.year + 20:
        raise FieldRefused(f"{r.label}: check the year.")
    return value


def _whole(r: Rule, raw: Any, _today: dt.date) -> int:
    if isinstance(raw, bool):
        raise FieldRefused(f"{r.label}: enter a whole number.")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str):
        try:
            raw = int(raw)
        except ValueError:
            raise FieldRefused(f"{r.label}: enter a whole number.") from None
    if not isinstance(raw, int):
        raise FieldRefused(f"{r.label}: enter a whole number.")
    if (r.low is not None and raw < r.low) or (r.high is not None and raw > r.high):
        raise FieldRefused(f"{r.label} runs from {r.low} to {r.high}; {raw} is outside that.")
    return raw


def _yes_no(r: Rule, raw: Any, _today: dt.date) -> bool:
    if isinstance(raw, bool):
        return raw
    raise FieldRefused(f"{r.label}: choose yes or no.")


def _choice(r: Rule, raw: Any, _today: dt.date) -> str:
    if raw not in r.choices:
        raise FieldRefused(f"{r.label}: choose one of {', '.join(r.choices)}.")
    return str(raw)


def _nhs(_r: Rule, raw: Any, _today: dt.date) -> str:
    return nhs_number.normalise(str(raw))


def _postcode(_r: Rule, raw: Any, _today: dt.date) -> str:
    return postcode.normalise(str(raw))


def _phone(_r: Rule, raw: Any, _today: dt.date) -> str:
    return phone.normalise(str(raw))


def _email(r: Rule, raw: Any, _today: dt.date) -> str:
    text = str(raw)
    if len(text) > TEXT_MAX or not _EMAIL.match(text):
        raise FieldRefused(f"{r.label}: enter an email address, for example name@example.org.")
    return text


def _money(r: Rule, raw: Any, _today: dt.date) -> int:
    """Pounds typed ("120.50", "£1,200") → whole pence; an int is taken as pence already."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        pence = raw
    else:
        text = str(raw).replace("£", "").replace(",", "").strip()
        if not re.fullmatch(r"\d+(\.\d{1,2})?", text):
            raise FieldRefused(f"{r.label}: enter an amount in pounds, for example 120.50.")
        pence = round(float(text) * 100)
        if not math.isfinite(pence):
            raise FieldRefused(f"{r.label}: enter an amount in pounds, for example 120.50.")
    if pence < 0 or pence > 100_000_000_00:
        raise FieldRefused(f"{r.label}: check the amount.")
    return pence


_CHECKS = {
    "text": _text,
    "long text": _text,
    "date": _date,
    "whole": _whole,
    "yes/no": _yes_no,
    "choice": _choice,
    "nhs": _nhs,
    "postcode": _postcode,
    "phone": _phone,
    "email": _email,
    "money": _money,
}


def pounds(pence: int | None) -> str:
    """Whole pence as money: 12050 → "£120.50"."""
    if pence is None:
        return ""
    return f"£{pence // 100:,}.{pence % 100:02d}"
