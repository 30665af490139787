"""Licence packs: the questions of licensed measures (SWEMWBS, MYCaW), supplied by the deploying
organisation, and scoring with them.

SWEMWBS and MYCaW may be used only under licence, so their wording is not part of Linkworker.
An organisation that holds a licence writes its items, answer choices and (for SWEMWBS) the
raw-to-metric conversion table into a small TOML file; docs/licence-pack.md describes it.

    pack = load_pack(path)                      # LicencePackError: what to fix in the file
    score(pack, "SWEMWBS", {"item_1": 4, ...})  # MeasureRefused: which answer is wrong

Without a pack, the app keeps scores entered by hand (measures.check_score).
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import (
    AllowInfNan,
    BaseModel,
    ConfigDict,
    Strict,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    model_validator,
)

from linkworker.care.measures import SCORE_RANGES, MeasureRefused, check_score

FORMAT: Final = 1
MAX_BYTES: Final = 1_000_000  # a pack is a few kilobytes; anything this big is the wrong file


@dataclass(frozen=True)
class _Rules:
    """What Linkworker knows about a licensed instrument, whatever the pack says."""

    answers: tuple[int, int]  # the lowest and highest answer value an item may offer
    method: Literal["sum", "mean"]
    items: int | None = None  # exactly this many items, when the instrument fixes it
    conversion: bool = False  # whether a raw-to-metric conversion table may be given


RULES: Final = {
    # 7 items answered 1-5; raw score 7-35, converted to a metric score by the licence's table.
    "SWEMWBS": _Rules(answers=(1, 5), method="sum", items=7, conversion=True),
    # Concerns in the person's own words and wellbeing, each rated 0-6; the score is their mean.
    "MYCaW": _Rules(answers=(0, 6), method="mean"),
}
INSTRUMENTS: Final = tuple(RULES)

_METHOD_WORDS: Final = {"sum": "the sum of its items", "mean": "the mean of its items"}

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), Strict()]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$"), Strict()]
Whole = Annotated[int, Strict()]
Flag = Annotated[bool, Strict()]
Metric = Annotated[float, AllowInfNan(False)]


class LicencePackError(ValueError):
    """A licence pack that cannot be used; the message says what to fix in the file."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Model):
    value: Whole
    label: Text


class Item(_Model):
    key: Key
    text: Text
    choices: tuple[Choice, ...] = ()  # the instrument's choices, unless the item has its own
    optional: Flag = False  # may be left unanswered (only where the score is a mean)
    own_words: Flag = False  # the person names it in their own words (MYCaW concerns)

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(choice.value for choice in self.choices)


class Scoring(_Model):
    method: Literal["sum", "mean"]
    conversion: dict[int, Metric] | None = None  # raw score → metric score


class Instrument(_Model):
    name: Literal["SWEMWBS", "MYCaW"]
    licence_holder: Text
    notice: str = ""  # the acknowledgement the licence asks to be shown with the questions
    instructions: str = ""  # read to the person before the items
    choices: tuple[Choice, ...] = ()  # shared by every item that does not list its own
    items: tuple[Item, ...] = ()
    scoring: Scoring

    @model_validator(mode="wrap")
    @classmethod
    def _share_choices_then_check(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        form = handler(data)
        if not isinstance(form, Instrument):
            return form
        # Items without their own choices take the instrument's; then the whole is checked.
        if form.choices:
            items = tuple(
                item if item.choices else item.model_copy(update={"choices": form.choices})
                for item in form.items
            )
            form = form.model_copy(update={"items": items})
        _check_instrument(form)
        return form

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def raw_range(self) -> tuple[int, int]:
        """The lowest and highest sum of answers the items allow."""
        required = [item for item in self.items if not item.optional]
        return (
            sum(min(item.values) for item in required),
            sum(max(item.values) for item in required),
        )


class LicencePack(_Model):
    format: Whole
    instruments: tuple[Instrument, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _known_format(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("format", FORMAT) != FORMAT:
            raise ValueError(
                f"This licence pack is format {data['format']!r}; this version of Linkworker "
                f"reads format {FORMAT}. Ask for a pack in format {FORMAT}, or update Linkworker."
            )
        return data

    @model_validator(mode="after")
    def _some_instruments(self) -> LicencePack:
        if not self.instruments:
            raise ValueError(
                "The licence pack has no instruments: add an [[instruments]] table for each "
                f"licensed measure ({' or '.join(INSTRUMENTS)})."
            )
        names = [instrument.name for instrument in self.instruments]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"The licence pack has {', '.join(twice)} more than once.")
        return self

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(instrument.name for instrument in self.instruments)

    def instrument(self, name: str) -> Instrument:
        """The instrument's questions, or MeasureRefused if the pack does not have them."""
        for instrument in self.instruments:
            if instrument.name == name:
                return instrument
        raise MeasureRefused(
            f"The licence pack has no {name} questions: enter the {name} score by hand."
        )


def _check_instrument(form: Instrument) -> None:
    rules = RULES[form.name]
    name = form.name
    if not form.items:
        raise ValueError(f"{name} has no items: list its questions as [[instruments.items]].")
    if rules.items is not None and len(form.items) != rules.items:
        raise ValueError(
            f"{name} has {rules.items} items; the licence pack lists {len(form.items)}."
        )
    keys = [item.key for item in form.items]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise ValueError(f"{name} has more than one item with the key {', '.join(twice)}.")
    low, high = rules.answers
    for item in form.items:
        where = f"{name} item {item.key!r}"
        if not item.choices:
            raise ValueError(
                f"{where} has no answer choices: give choices for the instrument or the item."
            )
        values = item.values
        if len(set(values)) != len(values):
            raise ValueError(f"{where} offers the same answer value twice.")
        outside = [value for value in values if not low <= value <= high]
        if outside:
            raise ValueError(
                f"{where} offers the answer value {outside[0]}, but {name} answers run from "
                f"{low} to {high}."
            )
    method = form.scoring.method
    if method != rules.method:
        raise ValueError(
            f"{name} is scored as {_METHOD_WORDS[rules.method]}: "
            f'set method = "{rules.method}" under [instruments.scoring].'
        )
    if all(item.optional for item in form.items):
        raise ValueError(f"{name} needs at least one item that is not optional.")
    if method == "sum" and any(item.optional for item in form.items):
        raise ValueError(f"{name} is scored as a sum, so every item must be answered.")
    if form.scoring.conversion is not None:
        if not rules.conversion:
            raise ValueError(f"{name} has no conversion table: remove it from the licence pack.")
        _check_conversion(form, form.scoring.conversion)


def _check_conversion(form: Instrument, table: Mapping[int, float]) -> None:
    name = form.name
    low, high = form.raw_range()
    missing = [raw for raw in range(low, high + 1) if raw not in table]
    if missing:
        raise ValueError(
            f"The {name} conversion table must give a metric score for every raw score from "
            f"{low} to {high}; it has none for {_list(missing)}."
        )
    extra = sorted(raw for raw in table if not low <= raw <= high)
    if extra:
        raise ValueError(
            f"The {name} conversion table has raw score {_list(extra)}, but raw scores run from "
            f"{low} to {high}."
        )
    top, bottom = SCORE_RANGES[name][1], SCORE_RANGES[name][0]
    for raw in range(low, high + 1):
        metric = table[raw]
        if not bottom <= metric <= top:
            raise ValueError(
                f"The {name} conversion table gives {metric:g} for raw score {raw}, but a "
                f"{name} score runs from {bottom:g} to {top:g}."
            )
        if raw > low and metric < table[raw - 1]:
            raise ValueError(
                f"The {name} conversion table goes down from raw score {raw - 1} "
                f"({table[raw - 1]:g}) to {raw} ({metric:g}): check the table against your licence."
            )


def _list(numbers: list[int]) -> str:
    shown = [str(n) for n in numbers[:8]]
    if len(numbers) > 8:
        shown.append(f"{len(numbers) - 8} more")
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


# -- reading the file -----------------------------------------------------------------------------


def load_pack(path: Path | str) -> LicencePack:
    """Read and check a licence pack, or raise LicencePackError saying what to fix."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LicencePackError(
                f"{path.name} is too large to be a licence pack ({size:,} bytes): "
                "check you chose the right file."
            )
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise LicencePackError(f"There is no licence pack at {path}.") from None
    except IsADirectoryError:
        raise LicencePackError(f"{path} is a folder: choose the licence pack file in it.") from None
    except OSError as exc:
        raise LicencePackError(
            f"The licence pack {path} cannot be read: {exc.strerror or exc}."
        ) from None
    except UnicodeDecodeError:
        raise LicencePackError(
            f"{path.name} is not a text file: a licence pack is TOML, saved as UTF-8."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise LicencePackError(f"{path.name} is not valid TOML: {exc}.") from None
    return parse_pack(data, path.name)


def parse_pack(data: Mapping[str, Any], name: str = "The licence pack") -> LicencePack:
    """Check a licence pack already read from TOML."""
    try:
        return LicencePack.model_validate(dict(data))
    except ValidationError as exc:
        problems = [_describe(err, data) for err in exc.errors(include_url=False)]
        unique = list(dict.fromkeys(problems))
        if len(unique) == 1:
            raise LicencePackError(f"{name} cannot be used. {unique[0]}") from None
        listed = "\n".join(f"- {problem}" for problem in unique[:10])
        raise LicencePackError(f"{name} cannot be used:\n{listed}") from None


def _describe(err: Any, data: Mapping[str, Any]) -> str:
    """One validation problem in words, naming the instrument and item it is in."""
    message = str(err["msg"])
    kind = err["type"]
    if kind == "value_error":  # our own checks: the message names what it is about
        return _sentence(message.removeprefix("Value error, "))
    loc = tuple(err["loc"])
    field = str(loc[-1]) if loc else ""
    if kind == "missing":
        where = _where(loc[:-1], data)
        if field == "format":
            return f"format is missing: start the file with format = {FORMAT}."
        return _sentence(f"{where}: {field} is missing" if where else f"{field} is missing")
    if kind == "extra_forbidden":
        where = _where(loc[:-1], data)
        there = f"{where} has" if where else "a licence pack has"
        return _sentence(f"{there} no {field!r}: check the spelling")
    if field == "[key]":
        return _sentence(
            f"{_where(loc[:-2], data)}: {loc[-2]!r} is not a raw score (a whole number)"
        )
    if field == "name" and kind == "literal_error":
        return _sentence(
            f"{_where(loc, data)}: Linkworker takes licence packs for "
            f"{' and '.join(INSTRUMENTS)} only, not {err.get('input')!r}"
        )
    if field == "key" and kind == "string_pattern_mismatch":
        message = "use lower-case letters, digits and _ (like item_1)"
    if field in ("text", "label", "licence_holder") and kind == "string_too_short":
        message = "write something here"
    message = message.replace("a valid tuple", "a list")
    return _sentence(f"{_where(loc, data)}: {message[:1].lower()}{message[1:]}")


_LISTS: Final = {"instruments", "items", "choices"}


def _where(loc: tuple[Any, ...], data: Mapping[str, Any]) -> str:
    """Where in the pack a location is, in words: "SWEMWBS, item 3 (item_3), text"."""
    parts: list[str] = []
    node: Any = data
    i = 0
    while i < len(loc):
        part = loc[i]
        following = loc[i + 1] if i + 1 < len(loc) else None
        if part in _LISTS and isinstance(following, int):
            seq = node.get(part) if isinstance(node, dict) else None
            node = seq[following] if isinstance(seq, list) and following < len(seq) else None
            got = node if isinstance(node, dict) else {}
            n = following + 1
            if part == "instruments":
                name = got.get("name")
                parts.append(name if isinstance(name, str) and name else f"instrument {n}")
            elif part == "items":
                key = got.get("key")
                parts.append(f"item {n} ({key})" if isinstance(key, str) and key else f"item {n}")
            else:
                parts.append(f"answer choice {n}")
            i += 2
            continue
        if part == "conversion" and following is not None and following != "[key]":
            parts.extend(["conversion", f"raw score {following}"])
            i += 2
            continue
        parts.append(str(part))
        node = node.get(part) if isinstance(node, dict) else None
        i += 1
    return ", ".join(parts)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


# -- scoring --------------------------------------------------------------------------------------


def check_answers(form: Instrument, answers: Mapping[str, object]) -> dict[str, int]:
    """Every answer a whole number the item offers, by item key; optional items may be blank."""
    checked: dict[str, int] = {}
    for item in form.items:
        value = answers.get(item.key)
        label = item.text
        low, high = min(item.values), max(item.values)
        not_whole = f"Answer with a whole number from {low} to {high}: \u201c{label}\u201d"
        if value is None or value == "":
            if item.optional:
                continue
            raise MeasureRefused(f"Answer every question: \u201c{label}\u201d has no answer.")
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                raise MeasureRefused(not_whole) from None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise MeasureRefused(not_whole)
        if not low <= value <= high:
            raise MeasureRefused(
                f"Answers run from {low} to {high}; {value} is outside that: \u201c{label}\u201d"
            )
        if value not in item.values:
            raise MeasureRefused(f"{value} is not one of the answers to \u201c{label}\u201d.")
        checked[item.key] = value
    extra = sorted(set(answers) - {item.key for item in form.items})
    if extra:
        raise MeasureRefused(f"{form.name} has no question {', '.join(extra)}.")
    return checked


def score(pack: LicencePack, instrument: str, answers: Mapping[str, object]) -> float:
    """The instrument's score from item answers, scored as the licence pack says.

    SWEMWBS: the sum of the seven answers (7-35), converted with the pack's table when it has one.
    MYCaW: the mean of the answered items (0-6). The result is within measures.SCORE_RANGES.
    """
    form = pack.instrument(instrument)
    checked = check_answers(form, answers)
    values = list(checked.values())
    raw = sum(values)
    if form.scoring.method == "mean":
        result = raw / len(values)
    elif form.scoring.conversion is not None:
        result = form.scoring.conversion[raw]
    else:
        result = float(raw)
    if not math.isfinite(result):  # cannot happen with a checked pack; never store it if it does
        raise MeasureRefused(f"The {instrument} score could not be worked out.")
    return check_score(instrument, result)


__all__ = [
    "INSTRUMENTS",
    "Choice",
    "Instrument",
    "Item",
    "LicencePack",
    "LicencePackError",
    "Scoring",
    "check_answers",
    "load_pack",
    "parse_pack",
    "score",
]
