"""VIKOR (v 0.5): group utility S and individual regret R combined into Q; a total order by Q
(lower is better), the compromise set reported beside it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from selector.ranking.base import MethodSpec, Pipeline, Scale, weight_steps


def build(scales: Sequence[Scale], normalise_weights: bool) -> Pipeline:
    from skcriteria.agg.vikor import VIKOR

    vikor = VIKOR(v=0.5, use_compromise_set=False)
    return Pipeline(*weight_steps(normalise_weights), vikor)


def read(e: Any, transformed: Any, alternatives: Sequence[str]) -> tuple[Any, dict[str, Any]]:
    return np.asarray(e.q_k, dtype=float), {
        "s": np.asarray(e.s_k, dtype=float).round(12).tolist(),
        "r": np.asarray(e.r_k, dtype=float).round(12).tolist(),
        "compromise_set": [alternatives[i] for i in np.asarray(e.compromise_set)],
        "acceptable_advantage": bool(e.acceptable_advantage),
        "acceptable_stability": bool(e.acceptable_stability),
    }


def prepare(x: Any, minimise: Any, scales: Sequence[Scale]) -> tuple[Any, ...]:
    top = x.max(axis=-2, keepdims=True)
    low = x.min(axis=-2, keepdims=True)
    span = top - low
    gap = np.where(minimise, x - low, top - x)
    with np.errstate(divide="ignore", invalid="ignore"):
        dist = np.where(span > 0, gap / np.where(span > 0, span, 1.0), 0.0)
    return (dist,)


def score(parts: tuple[Any, ...], w: Any, stacked: bool) -> Any:
    """S (sum) and R (max) of the weighted distances, each scaled over the options."""
    dist = parts[0]
    scaled = dist * w[:, None, :] if stacked else dist[None, :, :] * w[:, None, :]
    q = np.zeros(scaled.shape[:2])
    for values in (scaled.sum(axis=2), scaled.max(axis=2)):
        low = values.min(axis=1, keepdims=True)
        span = values.max(axis=1, keepdims=True) - low
        with np.errstate(divide="ignore", invalid="ignore"):
            q += 0.5 * np.where(span > 0, (values - low) / np.where(span > 0, span, 1.0), 0.0)
    return q


METHOD = MethodSpec(
    "vikor",
    "VIKOR (v 0.5; total order by Q)",
    "SumScaler(weights) -> VIKOR(use_compromise_set=False)",
    False,
    "Q (lower is better)",
    False,
    {"v": 0.5, "use_compromise_set": False},
    build=build, read=read, drops_constant_criteria=True, neutral_score=0.0,
    prepare=prepare, score=score,
)
