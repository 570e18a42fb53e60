"""Which points behind a ranking are uncertain (unknown or unverified facts), and how they vary.

See selector/robustness.py for the model in words.
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

