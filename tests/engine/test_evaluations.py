"""The evaluations block: joined to offerings with provenance, scored as the performance
criterion, gated by min_performance, drawn from its sampling distribution in SMAA, and seen by
the evidence-to-obtain analysis; every bad input is one located line."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from helpers import ROOT
from selector.assess import load_assessment, run
from selector.checklist.generate import _evidence_gaps
from selector.errors import InputError
from selector.evaluations.load import EvaluationEvidence, load_evaluations
from selector.profiles import LoadedProfile, load_profiles
from selector.result import Result
from selector.robustness import _problem, analyse, evidence_to_obtain
from selector.robustness.evidence import NORMAL, build_evidence, member
from selector.scoring.performance import performance_gates, score_performance
from selector.scoring.rubric import FLAG_PARTIAL, FLAG_UNKNOWN

DATA = ROOT / "tests" / "data" / "evaluations"
ASSESSMENT = DATA / "bank-evaluations.yaml"
TODAY = date(2026, 12, 1)
OFFERINGS = ("qwen3-8-27b-self-hosted", "gemma-4-31b-self-hosted", "granite-4-1-30b-self-hosted",
             "glm-5-1-self-hosted", "deepseek-v4-pro-self-hosted",
             "qwen3-8-omni-flash-model-studio-hk")


@pytest.fixture(scope="module")
def result() -> Result:
    return run(ASSESSMENT, today=TODAY)


@pytest.fixture(scope="module")
def profiles() -> list[LoadedProfile]:
    return load_profiles([ROOT / "vendor_profiles" / f"{o}.yaml" for o in OFFERINGS])


def _block() -> dict[str, Any]:
    data = yaml.safe_load(ASSESSMENT.read_text("utf-8"))
    return {"institution": data["institution"], "use_case": data["use_case"],
            "evaluations": data["evaluations"]}


def _load(tmp_path: Path, data: dict[str, Any], profiles: list[LoadedProfile]) -> EvaluationEvidence:
    for f in DATA.iterdir():
        if f.suffix in (".json", ".csv"):
            shutil.copy(f, tmp_path / f.name)
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    la = load_assessment(path)
    assert la.assessment.evaluations is not None and la.document is not None
    return load_evaluations(la.assessment.evaluations, la.document, tmp_path, profiles,
                            lambda p: Path(p).name)


def _problem_of(tmp_path: Path, data: dict[str, Any], profiles: list[LoadedProfile]) -> str:
    with pytest.raises(InputError) as info:
        _load(tmp_path, data, profiles)
    lines = [str(p) for p in info.value.problems]
    assert all(p.line >= 1 and p.column >= 1 and p.message for p in info.value.problems)
    return "\n".join(lines)


# --- joined with provenance -----------------------------------------------------------------


def test_each_value_is_a_measurement_with_file_run_date_n_and_stderr(result: Result) -> None:
    ev = result.evaluations
    m = ev.measurement("qwen3-8-27b-self-hosted", "yue-faq")
    assert (m.value, m.stderr, m.n, m.run_date, m.file) == (0.78, 0.0185, 500, "2026-11-20",
                                                            "lmeval-qwen.json")
    assert len(m.sha256) == 64 and m.complete and m.quantisation == "bf16"
    granite = ev.measurement("granite-4-1-30b-self-hosted", "complaints")
    assert granite.tool_run_id == "Xq3TbGx9a7kLmN2pQr4sTu"
    reused = ev.measurement("qwen3-8-omni-flash-model-studio-hk", "policy-rag")
    assert reused.reused is not None and reused.route == "self-hosted"
    assert ev.measurement("glm-5-1-self-hosted", "yue-faq") is None
    assert "lmeval-qwen.json" in result.meta.inputs


def test_the_performance_criterion_takes_its_share_and_traces_to_the_file(result: Result) -> None:
    info = {c.id: c for c in result.criteria}
    assert info["performance"].weight == pytest.approx(0.25)
    assert sum(c.weight for c in result.criteria) == pytest.approx(1.0)
    assert result.weight_steps[-1].kind == "evaluations"
    score = result.traces["qwen3-8-27b-self-hosted"]["performance"]
    yue = score.trace[0]
    # 0.78 on [0.5, 0.9] is 70 points of the task; the task's share is 2 / 4.5.
    assert yue.points == pytest.approx(70 * 2 / 4.5)
    assert yue.max_points == pytest.approx(100 * 2 / 4.5)
    assert "lmeval-qwen.json" in yue.source_title and "sha256" in yue.source_title
    assert "n = 500" in yue.value and "± 0.0185" in yue.value
    assert score.value == pytest.approx(sum(e.points for e in score.trace))
    unknown = result.traces["glm-5-1-self-hosted"]["performance"].trace[0]
    assert FLAG_UNKNOWN in unknown.flags and unknown.points == 0


def test_a_measured_entry_above_target_earns_the_whole_share_and_below_minimum_nothing(
        result: Result) -> None:
    ev = result.evaluations
    task = ev.tasks[0]
    assert task.points(0.95) == 100 and task.points(0.4) == 0 and task.points(0.7) == pytest.approx(50)
    lower = dataclasses.replace(task, minimum=0.3, target=0.1)  # an error rate: lower is better
    assert lower.points(0.2) == pytest.approx(50) and lower.meets(0.15, 0.2)
    assert not lower.meets(0.25, 0.2)


def test_a_partial_run_counts_flagged(tmp_path: Path, profiles: list[LoadedProfile]) -> None:
    data = _block()
    data["evaluations"]["runs"][1]["file"] = "lmeval-partial.json"
    ev = _load(tmp_path, data, profiles)
    m = ev.measurement("gemma-4-31b-self-hosted", "yue-faq")
    assert m.partial == ("--limit: 100 of 500 samples",)
    entry = score_performance(ev, "gemma-4-31b-self-hosted", "Gemma").trace[0]
    assert FLAG_PARTIAL in entry.flags
    assert FLAG_PARTIAL not in score_performance(ev, "qwen3-8-27b-self-hosted", "Q").trace[0].flags


# --- gates -----------------------------------------------------------------------------------


def test_min_performance_excludes_below_and_not_above_and_flags_no_run(result: Result) -> None:
    ev = result.evaluations
    reasons, flags = performance_gates(ev, "gemma-4-31b-self-hosted", {"yue-faq": 0.75})
    assert len(reasons) == 1 and "acc,none = 0.71" in reasons[0]
    assert "lmeval-gemma.json" in reasons[0] and "2026-11-20" in reasons[0] and not flags
    assert performance_gates(ev, "qwen3-8-27b-self-hosted", {"yue-faq": 0.75}) == ((), ())
    reasons, flags = performance_gates(ev, "glm-5-1-self-hosted", {"yue-faq": 0.75})
    assert reasons == () and flags[0].fact == "evaluations.yue-faq"


def test_min_performance_in_an_assessment_excludes_with_its_reason(tmp_path: Path) -> None:
    text = ASSESSMENT.read_text("utf-8").replace(
        "  required_capabilities:", "  min_performance: {yue-faq: 0.75}\n  required_capabilities:", 1)
    for f in DATA.iterdir():
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    out = run(tmp_path / "a.yaml", today=TODAY)
    excluded = {e.id: e.reasons for e in out.excluded}
    assert any("min_performance" in r for r in excluded["gemma-4-31b-self-hosted"])
    gemma = next(e for e in out.excluded if e.id == "gemma-4-31b-self-hosted")
    assert [g for g, r in zip(gemma.gates, gemma.reasons, strict=True) if "min_performance" in r] \
        == ["min_performance"]
    assert "qwen3-8-27b-self-hosted" in {r.id for r in out.ranking}
    assert any(f.fact == "evaluations.yue-faq" for f in out.review_flags["glm-5-1-self-hosted"])


# --- robustness and evidence to obtain ---------------------------------------------------------


def test_smaa_draws_a_measured_result_from_its_sampling_distribution(result: Result) -> None:
    entry = result.traces["qwen3-8-27b-self-hosted"]["performance"].trace[0]
    kind, low, _mode, high = member(entry)
    assert kind == NORMAL and (low, high) == (0.0, entry.max_points)
    assert entry.sampling[1] == pytest.approx(0.0185 / 0.4 * 100 * 2 / 4.5)
    p = _problem(result)
    ev = build_evidence(result, p.ids, p.criteria)
    assert ev.measured == sum(member(e)[0] == NORMAL for o in p.ids
                              for e in result.traces[o]["performance"].trace)
    u = np.random.default_rng(0).random((4000, ev.draws))
    mats = ev.matrices(np.asarray(p.matrix, dtype=float), u)
    i, j = p.ids.index("qwen3-8-27b-self-hosted"), p.criteria.index("performance")
    drawn = mats[:, i, j]
    others = sum(e.points for e in result.traces["qwen3-8-27b-self-hosted"]["performance"].trace[1:])
    assert (drawn - others).mean() == pytest.approx(entry.points, abs=0.3)
    assert (drawn - others).std() == pytest.approx(entry.sampling[1], rel=0.1)
    # An unknown result is held at its policy value (0), not drawn.
    g = p.ids.index("glm-5-1-self-hosted")
    glm = result.traces["glm-5-1-self-hosted"]["performance"].trace
    assert np.all(mats[:, g, j] >= 0) and member(glm[0])[0] != NORMAL


def test_the_evidence_to_obtain_sees_an_offering_with_no_run(result: Result) -> None:
    leads, _ = evidence_to_obtain(result, _problem(result))
    runs = [lead for lead in leads if lead.fact.startswith("evaluations.")]
    assert runs and all(lead.evidence == "unknown" for lead in runs)
    decisive = [lead for lead in runs if lead.changes_recommendation]
    assert decisive and decisive[0].option == "gemma-4-31b-self-hosted"
    rob = analyse(result, samples=300, seed=0)
    assert "running the suite's task" in rob.verdict and "could change the recommendation" in rob.verdict


def test_an_offering_with_no_run_gets_an_evaluate_item_and_a_measured_one_does_not(
        result: Result) -> None:
    gemma = {i.id: i for i in _evidence_gaps(result, "gemma-4-31b-self-hosted", 10)}
    assert "EVAL-complaints" in gemma and "evaluations.complaints" not in str(list(gemma))
    assert "Evaluate" in gemma["EVAL-complaints"].title
    assert "EVAL-yue-faq" not in gemma


# --- bad input: one located line each ----------------------------------------------------------


def _edit(path: list[Any], value: Any) -> dict[str, Any]:
    data = _block()
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize(("path", "value", "expect"), [
    (["evaluations", "runs", 0, "format"], "lm-evaluation", "a.yaml:"),
    (["evaluations", "tasks", 1, "name"], "hk_complaint", "task 'hk_complaint' is in none"),
    (["evaluations", "tasks", 0, "metric"], "accuracy,none", "metric 'accuracy,none' is not in"),
    (["evaluations", "runs", 0, "models"], {"synthetic/qwen-27b": "qwen3-27b-self-hosted"},
     "which is no offering"),
    (["evaluations", "runs", 0, "models"], {"synthetic/qwen-72b": "qwen3-8-27b-self-hosted"},
     "model 'synthetic/qwen-72b' is not in"),
    (["evaluations", "runs", 3, "ignore_models"], [], "model 'vllm:synthetic/unused' maps to no"),
    (["evaluations", "runs", 3, "reuse_for"], {}, "a score is not reused across routes silently"),
    (["evaluations", "runs", 0, "file"], "nowhere.json", "'nowhere.json' does not exist"),
    (["evaluations", "runs", 0, "reuse_for"], {"qwen3-8-27b-self-hosted": "same weights"},
     "so nothing is reused"),
])
def test_bad_block_is_one_located_problem(tmp_path: Path, profiles: list[LoadedProfile],
                                          path: list[Any], value: Any, expect: str) -> None:
    data = _edit(path, value)
    if path[-1] == "format":
        with pytest.raises(InputError) as info:
            _load(tmp_path, data, profiles)
        line = str(info.value.problems[0])
        assert "a.yaml:" in line and "evaluations.runs[0].format: must be one of" in line
        return
    lines = _problem_of(tmp_path, data, profiles)
    assert expect in lines


def test_a_partial_run_cannot_be_tagged_complete(tmp_path: Path,
                                                 profiles: list[LoadedProfile]) -> None:
    data = _edit(["evaluations", "runs", 2, "file"], "inspect-error.json")
    line = _problem_of(tmp_path, data, profiles)
    assert "cannot be tagged complete" in line and "status error" in line
    assert "evaluations.runs[2].complete" in line
    del data["evaluations"]["runs"][2]["complete"]
    assert _load(tmp_path, data, profiles).measurement("granite-4-1-30b-self-hosted",
                                                       "complaints").partial


def test_runs_of_different_task_versions_are_refused_unless_explained(
        tmp_path: Path, profiles: list[LoadedProfile]) -> None:
    data = _edit(["evaluations", "runs", 0, "file"], "lmeval-other-version.json")
    line = _problem_of(tmp_path, data, profiles)
    assert "different versions" in line and "accept_version_mismatch" in line
    data["evaluations"]["tasks"][0]["accept_version_mismatch"] = "same items, reworded prompt"
    ev = _load(tmp_path, data, profiles)
    entry = score_performance(ev, "qwen3-8-27b-self-hosted", "Q").trace[0]
    assert "version-mismatch" in entry.flags and "reworded" in (entry.why or "")


def test_a_model_in_the_file_that_maps_to_no_offering_is_located_in_the_file(
        tmp_path: Path, profiles: list[LoadedProfile]) -> None:
    data = _edit(["evaluations", "runs", 3, "ignore_models"], [])
    line = _problem_of(tmp_path, data, profiles)
    assert line.startswith("promptfoo-results.json:") and "ignore_models" in line
    assert "\n" not in line


def test_min_performance_naming_no_task_is_located(tmp_path: Path) -> None:
    text = ASSESSMENT.read_text("utf-8").replace(
        "  required_capabilities:", "  min_performance: {yue-faqs: 0.75}\n  required_capabilities:", 1)
    for f in DATA.iterdir():
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        run(tmp_path / "a.yaml", today=TODAY)
    (problem,) = info.value.problems
    assert "no task 'yue-faqs'" in problem.message and "did you mean 'yue-faq'" in problem.message


# --- faces -------------------------------------------------------------------------------------


def test_the_report_has_a_performance_section_and_its_json_matches_the_schema(
        result: Result) -> None:
    import json

    import jsonschema

    from selector.reports import render_report

    md = render_report("md", result).decode("utf-8")
    section = md[md.index("### Performance evidence"):md.index("## 3. Robustness")]
    assert "#### hk_banking_faq_yue: acc,none" in section
    assert "| 0.78 | \\[0.744, 0.816\\] | 500 | complete | 2026-11-20 | lmeval-qwen.json" in section
    assert "no run" in section and "evaluate it on the suite" in section
    data = json.loads(render_report("json", result))
    assert data["evaluations"]["measurements"]["qwen3-8-27b-self-hosted"]["yue-faq"]["n"] == 500
    schema = json.loads((ROOT / "schema" / "result.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_explain_shows_the_performance_trace(result: Result) -> None:
    from selector.render.explain import explain_text as explain

    text = explain(result, "qwen3-8-27b-self-hosted")
    assert "perf-yue-faq: evaluations.yue-faq = acc,none = 0.78 ± 0.0185, n = 500" in text
    assert "lmeval-qwen.json (lm-eval" in text


def test_a_result_without_evaluations_has_no_performance_section() -> None:
    from selector.reports.performance_view import performance_view

    plain = run(ROOT / "examples" / "small-wealth-manager-assistant.yaml", today=TODAY)
    assert plain.evaluations is None and performance_view(plain) is None
    assert "performance" not in {c.id for c in plain.criteria}


def test_the_tui_detail_trace_shows_the_performance_entries(result: Result) -> None:
    from types import SimpleNamespace

    from rich.console import Console

    from selector_tui.screens.detail import trace_view

    console = Console(width=200, record=True)
    console.print(trace_view(SimpleNamespace(result=result), "qwen3-8-27b-self-hosted"))
    text = console.export_text()
    assert "Task performance (bank suite)" in text
    assert "acc,none = 0.78 ± 0.0185, n = 500" in text and "lmeval-qwen.json" in text


def test_validate_and_report_read_the_result_files_and_a_bad_one_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from selector.cli import main

    for f in DATA.iterdir():
        shutil.copy(f, tmp_path / f.name)
    good = tmp_path / "bank-evaluations.yaml"
    assert main(["validate", str(good)]) == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text("utf-8").replace("metric: pass_rate", "metric: passrate"), "utf-8")
    capsys.readouterr()
    assert main(["validate", str(bad)]) == 1
    assert "did you mean 'pass_rate'" in capsys.readouterr().out
    out = tmp_path / "r.md"
    assert main(["report", "--assessment", str(bad), "--format", "md", "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "evaluations.tasks[2].metric" in err[0] and not out.exists()
