"""Robustness of a ranking: would reasonable disagreement change the choice?

A committee asks four questions of a recommendation; each is answered from the immutable
:class:`~selector.result.Result` alone (no YAML is re-read, so the analysis describes exactly the
ranking it accompanies):

* **Method agreement.** The same options are ranked with every method in
  :data:`selector.methods.METHODS` (through the scikit-criteria pipelines), and Kendall's tau is
  computed between each pair with scikit-criteria's rank comparator.
* **Weight stability.** For each criterion, the interval its weight can move (the other weights
  rescaled proportionally, so they keep their ratios and still sum to 1) before the top option
  changes, and which option takes over just beyond each end. For ``wsm`` every score is linear
  in the moved weight, so the crossing points are solved exactly; other methods are scanned at
  steps of 0.001 and the crossing is then refined to 1e-6 by a second, finer scan. The interval
  is the connected stretch around the current weight.
* **Rank acceptability (SMAA-2, Lahdelma & Salminen 2001).** ``samples`` weight vectors are drawn
  and, in the same draws, the weak evidence varies (below). For every option: the share of
  samples in which it takes each rank, its central weight vector (the mean of the weight samples
  in which it ranks first) and its confidence factor (the share of samples in which it ranks
  first when the weights are fixed at its central weights and the evidence varies).
* **Evidence uncertainty.** Facts that are unknown or unverified vary over a plausible range.

Weight sampling. When the assessment states no preferences (no weight derivation, or the last
step is the criteria set's defaults) the weights are drawn uniformly over the simplex,
Dirichlet(1, ..., 1): SMAA's "no preference information". Otherwise each stated weight is
multiplied by an independent U(1 - t, 1 + t) and the vector renormalised (t = 0.25 by default,
``tolerance`` overrides it and forces this mode): every committee member may hold any weight up
to 25 % above or below the agreed one; a zero weight stays zero.

Evidence model (from each option's trace; one draw per fact per sample, independent):

* unknown fact: uniform on [0, the rule's maximum points]. The ranking counts it 0, the worst
  case; the sampling shows what knowing it could do.
* unverified fact: triangular on [0, the rule's maximum] with its mode at the points it earns
  now. The reported value is the best single guess (the ranking counts it in full), but nobody
  has confirmed it, so it may turn out to be anything the rule allows, better or worse, values
  near the report being likelier. Not [0, current points]: that treats every unverified claim as
  an overstatement, a systematic penalty on whoever has more of them (the bundled proprietary
  offerings carry 19-23 each), not uncertainty. Not +-a band: points are bounded, so a band must
  be clipped, and clipping moves the centre anyway.
* a ``best_of`` rule earns the best of its alternatives, each varied as above (a fact it did
  not count can overtake the one it did).
* verified, secondary and stale facts, the assessment's environment fit and direct-score
  criteria (no rubric) are fixed: staleness says when to re-check a fact that was established,
  and ``selector rank`` already flags it; a stale fact that is also unverified varies.
* an unknown total cost of ownership varies over [0, its share of accessibility].
  Points are drawn on a continuum although a rule awards discrete points: the plausible range,
  not the rubric's table, is what the analysis needs, and it needs only the trace.

Ties. Scores equal to 9 decimals tie, as in :func:`selector.methods.dense_rank`. Acceptability
needs one position per option per sample, so ties are broken the way ``selector rank`` breaks
them: fewer unknown facts first, then the option id. A sample therefore reproduces what
``selector rank`` would print with those weights and facts.

Kernel. Everything that does not depend on the weights is prepared once per matrix (fixed scale,
vector normalisation, logarithms, distances to the ideal), then every sample is scored at once
with array operations, ordered with one ``argsort`` and counted with one ``bincount``: no Python
loop over samples, never the per-ranking pipeline. All five methods are vectorised, so SMAA
always uses the result's own method. Samples are processed in chunks (about ten) so memory stays
bounded and a progress callback can be driven.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from selector.errors import InputError, UsageError
from selector.methods import METHODS, SCORE_DECIMALS
from selector.result import Result, frozen_map
from selector.rubric import FLAG_UNKNOWN, FLAG_UNVERIFIED, TraceEntry

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]

Scale = tuple[float, float] | None
Progress = Callable[[int, int], None]

DEFAULT_SAMPLES = 10_000
DEFAULT_TOLERANCE = 0.25
SCAN_STEP = 0.001
CHUNKS = 10
MAX_CHUNK_ELEMENTS = 8_000_000
"""Scores (samples x options x criteria) held at once: 64 MB of float64."""
TIE_BREAK = (
    "scores equal to 9 decimals tie; within a tie, the option with fewer unknown facts takes the "
    "better position, then the option id in alphabetical order (the rule `selector rank` uses)"
)
_TOOK = re.compile(r"best of (\d+) took (-?[0-9.e+-]+)")


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
    shape (options, criteria) or (samples, options, criteria)."""
    import numpy as np

    x = np.asarray(matrix, dtype=float)
    stacked = x.ndim == 3
    minimise = np.array([o == "min" for o in objectives], dtype=bool)
    if method == "wsm":
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
        return Prepared(method, (out,), stacked)
    if method == "topsis":
        signed = np.where(minimise, -x, x)
        norm = np.sqrt(np.sum(signed * signed, axis=-2, keepdims=True))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(norm > 0, signed / np.where(norm > 0, norm, 1.0), 0.0)
        ideal = r.max(axis=-2, keepdims=True)
        anti = r.min(axis=-2, keepdims=True)
        return Prepared(method, ((r - ideal) ** 2, (r - anti) ** 2), stacked)
    if method in {"wpm", "waspas"}:
        shifted = x + np.any(x == 0, axis=-2, keepdims=True)  # AddValueToZero(value=1, matrix)
        if method == "wpm":
            with np.errstate(divide="ignore"):
                inverted = np.where(minimise, 1.0 / shifted, shifted)  # InvertMinimize
            return Prepared(method, (np.log10(inverted),), stacked)
        top = shifted.max(axis=-2, keepdims=True)  # BenefitCostInverter
        low = shifted.min(axis=-2, keepdims=True)
        benefit = shifted / np.where(top != 0, top, 1e-5)
        cost = low / np.where(shifted != 0, shifted, 1e-5)
        ratio = np.where(minimise, cost, benefit)
        return Prepared(method, (ratio, np.log10(ratio)), stacked)
    if method == "vikor":
        top = x.max(axis=-2, keepdims=True)
        low = x.min(axis=-2, keepdims=True)
        span = top - low
        gap = np.where(minimise, x - low, top - x)
        with np.errstate(divide="ignore", invalid="ignore"):
            dist = np.where(span > 0, gap / np.where(span > 0, span, 1.0), 0.0)
        return Prepared(method, (dist,), stacked)
    raise InputError(f"unknown method '{method}'; choose one of: {', '.join(METHODS)}")


def _weighted(part: Any, weights: Any, stacked: bool) -> Any:
    """Sum over criteria of part x weights: (samples, options). (No ``out=`` buffer for the
    product: with the transposed matrix it would leave BLAS for a loop 4x slower.)"""
    import numpy as np

    if stacked:
        return np.einsum("knm,km->kn", part, weights)
    return weights @ part.T


def method_scores(prepared: Prepared, weights: Any) -> Array:
    """Scores of every option under every weight vector (rows of ``weights``, normalised here
    as the pipelines do): shape (samples, options)."""
    import numpy as np

    w = np.asarray(weights, dtype=float)
    w = w / w.sum(axis=1, keepdims=True)
    parts, stacked = prepared.parts, prepared.stacked
    if prepared.method in {"wsm", "wpm"}:
        return np.asarray(_weighted(parts[0], w, stacked))
    if prepared.method == "topsis":
        w2 = w * w
        d_plus = np.sqrt(_weighted(parts[0], w2, stacked))
        d_minus = np.sqrt(_weighted(parts[1], w2, stacked))
        total = d_plus + d_minus
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), 0.5))
    if prepared.method == "waspas":
        return np.asarray(0.5 * _weighted(parts[0], w, stacked)
                          + 0.5 * np.power(10.0, _weighted(parts[1], w, stacked)))
    # vikor: S (sum) and R (max) of the weighted distances, each scaled over the options.
    dist = parts[0]
    scaled = dist * w[:, None, :] if stacked else dist[None, :, :] * w[:, None, :]
    q = np.zeros(scaled.shape[:2])
    for values in (scaled.sum(axis=2), scaled.max(axis=2)):
        low = values.min(axis=1, keepdims=True)
        span = values.max(axis=1, keepdims=True) - low
        with np.errstate(divide="ignore", invalid="ignore"):
            q += 0.5 * np.where(span > 0, (values - low) / np.where(span > 0, span, 1.0), 0.0)
    return q


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
    """Dense ranks per sample (1 = best, ties share), as :func:`selector.methods.dense_rank`."""
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


# --------------------------------------------------------------------------------------------
# Evidence: which points are uncertain, and how they vary.
# --------------------------------------------------------------------------------------------

FIXED, UNIFORM, TRIANGULAR = 0, 1, 2


@dataclass(frozen=True, slots=True)
class _Block:
    """Draws whose sums land in score cells: ``starts`` are where each cell's run begins."""

    starts: Any
    cells: Any
    points: Any
    """Per cell, the points the varied rules earned in the ranking (subtracted from the draws)."""

    @staticmethod
    def of(cells: Sequence[int], points: Sequence[float]) -> _Block:
        import numpy as np

        c = np.asarray(cells, dtype=np.intp)
        pts = np.asarray(points, dtype=float)
        if not len(c):
            return _Block(np.zeros(0, dtype=np.intp), c, pts)
        starts = np.concatenate([[0], np.flatnonzero(np.diff(c)) + 1]).astype(np.intp)
        return _Block(starts, c[starts], np.add.reduceat(pts, starts))

    def add(self, out: Any, values: Any) -> None:
        """out[:, cell] += sum of the cell's values - the points they replace."""
        import numpy as np

        if len(self.cells):
            out[:, self.cells] += np.add.reduceat(values, self.starts, axis=1) - self.points


def _triangular(u: Any, mode: Any, high: Any) -> Any:
    """Inverse CDF of the triangular distribution on [0, high] with the given mode (in place)."""
    import numpy as np

    cut = mode / high
    upper = 1.0 - u
    upper *= high * (high - mode)
    np.sqrt(upper, out=upper)
    np.subtract(high, upper, out=upper)
    lower = u * (high * mode)
    np.sqrt(lower, out=lower)
    np.copyto(lower, upper, where=u >= cut)
    return lower


@dataclass(frozen=True, slots=True)
class Evidence:
    """The uncertain points of a score matrix, as flat arrays for vectorised draws.

    A varied rule on its own is one draw (uniform or triangular, kept in contiguous blocks so the
    draws are slices, not gathers); a best_of rule with a varied alternative earns the best of
    its members. Each cell (option, criterion) changes by what its varied rules earn minus what
    they earned in the ranking.
    """

    uniform_high: Any
    uniform: _Block
    tri_mode: Any
    tri_high: Any
    tri: _Block
    best_kind: Any
    best_mode: Any
    best_high: Any
    best_starts: Any
    best: _Block
    touched: Any
    unknown: int
    unverified: int

    @property
    def draws(self) -> int:
        return len(self.uniform_high) + len(self.tri_high) + int((self.best_kind != FIXED).sum())

    def matrices(self, base: Any, uniforms: Any) -> Array:
        """One score matrix per row of ``uniforms`` (samples x draws)."""
        import numpy as np

        k = uniforms.shape[0]
        n, m = base.shape
        out = np.broadcast_to(base.reshape(1, n * m), (k, n * m)).copy()
        nu, nt = len(self.uniform_high), len(self.tri_high)
        if nu:
            self.uniform.add(out, uniforms[:, :nu] * self.uniform_high)
        if nt:
            self.tri.add(out, _triangular(uniforms[:, nu:nu + nt], self.tri_mode, self.tri_high))
        if len(self.best_kind):
            varied = self.best_kind != FIXED
            values = np.broadcast_to(self.best_mode, (k, len(self.best_mode))).copy()
            u = uniforms[:, nu + nt:]
            hi, mo = self.best_high[varied], self.best_mode[varied]
            tri = self.best_kind[varied] == TRIANGULAR
            values[:, varied] = np.where(tri, _triangular(u.copy(), mo, hi), u * hi)
            self.best.add(out, np.maximum.reduceat(values, self.best_starts, axis=1))
        # Only rubric cells vary, and a rubric's points lie on 0-100 by construction.
        out[:, self.touched] = np.clip(out[:, self.touched], 0.0, 100.0)
        return out.reshape(k, n, m)


def _is_unknown(entry: TraceEntry) -> bool:
    return FLAG_UNKNOWN in entry.flags or entry.value == "unknown"


def _member(entry: TraceEntry) -> tuple[int, float, float]:
    """(kind, mode, high) of one trace entry."""
    if entry.rule == "direct" or entry.max_points <= 0:
        return FIXED, entry.points, entry.points
    if _is_unknown(entry):
        return UNIFORM, 0.0, entry.max_points
    if FLAG_UNVERIFIED in entry.flags:
        return TRIANGULAR, min(max(entry.points, 0.0), entry.max_points), entry.max_points
    return FIXED, entry.points, entry.points


def trace_groups(trace: Sequence[TraceEntry]) -> list[list[int]]:
    """Entry indexes grouped by rule: a counted entry with the best_of alternatives it beat.

    A best_of rule's entries are adjacent, exactly one is counted, and each alternative's outcome
    says "best of N took X"; the alternative joins the counted entry within N - 1 places (across
    alternatives only) that earned X. An alternative with no such partner is left out (fixed).
    """
    groups: dict[int, list[int]] = {i: [i] for i, e in enumerate(trace) if e.counted}
    for i, entry in enumerate(trace):
        if entry.counted:
            continue
        found = _TOOK.search(entry.outcome)
        size = int(found.group(1)) if found else 2
        took = float(found.group(2)) if found else None
        candidates: list[int] = []
        for direction in (-1, 1):
            j = i + direction
            while 0 <= j < len(trace) and abs(j - i) < size:
                if trace[j].counted:
                    candidates.append(j)
                    break
                j += direction
        match = [j for j in candidates if took is None
                 or abs(trace[j].points - took) <= 1e-6 * max(1.0, abs(took))]
        if match or candidates:
            groups[(match or candidates)[0]].append(i)
    return [sorted(members) for _, members in sorted(groups.items())]


def build_evidence(result: Result, options: Sequence[str], criteria: Sequence[str]) -> Evidence:
    """Collect the uncertain points of ``options`` from the result's traces."""
    import numpy as np

    uni: tuple[list[float], ...] = ([], [], [])  # cell, high, counted points
    tri: tuple[list[float], ...] = ([], [], [], [])  # cell, mode, high, counted points
    best_kind: list[int] = []
    best_mode: list[float] = []
    best_high: list[float] = []
    best_starts: list[int] = []
    best_cells: list[int] = []
    best_counted: list[float] = []
    unknown = unverified = 0
    m = len(criteria)
    for i, oid in enumerate(options):
        for j, cid in enumerate(criteria):
            trace = result.traces[oid][cid].trace
            for members in trace_groups(trace):
                spec = [_member(trace[k]) for k in members]
                if all(s[0] == FIXED for s in spec):
                    continue
                unknown += sum(s[0] == UNIFORM for s in spec)
                unverified += sum(s[0] == TRIANGULAR for s in spec)
                counted = sum(trace[k].points for k in members if trace[k].counted)
                cell = i * m + j
                if len(spec) == 1 and spec[0][0] == UNIFORM:
                    for column, value in zip(uni, (cell, spec[0][2], counted), strict=True):
                        column.append(value)
                elif len(spec) == 1:
                    for column, value in zip(tri, (cell, spec[0][1], spec[0][2], counted),
                                             strict=True):
                        column.append(value)
                else:
                    best_starts.append(len(best_kind))
                    best_cells.append(cell)
                    best_counted.append(counted)
                    best_kind.extend(s[0] for s in spec)
                    best_mode.extend(s[1] for s in spec)
                    best_high.extend(s[2] for s in spec)
    uni_cells = [int(c) for c in uni[0]]
    tri_cells = [int(c) for c in tri[0]]
    touched = sorted(set(uni_cells) | set(tri_cells) | set(best_cells))
    return Evidence(
        uniform_high=np.asarray(uni[1], dtype=float),
        uniform=_Block.of(uni_cells, uni[2]),
        tri_mode=np.asarray(tri[1], dtype=float),
        tri_high=np.asarray(tri[2], dtype=float),
        tri=_Block.of(tri_cells, tri[3]),
        best_kind=np.asarray(best_kind, dtype=np.int8),
        best_mode=np.asarray(best_mode, dtype=float),
        best_high=np.asarray(best_high, dtype=float),
        best_starts=np.asarray(best_starts, dtype=np.intp),
        best=_Block.of(best_cells, best_counted),
        touched=np.asarray(touched, dtype=np.intp),
        unknown=unknown,
        unverified=unverified,
    )


# --------------------------------------------------------------------------------------------
# The result object.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stability:
    """How far one criterion's weight can move before the top option changes."""

    criterion: str
    weight: float
    low: float
    high: float
    below: str | None
    """The option that ranks first just below ``low``, or at 0 when ``low`` is 0 and the top
    option only ties there (None: the top option is first all the way down to 0)."""
    above: str | None
    """The option that ranks first just above ``high``, or at 1 (None: first up to 1)."""
    exact: bool
    """True for the analytic solution (wsm); else a 0.001 scan refined to 1e-6."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "weight": self.weight,
            "interval": [self.low, self.high],
            "takes_over_below": self.below,
            "takes_over_above": self.above,
            "exact": self.exact,
        }


@dataclass(frozen=True, slots=True)
class MethodAgreement:
    tau: Mapping[str, float | None]
    """"a/b" -> Kendall's tau between the rankings of methods a and b (null if undefined)."""
    top: Mapping[str, str]
    """Method -> the option it puts first (after the tie-break)."""
    skipped: Mapping[str, str]
    """Method -> why it cannot rank these options (e.g. a cost criterion without a scale)."""

    def disagree(self, choice: str) -> dict[str, str]:
        return {m: o for m, o in self.top.items() if o != choice}


@dataclass(frozen=True, slots=True)
class Robustness:
    """The robustness analysis of one result; ``as_dict`` is the JSON of `selector robustness`."""

    method: str
    samples: int
    seed: int
    options: tuple[str, ...]
    criteria: tuple[str, ...]
    top_choice: str
    acceptability: Mapping[str, tuple[float, ...]]
    central_weights: Mapping[str, Mapping[str, float] | None]
    confidence: Mapping[str, float | None]
    first_weights_only: Mapping[str, float]
    """Share of samples ranking each option first when only the weights vary."""
    first_evidence_only: Mapping[str, float]
    """Share of samples ranking each option first when only the evidence varies."""
    stability: Mapping[str, Stability]
    agreement: MethodAgreement
    weight_sampling: Mapping[str, Any]
    evidence_model: Mapping[str, Any]
    verdict: str
    at_stake: tuple[Mapping[str, Any], ...] = ()
    """The varied facts that could move the top option or its closest rivals the most."""
    tie_break: str = TIE_BREAK

    def first_share(self, option: str) -> float:
        return self.acceptability[option][0] if self.acceptability[option] else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "samples": self.samples,
            "seed": self.seed,
            "top_choice": self.top_choice,
            "verdict": self.verdict,
            "acceptability": {k: list(v) for k, v in self.acceptability.items()},
            "central_weights": {k: dict(v) if v is not None else None
                                for k, v in self.central_weights.items()},
            "confidence": dict(self.confidence),
            "first_weights_only": dict(self.first_weights_only),
            "first_evidence_only": dict(self.first_evidence_only),
            "stability": {k: v.as_dict() for k, v in self.stability.items()},
            "method_agreement": dict(self.agreement.tau),
            "method_top": dict(self.agreement.top),
            "methods_skipped": dict(self.agreement.skipped),
            "weight_sampling": dict(self.weight_sampling),
            "evidence_model": dict(self.evidence_model),
            "at_stake": [dict(f) for f in self.at_stake],
            "tie_break": self.tie_break,
        }


def with_robustness(result: Result, robustness: Robustness) -> Result:
    """The result with its robustness analysis attached (``Result.robustness``)."""
    changes: dict[str, Any] = {"robustness": robustness}
    return replace(result, **changes)


# --------------------------------------------------------------------------------------------
# The analysis.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Problem:
    """The result's ranked options as arrays, in the result's order."""

    ids: tuple[str, ...]
    criteria: tuple[str, ...]
    matrix: Any
    objectives: tuple[str, ...]
    scales: tuple[Scale, ...]
    weights: Any
    priority: Any
    method: str
    higher: bool


def _problem(result: Result) -> _Problem:
    import numpy as np

    ids = tuple(r.id for r in result.ranking)
    crit = tuple(c.id for c in result.criteria)
    matrix = np.array([[r.scores[c] for c in crit] for r in result.ranking], dtype=float)
    weights = np.array([c.weight for c in result.criteria], dtype=float)
    tie_key = sorted(range(len(ids)), key=lambda k: (
        len(result.ranking[k].evidence_flags.get(FLAG_UNKNOWN, ())), ids[k]))
    priority = np.empty(len(ids), dtype=np.int64)
    priority[tie_key] = np.arange(len(ids))
    return _Problem(ids, crit, matrix, tuple(c.objective for c in result.criteria),
                    tuple(c.scale for c in result.criteria), weights, priority, result.method,
                    METHODS[result.method].higher_is_better)


def weight_sampling(result: Result, tolerance: float | None) -> dict[str, Any]:
    """How the weights are drawn, in words and parameters."""
    steps = result.weight_steps
    stated = bool(steps) and getattr(steps[-1], "kind", None) != "criteria-default"
    if tolerance is None and not stated:
        return {
            "kind": "dirichlet",
            "tolerance": None,
            "description": "no stated preferences: weights drawn uniformly over the simplex "
            "(Dirichlet(1, ..., 1)), every weight vector equally likely",
        }
    t = DEFAULT_TOLERANCE if tolerance is None else float(tolerance)
    if not 0.0 <= t <= 1.0 or not math.isfinite(t):
        raise UsageError(f"tolerance {tolerance} must be between 0 and 1")
    return {
        "kind": "around",
        "tolerance": t,
        "description": f"each stated weight multiplied by U({1 - t:g}, {1 + t:g}), then "
        f"renormalised to sum to 1: any weight up to {t:.0%} above or below the stated one",
    }


def _draw_weights(rng: Any, weights: Any, samples: int, spec: Mapping[str, Any]) -> Array:
    import numpy as np

    m = len(weights)
    if spec["kind"] == "dirichlet":
        return np.asarray(rng.dirichlet(np.ones(m), samples))
    t = spec["tolerance"]
    drawn = weights * rng.uniform(1.0 - t, 1.0 + t, (samples, m))
    total = drawn.sum(axis=1, keepdims=True)
    return np.asarray(np.where(total > 0, drawn / np.where(total > 0, total, 1.0), weights))


def _moved(weights: Any, j: int, t: Any) -> Array:
    """Weight vectors with criterion j at each t, the others rescaled proportionally."""
    import numpy as np

    rest = np.array(weights, dtype=float)
    rest[j] = 0.0
    total = rest.sum()
    if total > 0:
        rest = rest / total
    else:  # j held all the weight: the others share what it gives up equally
        rest = np.where(np.arange(len(rest)) == j, 0.0, 1.0 / max(1, len(rest) - 1))
    t = np.atleast_1d(np.asarray(t, dtype=float))
    out = (1.0 - t)[:, None] * rest[None, :]
    out[:, j] = t
    return np.asarray(out)


def _taker(p: _Problem, top: int, intercept: Any, slope: Any, t: float, side: int) -> str | None:
    """The option first just beyond t (side -1: below, +1: above) among the lines level with
    the top option at t: the one rising fastest in that direction."""
    values = intercept + slope * t
    best = float(values.max())
    near = 1e-9 * max(1.0, abs(best))
    tied = [b for b in range(len(p.ids)) if b != top and values[b] >= best - near]
    if not tied:
        return None
    return p.ids[min(tied, key=lambda b: (-side * float(slope[b]), int(p.priority[b])))]


def _stability_wsm(p: _Problem, top: int) -> dict[str, Stability]:
    """Exact: each score is a + b t in the moved weight t; solve the crossings."""
    import numpy as np

    norm = prepare(p.matrix, p.objectives, p.scales, "wsm").parts[0]
    out: dict[str, Stability] = {}
    w = p.weights / p.weights.sum()
    for j, cid in enumerate(p.criteria):
        at0, at1 = norm @ _moved(w, j, 0.0)[0], norm @ _moved(w, j, 1.0)[0]
        intercept, slope = at0, at1 - at0
        t0 = float(w[j])
        alpha = intercept[top] - intercept
        beta = slope[top] - slope
        low, high = 0.0, 1.0
        for b in range(len(p.ids)):
            if b == top or abs(beta[b]) < 1e-15:
                continue
            cross = -alpha[b] / beta[b]
            if beta[b] > 0:
                low = max(low, min(cross, t0))
            else:
                high = min(high, max(cross, t0))

        below = _taker(p, top, intercept, slope, low, -1) if low > 0 else None
        above = _taker(p, top, intercept, slope, high, 1) if high < 1 else None
        # At 0 or 1 exactly the top option may tie with one that wins the tie-break.
        at_ends = first_places(np.vstack([at0, at1]), higher_is_better=True, priority=p.priority)
        if low == 0 and at_ends[0] != top:
            below = p.ids[int(at_ends[0])]
        if high == 1 and at_ends[1] != top:
            above = p.ids[int(at_ends[1])]
        out[cid] = Stability(cid, t0, float(low), float(high), below, above, True)
    return out


def _stability_scan(p: _Problem, top: int) -> dict[str, Stability]:
    """Any method: the top option at every 0.001 of the moved weight, refined around each end."""
    import numpy as np

    prepared = prepare(p.matrix, p.objectives, p.scales, p.method)
    w = p.weights / p.weights.sum()

    def firsts(j: int, ts: Any) -> Array:
        return first_places(method_scores(prepared, _moved(w, j, ts)), higher_is_better=p.higher,
                            priority=p.priority)

    out: dict[str, Stability] = {}
    for j, cid in enumerate(p.criteria):
        t0 = float(w[j])
        grid = np.unique(np.concatenate([np.linspace(0.0, 1.0, round(1 / SCAN_STEP) + 1), [t0]]))
        first = firsts(j, grid)
        at = int(np.searchsorted(grid, t0))
        holds = first == top
        holds[at] = True
        lo_i = at
        while lo_i > 0 and holds[lo_i - 1]:
            lo_i -= 1
        hi_i = at
        while hi_i < len(grid) - 1 and holds[hi_i + 1]:
            hi_i += 1
        low, high = float(grid[lo_i]), float(grid[hi_i])
        below = above = None
        if lo_i > 0:  # the last failing point before the holding stretch, 1e-6 apart
            fine = np.linspace(grid[lo_i - 1], grid[lo_i], 1001)
            f = firsts(j, fine)
            f[-1] = top if lo_i == at else f[-1]
            fail = np.flatnonzero(f != top)
            q = int(fail[-1]) if len(fail) else 0
            low = float(fine[min(q + 1, len(fine) - 1)])
            below = p.ids[int(f[q])] if f[q] != top else p.ids[int(first[lo_i - 1])]
        if hi_i < len(grid) - 1:  # the first failing point after it
            fine = np.linspace(grid[hi_i], grid[hi_i + 1], 1001)
            f = firsts(j, fine)
            f[0] = top if hi_i == at else f[0]
            fail = np.flatnonzero(f != top)
            q = int(fail[0]) if len(fail) else len(fine) - 1
            high = float(fine[max(q - 1, 0)])
            above = p.ids[int(f[q])] if f[q] != top else p.ids[int(first[hi_i + 1])]
        out[cid] = Stability(cid, t0, low, high, below, above, False)
    return out


def stability(result: Result) -> dict[str, Stability]:
    """Weight-stability intervals of the result's top option, one per criterion."""
    p = _problem(result)
    if not p.ids:
        return {}
    if len(p.criteria) < 2:
        return {c: Stability(c, 1.0, 1.0, 1.0, None, None, True) for c in p.criteria}
    if p.method == "wsm":
        return _stability_wsm(p, 0)
    return _stability_scan(p, 0)


def method_agreement(result: Result) -> MethodAgreement:
    """Every method on the same options and weights; Kendall's tau between each pair."""
    import contextlib
    import io
    import warnings

    import numpy as np

    from selector.methods import evaluate

    p = _problem(result)
    raw = [c.raw_weight for c in result.criteria]
    used = result.method_extra.get("weights_used")
    normalise = not (used is not None and len(used) == len(raw) and np.allclose(used, raw)
                     and not math.isclose(sum(raw), 1.0))
    ranks: dict[str, tuple[int, ...]] = {}
    skipped: dict[str, str] = {}
    for name in METHODS:
        try:
            out = evaluate(name, p.matrix, p.objectives, raw, scales=p.scales,
                           alternatives=p.ids, criteria=p.criteria, normalise_weights=normalise)
        except InputError as exc:
            skipped[name] = str(exc)
            continue
        ranks[name] = out.rank
    top = {name: p.ids[min(range(len(p.ids)), key=lambda k: (r[k], p.priority[k]))]
           for name, r in ranks.items()}
    tau: dict[str, float | None] = {}
    if len(ranks) >= 2:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            from skcriteria.agg import RankResult
            from skcriteria.cmp import mkrank_cmp

            results = [RankResult(name, list(p.ids), list(r), {}) for name, r in ranks.items()]
            corr = mkrank_cmp(*results).corr()
        names = list(ranks)
        for a_i, a in enumerate(names):
            for b in names[a_i + 1:]:
                value = float(corr.loc[a, b])
                tau[f"{a}/{b}"] = value if math.isfinite(value) else None
    return MethodAgreement(frozen_map(tau), frozen_map(top), frozen_map(skipped))


def analyse(
    result: Result,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    tolerance: float | None = None,
    progress: Progress | None = None,
    evidence: bool = True,
) -> Robustness:
    """Method agreement, weight stability and SMAA-2 rank acceptability of ``result``, with the
    unknown and unverified facts varying in the same samples (``evidence=False`` fixes them).

    The same ``seed`` gives identical output. ``progress(done, total)`` is called after each
    chunk of samples (the kernel runs twice: acceptability, then confidence factors).
    """
    import numpy as np

    if not result.ranking:
        raise InputError("nothing to analyse: no option is left to rank (all were excluded)")
    if samples < 1:
        raise UsageError(f"--samples {samples}: need at least 1 sample")
    p = _problem(result)
    n, m = len(p.ids), len(p.criteria)
    spec = weight_sampling(result, tolerance)
    root = np.random.SeedSequence(seed)
    weight_seq, evidence_seq = root.spawn(2)
    weights = _draw_weights(np.random.default_rng(weight_seq), p.weights, samples, spec)
    ev = build_evidence(result, p.ids, p.criteria) if evidence else None
    varies = ev is not None and ev.draws > 0
    step = chunk_size(samples, n, m)
    starts = list(range(0, samples, step))
    chunk_seqs = evidence_seq.spawn(len(starts))
    total = 2 * samples
    fixed = prepare(p.matrix, p.objectives, p.scales, p.method)

    cache: dict[int, Prepared] = {}
    keep = samples * n * m <= MAX_CHUNK_ELEMENTS

    def matrices(index: int, size: int) -> Prepared:
        """The chunk's evidence draws, the same on both passes (kept when small)."""
        if not varies:
            return fixed
        if index in cache:
            return cache[index]
        assert ev is not None
        rng = np.random.default_rng(chunk_seqs[index])
        uniforms = rng.random((size, ev.draws))
        prepared = prepare(ev.matrices(p.matrix, uniforms), p.objectives, p.scales, p.method)
        if keep:
            cache[index] = prepared
        return prepared

    def firsts(prepared: Prepared, w: Any) -> Array:
        return first_places(method_scores(prepared, w), higher_is_better=p.higher,
                            priority=p.priority)

    tally = _Tally(n, p.priority, p.higher, step)
    first = np.empty(samples, dtype=np.intp)
    first_weights = np.zeros(n, dtype=np.int64)
    first_evidence = np.zeros(n, dtype=np.int64)
    for index, start in enumerate(starts):
        stop = min(start + step, samples)
        prepared = matrices(index, stop - start)
        first[start:stop] = tally.add(method_scores(prepared, weights[start:stop]))
        if varies:
            first_weights += np.bincount(firsts(fixed, weights[start:stop]), minlength=n)
            stated = np.broadcast_to(p.weights, (stop - start, m))
            first_evidence += np.bincount(firsts(prepared, stated), minlength=n)
        if progress is not None:
            progress(stop, total)
    counts = tally.counts
    wins = counts[:, 0]
    if not varies:
        first_weights = wins.copy()
        first_evidence = np.bincount(firsts(fixed, p.weights[None, :]), minlength=n) * samples
    central = np.zeros((n, m))
    for j in range(m):
        central[:, j] = np.bincount(first, weights=weights[:, j], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        central = central / wins[:, None]
    candidates = [i for i in range(n) if wins[i] > 0]
    conf_hits = np.zeros(n, dtype=np.int64)
    if candidates and not varies:
        top_at = firsts(fixed, central[candidates])
        for c, t in zip(candidates, top_at, strict=True):
            conf_hits[c] = samples if t == c else 0
        if progress is not None:
            progress(total, total)
    elif candidates:
        for index, start in enumerate(starts):
            stop = min(start + step, samples)
            prepared = matrices(index, stop - start)
            for c in candidates:
                at_central = np.broadcast_to(central[c], (stop - start, m))
                conf_hits[c] += int((firsts(prepared, at_central) == c).sum())
            if progress is not None:
                progress(samples + stop, total)
    share = counts / samples
    stab = stability(result)
    agreement = method_agreement(result)
    evidence_spec = _evidence_spec(ev if evidence else None)
    rob = Robustness(
        method=p.method,
        samples=samples,
        seed=seed,
        options=p.ids,
        criteria=p.criteria,
        top_choice=p.ids[0],
        acceptability=frozen_map({p.ids[i]: tuple(float(v) for v in share[i]) for i in range(n)}),
        central_weights=frozen_map({
            p.ids[i]: (frozen_map({p.criteria[j]: float(central[i, j]) for j in range(m)})
                       if wins[i] > 0 else None)
            for i in range(n)
        }),
        confidence=frozen_map({p.ids[i]: (float(conf_hits[i] / samples) if wins[i] > 0 else None)
                               for i in range(n)}),
        first_weights_only=frozen_map({p.ids[i]: float(first_weights[i] / samples)
                                       for i in range(n)}),
        first_evidence_only=frozen_map({p.ids[i]: float(first_evidence[i] / samples)
                                        for i in range(n)}),
        stability=frozen_map(stab),
        agreement=agreement,
        weight_sampling=frozen_map(spec),
        evidence_model=frozen_map(evidence_spec),
        verdict="",
    )
    rob = replace(rob, at_stake=at_stake(result, rob) if varies and rivals(rob) else ())
    return replace(rob, verdict=verdict(result, rob))


def _evidence_spec(ev: Evidence | None) -> dict[str, Any]:
    if ev is None or ev.draws == 0:
        why = ("evidence=False" if ev is None else
               "no unknown or unverified rubric facts; direct scores are fixed")
        return {"varied": False, "unknown_facts": 0, "unverified_facts": 0,
                "description": f"evidence fixed at the ranking's values ({why})"}
    return {
        "varied": ev.draws > 0,
        "unknown_facts": ev.unknown,
        "unverified_facts": ev.unverified,
        "description": "in every sample, each unknown fact earns a uniform draw from [0, its "
        "rule's maximum points] and each unverified fact a triangular draw on [0, maximum] with "
        "its mode at the points it earns now; a best_of rule earns the best of its varied "
        "alternatives; verified, secondary and stale facts, the environment fit and direct "
        "scores stay fixed",
    }


# --------------------------------------------------------------------------------------------
# The verdict: how safe the recommendation is, and what would overturn it.
# --------------------------------------------------------------------------------------------


def pct(share: float) -> str:
    """A share as a percentage that never rounds a possibility away."""
    if 0 < share < 0.005:
        return "<1%"
    if 0.995 < share < 1:
        return ">99%"
    return f"{share * 100:.0f}%"


def _safety(share: float) -> str:
    if share >= 0.9:
        return "robust"
    if share >= 0.7:
        return "fairly robust"
    if share >= 0.5:
        return "contestable"
    return "fragile"


def rivals(rob: Robustness, count: int = 2) -> list[str]:
    """The options other than the top choice that rank first most often."""
    ranked = sorted((o for o in rob.options if o != rob.top_choice and rob.first_share(o) > 0),
                    key=lambda o: -rob.first_share(o))
    return ranked[:count]


def at_stake(result: Result, rob: Robustness, limit: int = 5) -> tuple[Mapping[str, Any], ...]:
    """The varied facts with the largest weighted swing: what the top option could lose if an
    unverified fact fails, what a rival could gain if an unknown or unverified fact turns out
    well. A swing is weight x rubric points, i.e. points of the fixed-scale weighted sum."""
    weights = {c.id: c.weight for c in result.criteria}
    found: list[dict[str, Any]] = []
    for oid in [rob.top_choice, *rivals(rob, 1)]:
        for cid, weight in weights.items():
            trace = result.traces[oid][cid].trace
            for members in trace_groups(trace):
                earned = sum(trace[k].points for k in members if trace[k].counted)
                for k in members:
                    entry = trace[k]
                    kind, _, high = _member(entry)
                    if kind == FIXED:
                        continue
                    if oid == rob.top_choice:
                        swing, direction = (entry.points if entry.counted and kind == TRIANGULAR
                                            else 0.0), "down"
                    else:
                        swing, direction = max(0.0, high - max(earned, entry.points)), "up"
                        if entry.counted:
                            swing = high - entry.points
                    if swing * weight <= 0:
                        continue
                    found.append({
                        "option": oid, "criterion": cid, "fact": entry.fact,
                        "evidence": "unknown" if kind == UNIFORM else "unverified",
                        "value": entry.value, "points": entry.points, "max_points": high,
                        "direction": direction, "swing": round(swing * weight, 6),
                    })
    found.sort(key=lambda f: (-f["swing"], f["option"], f["fact"]))
    return tuple(frozen_map(f) for f in found[:limit])


def verdict(result: Result, rob: Robustness) -> str:
    """A few plain sentences: who ranks first how often, whether judgement (weights) or
    evidence threatens it, and what would overturn it."""
    names = {c.id: c.name for c in result.criteria}
    top = rob.top_choice
    share = rob.first_share(top)
    others = sorted(((rob.first_share(o), o) for o in rob.options
                     if o != top and rob.first_share(o) > 0), key=lambda x: (-x[0], x[1]))
    head = f"{top} ranks first in {pct(share)} of {rob.samples:,} samples"
    if others:
        head += "; " + "; ".join(f"{o} in {pct(s)}" for s, o in others[:3])
        rest = sum(s for s, _ in others[3:])
        if rest > 0:
            head += f"; others in {pct(rest)}"
    safety = f"The recommendation is {_safety(share)}"
    if others and others[0][0] > share:
        safety += f": {others[0][1]} ranks first more often"
    parts = [head + ".", safety + "."]
    ev = rob.evidence_model
    if ev.get("varied"):
        alone = rob.first_evidence_only.get(top, 0.0)
        best = max(((v, o) for o, v in rob.first_evidence_only.items() if o != top),
                   default=(0.0, ""), key=lambda x: (x[0], x[1]))
        text = (f"Weights alone (facts as recorded) keep it first in "
                f"{pct(rob.first_weights_only.get(top, 0.0))}; the {ev['unknown_facts']} unknown "
                f"and {ev['unverified_facts']} unverified facts alone (weights as stated) in "
                f"{pct(alone)}")
        if best[0] > 0:
            text += f" ({best[1]} in {pct(best[0])})"
        parts.append(text + ".")
    changes: list[tuple[float, str]] = []
    for cid, st in rob.stability.items():
        label = names.get(cid, cid)
        if st.below is not None:
            changes.append((st.weight - st.low, f"the weight of {label} falls below {st.low:.3f} "
                            f"(now {st.weight:.3f}; {st.below} takes over)"))
        if st.above is not None:
            changes.append((st.high - st.weight, f"the weight of {label} rises above "
                            f"{st.high:.3f} (now {st.weight:.3f}; {st.above} takes over)"))
    changes.sort(key=lambda c: c[0])
    if changes:
        parts.append("With the facts as recorded, the choice changes if "
                     + ", or if ".join(c for _, c in changes[:2]) + ".")
    else:
        parts.append("With the facts as recorded, no change to a single weight overturns it.")
    if rob.at_stake:
        lead = ""
        if result.method == "wsm" and len(result.ranking) > 1:
            second = result.ranking[1]
            lead = (f"It leads {second.id} by {result.ranking[0].score - second.score:.2f} points "
                    "at the stated weights; most")
        else:
            lead = "Most"
        items = [f"{f['option']}'s {f['fact']} ({f['evidence']}; could "
                 f"{'add' if f['direction'] == 'up' else 'cost'} {f['swing']:.1f} points)"
                 for f in rob.at_stake[:3]]
        parts.append(f"{lead} at stake in the evidence: " + ", ".join(items) + ".")
    disagree = rob.agreement.disagree(top)
    agree = [mth for mth, o in rob.agreement.top.items() if o == top]
    if not disagree:
        parts.append(f"All {len(agree)} methods put it first.")
    else:
        by_option: dict[str, list[str]] = {}
        for mth, o in disagree.items():
            by_option.setdefault(o, []).append(mth)
        parts.append(f"{', '.join(agree) or 'No method'} put{'s' if len(agree) == 1 else ''} it "
                     "first; " + "; ".join(f"{' and '.join(ms)} prefer{'s' if len(ms) == 1 else ''} {o}"
                                           for o, ms in by_option.items()) + ".")
    return " ".join(parts)
