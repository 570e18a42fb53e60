"""The bundled example with published results: the developers' own tables enter as published,
reused measurements for the offerings whose exact model version they name, and nothing else."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from selector.assess import run
from selector.result import Result
from selector.scoring.rubric import FLAG_REUSED, FLAG_UNKNOWN

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TODAY = date(2026, 12, 1)
PUBLISHED = {  # offering -> task -> the value its developer's table gives (see the CSV headers)
    "llama-4-scout-self-hosted": {"gpqa-diamond": 57.2, "mgsm": 90.6},
    "llama-4-maverick-self-hosted": {"gpqa-diamond": 69.8, "mgsm": 92.3},
    "deepseek-r1-self-hosted": {"gpqa-diamond": 71.5, "c-eval": 91.8},
    "gpt-4o-azure-openai-southeast-asia": {"gpqa-diamond": 46.0, "mgsm": 90.3},
}


@pytest.fixture(scope="module")
def published() -> Result:
    return run(EXAMPLES / "small-wealth-manager-published-results.yaml", today=TODAY)


def test_each_published_value_is_a_reused_published_measurement(published: Result) -> None:
    ev = published.evaluations
    assert {o: {t: m.value for t, m in tasks.items()} for o, tasks in ev.measurements.items()} \
        == PUBLISHED
    for offering, tasks in PUBLISHED.items():
        for task in tasks:
            m = ev.measurement(offering, task)
            assert m.source and "commit" in m.source and m.reused and m.n is None and m.stderr is None
            entry = next(e for e in published.traces[offering]["performance"].trace
                         if e.rule == f"perf-{task}")
            assert entry.confidence == "published" and FLAG_REUSED in entry.flags
    nova = published.traces["amazon-nova-2-lite-bedrock-jp"]["performance"].trace
    assert all(FLAG_UNKNOWN in e.flags and e.points == 0 for e in nova)


def test_the_chinese_benchmark_is_the_language_evidence_for_r1(published: Result) -> None:
    entry = next(e for e in published.traces["deepseek-r1-self-hosted"]["adaptability"].trace
                 if e.rule == "adp-languages")
    assert "zh: measured: c-eval 91.8" in (entry.note or "") and "measured: zh capable" in entry.value


def test_the_performance_criterion_leaves_the_recommendation_and_runner_up(published: Result) -> None:
    original = run(EXAMPLES / "small-wealth-manager-assistant.yaml", today=TODAY)
    assert [r.id for r in published.ranking[:2]] == [r.id for r in original.ranking[:2]]
    assert {r.id for r in published.ranking} == {r.id for r in original.ranking}
