"""The wire protocol, version 1: what a laptop pushes and pulls. Validated on both sides.

Every message carries ``protocol``; a server refuses versions it does not speak with a clear 4xx.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 1
MAX_BATCH = 1000
MAX_PAGE = 2000
MAX_SEQ = 2**53  # counters stay exact in every JSON reader and fit a 64-bit column
ROLES = ("link worker", "health coach", "practice staff", "manager", "administrator")
Role = Literal["link worker", "health coach", "practice staff", "manager", "administrator"]


_DEEP = "values may be nested at most 8 levels deep"
_NUL = "text may not contain NUL characters"
_BIG = "whole numbers must be within ±2^53"


def _no_nul(value: Any, depth: int = 0) -> Any:
    """Reject what no database can store: NUL characters, and absurdly deep nesting.

    Every op's payload passes through here, so the common cases (text, whole numbers, flags
    and nothing, inside a dict or list) are checked in the loop without a call each."""
    if depth > 8:
        raise ValueError(_DEEP)
    kind = type(value)
    if kind is dict or kind is list:
        items = value.items() if kind is dict else enumerate(value)
        for key, item in items:
            if depth >= 8:
                raise ValueError(_DEEP)
            if type(key) is str and "\x00" in key:
                raise ValueError(_NUL)
            of = type(item)
            if of is str:
                if "\x00" in item:
                    raise ValueError(_NUL)
            elif of is int:
                if abs(item) > MAX_SEQ:
                    raise ValueError(_BIG)
            elif not (item is None or of is bool or of is float):
                _no_nul(item, depth + 1)
    elif isinstance(value, str):
        if "\x00" in value:
            raise ValueError(_NUL)
    elif isinstance(value, dict | list):  # subclasses: the long way round
        _no_nul(dict(value) if isinstance(value, dict) else list(value), depth)
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SEQ:
        raise ValueError(_BIG)
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
Payload = Annotated[dict[str, Any], AfterValidator(_no_nul)]


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Op(_Message):
    """One local change, as captured in the outbox."""

    op_id: Text = Field(min_length=1, max_length=36)
    device_seq: int = Field(ge=1, le=MAX_SEQ)
    entity: Text = Field(min_length=1, max_length=64)
    entity_id: Text = Field(min_length=1, max_length=36)
    kind: Literal["put", "patch", "delete", "append"]
    base_version: int | None = Field(default=None, ge=0, le=MAX_SEQ)
    hlc: str = Field(pattern=r"^[0-9]{13}-[0-9]{5}-[0-9A-Za-z]{1,40}$")
    payload: Payload = Field(default_factory=dict)


class PushRequest(_Message):
    protocol: int = PROTOCOL_VERSION
    # Names the batch in the server's log; ops themselves are deduplicated one by one.
    batch_id: Text = Field(min_length=1, max_length=64)
    ops: list[Op] = Field(max_length=MAX_BATCH)


OpStatus = Literal["applied", "merged", "conflict", "unchanged", "duplicate", "rejected"]
# Statuses after which the laptop drops the op from its outbox; "rejected" ones are kept aside,
# with the reason, and not sent again.
ACKNOWLEDGED = frozenset({"applied", "merged", "conflict", "unchanged", "duplicate"})


class OpResult(_Message):
    op_id: str
    device_seq: int
    status: OpStatus
    version: int | None = None
    reason: str | None = None


class PushResponse(_Message):
    protocol: int = PROTOCOL_VERSION
    results: list[OpResult]


class CandidateValue(_Message):
    """One concurrent value of a guarded field, with the stamp (when, which laptop) of its edit."""

    value: Any
    hlc: str
    version: int


class Change(_Message):
    """A record as the server now holds it, at a position in its change log.

    ``removed``: the record has left this laptop's scope (reassigned to another team): the laptop
    deletes its copy. ``candidates``: guarded fields edited concurrently, every value standing.
    """

    seq: int
    entity: str
    entity_id: str
    version: int = 0
    values: dict[str, Any] = Field(default_factory=dict)
    # Each field's stamp (HLC, version): ``stamp`` is the one most fields share, ``stamps`` the
    # others. Without ``stamp``, ``stamps`` has every field. (``sync.merge.expand_stamps``.)
    stamp: tuple[str, int] | None = None
    stamps: dict[str, tuple[str, int]] = Field(default_factory=dict)
    candidates: dict[str, list[CandidateValue]] = Field(default_factory=dict)
    deleted: bool = False
    removed: bool = False


class PullPage(_Message):
    protocol: int = PROTOCOL_VERSION
    changes: list[Change]
    cursor: int  # the client saves this with the page, in one transaction
    more: bool
    remaining: int | None = None  # changes after ``cursor`` in all (asked for on the first page)


# ---------------------------------------------------------------- reading a pull page, fast
#
# A first sync reads hundreds of thousands of changes. The laptop reads pull pages with msgspec
# into these structs, about six times faster than building the pydantic models above (that was
# most of the laptop's time on a first sync). They hold exactly the fields of ``PullPage``,
# ``Change`` and ``CandidateValue`` (``tests/sync/test_wire_forms.py`` holds the two to it), and
# reading is as strict: unknown fields and wrong types are refused.


class PageCandidate(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    value: Any
    hlc: str
    version: int


class PageChange(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    seq: int
    entity: str
    entity_id: str
    version: int = 0
    values: dict[str, Any] = msgspec.field(default_factory=dict)
    stamp: tuple[str, int] | None = None
    stamps: dict[str, tuple[str, int]] = msgspec.field(default_factory=dict)
    candidates: dict[str, list[PageCandidate]] = msgspec.field(default_factory=dict)
    deleted: bool = False
    removed: bool = False


class Page(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    changes: list[PageChange]
    cursor: int
    more: bool
    protocol: int = PROTOCOL_VERSION
    remaining: int | None = None


_page_reader = msgspec.json.Decoder(Page)


def read_page(body: bytes) -> Page:
    """A pull page from the server's answer; ``ValueError`` if it is not one."""
    try:
        return _page_reader.decode(body)
    except msgspec.DecodeError as exc:
        raise ValueError(str(exc)) from None


class EnrolRequest(_Message):
    protocol: int = PROTOCOL_VERSION
    username: Text = Field(min_length=1, max_length=128)
    password: Text = Field(min_length=1, max_length=1024)
    device_id: str = Field(pattern=r"^[0-9A-Za-z]{8,40}$")
    device_name: Text = Field(min_length=1, max_length=128)


class EnrolResponse(_Message):
    protocol: int = PROTOCOL_VERSION
    device_id: str
    token: str
    org_id: str
    org_name: str
    worker_id: str
    worker_name: str
    team_id: str | None
    role: Role


class Health(_Message):
    protocol: int = PROTOCOL_VERSION
    status: Literal["ok"] = "ok"
    version: str


class Problem(_Message):
    """Every 4xx answer: a code a program can act on and a reason a person can read."""

    code: str
    detail: str
