"""Which cost inputs move the TCO ranking: one row per input of the cost model.

For each cost input the options' TCOs read (unit costs, staffing figures and floors, the
multipliers the assessment uses, the pessimistic bounds of imputed facts), the input is set to a
low and a high value and every ranked option's annual TCO is recomputed:

* the low and high values are the input's recorded range in costs.yaml when it has one; for an
  imputation bound, its plausible range (the favourable end, then the bound itself); otherwise
  the documented default, half and double the value (:data:`DEFAULT_FACTORS`);
* each row reports the largest change in an option's annual TCO, the pairs of options whose
  order by TCO swaps, whether the cheapest option changes and whether the recommendation (rank 1
  under the result's weights and method, the accessibility points recomputed) changes.

Rows are ordered by impact: an input that changes the recommendation first, then one that
changes the cheapest option, then by the number of pairs that swap, then by the largest change
in any option's annual TCO. Only the options
whose TCO reads an input are recomputed (each cost line names the inputs it reads), and every
re-ranking goes through the method's vectorised kernel in one call: the table costs a few
milliseconds (benchmarks/cost_sensitivity.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from selector.models.assessment import Assessment
from selector.models.criteria import Criterion
from selector.profiles import LoadedProfile
from selector.ranking import METHODS, SCORE_DECIMALS
from selector.scoring.accessibility import accessibility_points
from selector.scoring.costbook import CostBook
from selector.scoring.tco import Tco, compute_tco

DEFAULT_FACTORS = (0.5, 2.0)
"""Low and high as multiples of the value, for an input without a recorded range."""


@dataclass(frozen=True, slots=True)
class Level:
    """The options' TCOs with one input at one value."""

    value: float
    changes: Mapping[str, float]
    """Option id -> change in its annual TCO (USD) from the base, for the options it moves."""
    swaps: tuple[tuple[str, str], ...]
    """Pairs (was cheaper, now cheaper) whose order by annual TCO reverses."""
    cheapest: str
    top: str | None
    """The rank-1 option with the accessibility points recomputed (None: not checked)."""

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "changes": dict(self.changes),
                "swaps": [list(pair) for pair in self.swaps], "cheapest": self.cheapest,
                "top": self.top}


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    """The cost input (its key in costs.yaml and in an assessment's ``costs:`` map)."""
    base: float
    low: Level
    high: Level
    basis: str
    """Where low and high come from (a recorded range, the imputation range, the default)."""
    tag: str
    """How the input is supported, in a word: assumption, override, or the source's confidence."""

    @property
    def impact(self) -> float:
        return max((abs(v) for level in (self.low, self.high) for v in level.changes.values()),
                   default=0.0)

    @property
    def largest(self) -> tuple[str, float] | None:
        """(option, change) of the largest change in an option's annual TCO."""
        best: tuple[str, float] | None = None
        for level in (self.low, self.high):
            for option, change in level.changes.items():
                if best is None or abs(change) > abs(best[1]):
                    best = (option, change)
        return best

    @property
    def order_changes(self) -> bool:
        return bool(self.low.swaps or self.high.swaps)

    def cheapest_changes(self, base: str) -> bool:
        return self.low.cheapest != base or self.high.cheapest != base

    def top_changes(self, base: str | None) -> bool:
        return any(level.top is not None and level.top != base for level in (self.low, self.high))

    def rank_key(self, cheapest: str, top: str | None) -> tuple[int, int, int, float, str]:
        """Impact, largest first: the recommendation changes, then the cheapest option, then
        the number of pairs that swap, then the largest change in an option's annual TCO."""
        return (-int(self.top_changes(top)), -int(self.cheapest_changes(cheapest)),
                -(len(self.low.swaps) + len(self.high.swaps)), -self.impact, self.key)

    def involves(self, option: str) -> bool:
        levels = (self.low, self.high)
        return any(option in level.changes or option in (level.cheapest, level.top)
                   or any(option in pair for pair in level.swaps) for level in levels)

    def as_dict(self) -> dict[str, Any]:
        largest = self.largest
        return {"key": self.key, "base": self.base, "basis": self.basis, "tag": self.tag,
                "low": self.low.as_dict(), "high": self.high.as_dict(), "impact_usd": self.impact,
                "largest": {"option": largest[0], "change_usd": largest[1]} if largest else None,
                "order_changes": self.order_changes}

    def describe(self, base_cheapest: str, base_top: str | None) -> str:
        """The row's ranking effects in words (faces print this)."""
        swaps = len(self.low.swaps) + len(self.high.swaps)
        parts = [f"{swaps} pair(s) swap order by TCO" if swaps else "TCO order unchanged"]
        for name, level in (("low", self.low), ("high", self.high)):
            if level.cheapest != base_cheapest:
                parts.append(f"cheapest becomes {level.cheapest} at {name}")
            if level.top is not None and level.top != base_top:
                parts.append(f"RANK 1 becomes {level.top} at {name}")
        if base_top is not None and not self.top_changes(base_top):
            parts.append("rank 1 unchanged")
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class CostSensitivity:
    rows: tuple[Row, ...]
    """Ordered by impact, largest first (:meth:`Row.rank_key`); inputs that move no option's
    TCO are left out."""
    base_cheapest: str
    base_top: str | None
    """The rank-1 option of the result the table was computed for."""
    method: str
    options: tuple[str, ...]
    """The ranked options whose TCOs were recomputed."""
    unmoved: tuple[str, ...] = ()
    """Inputs tried that move no ranked option's TCO."""
    note: str = field(default=(
        "Each cost input at a low and a high value (its recorded range in costs.yaml; for an "
        "imputation bound, its favourable end; else half and double), every ranked option's "
        "annual TCO recomputed; rank 1 rechecked with the accessibility points recomputed under "
        "the result's weights and method."))

    def rows_for(self, option: str) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.involves(option))

    def as_dict(self) -> dict[str, Any]:
        return {"note": self.note, "method": self.method, "options": list(self.options),
                "base_cheapest": self.base_cheapest, "base_top": self.base_top,
                "rows": [row.as_dict() for row in self.rows], "unmoved": list(self.unmoved)}


def _levels(book: CostBook, key: str) -> tuple[float, float, str]:
    base = book.values[key]
    info = book.inputs[key]
    if key.startswith("imputation.") and key.endswith(".bound"):
        name = key[len("imputation."):-len(".bound")]
        favourable = book.bound(name)[1]
        return favourable, base, f"imputation range [{favourable:g}, {base:g}]"
    if info.range is not None and not info.overridden:
        low, high = info.range
        return low, high, f"recorded range [{low:g}, {high:g}]"
    low, high = (base * f for f in DEFAULT_FACTORS)
    return low, high, f"default x{DEFAULT_FACTORS[0]:g} / x{DEFAULT_FACTORS[1]:g}"


def _order(annual: Mapping[str, float]) -> list[str]:
    return sorted(annual, key=lambda o: (round(annual[o], 2), o))


def _swaps(base: Sequence[str], annual: Mapping[str, float]) -> tuple[tuple[str, str], ...]:
    position = {o: i for i, o in enumerate(_order(annual))}
    return tuple((a, b) for i, a in enumerate(base) for b in base[i + 1:]
                 if position[a] > position[b])


@dataclass(frozen=True, slots=True)
class Ranking:
    """What re-ranking needs from the result: the score matrix and how it was ranked."""

    ids: tuple[str, ...]
    criteria: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]
    objectives: tuple[str, ...]
    scales: tuple[tuple[float, float] | None, ...]
    weights: tuple[float, ...]
    method: str
    unknown_counts: tuple[int, ...]
    """Unknown facts per option: the tie-break after the score."""


def _tops(ranking: Ranking, column: int, variants: Sequence[Mapping[str, float]]) -> list[str]:
    """Rank 1 for each variant of the accessibility column (option -> points), in one kernel call."""
    import numpy as np

    spec = METHODS[ranking.method]
    assert spec.prepare is not None and spec.score is not None
    base = np.asarray(ranking.matrix, dtype=float)
    stack = np.broadcast_to(base, (len(variants), *base.shape)).copy()
    index = {o: i for i, o in enumerate(ranking.ids)}
    for k, variant in enumerate(variants):
        for option, points in variant.items():
            stack[k, index[option], column] = points
    minimise = np.array([o == "min" for o in ranking.objectives], dtype=bool)
    parts = spec.prepare(stack, minimise, ranking.scales)
    w = np.asarray(ranking.weights, dtype=float)
    w = np.broadcast_to(w / w.sum(), (len(variants), len(w)))
    scores = np.round(np.asarray(spec.score(parts, w, True)), SCORE_DECIMALS)
    sign = -1.0 if spec.higher_is_better else 1.0
    out = []
    for row in scores:
        order = sorted(range(len(ranking.ids)),
                       key=lambda i: (sign * row[i], ranking.unknown_counts[i], ranking.ids[i]))
        out.append(ranking.ids[order[0]])
    return out


def analyse_costs(ranking: Ranking, profiles: Mapping[str, LoadedProfile], assessment: Assessment,
                  book: CostBook, criterion: Criterion | None, tcos: Mapping[str, Tco],
                  retirements: Mapping[str, date | None]) -> CostSensitivity | None:
    """The cost sensitivity table of the ranked options (None when none is ranked)."""
    ids = ranking.ids
    if not ids:
        return None
    base_annual = {o: tcos[o].annual_usd for o in ids}
    base_order = _order(base_annual)
    reads = {o: {k for line in tcos[o].lines for k in line.inputs} for o in ids}
    keys = [k for k in book.values if any(k in reads[o] for o in ids)
            and not (k.startswith("imputation.") and k.endswith(".favourable"))]
    column = ranking.criteria.index(criterion.id) if criterion is not None else None
    base_points = {o: ranking.matrix[i][column] for i, o in enumerate(ids)} if column is not None else {}
    pending: list[tuple[str, float, str, float, dict[str, float], dict[str, float]]] = []
    for key in keys:
        low, high, basis = _levels(book, key)
        for value in (low, high):
            changed = book.with_values({key: value})
            annual = dict(base_annual)
            points: dict[str, float] = {}
            for o in ids:
                if key not in reads[o]:
                    continue
                tco = compute_tco(profiles[o], assessment, changed, retires_on=retirements.get(o),
                                  working=False)
                annual[o] = total = tco.annual_usd
                if criterion is not None:
                    moved = accessibility_points(profiles[o], assessment, changed, total, tco.gpus_needed)
                    if abs(moved - base_points[o]) > 1e-9:
                        points[o] = moved
            pending.append((key, value, basis, book.values[key], annual, points))
    tops: list[str | None] = [None] * len(pending)
    base_top: str | None = None
    if column is not None:
        found = _tops(ranking, column, [{}] + [p[5] for p in pending])
        base_top, tops = found[0], list(found[1:])
    rows: list[Row] = []
    unmoved: list[str] = []
    for i in range(0, len(pending), 2):
        levels: list[Level] = []
        for offset, (_, value, _, _, annual, _) in enumerate(pending[i:i + 2]):
            changes = {o: annual[o] - base_annual[o] for o in ids
                       if abs(annual[o] - base_annual[o]) > 0.005}
            levels.append(Level(value, changes, _swaps(base_order, annual), _order(annual)[0],
                                tops[i + offset]))
        key, _, basis, base = pending[i][:4]
        row = Row(key, base, levels[0], levels[1], basis, book.inputs[key].short_tag)
        if row.impact > 0:
            rows.append(row)
        else:
            unmoved.append(key)
    rows.sort(key=lambda r: r.rank_key(base_order[0], base_top))
    return CostSensitivity(tuple(rows), base_order[0], base_top, ranking.method, ids, tuple(unmoved))


def ranking_of(result: Any) -> Ranking:
    """The score matrix and ranking inputs of a Result, for :func:`analyse_costs`."""
    from selector.scoring.rubric import FLAG_UNKNOWN

    rows = result.ranking
    crit = tuple(c.id for c in result.criteria)
    return Ranking(
        ids=tuple(r.id for r in rows), criteria=crit,
        matrix=tuple(tuple(float(r.scores[c]) for c in crit) for r in rows),
        objectives=tuple(c.objective for c in result.criteria),
        scales=tuple(c.scale for c in result.criteria),
        weights=tuple(float(c.weight) for c in result.criteria), method=result.method,
        unknown_counts=tuple(len(r.evidence_flags.get(FLAG_UNKNOWN, ())) for r in rows))


def without_recommendation(table: CostSensitivity | None) -> CostSensitivity | None:
    """The table for a re-weighted result: TCO orders still hold, the rank-1 check does not."""
    if table is None:
        return None
    rows = tuple(replace(r, low=replace(r.low, top=None), high=replace(r.high, top=None))
                 for r in table.rows)
    return replace(table, rows=rows, base_top=None)
