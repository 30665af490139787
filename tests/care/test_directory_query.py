"""The rules of a directory search that need no database: the words typed, the filter boxes, and
how a found service is described (next session, cost badge, freshness)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkworker.care.directory_query import (
    MAX_TERMS,
    CostLine,
    Filters,
    ScheduleLine,
    allowed_edits,
    checked_on,
    cost_badge,
    cost_class,
    edit_distance,
    haversine_km,
    is_stale,
    next_occurrence,
    next_session,
    parse_age,
    parse_cost,
    parse_day,
    parse_time,
    postcode_district,
    pounds,
    query_terms,
    spelled_word,
    spelling_candidates,
    summary,
)

MONDAY_9AM = dt.datetime(2027, 3, 1, 9, 0)  # Monday 1 March 2027


# ------------------------------------------------------------------------------ the query


@pytest.mark.parametrize(
    ("typed", "terms"),
    [
        ("walk gro", ("walk", "gro")),
        ("  Walking   GROUP ", ("walking", "group")),
        ("men's shed", ("mens", "shed")),
        ("Carers’ café", ("carers", "cafe")),
        ("drop-in, 10am!", ("drop", "in", "10am")),
        ("MB3 4AB", ("mb3", "4ab")),
        ("walk walk walk", ("walk",)),
        ("under_score", ("under", "score")),
        ("", ()),
        ("   ,.;  ", ()),
        ('"quoted" (brackets) OR NOT', ("quoted", "brackets", "or", "not")),
    ],
)
def test_typed_text_becomes_words_matched_by_their_start(typed: str, terms: tuple[str]) -> None:
    assert query_terms(typed) == terms


def test_a_pasted_paragraph_counts_only_its_first_words() -> None:
    words = [f"word{i}" for i in range(20)]
    assert query_terms(" ".join(words)) == tuple(words[:MAX_TERMS])


@given(st.text())
def test_any_text_gives_plain_lower_case_words(text: str) -> None:
    for term in query_terms(text):
        assert term and term == term.lower()
        assert '"' not in term and "*" not in term and " " not in term


# ------------------------------------------------------------------------------ filter values


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Tuesday", "TU"), ("tue", "TU"), ("Tues", "TU"), ("TU", "TU"), ("tuesdays", "TU"),
     ("Thurs", "TH"), ("sun", "SU"), (" Monday. ", "MO"), ("", None), (None, None)],
)  # fmt: skip
def test_days_of_the_week(typed: str | None, code: str | None) -> None:
    assert parse_day(typed) == code


def test_a_day_that_is_not_one_is_refused_plainly() -> None:
    with pytest.raises(ValueError, match="not a day of the week"):
        parse_day("Funday")


@pytest.mark.parametrize(
    ("typed", "time"),
    [("10:30", dt.time(10, 30)), ("10.30", dt.time(10, 30)), ("1030", dt.time(10, 30)),
     ("9", dt.time(9)), ("10am", dt.time(10)), ("2:15pm", dt.time(14, 15)),
     ("12pm", dt.time(12)), ("12am", dt.time(0)), ("7 p.m.", dt.time(19)),
     ("noon", dt.time(12)), ("", None)],
)  # fmt: skip
def test_times_of_day(typed: str, time: dt.time | None) -> None:
    assert parse_time(typed) == time


@pytest.mark.parametrize("typed", ["25:00", "10:75", "13pm", "soon", "0am"])
def test_a_time_that_cannot_be_read_is_refused_plainly(typed: str) -> None:
    with pytest.raises(ValueError, match="not a time of day"):
        parse_time(typed)


def test_ages_and_cost_choices() -> None:
    assert parse_age(" 72 ") == 72
    assert parse_age("") is None
    for bad in ("-1", "131", "seventy", "7.5"):
        with pytest.raises(ValueError, match="not an age"):
            parse_age(bad)
    assert parse_cost("Free") == "free"
    assert parse_cost("low-cost") == parse_cost("Free or low cost") == "low"
    assert parse_cost(" ") is None
    with pytest.raises(ValueError, match="not a cost choice"):
        parse_cost("expensive")


def test_filters_tidy_what_they_are_given_and_refuse_nonsense() -> None:
    f = Filters(day="Tuesday", accessibility="hearing loop", category="  ", language="  ")
    assert (f.day, f.accessibility, f.category, f.language) == ("TU", ("hearing loop",), None, None)
    assert Filters(accessibility=("wheelchair", " ", "")).accessibility == ("wheelchair",)
    with pytest.raises(ValueError):
        Filters(cost="cheap")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Filters(age=200)
    with pytest.raises(ValueError):
        Filters(near=(95.0, 0.0))
    with pytest.raises(ValueError):
        Filters(within_km=5)  # no point
    with pytest.raises(ValueError):
        Filters(near=(53.7, -1.8), within_km=0)
    with pytest.raises(ValueError):
        Filters(by_distance=True)


# ------------------------------------------------------------------------------ next session


def weekly(byday: str, opens: str = "10:00", closes: str = "12:00", **more: object) -> ScheduleLine:
    return ScheduleLine(freq="WEEKLY", byday=byday, opens_at=dt.time.fromisoformat(opens),
                        closes_at=dt.time.fromisoformat(closes), **more)  # type: ignore[arg-type]  # fmt: skip


@pytest.mark.parametrize(
    ("schedules", "words"),
    [
        ([weekly("TU")], "Tuesdays 10:00–12:00"),
        ([weekly("MO,WE")], "Mondays and Wednesdays 10:00–12:00"),
        ([weekly("MO"), weekly("WE")], "Mondays and Wednesdays 10:00–12:00"),
        ([weekly("MO,WE,FR")], "Mondays, Wednesdays and Fridays 10:00–12:00"),
        ([weekly("MO,TU,WE,TH,FR", "09:00", "17:00")], "Weekdays 09:00–17:00"),
        ([weekly("SA,SU")], "Weekends 10:00–12:00"),
        ([ScheduleLine(freq="DAILY", opens_at=dt.time(8))], "Every day from 08:00"),
        ([ScheduleLine(freq="WEEKLY", interval=2, byday="TH", dtstart=dt.date(2027, 3, 4))],
         "Every other Thursday"),
        ([ScheduleLine(freq="MONTHLY", byday="1TU", opens_at=dt.time(14),
                       closes_at=dt.time(16))], "First Tuesday of the month 14:00–16:00"),
        ([ScheduleLine(freq="MONTHLY", byday="-1FR")], "Last Friday of the month"),
        ([ScheduleLine(freq="MONTHLY", byday="1TU,3TU")], "First and third Tuesday of the month"),
        ([ScheduleLine(freq="MONTHLY", bymonthday="15")], "15th of the month"),
        ([ScheduleLine(description="By appointment\nRing first")], "By appointment"),
        ([], ""),
        ([ScheduleLine(freq="WEEKLY", byday="XX", description="Most Tuesdays")], "Most Tuesdays"),
    ],
)  # fmt: skip
def test_the_next_session_in_words(schedules: list[ScheduleLine], words: str) -> None:
    assert next_session(schedules, MONDAY_9AM) == words


def test_of_several_patterns_the_soonest_is_named() -> None:
    later = weekly("TH", "18:00", "20:00")
    sooner = weekly("TU", "10:00", "11:00")
    assert next_session([later, sooner], MONDAY_9AM) == "Tuesdays 10:00–11:00 and other times"
    # Monday evening, after Monday's session: Tuesday's comes first.
    monday = weekly("MO", "09:00", "10:00")
    assert next_session([monday, later], MONDAY_9AM) == "Mondays 09:00–10:00 and other times"
    assert next_session([monday, later], MONDAY_9AM.replace(hour=11)).startswith("Thursdays")


def test_a_schedule_that_has_ended_is_not_named() -> None:
    ended = weekly("TU", valid_to=dt.date(2027, 1, 31))
    running = weekly("FR")
    assert next_session([ended, running], MONDAY_9AM) == "Fridays 10:00–12:00"
    assert next_session([ended], MONDAY_9AM) == ""


def test_when_the_next_session_starts() -> None:
    assert next_occurrence(weekly("MO"), MONDAY_9AM) == dt.datetime(2027, 3, 1, 10)
    assert next_occurrence(weekly("MO"), MONDAY_9AM.replace(hour=11)) == dt.datetime(
        2027,
        3,
        1,
        10,  # still running until 12:00
    )
    assert next_occurrence(weekly("MO"), MONDAY_9AM.replace(hour=12)) == dt.datetime(2027, 3, 8, 10)
    fortnightly = ScheduleLine(freq="WEEKLY", interval=2, byday="MO", dtstart=dt.date(2027, 3, 8))
    assert next_occurrence(fortnightly, MONDAY_9AM) == dt.datetime(2027, 3, 8)
    first_tuesday = ScheduleLine(freq="MONTHLY", byday="1TU", opens_at=dt.time(14))
    assert next_occurrence(first_tuesday, MONDAY_9AM) == dt.datetime(2027, 3, 2, 14)
    last_friday = ScheduleLine(freq="MONTHLY", byday="-1FR")
    assert next_occurrence(last_friday, MONDAY_9AM) == dt.datetime(2027, 3, 26)
    not_yet = weekly("WE", valid_from=dt.date(2027, 4, 1))
    assert next_occurrence(not_yet, MONDAY_9AM) == dt.datetime(2027, 4, 7, 10)
    assert next_occurrence(ScheduleLine(description="Ring first"), MONDAY_9AM) is None


# ------------------------------------------------------------------------------ cost


@pytest.mark.parametrize(
    ("options", "fees", "kind", "badge"),
    [
        ([], None, "unknown", ""),
        ([CostLine(amount=0.0)], None, "free", "Free"),
        ([CostLine(option="FREE ")], None, "free", "Free"),
        ([], "Free of charge", "free", "Free"),
        ([CostLine(amount=8.0)], "Free for carers", "paid", "£8"),
        ([CostLine(amount=3.5)], None, "low", "£3.50"),
        ([CostLine(amount=5.0)], None, "low", "£5"),
        ([CostLine(amount=5.01)], None, "paid", "£5.01"),
        ([CostLine(amount=12.0), CostLine(amount=4.0)], None, "low", "From £4"),
        ([CostLine(amount=4.0), CostLine(amount=0.0)], None, "free", "Free"),
        ([CostLine(amount=2.0, currency="EUR")], None, "unknown", ""),
        ([CostLine(option="Low cost lunches")], None, "low", "Low cost"),
        ([], "Low-cost, pay what you can", "low", "Low cost"),
        ([CostLine(amount=9.0)], "low cost for members", "paid", "£9"),
        ([], "Donations welcome", "unknown", ""),
        ([], "Not free", "unknown", ""),
    ],
)  # fmt: skip
def test_cost_class_and_badge(
    options: list[CostLine], fees: str | None, kind: str, badge: str
) -> None:
    assert cost_class(options, fees) == kind
    assert cost_badge(options, fees) == badge


def test_pounds() -> None:
    assert [pounds(a) for a in (0.5, 3.0, 3.5, 1200.0)] == ["£0.50", "£3", "£3.50", "£1,200"]


# ------------------------------------------------------------------------------ freshness


def test_how_fresh_a_record_is() -> None:
    today = dt.date(2027, 3, 1)
    modified = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)
    assert checked_on(dt.date(2026, 6, 1), modified) == dt.date(2026, 12, 1)
    assert checked_on(dt.date(2027, 1, 5), modified) == dt.date(2027, 1, 5)
    assert checked_on(None, None) is None
    assert is_stale(None, today)
    assert not is_stale(dt.date(2026, 3, 1), today)  # exactly twelve months
    assert is_stale(dt.date(2026, 2, 28), today)
    assert not is_stale(dt.date(2027, 2, 28), dt.date(2028, 2, 29))  # a leap day
    assert is_stale(dt.date(2027, 2, 27), dt.date(2028, 2, 29))


def test_a_summary_is_the_start_of_the_description() -> None:
    assert summary(None) == ""
    assert summary("  A walk.\n\nMore  about it.") == "A walk."
    long = "Sing for fun with friends every week " * 10
    cut = summary(long, limit=60)
    assert len(cut) <= 60 and cut.endswith("…") and long.startswith(cut[:-1])
    assert " " not in cut[-2:]


# ------------------------------------------------------------------------------ spelling


@pytest.mark.parametrize(
    ("a", "b", "edits"),
    [("walk", "walk", 0), ("wlak", "walk", 1), ("chior", "choir", 1), ("walk", "wal", 1),
     ("walk", "walks", 1), ("garden", "gardn", 1), ("food", "good", 1), ("abc", "cba", 2),
     ("", "abc", 3)],
)  # fmt: skip
def test_edit_distance(a: str, b: str, edits: int) -> None:
    assert edit_distance(a, b) == edits == edit_distance(b, a)


def test_how_many_slips_are_forgiven() -> None:
    assert [allowed_edits("x" * n) for n in (1, 2, 3, 6, 7, 12)] == [0, 0, 1, 1, 2, 2]


WORDS = [("walking", 900), ("walk", 400), ("wales", 3), ("choir", 200), ("chorus", 20),
         ("coffee", 500), ("cafe", 90), ("garden", 300), ("gardening", 250), ("k0a1", 5),
         ("food", 600), ("fold", 10), ("foods", 3)]  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "best"),
    [("wlak", "walk"), ("chior", "choir"), ("gardn", "garde"), ("cofee", "coffe"),
     ("walkign", "walking"), ("fodo", "food")],
)  # fmt: skip
def test_a_slip_is_put_right_from_the_index_words(typed: str, best: str) -> None:
    found = spelling_candidates(typed, WORDS)
    assert found and found[0] == best


def test_a_start_put_right_is_shown_as_a_word() -> None:
    assert spelled_word("walk", WORDS) == "walk"
    assert spelled_word("garde", WORDS) == "garden"
    assert spelled_word("coffe", WORDS) == "coffee"
    assert spelled_word("xyz", WORDS) == "xyz"


def test_short_words_and_words_already_in_the_index_are_left_alone() -> None:
    assert spelling_candidates("wa", WORDS) == []  # too short to guess at
    assert "walk" not in spelling_candidates("walk", WORDS)  # it starts an index word
    assert spelling_candidates("zzzz", WORDS) == []
    assert all(w.isalpha() for w in spelling_candidates("k0a", WORDS))


# ------------------------------------------------------------------------------ distance


def test_haversine() -> None:
    london, paris = (51.5074, -0.1278), (48.8566, 2.3522)
    assert haversine_km(london, paris) == pytest.approx(343.5, abs=0.5)
    assert haversine_km(london, london) == 0
    assert haversine_km((0.0, 0.0), (0.0, 1.0)) == pytest.approx(111.195, abs=0.01)


def test_a_search_for_a_day_names_that_days_sessions() -> None:
    monday = weekly("MO", "09:00", "10:00")
    tuesday = weekly("TU", "14:00", "15:00")
    assert next_session([monday, tuesday], MONDAY_9AM) == "Mondays 09:00–10:00 and other times"
    assert next_session([monday, tuesday], MONDAY_9AM, day="TU") == "Tuesdays 14:00–15:00"
    assert next_session([monday], MONDAY_9AM, day="TU") == "Mondays 09:00–10:00"  # none then


def test_a_postcode_is_read_for_its_area() -> None:
    assert [postcode_district(p) for p in ("MB2 1AB", "mb21ab", "MB2", " EC1A 1BB ", "SW1A")] == [
        "MB2", "MB2", "MB2", "EC1A", "SW1A"
    ]  # fmt: skip
    assert [postcode_district(p) for p in ("", None, "Leeds", "12345", "MB2 1A")] == [None] * 5
