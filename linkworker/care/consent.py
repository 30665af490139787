"""The kinds of consent a person gives (DESIGN.md 4): each recorded yes or no, with its history."""

from __future__ import annotations

from typing import Final

CONSENT_KINDS: Final = (
    "support from the service",
    "share with GP",
    "share with community provider",
    "contact by text",
)
