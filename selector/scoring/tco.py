"""Horizon total cost of ownership per offering, and the accessibility score built on it.

The formula, in words (every unit cost comes from criteria/costs.yaml, overridable in the
assessment's ``costs:`` map):

* usage fees (API and cloud routes): 12 x (input Mtok x input price + output Mtok x output
  price) per year;
* infrastructure (self-hosted routes): GPUs per replica = ceil(model GPU memory x (1 + KV-cache
  overhead) / GPU memory); replicas = max(min_replicas, ceil(monthly tokens / capacity of one
  replica)), where a replica serves throughput x its GPUs x 2,592,000 s x utilisation tokens a
  month; GPUs already on premises are not bought again. Capex per GPU is amortised over the
  amortisation period; hosting (power, cooling, space) and maintenance are yearly;
* talent: FTEs per role for the route (staffing table) x the expertise multiplier x the cost
  of an FTE in that role.

The annual figure is scored on a fixed scale tied to the assessment: against its budget if it
gives one (at most a quarter of the budget earns 100, the whole budget or more earns 0, linear
between), else on the fixed bands of costs.yaml. Nothing depends on the other options.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from selector.errors import InputError
from selector.io.validation import located, suggestion, validate_model
from selector.io.yamlio import load
from selector.models.assessment import Assessment
from selector.models.common import show_date
from selector.models.costs import Budget, CostsFile, Rules, Switching, UnitCost
from selector.profiles import LoadedProfile, get_fact

ROLES = ("trainer", "explainer", "sustainer")
SECONDS_PER_MONTH = 2_592_000
UNIT_KEYS = (
    "gpu_memory_gb",
    "gpu_server_cost_per_gpu",
    "gpu_amortisation_years",
    "gpu_hosting_per_gpu_year",
    "maintenance_fraction",
    "kv_cache_overhead",
    "throughput_tokens_per_second_per_gpu",
    "serving_utilisation",
    "min_replicas",
    "fte_cost_trainer",
    "fte_cost_explainer",
    "fte_cost_sustainer",
    "revalidation_cost",
)


@dataclass(frozen=True, slots=True)
class CostBook:
    units: Mapping[str, float]
    sources: Mapping[str, str]
    staffing: Mapping[str, Mapping[str, float]]
    expertise_multiplier: Mapping[str, float]
    size_multiplier: Mapping[str, float]
    bands: tuple[tuple[float | None, float], ...]
    tco_share: float
    """Points out of 100 of the accessibility score that come from the TCO."""
    environment_points: Mapping[str, float]
    """Points for the fit with the institution's environment (the rest of the 100)."""
    path: str
    sha256: str
    budget: Budget | None = None
    """How a TCO scores against the assessment's budget (costs.yaml ``budget``)."""
    switching: Switching | None = None
    """The switching-cost policy (costs.yaml ``switching_cost``)."""
    rules: Rules | None = None
    """The why and citation of the three rules the cost model scores (costs.yaml ``rules``)."""


ROUTES = ("self-hosted", "managed-hosting", "cloud-platform", "vendor-api")
ENVIRONMENT_KEYS = ("gpus_in_place", "some_gpus", "no_gpus", "cloud_in_use", "new_cloud", "vendor_api")


def _unit(entry: UnitCost | float) -> tuple[float, str | None]:
    if isinstance(entry, UnitCost):
        return float(entry.value), "; ".join(
            str(v) for v in (entry.source, show_date(entry.date), entry.confidence) if v) or None
    return float(entry), None


def load_costs(path: str | os.PathLike[str], overrides: Mapping[str, float] | None = None,
               where: str = "assessment") -> CostBook:
    """Read and validate a costs file (strict: unknown keys are located errors with a
    did-you-mean) and apply an assessment's ``costs:`` overrides."""
    doc = load(path, os.fspath(path))
    parsed = validate_model(doc, CostsFile, "a costs file")
    units: dict[str, float] = {}
    sources: dict[str, str] = {}
    for key in UNIT_KEYS:
        value, source = _unit(getattr(parsed.units, key))
        units[key] = value
        if source is not None:
            sources[key] = source
    for key, value in (overrides or {}).items():
        if key not in UNIT_KEYS:
            raise InputError(f"{where}: costs.{key}: not a unit cost; " + suggestion(key, UNIT_KEYS))
        units[key] = float(value)
        sources[key] = "overridden in the assessment"
    table = parsed.staffing
    staffing = {route: {r: float(getattr(getattr(table, route.replace("-", "_")), r)) for r in ROLES}
                for route in ROUTES}
    bands = tuple((float(b.at_most) if b.at_most is not None else None, float(b.points))
                  for b in parsed.tco_bands if b.points is not None)
    if not bands:
        raise InputError(located(doc, ("tco_bands",), "give at least one band with points"))
    split = parsed.accessibility
    environment = {k: float(getattr(split.environment, k)) for k in ENVIRONMENT_KEYS}
    if abs(float(split.tco_share) + max(environment.values()) - 100.0) > 1e-9:
        raise InputError(located(doc, ("accessibility", "tco_share"),
                                 "tco_share plus the largest environment points must be 100"))
    budget = parsed.budget
    if budget.zero_points_share <= budget.full_points_share:
        raise InputError(located(doc, ("budget", "zero_points_share"),
                                 "must be above full_points_share (the budget share that earns 100)"))
    return CostBook(
        units=units,
        sources=sources,
        staffing=staffing,
        expertise_multiplier={k: float(getattr(parsed.expertise_multiplier, k))
                              for k in ("low", "medium", "high")},
        size_multiplier={k: float(getattr(parsed.size_multiplier, k)) for k in ("small", "medium", "large")},
        bands=bands,
        tco_share=float(split.tco_share),
        environment_points=environment,
        path=doc.path,
        sha256=doc.sha256,
        budget=budget,
        switching=parsed.switching_cost,
        rules=parsed.rules,
    )


@dataclass(frozen=True, slots=True)
class CostLine:
    item: str
    annual_usd: float | None
    """None when a fact it needs is unknown."""
    working: str

    def as_dict(self) -> dict[str, Any]:
        return {"item": self.item, "annual_usd": self.annual_usd, "working": self.working}


@dataclass(frozen=True, slots=True)
class Tco:
    lines: tuple[CostLine, ...]
    horizon_years: int
    unknown: tuple[str, ...] = field(default=())
    """Facts whose absence leaves the TCO incomplete."""
    gpus_needed: int | None = None
    """GPUs a self-hosted deployment needs (None for other routes or when unknown)."""

    @property
    def annual_usd(self) -> float | None:
        if self.unknown:
            return None
        return sum(line.annual_usd or 0.0 for line in self.lines)

    @property
    def horizon_usd(self) -> float | None:
        annual = self.annual_usd
        return None if annual is None else annual * self.horizon_years

    def as_dict(self) -> dict[str, Any]:
        return {
            "annual_usd": self.annual_usd,
            "horizon_years": self.horizon_years,
            "horizon_usd": self.horizon_usd,
            "lines": [line.as_dict() for line in self.lines],
            "unknown": list(self.unknown),
        }


def _number(loaded: LoadedProfile, path: str) -> float | None:
    fact = get_fact(loaded.profile, path)
    if fact is None or not fact.known or not isinstance(fact.value, int | float):
        return None
    return float(fact.value)


def compute_tco(loaded: LoadedProfile, assessment: Assessment, book: CostBook) -> Tco:
    profile = loaded.profile
    route = profile.route or "vendor-api"
    u = book.units
    volume = assessment.use_case.volume
    lines: list[CostLine] = []
    unknown: list[str] = []
    gpus_needed: int | None = None
    if route == "self-hosted":
        memory = _number(loaded, "accessibility.min_gpu_memory_gb")
        if memory is None:
            unknown.append("accessibility.min_gpu_memory_gb")
            lines.append(CostLine("infrastructure", None, "GPU memory the model needs is unknown"))
        else:
            per_replica = max(1, math.ceil(memory * (1 + u["kv_cache_overhead"]) / u["gpu_memory_gb"]))
            monthly_tokens = (volume.input_mtok_per_month + volume.output_mtok_per_month) * 1e6
            capacity = (u["throughput_tokens_per_second_per_gpu"] * per_replica * SECONDS_PER_MONTH
                        * u["serving_utilisation"])
            needed = math.ceil(monthly_tokens / capacity) if capacity > 0 else 1
            replicas = max(int(u["min_replicas"]), needed)
            gpus = replicas * per_replica
            gpus_needed = gpus
            owned = min(gpus, assessment.institution.environment.on_premise_gpus)
            bought = gpus - owned
            capex = bought * u["gpu_server_cost_per_gpu"] / max(u["gpu_amortisation_years"], 1)
            lines.append(
                CostLine(
                    "infrastructure (amortised)",
                    capex,
                    f"{memory:g} GB x {1 + u['kv_cache_overhead']:g} / {u['gpu_memory_gb']:g} GB = "
                    f"{per_replica} GPU(s) per replica; {replicas} replica(s) "
                    f"(min {int(u['min_replicas'])}, {needed} for the volume) = {gpus} GPUs, "
                    f"{owned} already owned, {bought} bought x {u['gpu_server_cost_per_gpu']:,.0f} / "
                    f"{u['gpu_amortisation_years']:g} years",
                )
            )
            lines.append(
                CostLine(
                    "hosting (power, cooling, space)",
                    gpus * u["gpu_hosting_per_gpu_year"],
                    f"{gpus} GPUs x {u['gpu_hosting_per_gpu_year']:,.0f} per GPU-year",
                )
            )
            lines.append(
                CostLine(
                    "hardware maintenance",
                    bought * u["gpu_server_cost_per_gpu"] * u["maintenance_fraction"],
                    f"{bought} GPUs x {u['gpu_server_cost_per_gpu']:,.0f} x "
                    f"{u['maintenance_fraction']:g} per year",
                )
            )
    else:
        price_in = _number(loaded, "accessibility.input_price_usd_per_mtok")
        price_out = _number(loaded, "accessibility.output_price_usd_per_mtok")
        missing = [p for p, v in (("accessibility.input_price_usd_per_mtok", price_in),
                                  ("accessibility.output_price_usd_per_mtok", price_out)) if v is None]
        if missing:
            unknown.extend(missing)
            lines.append(CostLine("usage fees", None, "price per million tokens is unknown"))
        else:
            assert price_in is not None and price_out is not None
            annual = 12 * (volume.input_mtok_per_month * price_in + volume.output_mtok_per_month * price_out)
            lines.append(
                CostLine(
                    "usage fees",
                    annual,
                    f"12 x ({volume.input_mtok_per_month:g} Mtok x {price_in:g} + "
                    f"{volume.output_mtok_per_month:g} Mtok x {price_out:g}) USD",
                )
            )
    inst = assessment.institution
    multiplier = book.expertise_multiplier[inst.genai_expertise]
    size = book.size_multiplier[inst.size]
    staff = book.staffing.get(route, book.staffing["vendor-api"])
    for role in ROLES:
        fte = staff[role] * multiplier * size
        if fte <= 0:
            continue
        cost = u[f"fte_cost_{role}"]
        lines.append(
            CostLine(
                f"talent: {role}s",
                fte * cost,
                f"{staff[role]:g} FTE ({route}) x {multiplier:g} ({inst.genai_expertise} expertise) "
                f"x {size:g} ({inst.size} firm) = {fte:.2f} FTE x {cost:,.0f} per FTE-year",
            )
        )
    return Tco(tuple(lines), assessment.horizon_years, tuple(unknown), gpus_needed)


def tco_points(annual: float, assessment: Assessment, book: CostBook) -> tuple[float, str]:
    """0-100 points for an annual TCO, on a scale fixed by the assessment, not by the options."""
    budget = assessment.budget_usd_per_year
    if budget:
        rule = book.budget
        assert rule is not None
        full, zero = rule.full_points_share, rule.zero_points_share
        share = annual / budget
        points = 100.0 * min(1.0, max(0.0, (zero - share) / (zero - full)))
        return points, (f"{annual:,.0f} USD/year is {share:.0%} of the {budget:,.0f} budget "
                        f"(<= {full:.0%} earns 100, >= {zero:.0%} earns 0) = {points:.1f}")
    for bound, points in book.bands:
        if bound is None or annual <= bound:
            where = f"<= {bound:,.0f}" if bound is not None else "above every band"
            return points, f"{annual:,.0f} USD/year {where} earns {points:g} (costs.yaml tco_bands)"
    return 0.0, "no band matched"  # pragma: no cover - the last band has no bound


def switching_cost(loaded: LoadedProfile, assessment: Assessment, book: CostBook,
                   tco: Tco) -> tuple[float, str]:
    """A rough one-off cost of leaving this offering (vendor and infrastructure lock-in, Box 1
    L1021-1022, fn31 L1027): independent re-validation of the successor, a quarter-year of
    integration rework by the route's explainers, a quarter-year of a trainer to redo
    fine-tunes that cannot leave, and half the capex of GPUs bought for it (mid-life book value
    left stranded)."""
    u = book.units
    policy = book.switching
    assert policy is not None
    inst = assessment.institution
    scale = book.expertise_multiplier[inst.genai_expertise] * book.size_multiplier[inst.size]
    route = loaded.profile.route or "vendor-api"
    staff = book.staffing.get(route, book.staffing["vendor-api"])
    parts: list[tuple[str, float]] = [("re-validation", u["revalidation_cost"])]
    parts.append(("integration rework", policy.integration_years
                  * max(staff["explainer"] * scale, policy.min_explainer_fte) * u["fte_cost_explainer"]))
    fact = get_fact(loaded.profile, "lock_in.fine_tune_portability")
    portable = fact is not None and fact.known and fact.value == "high"
    if not portable:
        parts.append(("fine-tunes redone", policy.fine_tune_years * u["fte_cost_trainer"]))
    if route == "self-hosted" and tco.gpus_needed:
        bought = max(0, tco.gpus_needed - inst.environment.on_premise_gpus)
        if bought:
            parts.append(("stranded GPUs", policy.stranded_gpu_share * bought * u["gpu_server_cost_per_gpu"]))
    total = sum(v for _, v in parts)
    working = " + ".join(f"{name} {value:,.0f}" for name, value in parts)
    return total, f"{working} = {total:,.0f} USD"
