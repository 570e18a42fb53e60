"""Robustness of a ranking: would reasonable disagreement change the choice?

A committee asks five questions of a recommendation; each is answered from the immutable
:class:`~selector.result.Result` alone (no YAML is re-read, so the analysis describes exactly the
ranking it accompanies):

* **Method agreement.** The same options are ranked with every method in
  :data:`selector.ranking.METHODS` (through the scikit-criteria pipelines), and Kendall's tau is
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
* **Evidence uncertainty.** Known facts that nobody has confirmed vary around what they earn;
  unknown facts keep the ranking's policy value.
* **Evidence to obtain** (:mod:`selector.robustness.obtain`). For each open (unknown, imputed or
  unverified) fact: the option's rank with the fact at its best and at its worst, and whether
  that could change the recommendation; the verdict names the first one.

Weight sampling. When the assessment states no preferences (no weight derivation, or the last
step is the criteria set's defaults) the weights are drawn uniformly over the simplex,
Dirichlet(1, ..., 1): SMAA's "no preference information". Otherwise each stated weight is
multiplied by an independent U(1 - t, 1 + t) and the vector renormalised (t = 0.25 by default,
``tolerance`` overrides it and forces this mode): every committee member may hold any weight up
to 25 % above or below the agreed one; a zero weight stays zero.

Evidence model (from each option's trace; one draw per fact per sample, independent):

* unverified fact: triangular on [0, the rule's maximum] with its mode at the points it earns
  now. The reported value is the best single guess (the ranking counts it in full), but nobody
  has confirmed it, so it may turn out to be anything the rule allows, values near the report
  being likelier. Not [0, current points]: that treats every unverified claim as an
  overstatement, a systematic penalty on whoever has more of them, not uncertainty.
* secondary or vendor-attested fact: triangular within
  :data:`~selector.robustness.evidence.SECONDARY_SPREAD` of the maximum either side of its
  points, clipped to the rule's range.
* a ``best_of`` rule earns the best of its alternatives, each varied as above.
* unknown fact: fixed at the ranking's policy value (no points; an imputed TCO at its pessimistic
  bound). Drawing it uniformly over [0, max] made the option with the most unknowns win the most
  samples, contradicting the ranking's own policy; what knowing it could do is the separate
  evidence-to-obtain analysis.
* verified and stale facts, the environment fit and direct-score criteria are fixed: staleness
  says when to re-check a fact that was established; a stale fact that is also unverified varies.
  Points are drawn on a continuum although a rule awards discrete points: the plausible range,
  not the rubric's table, is what the analysis needs, and it needs only the trace.

Ties. Scores equal to 9 decimals tie, as in :func:`selector.ranking.dense_rank`. Acceptability
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

from selector.robustness.agreement import method_agreement
from selector.robustness.analysis import analyse
from selector.robustness.evidence import Evidence, build_evidence, trace_groups
from selector.robustness.kernel import (
    CHUNKS,
    MAX_CHUNK_ELEMENTS,
    Prepared,
    acceptability_counts,
    chunk_size,
    dense_ranks,
    first_places,
    method_scores,
    order_samples,
    prepare,
)
from selector.robustness.model import (
    DEFAULT_SAMPLES,
    DEFAULT_TOLERANCE,
    SCAN_STEP,
    TIE_BREAK,
    MethodAgreement,
    Robustness,
    Stability,
    _problem,
    with_robustness,
)
from selector.robustness.obtain import EvidenceLead, Reach, evidence_to_obtain
from selector.robustness.stability import _stability_scan, _stability_wsm, stability
from selector.robustness.verdict import SAFETY_LEVELS, headline, pct, rivals, safety_level, verdict
from selector.robustness.weights import _draw_weights, _moved, weight_sampling

__all__ = [
    "CHUNKS",
    "DEFAULT_SAMPLES",
    "DEFAULT_TOLERANCE",
    "MAX_CHUNK_ELEMENTS",
    "SAFETY_LEVELS",
    "SCAN_STEP",
    "TIE_BREAK",
    "Evidence",
    "EvidenceLead",
    "MethodAgreement",
    "Prepared",
    "Reach",
    "Robustness",
    "Stability",
    "_draw_weights",
    "_moved",
    "_problem",
    "_stability_scan",
    "_stability_wsm",
    "acceptability_counts",
    "analyse",
    "build_evidence",
    "chunk_size",
    "dense_ranks",
    "evidence_to_obtain",
    "first_places",
    "headline",
    "method_agreement",
    "method_scores",
    "order_samples",
    "pct",
    "prepare",
    "rivals",
    "safety_level",
    "stability",
    "trace_groups",
    "verdict",
    "weight_sampling",
    "with_robustness",
]
