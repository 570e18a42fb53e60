"""The analysis as data: the Robustness object, its parts, and the ranking as arrays.

See :mod:`selector.robustness` for the model in words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from selector.ranking import METHODS
from selector.result import Result, frozen_map
from selector.robustness.obtain import EvidenceLead, Reach
from selector.scoring.rubric import FLAG_UNKNOWN

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]

Scale = tuple[float, float] | None
Progress = Callable[[int, int], None]

DEFAULT_SAMPLES = 10_000
DEFAULT_TOLERANCE = 0.25
SCAN_STEP = 0.001
TIE_BREAK = (
    "scores equal to 9 decimals tie; within a tie, the option with fewer unknown facts takes the "
    "better position, then the option id in alphabetical order (the rule `selector rank` uses)"
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
    evidence_to_obtain: tuple[EvidenceLead, ...] = ()
    """Every open (unknown or unverified) fact of the ranked options, with its best and worst
    case rank, ordered by what obtaining it could change (:mod:`selector.robustness.obtain`)."""
    reach: Mapping[str, Reach] = field(default_factory=lambda: frozen_map({}))
    """Per option, its rank with all its open facts at their best and at their worst together."""
    tie_break: str = TIE_BREAK
    safety: str = ""
    """How safe the recommendation is, the word the verdict uses: robust, fairly robust,
    contestable or fragile (:data:`SAFETY_LEVELS`)."""

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
            "evidence_to_obtain": [lead.as_dict() for lead in self.evidence_to_obtain],
            "reach": {k: v.as_dict() for k, v in self.reach.items()},
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
