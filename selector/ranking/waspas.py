"""WASPAS (lambda 0.5): the mean of a weighted sum and a weighted product on linearly
normalised values (benefit/cost inverted)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from selector.ranking.base import MethodSpec, Pipeline, Scale, weight_steps, weighted
from selector.ranking.wpm import check_non_negative, shifted


def build(scales: Sequence[Scale], normalise_weights: bool) -> Pipeline:
    from skcriteria.agg.waspas import WASPAS
    from skcriteria.preprocessing.increment import AddValueToZero
    from skcriteria.preprocessing.invert_objectives import BenefitCostInverter

    return Pipeline(
        AddValueToZero(target="matrix"), BenefitCostInverter(), *weight_steps(normalise_weights), WASPAS()
    )


def read(e: Any, transformed: Any, alternatives: Sequence[str]) -> tuple[Any, dict[str, Any]]:
    return np.asarray(e.score, dtype=float), {
        "wsm_scores": np.asarray(e.wsm_scores, dtype=float).round(12).tolist(),
        "log10_wpm_scores": np.asarray(e.log10_wpm_scores, dtype=float).round(12).tolist(),
    }


def prepare(x: Any, minimise: Any, scales: Sequence[Scale]) -> tuple[Any, ...]:
    moved = shifted(x)
    top = moved.max(axis=-2, keepdims=True)  # BenefitCostInverter
    low = moved.min(axis=-2, keepdims=True)
    benefit = moved / np.where(top != 0, top, 1e-5)
    cost = low / np.where(moved != 0, moved, 1e-5)
    ratio = np.where(minimise, cost, benefit)
    return (ratio, np.log10(ratio))


def score(parts: tuple[Any, ...], w: Any, stacked: bool) -> Any:
    return np.asarray(0.5 * weighted(parts[0], w, stacked)
                      + 0.5 * np.power(10.0, weighted(parts[1], w, stacked)))


METHOD = MethodSpec(
    "waspas",
    "WASPAS (lambda 0.5, linear normalisation)",
    "AddValueToZero(matrix) -> BenefitCostInverter -> SumScaler(weights) -> WASPAS",
    True,
    "joint WSM/WPM score",
    False,
    {"lambda": 0.5},
    build=build, read=read, check=check_non_negative("waspas"), prepare=prepare, score=score,
)
