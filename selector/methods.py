"""The MCDA methods, each one explicit scikit-criteria pipeline behind one small function.

scikit-criteria is imported only inside :func:`evaluate` (it costs over a second to import).
Nothing a method prints reaches stdout, and its warnings are captured, not shown.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from selector.errors import InputError

Scale = tuple[float, float] | None


@dataclass(frozen=True, slots=True)
class MethodSpec:
    name: str
    title: str
    pipeline: str
    higher_is_better: bool
    score_label: str
    rank_reversal_free: bool
    options: Mapping[str, Any] = field(default_factory=dict)
    """The method's fixed hyperparameters (recorded in every result it ranks)."""


METHODS: dict[str, MethodSpec] = {
    "wsm": MethodSpec(
        "wsm",
        "Weighted sum on the fixed scale",
        "FixedScale (criteria with a scale onto 0-100 points, cost criteria flipped, "
        "weights summed to 1) -> WeightedSumModel",
        True,
        "points (0-100 on a rubric set)",
        True,
    ),
    "topsis": MethodSpec(
        "topsis",
        "TOPSIS (vector normalisation, Euclidean distance)",
        "NegateMinimize -> VectorScaler(matrix) -> SumScaler(weights) -> TOPSIS",
        True,
        "closeness coefficient (0-1)",
        False,
    ),
    "wpm": MethodSpec(
        "wpm",
        "Weighted product",
        "AddValueToZero(matrix) -> InvertMinimize -> SumScaler(weights) -> WeightedProductModel",
        True,
        "log10 of the weighted product",
        False,
    ),
    "waspas": MethodSpec(
        "waspas",
        "WASPAS (lambda 0.5, linear normalisation)",
        "AddValueToZero(matrix) -> BenefitCostInverter -> SumScaler(weights) -> WASPAS",
        True,
        "joint WSM/WPM score",
        False,
        {"lambda": 0.5},
    ),
    "vikor": MethodSpec(
        "vikor",
        "VIKOR (v 0.5; total order by Q)",
        "SumScaler(weights) -> VIKOR(use_compromise_set=False)",
        False,
        "Q (lower is better)",
        False,
        {"v": 0.5, "use_compromise_set": False},
    ),
}
DEFAULT_METHOD = "wsm"


@dataclass(frozen=True, slots=True)
class MethodOutput:
    scores: tuple[float, ...]
    rank: tuple[int, ...]
    """Dense rank of the scores at 9 decimals: ties share a rank (1 = best)."""
    extra: dict[str, Any] = field(default_factory=dict)


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


class Pipeline:
    """An explicit chain of scikit-criteria steps: transformers, then one aggregator.

    It does exactly what ``skcriteria.pipelines.mkpipe(*steps)`` does (a test proves the
    results are identical) without importing ``skcriteria.pipelines``, which pulls in networkx
    through the rank comparator and adds about 0.2 s to every ranking command. It also accepts
    a bare aggregator (VIKOR without weight normalisation), which ``mkpipe`` refuses.
    """

    def __init__(self, *steps: Any) -> None:
        self.steps = steps
        self.transformers = steps[:-1]
        self.aggregator = steps[-1]

    def transform(self, dm: Any) -> Any:
        for step in self.transformers:
            dm = step.transform(dm)
        return dm

    def evaluate(self, dm: Any) -> Any:
        return self.aggregator.evaluate(self.transform(dm))

    def __repr__(self) -> str:
        return " -> ".join(type(step).__name__ for step in self.steps)


def _pipeline(method: str, scales: Sequence[Scale], normalise_weights: bool) -> Any:
    if method == "wsm":
        from skcriteria.agg.simple import WeightedSumModel

        fixed = _fixed_scale_transformer()(bounds=list(scales), sum_weights=normalise_weights)
        return Pipeline(fixed, WeightedSumModel())
    from skcriteria.preprocessing.scalers import SumScaler

    weights = [SumScaler(target="weights")] if normalise_weights else []
    if method == "topsis":
        from skcriteria.agg.topsis import TOPSIS
        from skcriteria.preprocessing.invert_objectives import NegateMinimize
        from skcriteria.preprocessing.scalers import VectorScaler

        return Pipeline(NegateMinimize(), VectorScaler(target="matrix"), *weights, TOPSIS())
    if method == "wpm":
        from skcriteria.agg.simple import WeightedProductModel
        from skcriteria.preprocessing.increment import AddValueToZero
        from skcriteria.preprocessing.invert_objectives import InvertMinimize

        return Pipeline(
            AddValueToZero(target="matrix"), InvertMinimize(), *weights, WeightedProductModel()
        )
    if method == "waspas":
        from skcriteria.agg.waspas import WASPAS
        from skcriteria.preprocessing.increment import AddValueToZero
        from skcriteria.preprocessing.invert_objectives import BenefitCostInverter

        return Pipeline(
            AddValueToZero(target="matrix"), BenefitCostInverter(), *weights, WASPAS()
        )
    if method == "vikor":
        from skcriteria.agg.vikor import VIKOR

        vikor = VIKOR(v=0.5, use_compromise_set=False)
        return Pipeline(*weights, vikor)
    raise InputError(f"unknown method '{method}'; choose one of: {', '.join(METHODS)}")


def _check_inputs(
    method: str, matrix: np.ndarray, objectives: Sequence[str], scales: Sequence[Scale],
    criteria: Sequence[str],
) -> None:
    for j, objective in enumerate(objectives):
        column = matrix[:, j]
        if method == "wsm" and objective == "min" and scales[j] is None:
            raise InputError(
                f"criterion '{criteria[j]}' is a cost (min) criterion without a scale; the "
                "weighted sum needs fixed bounds to flip it: add 'scale: [low, high]' to the "
                "criterion, or use --method topsis|vikor"
            )
        if method == "wsm" and scales[j] is None and np.any(column < 0):
            raise InputError(
                f"criterion '{criteria[j]}' has negative values; the weighted sum needs a "
                "'scale: [low, high]' for it"
            )
        if method in {"wpm", "waspas"} and np.any(column < 0):
            raise InputError(
                f"criterion '{criteria[j]}' has negative values; {method} needs values >= 0"
            )


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
    if method not in METHODS:
        raise InputError(f"unknown method '{method}'; choose one of: {', '.join(METHODS)}")
    matrix = np.asarray(matrix, dtype=float)
    _check_inputs(method, matrix, objectives, scales, criteria)
    if method in {"topsis", "vikor"}:
        # A criterion on which every option is equal separates no one: it adds nothing to
        # either TOPSIS distance or to VIKOR's S and R, but it divides by zero when normalised.
        # Dropping it is exact (both methods are invariant to rescaling the other weights).
        keep = [j for j in range(matrix.shape[1]) if np.ptp(matrix[:, j]) > 0]
        if len(keep) < matrix.shape[1]:
            dropped = [criteria[j] for j in range(matrix.shape[1]) if j not in keep]
            if not keep:
                neutral = 0.5 if method == "topsis" else 0.0
                return MethodOutput(
                    (neutral,) * matrix.shape[0],
                    (1,) * matrix.shape[0],
                    {"pipeline": METHODS[method].pipeline, "constant_criteria": dropped,
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
        pipe = _pipeline(method, scales, normalise_weights)
        transformed = pipe.transform(dm)
        result = pipe.aggregator.evaluate(transformed)
    rank = tuple(int(r) for r in result.rank_)
    extra: dict[str, Any] = {
        "pipeline": METHODS[method].pipeline,
        "normalised_matrix": transformed.matrix.to_numpy().round(12).tolist(),
        "weights_used": transformed.weights.to_numpy().round(12).tolist(),
    }
    e = result.e_
    if method == "wsm":
        scores = np.asarray(e.score, dtype=float)
        contributions = transformed.matrix.to_numpy() * transformed.weights.to_numpy()
        extra["contributions"] = contributions.round(12).tolist()
    elif method == "topsis":
        scores = np.asarray(e.similarity, dtype=float)
        extra["ideal"] = np.asarray(e.ideal, dtype=float).round(12).tolist()
        extra["anti_ideal"] = np.asarray(e.anti_ideal, dtype=float).round(12).tolist()
    elif method == "wpm":
        scores = np.asarray(e.score, dtype=float)
    elif method == "waspas":
        scores = np.asarray(e.score, dtype=float)
        extra["wsm_scores"] = np.asarray(e.wsm_scores, dtype=float).round(12).tolist()
        extra["log10_wpm_scores"] = np.asarray(e.log10_wpm_scores, dtype=float).round(12).tolist()
    else:  # vikor
        scores = np.asarray(e.q_k, dtype=float)
        extra["s"] = np.asarray(e.s_k, dtype=float).round(12).tolist()
        extra["r"] = np.asarray(e.r_k, dtype=float).round(12).tolist()
        extra["compromise_set"] = [alternatives[i] for i in np.asarray(e.compromise_set)]
        extra["acceptable_advantage"] = bool(e.acceptable_advantage)
        extra["acceptable_stability"] = bool(e.acceptable_stability)
    scores = np.atleast_1d(scores)
    extra["library_rank"] = list(rank)
    rank = dense_rank(scores, higher_is_better=METHODS[method].higher_is_better)
    return MethodOutput(tuple(float(s) for s in scores.round(12)), rank, extra)


SCORE_DECIMALS = 9
"""Scores equal to 9 decimals tie: the same option must not rank differently because BLAS
summed its weighted values in another order for a matrix of another size."""


def dense_rank(scores: Any, *, higher_is_better: bool) -> tuple[int, ...]:
    """1 = best; equal (rounded) scores share a rank and no rank is skipped."""
    rounded = np.round(np.asarray(scores, dtype=float), SCORE_DECIMALS)
    distinct = np.unique(rounded)
    if higher_is_better:
        distinct = distinct[::-1]
    position = {float(v): i + 1 for i, v in enumerate(distinct)}
    return tuple(position[float(v)] for v in rounded)
