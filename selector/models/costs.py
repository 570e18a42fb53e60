"""The cost model's file (criteria/costs.yaml): unit costs with their sources, the staffing
table, multipliers, the TCO bands, the accessibility split and the cost policy.

Validated like every other file kind: unknown keys are errors with a did-you-mean, each problem
located at its line and column (``selector validate criteria/costs.yaml``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from selector.models.common import Confidence, LongText, NonNegative, PartialDate, Percent, Strict, Text

Fraction = Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)]


class UnitCost(Strict):
    """One unit cost and where it comes from."""

    value: NonNegative
    unit: Text | None = None
    date: PartialDate | None = None
    source: LongText | None = None
    confidence: Confidence | None = None
    note: LongText | None = None


Unit = UnitCost | NonNegative
"""A unit cost with its evidence, or a bare number (an assessment-style override)."""


class Units(Strict):
    gpu_memory_gb: Unit
    gpu_server_cost_per_gpu: Unit
    gpu_amortisation_years: Unit
    gpu_hosting_per_gpu_year: Unit
    maintenance_fraction: Unit
    kv_cache_overhead: Unit
    throughput_tokens_per_second_per_gpu: Unit
    serving_utilisation: Unit
    min_replicas: Unit
    fte_cost_trainer: Unit
    fte_cost_explainer: Unit
    fte_cost_sustainer: Unit
    revalidation_cost: Unit
    hkd_per_usd: Unit | None = None
    """Only for converting the HKD figures quoted in the sources; no formula reads it."""


class Roles(Strict):
    trainer: NonNegative
    explainer: NonNegative
    sustainer: NonNegative


class Staffing(Strict):
    """FTEs per delivery route and role, before the multipliers."""

    self_hosted: Roles = Field(alias="self-hosted")
    managed_hosting: Roles = Field(alias="managed-hosting")
    cloud_platform: Roles = Field(alias="cloud-platform")
    vendor_api: Roles = Field(alias="vendor-api")
    note: LongText | None = None


class Expertise(Strict):
    low: NonNegative
    medium: NonNegative
    high: NonNegative
    note: LongText | None = None


class Size(Strict):
    small: NonNegative
    medium: NonNegative
    large: NonNegative
    note: LongText | None = None


class Band(Strict):
    """Accessibility points for an annual TCO at most ``at_most`` USD; no bound: the rest.
    An item with only a ``note`` explains the bands and scores nothing."""

    at_most: NonNegative | None = None
    points: Percent | None = None
    note: LongText | None = None


class Environment(Strict):
    gpus_in_place: Percent
    some_gpus: Percent
    no_gpus: Percent
    cloud_in_use: Percent
    new_cloud: Percent
    vendor_api: Percent


class Accessibility(Strict):
    tco_share: Percent
    """Points out of 100 that come from the TCO; the environment fit gives the rest."""
    environment: Environment
    note: LongText | None = None


class Budget(Strict):
    """How an annual TCO scores against the assessment's budget (linear between the ends)."""

    full_points_share: Fraction
    """At most this share of the budget earns 100 points."""
    zero_points_share: Annotated[float, Field(strict=True, gt=0, le=10, allow_inf_nan=False)]
    """This share of the budget or more earns 0."""
    note: LongText | None = None


class Switching(Strict):
    """The switching-cost estimate at the end of the lock-in trace."""

    integration_years: Fraction
    """Years of the explainers' time to rework integrations (a quarter-year)."""
    min_explainer_fte: NonNegative
    """The integration rework needs at least this many explainer FTEs."""
    fine_tune_years: Fraction
    """Trainer-years to redo fine-tunes that cannot leave the offering."""
    stranded_gpu_share: Fraction
    """Share of the capex of GPUs bought for the offering that is lost on leaving."""
    note: LongText | None = None


class RuleText(Strict):
    """The why and the citation a trace shows for a rule the cost model scores."""

    why: LongText
    cite: Text


class Rules(Strict):
    acc_tco: RuleText = Field(alias="acc-tco")
    acc_environment: RuleText = Field(alias="acc-environment")
    lck_switching_cost: RuleText = Field(alias="lck-switching-cost")


class CostsFile(Strict):
    version: Text
    currency: Text = "USD"
    units: Units
    staffing: Staffing
    expertise_multiplier: Expertise
    size_multiplier: Size
    tco_bands: Annotated[list[Band], Field(min_length=1)]
    accessibility: Accessibility
    budget: Budget
    switching_cost: Switching
    rules: Rules
