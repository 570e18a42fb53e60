"""Language capability measured (issue 17, item 6): an evaluations task with ``language:`` is the
evidence for the adaptability language rule and the required-languages gate; the profile's
declared list is the fallback, marked "declared, not measured". Each both ways."""

from __future__ import annotations

import shutil
from datetime import date
from typing import Any

import pytest

from helpers import ROOT, build_assessment, build_profile
from selector.assess import run
from selector.evaluations.languages import (
    BELOW,
    DECLARED,
    MEASURED,
    MeasuredLanguages,
    measured_languages,
)
from selector.evaluations.load import EvaluationEvidence, Measurement, TaskInfo
from selector.result import Result
from selector.scoring.constraints import apply_gates
from selector.scoring.rubric import (
    FLAG_DECLARED,
    FLAG_PARTIAL,
    FLAG_REUSED,
    FLAG_UNKNOWN,
    TraceEntry,
    score_criterion,
)

OFFERING = "test-offering"
DATA = ROOT / "tests" / "data" / "evaluations"


def _measured(value: float, *, tag: str = "yue", minimum: float = 0.5, target: float = 0.9,
              partial: tuple[str, ...] = (), reused: str | None = None) -> MeasuredLanguages:
    task = TaskInfo("yue-faq", "hk_banking_faq_yue", "acc,none", 1.0, minimum, target, tag)
    m = Measurement(
        offering=OFFERING, task="yue-faq", metric="acc,none", value=value, stderr=0.0185,
        interval=(value - 0.036, value + 0.036), stderr_method="from the file", n=500,
        n_total=500, partial=partial, run="lmeval", tool_run_id=None, run_date="2026-11-20",
        file="results.json", sha256="0" * 64, format="lm-eval", model="m/x", route="self-hosted",
        quantisation=None, reused=reused, version=None, source=None)
    evidence = EvaluationEvidence("performance", "Performance", 0.2, (task,),
                                  {OFFERING: {"yue-faq": m}}, {"results.json": "0" * 64})
    return measured_languages(evidence, OFFERING)


def _languages_entry(box1: Any, declared: Any, measured: MeasuredLanguages | None = None
                     ) -> TraceEntry:
    criterion = next(c for c in box1.criteria_set.criteria if c.id == "adaptability")
    profile = build_profile({"adaptability.languages": declared})
    score = (score_criterion(criterion, profile, date(2026, 11, 25)) if measured is None else
             score_criterion(criterion, profile, date(2026, 11, 25), measured))
    return next(e for e in score.trace if e.rule == "adp-languages")


# --- the language rule ------------------------------------------------------------------------


def test_a_measured_pass_counts_the_language_with_its_trace(box1: Any) -> None:
    entry = _languages_entry(box1, ["en"], _measured(0.78))
    assert entry.points == 10 + 12                        # en (declared) + yue (measured)
    assert "yue: measured: yue-faq 0.78 (95% CI 0.744-0.816, n=500, results.json, 2026-11-20)" \
        in (entry.note or "")
    assert "measured: yue capable" in entry.value
    assert FLAG_DECLARED in entry.flags                   # en still rests on the declaration
    assert _languages_entry(box1, ["en"]).points == 10    # without the run, yue earns nothing


def test_a_measured_fail_overrides_the_declaration(box1: Any) -> None:
    assert _languages_entry(box1, ["en", "yue"]).points == 22
    entry = _languages_entry(box1, ["en", "yue"], _measured(0.41))
    assert entry.points == 10
    assert "yue: not counted although declared; measured: yue-faq 0.41 below the minimum 0.5" \
        in (entry.note or "")
    assert "yue below the minimum" in entry.value


def test_the_declared_list_is_the_fallback_marked_declared_not_measured(box1: Any) -> None:
    entry = _languages_entry(box1, ["en", "yue"])
    assert entry.points == 22 and entry.flags == (FLAG_DECLARED,)
    assert (entry.note or "").startswith("en, yue: declared, not measured")
    measured = _languages_entry(box1, ["yue"], _measured(0.78))
    assert FLAG_DECLARED not in measured.flags and "declared, not measured" not in (measured.note or "")


def test_a_measurement_stands_in_for_an_unknown_declaration(box1: Any) -> None:
    entry = _languages_entry(box1, "unknown", _measured(0.78))
    assert entry.points == 12 and FLAG_UNKNOWN in entry.flags
    assert entry.plausible == (12, 30)       # obtaining the declaration can only add to it
    plain = _languages_entry(box1, "unknown")
    assert plain.points == 0 and plain.value == "unknown" and plain.plausible is None


def test_a_partial_or_reused_result_is_flagged_in_the_language_trace(box1: Any) -> None:
    partial = _languages_entry(box1, ["en"], _measured(0.78, partial=("--limit: 100 of 500",)))
    assert FLAG_PARTIAL in partial.flags and "partial run: --limit: 100 of 500" in (partial.note or "")
    reused = _languages_entry(box1, ["en"], _measured(0.78, reused="same weights, bf16"))
    assert FLAG_REUSED in reused.flags
    assert "reused from the self-hosted route: same weights, bf16" in (reused.note or "")
    plain = _languages_entry(box1, ["en"], _measured(0.78))
    assert FLAG_PARTIAL not in plain.flags and FLAG_REUSED not in plain.flags


def test_status_follows_the_tasks_direction_and_subtags() -> None:
    assert _measured(0.5).status("yue") == MEASURED       # at the minimum: capable
    assert _measured(0.49).status("yue") == BELOW
    assert _measured(0.2, minimum=0.3, target=0.1).status("yue") == MEASURED  # an error rate
    assert _measured(0.35, minimum=0.3, target=0.1).status("yue") == BELOW
    hk = _measured(0.8, tag="zh-HK")
    assert {c: hk.status(c) for c in ("yue", "zh-hant", "zh", "cmn")} == {
        "yue": MEASURED, "zh-hant": MEASURED, "zh": MEASURED, "cmn": DECLARED}
    assert measured_languages(None, OFFERING).results == ()


# --- the required-languages gate ------------------------------------------------------------


def _gate(declared: Any, measured: MeasuredLanguages | None = None, required: tuple[str, ...] = ("yue",)
          ) -> Any:
    assessment = build_assessment(constraints={"required_capabilities": {"languages": list(required)}})
    profile = build_profile({"adaptability.languages": declared})
    out = (apply_gates(profile, assessment, {}, {}) if measured is None else
           apply_gates(profile, assessment, {}, {}, measured))
    return out.reasons, tuple(str(f) for f in out.review_flags if f.fact == "adaptability.languages")


def test_the_gate_excludes_on_a_measured_fail_even_when_declared() -> None:
    reasons, _ = _gate(["en", "yue"], _measured(0.41))
    assert len(reasons) == 1
    assert reasons[0].startswith("required language measured below the minimum: yue (Cantonese)")
    assert "yue-faq 0.41 below the minimum 0.5 (95% CI" in reasons[0]
    assert "results.json, 2026-11-20" in reasons[0]
    assert _gate(["en", "yue"])[0] == ()                  # declared only: it would pass
    assert _gate(["en", "yue"], _measured(0.78))[0] == ()


def test_the_gate_passes_a_measured_pass_without_a_declaration() -> None:
    assert _gate(["en"])[0][0].startswith("required language not evidenced: yue")
    assert _gate(["en"], _measured(0.78)) == ((), ())
    assert _gate("unknown", _measured(0.78)) == ((), ())
    assert any("cannot be shown" in f for f in _gate("unknown")[1])


def test_a_required_language_only_declared_is_flagged_to_be_measured() -> None:
    reasons, flags = _gate(["en", "yue"], required=("yue", "en"))
    assert reasons == () and len(flags) == 1
    assert flags[0].startswith("required languages yue (Cantonese), en (English) declared, not "
                               "measured")
    reasons, flags = _gate(["en", "yue"], _measured(0.78), required=("yue", "en"))
    assert reasons == ()
    assert list(flags) == ["required language en (English) declared, not measured: the profile "
                           "lists it and no evaluation run of the assessment measured it; run a "
                           "task in it on this offering (an evaluations task with language: en)"]


# --- end to end through an assessment ---------------------------------------------------------


@pytest.fixture(scope="module")
def gated(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """The bank fixture requiring Cantonese, its Cantonese task's minimum raised to 0.75: Qwen
    (0.78) is measured capable though its profile lists only zh, en; Gemma (0.71) and DeepSeek
    (0.69) are measured below."""
    folder = tmp_path_factory.mktemp("lang")
    for f in DATA.iterdir():
        shutil.copy(f, folder / f.name)
    text = (DATA / "bank-evaluations.yaml").read_text("utf-8")
    text = text.replace("languages: [zh, en]", "languages: [zh, en, yue]", 1)
    text = text.replace("      minimum: 0.5\n      target: 0.9\n      language: yue",
                        "      minimum: 0.75\n      target: 0.9\n      language: yue", 1)
    assert "languages: [zh, en, yue]" in text and "minimum: 0.75" in text
    (folder / "a.yaml").write_text(text, encoding="utf-8")
    offerings = ("qwen3-8-27b-self-hosted", "gemma-4-31b-self-hosted", "granite-4-1-30b-self-hosted",
                 "glm-5-1-self-hosted", "deepseek-v4-pro-self-hosted",
                 "qwen3-8-omni-flash-model-studio-hk")
    return run(folder / "a.yaml", today=date(2026, 12, 1),
               profiles=[ROOT / "vendor_profiles" / f"{o}.yaml" for o in offerings])


def test_an_assessment_gates_and_scores_on_the_measured_language(gated: Result) -> None:
    excluded = {e.id: " ".join(e.reasons) for e in gated.excluded}
    for option, value in (("gemma-4-31b-self-hosted", "0.71"), ("deepseek-v4-pro-self-hosted", "0.69")):
        assert "required language measured below the minimum: yue (Cantonese)" in excluded[option]
        assert f"yue-faq {value} below the minimum 0.75" in excluded[option]
    assert "qwen3-8-27b-self-hosted" in {r.id for r in gated.ranking}
    entry = next(e for e in gated.traces["qwen3-8-27b-self-hosted"]["adaptability"].trace
                 if e.rule == "adp-languages")
    assert "yue: measured: yue-faq 0.78 (95% CI" in (entry.note or "")
    assert "lmeval-qwen.json, 2026-11-20" in (entry.note or "")
    flags = [str(f) for f in gated.review_flags["qwen3-8-27b-self-hosted"]]
    assert any(f.startswith("required languages zh (Chinese), en (English) declared, not measured")
               for f in flags)
    assert not any("yue (Cantonese)" in f for f in flags)
