"""The vectorised SMAA kernel: weight samples x options x criteria in, ranks and counts out.

Arrays only (numpy, imported lazily); nothing here reads YAML or a Result. Tested against
scikit-criteria rank for rank on the published cases (tests/engine/test_robustness.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from selector.errors import InputError
from selector.ranking import METHODS, SCORE_DECIMALS

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]

Scale = tuple[float, float] | None
Progress = Callable[[int, int], None]

CHUNKS = 10
MAX_CHUNK_ELEMENTS = 8_000_000
"""Scores (samples x options x criteria) held at once: 64 MB of float64."""


# --------------------------------------------------------------------------------------------
# The kernel: arrays in, scores / positions / counts out.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prepared:
    """A matrix with everything that does not depend on the weights already done."""

    method: str
    parts: tuple[Any, ...]
    stacked: bool
    """True when the matrix is per sample (samples x options x criteria)."""


def prepare(matrix: Any, objectives: Sequence[str], scales: Sequence[Scale], method: str) -> Prepared:
    """The weight-independent part of ``method``'s scikit-criteria pipeline, for a matrix of
    shape (options, criteria) or (samples, options, criteria): the method's own kernel
    (``selector.ranking.<method>.prepare``)."""
    import numpy as np

    spec = METHODS.get(method)
    if spec is None or spec.prepare is None:
        raise InputError(f"unknown method '{method}'; choose one of: {', '.join(METHODS)}")
    x = np.asarray(matrix, dtype=float)
    minimise = np.array([o == "min" for o in objectives], dtype=bool)
    return Prepared(method, spec.prepare(x, minimise, scales), x.ndim == 3)


def method_scores(prepared: Prepared, weights: Any) -> Array:
    """Scores of every option under every weight vector (rows of ``weights``, normalised here
    as the pipelines do): shape (samples, options)."""
    import numpy as np

    w = np.asarray(weights, dtype=float)
    w = w / w.sum(axis=1, keepdims=True)
    score = METHODS[prepared.method].score
    assert score is not None
    return np.asarray(score(prepared.parts, w, prepared.stacked))


def _keys(scores: Any, higher_is_better: bool, priority: Any, bits: int, *,
          work: Any = None, out: Any = None, peak: float | None = None) -> Array | None:
    """One int64 key per score: the score in units of 1e-9 (negated when higher is better) in
    the high bits, the option's tie priority in the low ``bits``. None when too wide to pack.
    ``peak`` bounds |score| when the caller knows it (it saves two passes over the scores)."""
    import numpy as np

    unit = 10.0**SCORE_DECIMALS
    if peak is None:
        peak = max(abs(float(scores.max())), abs(float(scores.min()))) if scores.size else 0.0
    if not peak * unit * 2.0**bits < 2.0**62:  # too wide for one key (or not finite)
        return None
    key = np.multiply(scores, -unit if higher_is_better else unit, out=work)
    np.rint(key, out=key)
    packed: Array = np.empty(scores.shape, dtype=np.int64) if out is None else out
    np.copyto(packed, key, casting="unsafe")
    packed <<= bits
    packed |= priority
    return packed


def _priorities(n: int, priority: Any) -> tuple[Any, Any, int]:
    """(priority of each option, option of each priority, bits for a priority)."""
    import numpy as np

    prio = np.arange(n, dtype=np.int64) if priority is None else np.asarray(priority, dtype=np.int64)
    by_priority = np.empty(n, dtype=np.intp)
    by_priority[prio] = np.arange(n)
    return prio, by_priority, max(1, (n - 1).bit_length())


def order_samples(scores: Any, *, higher_is_better: bool, priority: Any = None) -> Array:
    """Options in order, best first, for each sample: ``order[k, r]`` is the option at position
    r + 1. Scores equal to 9 decimals tie; a tie goes to the lower ``priority``.

    Each score is rounded to an integer number of 1e-9 and packed with the option's priority in
    the low bits of one int64 key, so a plain (SIMD) sort of the keys orders the options and the
    low bits say which option sits where: about twice as fast as ``argsort``.
    """
    import numpy as np

    s = np.asarray(scores, dtype=float)
    prio, by_priority, bits = _priorities(s.shape[1], priority)
    packed = _keys(s, higher_is_better, prio, bits)
    if packed is None:
        rounded = np.round(s, SCORE_DECIMALS) * (-1.0 if higher_is_better else 1.0)
        return np.asarray(np.lexsort((np.broadcast_to(prio, s.shape), rounded), axis=1))
    packed.sort(axis=1)
    packed &= (1 << bits) - 1
    return np.asarray(by_priority[packed])


def first_places(scores: Any, *, higher_is_better: bool, priority: Any = None) -> Array:
    """The option at position 1 in each sample (the same tie-break), without sorting."""
    import numpy as np

    s = np.asarray(scores, dtype=float)
    prio, by_priority, bits = _priorities(s.shape[1], priority)
    packed = _keys(s, higher_is_better, prio, bits)
    if packed is None:
        return np.asarray(order_samples(s, higher_is_better=higher_is_better, priority=prio)[:, 0])
    return np.asarray(by_priority[packed.min(axis=1) & ((1 << bits) - 1)])


class _Tally:
    """Rank-position counts over chunks of samples; buffers are reused between chunks, and the
    counting is done by priority (no gather) and turned back to options at the end."""

    def __init__(self, n: int, priority: Any, higher_is_better: bool, chunk: int) -> None:
        import numpy as np

        self.n = n
        self.higher = higher_is_better
        self.prio, self.by_priority, self.bits = _priorities(n, priority)
        self.buffer = np.empty((chunk, n), dtype=np.int64)
        self.offsets = np.arange(n, dtype=np.int64)
        self.by_position = np.zeros(n * n, dtype=np.int64)

    def add(self, scores: Any, peak: float | None = None) -> Array:
        """Count one chunk (its ``scores`` are overwritten); return each sample's first option."""
        import numpy as np

        k = scores.shape[0]
        packed = _keys(scores, self.higher, self.prio, self.bits, work=scores, out=self.buffer[:k],
                       peak=peak)
        if packed is None:
            order = order_samples(scores, higher_is_better=self.higher, priority=self.prio)
            packed = self.buffer[:k]
            np.take(self.prio, order, out=packed)
        else:
            packed.sort(axis=1)
            packed &= (1 << self.bits) - 1
        first = np.asarray(self.by_priority[packed[:, 0]])
        packed *= self.n
        packed += self.offsets
        self.by_position += np.bincount(packed.ravel(), minlength=self.n * self.n)
        return first

    @property
    def counts(self) -> Array:
        """counts[i, r]: in how many samples option i is at position r + 1."""
        import numpy as np

        return np.asarray(self.by_position.reshape(self.n, self.n)[self.prio])


def dense_ranks(scores: Any, *, higher_is_better: bool) -> Array:
    """Dense ranks per sample (1 = best, ties share), as :func:`selector.ranking.dense_rank`."""
    import numpy as np

    rounded = np.round(np.asarray(scores, dtype=float), SCORE_DECIMALS)
    if higher_is_better:
        rounded = -rounded
    idx = np.argsort(rounded, axis=1, kind="stable")
    ordered = np.take_along_axis(rounded, idx, axis=1)
    steps = np.concatenate([np.ones((ordered.shape[0], 1), dtype=np.int64),
                            (np.diff(ordered, axis=1) != 0).astype(np.int64)], axis=1)
    ranks = np.empty_like(idx)
    np.put_along_axis(ranks, idx, np.cumsum(steps, axis=1), axis=1)
    return ranks


def chunk_size(samples: int, n: int, m: int) -> int:
    """About ten chunks, fewer samples per chunk when the options are many."""
    size = max(1, math.ceil(samples / CHUNKS))
    return max(1, min(size, MAX_CHUNK_ELEMENTS // max(1, n * m)))


def acceptability_counts(
    matrix: Any,
    weights: Any,
    objectives: Sequence[str],
    scales: Sequence[Scale],
    *,
    method: str = "wsm",
    priority: Any = None,
    progress: Progress | None = None,
) -> tuple[Array, Array]:
    """The SMAA kernel for a fixed matrix: rank-position counts (options x positions) over all
    weight samples, and the option at position 1 in each sample."""
    import numpy as np

    w = np.asarray(weights, dtype=float)
    prepared = prepare(matrix, objectives, scales, method)
    n, m = np.shape(matrix)[-2:]
    step = chunk_size(len(w), n, m)
    tally = _Tally(n, priority, METHODS[method].higher_is_better, step)
    # A weighted sum with weights >= 0 summing to 1 never exceeds the largest |value|.
    linear = method in {"wsm", "wpm"} and bool((w >= 0).all())
    peak = float(np.abs(prepared.parts[0]).max()) if linear and n * m else None
    first = np.empty(len(w), dtype=np.intp)
    for start in range(0, len(w), step):
        stop = min(start + step, len(w))
        first[start:stop] = tally.add(method_scores(prepared, w[start:stop]), peak)
        if progress is not None:
            progress(stop, len(w))
    return tally.counts, first

