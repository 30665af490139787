"""Phone numbers: UK numbers tidied to their national form, Ofcom's drama numbers accepted, and
plain-English reasons when a number cannot be right."""

from __future__ import annotations

import random

import pytest

from linkworker.care import fictional, phone


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("07700 900123", "07700 900123"),
        ("07700900123", "07700 900123"),
        ("07700-900-123", "07700 900123"),
        ("+447700900123", "07700 900123"),
        ("+44 (0)7700 900123", "07700 900123"),
        ("0044 7700 900123", "07700 900123"),
        ("7700 900123", "07700 900123"),
        ("  0113 4960123 ", "0113 496 0123"),
        ("(0113) 496-0123", "0113 496 0123"),
        ("+44 113 496 0123", "0113 496 0123"),
        ("02079460018", "020 7946 0018"),
        ("016977 3456", "016977 3456"),  # a 10-digit landline
        ("0800 1111", "0800 1111"),  # short freephone numbers exist
        ("07624 123456", "07624 123456"),  # Isle of Man: +44, so written the UK way
    ],
)
def test_uk_numbers_are_kept_in_their_national_form(typed: str, kept: str) -> None:
    assert phone.normalise(typed) == kept
    assert phone.normalise(kept) == kept  # normalising twice changes nothing


@pytest.mark.parametrize(
    "drama",
    [
        "07700 900000", "07700 900999",  # mobile
        "01632 960000", "01632 960999",  # no area
        "0113 496 0000", "0114 496 0999", "0115 496 0123", "0116 496 0123", "0117 496 0123",
        "0118 496 0123", "0121 496 0123", "0131 496 0123", "0141 496 0123", "0151 496 0123",
        "0161 496 0123", "0191 498 0123", "020 7946 0123", "028 9649 6123", "029 2018 0123",
        "0808 157 0123", "0909 879 0123", "0306 999 0123",
    ],
)  # fmt: skip
def test_ofcom_drama_numbers_are_accepted_for_fictional_records(drama: str) -> None:
    assert phone.normalise(drama) == drama
    assert phone.is_valid(drama)


def test_every_demo_data_phone_number_is_accepted_as_it_is() -> None:
    rng = random.Random(4)
    for _ in range(500):
        number = fictional.phone(rng)
        assert phone.normalise(number) == number


def test_drama_ranges_are_accepted_only_within_the_range() -> None:
    with pytest.raises(phone.InvalidPhoneNumber, match="does not look like a UK phone number"):
        phone.normalise("07700 901123")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("+33 1 23 45 67 89", "+33 1 23 45 67 89"),
        ("0033 1 23 45 67 89", "+33 1 23 45 67 89"),
        ("+61 491 570 006", "+61 491 570 006"),
        ("+1 202 555 0199", "+1 202-555-0199"),
    ],
)
def test_numbers_from_abroad_keep_their_country_code(typed: str, kept: str) -> None:
    assert phone.normalise(typed) == kept


def test_an_extension_is_kept_after_the_number() -> None:
    assert phone.normalise("020 7946 0018 x21") == "020 7946 0018 ext. 21"
    assert phone.normalise("020 7946 0018 ext. 21") == "020 7946 0018 ext. 21"
    assert phone.normalise("02079460018 Extension 21") == "020 7946 0018 ext. 21"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a phone number, or leave it blank."),
        ("   ", "Enter a phone number, or leave it blank."),
        ("ring her daughter", "Enter a UK phone number, for example 07700 900123."),
        ("07700 900123#", "Enter a UK phone number, for example 07700 900123."),
        ("+44", "Enter a UK phone number"),
        ("07700 9OO123", "letter O typed for a zero"),
        ("999", "That number has too few digits."),
        ("0113 496", "too few digits: it has 7, and a UK number has 10 or 11"),
        ("07700 90012", "too few digits: it has 10, and a UK mobile number has 11"),
        ("020 7946 001", "too few digits: it has 10, and a number starting 02 has 11"),
        ("077009001234", "too many digits: it has 12, and a UK number has 11"),
        ("1" * 30, "too many digits"),
        ("00", "too few digits"),
        ("+33 1 23", "too few digits"),
        ("+1 202 555 01999", "too many digits"),
        ("+999 123 456", "Check the country code after the +"),
        ("07700 901123", "check the digits, like 07700 900123"),
    ],
)
def test_numbers_that_cannot_be_right_say_why(typed: str, message: str) -> None:
    with pytest.raises(phone.InvalidPhoneNumber, match=message.replace("+", r"\+")):
        phone.normalise(typed)
    assert not phone.is_valid(typed)


def test_the_refusal_is_a_value_error_for_form_validators() -> None:
    assert issubclass(phone.InvalidPhoneNumber, ValueError)
