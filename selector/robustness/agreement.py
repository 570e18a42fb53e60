"""Method agreement: every method on the same options and weights.

See :mod:`selector.robustness` for the model in words.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from selector.errors import InputError
from selector.ranking import METHODS
from selector.result import Result, frozen_map
from selector.robustness.model import MethodAgreement, _problem

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]

Scale = tuple[float, float] | None
Progress = Callable[[int, int], None]


def method_agreement(result: Result) -> MethodAgreement:
    """Every method on the same options and weights; Kendall's tau between each pair."""
    import contextlib
    import io
    import warnings

    from selector.ranking import evaluate

    p = _problem(result)
    raw = [c.raw_weight for c in result.criteria]
    normalise = result.normalise_weights
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
