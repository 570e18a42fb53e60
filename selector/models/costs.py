"""The cost model's file (criteria/costs.yaml): unit costs with their sources, staffing by
activity and route, multipliers, the imputation bounds for unknown cost facts, the TCO bands, the
accessibility split and the cost policy.

Validated like every other file kind: unknown keys are errors with a did-you-mean, each problem
located at its line and column (``selector validate criteria/costs.yaml``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from selector.models.common import (
    Bool,
    Confidence,
    LongText,
    NonNegative,
    PartialDate,
    Percent,
    Strict,
    Text,
)

Fraction = Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)]
Range = Annotated[list[NonNegative], Field(min_length=2, max_length=2)]
"""[low, high]: the range the sources support, which the cost sensitivity table tries."""


class Evidence(Strict):
    """Where a cost figure comes from: a source (title, locator, date), or ``assumption: true``
    with a note saying why. Every figure of the cost model carries one or the other."""

    unit: Text | None = None
    date: PartialDate | None = None
    source: LongText | None = None
    confidence: Confidence | None = None
    assumption: Bool = False
    """A toolkit assumption, not read in a source: the note says why; an assessment overrides it."""
    range: Range | None = None
    note: LongText | None = None

    @model_validator(mode="after")
    def _sourced_or_assumed(self) -> Evidence:
        if self.source is None and not self.assumption:
            raise ValueError("give a source (title, locator, date) or mark it 'assumption: true' "
                             "with a note saying why")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError("range must be [low, high] with low <= high")
        return self


class UnitCost(Evidence):
    """One unit cost and where it comes from."""

    value: NonNegative


Unit = UnitCost
"""A unit cost with its evidence (an assessment overrides it with a bare number)."""


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
    gpus_per_server: Unit
    non_production_replicas: Unit
    hkd_per_usd: Unit | None = None
    """Only for converting the HKD figures quoted in the sources; no formula reads it."""


ROUTE_KEYS = ("self-hosted", "managed-hosting", "cloud-platform", "vendor-api")


class PerRoute(Strict):
    """One figure per delivery route."""

    self_hosted: NonNegative = Field(alias="self-hosted")
    managed_hosting: NonNegative = Field(alias="managed-hosting")
    cloud_platform: NonNegative = Field(alias="cloud-platform")
    vendor_api: NonNegative = Field(alias="vendor-api")


class PartialPerRoute(Strict):
    """Figures for some routes (a floor that applies to them only)."""

    self_hosted: NonNegative | None = Field(default=None, alias="self-hosted")
    managed_hosting: NonNegative | None = Field(default=None, alias="managed-hosting")
    cloud_platform: NonNegative | None = Field(default=None, alias="cloud-platform")
    vendor_api: NonNegative | None = Field(default=None, alias="vendor-api")


class Activity(Evidence):
    """One staffing activity: who does it (the role whose FTE cost applies) and how many FTEs
    each route needs for a large institution's programme, before the multipliers."""

    role: Literal["trainer", "explainer", "sustainer"]
    what: LongText
    fte: PerRoute
    floor: PartialPerRoute | None = None
    """The least FTEs after the multipliers (work that does not shrink with the firm)."""


class Activities(Strict):
    integration: Activity
    adaptation: Activity
    serving: Activity
    governance: Activity
    vendor_management: Activity

    @model_validator(mode="after")
    def _same_integration(self) -> Activities:
        """No route needs less integration work than another for the same use case unless a
        source says why: integration FTEs differ between routes only with a source."""
        fte = self.integration.fte
        values = {fte.self_hosted, fte.managed_hosting, fte.cloud_platform, fte.vendor_api}
        if len(values) > 1 and self.integration.source is None:
            raise ValueError("integration.fte differs between routes: the integration work of a use "
                             "case does not depend on who hosts the model; give the same FTEs on "
                             "every route, or a source that says why a route needs less")
        return self


class Staffing(Strict):
    """FTEs per activity and delivery route, before the multipliers."""

    activities: Activities
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


class Bound(Evidence):
    """The pessimistic bound an unknown cost fact is imputed at, and the favourable end of its
    plausible range (fixed values: an option's score never depends on the other options)."""

    bound: NonNegative
    favourable: NonNegative

    @model_validator(mode="after")
    def _ordered(self) -> Bound:
        if self.favourable > self.bound:
            raise ValueError("favourable must not exceed bound (the bound is the pessimistic end)")
        return self


class Imputation(Strict):
    """Bounds for the cost facts a profile may leave unknown (costs.yaml ``imputation``)."""

    input_price_usd_per_mtok: Bound
    output_price_usd_per_mtok: Bound
    reserved_usd_per_unit_month: Bound
    """The price of one reserved capacity unit (an Azure PTU) a month, for a profile that gives
    ``accessibility.reserved_min_units``."""
    reserved_usd_per_month: Bound
    """The monthly charge of the smallest reservation, when the profile gives no unit count."""
    bytes_per_parameter: Bound
    """GPU memory per parameter, for a self-hosted profile with ``model.parameters_b``."""
    min_gpu_memory_gb: Bound
    """GPU memory, for a self-hosted profile without ``model.parameters_b``."""
    note: LongText | None = None


class Revalidation(Strict):
    """When the TCO carries a forced re-validation (revalidation_cost)."""

    on_retirement_in_horizon: Bool = True
    """A retirement date the provider published that falls inside the assessment's horizon
    forces a model switch, so one re-validation is charged over the horizon."""
    note: LongText | None = None


class CostsFile(Strict):
    version: Text
    currency: Text = "USD"
    units: Units
    staffing: Staffing
    expertise_multiplier: Expertise
    size_multiplier: Size
    imputation: Imputation
    revalidation: Revalidation
    tco_bands: Annotated[list[Band], Field(min_length=1)]
    accessibility: Accessibility
    budget: Budget
    switching_cost: Switching
    rules: Rules
