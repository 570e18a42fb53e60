"""The evidence-to-obtain analysis: each open fact's best and worst case rank, checked against the
scikit-criteria pipeline on a matrix rebuilt from the traces by hand; its order; the verdict
that names the first evidence to obtain and reconciles the ranking with the samples."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from helpers import ROOT, TODAY
from selector import Result, rank
from selector.assess import run
from selector.ranking import METHODS, evaluate
from selector.result import frozen_map
from selector.robustness import EvidenceLead, Robustness, _problem, analyse, evidence_to_obtain, trace_groups
from selector.robustness.verdict import lead_sentence, verdict
from selector.scoring.rubric import FLAG_IMPUTED, FLAG_UNKNOWN, FLAG_UNVERIFIED, CriterionScore, TraceEntry


@pytest.fixture(scope="module")
def bundled() -> Result:
    return rank(today=TODAY)


def _open(e: TraceEntry) -> tuple[float, float] | None:
    if e.rule == "direct" or e.max_points <= 0:
        return None
    if FLAG_UNKNOWN in e.flags or e.value == "unknown":
        return (e.plausible[0], e.plausible[1]) if e.plausible else (0.0, e.max_points)
    return (0.0, e.max_points) if FLAG_UNVERIFIED in e.flags else None


def _cell(trace: tuple[TraceEntry, ...], fact: str, at: float | None) -> float:
    """A criterion's points rebuilt from its trace: each rule earns its best member, one member
    (``fact``) at ``at``."""
    total = 0.0
    for members in trace_groups(trace):
        total += max(at if (at is not None and trace[k].fact == fact and _open(trace[k])) else trace[k].points
                     for k in members)
    return min(100.0, max(0.0, total))


def _positions(result: Result, method: str, matrix: Any) -> list[int]:
    """1-based positions from scikit-criteria's dense ranks and the ranking's documented tie-break
    (fewer unknown facts, then the id)."""
    p = _problem(result)
    ranks = evaluate(method, matrix, p.objectives, list(p.weights), scales=p.scales,
                     alternatives=p.ids, criteria=p.criteria).rank
    order = sorted(range(len(p.ids)), key=lambda i: (ranks[i], int(p.priority[i])))
    out = [0] * len(p.ids)
    for pos, i in enumerate(order, 1):
        out[i] = pos
    return out


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_best_and_worst_ranks_match_the_scikit_criteria_pipeline(bundled: Result, method: str) -> None:
    result = dataclasses.replace(bundled, method=method) if method != bundled.method else bundled
    p = _problem(result)
    leads, reach = evidence_to_obtain(result, p)
    assert leads and any(x.changes_recommendation for x in leads) and any(not x.changes_recommendation
                                                                        for x in leads)
    # The first leads plus every 15th: deciding and not deciding, unknown and unverified.
    picked = list(leads[:6]) + list(leads[6::15])
    assert {x.evidence for x in picked} >= {"unknown", "unverified"}
    base = _positions(result, method, p.matrix)
    top = p.ids[base.index(1)]  # the method's own first (the ranking's order is wsm's)
    for lead in picked:
        assert lead.rank == base[p.ids.index(lead.option)]
        i, j = p.ids.index(lead.option), p.criteria.index(lead.criterion)
        trace = result.traces[lead.option][lead.criterion].trace
        assert _cell(trace, lead.fact, None) == pytest.approx(p.matrix[i, j])
        first: dict[str, str] = {}
        for case, at, want in (("best", lead.best_points, lead.best_rank),
                               ("worst", lead.worst_points, lead.worst_rank)):
            matrix = p.matrix.copy()
            matrix[i, j] = _cell(trace, lead.fact, at)
            positions = _positions(result, method, matrix)
            assert positions[i] == want, (lead.option, lead.fact, at)
            first[case] = p.ids[positions.index(1)]
        order = ("worst", "best") if lead.rank == 1 else ("best", "worst")
        changed = [first[c] for c in order if first[c] != top]
        assert lead.changes_recommendation == bool(changed)
        assert lead.takes_over == (changed[0] if changed else None)
    assert set(reach) == set(p.ids)
    for oid, r in reach.items():
        assert r.best_rank <= r.rank <= r.worst_rank
        singles = [x for x in leads if x.option == oid]
        assert r.open_facts == len(singles)
        assert r.best_rank <= min((x.best_rank for x in singles), default=r.rank)
        assert r.worst_rank >= max((x.worst_rank for x in singles), default=r.rank)


def test_leads_are_ordered_decisive_first_the_recommended_options_own_first(bundled: Result) -> None:
    leads, _ = evidence_to_obtain(bundled, _problem(bundled))
    deciding = [x.changes_recommendation for x in leads]
    assert deciding == sorted(deciding, reverse=True)  # every deciding lead before the rest
    ranks = [x.rank for x in leads if x.changes_recommendation]
    assert ranks == sorted(ranks)
    rest = [x.places for x in leads if not x.changes_recommendation]
    assert rest == sorted(rest, reverse=True)
    for x in leads:
        assert x.best_rank <= x.rank <= x.worst_rank
        assert x.worst_points <= x.points + 1e-9 or x.evidence == "unverified"
        if x.evidence != "unverified":
            assert x.worst_points == pytest.approx(x.points)  # the ranking counts an unknown's worst case


def _fake(traces: dict[str, dict[str, tuple[TraceEntry, ...]]], weights: dict[str, float]) -> Any:
    """A two-option result for hand-checked cases (the fields _problem and the analysis read)."""
    from types import SimpleNamespace

    ranking = []
    for oid, crit in traces.items():
        scores = {c: sum(e.points for e in t if e.counted) for c, t in crit.items()}
        ranking.append(SimpleNamespace(id=oid, name=oid.upper(), scores=scores,
                                       score=sum(weights[c] * v for c, v in scores.items()) / 100,
                                       evidence_flags={}))
    ranking.sort(key=lambda r: -r.score)
    return SimpleNamespace(
        ranking=tuple(ranking), method="wsm",
        criteria=tuple(SimpleNamespace(id=c, name=c, weight=w, objective="max", scale=(0.0, 100.0))
                       for c, w in weights.items()),
        traces={o: {c: CriterionScore(c, sum(e.points for e in t if e.counted), t) for c, t in crit.items()}
                for o, crit in traces.items()})


def _e(fact: str, points: float, high: float, *flags: str, plausible: tuple[float, float] | None = None,
       inputs: tuple[str, ...] = ()) -> TraceEntry:
    return TraceEntry("c", "r", fact, "unknown" if FLAG_UNKNOWN in flags else "x", points, high, "", True,
                      flags, plausible=plausible, inputs=inputs)


def test_a_rival_unknown_decides_and_a_small_one_does_not() -> None:
    """A leads B by 10 points on one criterion. B's unknown worth up to 30 could put B first; B's
    unknown worth up to 5 could not; A's unverified 20 could, by failing."""
    fake = _fake({
        "a": {"c": (_e("a.solid", 60, 60), _e("a.claim", 20, 20, FLAG_UNVERIFIED))},
        "b": {"c": (_e("b.solid", 70, 70), _e("b.big", 0, 30, FLAG_UNKNOWN),
                    _e("b.small", 0, 5, FLAG_UNKNOWN))},
    }, {"c": 1.0})
    assert fake.ranking[0].id == "a"  # 80 points against 70
    leads, reach = evidence_to_obtain(fake, _problem(fake))
    by_fact = {x.fact: x for x in leads}
    assert by_fact["a.claim"].changes_recommendation and by_fact["a.claim"].takes_over == "b"
    assert by_fact["b.big"].changes_recommendation and by_fact["b.big"].takes_over == "b"
    assert not by_fact["b.small"].changes_recommendation and by_fact["b.small"].best_rank == 2
    assert [x.fact for x in leads] == ["a.claim", "b.big", "b.small"]  # the recommended option's own first
    assert reach["b"].best_rank == 1 and reach["a"].worst_rank == 2


def test_an_imputed_cost_moves_only_over_its_plausible_range() -> None:
    """An imputed TCO counts its pessimistic bound and can gain only up to its favourable end."""
    fake = _fake({
        "a": {"c": (_e("a.solid", 80, 80),)},
        "b": {"c": (_e("b.solid", 40, 40),
                    _e("tco", 20, 60, FLAG_UNKNOWN, FLAG_IMPUTED, plausible=(20, 35),
                       inputs=("accessibility.input_price_usd_per_mtok",)))},
    }, {"c": 1.0})
    (lead,), _ = evidence_to_obtain(fake, _problem(fake))
    assert (lead.evidence, lead.worst_points, lead.best_points) == ("imputed", 20, 35)
    assert lead.inputs == ("accessibility.input_price_usd_per_mtok",)
    assert not lead.changes_recommendation  # 40 + 35 < 80; at [0, 60] it would have decided
    words = "input price (USD per Mtok) [accessibility.input_price_usd_per_mtok] (imputed)"
    assert words in lead_sentence(fake, lead)


def _rob(base: Robustness, shares: dict[str, float]) -> Robustness:
    acc = {o: (shares.get(o, 0.0), *base.acceptability[o][1:]) for o in base.options}
    return dataclasses.replace(base, acceptability=frozen_map(acc))


def test_the_verdict_reconciles_the_ranking_with_the_samples_and_names_the_first_evidence() -> None:
    result = run(ROOT / "examples" / "small-wealth-manager-assistant.yaml", today=TODAY)
    rob = analyse(result, samples=1000)
    top, second = result.ranking[0], result.ranking[1]
    assert rob.verdict.startswith(f"{top.name} is recommended: it ranks first at the stated weights")
    lead = rob.evidence_to_obtain[0]
    first_sentence = rob.verdict.split(". The recommendation is")[0]
    assert lead_sentence(result, lead, own=lead.option == top.id) in first_sentence
    assert "the first evidence to obtain is" in first_sentence or "no single open fact" in first_sentence
    # The other branch: a rival wins more samples than the recommendation.
    flipped = _rob(rob, {top.id: 0.3, second.id: 0.6})
    text = verdict(result, flipped)
    assert text.startswith(f"{top.name} ranks first at the stated weights, but {second.name} ranks first "
                           "more often")
    assert "fragile" in text
    # No open fact at all.
    closed = dataclasses.replace(rob, evidence_to_obtain=(), reach=frozen_map({}))
    assert "no unknown or unverified fact is left" in verdict(result, closed)
    # No single fact decides: the most informative one is named instead.
    quiet = tuple(dataclasses.replace(x, changes_recommendation=False, takes_over=None)
                  for x in rob.evidence_to_obtain)
    text = verdict(result, dataclasses.replace(rob, evidence_to_obtain=quiet))
    assert "no single open fact could change it; the most informative is" in text


def test_lead_json_round_trips(bundled: Result) -> None:
    leads, reach = evidence_to_obtain(bundled, _problem(bundled))
    data = leads[0].as_dict()
    assert EvidenceLead(**{**data, "inputs": tuple(data["inputs"])}) == leads[0]
    assert set(next(iter(reach.values())).as_dict()) == {"open_facts", "rank", "best_rank", "worst_rank"}
    assert METHODS  # the registry the analysis ranks with
    assert np.isfinite([x.score for x in leads]).all()
