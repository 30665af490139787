"""A link worker types a postcode any which way; it is stored one way, or refused plainly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkworker.care.postcode import InvalidPostcode, is_valid, normalise

REAL_POSTCODES = [
    "SW1A 1AA",  # AA9A 9AA
    "W1A 0AX",  # A9A 9AA
    "EC1A 1BB",
    "M1 1AE",  # A9 9AA
    "B33 8TH",  # A99 9AA
    "CR2 6XH",  # AA9 9AA
    "DN55 1PT",  # AA99 9AA
    "LS1 4AP",
    "EH1 1YZ",
    "BT1 5GS",
    "CF10 1EP",
    "GIR 0AA",  # the historic exception
]

# Compact postcodes of every shape, built from the Royal Mail rules (letters used in each place).
_FIRST = "ABCDEFGHIJKLMNOPRSTUWYZ"  # never Q, V, X
_SECOND = "ABCDEFGHKLMNOPQRSTUVWXY"  # never I, J, Z
_THIRD = "ABCDEFGHJKPSTUW"  # A9A outward codes
_FOURTH = "ABEHMNPRVWXY"  # AA9A outward codes
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # never C, I, K, M, O, V
letter = st.sampled_from
digit = st.sampled_from("0123456789")


@st.composite
def compact_postcodes(draw: st.DrawFn) -> str:
    shape = draw(st.sampled_from(["A9", "A99", "AA9", "AA99", "A9A", "AA9A"]))
    first = draw(letter(_FIRST))
    outward = {
        "A9": first + draw(digit),
        "A99": first + draw(digit) + draw(digit),
        "AA9": first + draw(letter(_SECOND)) + draw(digit),
        "AA99": first + draw(letter(_SECOND)) + draw(digit) + draw(digit),
        "A9A": first + draw(digit) + draw(letter(_THIRD)),
        "AA9A": first + draw(letter(_SECOND)) + draw(digit) + draw(letter(_FOURTH)),
    }[shape]
    inward = draw(digit) + draw(letter(_INWARD_LETTERS)) + draw(letter(_INWARD_LETTERS))
    return outward + inward


@st.composite
def retyped(draw: st.DrawFn, postcode: str) -> str:
    """The same postcode as someone might type it: any case, spaces and tabs anywhere."""
    out = []
    for ch in postcode.replace(" ", ""):
        out.append(draw(st.sampled_from(["", " ", "  ", "\t", "\u00a0"])))
        out.append(ch.lower() if draw(st.booleans()) else ch)
    out.append(draw(st.sampled_from(["", " ", "\n"])))
    return "".join(out)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("SW1A1AA", "SW1A 1AA"),
        ("sw1a 1aa", "SW1A 1AA"),
        ("  Sw1A   1aA ", "SW1A 1AA"),
        ("gir0aa", "GIR 0AA"),
        ("GIR 0AA", "GIR 0AA"),
        ("m11ae", "M1 1AE"),
        ("dn551pt", "DN55 1PT"),
    ],
)
def test_known_postcodes_are_stored_in_capitals_with_one_space(typed: str, stored: str) -> None:
    assert normalise(typed) == stored
    assert is_valid(typed)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Enter the postcode"),
        ("   ", "Enter the postcode"),
        ("SW1A 1A", "does not look like a UK postcode"),  # inward code cut short
        ("S1", "5 to 7"),
        ("SW1A 1AAA", "5 to 7"),
        ("QW1A 1AA", "does not look like a UK postcode"),  # Q never starts a postcode
        ("SW1A 1CA", "does not look like a UK postcode"),  # C never in the inward code
        ("12345", "does not look like a UK postcode"),
        ("GIR 0AB", "does not look like a UK postcode"),
    ],
)
def test_things_that_are_not_postcodes_are_refused_plainly(typed: str, says: str) -> None:
    assert not is_valid(typed)
    with pytest.raises(InvalidPostcode, match=says):
        normalise(typed)


@given(compact_postcodes() | st.sampled_from(REAL_POSTCODES))
def test_normalising_a_normalised_postcode_changes_nothing(postcode: str) -> None:
    stored = normalise(postcode)
    assert normalise(stored) == stored
    outward, inward = stored.split(" ")
    assert len(inward) == 3
    assert 2 <= len(outward) <= 4
    assert stored == stored.upper()


@given(st.data(), compact_postcodes() | st.sampled_from(REAL_POSTCODES))
def test_any_spacing_and_case_of_a_postcode_stores_the_same_value(
    data: st.DataObject, postcode: str
) -> None:
    typed = data.draw(retyped(postcode))
    assert normalise(typed) == normalise(postcode)


@given(compact_postcodes(), st.sampled_from("CIKMOV"), st.integers(1, 2))
def test_a_forbidden_letter_in_the_inward_code_is_refused(
    postcode: str, bad: str, position: int
) -> None:
    at = len(postcode) - 3 + position  # the first or second letter of the inward code
    wrong = postcode[:at] + bad + postcode[at + 1 :]
    assert len(wrong) == len(postcode)
    assert not is_valid(wrong)


@given(st.text(max_size=12))
def test_any_text_is_either_a_postcode_or_a_plain_refusal(text: str) -> None:
    try:
        stored = normalise(text)
    except InvalidPostcode as refusal:
        assert str(refusal)
        return
    assert stored == normalise(stored)
    assert stored.isascii()


def test_a_hyphen_or_other_mark_is_named_as_the_problem() -> None:
    with pytest.raises(InvalidPostcode, match="only letters, digits and a space"):
        normalise("SW1A-1AA")
