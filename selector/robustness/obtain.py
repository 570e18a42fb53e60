"""Evidence to obtain: for each open fact, how far it could move its option and the decision.

An open fact is an unknown one (the ranking holds it at its policy value: no points, or an
imputed price at its pessimistic bound) or an unverified one (the ranking counts what the
researcher recorded, which nobody has confirmed). For each, with every other fact as recorded
and the weights as stated, the option is re-scored twice with the ranking's own method:

* **best case**: the fact earns the most its rule allows (an imputed input: the favourable end of
  its plausible range);
* **worst case**: it earns nothing (an imputed input: the pessimistic bound the ranking uses).

A ``best_of`` rule earns the best of its alternatives in both cases. A fact *could change the
recommendation* when, in either case, another option ranks first: typically its best case puts
its option first, or its worst case knocks the recommended option off first place (with a
method that normalises over the options, such as TOPSIS, it can also put a third option first).
Leads that could change it come first: the recommended option's own (what the committee is
about to sign on), then its rivals' in ranking order; then the rest. Within each, by how many
places the fact could move its option, then by the score swing. The vendor questionnaire asks
in this order. Per option, :class:`Reach` puts all its open facts at their best and at their
worst together: what its whole evidence gap is worth.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from selector.result import Result
from selector.robustness.evidence import is_unknown, trace_groups
from selector.robustness.kernel import method_scores, order_samples, prepare
from selector.scoring.rubric import FLAG_IMPUTED, FLAG_UNVERIFIED, TraceEntry

if TYPE_CHECKING:
    from selector.robustness.model import _Problem

BATCH = 256
"""Matrices scored at once (bounded memory whatever the catalogue's size)."""


@dataclass(frozen=True, slots=True)
class EvidenceLead:
    """One open fact and what obtaining it could do to its option and to the decision."""

    option: str
    criterion: str
    fact: str
    inputs: tuple[str, ...]
    """The unknown facts behind a computed entry (an imputed TCO's prices); else empty."""
    evidence: str
    """unknown, imputed (an unknown input taken at its pessimistic bound) or unverified."""
    value: str
    points: float
    """Points the ranking counts for the fact now."""
    worst_points: float
    best_points: float
    rank: int
    """The option's position now (1 = recommended)."""
    best_rank: int
    worst_rank: int
    score: float
    best_score: float
    worst_score: float
    changes_recommendation: bool
    takes_over: str | None
    """Who would rank first in the case that changes the recommendation (None if none does)."""
    note: str | None = None
    """The profile's note on the fact (often where to obtain it)."""

    @property
    def places(self) -> int:
        """How many places the fact could move its option, up or down."""
        return max(self.rank - self.best_rank, self.worst_rank - self.rank)

    def as_dict(self) -> dict[str, Any]:
        return {
            "option": self.option, "criterion": self.criterion, "fact": self.fact,
            "inputs": list(self.inputs), "evidence": self.evidence, "value": self.value,
            "points": self.points, "worst_points": self.worst_points,
            "best_points": self.best_points, "rank": self.rank, "best_rank": self.best_rank,
            "worst_rank": self.worst_rank, "score": self.score, "best_score": self.best_score,
            "worst_score": self.worst_score,
            "changes_recommendation": self.changes_recommendation, "takes_over": self.takes_over,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Reach:
    """An option's rank with all its open facts at their best, and at their worst, together."""

    option: str
    open_facts: int
    rank: int
    best_rank: int
    worst_rank: int

    def as_dict(self) -> dict[str, Any]:
        return {"open_facts": self.open_facts, "rank": self.rank, "best_rank": self.best_rank,
                "worst_rank": self.worst_rank}


def _range(entry: TraceEntry) -> tuple[float, float] | None:
    """(worst, best) points of an open fact, or None if the fact is not open."""
    if entry.rule == "direct" or entry.max_points <= 0:
        return None
    if is_unknown(entry):
        if entry.plausible is not None:
            return float(entry.plausible[0]), float(entry.plausible[1])
        return 0.0, entry.max_points
    if FLAG_UNVERIFIED in entry.flags:
        return 0.0, entry.max_points
    return None


def _kind(entry: TraceEntry) -> str:
    if FLAG_IMPUTED in entry.flags:
        return "imputed"
    return "unknown" if is_unknown(entry) else "unverified"


@dataclass(frozen=True, slots=True)
class _Case:
    option: int
    criterion: int
    entry: TraceEntry
    worst: float
    best: float
    """Cell deltas (criterion points) in the worst and the best case."""


def _cases(result: Result, p: _Problem) -> tuple[list[_Case], list[tuple[Any, Any]]]:
    """Every open fact with its cell deltas, and per option the deltas of all its open facts
    together (worst, best) as (criteria,) arrays."""
    import numpy as np

    cases: list[_Case] = []
    joint: list[tuple[Any, Any]] = []
    for i, oid in enumerate(p.ids):
        worst_all, best_all = np.zeros(len(p.criteria)), np.zeros(len(p.criteria))
        for j, cid in enumerate(p.criteria):
            trace = result.traces[oid][cid].trace
            for members in trace_groups(trace):
                ranges = {k: _range(trace[k]) for k in members}
                if all(r is None for r in ranges.values()):
                    continue
                counted = sum(trace[k].points for k in members if trace[k].counted)
                for k, span in ranges.items():
                    if span is None:
                        continue
                    others = [trace[o].points for o in members if o != k]
                    worst, best = (max([v, *others]) - counted for v in span)
                    if worst != 0 or best != 0:
                        cases.append(_Case(i, j, trace[k], worst, best))
                worst_all[j] += max((r[0] if r else trace[k].points) for k, r in ranges.items()) - counted
                best_all[j] += max((r[1] if r else trace[k].points) for k, r in ranges.items()) - counted
        joint.append((worst_all, best_all))
    return cases, joint


def _score_batch(p: _Problem, matrices: Any) -> tuple[Any, Any]:
    """Scores and positions (1-based) of every option in each matrix, at the stated weights."""
    import numpy as np

    scores_out, positions_out = [], []
    for start in range(0, len(matrices), BATCH):
        chunk = np.clip(matrices[start:start + BATCH], 0.0, 100.0)
        prepared = prepare(chunk, p.objectives, p.scales, p.method)
        scores = method_scores(prepared, np.broadcast_to(p.weights, (len(chunk), len(p.weights))))
        order = order_samples(scores.copy(), higher_is_better=p.higher, priority=p.priority)
        positions = np.empty_like(order)
        rows = np.arange(len(chunk))[:, None]
        positions[rows, order] = np.arange(1, order.shape[1] + 1)
        scores_out.append(scores)
        positions_out.append(positions)
    return np.concatenate(scores_out), np.concatenate(positions_out)


def evidence_to_obtain(result: Result, p: _Problem) -> tuple[tuple[EvidenceLead, ...],
                                                             Mapping[str, Reach]]:
    """The open facts of the ranked options, ordered by what obtaining them could change."""
    import numpy as np

    from selector.result import frozen_map

    cases, joint = _cases(result, p)
    n = len(p.ids)
    base = np.asarray(p.matrix, dtype=float)
    stack = [base]
    for case in cases:
        for delta in (case.worst, case.best):
            mat = base.copy()
            mat[case.option, case.criterion] += delta
            stack.append(mat)
    stack.extend([base] * (2 * len(joint)))  # each option's open facts together, filled below
    matrices = np.stack(stack)
    offset = 1 + 2 * len(cases)
    for i, (worst_all, best_all) in enumerate(joint):
        matrices[offset + 2 * i, i] += worst_all
        matrices[offset + 2 * i + 1, i] += best_all
    scores, positions = _score_batch(p, matrices)
    first = np.argmin(positions, axis=1)
    top = int(first[0])
    leads: list[EvidenceLead] = []
    for c, case in enumerate(cases):
        w, b = 1 + 2 * c, 2 + 2 * c
        i = case.option
        # Another option first in either case (with a method that normalises over the options,
        # such as TOPSIS or VIKOR, one option's fact can even put a third option first).
        changed = [int(first[x]) for x in ((w, b) if i == top else (b, w)) if first[x] != top]
        taker = p.ids[changed[0]] if changed else None
        entry = case.entry
        leads.append(EvidenceLead(
            option=p.ids[i], criterion=p.criteria[case.criterion], fact=entry.fact,
            inputs=entry.inputs, evidence=_kind(entry), value=entry.value, points=entry.points,
            worst_points=_member_points(entry, "worst"), best_points=_member_points(entry, "best"),
            rank=int(positions[0, i]), best_rank=int(positions[b, i]),
            worst_rank=int(positions[w, i]), score=float(scores[0, i]),
            best_score=float(scores[b, i]), worst_score=float(scores[w, i]),
            changes_recommendation=taker is not None, takes_over=taker, note=entry.note,
        ))
    leads.sort(key=lambda lead: (not lead.changes_recommendation,
                                 lead.rank if lead.changes_recommendation else 0, -lead.places,
                                 -abs(lead.best_score - lead.worst_score), lead.rank, lead.option,
                                 lead.criterion, lead.fact))
    counts = {oid: 0 for oid in p.ids}
    for case in cases:
        counts[p.ids[case.option]] += 1
    reach = {p.ids[i]: Reach(p.ids[i], counts[p.ids[i]], int(positions[0, i]),
                             int(positions[offset + 2 * i + 1, i]), int(positions[offset + 2 * i, i]))
             for i in range(n)}
    return tuple(leads), frozen_map(reach)


def _member_points(entry: TraceEntry, case: str) -> float:
    span = _range(entry)
    assert span is not None
    return span[0] if case == "worst" else span[1]

