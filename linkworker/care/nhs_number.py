"""NHS number: ten digits, the last a modulus-11 check digit, written 3-3-4 ("943 476 5919")."""

from __future__ import annotations

import re

_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_SEPARATORS = re.compile(r"[\s-]")


class InvalidNHSNumber(ValueError):
    """The text is not a valid NHS number; the message says why, in plain words."""


def check_digit(first_nine: str) -> int | None:
    """The modulus-11 check digit for nine digits, or None when no valid number starts so."""
    if len(first_nine) != 9 or not _is_ascii_digits(first_nine):
        raise ValueError("need exactly nine digits")
    total = sum(int(d) * w for d, w in zip(first_nine, _WEIGHTS, strict=True))
    digit = 11 - (total % 11)
    if digit == 11:
        return 0
    if digit == 10:
        return None
    return digit


def normalise(text: str) -> str:
    """Return the ten digits of a valid NHS number, or raise InvalidNHSNumber."""
    digits = _SEPARATORS.sub("", text)
    if not digits:
        raise InvalidNHSNumber("Enter the NHS number, or leave it blank.")
    if not _is_ascii_digits(digits):
        raise InvalidNHSNumber("An NHS number has only digits, for example 943 476 5919.")
    if len(digits) != 10:
        raise InvalidNHSNumber(f"An NHS number has 10 digits; this has {len(digits)}.")
    expected = check_digit(digits[:9])
    if expected is None or expected != int(digits[9]):
        raise InvalidNHSNumber("This is not a valid NHS number: check the digits were typed right.")
    return digits


def _is_ascii_digits(text: str) -> bool:
    # str.isdigit() is also true for other scripts' digits ("٣", "９", "²"); NHS numbers are 0-9.
    return text.isascii() and text.isdigit()


def is_valid(text: str) -> bool:
    try:
        normalise(text)
    except InvalidNHSNumber:
        return False
    return True


def format_nhs_number(text: str) -> str:
    """Format a valid NHS number as 3-3-4 ("943 476 5919")."""
    d = normalise(text)
    return f"{d[:3]} {d[3:6]} {d[6:]}"
