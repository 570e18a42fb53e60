"""Which points behind a ranking carry recorded uncertainty, and how they vary.

See :mod:`selector.robustness` for the model in words. In short: a known fact that nobody has
confirmed varies around the points it earns (unverified widely, secondary and vendor-attested
narrowly); an unknown fact keeps the ranking's policy value (no points; an imputed price its
pessimistic bound) and is left to the "evidence to obtain" analysis
(:mod:`selector.robustness.obtain`), which asks what knowing it could change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from selector.result import Result
from selector.scoring.rubric import FLAG_UNKNOWN, FLAG_UNVERIFIED, TraceEntry

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]

FIXED, TRIANGULAR, NORMAL = 0, 2, 3
SECONDARY_SPREAD = 0.25
"""A secondary or vendor-attested fact varies within this share of its rule's maximum points
either side of what it earns (a reputable report or the vendor's own word: wrong by about one
rubric step at most); an unverified fact may be anything the rule allows."""
NARROW_CONFIDENCE = ("secondary", "vendor-attested")


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


def _triangular(u: Any, low: Any, mode: Any, high: Any) -> Any:
    """Inverse CDF of the triangular distribution on [low, high] with the given mode (in place
    of ``u``'s copy). A degenerate range (low == high) gives low."""
    import numpy as np

    width = np.asarray(high - low, dtype=float)
    peak = np.asarray(mode - low, dtype=float)
    cut = np.divide(peak, width, out=np.zeros_like(width), where=width > 0)
    upper = 1.0 - u
    upper *= width * (width - peak)
    np.sqrt(upper, out=upper)
    np.subtract(width, upper, out=upper)
    lower = u * (width * peak)
    np.sqrt(lower, out=lower)
    np.copyto(lower, upper, where=u >= cut)
    lower += low
    return lower


def is_unknown(entry: TraceEntry) -> bool:
    return FLAG_UNKNOWN in entry.flags or entry.value == "unknown"


def member(entry: TraceEntry) -> tuple[int, float, float, float]:
    """(kind, low, mode, high) of one trace entry in the headline analysis: unknown facts and
    verified ones are fixed at what they earn; unverified ones vary on [0, max], secondary and
    vendor-attested ones within :data:`SECONDARY_SPREAD` of their points. A measured entry (an
    evaluation result with a standard error) is NORMAL: its mean is ``mode`` (before clipping)
    and its points are clipped to [low, high]; its standard deviation is :func:`spread`."""
    p = entry.points
    if entry.rule == "direct" or entry.max_points <= 0 or is_unknown(entry):
        return FIXED, p, p, p
    if entry.sampling is not None and entry.sampling[1] > 0:
        return NORMAL, 0.0, entry.sampling[0], entry.max_points
    mode = min(max(p, 0.0), entry.max_points)
    if FLAG_UNVERIFIED in entry.flags:
        return TRIANGULAR, 0.0, mode, entry.max_points
    if entry.confidence in NARROW_CONFIDENCE:
        spread = SECONDARY_SPREAD * entry.max_points
        return TRIANGULAR, max(0.0, mode - spread), mode, min(entry.max_points, mode + spread)
    return FIXED, p, p, p


def spread(entry: TraceEntry) -> float:
    """The standard deviation of a NORMAL entry's points (0 for any other kind)."""
    return entry.sampling[1] if entry.sampling is not None else 0.0


def _normal(u: Any, mean: Any, sd: Any, low: Any, high: Any) -> Any:
    """Normal draws (inverse CDF of ``u``), clipped to [low, high]."""
    import numpy as np
    from scipy.special import ndtri

    return np.clip(mean + sd * ndtri(np.clip(u, 1e-12, 1 - 1e-12)), low, high)


@dataclass(frozen=True, slots=True)
class Evidence:
    """The uncertain points of a score matrix, as flat arrays for vectorised draws.

    A varied rule on its own is one triangular draw (kept in contiguous blocks so the draws are
    slices, not gathers); a best_of rule with a varied alternative earns the best of its members.
    Each cell (option, criterion) changes by what its varied rules earn minus what they earned
    in the ranking.
    """

    low: Any
    mode: Any
    high: Any
    single: _Block
    best_kind: Any
    best_low: Any
    best_mode: Any
    best_high: Any
    best_starts: Any
    best: _Block
    touched: Any
    unverified: int
    secondary: int
    unknown_fixed: int
    """Unknown facts held at the ranking's policy value (not drawn)."""
    sd: Any = None
    """Per single draw, the standard deviation of a NORMAL one (0 for triangular draws)."""
    measured: int = 0
    """Evaluation results drawn from their sampling distribution."""

    @property
    def draws(self) -> int:
        return len(self.high) + int((self.best_kind != FIXED).sum())

    def matrices(self, base: Any, uniforms: Any) -> Array:
        """One score matrix per row of ``uniforms`` (samples x draws)."""
        import numpy as np

        k = uniforms.shape[0]
        n, m = base.shape
        out = np.broadcast_to(base.reshape(1, n * m), (k, n * m)).copy()
        ns = len(self.high)
        if ns:
            values = _triangular(uniforms[:, :ns], self.low, self.mode, self.high)
            if self.sd is not None and (normal := self.sd > 0).any():
                values[:, normal] = _normal(uniforms[:, :ns][:, normal], self.mode[normal],
                                            self.sd[normal], self.low[normal], self.high[normal])
            self.single.add(out, values)
        if len(self.best_kind):
            varied = self.best_kind != FIXED
            values = np.broadcast_to(self.best_mode, (k, len(self.best_mode))).copy()
            values[:, varied] = _triangular(uniforms[:, ns:].copy(), self.best_low[varied],
                                            self.best_mode[varied], self.best_high[varied])
            self.best.add(out, np.maximum.reduceat(values, self.best_starts, axis=1))
        # Only rubric cells vary, and a rubric's points lie on 0-100 by construction.
        out[:, self.touched] = np.clip(out[:, self.touched], 0.0, 100.0)
        return out.reshape(k, n, m)


def trace_groups(trace: Sequence[TraceEntry]) -> list[list[int]]:
    """Entry indexes grouped by rule: the entries of one rubric rule (a ``best_of`` rule's
    alternatives share its ``group``) together, in trace order; an entry without a group is a
    group of its own."""
    groups: dict[tuple[str, int], list[int]] = {}
    for i, entry in enumerate(trace):
        key = ("rule", entry.group) if entry.group is not None else ("entry", i)
        groups.setdefault(key, []).append(i)
    return sorted(groups.values(), key=lambda members: members[0])


def build_evidence(result: Result, options: Sequence[str], criteria: Sequence[str]) -> Evidence:
    """Collect the uncertain points of ``options`` from the result's traces."""
    import numpy as np

    single: tuple[list[float], ...] = ([], [], [], [], [])  # cell, low, mode, high, counted
    sds: list[float] = []
    best: tuple[list[float], ...] = ([], [], [], [])  # kind, low, mode, high
    best_starts: list[int] = []
    best_cells: list[int] = []
    best_counted: list[float] = []
    unverified = secondary = unknown = measured = 0
    m = len(criteria)
    for i, oid in enumerate(options):
        for j, cid in enumerate(criteria):
            trace = result.traces[oid][cid].trace
            for members in trace_groups(trace):
                unknown += sum(is_unknown(trace[k]) and trace[k].max_points > 0 for k in members)
                spec = [member(trace[k]) for k in members]
                if all(s[0] == FIXED for s in spec):
                    continue
                measured += sum(s[0] == NORMAL for s in spec)
                unverified += sum(FLAG_UNVERIFIED in trace[k].flags and s[0] == TRIANGULAR
                                  for k, s in zip(members, spec, strict=True))
                secondary += sum(FLAG_UNVERIFIED not in trace[k].flags and s[0] == TRIANGULAR
                                 for k, s in zip(members, spec, strict=True))
                counted = sum(trace[k].points for k in members if trace[k].counted)
                cell = i * m + j
                if len(spec) == 1:
                    for column, value in zip(single, (cell, *spec[0][1:], counted), strict=True):
                        column.append(value)
                    sds.append(spread(trace[members[0]]) if spec[0][0] == NORMAL else 0.0)
                else:
                    best_starts.append(len(best[0]))
                    best_cells.append(cell)
                    best_counted.append(counted)
                    for s in spec:
                        for column, value in zip(best, s, strict=True):
                            column.append(value)
    single_cells = [int(c) for c in single[0]]
    touched = sorted(set(single_cells) | set(best_cells))
    return Evidence(
        low=np.asarray(single[1], dtype=float),
        mode=np.asarray(single[2], dtype=float),
        high=np.asarray(single[3], dtype=float),
        single=_Block.of(single_cells, single[4]),
        best_kind=np.asarray(best[0], dtype=np.int8),
        best_low=np.asarray(best[1], dtype=float),
        best_mode=np.asarray(best[2], dtype=float),
        best_high=np.asarray(best[3], dtype=float),
        best_starts=np.asarray(best_starts, dtype=np.intp),
        best=_Block.of(best_cells, best_counted),
        touched=np.asarray(touched, dtype=np.intp),
        unverified=unverified,
        secondary=secondary,
        unknown_fixed=unknown,
        sd=np.asarray(sds, dtype=float),
        measured=measured,
    )
