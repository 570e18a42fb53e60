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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from selector.errors import InputError, UsageError
from selector.evidence import (
    FIXED,
    TRIANGULAR,
    UNIFORM,
    Evidence,
    _member,
    build_evidence,
    trace_groups,
)
from selector.methods import METHODS
from selector.result import Result, frozen_map
from selector.rubric import FLAG_UNKNOWN
from selector.smaa import (  # noqa: F401 - re-exported
    CHUNKS,
    MAX_CHUNK_ELEMENTS,
    Prepared,
    _Tally,
    acceptability_counts,
    chunk_size,
    dense_ranks,
    first_places,
    method_scores,
    order_samples,
    prepare,
)

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
    at_stake: tuple[Mapping[str, Any], ...] = ()
    """The varied facts that could move the top option or its closest rivals the most."""
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
    # How the weights were first derived decides; a later hand change (reweight) does not.
    steps = [s for s in result.weight_steps if getattr(s, "kind", None) != "reweighted"]
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


def method_agreement(result: Result) -> MethodAgreement:
    """Every method on the same options and weights; Kendall's tau between each pair."""
    import contextlib
    import io
    import warnings

    from selector.methods import evaluate

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
    from selector.limits import MAX_SEED, samples_problem

    p = _problem(result)
    problem = samples_problem(samples, len(p.criteria))
    if problem:
        raise UsageError(f"--samples: {problem}")
    if not 0 <= seed <= MAX_SEED:
        raise UsageError(f"--seed {seed}: must be between 0 and {MAX_SEED:,}")
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
    return replace(rob, verdict=verdict(result, rob), safety=safety_level(rob.first_share(rob.top_choice)))


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


SAFETY_LEVELS = ("robust", "fairly robust", "contestable", "fragile")


def safety_level(share: float) -> str:
    """The safety word for a top choice that ranks first in ``share`` of the samples."""
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
    safety = f"The recommendation is {safety_level(share)}"
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
