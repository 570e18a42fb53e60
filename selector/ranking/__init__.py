"""The MCDA methods: one registry, one module per method (its scikit-criteria pipeline, how to
read its result, and its vectorised kernel), and :func:`evaluate`, the one small function that
takes plain arrays and returns scores and ranks.

Adding a method is one module here and one line in :data:`METHODS`. scikit-criteria is imported
only inside :func:`evaluate` (it costs over a second to import); nothing a method prints reaches
stdout, and its warnings are captured, not shown.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from selector.errors import InputError
from selector.ranking import topsis, vikor, waspas, wpm, wsm
from selector.ranking.base import SCORE_DECIMALS, MethodOutput, MethodSpec, Pipeline, Scale, dense_rank

METHODS: dict[str, MethodSpec] = {m.METHOD.name: m.METHOD for m in (wsm, topsis, wpm, waspas, vikor)}
"""Every method, by name, in the order the faces list them."""
DEFAULT_METHOD = "wsm"

__all__ = [
    "DEFAULT_METHOD",
    "METHODS",
    "SCORE_DECIMALS",
    "MethodOutput",
    "MethodSpec",
    "Pipeline",
    "Scale",
    "dense_rank",
    "evaluate",
    "pipeline",
]


def _spec(method: str) -> MethodSpec:
    spec = METHODS.get(method)
    if spec is None:
        raise InputError(f"unknown method '{method}'; choose one of: {', '.join(METHODS)}")
    return spec


def pipeline(method: str, scales: Sequence[Scale], normalise_weights: bool) -> Pipeline:
    """The method's explicit scikit-criteria pipeline."""
    spec = _spec(method)
    assert spec.build is not None
    return spec.build(scales, normalise_weights)  # type: ignore[no-any-return]


_pipeline = pipeline  # the name selector.methods used


def evaluate(
    method: str,
    matrix: np.ndarray,
    objectives: Sequence[str],
    weights: Sequence[float],
    *,
    scales: Sequence[Scale],
    alternatives: Sequence[str],
    criteria: Sequence[str],
    normalise_weights: bool = True,
) -> MethodOutput:
    """Rank ``alternatives`` (rows of ``matrix``) with ``method``."""
    spec = _spec(method)
    matrix = np.asarray(matrix, dtype=float)
    if spec.check is not None:
        spec.check(matrix, objectives, scales, criteria)
    if spec.drops_constant_criteria:
        # A criterion on which every option is equal separates no one: it adds nothing to
        # either TOPSIS distance or to VIKOR's S and R, but it divides by zero when normalised.
        # Dropping it is exact (both methods are invariant to rescaling the other weights).
        keep = [j for j in range(matrix.shape[1]) if np.ptp(matrix[:, j]) > 0]
        if len(keep) < matrix.shape[1]:
            dropped = [criteria[j] for j in range(matrix.shape[1]) if j not in keep]
            if not keep:
                return MethodOutput(
                    (spec.neutral_score,) * matrix.shape[0],
                    (1,) * matrix.shape[0],
                    {"pipeline": spec.pipeline, "constant_criteria": dropped,
                     "note": "every option is equal on every criterion: all tie"},
                )
            output = evaluate(
                method, matrix[:, keep], [objectives[j] for j in keep],
                [weights[j] for j in keep], scales=[scales[j] for j in keep],
                alternatives=alternatives, criteria=[criteria[j] for j in keep],
                normalise_weights=normalise_weights,
            )
            output.extra["constant_criteria"] = dropped
            return output
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        import skcriteria as skc

        dm = skc.mkdm(
            matrix,
            list(objectives),
            weights=list(weights),
            alternatives=list(alternatives),
            criteria=list(criteria),
        )
        pipe = pipeline(method, scales, normalise_weights)
        transformed = pipe.transform(dm)
        result = pipe.aggregator.evaluate(transformed)
    rank = tuple(int(r) for r in result.rank_)
    extra: dict[str, Any] = {
        "pipeline": spec.pipeline,
        "normalised_matrix": transformed.matrix.to_numpy().round(12).tolist(),
        "weights_used": transformed.weights.to_numpy().round(12).tolist(),
    }
    assert spec.read is not None
    scores, more = spec.read(result.e_, transformed, alternatives)
    extra.update(more)
    scores = np.atleast_1d(scores)
    extra["library_rank"] = list(rank)
    rank = dense_rank(scores, higher_is_better=spec.higher_is_better)
    return MethodOutput(tuple(float(s) for s in scores.round(12)), rank, extra)
