"""Red-team results as security evidence: tasks with ``counts_for: security`` are the measured part
of the security criterion (selector/scoring/measured_security.py documents the mapping), pinned
both ways: measured, unmeasured, below the minimum, above the target, gated, drawn, and refused
when the block is incomplete."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import ROOT
from selector.assess import run
from selector.checklist.generate import _evidence_gaps
from selector.errors import InputError
from selector.evaluations.formats import load_result_file
from selector.reports import render_report
from selector.result import Result
from selector.robustness import _problem, evidence_to_obtain
from selector.robustness.evidence import NORMAL, member
from selector.scoring.rubric import FLAG_UNKNOWN

DATA = ROOT / "tests" / "data" / "evaluations"
ASSESSMENT = DATA / "bank-evaluations.yaml"
TODAY = date(2026, 12, 1)
GLM, QWEN, GEMMA = "glm-5-1-self-hosted", "qwen3-8-27b-self-hosted", "gemma-4-31b-self-hosted"
GRANITE = "granite-4-1-30b-self-hosted"
SHARE = 0.3
RUN = {"id": "promptfoo-redteam", "format": "promptfoo", "file": "promptfoo-redteam.json",
       "route": "self-hosted",
       "models": {"vllm:synthetic/glm-51": GLM, "vllm:synthetic/qwen-27b": QWEN,
                  "vllm:synthetic/gemma-31b": GEMMA}}
TASKS = [
    {"id": "redteam-all", "name": "hk_chatbot_redteam", "metric": "redteam", "weight": 2,
     "minimum": 0.7, "target": 0.95, "counts_for": "security"},
    {"id": "redteam-pii", "name": "hk_chatbot_redteam", "metric": "redteam:pii:direct",
     "minimum": 0.6, "target": 0.9, "counts_for": "security"},
]


def _data(**security: Any) -> dict[str, Any]:
    data = yaml.safe_load(ASSESSMENT.read_text("utf-8"))
    ev = data["evaluations"]
    ev["runs"].append(dict(RUN))
    ev["tasks"].extend(dict(t) for t in TASKS)
    ev["security"] = {"share": SHARE, **security}
    return data


def _write(tmp: Path, data: dict[str, Any]) -> Path:
    for f in DATA.iterdir():
        if f.suffix in (".json", ".csv"):
            shutil.copy(f, tmp / f.name)
    path = tmp / "a.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def plain() -> Result:
    return run(ASSESSMENT, today=TODAY)


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Result:
    return run(_write(tmp_path_factory.mktemp("sec"), _data()), today=TODAY)


def _measured(result: Result, option: str) -> list[Any]:
    return [e for e in result.traces[option]["security"].trace if e.rule.startswith("sec-measured-")]


# --- the reader -------------------------------------------------------------------------------


def test_promptfoo_red_team_counts_pool_plugins_and_strategies_with_their_own_n() -> None:
    rows = {r.model: r for r in load_result_file(str(DATA / "promptfoo-redteam.json"),
                                                 "promptfoo-redteam.json", "promptfoo").rows}
    glm = rows["vllm:synthetic/glm-51"].metrics
    assert glm["redteam"].value == pytest.approx(140 / 150) and glm["redteam"].n == 150
    assert glm["redteam:pii:direct"].value == pytest.approx(46 / 50)
    assert glm["redteam:pii:direct"].n == 50
    assert glm["redteam-strategy:jailbreak"].value == pytest.approx(66 / 75)
    assert glm["redteam-strategy:jailbreak"].method == "Wilson interval of 66/75"


# --- scoring: the measured part of security ----------------------------------------------------


def test_the_rubric_keeps_one_minus_share_and_the_measured_part_adds_on_the_scale(
        plain: Result, secured: Result) -> None:
    for option in (GLM, QWEN, GEMMA, GRANITE):
        before = plain.traces[option]["security"]
        after = secured.traces[option]["security"]
        measured = sum(e.points for e in _measured(secured, option))
        assert after.value == pytest.approx((1 - SHARE) * before.value + measured)
        assert sum(e.max_points for e in after.trace if e.counted) == pytest.approx(100.0)
        rubric = [e for e in after.trace if not e.rule.startswith("sec-measured-")]
        assert [e.rule for e in rubric] == [e.rule for e in before.trace]
        assert all(e.points == pytest.approx((1 - SHARE) * b.points)
                   for e, b in zip(rubric, before.trace, strict=True))
    # glm: pooled 140/150 on [0.7, 0.95] -> 93.3 of the 2/3 task share; pii 46/50 on [0.6, 0.9]
    # -> 100 (above the target: capped) of 1/3.
    pooled, pii = _measured(secured, GLM)
    assert pooled.points == pytest.approx((140 / 150 - 0.7) / 0.25 * 100 * SHARE * 2 / 3)
    assert pii.points == pytest.approx(100 * SHARE / 3) == pii.max_points
    assert pooled.source_title.startswith("promptfoo-redteam.json (promptfoo, run ")
    assert "HKIMR report, ch. 2.3" in pooled.cite and pooled.confidence == "measured"


def test_a_result_at_or_below_the_minimum_earns_nothing_and_moves_the_ranking_down(
        plain: Result, secured: Result) -> None:
    pooled, pii = _measured(secured, GEMMA)  # 102/150 = 0.68 < 0.7; 28/50 = 0.56 < 0.6
    assert pooled.points == 0 and pii.points == 0 and FLAG_UNKNOWN not in pooled.flags
    gap = plain.traces[GLM]["security"].value - plain.traces[GEMMA]["security"].value
    gap_after = secured.traces[GLM]["security"].value - secured.traces[GEMMA]["security"].value
    assert gap_after > gap * (1 - SHARE)


def test_an_offering_no_red_team_run_measured_is_unknown_with_an_evaluate_item(
        secured: Result) -> None:
    entries = _measured(secured, GRANITE)
    assert entries and all(FLAG_UNKNOWN in e.flags and e.points == 0 for e in entries)
    assert "evaluate" in entries[0].outcome
    items = {i.id for i in _evidence_gaps(secured, GRANITE, 10)}
    assert {"EVAL-redteam-all", "EVAL-redteam-pii"} <= items
    assert "EVAL-redteam-all" not in {i.id for i in _evidence_gaps(secured, GLM, 10)}
    leads, _ = evidence_to_obtain(secured, _problem(secured))
    assert any(lead.fact == "evaluations.redteam-all" and lead.option == GRANITE for lead in leads)


def test_security_tasks_stay_out_of_the_performance_criterion(secured: Result,
                                                              plain: Result) -> None:
    perf = secured.traces[GLM]["performance"].trace
    assert not any("redteam" in e.fact for e in perf)
    assert [e.max_points for e in perf] == [e.max_points for e in plain.traces[GLM]["performance"].trace]
    assert [c.id for c in secured.criteria] == [c.id for c in plain.criteria]


def test_smaa_draws_a_measured_red_team_result_from_its_wilson_distribution(
        secured: Result) -> None:
    pooled = _measured(secured, QWEN)[0]
    kind, low, _mode, high = member(pooled)
    assert kind == NORMAL and (low, high) == (0.0, pooled.max_points)
    assert pooled.sampling is not None and pooled.sampling[1] > 0


def test_min_performance_gates_on_a_security_task_both_ways(tmp_path: Path) -> None:
    data = _data()
    data["constraints"]["min_performance"] = {"redteam-all": 0.8}
    out = run(_write(tmp_path, data), today=TODAY)
    gemma = next(e for e in out.excluded if e.id == GEMMA)
    reason = next(r for r in gemma.reasons if "min_performance" in r)
    assert reason.startswith("red-team result on task 'hk_chatbot_redteam': redteam = 0.68")
    assert {GLM, QWEN} <= {r.id for r in out.ranking}
    assert any(f.fact == "evaluations.redteam-all" for f in out.review_flags[GRANITE])


def test_a_block_of_only_security_tasks_adds_no_performance_criterion(tmp_path: Path,
                                                                      plain: Result) -> None:
    data = _data()
    ev = data["evaluations"]
    ev["runs"] = [r for r in ev["runs"] if r["id"] == "promptfoo-redteam"]
    ev["tasks"] = [t for t in ev["tasks"] if t.get("counts_for") == "security"]
    out = run(_write(tmp_path, data), today=TODAY)
    assert "performance" not in {c.id for c in out.criteria}
    assert not any(s.kind == "evaluations" for s in out.weight_steps)
    assert _measured(out, GLM)[0].points > 0


def test_the_report_labels_red_team_tasks_and_the_workbook_has_a_performance_sheet(
        secured: Result) -> None:
    md = render_report("md", secured).decode()
    assert "red-team results: 30% of Security's points" in md
    assert "of the measured part of Security" in md
    import io
    import json

    import jsonschema

    data = json.loads(render_report("json", secured))
    assert data["evaluations"]["security_criterion"] == "security"
    assert data["evaluations"]["security_share"] == SHARE
    assert {t["counts_for"] for t in data["evaluations"]["tasks"]} == {"performance", "security"}
    schema = json.loads((ROOT / "schema" / "result.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render_report("xlsx", secured)))
    rows = list(book["Performance"].iter_rows(values_only=True))
    glm = next(r for r in rows[1:] if r[1] == "redteam-all" and r[8] == GLM)
    assert glm[2] == "security" and glm[9] == pytest.approx(140 / 150) and glm[12] == 150
    assert isinstance(glm[10], float) and glm[10] < glm[9] < glm[11]
    granite = next(r for r in rows[1:] if r[1] == "redteam-all" and r[8] == GRANITE)
    assert granite[9] == "no run" and granite[10:15] == (None, None, None, None, None)


# --- bad input: one located line each -------------------------------------------------------


def _problem_text(tmp_path: Path, data: dict[str, Any]) -> str:
    with pytest.raises(InputError) as info:
        run(_write(tmp_path, data), today=TODAY)
    (problem,) = info.value.problems
    assert problem.file.endswith("a.yaml") and problem.line >= 1 and problem.column >= 1
    return str(problem)


def test_a_security_task_without_the_security_share_is_located(tmp_path: Path) -> None:
    data = _data()
    del data["evaluations"]["security"]
    text = _problem_text(tmp_path, data)
    assert "counts_for" in text and "security: {share: <0-1>}" in text


def test_a_security_share_without_a_security_task_is_located(tmp_path: Path) -> None:
    data = _data()
    for t in data["evaluations"]["tasks"]:
        t.pop("counts_for", None)
    data["evaluations"]["tasks"] = data["evaluations"]["tasks"][:4]
    data["evaluations"]["runs"] = data["evaluations"]["runs"][:-1]
    assert "no task counts for security" in _problem_text(tmp_path, data)


def test_a_language_on_a_security_task_is_located(tmp_path: Path) -> None:
    data = _data()
    data["evaluations"]["tasks"][-1]["language"] = "yue"
    assert "evidences no language" in _problem_text(tmp_path, data)


@pytest.mark.parametrize(("criterion", "expect"), [
    ("securty", "'securty' is no criterion"),
    ("security", None),
])
def test_the_security_criterion_must_be_a_rubric_criterion(tmp_path: Path, criterion: str,
                                                           expect: str | None) -> None:
    data = _data(criterion=criterion)
    if expect is None:
        assert run(_write(tmp_path, data), today=TODAY).traces[GLM]["security"].value > 0
        return
    text = _problem_text(tmp_path, data)
    assert expect in text and "did you mean 'security'" in text.lower()


# --- the decision summary says whether the leaders were measured ---------------------------


def test_the_summary_warns_when_a_leader_has_no_result_and_not_when_both_have(
        tmp_path: Path, plain: Result) -> None:
    from selector.reports.summary import decision_summary

    gaps = decision_summary(plain, None)
    assert gaps.performance_warning
    assert (gaps.performance or "").startswith(f"no result for {plain.ranking[0].name} or "
                                               f"{plain.ranking[1].name} on 3 of 4 tasks")
    data = _data()
    ev = data["evaluations"]
    ev["runs"] = [r for r in ev["runs"] if r["id"] == "promptfoo-redteam"]
    ev["tasks"] = [t for t in ev["tasks"] if t.get("counts_for") == "security"]
    profiles = [ROOT / "vendor_profiles" / f"{o}.yaml" for o in (GLM, QWEN, GEMMA)]
    full = run(_write(tmp_path, data), profiles=profiles, today=TODAY)
    summary = decision_summary(full, None)
    assert not summary.performance_warning
    assert summary.performance == (f"{full.ranking[0].name} and {full.ranking[1].name} measured "
                                   "on all 2 evaluation tasks.")
    none = decision_summary(run(ROOT / "examples" / "small-wealth-manager-assistant.yaml",
                                today=TODAY), None)
    assert none.performance_warning and (none.performance or "").startswith("none. No evaluations block")
    md = render_report("md", plain).decode()
    assert "**Performance evidence: " in md.split("### Evidence that would most change")[0]


def test_weights_of_a_block_of_only_security_tasks_save_and_rank_as_before(tmp_path: Path) -> None:
    from selector.weights.save import save_weights

    data = _data()
    ev = data["evaluations"]
    ev["runs"] = [r for r in ev["runs"] if r["id"] == "promptfoo-redteam"]
    ev["tasks"] = [t for t in ev["tasks"] if t.get("counts_for") == "security"]
    path = _write(tmp_path, data)
    before = run(path, today=TODAY)
    weights = {c.id: c.weight for c in before.criteria}
    save_weights(path, weights)  # no performance criterion to find a share for
    after = run(path, today=TODAY)
    assert after.analyst_changes == () and [r.id for r in after.ranking] == [r.id for r in before.ranking]
    assert {c.id: c.weight for c in after.criteria} == pytest.approx(weights, abs=1e-6)


def test_a_block_of_only_security_tasks_has_no_performance_criterion_to_weight(
        tmp_path: Path) -> None:
    data = _data()
    ev = data["evaluations"]
    ev["runs"] = [r for r in ev["runs"] if r["id"] == "promptfoo-redteam"]
    ev["tasks"] = [t for t in ev["tasks"] if t.get("counts_for") == "security"]
    data["weights"] = {"preset": "auto", "direct": {"performance": 0.3}}
    assert "performance" in _problem_text(tmp_path, data)
    data["weights"] = {"preset": "auto", "direct": {"security": 0.3}}
    assert run(_write(tmp_path, data), today=TODAY).ranking
