"""Preset derivation, direct and pairwise weights, and the TCO arithmetic, pinned by hand."""

from __future__ import annotations

from typing import Any

import pytest

from helpers import build_assessment, build_profile
from selector import InputError
from selector.io.paths import bundled
from selector.scoring.switching import switching_cost
from selector.scoring.tco import compute_tco, load_costs, tco_points
from selector.weights.presets import derive, load_presets

CRITERIA = ["accessibility", "transparency", "adaptability", "liability", "support", "security",
            "lock_in", "data_localisation"]
DEFAULTS = dict.fromkeys(CRITERIA, 1.0)


def presets() -> Any:
    return load_presets(bundled("criteria") / "presets.yaml")[0]


def chosen(**assessment: Any) -> list[str]:
    steps = derive(build_assessment(**assessment), presets(), CRITERIA, DEFAULTS, "a.yaml")
    return [s.label for s in steps if s.kind == "preset"]


@pytest.mark.parametrize(
    ("assessment", "expected"),
    [
        ({}, ["Baseline (survey-anchored)"]),
        ({"institution": {"size": "small"}}, ["Baseline (survey-anchored)", "Small firm"]),
        ({"institution": {"genai_expertise": "low"}},
         ["Baseline (survey-anchored)", "Little in-house GenAI expertise"]),
        ({"institution": {"genai_expertise": "high"}},
         ["Baseline (survey-anchored)", "Large group with an in-house team"]),
        ({"institution": {"size": "large", "genai_expertise": "medium"}},
         ["Baseline (survey-anchored)", "Large group with an in-house team"]),
        ({"institution": {"size": "large", "genai_expertise": "low"}},
         ["Baseline (survey-anchored)", "Little in-house GenAI expertise"]),
        ({"use_case": {"customer_facing": True}},
         ["Baseline (survey-anchored)", "Customer-facing or high-risk use"]),
        ({"use_case": {"sfc_high_risk": True}},
         ["Baseline (survey-anchored)", "Customer-facing or high-risk use"]),
        ({"constraints": {"processing_jurisdictions": ["HK"]}},
         ["Baseline (survey-anchored)", "Data-localisation mandate"]),
        ({"constraints": {"require_on_premise": True}},
         ["Baseline (survey-anchored)", "Data-localisation mandate"]),
        ({"constraints": {"require_in_jurisdiction": True}},
         ["Baseline (survey-anchored)", "Data-localisation mandate"]),
        # a permissive residency list is not a head-office mandate (issue 15, item 4)
        ({"constraints": {"processing_jurisdictions": ["HK", "SG", "JP", "KR", "AU"]}},
         ["Baseline (survey-anchored)"]),
        ({"constraints": {"processing_jurisdictions": ["SG"]}}, ["Baseline (survey-anchored)"]),
        ({"institution": {"jurisdictions": ["HK", "SG"]},
          "constraints": {"processing_jurisdictions": ["SG"]}},
         ["Baseline (survey-anchored)", "Data-localisation mandate"]),
        ({"use_case": {"risk_tier": "high"}},
         ["Baseline (survey-anchored)", "Customer-facing or high-risk use"]),
        ({"use_case": {"deepfake_exposure": True}}, ["Baseline (survey-anchored)"]),
        ({"institution": {"sector": "insurer"}},
         ["Baseline (survey-anchored)", "Insurer (claims and fraud)"]),
        ({"institution": {"sector": "wealth-asset-manager"}},
         ["Baseline (survey-anchored)", "Wealth and asset manager (advisory)"]),
    ],
)
def test_auto_presets_follow_the_report(assessment: dict[str, Any], expected: list[str]) -> None:
    assert chosen(**assessment) == expected


def test_baseline_weights_are_the_survey_anchored_ones() -> None:
    steps = derive(build_assessment(), presets(), CRITERIA, DEFAULTS, "a.yaml")
    raw = {"accessibility": 15, "transparency": 20, "adaptability": 10, "liability": 15,
           "support": 15, "security": 25, "lock_in": 10, "data_localisation": 5}
    assert steps[-1].weights == pytest.approx({k: v / 115 for k, v in raw.items()})
    assert steps[-1].cite == "HKIMR report, ch. 3 survey, selection considerations"


def test_several_presets_are_averaged() -> None:
    steps = derive(build_assessment(institution={"size": "small", "genai_expertise": "low"}),
                   presets(), CRITERIA, DEFAULTS, "a.yaml")
    assert [s.kind for s in steps] == ["preset", "preset", "preset", "mean"]
    for c in CRITERIA:
        assert steps[-1].weights[c] == pytest.approx(sum(s.weights[c] for s in steps[:3]) / 3)
    assert sum(steps[-1].weights.values()) == pytest.approx(1)


def test_named_preset_and_unknown_preset() -> None:
    steps = derive(build_assessment(weights={"preset": "insurer"}), presets(), CRITERIA, DEFAULTS, "a.yaml")
    assert [s.label for s in steps] == ["Insurer (claims and fraud)"]
    with pytest.raises(InputError, match="did you mean 'insurer'"):
        derive(build_assessment(weights={"preset": "insurerr"}), presets(), CRITERIA, DEFAULTS, "a.yaml")


def test_direct_shares_keep_the_other_proportions() -> None:
    steps = derive(build_assessment(weights={"preset": "baseline", "direct": {"security": 0.5}}),
                   presets(), CRITERIA, DEFAULTS, "a.yaml")
    final, before = steps[-1].weights, steps[-2].weights
    assert final["security"] == pytest.approx(0.5)
    ratio = final["transparency"] / final["accessibility"]
    assert ratio == pytest.approx(before["transparency"] / before["accessibility"])
    with pytest.raises(InputError, match="must add up to less than 1"):
        derive(build_assessment(weights={"direct": {"security": 0.6, "support": 0.5}}),
               presets(), CRITERIA, DEFAULTS, "a.yaml")
    every = derive(build_assessment(weights={"direct": dict.fromkeys(CRITERIA, 2)}),
                   presets(), CRITERIA, DEFAULTS, "a.yaml")
    assert every[-1].weights == pytest.approx(dict.fromkeys(CRITERIA, 1 / 8))


def test_pairwise_weights_and_inconsistency() -> None:
    pairs = [[a, b, 1] for i, a in enumerate(CRITERIA) for b in CRITERIA[i + 1:]]
    steps = derive(build_assessment(weights={"pairwise": pairs}), presets(), CRITERIA, DEFAULTS, "a.yaml")
    assert steps[-1].kind == "pairwise"
    assert steps[-1].weights == pytest.approx(dict.fromkeys(CRITERIA, 1 / 8))
    bad = [list(p) for p in pairs]
    bad[0] = ["accessibility", "transparency", 9]
    bad[1] = ["adaptability", "accessibility", 9]
    bad[7] = ["transparency", "adaptability", 9]
    with pytest.raises(InputError, match="inconsistent"):
        derive(build_assessment(weights={"pairwise": bad}), presets(), CRITERIA, DEFAULTS, "a.yaml")


# --- cost of ownership ------------------------------------------------------------------

def book(**overrides: float) -> Any:
    return load_costs(bundled("criteria") / "costs.yaml", overrides)


FIXED = {  # round unit costs, so the expected figures can be computed by hand
    "gpu_memory_gb": 80, "gpu_server_cost_per_gpu": 40000, "gpu_amortisation_years": 4,
    "gpu_hosting_per_gpu_year": 5000, "maintenance_fraction": 0.1, "kv_cache_overhead": 0.25,
    "throughput_tokens_per_second_per_gpu": 1000, "serving_utilisation": 0.5, "min_replicas": 2,
    "gpus_per_server": 8, "non_production_replicas": 0,
    "fte_cost_trainer": 200000, "fte_cost_explainer": 100000, "fte_cost_sustainer": 100000,
    "revalidation_cost": 50000,
    # staffing by activity and route (large firm's FTEs), pinned here so the arithmetic is by hand
    "staffing.integration.vendor-api": 1.5, "staffing.adaptation.vendor-api": 0.25,
    "staffing.serving.vendor-api": 0, "staffing.governance.vendor-api": 1,
    "staffing.vendor_management.vendor-api": 0.5,
    "staffing.integration.self-hosted": 1.5, "staffing.adaptation.self-hosted": 1,
    "staffing.serving.self-hosted": 1.5, "staffing.serving.floor.self-hosted": 1,
    "staffing.governance.self-hosted": 1, "staffing.vendor_management.self-hosted": 0.25,
}


def test_api_tco_by_hand() -> None:
    """10 Mtok in x 2.5 + 2 Mtok out x 10 = 45 USD a month = 540 a year; vendor-api staffing for a
    medium firm (x 0.5) with medium expertise (x 1): integration 1.5 x 0.5 = 0.75 FTE x 100,000,
    adaptation 0.25 x 0.5 x 200,000, no serving, governance 0.5 x 100,000, vendor management
    0.25 x 100,000."""
    loaded = build_profile({"accessibility.input_price_usd_per_mtok": 2.5,
                            "accessibility.output_price_usd_per_mtok": 10})
    costs = book(**FIXED)
    tco = compute_tco(loaded, build_assessment(), costs)
    items = {line.item: line.annual_usd for line in tco.lines}
    assert items["usage fees"] == pytest.approx(540)
    assert items["staff: integration (explainers)"] == pytest.approx(75000)
    assert items["staff: adaptation and evaluation (trainers)"] == pytest.approx(25000)
    assert items["staff: governance and model risk (sustainers)"] == pytest.approx(50000)
    assert items["staff: vendor and third-party risk (sustainers)"] == pytest.approx(25000)
    assert not any("serving" in item for item in items)
    assert tco.annual_usd == pytest.approx(175540)
    assert tco.horizon_usd == pytest.approx(3 * 175540)
    assert not tco.imputed and tco.favourable_annual_usd == tco.annual_usd


def test_self_hosted_tco_by_hand() -> None:
    """140 GB x 1.25 = 175 GB -> 3 GPUs, rounded up to a power of two: 4 a replica; 1,200 Mtok a
    month need 1.2e9 / (1000 x 4 x 2,592,000 x 0.5 = 5.184e9) -> 1 replica, min 2 -> 8 GPUs, 2
    owned, 6 bought: capex 6 x 40,000 / 4 = 60,000; hosting 8 x 5,000 = 40,000; maintenance
    6 x 40,000 x 0.1 = 24,000; staff (large firm, high expertise: x 0.8 x 1.0): integration 1.2 x
    100,000, adaptation 0.8 x 200,000, serving 1.2 (above the floor of 1) x 200,000, governance
    0.8 x 100,000, vendor management 0.2 x 100,000."""
    loaded = build_profile({"accessibility.min_gpu_memory_gb": 140},
                           extra={"route": "self-hosted", "openness": "open-weight"})
    assessment = build_assessment(
        institution={"size": "large", "genai_expertise": "high", "environment": {"on_premise_gpus": 2}},
        use_case={"volume": {"input_mtok_per_month": 1000, "output_mtok_per_month": 200}},
    )
    tco = compute_tco(loaded, assessment, book(**FIXED))
    items = {line.item: line.annual_usd for line in tco.lines}
    assert tco.gpus_needed == 8
    assert items["infrastructure (amortised)"] == pytest.approx(60000)
    assert items["hosting (power, cooling, space)"] == pytest.approx(40000)
    assert items["hardware maintenance"] == pytest.approx(24000)
    assert items["staff: integration (explainers)"] == pytest.approx(120000)
    assert items["staff: adaptation and evaluation (trainers)"] == pytest.approx(160000)
    assert items["staff: serving and operations (trainers)"] == pytest.approx(240000)
    assert items["staff: governance and model risk (sustainers)"] == pytest.approx(80000)
    assert items["staff: vendor and third-party risk (sustainers)"] == pytest.approx(20000)
    assert tco.annual_usd == pytest.approx(744000)
    amount, working = switching_cost(loaded, assessment, book(**FIXED), tco)
    # re-validation 50,000 + 0.25 x 1.2 FTE x 100,000 + fine-tunes 0.25 x 200,000 + 0.5 x 6 x 40,000
    assert amount == pytest.approx(50000 + 30000 + 50000 + 120000)
    assert "stranded GPUs 120,000" in working
    with_test_copy = compute_tco(loaded, assessment, book(**{**FIXED, "non_production_replicas": 1}))
    assert with_test_copy.gpus_needed == 12


def test_volume_drives_replicas() -> None:
    loaded = build_profile({"accessibility.min_gpu_memory_gb": 70},
                           extra={"route": "self-hosted", "openness": "open-weight"})
    heavy = build_assessment(use_case={"volume": {"input_mtok_per_month": 10000, "output_mtok_per_month": 0}})
    tco = compute_tco(loaded, heavy, book(**FIXED))
    # 87.5 GB -> 2 GPUs; capacity 1000 x 2 x 2,592,000 x 0.5 = 2.592e9 a replica; 1e10 -> 4 replicas.
    assert tco.gpus_needed == 8


@pytest.mark.parametrize(("memory", "per_replica"), [(50, 1), (70, 2), (140, 4), (400, 8), (700, 16)])
def test_gpus_are_bought_a_power_of_two_on_one_server_or_as_whole_servers(memory: float,
                                                                           per_replica: int) -> None:
    """x 1.25 / 80 GB: 0.8 -> 1; 1.1 -> 2; 2.2 -> 4 (not 3); 6.25 -> 8 (not 7); 10.9 -> 16 (two
    whole 8-GPU servers, not 11 GPUs)."""
    loaded = build_profile({"accessibility.min_gpu_memory_gb": memory},
                           extra={"route": "self-hosted", "openness": "open-weight"})
    tco = compute_tco(loaded, build_assessment(), book(**FIXED))
    assert tco.gpus_needed == 2 * per_replica


def test_a_staffing_floor_holds_for_a_small_firm() -> None:
    """Serving a self-hosted model: 1.5 FTE x 0.25 (small) x 1.0 = 0.375, below the floor of 1."""
    loaded = build_profile({"accessibility.min_gpu_memory_gb": 30},
                           extra={"route": "self-hosted", "openness": "open-weight"})
    tco = compute_tco(loaded, build_assessment(institution={"size": "small"}), book(**FIXED))
    serving = next(line for line in tco.lines if line.item.startswith("staff: serving"))
    assert serving.annual_usd == pytest.approx(200000)
    assert "at least 1" in serving.working
    big = compute_tco(loaded, build_assessment(institution={"size": "large"}), book(**FIXED))
    assert next(line for line in big.lines if line.item.startswith("staff: serving")).annual_usd \
        == pytest.approx(1.5 * 200000)


@pytest.mark.parametrize(("annual", "budget", "points"),
                         [(25000, 100000, 100), (100000, 100000, 0), (62500, 100000, 50),
                          (200000, 100000, 0)])
def test_tco_points_against_a_budget(annual: float, budget: float, points: float) -> None:
    got, _ = tco_points(annual, build_assessment(budget_usd_per_year=budget), book())
    assert got == pytest.approx(points)


@pytest.mark.parametrize(("annual", "points"), [(90000, 100), (100000, 100), (100001, 80), (3e6, 0)])
def test_tco_points_on_fixed_bands(annual: float, points: float) -> None:
    got, _ = tco_points(annual, build_assessment(), book())
    assert got == pytest.approx(points)


def test_unknown_cost_override_is_refused() -> None:
    with pytest.raises(InputError, match="did you mean 'fte_cost_trainer'"):
        book(fte_cost_traner=1)
    with pytest.raises(InputError, match=r"did you mean 'staffing\.integration\.vendor-api'"):
        book(**{"staffing.integration.vendor-apl": 1})


def test_weights_show_the_condition_each_preset_fired_on() -> None:
    steps = derive(build_assessment(constraints={"processing_jurisdictions": ["HK"]}), presets(),
                   CRITERIA, DEFAULTS, "a.yaml")
    mandate = next(s for s in steps if s.label == "Data-localisation mandate")
    assert mandate.condition is not None
    assert "every one of constraints.processing_jurisdictions is in institution.jurisdictions" \
        " ([HK] within [HK])" in mandate.condition
    assert next(s for s in steps if s.kind == "preset").condition == "always"
    assert mandate.as_dict()["condition"] == mandate.condition
