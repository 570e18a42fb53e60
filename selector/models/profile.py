"""The offering profile: one model x provider x delivery route x region, every fact sourced.

Field names carry their units. Enumerations are the vocabulary the rubrics in
``criteria/box1.yaml`` score; the report passages behind them are cited there.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from selector.models.common import (
    Bool,
    Fact,
    Jurisdiction,
    LongText,
    NonNegative,
    Number,
    PartialDate,
    Percent,
    Slug,
    Strict,
    Text,
    Unknown,
)
from selector.models.languages import LanguageTag

SCHEMA_VERSION = 2

Openness = Literal["open-source", "open-weight", "proprietary"]
Route = Literal["self-hosted", "vendor-api", "cloud-platform", "managed-hosting"]
Disclosure = Literal["open", "summary", "closed"]
Level = Literal["low", "medium", "high"]
Tag = Annotated[str, StringConstraints(strict=True, pattern=r"^[a-z0-9][a-z0-9.-]{0,59}$")]
KNOWN_CERTIFICATIONS = (
    "soc1-type2",
    "soc2-type1",
    "soc2-type2",
    "soc3",
    "iso9001",
    "iso22301",
    "iso27001",
    "iso27017",
    "iso27018",
    "iso27701",
    "iso42001",
    "csa-star",
    "csa-star-level2",
    "pci-dss",
    "hitrust",
    "fedramp-moderate",
    "fedramp-high",
    "bsi-c5",
    "aic4",
    "mtcs-level3",
    "irap",
    "ismap",
    "k-isms",
    "ens-high",
    "hds",
    "tisax",
    "cyber-essentials-plus",
    "stig",
)
"""Ids the rubric knows; an unknown id without ``x-`` is a typo until added here."""



def _known_certification(value: str) -> str:
    if value in KNOWN_CERTIFICATIONS or value.startswith("x-"):
        return value
    import difflib

    close = difflib.get_close_matches(value, KNOWN_CERTIFICATIONS, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "write your own with an 'x-' prefix"
    raise ValueError(f"'{value}' is not a known certification id; {hint}")


Certification = Annotated[
    str,
    StringConstraints(strict=True, pattern=r"^(x-)?[a-z0-9][a-z0-9.-]{1,40}$"),
    AfterValidator(_known_certification),
]
"""A certification or attestation id: one of ``KNOWN_CERTIFICATIONS``, or your own with ``x-``."""


SourceKind = Literal[
    "vendor-documentation",
    "terms",
    "contract",
    "model-card",
    "regulator",
    "paper",
    "questionnaire",
    "report",
    "index",
    "aggregator",
    "news",
    "other",
]
PRIMARY_KINDS: frozenset[str] = frozenset(
    {"vendor-documentation", "terms", "contract", "model-card", "regulator", "paper",
     "questionnaire"}
)
"""Source kinds a ``verified`` fact may rest on: the vendor's or regulator's own text, a contract,
a model card, a peer-reviewed paper, or (for ``vendor-attested``) the returned questionnaire."""

LifecycleStatus = Literal["preview", "generally-available", "legacy", "deprecated", "retired"]
DeploymentScope = Literal[
    "regional", "data-zone", "global", "on-premises", "private-cloud", "jurisdiction-pinned"
]


class Source(Strict):
    """A document a fact rests on."""

    id: Slug
    title: Text
    url: Annotated[str, StringConstraints(strict=True, pattern=r"^https?://\S+$")] | None = None
    document: Text | None = None
    """For a source without a URL: the path of a document shipped with the profiles (relative
    to the profile's folder), e.g. the institution's copy of a contract."""
    publisher: Text | None = None
    kind: SourceKind | None = None
    """What sort of document it is; ``verified`` facts need a primary kind (``PRIMARY_KINDS``)."""
    read_on: date | None = None
    """The day it was read, when that matters (a live web page)."""
    sha256: Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9a-f]{64}$")] | None = None
    """The sha256 of the document as received (a returned questionnaire: the file the vendor
    sent back, which ``selector questionnaire import`` ships beside the profile)."""
    respondent: Text | None = None
    """Who answered, for a questionnaire (a name and role on the vendor's side)."""
    date: PartialDate
    """The date the source bears (not the day it was read); ``2026-03`` when only the month is
    given."""


class Lifecycle(Strict):
    """Whether the model can be contracted on this route, and until when."""

    status: Fact[LifecycleStatus] | None = None
    retires_on: Fact[date] | None = None
    """The day the route stops serving the model (retirement or shutdown)."""
    successor: Fact[Text] | None = None
    """The replacement the provider names (a model name, as the provider writes it)."""
    successor_profile: Slug | None = None
    """The profile of that successor in the same catalogue, if there is one (checked)."""


class ModelInfo(Strict):
    family: Text
    developer: Text
    version: Text
    release_date: date | Unknown
    parameters_b: NonNegative | Unknown = "unknown"
    """Total parameters, in billions."""
    active_parameters_b: NonNegative | None = None
    """Active parameters per token for mixture-of-experts models, in billions."""
    source: Slug | None = None


Cloud = Literal["aws", "azure", "gcp", "alibaba", "oracle", "ibm", "other"]


class Provider(Strict):
    name: Text
    headquarters: Jurisdiction | Unknown
    parent: Text | None = None
    cloud: Cloud | None = None
    """The public cloud the route runs on, if any (compared with the institution's clouds)."""
    source: Slug | None = None


class Regions(Strict):
    """Where prompts and outputs are processed and stored, and under which deployment scope."""

    processing: Fact[list[Jurisdiction]]
    storage: Fact[list[Jurisdiction]]
    deployment_scope: Fact[DeploymentScope] | None = None
    """regional, data-zone, global, on-premises, private-cloud, or a vendor's
    jurisdiction-pinned mode (e.g. inference limited to Hong Kong)."""
    scope_geography: Fact[Text] | None = None
    """The geography a data-zone or pinned scope keeps processing in (e.g. ``APAC``, ``HK``)."""
    cloud_regions: list[Text] = Field(default_factory=list)
    """Provider region names, for people (e.g. ``Azure southeastasia (Singapore)``)."""


class Accessibility(Strict):
    licence_fee: Fact[Literal["none", "usage-based", "subscription", "enterprise-contract"]] | None = (
        None
    )
    input_price_usd_per_mtok: Fact[NonNegative] | None = None
    output_price_usd_per_mtok: Fact[NonNegative] | None = None
    infrastructure_need: Fact[Literal["none", "low", "medium", "high"]] | None = None
    talent_need: Fact[Level] | None = None
    ready_to_use: Fact[Bool] | None = None
    min_gpu_memory_gb: Fact[NonNegative] | None = None
    reserved_usd_per_month: Fact[NonNegative] | None = None
    """Reserved-capacity routes (per-token price not applicable, e.g. Azure provisioned PTUs): the
    monthly charge of the smallest reservation the route can be bought in."""
    reserved_min_units: Fact[NonNegative] | None = None
    """Reserved-capacity routes: the number of capacity units (PTUs) in that smallest reservation."""


class Transparency(Strict):
    source_code: Fact[Disclosure] | None = None
    architecture: Fact[Disclosure] | None = None
    weights: Fact[Disclosure] | None = None
    training_data: Fact[Disclosure] | None = None
    training_parameters: Fact[Disclosure] | None = None
    documentation: Fact[Literal["none", "basic", "model-card", "technical-report"]] | None = None
    fmti_score: Fact[Percent] | None = None
    output_explanations: Fact[Bool] | None = None
    usage_logging: Fact[Bool] | None = None
    mof_class: Fact[Literal["class-i", "class-ii", "class-iii", "unclassified"]] | None = None


Modality = Literal["text", "image", "audio", "video", "document"]


class Adaptability(Strict):
    fine_tuning: Fact[Literal["none", "vendor-managed", "full-weights"]] | None = None
    customisation_by: Fact[Literal["in-house", "provider", "either"]] | None = None
    languages: Fact[list[LanguageTag]] | None = None
    """BCP 47 tags (``en``, ``yue``, ``zh-Hant``, ``zh-HK``), normalised on load."""
    context_window_k: Fact[NonNegative] | None = None
    """The context window in thousands of tokens."""
    input_modalities: Fact[list[Modality]] | None = None
    """What the model accepts as input (``text``, ``image``, ``audio``, ``video``, ``document``:
    PDF and similar files read natively)."""


class Licence(Strict):
    """The licence of the model's weights: what anyone who runs them is bound by. For a model
    whose weights are not licensed out (a proprietary API), its facts are ``not-applicable``."""

    name: Fact[Text] | None = None
    type: Fact[Literal["osi-approved", "custom-open", "proprietary"]] | None = None
    commercial_use: Fact[Literal["allowed", "restricted", "not-allowed"]] | None = None
    user_cap_mau_millions: Fact[NonNegative | Literal["none"]] | None = None
    field_of_use_restrictions: Fact[list[Tag]] | None = None
    territorial_restrictions: Fact[list[Tag]] | None = None
    remote_restriction: Fact[Bool] | None = None
    """The licensor may restrict use remotely."""
    duty_to_update: Fact[Bool] | None = None
    """The licensee must move to updated weights when the licensor says so."""
    flow_down: Fact[Bool] | None = None
    """The licence's terms pass on to the institution's own users or customers."""


class ServiceTerms(Strict):
    """The route's provider agreement: what the institution signs to use this route. For weights
    the institution runs itself there is no provider, and its facts are ``not-applicable``."""

    agreement: Fact[Text] | None = None
    commercial_use: Fact[Literal["allowed", "restricted", "not-allowed"]] | None = None
    financial_services_clauses: Fact[list[Tag]] | None = None
    """Acceptable-use clauses touching financial services (credit, advice, insurance, ...)."""
    territorial_restrictions: Fact[list[Tag]] | None = None
    governing_law: Fact[Text] | None = None
    ip_indemnity: Fact[Literal["none", "conditional", "full"]] | None = None
    indemnity_conditions: Fact[Text] | None = None
    provider_liability: Fact[Literal["none", "partial", "full"]] | None = None
    liability_cap: Fact[Text] | None = None
    """The cap on the provider's liability, as the agreement states it (an amount or a rule)."""
    remote_restriction: Fact[Bool] | None = None
    """The provider may suspend or restrict the service remotely beyond ordinary breach."""
    termination_deletion: Fact[Text] | None = None
    """What happens to the institution's data at termination, and how soon."""
    duty_to_update: Fact[Bool] | None = None
    """The institution must move to new model versions when the provider says so."""
    flow_down: Fact[Bool] | None = None
    """The agreement passes terms (a model developer's licence or use policy) on to the
    institution."""


class Support(Strict):
    sla_uptime_pct: Fact[Percent | Literal["none"]] | None = None
    support_tiers: Fact[Literal["none", "community", "paid", "enterprise"]] | None = None
    third_party_support: Fact[Bool] | None = None
    professional_services: Fact[Bool] | None = None


class Security(Strict):
    attestations: Fact[list[Certification]] | None = None
    bug_bounty: Fact[Bool] | None = None
    red_teaming: Fact[Literal["none", "internal", "external"]] | None = None
    community: Fact[Literal["none", "small", "medium", "large"]] | None = None
    content_filtering: Fact[Bool] | None = None
    eu_gpai_code: Fact[Literal["signed", "partial", "not-signed"]] | None = None


class LockIn(Strict):
    prompt_portability: Fact[Level] | None = None
    fine_tune_portability: Fact[Literal["none", "low", "high"]] | None = None
    same_model_elsewhere: Fact[Bool] | None = None
    deprecation_notice_days: Fact[NonNegative] | None = None
    version_pinning: Fact[Bool] | None = None
    data_export: Fact[Bool] | None = None
    infrastructure: Fact[Literal["commodity", "specialised", "provider-proprietary"]] | None = None


class DataLocalisation(Strict):
    available_in_hk: Fact[Bool] | None = None
    hk_processing: Fact[Bool] | None = None
    on_premise: Fact[Bool] | None = None
    cross_border_transfer: Fact[Literal["none", "optional", "required"]] | None = None
    retention_days: Fact[NonNegative | Literal["indefinite"]] | None = None
    trains_on_customer_data: Fact[Bool] | None = None
    ownership_restrictions: Fact[list[Tag]] | None = None


GROUPS: dict[str, type[Strict]] = {
    "accessibility": Accessibility,
    "transparency": Transparency,
    "adaptability": Adaptability,
    "licence": Licence,
    "service_terms": ServiceTerms,
    "support": Support,
    "security": Security,
    "lock_in": LockIn,
    "data_localisation": DataLocalisation,
}
"""The fact groups, in Box 1 order plus lock-in and data localisation; the assumption of
liabilities reads two: the weights' licence and the route's service terms."""


PriceMapKey = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=200,
                                               pattern=r"^[^\s]+$")]


class Profile(Strict):
    """One offering. ``kind: alternative`` is a bare MCDA alternative with direct scores only."""

    schema_version: Literal[2]
    """The profile format's version; ``selector migrate`` rewrites version 1 files."""
    id: Slug
    name: Text
    kind: Literal["offering", "alternative"] = "offering"
    model: ModelInfo | None = None
    openness: Openness | None = None
    route: Route | None = None
    provider: Provider | None = None
    regions: Regions | None = None
    lifecycle: Lifecycle = Field(default_factory=Lifecycle)
    as_of: date | None = None
    review_by: date | None = None
    summary: LongText | None = None
    sources: list[Source] = Field(default_factory=list, max_length=200)
    accessibility: Accessibility = Field(default_factory=Accessibility)
    transparency: Transparency = Field(default_factory=Transparency)
    adaptability: Adaptability = Field(default_factory=Adaptability)
    licence: Licence = Field(default_factory=Licence)
    service_terms: ServiceTerms = Field(default_factory=ServiceTerms)
    support: Support = Field(default_factory=Support)
    security: Security = Field(default_factory=Security)
    lock_in: LockIn = Field(default_factory=LockIn)
    data_localisation: DataLocalisation = Field(default_factory=DataLocalisation)
    scores: dict[Slug, Number] = Field(default_factory=dict, max_length=200)
    """Direct criterion values, for criteria that have no rubric."""
    price_map_keys: list[PriceMapKey] = Field(default_factory=list, max_length=20)
    """Keys under which a price map in LiteLLM's ``model_prices_and_context_window.json``
    format lists this offering (route and region prefix included, e.g.
    ``bedrock/jp.anthropic.claude-sonnet-4-6``); read by ``selector audit --price-map``."""


REGION_FACTS = ("processing", "storage", "deployment_scope", "scope_geography")
LIFECYCLE_FACTS = ("status", "retires_on", "successor")

REQUIRED_FOR_OFFERING = (
    "model",
    "openness",
    "route",
    "provider",
    "regions",
    "as_of",
    "review_by",
)
