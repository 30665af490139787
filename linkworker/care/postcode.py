"""UK postcodes: normalise ("sw1a1aa" → "SW1A 1AA") and check the format."""

from __future__ import annotations

import re

# Outward code: A9, A99, A9A, AA9, AA99, AA9A. Inward code: a digit then two letters, never
# C, I, K, M, O or V. GIR 0AA is the one historic exception still in use.
_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9]{1,2}"  # A9, A99
    r"|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"  # AA9, AA99
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"  # A9A
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"  # AA9A
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_POSTCODE = re.compile(rf"^(?:{_OUTWARD}{_INWARD}|GIR0AA)$")


class InvalidPostcode(ValueError):
    """The text is not a UK postcode; the message says why."""


def normalise(text: str) -> str:
    """Return the postcode in capitals with one space before the inward code, or raise."""
    compact = re.sub(r"\s+", "", text).upper()
    if not compact:
        raise InvalidPostcode("Enter the postcode, or leave it blank.")
    if not compact.isascii() or not compact.isalnum():
        raise InvalidPostcode("Use only letters, digits and a space in a postcode, like SW1A 1AA.")
    if not 5 <= len(compact) <= 7:
        raise InvalidPostcode("A UK postcode has 5 to 7 letters and digits, like SW1A 1AA.")
    if not _POSTCODE.match(compact):
        raise InvalidPostcode("This does not look like a UK postcode, for example LS1 4AP.")
    return f"{compact[:-3]} {compact[-3:]}"


def is_valid(text: str) -> bool:
    try:
        normalise(text)
    except InvalidPostcode:
        return False
    return True
