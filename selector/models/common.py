"""Building blocks shared by profiles, criteria sets and assessments."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Slug = Annotated[
    str,
    StringConstraints(strict=True, pattern=r"^[a-z0-9][a-z0-9._-]{0,79}$"),
]
"""A safe identifier: lower-case letters, digits, '.', '_' and '-', at most 80 characters."""

Text = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=2000)]
LongText = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=8000)]
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
NonNegative = Annotated[float, Field(strict=True, ge=0, le=1e12, allow_inf_nan=False)]
Percent = Annotated[float, Field(strict=True, ge=0, le=100, allow_inf_nan=False)]
Bool = Annotated[bool, Field(strict=True)]
Jurisdiction = Annotated[
    str, StringConstraints(strict=True, pattern=r"^([A-Z]{2}|EU|deployer|global)$")
]
"""ISO 3166 alpha-2 code, ``EU``, ``deployer`` (wherever the institution runs it) or ``global``."""

Confidence = Literal["verified", "secondary", "unverified"]
CONFIDENCE_TAGS = {"verified": "V", "secondary": "S", "unverified": "U"}

Unknown = Literal["unknown"]
UNKNOWN = "unknown"

T = TypeVar("T")


class Strict(BaseModel):
    """Base for every YAML-facing model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Fact(Strict, Generic[T]):
    """One sourced, dated fact about an offering. ``value: unknown`` is always allowed."""

    value: T | Unknown
    source: Slug | None = None
    """Id of an entry in the profile's ``sources`` list."""
    as_of: date | None = None
    """When the fact was true; defaults to the source's date."""
    confidence: Confidence | None = None
    """verified [V], secondary [S] or unverified [U], as tagged in domain-anchors.md."""
    review_by: date | None = None
    """Overrides the profile's review-by date for this fact."""
    note: Text | None = None

    @property
    def known(self) -> bool:
        return not (isinstance(self.value, str) and self.value == UNKNOWN)


def unknown_fact() -> Fact[object]:
    return Fact[object](value=UNKNOWN)
