"""Fields where a silent last-writer-wins would be unsafe: concurrent edits go to a person.

Risk and safeguarding, consent, status, key worker, NHS number and date of birth (DESIGN.md 5).
Any other field of a record merges by the hybrid logical clock, the loser kept in history.
"""

from __future__ import annotations

GUARDED_FIELDS: dict[str, frozenset[str]] = {
    "person": frozenset(
        {"risk_flag", "risk_notes", "status", "key_worker_id", "nhs_number", "date_of_birth"}
    ),
    "consent": frozenset({"given", "kind"}),
    "referral": frozenset({"state", "close_outcome"}),
}


def guarded_fields(entity: str) -> frozenset[str]:
    return GUARDED_FIELDS.get(entity, frozenset())
