"""Fictional people for trying the app: nobody real can be matched by name, number or phone.

NHS numbers come from the 999 range, which the NHS keeps for testing, and still pass the
modulus-11 check. Phone numbers come from Ofcom's ranges kept for drama (never allocated to
anyone): 07700 900xxx, 01632 960xxx, 0113 496 0xxx and 020 7946 0xxx. Addresses are in
Millbrook, a town that does not exist, with postcodes of the right shape in an area ("MB")
that has no real postcodes.
"""

from __future__ import annotations

import math
import random
import re
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


# Added for the sample directory (benchmarks/make_directory.py); the functions above are unchanged,
# so the demo caseload draws the same people from the same seed.

# Millbrook's centre, a plain (latitude, longitude) in WGS84. The town is fictional; the point is
# only there so distances and maps have something to work with.
CENTRE = (53.70, -1.60)
_DRAMA_PHONE = re.compile(r"^(?:07700 900|01632 960|0113 496 0|020 7946 0)[0-9]{3}$")
_MB_POSTCODE = re.compile(r"^MB[1-9] [1-9][ABDEFGHJLNPQRSTUWXYZ]{2}$")
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def is_drama_phone(number: str) -> bool:
    """True for a number in one of Ofcom's drama ranges, written as ``phone`` writes it."""
    return bool(_DRAMA_PHONE.match(number))


def is_fictional_postcode(text: str) -> bool:
    """True for a Millbrook ("MB") postcode of the shape ``postcode`` makes."""
    return bool(_MB_POSTCODE.match(text))


def mobile(rng: random.Random) -> str:
    return f"07700 900{rng.randrange(1000):03d}"


def landline(rng: random.Random) -> str:
    """A local-looking drama landline (0113 496 0xxx or 01632 960xxx)."""
    return rng.choice(_DRAMA_PHONES[1:3]).format(rng.randrange(1000))


def postcode_in(rng: random.Random, district: int) -> str:
    """A postcode in one Millbrook district, MB1 to MB9."""
    if not 1 <= district <= 9:
        raise ValueError("Millbrook districts run from MB1 to MB9.")
    letters = _INWARD_LETTERS
    return f"MB{district} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def offset(
    north_km: float, east_km: float, origin: tuple[float, float] = CENTRE
) -> tuple[float, float]:
    """The point ``north_km`` north and ``east_km`` east of ``origin`` (near enough, for a town)."""
    lat = origin[0] + north_km / 111.2
    lon = origin[1] + east_km / (111.32 * math.cos(math.radians(origin[0])))
    return round(lat, 6), round(lon, 6)


def point_near(
    rng: random.Random, km: float, origin: tuple[float, float] = CENTRE
) -> tuple[float, float]:
    """A random point within ``km`` of ``origin``, spread evenly over the disc."""
    distance = km * math.sqrt(rng.random())
    bearing = rng.uniform(0.0, 2 * math.pi)
    return offset(distance * math.cos(bearing), distance * math.sin(bearing), origin)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
