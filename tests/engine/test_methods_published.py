"""Each method reproduces its published worked example through the public path.

A criteria set with direct scores plus one profile per alternative (tests/data/cases/, generated
from tests/data/mcda-cases/*.json), ranked by ``selector rank --format json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from selector.cli import main

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"
RAW = Path(__file__).resolve().parents[1] / "data" / "mcda-cases"


def run_rank(capsys: pytest.CaptureFixture[str], case: str, method: str) -> dict[str, Any]:
    code = main(
        [
            "rank",
            "--criteria", str(CASES / case / "criteria.yaml"),
            "--profiles", str(CASES / case / "profiles"),
            "--method", method,
            "--format", "json",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)  # also proves nothing else reached stdout


def by_alternative(data: dict[str, Any], key: str) -> list[Any]:
    rows = {row["id"]: row for row in data["ranking"]}
    return [rows[f"a{i + 1}"][key] for i in range(len(rows))]


def test_topsis_tzeng_huang_2011(capsys: pytest.CaptureFixture[str]) -> None:
    """Tzeng & Huang (2011), Multiple Attribute Decision Making, CRC Press: 4 x 3 example.

    Closeness to 4 decimals as published (tolerance 5e-5); ranking exact.
    """
    case = json.loads((RAW / "topsis_tzeng_huang_2011.json").read_text())
    data = run_rank(capsys, "topsis_tzeng_huang_2011", "topsis")
    assert by_alternative(data, "score") == pytest.approx(case["expected_scores"], abs=5e-5)
    assert by_alternative(data, "rank") == case["expected_ranking"]


def test_vikor_opricovic_tzeng_2004(capsys: pytest.CaptureFixture[str]) -> None:
    """Opricovic & Tzeng (2004), EJOR 156(2):445-455: Q, S and R; A2 alone in the compromise set.

    Q ties A1 and A3 (both 1.0), so both take dense rank 2, as published.
    """
    case = json.loads((RAW / "vikor_opricovic_tzeng_2004.json").read_text())
    data = run_rank(capsys, "vikor_opricovic_tzeng_2004", "vikor")
    assert by_alternative(data, "score") == pytest.approx(case["expected_scores"]["Q"], abs=1e-9)
    assert by_alternative(data, "rank") == case["expected_ranking"]
    extra = data["method_extra"]
    assert extra["s"] == pytest.approx(case["expected_scores"]["S"], abs=1e-9)
    assert extra["r"] == pytest.approx(case["expected_scores"]["R"], abs=1e-9)
    assert extra["compromise_set"] == ["a2"]
    assert data["higher_is_better"] is False


def test_waspas_chakraborty_2015(capsys: pytest.CaptureFixture[str]) -> None:
    """Chakraborty, Zavadskas & Antucheviciene (2015), ECECSR 49(1):5-22: 8 x 7, lambda 0.5.

    The published weights sum to 1.0155 and the published scores use them as given, so the
    case's criteria set says ``normalise_weights: false``. Tolerance 5e-5 (4 decimals).
    """
    case = json.loads((RAW / "waspas_chakraborty_2015.json").read_text())
    data = run_rank(capsys, "waspas_chakraborty_2015", "waspas")
    assert by_alternative(data, "score") == pytest.approx(case["expected_scores"], abs=5e-5)
    assert by_alternative(data, "rank") == case["expected_ranking"]


def test_wsm_wikipedia(capsys: pytest.CaptureFixture[str]) -> None:
    """Wikipedia, 'Weighted sum model', numerical example: 21.5 / 22 / 22, A2 and A3 tie.

    Raw values (no scale declared). The tie keeps dense rank 1 for both and the tie-break
    lists a2 before a3 (equal unknown counts, then id).
    """
    case = json.loads((RAW / "wsm_wikipedia.json").read_text())
    data = run_rank(capsys, "wsm_wikipedia", "wsm")
    assert by_alternative(data, "score") == pytest.approx(case["expected_scores"], abs=1e-9)
    assert by_alternative(data, "rank") == case["expected_ranking"]
    assert [row["id"] for row in data["ranking"]] == ["a2", "a3", "a1"]
    assert [row["position"] for row in data["ranking"]] == [1, 2, 3]


@pytest.mark.parametrize("method", ["wsm", "topsis", "wpm", "waspas", "vikor"])
def test_every_method_runs_on_every_case_quietly(
    capsys: pytest.CaptureFixture[str], method: str
) -> None:
    for case in sorted(p.name for p in CASES.iterdir()):
        if method == "wsm" and case in {"vikor_opricovic_tzeng_2004", "waspas_chakraborty_2015"}:
            continue  # cost criteria without a scale: refused with a clear message (tested below)
        data = run_rank(capsys, case, method)
        assert sorted(row["position"] for row in data["ranking"]) == list(
            range(1, len(data["ranking"]) + 1)
        )


def test_wsm_refuses_cost_criterion_without_scale(capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES / "vikor_opricovic_tzeng_2004"
    code = main(["rank", "--criteria", str(case / "criteria.yaml"),
                 "--profiles", str(case / "profiles"), "--method", "wsm"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert "cost (min) criterion without a scale" in captured.err
    assert len(captured.err.strip().splitlines()) == 1


@pytest.mark.parametrize("method", ["wsm", "topsis", "wpm", "waspas", "vikor"])
def test_explicit_chain_equals_skcriteria_mkpipe(method: str) -> None:
    """selector.ranking.Pipeline runs the same steps as skcriteria.pipelines.mkpipe."""
    import numpy as np
    import skcriteria as skc
    from skcriteria.pipelines import mkpipe

    from selector.ranking import pipeline as _pipeline

    rng = np.random.default_rng(7)
    matrix = rng.uniform(1, 100, size=(6, 4))
    objectives = ["max", "min", "max", "max"] if method not in {"wsm"} else ["max"] * 4
    dm = skc.mkdm(matrix, objectives, weights=[3, 1, 2, 2])
    ours = _pipeline(method, [(0.0, 100.0)] * 4, True)
    theirs = mkpipe(*ours.steps)
    assert list(ours.evaluate(dm).rank_) == list(theirs.evaluate(dm).rank_)
    assert np.allclose(ours.transform(dm).matrix, theirs.transform(dm).matrix)
