"""How the weights vary: the sampling rule, the draws, and one weight moved.

See :mod:`selector.robustness` for the model in words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from selector.errors import UsageError
from selector.result import Result
from selector.robustness.model import DEFAULT_TOLERANCE

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]

Scale = tuple[float, float] | None
Progress = Callable[[int, int], None]


def weight_sampling(result: Result, tolerance: float | None) -> dict[str, Any]:
    """How the weights are drawn, in words and parameters."""
    # How the weights were first derived decides; a change by the analyst (--weights, --method,
    # reweight) does not. The draws centre on the weights the ranking used either way.
    from selector.weights.changes import derived_steps

    steps = list(derived_steps(result.weight_steps))
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
