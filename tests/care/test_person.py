"""Starting a person's record: what is checked, and what the link worker is told."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkworker.care.person import NAME_MAX, NewPerson, validate_new_person

TODAY = dt.date.today()


def test_a_complete_new_person_is_tidied_and_accepted() -> None:
    person = validate_new_person(
        {
            "given_name": "  Zephyrine ",
            "family_name": "Quillfeather",
            "preferred_name": "Zeph",
            "nhs_number": "943 476 5919",
            "date_of_birth": "04/09/1961",
            "postcode": "sw1a1aa",
        }
    )
    assert person == NewPerson(
        given_name="Zephyrine",
        family_name="Quillfeather",
        preferred_name="Zeph",
        nhs_number="9434765919",
        date_of_birth=dt.date(1961, 9, 4),
        postcode="SW1A 1AA",
    )


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_blank_optional_fields_are_stored_as_nothing(blank: str) -> None:
    person = validate_new_person(
        {
            "given_name": "Ada",
            "family_name": "Okafor",
            "preferred_name": blank,
            "nhs_number": blank,
            "date_of_birth": blank,
            "postcode": blank,
        }
    )
    assert isinstance(person, NewPerson)
    assert person.preferred_name is None
    assert person.nhs_number is None
    assert person.date_of_birth is None
    assert person.postcode is None


@pytest.mark.parametrize("dob", ["1961-09-04", "04/09/1961", "04-09-1961", "04.09.1961"])
def test_a_date_of_birth_may_be_typed_the_uk_way_or_the_iso_way(dob: str) -> None:
    person = validate_new_person(
        {"given_name": "Ada", "family_name": "Okafor", "date_of_birth": dob}
    )
    assert isinstance(person, NewPerson)
    assert person.date_of_birth == dt.date(1961, 9, 4)


def test_a_date_of_birth_in_the_future_is_refused() -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    for typed in (tomorrow.isoformat(), tomorrow.strftime("%d/%m/%Y"), tomorrow):
        errors = validate_new_person(
            {"given_name": "Ada", "family_name": "Okafor", "date_of_birth": typed}
        )
        assert errors == {"date_of_birth": "The date of birth cannot be in the future."}


def test_a_baby_born_today_is_accepted() -> None:
    person = validate_new_person(
        {"given_name": "Ada", "family_name": "Okafor", "date_of_birth": TODAY.isoformat()}
    )
    assert isinstance(person, NewPerson)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"given_name": " ", "family_name": "Okafor"}, {"given_name": "Enter a name."}),
        ({"given_name": "Ada"}, {"family_name": "Enter a name."}),
        (
            {"given_name": "A" * (NAME_MAX + 1), "family_name": "Okafor"},
            {"given_name": f"Use at most {NAME_MAX} characters."},
        ),
        (
            {"given_name": "Ada", "family_name": "Okafor", "date_of_birth": "31/02/1961"},
            {"date_of_birth": "There is no such date: check the day and month."},
        ),
        (
            {"given_name": "Ada", "family_name": "Okafor", "date_of_birth": "4th Sept 1961"},
            {"date_of_birth": "Enter the date as DD/MM/YYYY, for example 04/09/1961."},
        ),
        (
            {"given_name": "Ada", "family_name": "Okafor", "date_of_birth": "1889-12-31"},
            {"date_of_birth": "Check the year: the date of birth is too long ago."},
        ),
        (
            {"given_name": "Ada", "family_name": "Okafor", "nhs_number": "943 476 5918"},
            {"nhs_number": "This is not a valid NHS number: check the digits were typed right."},
        ),
        (
            {"given_name": "Ada", "family_name": "Okafor", "postcode": "QQ1 1QQ"},
            {"postcode": "This does not look like a UK postcode, for example LS1 4AP."},
        ),
    ],
)
def test_each_wrong_field_gets_one_plain_message(
    fields: dict[str, str], expected: dict[str, str]
) -> None:
    assert validate_new_person(fields) == expected


def test_every_wrong_field_is_reported_at_once() -> None:
    errors = validate_new_person(
        {"given_name": "", "family_name": "", "nhs_number": "123", "postcode": "nowhere"}
    )
    assert isinstance(errors, dict)
    assert set(errors) == {"given_name", "family_name", "nhs_number", "postcode"}


def _looks_plain(message: str) -> bool:
    jargon = ("Value error", "pydantic", "errors.pydantic.dev", "type=", "input_value", "literal")
    return bool(message) and not any(word in message for word in jargon)


@given(
    nhs=st.text(max_size=14) | st.text(st.characters(categories=("Nd", "No")), max_size=10),
    postcode=st.text(max_size=10),
    dob=st.text(max_size=12),
)
def test_whatever_is_typed_the_messages_are_plain_words(nhs: str, postcode: str, dob: str) -> None:
    result = validate_new_person(
        {
            "given_name": "Ada",
            "family_name": "Okafor",
            "nhs_number": nhs,
            "postcode": postcode,
            "date_of_birth": dob,
        }
    )
    if isinstance(result, dict):
        for field, message in result.items():
            assert _looks_plain(message), f"{field}: {message!r}"
