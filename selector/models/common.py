"""Building blocks shared by profiles, criteria sets and assessments."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator

from selector.models.jurisdictions import check_jurisdiction

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
    str, StringConstraints(strict=True, min_length=2, max_length=8),
    AfterValidator(check_jurisdiction),
]
"""ISO 3166 alpha-2 code, ``EU``, ``deployer`` (wherever the institution runs it) or ``global``."""

Confidence = Literal["verified", "vendor-attested", "secondary", "unverified"]
"""The evidence policy (README, "Evidence policy"): ``verified`` means a primary document was read
and the fact cites it with a locator; ``vendor-attested`` is a vendor's written answer (a
due-diligence questionnaire); ``secondary`` rests on a third party's account (a law-firm note, an
aggregator, the press); ``unverified`` is recorded but not checked."""
CONFIDENCE_TAGS = {"verified": "V", "vendor-attested": "A", "secondary": "S", "unverified": "U"}

Unknown = Literal["unknown"]
UNKNOWN = "unknown"
NotApplicable = Literal["not-applicable"]
NOT_APPLICABLE = "not-applicable"
"""A fact that does not arise for this offering (an SLA for weights the institution hosts itself).
How each rubric rule scores it is stated on the rule (``not_applicable: points``, default 0)."""

PartialDate = date | Annotated[
    str, StringConstraints(strict=True, pattern=r"^[0-9]{4}(-(0[1-9]|1[0-2]))?$")
]
"""A date as precise as the source gives it: ``2026-03-14``, ``2026-03`` or ``2026``."""


def last_day(value: date | str) -> date:
    """The latest day a (partial) date can mean: ``2026-03`` is at most 2026-03-31."""
    if isinstance(value, date):
        return value
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    year, month = parts
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def first_day(value: date | str) -> date:
    """The earliest day a (partial) date can mean: ``2026-03`` is at least 2026-03-01."""
    if isinstance(value, date):
        return value
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, 1)


def show_date(value: date | str | None) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else value

T = TypeVar("T")


class Strict(BaseModel):
    """Base for every YAML-facing model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Citation(Strict):
    """Where in one source a fact is found."""

    id: Slug
    """Id of an entry in the profile's ``sources`` list."""
    locator: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=300)] | None = None
    """Section, page, table, or a quote of at most 300 characters."""
    as_of: PartialDate | None = None
    """The date this part of the source bears, when it differs from the source's date."""


class Fact(Strict, Generic[T]):
    """One sourced, dated fact about an offering. ``unknown`` and ``not-applicable`` are always
    allowed values."""

    value: T | Unknown | NotApplicable
    sources: list[Citation] = Field(default_factory=list, max_length=12)
    """Each source the fact rests on, with its locator; the first is the main one. A bare id
    (``sources: [ms-ccc]``) is a citation without a locator."""
    confidence: Confidence | None = None
    """verified [V], vendor-attested [A], secondary [S] or unverified [U]."""
    review_by: date | None = None
    """Overrides the profile's review-by date for this fact."""
    note: Text | None = None

    @field_validator("sources", mode="before")
    @classmethod
    def _bare_ids(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"id": item} if isinstance(item, str) else item for item in value]
        return value

    @property
    def known(self) -> bool:
        return not (isinstance(self.value, str) and self.value in (UNKNOWN, NOT_APPLICABLE))

    @property
    def applicable(self) -> bool:
        return not (isinstance(self.value, str) and self.value == NOT_APPLICABLE)

    @property
    def is_unknown(self) -> bool:
        return isinstance(self.value, str) and self.value == UNKNOWN

    @property
    def source(self) -> str | None:
        """The main source's id (the first citation), for one-line traces."""
        return self.sources[0].id if self.sources else None

    @property
    def locator(self) -> str | None:
        return self.sources[0].locator if self.sources else None


def unknown_fact() -> Fact[object]:
    return Fact[object](value=UNKNOWN)
