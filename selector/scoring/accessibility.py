"""The accessibility criterion under an assessment: points from the horizon TCO plus points for
the fit with the institution's environment (costs.yaml ``accessibility``).

A TCO that stands on imputed facts (an unknown price counted at its pessimistic bound) earns the
points of that bound, flagged unknown and imputed; the entry names the unknown facts
(``inputs``) and the points at both ends of their plausible range (``plausible``).
"""

from __future__ import annotations

from collections.abc import Mapping

from selector.models.assessment import Assessment
from selector.models.costs import Rules
from selector.models.criteria import Criterion
from selector.profiles import LoadedProfile
from selector.scoring.costbook import CostBook
from selector.scoring.rubric import FLAG_IMPUTED, FLAG_UNKNOWN, CriterionScore, TraceEntry
from selector.scoring.tco import Tco, points_for, tco_points


def environment_key(loaded: LoadedProfile, assessment: Assessment,
                    gpus_needed: int | None) -> tuple[str, str]:
    """Which environment fit applies (costs.yaml accessibility.environment) and why."""
    profile = loaded.profile
    env = assessment.institution.environment
    route = profile.route or "vendor-api"
    if route == "self-hosted":
        needed = gpus_needed
        if needed is not None and env.on_premise_gpus >= needed:
            key, why = "gpus_in_place", f"{env.on_premise_gpus} GPUs on premises cover the {needed} needed"
        elif env.on_premise_gpus > 0:
            key, why = "some_gpus", f"{env.on_premise_gpus} GPUs on premises, {needed or '?'} needed"
        else:
            key, why = "no_gpus", "no GPUs on premises: new infrastructure to build"
    elif route in {"cloud-platform", "managed-hosting"}:
        cloud = profile.provider.cloud if profile.provider else None
        if cloud is not None and cloud in env.clouds:
            key, why = "cloud_in_use", f"runs on {cloud}, which the institution already uses"
        else:
            key, why = "new_cloud", f"runs on {cloud or 'an unknown cloud'}, not among {env.clouds or 'none'}"
    else:
        key, why = "vendor_api", "a new vendor API to integrate (no infrastructure to fit)"
    return key, why


def environment_entry(loaded: LoadedProfile, assessment: Assessment, tco: Tco,
                      points_table: Mapping[str, float], rules: Rules) -> TraceEntry:
    key, why = environment_key(loaded, assessment, tco.gpus_needed)
    points = points_table[key]
    return TraceEntry(
        criterion="accessibility",
        rule="acc-environment",
        fact="assessment.institution.environment",
        value=key,
        points=points,
        max_points=max(points_table.values()),
        outcome=f"{why}: {points:g}",
        counted=True,
        flags=(),
        why=rules.acc_environment.why,
        cite=rules.acc_environment.cite,
    )


def tco_entry(criterion: Criterion, assessment: Assessment, book: CostBook, tco: Tco) -> TraceEntry:
    """The acc-tco entry: the TCO's points on the assessment's fixed scale (x the TCO share)."""
    rules = book.rules
    assert rules is not None
    share = book.tco_share / 100.0
    annual = tco.annual_usd
    years = assessment.horizon_years
    points, outcome = tco_points(annual, assessment, book)
    if not tco.imputed:
        return TraceEntry(
            criterion=criterion.id, rule="acc-tco", fact="tco",
            value=f"{annual:,.0f} USD/year ({years}-year TCO {annual * years:,.0f})",
            points=points * share, max_points=book.tco_share,
            outcome=f"{outcome}; x {book.tco_share:g}% = {points * share:.1f}",
            counted=True, flags=(), why=rules.acc_tco.why, cite=rules.acc_tco.cite,
        )
    favourable = tco.favourable_annual_usd
    best, _ = tco_points(favourable, assessment, book)
    facts = tuple(i.fact for i in tco.imputed)
    named = ", ".join(facts)
    return TraceEntry(
        criterion=criterion.id, rule="acc-tco", fact="tco",
        value=(f"{annual:,.0f} USD/year imputed at the pessimistic bound ({years}-year TCO "
               f"{annual * years:,.0f}); {favourable:,.0f} at the favourable end"),
        points=points * share, max_points=book.tco_share,
        outcome=(f"imputed at the pessimistic bound for unknown {named} (costs.yaml imputation): "
                 f"{outcome}; x {book.tco_share:g}% = {points * share:.1f} "
                 f"({best * share:.1f} at the favourable end); obtain the "
                 + ("price" if any("price" in f for f in facts) else "figure")),
        counted=True, flags=(FLAG_UNKNOWN, FLAG_IMPUTED), why=rules.acc_tco.why,
        cite=rules.acc_tco.cite, plausible=(points * share, best * share), inputs=facts,
        note="; ".join(f"{i.fact}: {i.basis}" for i in tco.imputed),
    )


def accessibility_points(loaded: LoadedProfile, assessment: Assessment, book: CostBook,
                         annual: float, gpus_needed: int | None) -> float:
    """The criterion's points for a TCO of ``annual`` USD a year, without the trace (the
    sensitivity table's reruns); the same number :func:`score_accessibility_tco` explains."""
    key, _ = environment_key(loaded, assessment, gpus_needed)
    return round(points_for(annual, assessment, book) * book.tco_share / 100.0
                 + book.environment_points[key], 9)


def score_accessibility_tco(criterion: Criterion, loaded: LoadedProfile, assessment: Assessment,
                            book: CostBook, tco: Tco) -> CriterionScore:
    rules = book.rules
    assert rules is not None
    entry = tco_entry(criterion, assessment, book, tco)
    env = environment_entry(loaded, assessment, tco, book.environment_points, rules)
    return CriterionScore(criterion.id, round(entry.points + env.points, 9), (entry, env))
