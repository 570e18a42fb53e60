"""The switching-cost estimate at the end of the lock-in trace (information: it earns no points)."""

from __future__ import annotations

from selector.models.assessment import Assessment
from selector.profiles import LoadedProfile, get_fact
from selector.scoring.costbook import CostBook
from selector.scoring.tco import Tco


def switching_cost(loaded: LoadedProfile, assessment: Assessment, book: CostBook,
                   tco: Tco) -> tuple[float, str]:
    """A rough one-off cost of leaving this offering (vendor and infrastructure lock-in, Box 1
    L1021-1022, fn31 L1027): independent re-validation of the successor, a quarter-year of
    integration rework by the route's integration staff, a quarter-year of a trainer to redo
    fine-tunes that cannot leave, and half the capex of GPUs bought for it (mid-life book value
    left stranded)."""
    u = book.units
    policy = book.switching
    assert policy is not None
    inst = assessment.institution
    scale = (book.multiplier("expertise_multiplier", inst.genai_expertise)
             * book.multiplier("size_multiplier", inst.size))
    route = loaded.profile.route or "vendor-api"
    integration = book.fte("integration", route) * scale
    parts: list[tuple[str, float]] = [("re-validation", u["revalidation_cost"])]
    parts.append(("integration rework", policy.integration_years
                  * max(integration, policy.min_explainer_fte) * u["fte_cost_explainer"]))
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
