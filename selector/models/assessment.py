"""The assessment: who is choosing, for what, under which constraints (issue: the assessment)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from selector.models.common import (
    Bool,
    Jurisdiction,
    LongText,
    NonNegative,
    Number,
    Percent,
    Slug,
    Strict,
    Text,
)
from selector.models.evaluations import Evaluations
from selector.models.languages import LanguageTag
from selector.models.profile import Modality

Cloud = Literal["aws", "azure", "gcp", "alibaba", "oracle", "ibm", "other"]
DataClass = Literal["public", "internal", "confidential", "personal"]
RelPath = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=500)]


class Environment(Strict):
    """What the institution already runs: the report's near-term deciding factor (L1014-1015)."""

    clouds: list[Cloud] = Field(default_factory=list)
    on_premise_gpus: Annotated[int, Field(strict=True, ge=0, le=100_000)] = 0
    """Data-centre GPUs (80 GB class) already owned and available for GenAI."""
    data_platform: Text | None = None


class Institution(Strict):
    name: Text
    sector: Literal["bank", "insurer", "wealth-asset-manager", "other"]
    size: Literal["small", "medium", "large"]
    genai_expertise: Literal["low", "medium", "high"]
    environment: Environment = Field(default_factory=Environment)
    jurisdictions: list[Jurisdiction] = Field(min_length=1)
    majority_owner_headquarters: Jurisdiction | None = None
    """Where the institution's majority owner is headquartered (some providers restrict by it)."""
    customer_mau_millions: NonNegative = 0
    """Monthly active users of the institution's products (licence user caps compare to it)."""


Mtok = Annotated[float, Field(strict=True, ge=0, le=1_000_000, allow_inf_nan=False)]
"""Million tokens a month: at most a million of them (10^12 tokens), far beyond any one use case."""


class Volume(Strict):
    input_mtok_per_month: Mtok
    output_mtok_per_month: Mtok


class UseCase(Strict):
    name: Text
    description: LongText | None = None
    customer_facing: Bool
    risk_tier: Literal["low", "medium", "high"]
    sfc_high_risk: Bool = False
    """Investment recommendations, advice or research to clients (SFC circular 24EC55)."""
    data_classes: list[DataClass] = Field(min_length=1)
    volume: Volume
    users: Annotated[int, Field(strict=True, ge=1, le=100_000_000)]
    continuous_retraining: Bool = False
    deepfake_exposure: Bool = False
    ingests_third_party_documents: Bool = False
    """Claims files, KYC documents, research or web content written by others reach the model
    (retrieval or direct input): indirect prompt injection and poisoning come in with them."""
    eu_users: Bool = False
    """EU customers, or outputs used in the EU (an EU nexus with no EU operations)."""
    data_origin: list[Jurisdiction] | None = None
    """Where the data the model sees originates (default: Hong Kong if the institution operates
    there, else its first jurisdiction); processing elsewhere is a cross-border transfer."""


Pair = Annotated[list[Slug | float | int], Field(min_length=3, max_length=3)]


class Weights(Strict):
    """How the weights are set: presets (auto or named), direct values, or AHP comparisons."""

    preset: Slug | Literal["auto"] | None = "auto"
    direct: dict[Slug, NonNegative] = Field(default_factory=dict)
    pairwise: list[Pair] | None = None
    """[more important, less important, Saaty intensity 1-9] for every pair of criteria."""


class RequiredCapabilities(Strict):
    """What the use case cannot do without. An offering whose profile shows it lacks one is
    excluded; one whose profile does not say is flagged (the gap goes on its checklist)."""

    languages: list[LanguageTag] = Field(default_factory=list, max_length=20)
    """BCP 47 tags (``yue``, ``zh-Hant``, ``cmn``, ``en``), read through their subtags: ``zh-HK``
    in a profile evidences ``yue`` and ``zh-Hant``; ``zh`` alone evidences neither."""
    min_context_k: NonNegative | None = None
    """The least context window, in thousands of tokens."""
    input_modalities: list[Modality] = Field(default_factory=list, max_length=5)


class Constraints(Strict):
    processing_jurisdictions: list[Jurisdiction] | None = None
    """Where prompts and outputs may be processed; None = anywhere."""
    storage_jurisdictions: list[Jurisdiction] | None = None
    require_on_premise: Bool = False
    require_in_jurisdiction: Bool = False
    """On premises or in an in-jurisdiction private cloud (a head-office mandate, L2274-2279)."""
    cross_border_transfer: Literal["allowed", "optional-only", "forbidden"] = "allowed"
    require_osi_open: Bool = False
    lock_in_min_points: Percent | None = None
    """Lock-in ceiling: the least lock-in points (0-100, more = less lock-in) accepted."""
    min_scores: dict[Slug, Percent] = Field(default_factory=dict)
    exclude: list[Slug] = Field(default_factory=list)
    no_training_on_our_data: Bool = True
    required_capabilities: RequiredCapabilities = Field(default_factory=RequiredCapabilities)
    min_performance: dict[Slug, Number] = Field(default_factory=dict)
    """Task id of the ``evaluations:`` block -> the least measured metric value accepted (on the
    task's own metric scale). An offering measured below it is excluded; one with no result is
    flagged for review, since an unknown can neither meet nor fail it."""


class CostOverrides(Strict):
    """Overrides of criteria/costs.yaml unit costs (same keys)."""

    values: dict[Slug, NonNegative] = Field(default_factory=dict)


class Assessment(Strict):
    version: Literal[1] = 1
    institution: Institution
    use_case: UseCase
    horizon_years: Annotated[int, Field(strict=True, ge=1, le=15)] = 3
    go_live: date | None = None
    """When the offering is to be in use (default: the day of the run). An offering retired, or
    retiring, on or before it is excluded; one retiring within the horizon after it is flagged."""
    budget_usd_per_year: NonNegative | None = None
    criteria: RelPath | None = None
    profiles: RelPath | Annotated[list[RelPath], Field(min_length=1, max_length=20)] | None = None
    """One profiles folder (or file), or a list of them; relative to the assessment's folder.
    Default: the bundled catalogue."""
    method: Literal["wsm", "topsis", "wpm", "waspas", "vikor"] = "wsm"
    weights: Weights = Field(default_factory=Weights)
    constraints: Constraints = Field(default_factory=Constraints)
    costs: dict[Slug, NonNegative] = Field(default_factory=dict)
    checklist_state: RelPath | None = None
    evaluations: Evaluations | None = None
    """The institution's evaluation runs: scored as the performance criterion."""
    notes: LongText | None = None
