"""The pipelines agree with pymcdm 1.4 (an independent implementation) on random matrices."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers import examples
from selector.ranking import evaluate

pymcdm = pytest.importorskip("pymcdm")
from pymcdm import methods as pm  # noqa: E402
from pymcdm import normalizations as pn  # noqa: E402


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, list[str], np.ndarray]:
    n = draw(st.integers(3, 7))
    m = draw(st.integers(2, 5))
    values = draw(
        st.lists(
            st.lists(st.floats(1, 100, allow_nan=False, width=32), min_size=m, max_size=m),
            min_size=n,
            max_size=n,
        )
    )
    matrix = np.array(values, dtype=float)
    # Every column must vary, or min-max / VIKOR divide by zero in both libraries.
    for j in range(m):
        if np.ptp(matrix[:, j]) < 1e-3:
            matrix[0, j] += 1.0
    objectives = draw(st.lists(st.sampled_from(["max", "min"]), min_size=m, max_size=m))
    raw = np.array(draw(st.lists(st.floats(0.05, 1), min_size=m, max_size=m)))
    return matrix, objectives, raw / raw.sum()


def ours(method: str, matrix: np.ndarray, objectives: list[str], weights: np.ndarray,
         scales: list[tuple[float, float] | None] | None = None) -> np.ndarray:
    n, m = matrix.shape
    out = evaluate(
        method, matrix, objectives, weights,
        scales=scales or [None] * m,
        alternatives=[f"a{i}" for i in range(n)],
        criteria=[f"c{j}" for j in range(m)],
    )
    return np.array(out.scores)


def types(objectives: list[str]) -> np.ndarray:
    return np.array([1 if o == "max" else -1 for o in objectives])


SETTINGS = settings(max_examples=examples(60), deadline=None)


@SETTINGS
@given(problems())
def test_topsis_matches_pymcdm(problem: tuple[np.ndarray, list[str], np.ndarray]) -> None:
    matrix, objectives, weights = problem
    reference = pm.TOPSIS(normalization_function=pn.vector_normalization)(
        matrix, weights, types(objectives)
    )
    assert ours("topsis", matrix, objectives, weights) == pytest.approx(reference, abs=1e-9)


@SETTINGS
@given(problems())
def test_vikor_matches_pymcdm(problem: tuple[np.ndarray, list[str], np.ndarray]) -> None:
    matrix, objectives, weights = problem
    reference = pm.VIKOR(v=0.5)(matrix, weights, types(objectives))
    # Q is undefined (0/0) when every option has the same S or R; pymcdm returns NaN there.
    assume(bool(np.all(np.isfinite(reference))))
    assert ours("vikor", matrix, objectives, weights) == pytest.approx(reference, abs=1e-9)


@SETTINGS
@given(problems())
def test_waspas_matches_pymcdm(problem: tuple[np.ndarray, list[str], np.ndarray]) -> None:
    matrix, objectives, weights = problem
    reference = pm.WASPAS()(matrix, weights, types(objectives))
    assert ours("waspas", matrix, objectives, weights) == pytest.approx(reference, abs=1e-9)


@SETTINGS
@given(problems())
def test_wsm_matches_pymcdm_minmax(problem: tuple[np.ndarray, list[str], np.ndarray]) -> None:
    """With the scale set to each column's range, our fixed-scale WSM is pymcdm's min-max WSM
    times 100 (points)."""
    matrix, objectives, weights = problem
    scales = [(float(matrix[:, j].min()), float(matrix[:, j].max()))
              for j in range(matrix.shape[1])]
    reference = pm.WSM(normalization_function=pn.minmax_normalization)(
        matrix, weights, types(objectives)
    )
    assert ours("wsm", matrix, objectives, weights, scales) == pytest.approx(
        100 * reference, abs=1e-7
    )


@SETTINGS
@given(problems())
def test_wpm_orders_like_pymcdm(problem: tuple[np.ndarray, list[str], np.ndarray]) -> None:
    """pymcdm normalises before the product; that multiplies every option's product by the same
    constant, so the order (not the value) must agree."""
    matrix, objectives, weights = problem
    reference = pm.WPM()(matrix, weights, types(objectives))
    mine = ours("wpm", matrix, objectives, weights)
    # Compare orders only where pymcdm's scores are clearly apart.
    for a in range(len(mine)):
        for b in range(len(mine)):
            if reference[a] > reference[b] * (1 + 1e-9):
                assert mine[a] > mine[b]
