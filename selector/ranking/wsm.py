"""Weighted sum on the fixed scale: each criterion with a scale mapped onto 0-100 points (cost
criteria flipped), weights summed to 1, then scikit-criteria's WeightedSumModel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from selector.errors import InputError
from selector.ranking.base import MethodSpec, Pipeline, Scale, weighted


def _fixed_scale_transformer() -> Any:
    from skcriteria.extend import mktransformer

    @mktransformer(bounds=None, sum_weights=True)  # type: ignore[untyped-decorator]
    def FixedScale(
        matrix: Any, objectives: Any, weights: Any, hparams: Any, **_: Any
    ) -> dict[str, Any]:
        """Map each criterion with a [low, high] scale onto 0-100 points, its best end = 100,
        and optionally rescale the weights to sum to 1 (what SumScaler(target="weights") does,
        without importing scikit-learn, which skcriteria's scalers need: 0.1 s saved)."""
        out = np.array(matrix, dtype=float, copy=True)
        objs = np.array(objectives, copy=True)
        for j, bounds in enumerate(hparams.bounds):
            if bounds is None:
                continue
            low, high = bounds
            if objs[j] < 0:
                out[:, j] = 100.0 * (high - out[:, j]) / (high - low)
            else:
                out[:, j] = 100.0 * (out[:, j] - low) / (high - low)
            objs[j] = 1
        w = np.asarray(weights, dtype=float)
        if hparams.sum_weights:
            w = w / w.sum()
        return {"matrix": out, "objectives": objs, "weights": w}

    return FixedScale


def build(scales: Sequence[Scale], normalise_weights: bool) -> Pipeline:
    from skcriteria.agg.simple import WeightedSumModel

    fixed = _fixed_scale_transformer()(bounds=list(scales), sum_weights=normalise_weights)
    return Pipeline(fixed, WeightedSumModel())


def read(e: Any, transformed: Any, alternatives: Sequence[str]) -> tuple[Any, dict[str, Any]]:
    contributions = transformed.matrix.to_numpy() * transformed.weights.to_numpy()
    return np.asarray(e.score, dtype=float), {"contributions": contributions.round(12).tolist()}


def check(matrix: Any, objectives: Sequence[str], scales: Sequence[Scale], criteria: Sequence[str]) -> None:
    for j, objective in enumerate(objectives):
        if objective == "min" and scales[j] is None:
            raise InputError(
                f"criterion '{criteria[j]}' is a cost (min) criterion without a scale; the "
                "weighted sum needs fixed bounds to flip it: add 'scale: [low, high]' to the "
                "criterion, or use --method topsis|vikor"
            )
        if scales[j] is None and np.any(matrix[:, j] < 0):
            raise InputError(
                f"criterion '{criteria[j]}' has negative values; the weighted sum needs a "
                "'scale: [low, high]' for it"
            )


def prepare(x: Any, minimise: Any, scales: Sequence[Scale]) -> tuple[Any, ...]:
    out = x.copy()
    for j, bounds in enumerate(scales):
        if bounds is None:
            if minimise[j]:
                raise InputError(f"criterion {j} is a cost criterion without a scale; wsm cannot "
                                 "flip it")
            continue
        low, high = bounds
        if minimise[j]:
            out[..., j] = 100.0 * (high - x[..., j]) / (high - low)
        else:
            out[..., j] = 100.0 * (x[..., j] - low) / (high - low)
    return (out,)


def score(parts: tuple[Any, ...], w: Any, stacked: bool) -> Any:
    return np.asarray(weighted(parts[0], w, stacked))


METHOD = MethodSpec(
    "wsm",
    "Weighted sum on the fixed scale",
    "FixedScale (criteria with a scale onto 0-100 points, cost criteria flipped, "
    "weights summed to 1) -> WeightedSumModel",
    True,
    "points (0-100 on a rubric set)",
    True,
    build=build, read=read, check=check, prepare=prepare, score=score,
)
