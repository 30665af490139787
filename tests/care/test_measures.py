"""Recording outcome measures: ONS4 in its public wording, PAM as score and level only."""

from __future__ import annotations

import pytest

from linkworker.care import measures as m


def test_ons4_asks_the_four_public_questions_in_order() -> None:
    assert [q.key for q in m.ONS4] == ["life_satisfaction", "worthwhile", "happiness", "anxiety"]
    assert m.ONS4[0].text == "Overall, how satisfied are you with your life nowadays?"
    assert m.ONS4[2].text == "Overall, how happy did you feel yesterday?"
    assert "how anxious did you feel yesterday?" in m.ONS4[3].text
    assert [q.higher_is_better for q in m.ONS4] == [True, True, True, False]


def test_a_full_set_of_answers_is_kept_as_whole_numbers() -> None:
    answers = {"life_satisfaction": "6", "worthwhile": 7, "happiness": 5.0, "anxiety": 0}
    assert m.check_ons4(answers) == {
        "life_satisfaction": 6, "worthwhile": 7, "happiness": 5, "anxiety": 0,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"life_satisfaction": 11, "worthwhile": 5, "happiness": 5, "anxiety": 5},
         "Answers run from 0 to 10; 11 is outside that"),
        ({"life_satisfaction": -1, "worthwhile": 5, "happiness": 5, "anxiety": 5},
         "-1 is outside that"),
        ({"life_satisfaction": 5, "worthwhile": 5, "happiness": 5}, "Answer every question"),
        ({"life_satisfaction": 5, "worthwhile": "", "happiness": 5, "anxiety": 5},
         "Answer every question"),
        ({"life_satisfaction": 5.5, "worthwhile": 5, "happiness": 5, "anxiety": 5},
         "whole number"),
        ({"life_satisfaction": "six", "worthwhile": 5, "happiness": 5, "anxiety": 5},
         "whole number"),
        ({"life_satisfaction": True, "worthwhile": 5, "happiness": 5, "anxiety": 5},
         "whole number"),
        ({"life_satisfaction": 5, "worthwhile": 5, "happiness": 5, "anxiety": 5, "joy": 3},
         "no question joy"),
    ],
)  # fmt: skip
def test_answers_that_cannot_be_right_are_refused(answers: dict[str, object], message: str) -> None:
    with pytest.raises(m.MeasureRefused, match=message):
        m.check_ons4(answers)


def test_anxiety_improves_when_it_goes_down() -> None:
    anxiety, happiness = m.ONS4[3], m.ONS4[2]
    assert m.change(8, 3, anxiety) == 5
    assert m.change(3, 8, happiness) == 5


def test_pam_keeps_only_score_and_level_within_their_ranges() -> None:
    assert m.check_pam(55.2, 3) == (55.2, 3)
    with pytest.raises(m.MeasureRefused, match="PAM score runs from 0 to 100"):
        m.check_pam(101, 3)
    with pytest.raises(m.MeasureRefused, match="level is 1, 2, 3 or 4"):
        m.check_pam(50, 5)


def test_hand_entered_scores_are_checked_against_their_instrument() -> None:
    assert m.check_score("SWEMWBS", 23.21) == 23.21
    with pytest.raises(m.MeasureRefused, match="SWEMWBS score runs from 7 to 35"):
        m.check_score("SWEMWBS", 6)
    with pytest.raises(m.MeasureRefused, match="runs from"):
        m.check_score("MYCaW", float("nan"))
    with pytest.raises(m.MeasureRefused, match="not entered by hand"):
        m.check_score("ONS4", 5)
    with pytest.raises(m.MeasureRefused, match="baseline, follow-up or discharge"):
        m.check_timepoint("halfway")
