"""Criteria sets: the criteria, their objectives, default weights and scoring rubrics."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints

from selector.models.common import LongText, NonNegative, Number, Slug, Strict, Text

_MAX = {"max", "maximize", "maximise", "+", ">", "benefit", "1"}
_MIN = {"min", "minimize", "minimise", "-", "<", "cost", "-1"}


def parse_objective(value: Any) -> str:
    """The one place a criterion's direction is parsed; anything unrecognised is an error."""
    word = str(value).strip().lower() if isinstance(value, str | int) else None
    if word in _MAX:
        return "max"
    if word in _MIN:
        return "min"
    raise ValueError(f"must be 'max' or 'min' (got {value!r})")


Objective = Annotated[Literal["max", "min"], BeforeValidator(parse_objective)]
class Cite(Strict):
    """Where in the HKIMR report ("Financial Services in the Era of Generative AI", April 2025)
    a rule rests: its chapter, section, box or footnote, and the page where known."""

    section: Text
    page: Text | None = None


class Band(Strict):
    """Points for a numeric fact: the first band whose bound holds wins; no bound = otherwise."""

    at_most: Number | None = None
    at_least: Number | None = None
    points: NonNegative


CaseKey = Annotated[str, BeforeValidator(lambda v: str(v).lower() if isinstance(v, bool) else v)]


class Rule(Strict):
    """One rubric rule over one profile fact (or the best of several alternatives)."""

    id: Slug
    fact: Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z_]+\.[a-z0-9_]+$")] | None = (
        None
    )
    cases: dict[CaseKey, NonNegative] | None = None
    bands: list[Band] | None = Field(default=None, min_length=1, max_length=20)
    each: dict[Slug, NonNegative] | None = None
    if_empty: NonNegative | None = None
    cap: NonNegative | None = None
    not_applicable: NonNegative | None = None
    """Points for ``value: not-applicable`` (default 0: a commitment nobody makes counts as
    none). Set it where the fact does not arise for an offering and nothing is lost."""
    best_of: list[Rule] | None = Field(default=None, min_length=2, max_length=6)
    why: LongText | None = None
    cite: Cite | None = None


class Criterion(Strict):
    id: Slug
    name: Text
    label: str | None = Field(default=None, min_length=1, max_length=14, pattern=r"^[^\x00-\x1f]+$")
    """A short column label for tables (at most 14 characters); default: the name's first word."""
    objective: Objective
    weight: NonNegative
    description: LongText | None = None
    scale: tuple[Number, Number] | None = None
    """Fixed [low, high] range of the criterion's values; rubric criteria are 0-100."""
    rubric: list[Rule] | None = Field(default=None, min_length=1, max_length=40)
    assessment: Literal["tco"] | None = None
    """With an assessment, score this criterion from the horizon TCO and the fit with the
    institution's existing environment (criteria/costs.yaml) instead of its rubric."""


class CriteriaSet(Strict):
    version: Text
    name: Text
    description: LongText | None = None
    normalise_weights: bool = True
    """Rescale weights to sum to 1 (the default). Off only to reproduce published examples."""
    criteria: list[Criterion] = Field(min_length=1, max_length=60)
