"""What makes a valid new person record, checked before anything is written."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from linkworker.care import nhs_number, postcode

NAME_MAX = 100


class NewPerson(BaseModel):
    """The fields needed to start a person's record. Optional fields may be blank."""

    model_config = ConfigDict(str_strip_whitespace=True, frozen=True)

    given_name: str
    family_name: str
    preferred_name: str | None = None
    nhs_number: str | None = None
    date_of_birth: dt.date | None = None
    postcode: str | None = None

    @field_validator("given_name", "family_name")
    @classmethod
    def _name_present(cls, value: str) -> str:
        if not value:
            raise ValueError("Enter a name.")
        if len(value) > NAME_MAX:
            raise ValueError(f"Use at most {NAME_MAX} characters.")
        return value

    @field_validator("preferred_name", "nhs_number", "postcode", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("nhs_number")
    @classmethod
    def _nhs_number(cls, value: str | None) -> str | None:
        return None if value is None else nhs_number.normalise(value)

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str | None) -> str | None:
        return None if value is None else postcode.normalise(value)

    @field_validator("date_of_birth", mode="before")
    @classmethod
    def _parse_date(cls, value: Any) -> Any:
        if isinstance(value, str):
            return parse_date(value)
        return value

    @field_validator("date_of_birth")
    @classmethod
    def _not_in_future(cls, value: dt.date | None) -> dt.date | None:
        if value is None:
            return None
        if value > dt.date.today():
            raise ValueError("The date of birth cannot be in the future.")
        if value.year < 1890:
            raise ValueError("Check the year: the date of birth is too long ago.")
        return value


def parse_date(text: str) -> dt.date | None:
    """Read a date typed as DD/MM/YYYY (UK) or YYYY-MM-DD; blank is None."""
    text = text.strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    shaped = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})|(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if shaped:  # the right shape, but no such day: say so rather than repeat the format
        raise ValueError("There is no such date: check the day and month.")
    raise ValueError("Enter the date as DD/MM/YYYY, for example 04/09/1961.")


def validate_new_person(fields: Mapping[str, Any]) -> NewPerson | dict[str, str]:
    """Return a valid NewPerson, or a message for each wrong field (field name → message)."""
    try:
        return NewPerson.model_validate(dict(fields))
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors(include_input=False, include_url=False):
            field = str(err["loc"][0]) if err["loc"] else "form"
            message = str(err.get("ctx", {}).get("error", "") or err["msg"])
            if err["type"] == "missing":
                message = "Enter a name." if field.endswith("_name") else "This is needed."
            errors.setdefault(field, _plain(message))
        return errors


def _plain(message: str) -> str:
    # pydantic prefixes messages from ValueError with "Value error, ".
    return message.removeprefix("Value error, ")
