"""TOPSIS: vector normalisation, Euclidean distances to the ideal and anti-ideal points."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from selector.ranking.base import MethodSpec, Pipeline, Scale, weight_steps, weighted


def build(scales: Sequence[Scale], normalise_weights: bool) -> Pipeline:
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.preprocessing.invert_objectives import NegateMinimize
    from skcriteria.preprocessing.scalers import VectorScaler

    return Pipeline(NegateMinimize(), VectorScaler(target="matrix"), *weight_steps(normalise_weights),
                    TOPSIS())


def read(e: Any, transformed: Any, alternatives: Sequence[str]) -> tuple[Any, dict[str, Any]]:
    return np.asarray(e.similarity, dtype=float), {
        "ideal": np.asarray(e.ideal, dtype=float).round(12).tolist(),
        "anti_ideal": np.asarray(e.anti_ideal, dtype=float).round(12).tolist(),
    }


def prepare(x: Any, minimise: Any, scales: Sequence[Scale]) -> tuple[Any, ...]:
    signed = np.where(minimise, -x, x)
    norm = np.sqrt(np.sum(signed * signed, axis=-2, keepdims=True))
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(norm > 0, signed / np.where(norm > 0, norm, 1.0), 0.0)
    ideal = r.max(axis=-2, keepdims=True)
    anti = r.min(axis=-2, keepdims=True)
    return ((r - ideal) ** 2, (r - anti) ** 2)


def score(parts: tuple[Any, ...], w: Any, stacked: bool) -> Any:
    w2 = w * w
    d_plus = np.sqrt(weighted(parts[0], w2, stacked))
    d_minus = np.sqrt(weighted(parts[1], w2, stacked))
    total = d_plus + d_minus
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), 0.5))


METHOD = MethodSpec(
    "topsis",
    "TOPSIS (vector normalisation, Euclidean distance)",
    "NegateMinimize -> VectorScaler(matrix) -> SumScaler(weights) -> TOPSIS",
    True,
    "closeness coefficient (0-1)",
    False,
    build=build, read=read, drops_constant_criteria=True, neutral_score=0.5,
    prepare=prepare, score=score,
)
