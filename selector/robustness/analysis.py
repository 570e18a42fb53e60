"""The analysis: method agreement, weight stability and SMAA-2 rank acceptability.

See :mod:`selector.robustness` for the model in words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from selector.errors import InputError, UsageError
from selector.result import Result, frozen_map
from selector.robustness.agreement import method_agreement
from selector.robustness.evidence import SECONDARY_SPREAD, Evidence, build_evidence
from selector.robustness.kernel import (
    MAX_CHUNK_ELEMENTS,
    Prepared,
    _Tally,
    chunk_size,
    first_places,
    method_scores,
    prepare,
)
from selector.robustness.model import DEFAULT_SAMPLES, Robustness, _problem
from selector.robustness.obtain import evidence_to_obtain
from selector.robustness.stability import stability
from selector.robustness.verdict import safety_level, verdict
from selector.robustness.weights import _draw_weights, weight_sampling

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]

Scale = tuple[float, float] | None
Progress = Callable[[int, int], None]


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
    recorded uncertainty of known facts varying in the same samples (``evidence=False`` fixes
    it), and the evidence-to-obtain analysis of the open (unknown or unverified) facts.

    The same ``seed`` gives identical output. ``progress(done, total)`` is called after each
    chunk of samples (the kernel runs twice: acceptability, then confidence factors).
    """
    import numpy as np

    if not result.ranking:
        raise InputError("nothing to analyse: no option is left to rank (all were excluded)")
    from selector.io.limits import MAX_SEED, samples_problem

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
    evidence_spec = _evidence_spec(ev if evidence else None,
                                   build_evidence(result, p.ids, p.criteria).unknown_fixed
                                   if ev is None else ev.unknown_fixed)
    leads, reach = evidence_to_obtain(result, p)
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
        evidence_to_obtain=leads,
        reach=reach,
    )
    return replace(rob, verdict=verdict(result, rob), safety=safety_level(rob.first_share(rob.top_choice)))


def _evidence_spec(ev: Evidence | None, unknown: int) -> dict[str, Any]:
    if ev is None or ev.draws == 0:
        why = ("evidence=False" if ev is None else
               "no unverified, secondary or vendor-attested rubric facts; direct scores are fixed")
        return {"varied": False, "unverified_facts": 0, "secondary_facts": 0,
                "unknown_facts_fixed": unknown,
                "description": f"evidence fixed at the ranking's values ({why})"}
    return {
        "varied": True,
        "unverified_facts": ev.unverified,
        "secondary_facts": ev.secondary,
        "measured_results": ev.measured,
        "unknown_facts_fixed": unknown,
        "description": "in every sample, each evaluation result with a standard error earns a "
        "normal draw from its sampling distribution on the points scale (clipped to its task's "
        "share), each unverified fact earns a triangular draw on [0, its "
        "rule's maximum points] with its mode at the points it earns now, and each secondary or "
        f"vendor-attested fact a triangular draw within {SECONDARY_SPREAD:.0%} of the maximum "
        "either side of its points; a best_of rule earns the best of its alternatives; unknown "
        "facts keep the ranking's policy value (no points; an imputed price its pessimistic "
        "bound) and are weighed in the evidence-to-obtain analysis instead; verified and stale "
        "facts, the environment fit and direct scores stay fixed",
    }
