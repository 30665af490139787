"""Fictional people for trying the app: nobody real can be matched by name, number or phone.

NHS numbers come from the 999 range, which the NHS keeps for testing, and still pass the
modulus-11 check. Phone numbers come from Ofcom's ranges kept for drama (never allocated to
anyone): 07700 900xxx, 01632 960xxx, 0113 496 0xxx and 020 7946 0xxx. Addresses are in
Millbrook, a town that does not exist, with postcodes of the right shape in an area ("MB")
that has no real postcodes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from linkworker.care.nhs_number import check_digit

GIVEN_NAMES = (
    "Ada", "Bilal", "Carys", "Dev", "Eileen", "Femi", "Gwen", "Harpreet", "Ivy", "Jamal",
    "Kath", "Leon", "Maureen", "Niamh", "Owen", "Priya", "Reg", "Sana", "Tomasz", "Una",
    "Vera", "Wes", "Yusuf", "Zofia", "Arthur", "Bridget", "Colin", "Doreen", "Errol", "Fatima",
)  # fmt: skip
FAMILY_NAMES = (
    "Ashworth", "Begum", "Calloway", "Dunmore", "Ellery", "Fairbairn", "Greenhalgh", "Hussain",
    "Ingleby", "Jowett", "Kowalski", "Lightowler", "Mbeki", "Nuttall", "Okafor", "Pickersgill",
    "Quarmby", "Rushworth", "Sutcliffe", "Thackray", "Umpleby", "Varley", "Whiteley", "Yeadon",
)  # fmt: skip
STREETS = (
    "Canal Side", "Mill Lane", "Hillfoot Road", "Chapel Street", "Weavers Row", "Station Road",
    "Orchard Close", "Moorview Terrace", "Bridge End", "Fold Court",
)  # fmt: skip
TOWN = "Millbrook"
_DRAMA_PHONES = ("07700 900{:03d}", "01632 960{:03d}", "0113 496 0{:03d}", "020 7946 0{:03d}")


def nhs_numbers(rng: random.Random) -> Iterator[str]:
    """Distinct valid NHS numbers in the 999 test range, in random order."""
    seen: set[str] = set()
    while True:
        first_nine = "999" + f"{rng.randrange(1_000_000):06d}"
        digit = check_digit(first_nine)
        if digit is None:
            continue
        number = first_nine + str(digit)
        if number not in seen:
            seen.add(number)
            yield number


def phone(rng: random.Random) -> str:
    return rng.choice(_DRAMA_PHONES).format(rng.randrange(1000))


def postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"  # the letters an inward code may use
    return f"MB{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def address(rng: random.Random) -> tuple[str, str, str]:
    """(first line, town, postcode)."""
    return f"{rng.randint(1, 120)} {rng.choice(STREETS)}", TOWN, postcode(rng)
