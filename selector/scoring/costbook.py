"""The cost model's inputs, read once from criteria/costs.yaml and an assessment's overrides.

Every figure the TCO formula reads is one *cost input* under one key, the same key an assessment
uses to override it in its ``costs:`` map and the cost sensitivity table uses to name it:

* a unit cost by its name (``fte_cost_trainer``, ``gpu_server_cost_per_gpu``);
* a staffing figure as ``staffing.<activity>.<route>`` (``staffing.integration.vendor-api``) and
  a floor as ``staffing.<activity>.floor.<route>``;
* a multiplier as ``expertise_multiplier.<level>`` or ``size_multiplier.<size>``;
* an imputation bound as ``imputation.<fact>.bound`` or ``imputation.<fact>.favourable``.

Each input keeps its evidence (source or assumption) and the range its sources support.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from selector.errors import InputError, Problem
from selector.io.validation import located, suggestion, validate_model
from selector.io.yamlio import Document, load
from selector.models.common import show_date
from selector.models.costs import ROUTE_KEYS, Budget, CostsFile, Evidence, Rules, Switching

ROLES = ("trainer", "explainer", "sustainer")
ROUTES = ROUTE_KEYS
ACTIVITIES = ("integration", "adaptation", "serving", "governance", "vendor_management")
IMPUTED = ("input_price_usd_per_mtok", "output_price_usd_per_mtok", "reserved_usd_per_unit_month",
           "reserved_usd_per_month", "bytes_per_parameter", "min_gpu_memory_gb")
"""The imputation bounds of costs.yaml, each for one unknown profile fact (or a step to it)."""
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
    "gpus_per_server",
    "non_production_replicas",
    "fte_cost_trainer",
    "fte_cost_explainer",
    "fte_cost_sustainer",
    "revalidation_cost",
)
LEVELS = ("low", "medium", "high")
SIZES = ("small", "medium", "large")
ENVIRONMENT_KEYS = ("gpus_in_place", "some_gpus", "no_gpus", "cloud_in_use", "new_cloud", "vendor_api")


@dataclass(frozen=True, slots=True)
class CostInput:
    """One figure of the cost model: its value, evidence and plausible range."""

    key: str
    value: float
    unit: str | None
    source: str | None
    """Title, locator, date and confidence, joined; None for an assumption without a source."""
    assumption: bool
    range: tuple[float, float] | None
    """The range the sources support ([low, high]); None: the sensitivity default applies."""
    note: str | None = None
    overridden: bool = False
    """Set by the assessment's ``costs:`` map."""
    confidence: str | None = None

    @property
    def short_tag(self) -> str:
        """One word: override, assumption, or the source's confidence."""
        if self.overridden:
            return "override"
        if self.assumption:
            return "assumption"
        return self.confidence or "sourced"

    @property
    def tag(self) -> str:
        """How the figure is supported, in a few words (explain, reports)."""
        if self.overridden:
            return "assessment override"
        if self.assumption:
            return "assumption" + (f"; {self.source}" if self.source else "")
        return self.source or "no source"

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "unit": self.unit, "source": self.source,
                "assumption": self.assumption, "range": list(self.range) if self.range else None,
                "overridden": self.overridden, "confidence": self.confidence, "note": self.note}


@dataclass(frozen=True, slots=True)
class CostBook:
    values: Mapping[str, float]
    """Cost input key -> value (after the assessment's overrides)."""
    inputs: Mapping[str, CostInput]
    """Cost input key -> its evidence and range (the values as read, overrides marked)."""
    roles: Mapping[str, str]
    """Staffing activity -> the role whose FTE cost applies."""
    bands: tuple[tuple[float | None, float], ...]
    tco_share: float
    """Points out of 100 of the accessibility score that come from the TCO."""
    environment_points: Mapping[str, float]
    """Points for the fit with the institution's environment (the rest of the 100)."""
    path: str
    sha256: str
    budget: Budget | None = None
    switching: Switching | None = None
    rules: Rules | None = None
    revalidate_on_retirement: bool = True

    @property
    def units(self) -> dict[str, float]:
        return {k: self.values[k] for k in UNIT_KEYS}

    def fte(self, activity: str, route: str) -> float:
        return self.values[f"staffing.{activity}.{route}"]

    def floor(self, activity: str, route: str) -> float | None:
        return self.values.get(f"staffing.{activity}.floor.{route}")

    def bound(self, name: str) -> tuple[float, float]:
        """(pessimistic bound, favourable end) of an imputed fact."""
        return self.values[f"imputation.{name}.bound"], self.values[f"imputation.{name}.favourable"]

    def multiplier(self, kind: str, level: str) -> float:
        return self.values[f"{kind}.{level}"]

    def with_values(self, changes: Mapping[str, float]) -> CostBook:
        """The same book with some inputs changed (the sensitivity table's low and high runs)."""
        return replace(self, values={**self.values, **changes})


def _evidence(entry: Evidence) -> str | None:
    parts = [str(v) for v in (entry.source, show_date(entry.date), entry.confidence) if v]
    return "; ".join(parts) or None


def _add(values: dict[str, float], inputs: dict[str, CostInput], key: str, value: float,
         evidence: Evidence | None, unit: str | None = None, note: str | None = None) -> None:
    values[key] = float(value)
    inputs[key] = CostInput(
        key=key, value=float(value), unit=unit or (evidence.unit if evidence else None),
        source=_evidence(evidence) if evidence else None,
        assumption=evidence.assumption if evidence else True,
        range=(float(evidence.range[0]), float(evidence.range[1]))
        if evidence is not None and evidence.range is not None else None,
        note=note if note is not None else (evidence.note if evidence else None),
        confidence=evidence.confidence if evidence else None)


def _read(parsed: CostsFile) -> tuple[dict[str, float], dict[str, CostInput], dict[str, str]]:
    values: dict[str, float] = {}
    inputs: dict[str, CostInput] = {}
    for key in UNIT_KEYS:
        entry = getattr(parsed.units, key)
        _add(values, inputs, key, entry.value, entry)
    roles: dict[str, str] = {}
    for activity in ACTIVITIES:
        spec = getattr(parsed.staffing.activities, activity)
        roles[activity] = spec.role
        for route in ROUTES:
            field = route.replace("-", "_")
            _add(values, inputs, f"staffing.{activity}.{route}", getattr(spec.fte, field), spec,
                 unit=f"FTE ({spec.role}s), before multipliers")
            floor = getattr(spec.floor, field) if spec.floor is not None else None
            if floor is not None:
                _add(values, inputs, f"staffing.{activity}.floor.{route}", floor, spec,
                     unit="FTE at least, after multipliers")
    for kind, levels in (("expertise_multiplier", LEVELS), ("size_multiplier", SIZES)):
        block = getattr(parsed, kind)
        for level in levels:
            values[f"{kind}.{level}"] = float(getattr(block, level))
            inputs[f"{kind}.{level}"] = CostInput(f"{kind}.{level}", float(getattr(block, level)),
                                                  "x FTEs", None, True, None, block.note)
    for name in IMPUTED:
        spec = getattr(parsed.imputation, name)
        _add(values, inputs, f"imputation.{name}.bound", spec.bound, spec)
        _add(values, inputs, f"imputation.{name}.favourable", spec.favourable, spec)
    return values, inputs, roles


def _problem(doc: Document | None, where: str, key: str, message: str) -> Problem:
    if doc is not None:
        return located(doc, ("costs", key), message)
    return Problem(where, 1, 1, f"costs.{key}", message)


def override_problems(doc: Document | None, overrides: Mapping[str, float], keys: Iterable[str],
                      where: str) -> list[Problem]:
    """One problem per ``costs:`` key that names no cost input, located in the assessment
    ``doc`` when given, with a did-you-mean."""
    known = sorted(keys)
    return [_problem(doc, where, key, "not a cost input; " + suggestion(key, known))
            for key in overrides if key not in known]


def load_costs(path: str | os.PathLike[str], overrides: Mapping[str, float] | None = None,
               where: str = "assessment", document: Document | None = None) -> CostBook:
    """Read and validate a costs file (strict: unknown keys are located errors with a
    did-you-mean) and apply an assessment's ``costs:`` overrides (unknown keys are errors
    located in the assessment ``document`` when given)."""
    doc = load(path, os.fspath(path))
    parsed = validate_model(doc, CostsFile, "a costs file")
    values, inputs, roles = _read(parsed)
    overrides = dict(overrides or {})
    problems = override_problems(document, overrides, values, where)
    if problems:
        raise InputError(problems)
    for key, value in overrides.items():
        values[key] = float(value)
        inputs[key] = replace(inputs[key], value=float(value), overridden=True)
    for name in IMPUTED:
        bound, favourable = values[f"imputation.{name}.bound"], values[f"imputation.{name}.favourable"]
        if favourable > bound:
            key = f"imputation.{name}.favourable"
            message = (f"the favourable end ({favourable:g}) is above the pessimistic bound "
                       f"({bound:g}); lower it or raise imputation.{name}.bound")
            if key in overrides or f"imputation.{name}.bound" in overrides:
                shown = key if key in overrides else f"imputation.{name}.bound"
                raise InputError(_problem(document, where, shown, message))
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
        values=values,
        inputs=inputs,
        roles=roles,
        bands=bands,
        tco_share=float(split.tco_share),
        environment_points=environment,
        path=doc.path,
        sha256=doc.sha256,
        budget=budget,
        switching=parsed.switching_cost,
        rules=parsed.rules,
        revalidate_on_retirement=parsed.revalidation.on_retirement_in_horizon,
    )
