"""A referral's journey, and the moves a link worker is stopped from making."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from linkworker.care import referral as r


def test_a_referral_moves_forward_one_step_at_a_time_and_closes_with_an_outcome() -> None:
    path = ["received", "contacted", "engaged", "active"]
    for here, there in itertools.pairwise(path):
        r.check_transition(here, there)
    r.check_transition("active", "closed", "goals met")


@pytest.mark.parametrize("state", r.OPEN_STATES)
def test_a_referral_can_be_closed_from_any_open_state(state: str) -> None:
    r.check_transition(state, "closed", "unable to contact")


@pytest.mark.parametrize(
    ("current", "target", "outcome", "message"),
    [
        ("received", "engaged", None, "Mark the referral contacted first"),
        ("received", "active", None, "Mark the referral contacted first"),
        ("engaged", "contacted", None, "cannot go back from engaged to contacted"),
        ("closed", "received", None, "This referral is closed"),
        ("closed", "closed", "declined", "This referral is closed"),
        ("active", "active", None, "already active"),
        ("active", "closed", None, "Choose how the referral ended"),
        ("active", "closed", "  ", "Choose how the referral ended"),
        ("active", "closed", "bored", "not one of the ways a referral can end"),
        ("received", "contacted", "declined", "only when the referral is closed"),
        ("received", "triaged", None, "no referral state called 'triaged'"),
        ("lost", "contacted", None, "unknown state"),
    ],
)
def test_invalid_moves_are_refused_with_a_message_that_says_what_to_do(
    current: str, target: str, outcome: str | None, message: str
) -> None:
    with pytest.raises(r.TransitionRefused, match=message):
        r.check_transition(current, target, outcome)


def test_the_buttons_offered_are_exactly_the_allowed_moves() -> None:
    for current in r.STATES:
        offered = set(r.next_states(current))
        for target in r.STATES:
            outcome = "declined" if target == "closed" else None
            try:
                r.check_transition(current, target, outcome)
                allowed = True
            except r.TransitionRefused:
                allowed = False
            assert (target in offered) == allowed, (current, target)


def test_time_to_first_contact_and_waiting_days() -> None:
    received = dt.date(2026, 11, 2)
    assert r.days_to_first_contact(received, None) is None
    assert r.days_to_first_contact(received, dt.date(2026, 11, 6)) == 4
    assert r.days_to_first_contact(received, received) == 0
    assert r.waiting_days(received, None, today=dt.date(2026, 11, 23)) == 21
    assert r.waiting_days(received, dt.date(2026, 11, 6), today=dt.date(2026, 11, 23)) == 4
    # A contact dated before the referral (typed by mistake) does not make a negative wait.
    assert r.days_to_first_contact(received, dt.date(2026, 10, 30)) == 0


def test_reasons_come_from_the_fixed_list_without_repeats() -> None:
    assert r.check_reasons(["loneliness", "money", "loneliness"]) == ["loneliness", "money"]
    with pytest.raises(ValueError, match="Not on the list of reasons: boredom"):
        r.check_reasons(["loneliness", "boredom"])
    assert len({n.label for n in r.NEEDS}) == len(r.NEEDS)
    assert all(code.isdigit() for code in (r.SNOMED_REFERRED, r.SNOMED_DECLINED))
