"""The result is the only source of derived facts: one evidence-flag rule everywhere, every input
that changes scores recorded, and re-ranking never keeps a stale robustness analysis."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from helpers import ROOT, TODAY
from selector import Result, rank, reweight
from selector.checklist import generate, load_catalogue
from selector.io.paths import bundled
from selector.robustness import analyse, method_agreement, with_robustness
from selector.scoring.rubric import FLAG_STALE, FLAG_UNKNOWN, FLAG_UNVERIFIED, evidence_flags, is_flagged

LATER = date(2028, 1, 1)
WASPAS = ROOT / "tests" / "data" / "cases" / "waspas_chakraborty_2015"


def flagged_facts(result: Result, option: str) -> dict[str, set[str]]:
    """The facts each flag should name, read straight off the trace by the rule."""
    out: dict[str, set[str]] = {FLAG_UNKNOWN: set(), FLAG_STALE: set(), FLAG_UNVERIFIED: set()}
    for score in result.traces[option].values():
        for entry in score.trace:
            if is_flagged(entry):
                for flag in entry.flags:
                    if flag in out:
                        out[flag].add(entry.fact)
    return out


@pytest.mark.parametrize("today", [TODAY, LATER], ids=["today", "later"])
def test_one_evidence_flag_rule_on_the_bundled_catalogue(today: date) -> None:
    """The result's flags, each criterion score's flags and the checklist's evidence items agree;
    a best_of alternative that did not count carries no flag anywhere (only an unknown one that
    could have raised the score stays flagged unknown, the rubric's own mark)."""
    result = rank(today=today)
    catalogue = load_catalogue(bundled("criteria") / "checklist.yaml").catalogue
    skipped = 0
    for row in result.ranking:
        expected = flagged_facts(result, row.id)
        assert {k: set(v) for k, v in row.evidence_flags.items()} == expected
        assert dict(row.evidence_flags) == evidence_flags(result.traces[row.id])
        for cid, score in result.traces[row.id].items():
            in_score = {f for e in score.trace if is_flagged(e) for f in e.flags}
            assert set(score.flags) == in_score, (row.id, cid)
        items = {item.id for item in generate(result, catalogue, row.id)}
        assert {i for i in items if i.startswith("STALE-")} == {f"STALE-{f}" for f in expected[FLAG_STALE]}
        assert {i for i in items if i.startswith("GAP-")} == {f"GAP-{f}" for f in expected[FLAG_UNKNOWN]}
        # the same fact may count in another rule, of this criterion or another one
        counted = {e.fact for score in result.traces[row.id].values() for e in score.trace
                   if is_flagged(e)}
        for score in result.traces[row.id].values():
            for entry in score.trace:
                if entry.counted or FLAG_UNKNOWN in entry.flags or not entry.flags:
                    continue
                skipped += 1
                if entry.fact not in counted:
                    for flag in entry.flags:
                        assert entry.fact not in row.evidence_flags.get(flag, ()), (row.id, entry)
    if today == LATER:
        assert skipped > 0  # the catalogue has stale alternatives that did not count: pinned


def test_the_json_flags_follow_the_rule() -> None:
    from selector.render.ranking import rank_json

    result = rank(today=LATER)
    data = json.loads(rank_json(result))
    for row in data["ranking"]:
        expected = flagged_facts(result, row["id"])
        assert {k: set(v) for k, v in row["flags"].items()} == expected


@pytest.fixture(scope="module")
def analysed() -> Result:
    result = rank(today=TODAY)
    return with_robustness(result, analyse(result, samples=200))


def test_reweight_drops_the_robustness_of_the_old_ranking(analysed: Result) -> None:
    assert analysed.robustness is not None
    switched = reweight(analysed, {c.id: c.raw_weight for c in analysed.criteria}, method="topsis")
    assert switched.method == "topsis"
    assert switched.robustness is None
    moved = reweight(analysed, {**{c.id: c.weight for c in analysed.criteria}, "security": 0.5})
    assert moved.robustness is None
    again = with_robustness(moved, analyse(moved, samples=200))
    assert again.robustness is not None and again.robustness.method == "wsm"


def test_reweight_records_the_changed_weights_in_the_derivation(analysed: Result) -> None:
    same = reweight(analysed, {c.id: c.raw_weight for c in analysed.criteria})
    assert same.weight_steps == analysed.weight_steps
    moved = reweight(analysed, {**{c.id: c.weight for c in analysed.criteria}, "security": 0.5})
    assert moved.weight_steps[-1].kind == "analyst"
    assert moved.weight_steps[-1].weights == pytest.approx({c.id: c.weight for c in moved.criteria})
    twice = reweight(moved, {**{c.id: c.weight for c in moved.criteria}, "support": 0.4})
    assert [s.kind for s in twice.weight_steps].count("analyst") == 1


def test_the_result_records_the_method_inputs() -> None:
    result = rank(WASPAS / "profiles", WASPAS / "criteria.yaml", method="waspas", today=TODAY)
    assert result.normalise_weights is False
    assert dict(result.method_options) == {"lambda": 0.5}
    assert result.meta.today == TODAY.isoformat()
    assert rank(today=TODAY).normalise_weights is True


def test_reranking_a_published_waspas_case_reproduces_its_scores() -> None:
    """Chakraborty, Zavadskas & Antucheviciene (2015): weights used as given
    (``normalise_weights: false``); re-ranking with the same weights gives the same scores."""
    case = json.loads((ROOT / "tests" / "data" / "mcda-cases" / "waspas_chakraborty_2015.json").read_text())
    result = rank(WASPAS / "profiles", WASPAS / "criteria.yaml", method="waspas", today=TODAY)
    again = reweight(result, {c.id: c.raw_weight for c in result.criteria})
    assert [r.score for r in again.ranking] == pytest.approx([r.score for r in result.ranking], abs=1e-12)
    by_id = {r.id: r.score for r in again.ranking}
    assert [by_id[f"a{i + 1}"] for i in range(len(by_id))] == pytest.approx(case["expected_scores"], abs=5e-5)
    via_wsm = reweight(reweight(result, {c.id: c.raw_weight for c in result.criteria}, method="topsis"),
                       {c.id: c.raw_weight for c in result.criteria}, method="waspas")
    assert [r.score for r in via_wsm.ranking] == pytest.approx([r.score for r in result.ranking], abs=1e-12)


def test_method_agreement_reads_the_recorded_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    import selector.ranking

    seen: list[bool] = []
    real = selector.ranking.evaluate

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["normalise_weights"])
        return real(*args, **kwargs)

    result = rank(WASPAS / "profiles", WASPAS / "criteria.yaml", method="waspas", today=TODAY)
    monkeypatch.setattr(selector.ranking, "evaluate", spy)
    method_agreement(result)
    assert seen and not any(seen)
    seen.clear()
    method_agreement(rank(today=TODAY))
    assert seen and all(seen)
