"""The cost model: unknown cost facts imputed at a pessimistic bound (flagged, with an evidence
gap naming the fact), reserved-capacity routes, sourced or assumed figures with validated
overrides, forced re-validation, and the cost sensitivity table. Each rule both ways."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from helpers import build_assessment, build_profile
from selector import InputError
from selector.assess import forced_switch, run
from selector.io.paths import bundled, default_profiles
from selector.profiles import get_fact, load_profiles
from selector.scoring.accessibility import score_accessibility_tco
from selector.scoring.cost_sensitivity import DEFAULT_FACTORS, Ranking, analyse_costs
from selector.scoring.lifecycle import LifecycleCheck, LifecycleState
from selector.scoring.rubric import FLAG_IMPUTED, FLAG_UNKNOWN
from selector.scoring.tco import PRICE_IN, PRICE_OUT, RESERVED, compute_tco, load_costs

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TODAY = date(2026, 12, 1)
COSTS = bundled("criteria") / "costs.yaml"


def book(**overrides: float) -> Any:
    return load_costs(COSTS, overrides)


def priced(input_price: Any = 1.0, output_price: Any = 4.0, profile_id: str = "test-offering") -> Any:
    return build_profile({"accessibility.input_price_usd_per_mtok": input_price,
                          "accessibility.output_price_usd_per_mtok": output_price},
                         profile_id=profile_id)


def unknown_fact(profile: Any, path: str) -> Any:
    """The profile with the fact at ``path`` set to unknown (helpers source every fact)."""
    group, name = path.split(".")
    block = getattr(profile.profile, group)
    fact = getattr(block, name).model_copy(update={"value": "unknown", "sources": [],
                                                   "confidence": None, "note": "ask the vendor"})
    changed = profile.profile.model_copy(update={group: block.model_copy(update={name: fact})})
    return dataclasses.replace(profile, profile=changed)


@pytest.fixture(scope="module")
def wealth() -> Any:
    return run(EXAMPLES / "small-wealth-manager-assistant.yaml", today=TODAY, with_checklist=True)


@pytest.fixture(scope="module")
def tco_criterion() -> Any:
    from selector.criteria import load_criteria
    from selector.io.paths import default_criteria

    return next(c for c in load_criteria(default_criteria()).criteria_set.criteria
                if c.assessment == "tco")


# --- A. unknown is pessimistic, not ruinous ------------------------------------------------

def test_an_unknown_price_is_imputed_at_the_bound_and_a_known_one_is_not() -> None:
    costs = book()
    high, low = costs.bound("output_price_usd_per_mtok")
    assessment = build_assessment()  # 10 Mtok in, 2 Mtok out a month
    known = compute_tco(priced(), assessment, costs)
    assert not known.imputed and not known.unknown
    missing = compute_tco(unknown_fact(priced(), PRICE_OUT), assessment, costs)
    assert missing.unknown == (PRICE_OUT,)
    (imputed,) = missing.imputed
    assert (imputed.fact, imputed.value, imputed.favourable) == (PRICE_OUT, high, low)
    assert imputed.note == "ask the vendor"
    fees = next(line for line in missing.lines if line.item == "usage fees")
    assert fees.imputed and fees.annual_usd == pytest.approx(12 * (10 * 1.0 + 2 * high))
    assert fees.favourable_usd == pytest.approx(12 * (10 * 1.0 + 2 * low))
    staff = known.annual_usd - 12 * (10 * 1.0 + 2 * 4.0)
    assert missing.annual_usd == pytest.approx(staff + fees.annual_usd)
    assert missing.favourable_annual_usd == pytest.approx(staff + fees.favourable_usd)


def test_the_acc_tco_entry_of_an_imputed_tco(tco_criterion: Any) -> None:
    costs = book()
    assessment = build_assessment(budget_usd_per_year=400000)
    profile = unknown_fact(unknown_fact(priced(), PRICE_IN), PRICE_OUT)
    tco = compute_tco(profile, assessment, costs)
    entry = score_accessibility_tco(tco_criterion, profile, assessment, costs, tco).trace[0]
    assert entry.flags == (FLAG_UNKNOWN, FLAG_IMPUTED)
    assert entry.inputs == (PRICE_IN, PRICE_OUT)
    from selector.scoring.tco import tco_points

    at_bound = tco_points(tco.annual_usd, assessment, costs)[0] * 0.6
    at_best = tco_points(tco.favourable_annual_usd, assessment, costs)[0] * 0.6
    assert entry.points == pytest.approx(at_bound) and at_bound > 0
    assert entry.plausible == pytest.approx((at_bound, at_best))
    assert "imputed at the pessimistic bound" in entry.value
    assert "(costs.yaml imputation)" in entry.outcome and entry.outcome.endswith("obtain the price")
    known = compute_tco(priced(), assessment, costs)
    plain = score_accessibility_tco(tco_criterion, priced(), assessment, costs, known).trace[0]
    assert plain.flags == () and plain.plausible is None and plain.inputs == ()


def test_an_assessment_moves_the_bound_and_is_refused_an_inverted_range() -> None:
    profile = unknown_fact(priced(), PRICE_OUT)
    moved = compute_tco(profile, build_assessment(),
                        book(**{"imputation.output_price_usd_per_mtok.bound": 5}))
    assert moved.imputed[0].value == 5
    with pytest.raises(InputError, match=r"favourable end .* is above the pessimistic bound"):
        book(**{"imputation.output_price_usd_per_mtok.bound": 0.1})


def test_unknown_cost_keys_in_an_assessment_are_located_with_a_did_you_mean(tmp_path: Path) -> None:
    text = (EXAMPLES / "small-wealth-manager-assistant.yaml").read_text("utf-8")
    path = tmp_path / "a.yaml"
    path.write_text(text + "costs:\n  staffing.integration.vendor-api: 1\n"
                    "  staffing.integraton.vendor-api: 1\n", "utf-8")
    with pytest.raises(InputError) as caught:
        run(path, today=TODAY)
    (problem,) = caught.value.problems
    line = len(text.splitlines()) + 3
    assert (problem.line, problem.field) == (line, "costs.staffing.integraton.vendor-api")
    assert "did you mean 'staffing.integration.vendor-api'" in problem.message
    from selector.commands import validate_paths

    assert [str(p) for p in validate_paths([str(path)])[1]] == [str(problem)]
    path.write_text(text + "costs:\n  staffing.integration.vendor-api: 1\n", "utf-8")
    assert validate_paths([str(path)])[1] == []


def test_a_reserved_capacity_route_costs_its_minimum_reservation() -> None:
    """Per-token prices not applicable (Azure provisioned PTUs): 25 units x the unit bound a
    month when the charge is unknown; the profile's own charge when known; the fixed bound when
    neither the charge nor the unit count is known."""
    costs = book()
    unit_high, unit_low = costs.bound("reserved_usd_per_unit_month")
    na = {"accessibility.input_price_usd_per_mtok": "not-applicable",
          "accessibility.output_price_usd_per_mtok": "not-applicable"}
    with_units = build_profile({**na, "accessibility.reserved_min_units": 25})
    tco = compute_tco(unknown_fact(build_profile({**na, "accessibility.reserved_min_units": 25,
                                                  RESERVED: 1}), RESERVED), build_assessment(), costs)
    line = tco.lines[0]
    assert (line.item, tco.unknown) == ("reserved capacity", (RESERVED,))
    assert line.annual_usd == pytest.approx(12 * 25 * unit_high)
    assert line.favourable_usd == pytest.approx(12 * 25 * unit_low)
    assert compute_tco(with_units, build_assessment(), costs).lines[0].annual_usd == line.annual_usd
    known = compute_tco(build_profile({**na, RESERVED: 5000}), build_assessment(), costs)
    assert (known.lines[0].annual_usd, known.imputed) == (60000, ())
    bare = compute_tco(build_profile(na), build_assessment(), costs)
    assert bare.lines[0].annual_usd == pytest.approx(12 * costs.bound("reserved_usd_per_month")[0])
    bigger = build_assessment(use_case={"volume": {"input_mtok_per_month": 5000,
                                                   "output_mtok_per_month": 1000}})
    assert compute_tco(with_units, bigger, costs).lines[0].annual_usd == line.annual_usd


@pytest.mark.parametrize(("params", "memory", "favourable"),
                         [(70, 140, 35), ("unknown", 5600, 30)])
def test_unknown_gpu_memory_is_imputed_from_the_parameters_else_the_bound(
        params: Any, memory: float, favourable: float) -> None:
    profile = build_profile({"accessibility.min_gpu_memory_gb": 1},
                            extra={"route": "self-hosted", "openness": "open-weight"})
    profile = unknown_fact(profile, "accessibility.min_gpu_memory_gb")
    model = profile.profile.model.model_copy(update={"parameters_b": params})
    profile = dataclasses.replace(profile, profile=profile.profile.model_copy(update={"model": model}))
    tco = compute_tco(profile, build_assessment(), book())
    (imputed,) = tco.imputed
    assert (imputed.value, imputed.favourable) == (memory, favourable)
    assert all(line.imputed for line in tco.lines[:3])
    assert tco.favourable_annual_usd < tco.annual_usd
    known = compute_tco(build_profile({"accessibility.min_gpu_memory_gb": memory},
                                      extra={"route": "self-hosted", "openness": "open-weight"}),
                        build_assessment(), book())
    assert known.annual_usd == pytest.approx(tco.annual_usd) and not known.imputed


def test_the_gap_item_names_the_unknown_price_not_the_tco(wealth: Any) -> None:
    option = "qwen3-8-omni-flash-model-studio-hk"
    items = {t.item.id: t.item for t in wealth.checklists[option].items}
    assert "GAP-tco" not in items
    gap = items[f"GAP-{PRICE_IN}"]
    assert "counts it at the pessimistic bound" in gap.reasons[0]
    assert "China (Hong Kong) tab" in gap.evidence  # the profile's note: where to obtain it
    assert f"GAP-{PRICE_OUT}" in items
    flags = wealth.option(option).evidence_flags[FLAG_UNKNOWN]
    assert PRICE_IN in flags and "tco" not in flags
    ptu = {t.item.id for t in wealth.checklists["gpt-5-4-mini-azure-regional-provisioned-japaneast"].items}
    assert f"GAP-{RESERVED}" in ptu


def test_every_known_value_in_the_catalogue_lies_inside_its_imputation_range() -> None:
    """The bounds stay pessimistic (and the favourable ends favourable) as the catalogue changes."""
    costs = book()
    seen = {PRICE_IN: 0, PRICE_OUT: 0, "memory": 0, "units": 0}
    for lp in load_profiles([default_profiles()]):
        for path, name in ((PRICE_IN, "input_price_usd_per_mtok"), (PRICE_OUT, "output_price_usd_per_mtok")):
            fact = get_fact(lp.profile, path)
            if fact is not None and fact.known and isinstance(fact.value, int | float):
                high, low = costs.bound(name)
                assert low <= fact.value <= high, (lp.profile.id, path, fact.value)
                seen[path] += 1
        high, low = costs.bound("min_gpu_memory_gb")
        memory = get_fact(lp.profile, "accessibility.min_gpu_memory_gb")
        if memory is not None and memory.known and isinstance(memory.value, int | float):
            assert low <= memory.value <= high, lp.profile.id
            seen["memory"] += 1
        params = lp.profile.model.parameters_b if lp.profile.model else None
        if lp.profile.route == "self-hosted" and isinstance(params, int | float):
            assert params * costs.bound("bytes_per_parameter")[0] <= high, lp.profile.id
        units = get_fact(lp.profile, "accessibility.reserved_min_units")
        if units is not None and units.known and isinstance(units.value, int | float):
            month_high, month_low = costs.bound("reserved_usd_per_month")
            unit_high, unit_low = costs.bound("reserved_usd_per_unit_month")
            assert month_low <= units.value * unit_low and units.value * unit_high <= month_high
            seen["units"] += 1
    assert min(seen.values()) >= 2, seen


# --- B. a cost model with sourced parts ----------------------------------------------------

def test_every_cost_figure_has_a_source_or_is_marked_an_assumption(tmp_path: Path) -> None:
    costs = book()
    for key, info in costs.inputs.items():
        assert info.source or info.assumption, key
    assert costs.inputs["staffing.integration.vendor-api"].short_tag == "assumption"
    assert costs.inputs["gpu_memory_gb"].short_tag == "verified"
    text = COSTS.read_text("utf-8")
    path = tmp_path / "costs.yaml"
    path.write_text(text.replace("  non_production_replicas: {value: 1, unit: \"replicas (test / "
                                 "validation environment)\", date: \"2026-12\",\n    assumption: true,",
                                 "  non_production_replicas: {value: 1, unit: \"replicas (test / "
                                 "validation environment)\", date: \"2026-12\",\n", 1), "utf-8")
    with pytest.raises(InputError, match=r"units\.non_production_replicas: give a source .* or mark it "
                                         r"'assumption: true'"):
        load_costs(path)


def test_no_route_needs_less_integration_unless_a_source_says_why(tmp_path: Path) -> None:
    costs = book()
    integration = {costs.fte("integration", r) for r in ("self-hosted", "managed-hosting",
                                                         "cloud-platform", "vendor-api")}
    assert len(integration) == 1
    text = COSTS.read_text("utf-8")
    old = "fte: {self-hosted: 1.5, managed-hosting: 1.5, cloud-platform: 1.5, vendor-api: 1.5}"
    path = tmp_path / "costs.yaml"
    path.write_text(text.replace(old, old.replace("vendor-api: 1.5", "vendor-api: 2"), 1), "utf-8")
    with pytest.raises(InputError, match=r"integration\.fte differs between routes"):
        load_costs(path)
    path.write_text(text.replace(old, old.replace("vendor-api: 1.5", "vendor-api: 2") +
                                 "\n      source: \"a study that says so\"", 1), "utf-8")
    assert load_costs(path).fte("integration", "vendor-api") == 2


def test_a_small_firm_needs_no_more_staff_for_a_vendor_api_than_for_self_hosting() -> None:
    small = build_assessment(institution={"size": "small", "genai_expertise": "low"})
    costs = book()

    def fte(route: str) -> float:
        multiplier = (costs.multiplier("expertise_multiplier", "low")
                      * costs.multiplier("size_multiplier", "small"))
        return sum(max(costs.fte(a, route) * multiplier, costs.floor(a, route) or 0.0)
                   for a in ("integration", "adaptation", "serving", "governance", "vendor_management"))

    assert fte("vendor-api") <= fte("cloud-platform") <= fte("managed-hosting") <= fte("self-hosted")
    api = compute_tco(priced(), small, costs)
    hosted = compute_tco(build_profile({"accessibility.min_gpu_memory_gb": 30},
                                       extra={"route": "self-hosted", "openness": "open-weight"}),
                         small, costs)
    staff = [sum(line.annual_usd for line in t.lines if line.item.startswith("staff:"))
             for t in (api, hosted)]
    assert staff[0] < staff[1]


def test_a_retirement_inside_the_horizon_forces_a_revalidation() -> None:
    def check(retires: str | None) -> LifecycleCheck:
        return LifecycleCheck(LifecycleState("generally-available", retires, None, None, None, None,
                                             None), None, None, None)

    go_live, end = date(2026, 12, 1), date(2029, 12, 1)
    assert forced_switch(check("2027-09-21"), go_live, end) == date(2027, 9, 21)
    assert forced_switch(check("2030-01-01"), go_live, end) is None
    assert forced_switch(check(None), go_live, end) is None
    costs = book()
    tco = compute_tco(priced(), build_assessment(), costs, retires_on=date(2027, 9, 21))
    line = tco.lines[-1]
    assert line.item == "forced re-validation"
    assert line.annual_usd == pytest.approx(costs.values["revalidation_cost"] / 3)
    plain = compute_tco(priced(), build_assessment(), costs)
    assert all(x.item != "forced re-validation" for x in plain.lines)


# --- the cost sensitivity table -------------------------------------------------------------

def test_the_sensitivity_table_of_an_example(wealth: Any) -> None:
    table = wealth.cost_sensitivity
    assert table is not None and table.base_top == wealth.ranking[0].id
    assert table.options == tuple(r.id for r in wealth.ranking)
    keys = [row.key for row in table.rows]
    assert keys == [r.key for r in sorted(table.rows, key=lambda r: r.rank_key(table.base_cheapest,
                                                                                 table.base_top))]
    rows = {row.key: row for row in table.rows}
    ptu = rows["imputation.reserved_usd_per_unit_month.bound"]
    assert (ptu.low.value, ptu.high.value) == (221, 1460) and ptu.basis.startswith("imputation range")
    assert rows["gpu_memory_gb"].basis == "recorded range [80, 141]"
    trainer = rows["fte_cost_trainer"]
    assert (trainer.low.value, trainer.high.value) == tuple(167000 * f for f in DEFAULT_FACTORS)
    assert not any(k.endswith(".favourable") for k in keys)
    # one level by hand: the option's TCO with the input at the low value
    option = wealth.ranking[0].id
    costs = load_costs(COSTS)
    lp = next(p for p in load_profiles([default_profiles()]) if p.profile.id == option)
    from selector.assess import load_assessment

    assessment = load_assessment(EXAMPLES / "small-wealth-manager-assistant.yaml").assessment
    low = compute_tco(lp, assessment, costs.with_values({"fte_cost_trainer": trainer.low.value}))
    assert trainer.low.changes[option] == pytest.approx(low.annual_usd - wealth.tco[option].annual_usd)
    assert rows["imputation.reserved_usd_per_unit_month.bound"].involves(
        "gpt-5-4-mini-azure-regional-provisioned-japaneast")
    # the reruns' points are the ranked points (the trace-free path agrees with the traced one)
    from selector.scoring.accessibility import accessibility_points

    for row in wealth.ranking:
        lp_row = next(p for p in load_profiles([default_profiles()]) if p.profile.id == row.id)
        tco = wealth.tco[row.id]
        assert accessibility_points(lp_row, assessment, costs, tco.annual_usd, tco.gpus_needed) \
            == pytest.approx(row.scores["accessibility"])


def test_swaps_cheapest_and_recommendation_both_ways(tco_criterion: Any) -> None:
    """Option a's input price is unknown: at the bound it is dearer than b, at the favourable end
    cheaper, so the pair swaps, the cheapest changes and (accessibility weighing heavily) so
    does rank 1; an input that moves both alike swaps nothing."""
    costs = book()
    assessment = build_assessment(use_case={"volume": {"input_mtok_per_month": 200,
                                                       "output_mtok_per_month": 50}},
                                  budget_usd_per_year=400000)
    a = unknown_fact(priced(1.0, 1.0, profile_id="a"), PRICE_IN)
    b = priced(2.0, 8.0, profile_id="b")
    tcos = {"a": compute_tco(a, assessment, costs), "b": compute_tco(b, assessment, costs)}
    points = {o: score_accessibility_tco(tco_criterion, p, assessment, costs, tcos[o]).value
              for o, p in (("a", a), ("b", b))}
    assert tcos["a"].annual_usd > tcos["b"].annual_usd and points["a"] < points["b"]
    ranking = Ranking(ids=("b", "a"), criteria=("accessibility", "other"),
                      matrix=((points["b"], 50.0), (points["a"], 55.0)), objectives=("max", "max"),
                      scales=((0.0, 100.0), (0.0, 100.0)), weights=(0.8, 0.2), method="wsm",
                      unknown_counts=(0, 1))
    table = analyse_costs(ranking, {"a": a, "b": b}, assessment, costs, tco_criterion, tcos, {})
    assert table is not None and (table.base_cheapest, table.base_top) == ("b", "b")
    rows = {row.key: row for row in table.rows}
    price = rows["imputation.input_price_usd_per_mtok.bound"]
    assert price.low.swaps == (("b", "a"),) and price.low.cheapest == "a" and price.low.top == "a"
    assert price.high.swaps == () and price.high.changes == {}
    assert price.top_changes("b") and price.cheapest_changes("b")
    assert table.rows[0].key.startswith("imputation.")  # the recommendation changes: first
    sustainer = rows["fte_cost_sustainer"]
    assert sustainer.low.swaps == sustainer.high.swaps == () and not sustainer.top_changes("b")
    assert set(sustainer.low.changes) == {"a", "b"}


def test_reweighting_keeps_the_tco_rows_and_clears_the_rank_one_check(wealth: Any) -> None:
    from selector.engine import reweight

    new = reweight(wealth, {c.id: 1.0 for c in wealth.criteria})
    assert new.cost_sensitivity is not None and new.cost_sensitivity.base_top is None
    assert all(row.low.top is None and row.high.top is None for row in new.cost_sensitivity.rows)
    assert [r.key for r in new.cost_sensitivity.rows] == [r.key for r in wealth.cost_sensitivity.rows]


def test_explain_shows_imputed_costs_their_evidence_and_the_sensitivity_rows(wealth: Any) -> None:
    from selector.render.explain import explain_data, explain_text

    option = "gpt-5-4-mini-azure-regional-provisioned-japaneast"
    text = explain_text(wealth, option)
    assert "IMPUTED: unknown accessibility.reserved_usd_per_month" in text
    assert "reserved capacity (imputed)" in text
    assert "staffing.integration.cloud-platform = 1.5 [assumption]" in text
    assert "fte_cost_explainer = 120000 [secondary]" in text
    assert "Cost sensitivity:" in text and "imputation.reserved_usd_per_unit_month.bound" in text
    data = explain_data(wealth, option)
    assert data["cost_inputs"]["staffing.integration.cloud-platform"]["assumption"] is True
    assert data["cost_sensitivity"] and all(option in str(r) for r in data["cost_sensitivity"][:1])
    assert data["tco"]["imputed"][0]["fact"] == RESERVED
