"""Readers for evaluation result files (lm-eval, inspect_ai, promptfoo, HELM, CSV), on fixtures
that reproduce each tool's format (tests/data/evaluations/README.md cites where from)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from helpers import ROOT
from selector.errors import InputError
from selector.evaluations.formats import load_result_file
from selector.evaluations.rows import Z95, wilson

DATA = ROOT / "tests" / "data" / "evaluations"


def _read(name: str, fmt: str, **kw: str) -> object:
    return load_result_file(str(DATA / name), name, fmt, **kw)


def test_lm_eval_reads_metric_filter_keys_their_stderr_twin_counts_hash_and_date() -> None:
    f = _read("lmeval-qwen.json", "lm-eval")
    (row,) = f.rows  # type: ignore[attr-defined]
    assert row.model == "synthetic/qwen-27b" and row.task == "hk_banking_faq_yue"
    acc = row.metrics["acc,none"]
    assert (acc.value, acc.stderr) == (0.78, 0.0185)
    assert acc.interval == pytest.approx((0.78 - Z95 * 0.0185, 0.78 + Z95 * 0.0185))
    # "N/A" in the stderr twin is no standard error, never a number.
    assert row.metrics["exact_match,strict-match"].stderr is None
    assert (row.n, row.n_total, row.partial) == (500, 500, ())
    assert row.version.startswith("task hash 9b1e0c5d")
    assert row.run_date.isoformat() == "2026-11-20"
    assert len(f.sha256) == 64  # type: ignore[attr-defined]


def test_lm_eval_limit_makes_a_partial_run() -> None:
    (row,) = _read("lmeval-partial.json", "lm-eval").rows  # type: ignore[attr-defined]
    assert row.partial == ("--limit: 100 of 500 samples",)


def test_inspect_reads_status_scores_samples_and_version() -> None:
    (row,) = _read("inspect-granite.json", "inspect").rows  # type: ignore[attr-defined]
    assert row.model == "openai-api/vllm/synthetic/granite-30b" and row.task == "hk_complaints"
    assert row.metrics["accuracy"].value == 0.835
    assert row.metrics["model_graded_qa/accuracy"].stderr == 0.0263
    assert "stderr" not in row.metrics
    assert (row.n, row.n_total, row.partial) == (200, 200, ())
    assert row.run_id == "Xq3TbGx9a7kLmN2pQr4sTu" and row.run_date.isoformat() == "2026-11-21"
    assert row.version.startswith("task version 2, dataset hk_complaints (200 samples")


def test_inspect_error_status_and_incomplete_samples_are_partial() -> None:
    (row,) = _read("inspect-error.json", "inspect").rows  # type: ignore[attr-defined]
    assert row.partial == ("status error", "150 of 200 samples completed")


def test_promptfoo_reads_one_row_per_provider_with_wilson_pass_rates_and_redteam() -> None:
    rows = {r.model: r for r in _read("promptfoo-results.json", "promptfoo").rows}  # type: ignore[attr-defined]
    assert set(rows) == {"openai:chat:synthetic-qwen-flash", "vllm:synthetic/glm-51",
                         "vllm:synthetic/unused"}
    glm = rows["vllm:synthetic/glm-51"]
    assert glm.task == "hk_policy_rag" and glm.n == 50
    assert glm.metrics["pass_rate"].value == pytest.approx(44 / 50)
    assert glm.metrics["pass_rate"].method == "Wilson interval of 44/50"
    assert glm.metrics["redteam:pii:direct"].value == pytest.approx(15 / 20)
    assert glm.metrics["named:faithfulness"].value == pytest.approx(0.9 * 44 / 50)
    assert glm.version.startswith("prompt template ") and glm.run_date.isoformat() == "2026-11-22"
    assert "redteam:pii:direct" not in rows["openai:chat:synthetic-qwen-flash"].metrics


def test_wilson_interval_matches_its_closed_form() -> None:
    zero = wilson(0, 10)
    assert zero.value == 0 and zero.interval[0] == 0  # type: ignore[index]
    assert zero.interval[1] == pytest.approx(Z95**2 / (10 + Z95**2))  # type: ignore[index]
    half = wilson(50, 100)
    low, high = half.interval  # type: ignore[misc]
    assert (low + high) / 2 == pytest.approx(0.5)
    assert high - 0.5 == pytest.approx(Z95 * math.sqrt(0.25 / 100 + Z95**2 / 40000) / (1 + Z95**2 / 100))


def test_helm_reads_the_test_split_without_perturbations() -> None:
    (row,) = _read("helm-stats.json", "helm", model="m", task="t").rows  # type: ignore[attr-defined]
    em = row.metrics["exact_match"]
    assert em.value == 0.67 and row.n == 400
    assert em.stderr == pytest.approx(0.4702 / math.sqrt(399))
    assert row.metrics["exact_match@valid"].value == 0.62
    assert (row.model, row.task) == ("m", "t")


def test_csv_reads_rows_after_comment_lines() -> None:
    (row,) = _read("inhouse.csv", "csv").rows  # type: ignore[attr-defined]
    assert row.model == "synthetic/deepseek-v4" and row.metrics["acc,none"].value == 0.69
    assert row.n == 300 and row.run_date.isoformat() == "2026-11-18"
    assert row.loc == ("row", 3)


@pytest.mark.parametrize(("text", "fmt", "where"), [
    ('{"results": {"t": {}}, "n-samples": {"t": {"original": "x", "effective": 1}}}', "lm-eval",
     "x.json:1:"),
    ('{"results": ', "lm-eval", "x.json:1:13:"),
    ('{"status": "done", "eval": {}}', "inspect", "x.json:1:"),
    ('{"results": {"version": 3, "timestamp": "t", "prompts": [{"raw": "r"}]}}', "promptfoo",
     "x.json:1:"),
    ('[{"name": {"name": "em"}, "count": -1}]', "helm", "x.json:1:"),
    ('{"a": NaN}', "lm-eval", "x.json:1:1:"),
    ("offering,task,metric,value,n,stderr\na,t,m,high,10,\n", "csv", "x.json:2:4: value:"),
    ("offering,task,metric,value\n", "csv", "x.json:1:1:"),
])
def test_a_malformed_result_file_is_one_located_problem(tmp_path: Path, text: str, fmt: str,
                                                        where: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_result_file(str(path), "x.json", fmt, model="m", task="t")
    assert all(str(p).startswith("x.json:") for p in info.value.problems)
    assert str(info.value.problems[0]).startswith(where)
