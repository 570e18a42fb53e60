"""What the analyst changed from the assessment: recorded once, relative to the assessment as
written, in the typed changes and as the derivation's last steps, on every face."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from selector.assess import run
from selector.engine import rank, reweight
from selector.render.explain import explain_text
from selector.render.ranking import rank_table
from selector.result import Result
from selector.robustness.weights import weight_sampling
from selector.weights.changes import ANALYST, changes_line, weights_words

TODAY = date(2026, 11, 25)
CASE = Path(__file__).resolve().parents[1] / "ui" / "data" / "assessment.yaml"
"""The insurer fixture (six frozen profiles): preset auto, then security 0.3 direct."""


def used(result: Result) -> dict[str, float]:
    return {c.id: c.weight for c in result.criteria}


@pytest.fixture(scope="module")
def base() -> Result:
    return run(CASE, today=TODAY)


@pytest.fixture(scope="module")
def overridden() -> Result:
    return run(CASE, today=TODAY, weights={"security": 3}, method="topsis", command="selector rank")


def test_the_assessment_as_written_records_no_change(base: Result) -> None:
    assert base.analyst_changes == ()
    assert all(step.kind != ANALYST for step in base.weight_steps)
    assert changes_line(base) == ""
    assert "changed by the analyst" not in rank_table(base)


def test_command_line_weights_and_method_are_recorded(base: Result, overridden: Result) -> None:
    weights, method = overridden.analyst_changes
    assert (weights.kind, method.kind) == ("weights", "method")
    assert weights.how == "selector rank --weights security=3"
    assert method.how == "selector rank --method topsis"
    assert (method.before, method.after) == ("wsm", "topsis")
    before, after = weights.changes["security"]
    assert before == pytest.approx(used(base)["security"])
    assert after == pytest.approx(used(overridden)["security"])
    assert set(weights.changes) == set(used(base))  # security=3 rescales every other one
    assert weights.text.startswith("Weights changed by the analyst from Security 30.0%")
    # the derivation ends with one step per change, holding the weights used
    *derived, w_step, m_step = overridden.weight_steps
    assert [s.kind for s in derived] == [s.kind for s in base.weight_steps]
    assert (w_step.kind, m_step.kind) == (ANALYST, ANALYST)
    assert w_step.why == weights.text and m_step.why == method.text
    assert dict(m_step.weights) == pytest.approx(used(overridden))
    assert "changed by the analyst from" in w_step.why


def test_weights_equal_to_the_assessments_and_its_own_method_are_not_changes(base: Result) -> None:
    doubled = {c: 2 * w for c, w in used(base).items()}  # the same shares
    same = run(CASE, today=TODAY, weights=doubled, method="wsm", command="selector rank")
    assert same.analyst_changes == ()
    assert [s.kind for s in same.weight_steps] == [s.kind for s in base.weight_steps]


def test_reweight_is_relative_to_the_assessment_never_stacked(base: Result) -> None:
    w = used(base)
    once = reweight(base, {**w, "security": 0.5})
    twice = reweight(once, {**used(once), "support": 0.3})
    thrice = reweight(twice, {**used(twice), "liability": 0.2}, how="terminal UI")
    assert [c.kind for c in thrice.analyst_changes] == ["weights"]
    assert [s.kind for s in thrice.weight_steps].count(ANALYST) == 1
    (change,) = thrice.analyst_changes
    assert change.changes["security"][0] == pytest.approx(w["security"])  # from the assessment's
    assert change.how == "terminal UI"
    back = reweight(thrice, w)
    assert back.analyst_changes == () and back.weight_steps == base.weight_steps


def test_a_method_change_and_back_removes_it(base: Result) -> None:
    switched = reweight(base, used(base), method="vikor", how="terminal UI, method")
    assert [(c.kind, c.before, c.after) for c in switched.analyst_changes] == [("method", "wsm", "vikor")]
    moved = reweight(switched, {**used(switched), "security": 0.4})
    assert [c.kind for c in moved.analyst_changes] == ["method", "weights"]
    assert moved.analyst_changes[0].how == "terminal UI, method"  # kept as it was made
    back = reweight(moved, used(moved), method="wsm")
    assert [c.kind for c in back.analyst_changes] == ["weights"]


def test_a_preset_is_its_own_kind_naming_it(base: Result) -> None:
    picked = reweight(base, {c: 1.0 for c in used(base)}, preset="Equal weights", how="terminal UI")
    (change,) = picked.analyst_changes
    assert change.kind == "preset" and "the preset 'Equal weights'" in change.after
    assert change.text.startswith("Weights (preset) changed by the analyst from")
    same = reweight(base, used(base), preset="The assessment's weights")
    assert same.analyst_changes == ()


def test_command_line_changes_survive_a_reweight_that_keeps_them(overridden: Result) -> None:
    renamed = reweight(overridden, used(overridden), method="topsis")
    assert renamed.analyst_changes == overridden.analyst_changes


def test_without_an_assessment_the_criteria_sets_defaults_are_the_before() -> None:
    profiles = CASE.parent / "profiles"
    criteria = CASE.parent / "criteria" / "box1.yaml"
    plain = rank(profiles, criteria, today=TODAY)
    assert plain.analyst_changes == () and plain.weight_steps == ()
    changed = rank(profiles, criteria, today=TODAY, weights={"security": 3}, method="topsis",
                   command="selector rank")
    weights, method = changed.analyst_changes
    assert weights.changes["security"][0] == pytest.approx(used(plain)["security"])
    assert (method.before, method.after) == ("wsm", "topsis")
    assert "from the criteria set's defaults" in changes_line(changed)
    back = reweight(reweight(changed, {**used(changed), "support": 2.0}), used(plain), method="wsm")
    assert back.analyst_changes == ()


def test_words_name_only_the_moved_criteria_one_decimal() -> None:
    words = weights_words({"security": (0.217, 0.304), "support": (0.13, 0.091)},
                          {"security": "Security", "support": "Support"})
    assert words == "Security 21.7% -> 30.4%, Support 13.0% -> 9.1%"
    assert weights_words({"security": (0.2171, 0.2174)}, {}) == "security 21.71% -> 21.74%"


def test_every_text_face_shows_the_changes(overridden: Result) -> None:
    table = " ".join(rank_table(overridden, 100).split())
    assert "Changed by the analyst from the assessment: Security 30.0% ->" in table
    assert "method wsm -> topsis (selector rank --method topsis)" in table
    text = explain_text(overridden, overridden.ranking[0].id)
    assert overridden.analyst_changes[0].text in text
    data = overridden.as_dict()
    assert [c["kind"] for c in data["analyst_changes"]] == ["weights", "method"]
    assert data["weight_derivation"][-1]["kind"] == ANALYST


def test_reports_derivation_ends_with_the_change_beside_the_used_column(overridden: Result) -> None:
    import io

    from openpyxl import load_workbook

    from selector.reports import render_report

    markdown = render_report("md", overridden).decode()
    derivation = markdown[markdown.index("### Weights and how they were derived"):]
    assert "Weights changed by the analyst from Security 30.0%" in derivation
    assert "Method changed by the analyst from wsm to topsis" in derivation
    book = load_workbook(io.BytesIO(render_report("xlsx", overridden)))
    rows = [[cell.value for cell in row] for row in book["Audit"].iter_rows()]
    steps = [r for r in rows if r[0] == "weight derivation"]
    assert len(steps) == len(overridden.weight_steps)
    assert "changed by the analyst from" in str(steps[-2][2])


def test_smaa_sampling_centres_on_the_weights_used(base: Result, overridden: Result) -> None:
    from selector.robustness.model import _problem

    # the analyst's steps do not change how the weights are drawn (the assessment states them) ...
    assert weight_sampling(overridden, None) == weight_sampling(base, None)
    assert weight_sampling(overridden, None)["kind"] == "around"
    # ... and the draws centre on the weights the ranking used, not the assessment's
    assert list(_problem(overridden).weights) == pytest.approx([c.weight for c in overridden.criteria])
    plain = rank(CASE.parent / "profiles", CASE.parent / "criteria" / "box1.yaml", today=TODAY,
                 weights={"security": 3})
    assert weight_sampling(plain, None)["kind"] == "dirichlet"


# --- what a --weights value means: a share, or relative to the average criterion -------------


def test_a_plain_weight_is_relative_to_the_average_criterion_with_or_without_an_assessment(
        base: Result) -> None:
    from selector.engine import parse_weights

    n = len(base.criteria)
    others = {c: w for c, w in used(base).items() if c != "security"}
    out = run(CASE, today=TODAY, weights=parse_weights("security=2"), command="selector rank")
    # security weighs 2 against the average of 1: its raw weight is 2/n of a total that was 1
    assert used(out)["security"] == pytest.approx((2 / n) / (1 - used(base)["security"] + 2 / n))
    ratio = [used(out)[c] / w for c, w in others.items()]
    assert max(ratio) == pytest.approx(min(ratio))  # the others keep their proportions
    # The bundled criteria set weighs every criterion 1: there the number is itself.
    plain = rank(weights=parse_weights("security=2"), today=TODAY)
    raw = {c.id: c.raw_weight for c in plain.criteria}
    assert raw["security"] == 2 and {v for k, v in raw.items() if k != "security"} == {1}


def test_a_share_takes_that_share_and_the_others_keep_their_proportions(base: Result) -> None:
    from selector.engine import parse_weights
    from selector.weights.shares import Share

    weights = parse_weights("security=40%")
    assert isinstance(weights["security"], Share) and weights["security"] == pytest.approx(0.4)
    out = run(CASE, today=TODAY, weights=weights, command="selector rank")
    assert used(out)["security"] == pytest.approx(0.4)
    others = {c: w for c, w in used(base).items() if c != "security"}
    assert sum(used(out)[c] for c in others) == pytest.approx(0.6)
    ratio = [used(out)[c] / w for c, w in others.items()]
    assert max(ratio) == pytest.approx(min(ratio))
    assert out.analyst_changes[0].how == "selector rank --weights security=40%"
    # two shares: each its own, the rest shared by the others in proportion
    two = run(CASE, today=TODAY, weights=parse_weights("security=40%,lock_in=10%"))
    assert (used(two)["security"], used(two)["lock_in"]) == pytest.approx((0.4, 0.1))
    same = run(CASE, today=TODAY, weights=parse_weights(f"security={used(base)['security'] * 100}%"))
    assert same.analyst_changes == ()  # the share it already had is no change


@pytest.mark.parametrize(("text", "expect"), [
    ("security=150%", "security=150% must be a share from 0% to 100% of the decision"),
    ("security=60%,lock_in=50%", "the shares add up to 110% (security=60%, lock_in=50%)"),
    ("security=x%", "'x%' for security is not a number (or a percentage such as 30%)"),
    ("security=-1", "must be a finite number from 0 to"),
])
def test_a_bad_share_or_weight_is_one_line(text: str, expect: str) -> None:
    from selector.engine import parse_weights
    from selector.errors import UsageError

    with pytest.raises(UsageError) as info:
        run(CASE, today=TODAY, weights=parse_weights(text))
    assert expect in str(info.value) and "\n" not in str(info.value)
