"""Weighted product: values shifted off zero, cost criteria inverted, then the weighted product
(scored as its log10)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from selector.errors import InputError
from selector.ranking.base import MethodSpec, Pipeline, Scale, weight_steps, weighted


def build(scales: Sequence[Scale], normalise_weights: bool) -> Pipeline:
    from skcriteria.agg.simple import WeightedProductModel
    from skcriteria.preprocessing.increment import AddValueToZero
    from skcriteria.preprocessing.invert_objectives import InvertMinimize

    return Pipeline(
        AddValueToZero(target="matrix"), InvertMinimize(), *weight_steps(normalise_weights),
        WeightedProductModel()
    )


def read(e: Any, transformed: Any, alternatives: Sequence[str]) -> tuple[Any, dict[str, Any]]:
    return np.asarray(e.score, dtype=float), {}


def check_non_negative(name: str) -> Any:
    def check(matrix: Any, objectives: Sequence[str], scales: Sequence[Scale],
              criteria: Sequence[str]) -> None:
        for j in range(len(objectives)):
            if np.any(matrix[:, j] < 0):
                raise InputError(f"criterion '{criteria[j]}' has negative values; {name} needs values >= 0")

    return check


def shifted(x: Any) -> Any:
    """AddValueToZero(value=1, matrix): a criterion with a zero anywhere moves up by 1."""
    return x + np.any(x == 0, axis=-2, keepdims=True)


def prepare(x: Any, minimise: Any, scales: Sequence[Scale]) -> tuple[Any, ...]:
    moved = shifted(x)
    with np.errstate(divide="ignore"):
        inverted = np.where(minimise, 1.0 / moved, moved)  # InvertMinimize
    return (np.log10(inverted),)


def score(parts: tuple[Any, ...], w: Any, stacked: bool) -> Any:
    return np.asarray(weighted(parts[0], w, stacked))


METHOD = MethodSpec(
    "wpm",
    "Weighted product",
    "AddValueToZero(matrix) -> InvertMinimize -> SumScaler(weights) -> WeightedProductModel",
    True,
    "log10 of the weighted product",
    False,
    build=build, read=read, check=check_non_negative("wpm"), prepare=prepare, score=score,
)
