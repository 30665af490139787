"""The rules of a directory search that need no database: what a person typed, what the filter
boxes say, and how a found service is described ("Tuesdays 10:00–12:00", "Free", checked when).

* ``query_terms``: typed text as words to match by prefix ("walk gro" → ``walk``, ``gro``).
* ``parse_day``, ``parse_time``, ``parse_age``, ``parse_cost``: filter values as people type them;
  ``Filters``: a search's filters, checked and tidied.
* ``next_session``: the soonest of a service's schedules (RFC 5545 RRULE fields) in words.
* ``cost_class`` and ``cost_badge``: free, low cost (£5 or less), or what it costs.
* ``checked_on`` and ``is_stale``: how fresh a record is; not checked for 12 months is stale.
* ``spelling_candidates``: words of the index one slip away from a typed word (typo tolerance).
* ``haversine_km``: distance between two points on the Earth.

The store (``linkworker.store.directory_search``) repeats ``cost_class`` in SQL for its index;
tests hold the two to the same answers.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # RRULE codes, Monday first (date.weekday)
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_TERMS = 8  # words of a query that count (a pasted paragraph is not a search)
LOW_COST_GBP = 5.0  # "low cost": £5 or less
STALE_AFTER_MONTHS = 12

CostChoice = Literal["free", "low"]  # "low" means free or low cost
CostClass = Literal["free", "low", "paid", "unknown"]

# ---------------------------------------------------------------------------------- the query

_APOSTROPHES = re.compile("['’‘`]")
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case, accents taken off and apostrophes taken out: the index's view of text."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # casefold, then lower: casefold leaves a few scripts upper case (Cherokee), and the
    # index's tokenizer makes every letter lower case
    return _APOSTROPHES.sub("", plain.casefold().lower())


_DISTRICT = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?")


def postcode_district(text: str | None) -> str | None:
    """The outward part of a UK postcode ("MB2 1AB" → "MB2", "mb21ab" → "MB2", "MB2" → "MB2"),
    or None when the text is not one."""
    plain = re.sub(r"\s+", "", (text or "").upper())
    if _DISTRICT.fullmatch(plain):
        return plain
    outward, inward = plain[:-3], plain[-3:]
    if len(plain) >= 5 and _DISTRICT.fullmatch(outward) and re.fullmatch(r"\d[A-Z]{2}", inward):
        return outward
    return None


def query_terms(text: str) -> tuple[str, ...]:
    """The typed words, each to be matched as the start of a word in the index.

    "Men's shed" → ``("mens", "shed")``; "walk gro" → ``("walk", "gro")``; punctuation separates
    words as the index's tokenizer does; at most ``MAX_TERMS`` words count; a word repeated counts
    once.
    """
    seen: dict[str, None] = {}
    for word in _WORD.findall(fold(text)):
        seen.setdefault(word, None)
    return tuple(seen)[:MAX_TERMS]


# --------------------------------------------------------------------------- filter values

_DAY_WORDS = {
    **{code.lower(): code for code in WEEKDAYS},
    **{name.lower(): code for name, code in zip(DAY_NAMES, WEEKDAYS, strict=True)},
    **{name[:3].lower(): code for name, code in zip(DAY_NAMES, WEEKDAYS, strict=True)},
    "tues": "TU",
    "thur": "TH",
    "thurs": "TH",
    "weds": "WE",
}


def parse_day(text: str | None) -> str | None:
    """A day of the week as its RRULE code: "Tuesday", "tue", "Tuesdays", "TU" → "TU".

    Blank gives None; anything else that is not a day is refused with a plain message.
    """
    if text is None or not text.strip():
        return None
    word = text.strip().lower().rstrip(".")
    code = _DAY_WORDS.get(word) or _DAY_WORDS.get(word.removesuffix("s"))
    if code is None:
        raise ValueError(f"“{text.strip()}” is not a day of the week, for example Tuesday.")
    return code


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")
_TIME_COMPACT = re.compile(r"^(\d{2})(\d{2})$")


def parse_time(text: str | None) -> dt.time | None:
    """A time of day: "10:30", "10.30", "1030", "10am", "2:15pm", "noon", "midday".

    Blank gives None; a time that cannot be read is refused with a plain message.
    """
    if text is None or not text.strip():
        return None
    word = text.strip().lower()
    if word in ("noon", "midday"):
        return dt.time(12, 0)
    compact = _TIME_COMPACT.match(word)
    match = _TIME.match(word)
    hour = minute = -1
    if compact:
        hour, minute = int(compact[1]), int(compact[2])
    elif match:
        hour, minute = int(match[1]), int(match[2] or 0)
        half = (match[3] or "").replace(".", "")
        if half and not 1 <= hour <= 12:
            hour = -1
        elif half == "pm" and hour != 12:
            hour += 12
        elif half == "am" and hour == 12:
            hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f"“{text.strip()}” is not a time of day, for example 10:30 or 2pm.")
    return dt.time(hour, minute)


def parse_age(text: str | None) -> int | None:
    """A person's age in whole years, 0 to 130. Blank gives None."""
    if text is None or not text.strip():
        return None
    word = text.strip()
    if not word.isdigit() or not 0 <= int(word) <= 130:
        raise ValueError(f"“{word}” is not an age in years, for example 67.")
    return int(word)


def parse_cost(text: str | None) -> CostChoice | None:
    """The cost filter: "free" (free only) or "low" (free, or £5 or less). Blank gives None."""
    if text is None or not text.strip():
        return None
    word = text.strip().lower().replace("-", " ")
    if word == "free":
        return "free"
    if word in ("low", "low cost", "free or low cost", "cheap"):
        return "low"
    raise ValueError(f"“{text.strip()}” is not a cost choice: free, or low cost.")


# ---------------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class Filters:
    """What a search is narrowed to; every field left empty narrows nothing.

    * ``category``: a taxonomy term's id, code or name; services under narrower terms count.
    * ``day``: a day of the week (its RRULE code "TU", or a name such as "Tuesday"): a schedule
      of the service runs on that day. With ``time`` as well, that schedule is open then
      (``opens_at <= time < closes_at``); ``time`` alone means open then on any day.
    * ``cost``: "free" for free services only; "low" for free or low cost (£5 or less). The
      rules are ``cost_class``'s.
    * ``age``: the person's age in years lies within the service's minimum and maximum age
      (a bound not given does not limit).
    * ``accessibility``: features that must each appear in an accessibility description or its
      details at one of the service's locations ("wheelchair", "hearing loop").
    * ``language``: a language's name or code ("Polish", "pl") the service is offered in.
    * ``near`` (latitude, longitude) and ``within_km``: a location of the service with
      coordinates lies within that distance. ``near`` alone gives each result its distance;
      ``by_distance`` lists the nearest first (the nearest within 250 km when no distance is
      given).
    """

    category: str | None = None
    day: str | None = None
    time: dt.time | None = None
    cost: CostChoice | None = None
    age: int | None = None
    accessibility: tuple[str, ...] = ()
    language: str | None = None
    near: tuple[float, float] | None = None
    within_km: float | None = None
    by_distance: bool = False

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # a frozen dataclass tidies its own values here
        set_(self, "day", parse_day(self.day))
        if isinstance(self.accessibility, str):
            set_(self, "accessibility", (self.accessibility,))
        set_(self, "accessibility", tuple(a for a in self.accessibility if query_terms(a)))
        if self.category is not None and not self.category.strip():
            set_(self, "category", None)
        if self.language is not None and not query_terms(self.language):
            set_(self, "language", None)
        if self.cost not in (None, "free", "low"):
            raise ValueError(f"cost must be 'free' or 'low', not {self.cost!r}")
        if self.age is not None and not 0 <= self.age <= 130:
            raise ValueError(f"age must be 0 to 130 years, not {self.age}")
        if self.near is not None:
            lat, lon = self.near
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"not a point on the map: {self.near}")
        if self.within_km is not None and (self.near is None or not self.within_km > 0):
            raise ValueError("within_km needs a point (near) and a distance above 0")
        if self.by_distance and self.near is None:
            raise ValueError("by_distance needs a point (near)")


# ---------------------------------------------------------------------------- next session


@dataclass(frozen=True)
class ScheduleLine:
    """One schedule row of a service, as stored (HSDS's RRULE fields)."""

    freq: str | None = None  # WEEKLY, MONTHLY, DAILY
    interval: int | None = None
    byday: str | None = None  # "MO,WE"; monthly "1TU" (first Tuesday), "-1FR" (last Friday)
    bymonthday: str | None = None  # "15"
    opens_at: dt.time | None = None
    closes_at: dt.time | None = None
    description: str | None = None
    dtstart: dt.date | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    until: dt.date | None = None


_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_BYDAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")
_HORIZON_DAYS = 400  # how far ahead an occurrence is looked for


def _and(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@lru_cache(maxsize=4096)  # schedules repeat across services
def _times(line: ScheduleLine) -> str:
    if line.opens_at and line.closes_at:
        return f" {line.opens_at:%H:%M}–{line.closes_at:%H:%M}"
    if line.opens_at:
        return f" from {line.opens_at:%H:%M}"
    return ""


def _byday(line: ScheduleLine) -> tuple[tuple[int | None, int], ...] | None:
    """((ordinal or None, weekday index), ...), or None when byday is empty or unreadable."""
    return _read_byday(line.byday) if line.byday else None


@cache
def _read_byday(text: str) -> tuple[tuple[int | None, int], ...] | None:
    if not text.strip():
        return None
    found = []
    for part in text.upper().replace(" ", "").split(","):
        m = _BYDAY.match(part)
        if not m:
            return None
        found.append((int(m[1]) if m[1] else None, WEEKDAYS.index(m[2])))
    return tuple(found)


def _monthdays(line: ScheduleLine) -> tuple[int, ...] | None:
    return _read_monthdays(line.bymonthday) if line.bymonthday else None


@cache
def _read_monthdays(text: str) -> tuple[int, ...] | None:
    try:
        days = tuple(int(p) for p in text.replace(" ", "").split(","))
    except ValueError:
        return None
    return days if days and all(1 <= d <= 31 or -31 <= d <= -1 for d in days) else None


@lru_cache(maxsize=4096)  # schedules repeat across services
def _kind(line: ScheduleLine) -> str | None:
    """ "daily", "weekly", "monthly-byday", "monthly-bymonthday", or None (no pattern)."""
    freq = (line.freq or "").strip().upper()
    days = _byday(line)
    if freq == "DAILY" and days is None:
        return "daily"
    if freq == "MONTHLY":
        if days is not None:
            return "monthly-byday"
        return "monthly-bymonthday" if _monthdays(line) is not None else None
    if days is None:
        return None
    if any(ordinal is not None for ordinal, _ in days):
        return "monthly-byday"  # "1TU" without a frequency still means the first Tuesday
    return "weekly" if freq in ("", "WEEKLY") else None


def _plural(day: int) -> str:
    return DAY_NAMES[day] + "s"


@lru_cache(maxsize=4096)  # schedules repeat across services
def _pattern_words(line: ScheduleLine) -> str | None:
    kind = _kind(line)
    interval = line.interval if line.interval and line.interval > 1 else 1
    if kind == "daily":
        return "Every day" if interval == 1 else f"Every {interval} days"
    if kind == "weekly":
        days = sorted({d for _, d in _byday(line) or ()})
        if interval == 2:
            return "Every other " + _and([DAY_NAMES[d] for d in days])
        if interval > 2:
            return f"Every {interval} weeks on " + _and([DAY_NAMES[d] for d in days])
        if days == list(range(7)):
            return "Every day"
        if days == list(range(5)):
            return "Weekdays"
        if days == [5, 6]:
            return "Weekends"
        return _and([_plural(d) for d in days])
    if kind == "monthly-byday":
        parts = _byday(line) or ()
        weekdays = {d for _, d in parts}
        if len(weekdays) == 1:
            ordinals = [_ORDINALS.get(o or 1, f"{o}th") for o, _ in parts]
            words = _and(ordinals) + " " + DAY_NAMES[parts[0][1]]
        else:
            words = _and([f"{_ORDINALS.get(o or 1, f'{o}th')} {DAY_NAMES[d]}" for o, d in parts])
        return words[0].upper() + words[1:] + " of the month"
    if kind == "monthly-bymonthday":
        return _and([_day_of_month(d) for d in _monthdays(line) or ()]) + " of the month"
    return None


def _day_of_month(day: int) -> str:
    if day == -1:
        return "Last day"
    if day < 0:
        return f"{-day} days before the end"
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _nth_weekday(year: int, month: int, ordinal: int, weekday: int) -> dt.date | None:
    first = dt.date(year, month, 1)
    if ordinal > 0:
        day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))
        return day if day.month == month else None
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    day = last - dt.timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-ordinal - 1))
    return day if day.month == month else None


def _runs_on(line: ScheduleLine, kind: str, weekdays: frozenset[int], day: dt.date) -> bool:
    interval = line.interval if line.interval and line.interval > 1 else 1
    start = line.dtstart or line.valid_from
    if kind == "daily":
        return interval == 1 or start is None or (day - start).days % interval == 0
    if day.weekday() not in weekdays and kind != "monthly-bymonthday":
        return False
    if kind == "weekly":
        if interval == 1 or start is None:
            return True
        weeks = ((day - start).days + start.weekday() - day.weekday()) // 7  # Monday to Monday
        return weeks % interval == 0
    if kind == "monthly-byday":
        return any(
            day.weekday() == d and _nth_weekday(day.year, day.month, o or 1, d) == day
            for o, d in _byday(line) or ()
        )
    days = _monthdays(line) or ()
    last = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1) - dt.timedelta(days=1)
    return any(d == day.day or (d < 0 and last.day + d + 1 == day.day) for d in days)


def next_occurrence(line: ScheduleLine, now: dt.datetime) -> dt.datetime | None:
    """When this schedule next starts (or is still running) after ``now``, if it can be told."""
    kind = _kind(line)
    if kind is None:
        return None
    today = now.date()
    end = min((d for d in (line.valid_to, line.until) if d is not None), default=None)
    if end is not None and end < today:
        return None
    start = max([today, *(d for d in (line.valid_from, line.dtstart) if d is not None)])
    weekdays = frozenset(d for _, d in _byday(line) or ())
    over = (line.closes_at or line.opens_at or dt.time(23, 59)) <= now.time()
    for offset in range(_HORIZON_DAYS):
        day = start + dt.timedelta(days=offset)
        if end is not None and day > end:
            return None
        if (day == today and over) or not _runs_on(line, kind, weekdays, day):
            continue  # not on that day, or today's session is over
        return dt.datetime.combine(day, line.opens_at or dt.time(0, 0))
    return None


def next_session(
    schedules: Sequence[ScheduleLine], now: dt.datetime, day: str | None = None
) -> str:
    """The service's next session in words, as a results list shows it.

    Weekly schedules at the same hours are put together ("Mondays and Wednesdays 10:00–12:00");
    of the patterns, the one that comes round soonest after ``now`` is named, with "and other
    times" when there are more. A schedule with no pattern that can be read gives its own
    description; no schedule at all gives "". With ``day`` (a search for Tuesdays, "TU"), the
    sessions on that day are the ones named, when there are any.
    """
    today = now.date()
    current = [line for line in schedules if _not_ended(line, today)]
    if day is not None:
        on_the_day = [line for line in current if _on_weekday(line, WEEKDAYS.index(day))]
        current = on_the_day or current
    groups: dict[tuple[dt.time | None, dt.time | None], list[ScheduleLine]] = {}
    others: list[ScheduleLine] = []
    for line in current:
        plain_weekly = _kind(line) == "weekly" and not (line.interval and line.interval > 1)
        if plain_weekly and not (line.valid_from and line.valid_from > today):
            groups.setdefault((line.opens_at, line.closes_at), []).append(line)
        else:
            others.append(line)
    patterns: list[ScheduleLine] = [
        ScheduleLine(
            freq="WEEKLY",
            byday=",".join(
                WEEKDAYS[d] for d in sorted({d for g in group for _, d in _byday(g) or ()})
            ),
            opens_at=opens,
            closes_at=closes,
        )
        for (opens, closes), group in groups.items()
    ] + [line for line in others if _kind(line) is not None]
    timed = [(when, line) for line in patterns if (when := next_occurrence(line, now))]
    if timed:
        timed.sort(key=lambda pair: pair[0])
        line = timed[0][1]
        words = (_pattern_words(line) or "") + _times(line)
        return words + (" and other times" if len(timed) > 1 else "")
    for line in current:
        if line.description and line.description.strip():
            return line.description.strip().splitlines()[0]
    return ""


def _not_ended(line: ScheduleLine, today: dt.date) -> bool:
    return min((d for d in (line.valid_to, line.until) if d), default=dt.date.max) >= today


def has_sessions_on(schedules: Sequence[ScheduleLine], day: str, today: dt.date) -> bool:
    """Whether a schedule that has not ended has sessions on that day of the week ("TU")."""
    weekday = WEEKDAYS.index(day)
    return any(_not_ended(line, today) and _on_weekday(line, weekday) for line in schedules)


def _on_weekday(line: ScheduleLine, weekday: int) -> bool:
    """Whether the schedule's pattern has sessions on that day of the week at all."""
    kind = _kind(line)
    if kind == "daily":
        return True
    days = _byday(line) if kind in ("weekly", "monthly-byday") else None
    return days is not None and any(d == weekday for _, d in days)


def summary(description: str | None, limit: int = 160) -> str:
    """The start of a description for a results list: its first paragraph, cut at a word
    boundary with "…" when longer than ``limit`` characters."""
    text = " ".join((description or "").strip().split("\n\n")[0].split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–") + "…"


# ------------------------------------------------------------------------------------ cost


@dataclass(frozen=True)
class CostLine:
    """One cost option of a service, as stored."""

    amount: float | None = None
    option: str | None = None
    currency: str | None = "GBP"


def _says_low_cost(text: str | None) -> bool:
    return bool(text) and re.search("low.*cost", (text or "").lower(), re.S) is not None


def _gbp_amounts(options: Iterable[CostLine]) -> list[float]:
    return [
        o.amount for o in options if o.amount is not None and (o.currency or "GBP").upper() == "GBP"
    ]


def cost_class(options: Sequence[CostLine], fees_description: str | None) -> CostClass:
    """What a service costs, by these rules (the index applies the same ones in SQL):

    * **free**: a cost option of £0, or an option called "free"; or, when there are no cost
      options, a fees description that begins with "free" ("Free", "Free of charge").
    * **low**: not free, and the cheapest amount in pounds is £5 or less; or, when no amount is
      given at all, an option or the fees description says "low cost".
    * **paid**: the cheapest amount in pounds is more than £5.
    * **unknown**: nothing says.
    """
    if any(o.amount == 0 or (o.option or "").strip(" ").lower() == "free" for o in options):
        return "free"
    if not options and (fees_description or "").strip(" ").lower().startswith("free"):
        return "free"
    amounts = _gbp_amounts(options)
    if amounts:
        return "low" if min(amounts) <= LOW_COST_GBP else "paid"
    if any(_says_low_cost(o.option) for o in options):
        return "low"
    if not any(o.amount is not None for o in options) and _says_low_cost(fees_description):
        return "low"
    return "unknown"


def pounds(amount: float) -> str:
    """£3.50, £4 (whole pounds without pence), £1,200."""
    if float(amount).is_integer():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


def cost_badge(options: Sequence[CostLine], fees_description: str | None) -> str:
    """The short cost label beside a result: "Free", "£3.50", "From £2", "Low cost", or ""
    when the record does not say (see ``cost_class`` for the rules)."""
    kind = cost_class(options, fees_description)
    if kind == "free":
        return "Free"
    amounts = _gbp_amounts(options)
    if amounts:
        cheapest = min(amounts)
        return pounds(cheapest) if len(set(amounts)) == 1 else f"From {pounds(cheapest)}"
    return "Low cost" if kind == "low" else ""


# ------------------------------------------------------------------------------- freshness


def checked_on(assured_date: dt.date | None, last_modified: dt.datetime | None) -> dt.date | None:
    """When the record was last known to be right: the later of its assured date and the day
    it was last modified (in UTC), or None when it has neither."""
    days = [d for d in (assured_date, last_modified.date() if last_modified else None) if d]
    return max(days) if days else None


def is_stale(checked: dt.date | None, today: dt.date) -> bool:
    """Not checked in the last 12 months (or never): the list flags it for the worker."""
    if checked is None:
        return True
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return checked < year_ago


# -------------------------------------------------------------------------------- spelling


def edit_distance(a: str, b: str) -> int:
    """Edits (a letter added, dropped, changed, or two side by side swapped) from a to b."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def allowed_edits(term: str) -> int:
    """Slips forgiven in a typed word: none below 3 letters, one up to 6, two beyond."""
    if len(term) < 3:
        return 0
    return 1 if len(term) <= 6 else 2


def spelling_candidates(term: str, words: Iterable[tuple[str, int]], limit: int = 3) -> list[str]:
    """Starts of index words within ``allowed_edits`` of a typed word, best first.

    ``words`` are the index's words with how many services hold each. The typed word is the
    start of a word (the person may still be typing), so it is compared with the starts of
    the index's words, as long as it or up to ``allowed_edits`` letters shorter or longer:
    "wlak" → "walk" (from "walking"), "chior" → "choir", "gardn" → "garde" (from "garden").
    Ranked by fewest edits, then by how many services hold them.
    """
    most = allowed_edits(term)
    if most == 0:
        return []
    best: dict[str, tuple[int, int]] = {}
    n = len(term)
    for word, count in words:
        if not word.isalpha() or len(word) < 2:
            continue
        found: tuple[int, int, str] | None = None  # (edits, letters more or fewer, start)
        for k in range(max(1, n - most), min(len(word), n + most) + 1):
            start = word[:k]
            distance = edit_distance(term, start)
            if distance <= most and (found is None or (distance, abs(k - n)) < found[:2]):
                found = (distance, abs(k - n), start)
        if found is None or found[0] == 0:
            continue
        distance, _longer, start = found
        edits, held = best.get(start, (distance, 0))
        best[start] = (min(edits, distance), held + count)
    ranked = sorted(best.items(), key=lambda item: (item[1][0], -item[1][1], item[0]))
    return [start for start, _ in ranked[:limit]]


def spelled_word(start: str, words: Iterable[tuple[str, int]]) -> str:
    """How to show a corrected start: itself when it is a word of the index ("walk"), else the
    word beginning with it that most services hold ("garde" → "garden")."""
    best = start, -1
    for word, count in words:
        if word == start:
            return start
        if word.startswith(start) and count > best[1]:
            best = word, count
    return best[0]


# -------------------------------------------------------------------------------- distance

EARTH_RADIUS_KM = 6371.0088


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (latitude, longitude) points in degrees."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
