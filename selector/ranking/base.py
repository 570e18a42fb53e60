"""What every ranking method is made of, and what they share.

A method is one :class:`MethodSpec` in its own module (``selector/ranking/<name>.py``): its
words, its scikit-criteria pipeline and how to read that pipeline's result (the wrapper), and
its vectorised kernel for the robustness analysis (tested against the pipeline). The registry
(:data:`selector.ranking.METHODS`) lists the modules, so adding a method touches one place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Scale = tuple[float, float] | None

SCORE_DECIMALS = 9
"""Scores equal to 9 decimals tie: the same option must not rank differently because BLAS
summed its weighted values in another order for a matrix of another size."""


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
    build: Callable[[Sequence[Scale], bool], Any] | None = field(default=None, repr=False)
    """(scales, normalise_weights) -> the scikit-criteria :class:`Pipeline`."""
    read: Callable[[Any, Any, Sequence[str]], tuple[Any, dict[str, Any]]] | None = field(
        default=None, repr=False)
    """(the aggregator's extra, the transformed matrix, alternatives) -> (scores, extras)."""
    check: Callable[[Any, Sequence[str], Sequence[Scale], Sequence[str]], None] | None = field(
        default=None, repr=False)
    """Refuse inputs the method cannot rank (raises InputError)."""
    drops_constant_criteria: bool = False
    """A criterion equal for every option is dropped before ranking (exact for the method)."""
    neutral_score: float = 0.0
    """The score every option gets when every criterion is constant."""
    prepare: Callable[[Any, Any, Sequence[Scale]], tuple[Any, ...]] | None = field(
        default=None, repr=False)
    """Kernel: (matrix, minimise mask, scales) -> the weight-independent parts."""
    score: Callable[[tuple[Any, ...], Any, bool], Any] | None = field(default=None, repr=False)
    """Kernel: (parts, normalised weights (samples x criteria), stacked) -> (samples x options)."""


@dataclass(frozen=True, slots=True)
class MethodOutput:
    scores: tuple[float, ...]
    rank: tuple[int, ...]
    """Dense rank of the scores at 9 decimals: ties share a rank (1 = best)."""
    extra: dict[str, Any] = field(default_factory=dict)


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


def weight_steps(normalise_weights: bool) -> list[Any]:
    """The weight normalisation step of a pipeline, when the weights are to sum to 1."""
    from skcriteria.preprocessing.scalers import SumScaler

    return [SumScaler(target="weights")] if normalise_weights else []


def weighted(part: Any, weights: Any, stacked: bool) -> Any:
    """Sum over criteria of part x weights: (samples, options). (No ``out=`` buffer for the
    product: with the transposed matrix it would leave BLAS for a loop 4x slower.)"""
    if stacked:
        return np.einsum("knm,km->kn", part, weights)
    return weights @ part.T


def dense_rank(scores: Any, *, higher_is_better: bool) -> tuple[int, ...]:
    """1 = best; equal (rounded) scores share a rank and no rank is skipped."""
    rounded = np.round(np.asarray(scores, dtype=float), SCORE_DECIMALS)
    distinct = np.unique(rounded)
    if higher_is_better:
        distinct = distinct[::-1]
    position = {float(v): i + 1 for i, v in enumerate(distinct)}
    return tuple(position[float(v)] for v in rounded)
