"""Horizon total cost of ownership per offering, and the points it earns.

The formula, in words (every input comes from criteria/costs.yaml, overridable in the
assessment's ``costs:`` map; see :mod:`selector.scoring.costbook` for the keys):

* usage fees (API and cloud routes priced per token): 12 x (input Mtok x input price + output
  Mtok x output price) per year;
* reserved capacity (routes billed per reserved unit, such as Azure provisioned PTUs, whose
  per-token price is not applicable): 12 x the monthly charge of the smallest reservation, which
  is owed whatever the volume;
* infrastructure (self-hosted routes): GPUs per replica = ceil(model GPU memory x (1 + KV-cache
  overhead) / GPU memory), rounded up to a power of two within one server or to whole servers
  beyond it; replicas = max(min_replicas, ceil(monthly tokens / capacity of one replica)) plus
  the non-production replicas, each on its own server(s), where a replica serves throughput x its
  GPUs x 2,592,000 s x utilisation tokens a month; GPUs already on premises are not bought again.
  Capex per GPU is amortised over the amortisation period; hosting (power, cooling, space) and
  maintenance are yearly;
* staff: for each activity (integration, adaptation, serving, governance, vendor management),
  the route's FTEs x the expertise multiplier x the size multiplier (at least the activity's
  floor) x the cost of an FTE in the activity's role;
* a forced re-validation, annualised, when the offering's published retirement date falls
  inside the horizon.

An unknown input the route needs (a price, the reserved charge, the GPU memory) is imputed at the
pessimistic bound of costs.yaml ``imputation`` and recorded (:class:`Imputed`), with the figure at
the favourable end beside it. The annual figure is scored on a fixed scale tied to the
assessment: against its budget if it gives one, else on the fixed bands of costs.yaml. Nothing
depends on the other options.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date

from selector.models.assessment import Assessment
from selector.profiles import LoadedProfile, get_fact
from selector.scoring.costbook import (
    ACTIVITIES,
    ENVIRONMENT_KEYS,
    ROLES,
    ROUTES,
    UNIT_KEYS,
    CostBook,
    CostInput,
    load_costs,
)
from selector.scoring.tco_model import CostLine, Imputed, Tco

SECONDS_PER_MONTH = 2_592_000
PRICE_IN = "accessibility.input_price_usd_per_mtok"
PRICE_OUT = "accessibility.output_price_usd_per_mtok"
RESERVED = "accessibility.reserved_usd_per_month"
RESERVED_UNITS = "accessibility.reserved_min_units"
GPU_MEMORY = "accessibility.min_gpu_memory_gb"
ACTIVITY_LABELS = {"integration": "integration", "adaptation": "adaptation and evaluation",
                   "serving": "serving and operations", "governance": "governance and model risk",
                   "vendor_management": "vendor and third-party risk"}

__all__ = ["ACTIVITIES", "ENVIRONMENT_KEYS", "ROLES", "ROUTES", "SECONDS_PER_MONTH", "UNIT_KEYS",
           "CostBook", "CostInput", "CostLine", "Imputed", "Tco", "compute_tco", "load_costs",
           "points_for", "tco_points"]


COST_FACTS = (PRICE_IN, PRICE_OUT, RESERVED, "accessibility.reserved_min_units", GPU_MEMORY)
"""The profile facts the TCO reads."""


def _read_fact(loaded: LoadedProfile, path: str) -> tuple[str, float]:
    fact = get_fact(loaded.profile, path)
    if fact is not None and not fact.applicable:
        return "not-applicable", 0.0
    if fact is None or not fact.known or not isinstance(fact.value, int | float):
        return "unknown", 0.0
    return "known", float(fact.value)


_FACTS: dict[int, tuple[LoadedProfile, dict[str, tuple[str, float]]]] = {}


def _fact(loaded: LoadedProfile, path: str) -> tuple[str, float]:
    """('known', value), ('not-applicable', 0) or ('unknown', 0) for a numeric fact (read once
    per loaded profile: the sensitivity table reruns the TCO many times)."""
    cached = _FACTS.get(id(loaded))
    if cached is None or cached[0] is not loaded:
        if len(_FACTS) > 4096:
            _FACTS.clear()
        cached = (loaded, {p: _read_fact(loaded, p) for p in COST_FACTS})
        _FACTS[id(loaded)] = cached
    return cached[1][path]


def _note(loaded: LoadedProfile, path: str) -> str | None:
    fact = get_fact(loaded.profile, path)
    return fact.note if fact is not None else None


def _per_replica(memory: float, u: Mapping[str, float]) -> int:
    """GPUs one replica takes: a power of two within one server, whole servers beyond it."""
    raw = max(1, math.ceil(memory * (1 + u["kv_cache_overhead"]) / u["gpu_memory_gb"]))
    server = max(1, int(u["gpus_per_server"]))
    if raw > server:
        return math.ceil(raw / server) * server
    return min(server, 1 << (raw - 1).bit_length())


def _infrastructure(memory: float, assessment: Assessment, u: Mapping[str, float]) -> tuple[
        int, int, int, int, int, tuple[float, float, float]]:
    """(GPUs per replica, replicas, needed for the volume, GPUs, bought, (capex, hosting,
    maintenance) a year) for a model needing ``memory`` GB."""
    volume = assessment.use_case.volume
    per_replica = _per_replica(memory, u)
    monthly_tokens = (volume.input_mtok_per_month + volume.output_mtok_per_month) * 1e6
    capacity = (u["throughput_tokens_per_second_per_gpu"] * per_replica * SECONDS_PER_MONTH
                * u["serving_utilisation"])
    needed = math.ceil(monthly_tokens / capacity) if capacity > 0 else 1
    replicas = max(int(u["min_replicas"]), needed) + int(u["non_production_replicas"])
    gpus = replicas * per_replica
    owned = min(gpus, assessment.institution.environment.on_premise_gpus)
    bought = gpus - owned
    capex = bought * u["gpu_server_cost_per_gpu"] / max(u["gpu_amortisation_years"], 1)
    amounts = (capex, gpus * u["gpu_hosting_per_gpu_year"],
               bought * u["gpu_server_cost_per_gpu"] * u["maintenance_fraction"])
    return per_replica, replicas, needed, gpus, bought, amounts


SIZING_INPUTS = ("gpu_memory_gb", "kv_cache_overhead", "gpus_per_server",
                 "throughput_tokens_per_second_per_gpu", "serving_utilisation", "min_replicas",
                 "non_production_replicas")
"""The inputs that decide how many GPUs a self-hosted deployment takes."""


def _self_hosted(loaded: LoadedProfile, assessment: Assessment, book: CostBook, working: bool,
                 lines: list[CostLine], imputed: list[Imputed]) -> int:
    u = book.values
    state, memory = _fact(loaded, GPU_MEMORY)
    favourable_memory: float | None = None
    low_memory: float
    extra: tuple[str, ...] = ()
    if state != "known":
        model = loaded.profile.model
        params = model.parameters_b if model is not None else None
        if isinstance(params, int | float) and not isinstance(params, bool):
            high, low = book.bound("bytes_per_parameter")
            memory, low_memory = float(params) * high, float(params) * low
            favourable_memory = low_memory
            basis = (f"model.parameters_b {params:g} x {high:g} bytes (unquantised BF16) = "
                     f"{memory:,.0f} GB; favourable {low:g} bytes = {favourable_memory:,.0f} GB "
                     "(costs.yaml imputation.bytes_per_parameter)")
            extra = ("imputation.bytes_per_parameter.bound", "imputation.bytes_per_parameter.favourable")
        else:
            memory, low_memory = book.bound("min_gpu_memory_gb")
            favourable_memory = low_memory
            basis = (f"{memory:,.0f} GB, the pessimistic bound; favourable {low_memory:,.0f} GB "
                     "(costs.yaml imputation.min_gpu_memory_gb; model.parameters_b is unknown too)")
            extra = ("imputation.min_gpu_memory_gb.bound", "imputation.min_gpu_memory_gb.favourable")
        imputed.append(Imputed(GPU_MEMORY, memory, low_memory, basis, _note(loaded, GPU_MEMORY)))
    per_replica, replicas, needed, gpus, bought, amounts = _infrastructure(memory, assessment, u)
    low_amounts: tuple[float | None, ...] = (None, None, None)
    if favourable_memory is not None:
        low_amounts = _infrastructure(favourable_memory, assessment, u)[5]
    flag = favourable_memory is not None
    owned = gpus - bought
    texts = ("", "", "")
    if working:
        shown = f"{memory:,.0f} GB" + (" (imputed)" if flag else "")
        texts = (
            f"{shown} x {1 + u['kv_cache_overhead']:g} / {u['gpu_memory_gb']:g} GB -> {per_replica} "
            f"GPU(s) per replica (a power of two on one server of {u['gpus_per_server']:g}, or whole "
            f"servers); {replicas} replica(s) (min {int(u['min_replicas'])}, {needed} for the volume, "
            f"+ {int(u['non_production_replicas'])} non-production), each on its own server(s) = "
            f"{gpus} GPUs, {owned} already owned, {bought} bought x "
            f"{u['gpu_server_cost_per_gpu']:,.0f} / {u['gpu_amortisation_years']:g} years",
            f"{gpus} GPUs x {u['gpu_hosting_per_gpu_year']:,.0f} per GPU-year",
            f"{bought} GPUs x {u['gpu_server_cost_per_gpu']:,.0f} x {u['maintenance_fraction']:g} per year",
        )
    items = (("infrastructure (amortised)", (*SIZING_INPUTS, "gpu_server_cost_per_gpu",
                                             "gpu_amortisation_years")),
             ("hosting (power, cooling, space)", (*SIZING_INPUTS, "gpu_hosting_per_gpu_year")),
             ("hardware maintenance", (*SIZING_INPUTS, "gpu_server_cost_per_gpu", "maintenance_fraction")))
    for (item, keys), amount, at_best, text in zip(items, amounts, low_amounts, texts, strict=True):
        lines.append(CostLine(item, amount, text, (*keys, *extra), at_best, flag))
    return gpus


def _reserved(loaded: LoadedProfile, book: CostBook, working: bool,
              imputed: list[Imputed]) -> CostLine:
    state, monthly = _fact(loaded, RESERVED)
    if state == "known":
        text = f"12 x {monthly:,.0f} USD a month (the smallest reservation)" if working else ""
        return CostLine("reserved capacity", 12 * monthly, text)
    units_state, units = _fact(loaded, RESERVED_UNITS)
    if units_state == "known":
        high, low = book.bound("reserved_usd_per_unit_month")
        monthly, favourable = units * high, units * low
        basis = (f"{units:g} units (accessibility.reserved_min_units) x {high:,.0f} USD a unit-month; "
                 f"favourable x {low:,.0f} (costs.yaml imputation.reserved_usd_per_unit_month)")
        keys: tuple[str, ...] = ("imputation.reserved_usd_per_unit_month.bound",
                                 "imputation.reserved_usd_per_unit_month.favourable")
    else:
        monthly, favourable = book.bound("reserved_usd_per_month")
        basis = (f"{monthly:,.0f} USD a month, the pessimistic bound; favourable {favourable:,.0f} "
                 "(costs.yaml imputation.reserved_usd_per_month)")
        keys = ("imputation.reserved_usd_per_month.bound", "imputation.reserved_usd_per_month.favourable")
    imputed.append(Imputed(RESERVED, monthly, favourable, basis, _note(loaded, RESERVED)))
    text = ""
    if working:
        text = (f"12 x {monthly:,.0f} USD a month, imputed at the pessimistic bound ({basis}); "
                f"favourable end {12 * favourable:,.0f} a year. A reservation is owed whatever the "
                "volume; a volume beyond its throughput needs more units")
    return CostLine("reserved capacity", 12 * monthly, text, keys, 12 * favourable, True)


def _usage(loaded: LoadedProfile, assessment: Assessment, book: CostBook, working: bool,
           imputed: list[Imputed]) -> CostLine:
    volume = assessment.use_case.volume
    prices: list[tuple[float, float]] = []
    keys: list[str] = []
    for path, name in ((PRICE_IN, "input_price_usd_per_mtok"), (PRICE_OUT, "output_price_usd_per_mtok")):
        state, price = _fact(loaded, path)
        if state == "unknown":
            high, low = book.bound(name)
            imputed.append(Imputed(path, high, low, f"{high:g} USD per million tokens, the pessimistic "
                                   f"bound; favourable {low:g} (costs.yaml imputation.{name})",
                                   _note(loaded, path)))
            keys += [f"imputation.{name}.bound", f"imputation.{name}.favourable"]
            prices.append((high, low))
        else:
            prices.append((price, price))
    (p_in, f_in), (p_out, f_out) = prices
    annual = 12 * (volume.input_mtok_per_month * p_in + volume.output_mtok_per_month * p_out)
    favourable = 12 * (volume.input_mtok_per_month * f_in + volume.output_mtok_per_month * f_out)
    flag = bool(keys)
    text = ""
    if working:
        mark = " (imputed)" if flag else ""
        text = (f"12 x ({volume.input_mtok_per_month:g} Mtok x {p_in:g} + "
                f"{volume.output_mtok_per_month:g} Mtok x {p_out:g}) USD{mark}")
        if flag:
            text += f"; favourable end {favourable:,.0f} a year"
    return CostLine("usage fees", annual, text, tuple(keys), favourable if flag else None, flag)


_STAFF_ITEMS = {(a, r): f"staff: {ACTIVITY_LABELS[a]} ({r}s)" for a in ACTIVITY_LABELS for r in ROLES}
_STAFF_KEYS = {(a, r): (f"staffing.{a}.{r}", f"staffing.{a}.floor.{r}") for a in ACTIVITIES for r in ROUTES}


def _staff(route: str, assessment: Assessment, book: CostBook, working: bool) -> list[CostLine]:
    inst = assessment.institution
    values = book.values
    level_key, size_key = f"expertise_multiplier.{inst.genai_expertise}", f"size_multiplier.{inst.size}"
    multiplier, size = values[level_key], values[size_key]
    out: list[CostLine] = []
    for activity in ACTIVITIES:
        fte_key, floor_key = _STAFF_KEYS.get((activity, route)) or (
            f"staffing.{activity}.{route}", f"staffing.{activity}.floor.{route}")
        base = values[fte_key]
        fte = base * multiplier * size
        floor = values.get(floor_key)
        floored = floor is not None and fte < floor
        if floored:
            assert floor is not None
            fte = floor
        if fte <= 0:
            continue
        role = book.roles[activity]
        cost_key = f"fte_cost_{role}"
        cost = values[cost_key]
        keys = (fte_key, cost_key, level_key, size_key) + ((floor_key,) if floor is not None else ())
        text = ""
        if working:
            text = (f"{base:g} FTE ({route}) x {multiplier:g} ({inst.genai_expertise} expertise) x "
                    f"{size:g} ({inst.size} firm)" + (f", at least {floor:g}" if floored else "")
                    + f" = {fte:.2f} FTE x {cost:,.0f} per {role}-year")
        out.append(CostLine(_STAFF_ITEMS[activity, role], fte * cost, text, keys))
    return out


def compute_tco(loaded: LoadedProfile, assessment: Assessment, book: CostBook, *,
                retires_on: date | None = None, working: bool = True) -> Tco:
    """The offering's TCO for the assessment. ``retires_on``: a published retirement date inside
    the horizon (it forces one re-validation). ``working=False`` skips the words (the numbers
    are the same), for the sensitivity table's many reruns."""
    route = loaded.profile.route or "vendor-api"
    lines: list[CostLine] = []
    imputed: list[Imputed] = []
    gpus_needed: int | None = None
    if route == "self-hosted":
        gpus_needed = _self_hosted(loaded, assessment, book, working, lines, imputed)
    else:
        states = {_fact(loaded, p)[0] for p in (PRICE_IN, PRICE_OUT)}
        if states == {"not-applicable"}:
            lines.append(_reserved(loaded, book, working, imputed))
        else:
            lines.append(_usage(loaded, assessment, book, working, imputed))
    lines.extend(_staff(route, assessment, book, working))
    if retires_on is not None and book.revalidate_on_retirement:
        cost = book.values["revalidation_cost"]
        years = assessment.horizon_years
        text = (f"retires on {retires_on.isoformat()}, inside the {years}-year horizon: one "
                f"re-validation of the successor, {cost:,.0f} / {years} years") if working else ""
        lines.append(CostLine("forced re-validation", cost / years, text, ("revalidation_cost",)))
    return Tco(tuple(lines), assessment.horizon_years, tuple(i.fact for i in imputed), gpus_needed,
               tuple(imputed))


def points_for(annual: float, assessment: Assessment, book: CostBook) -> float:
    """0-100 points for an annual TCO (the number :func:`tco_points` explains)."""
    budget = assessment.budget_usd_per_year
    if budget:
        rule = book.budget
        assert rule is not None
        full, zero = rule.full_points_share, rule.zero_points_share
        return 100.0 * min(1.0, max(0.0, (zero - annual / budget) / (zero - full)))
    for bound, points in book.bands:
        if bound is None or annual <= bound:
            return points
    return 0.0  # pragma: no cover - the last band has no bound


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
