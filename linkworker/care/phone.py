"""Phone numbers: UK numbers in their usual national form, numbers from abroad with their +.

    normalise("07700900123")          -> "07700 900123"
    normalise("+44 (0)113 4960123")   -> "0113 496 0123"
    normalise("020 7946 0018 x 21")   -> "020 7946 0018 ext. 21"
    normalise("+33 1 23 45 67 89")    -> "+33 1 23 45 67 89"

Google's libphonenumber (the ``phonenumbers`` package) knows which numbers are in use. Ofcom
keeps ranges for drama that are never allocated; the library calls some of them unassigned
(07700 900xxx, 01632 960xxx, 0115 496 0xxx, ...). All of them are accepted here, since fictional
records (demo data, training) use them.
"""

from __future__ import annotations

import re
from typing import Final

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat, ValidationResult

UK: Final = "GB"
UK_CODE: Final = 44
EXAMPLE: Final = "07700 900123"

# Ofcom's "telephone numbers for drama purposes", as national numbers (no leading 0): 0113-0118,
# 0121, 0131, 0141, 0151 and 0161 496 0xxx; 0191 498 0xxx; 020 7946 0xxx; 028 9649 6xxx;
# 029 2018 0xxx; 01632 960xxx; 07700 900xxx; 08081 570xxx; 0909 879 0xxx; 03069 990xxx.
_DRAMA = re.compile(
    r"^(?:11[3-8]4960|1[2-6]14960|1914980|2079460|2896496|2920180"
    r"|1632960|7700900|8081570|9098790|3069990)\d{3}$"
)
# What a person may type: digits and the usual punctuation, then an optional extension.
_SHAPE = re.compile(
    r"^\s*(?P<number>\+?[\d\s().\-/]*?)\s*(?:(?:ext\.?|extension|x)\s*(?P<ext>\d{1,7}))?\s*$",
    re.IGNORECASE,
)


class InvalidPhoneNumber(ValueError):
    """The text is not a phone number we can keep; the message says why, in plain words."""


def normalise(text: str) -> str:
    """Return the number tidied (national form for the UK, international otherwise), or raise."""
    if not text.strip():
        raise InvalidPhoneNumber("Enter a phone number, or leave it blank.")
    shape = _SHAPE.match(text)
    if shape is None or not any(c.isdigit() for c in shape["number"]):
        if re.search(r"\d[oOlI]|[oOlI]\d", text):
            raise InvalidPhoneNumber(
                "Use only digits in a phone number: check for a letter O typed for a zero."
            )
        raise InvalidPhoneNumber(f"Enter a UK phone number, for example {EXAMPLE}.")
    number = _parse(shape["number"])
    if not (phonenumbers.is_valid_number(number) or _is_drama(number)):
        raise InvalidPhoneNumber(_why_not(number))
    return _format(number, shape["ext"])


def is_valid(text: str) -> bool:
    try:
        normalise(text)
    except InvalidPhoneNumber:
        return False
    return True


def _parse(digits: str) -> PhoneNumber:
    try:
        return phonenumbers.parse(digits, UK)
    except NumberParseException as exc:
        if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            raise InvalidPhoneNumber(
                "Check the country code after the +: no country has that code."
            ) from None
        if exc.error_type == NumberParseException.TOO_LONG:
            raise InvalidPhoneNumber("That number has too many digits.") from None
        if exc.error_type in (
            NumberParseException.TOO_SHORT_NSN,
            NumberParseException.TOO_SHORT_AFTER_IDD,
        ):
            raise InvalidPhoneNumber("That number has too few digits.") from None
        raise InvalidPhoneNumber(f"Enter a UK phone number, for example {EXAMPLE}.") from None


def _is_drama(number: PhoneNumber) -> bool:
    return number.country_code == UK_CODE and bool(_DRAMA.match(str(number.national_number)))


def _why_not(number: PhoneNumber) -> str:
    """Why a number that parsed is still not one in use, as plainly as can be said."""
    national = str(number.national_number)
    if number.country_code == UK_CODE:
        digits = len(national) + 1  # as written in the UK, with the leading 0
        if len(national) < 6:  # "999", "111": not a number to keep on a record
            return "That number has too few digits."
        # 02, 03, 07 and 09 numbers have 11 digits; a few 01 and 08 numbers have 10.
        if national[0] in "2379" and digits < 11:
            kind = (
                "a UK mobile number" if national[0] == "7" else f"a number starting 0{national[0]}"
            )
            return f"That number has too few digits: it has {digits}, and {kind} has 11."
        if digits < 10:
            return f"That number has too few digits: it has {digits}, and a UK number has 10 or 11."
        if digits > 11:
            return f"That number has too many digits: it has {digits}, and a UK number has 11."
        return f"That does not look like a UK phone number: check the digits, like {EXAMPLE}."
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == ValidationResult.TOO_SHORT:
        return "That number has too few digits."
    if reason == ValidationResult.TOO_LONG:
        return "That number has too many digits."
    return (
        "That does not look like a phone number in use: "
        f"check the digits after +{number.country_code}."
    )


def _format(number: PhoneNumber, extension: str | None) -> str:
    if number.country_code == UK_CODE:
        formatted = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    else:
        formatted = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    return f"{formatted} ext. {extension}" if extension else formatted
