"""A link worker types an NHS number; only a real one (modulus-11 checked) is accepted."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from linkworker.care.nhs_number import (
    InvalidNHSNumber,
    check_digit,
    format_nhs_number,
    is_valid,
    normalise,
)

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@st.composite
def valid_numbers(draw: st.DrawFn) -> str:
    first_nine = draw(nine_digits)
    digit = check_digit(first_nine)
    assume(digit is not None)
    return first_nine + str(digit)


@pytest.mark.parametrize(
    "typed", ["943 476 5919", "9434765919", "943-476-5919", " 943 476 5919 ", "4010232137"]
)
def test_known_valid_numbers_are_accepted(typed: str) -> None:
    assert is_valid(typed)
    assert normalise(typed) == typed.strip().replace(" ", "").replace("-", "")


def test_a_valid_number_is_written_three_three_four() -> None:
    assert format_nhs_number("9434765919") == "943 476 5919"
    assert format_nhs_number("943-476-5919") == "943 476 5919"


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("943 476 5918", "not a valid NHS number"),  # last digit mistyped
        ("943 476 591", "has 10 digits; this has 9"),
        ("943 476 59199", "has 10 digits; this has 11"),
        ("943 476 591A", "only digits"),
        ("   ", "Enter the NHS number"),
        ("", "Enter the NHS number"),
    ],
)
def test_known_invalid_numbers_are_refused_with_a_plain_reason(typed: str, says: str) -> None:
    assert not is_valid(typed)
    with pytest.raises(InvalidNHSNumber, match=says):
        normalise(typed)


def test_nine_digits_whose_check_digit_would_be_ten_have_no_valid_number() -> None:
    assert check_digit("100000002") == 8  # 10*1 + 2*2 = 14; 14 % 11 = 3; 11 - 3 = 8
    impossible = "000000006"  # 2*6 = 12; 12 % 11 = 1; 11 - 1 = 10, which is not a digit
    assert check_digit(impossible) is None
    assert not any(is_valid(impossible + str(d)) for d in range(10))


@given(valid_numbers())
def test_nine_digits_and_their_check_digit_round_trip(number: str) -> None:
    assert normalise(number) == number
    formatted = format_nhs_number(number)
    assert formatted == f"{number[:3]} {number[3:6]} {number[6:]}"
    assert normalise(formatted) == number
    assert format_nhs_number(formatted) == formatted


@given(nine_digits)
def test_exactly_one_last_digit_completes_nine_digits_or_none_does(first_nine: str) -> None:
    completing = [d for d in "0123456789" if is_valid(first_nine + d)]
    expected = check_digit(first_nine)
    assert completing == ([] if expected is None else [str(expected)])


@given(valid_numbers(), st.integers(0, 9), st.integers(1, 9))
def test_changing_any_one_digit_makes_a_valid_number_invalid(
    number: str, position: int, shift: int
) -> None:
    digits = list(number)
    digits[position] = str((int(digits[position]) + shift) % 10)
    assert not is_valid("".join(digits))


@given(valid_numbers(), st.integers(0, 8))
def test_swapping_two_neighbouring_digits_is_caught(number: str, position: int) -> None:
    digits = list(number)
    assume(digits[position] != digits[position + 1])
    digits[position], digits[position + 1] = digits[position + 1], digits[position]
    assert not is_valid("".join(digits))


typed_text = st.text(
    alphabet=st.sampled_from("0123456789 -") | st.characters(categories=("Nd", "No", "Zs", "L")),
    max_size=14,
) | st.text(st.characters(categories=("Nd", "No")), min_size=10, max_size=10)


@given(typed_text)
def test_any_text_is_either_ten_plain_digits_or_a_plain_refusal(text: str) -> None:
    try:
        digits = normalise(text)
    except InvalidNHSNumber as refusal:
        assert str(refusal)
        return
    assert len(digits) == 10
    assert all(d in "0123456789" for d in digits), f"{text!r} gave {digits!r}"


@pytest.mark.parametrize("typed", ["٩٤٣٤٧٦٥٩١٩", "９４３４７６５９１９", "²" * 10])
def test_digits_from_other_scripts_are_not_an_nhs_number(typed: str) -> None:
    with pytest.raises(InvalidNHSNumber, match="only digits"):
        normalise(typed)
