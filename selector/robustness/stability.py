"""Weight stability: how far each weight can move before the top option changes.

See :mod:`selector.robustness` for the model in words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from selector.result import Result
from selector.robustness.kernel import (
    first_places,
    method_scores,
    prepare,
)
from selector.robustness.model import SCAN_STEP, Stability, _Problem, _problem
from selector.robustness.weights import _moved

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]

Scale = tuple[float, float] | None
Progress = Callable[[int, int], None]


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
            # A crossing a rounding error from an end is the tie at that end, which the
            # tie-break below decides (0.9999999999999994 is 1).
            cross = 1.0 if cross > 1 - 1e-9 else 0.0 if cross < 1e-9 else cross
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
