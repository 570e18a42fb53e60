"""The one-page decision summary that opens every report, as typed data built from the Result.

Everything here is read from typed data: the ranking and ``Result.lifecycle`` for the
recommendation and the runner-up, :func:`selector.robustness.verdict.headline` (the verdict's
first sentence) for the sentence that reconciles the ranking with the robustness analysis,
``Robustness.evidence_to_obtain`` for the three leads, ``Excluded.gates`` for the gates that
decided most, the checklists' tracked items for the open high-priority work and
``Result.analyst_changes`` for what the analyst changed. No other module's prose is parsed. The
JSON report carries :meth:`DecisionSummary.as_dict` as its ``summary``; the HTML, Markdown and
XLSX reports lay the same object out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from selector.result import Result

if TYPE_CHECKING:
    from selector.robustness import EvidenceLead

TOP_LEADS = 3
TOP_GATES = 3
TOP_ITEMS = 5
CHART_OPTIONS = 3
ACCEPTABILITY_BARS = 5
OPEN_DONE = ("done", "not-applicable")
UNCLASSIFIED = "unclassified"
NOTHING_CHANGED = "Nothing: the ranking uses the assessment as written."
NOT_COMPUTED = ("The robustness analysis was not computed for this report, so nothing here says "
                "whether {name} stays first under other weights, methods or evidence; "
                "`selector report` computes it.")
NO_RANKING = ("No option passed the constraints, so there is no recommendation for the robustness "
              "analysis to test.")


@dataclass(frozen=True, slots=True)
class SummaryOption:
    """The recommendation or the runner-up, with its lifecycle on its route."""

    id: str
    name: str
    rank: int
    position: int
    score: float
    status: str
    """The lifecycle status (generally-available, deprecated, ...; unknown when not recorded)."""
    retires_on: str | None
    successor: str | None
    source: str | None
    """The source of the announced retirement date (with its confidence), when there is one."""

    @property
    def lifecycle_text(self) -> str:
        text = self.status
        if self.retires_on:
            text += f", retires {self.retires_on}"
            if self.successor:
                text += f" (successor {self.successor})"
            text += f"; source: {self.source}" if self.source else "; no source recorded"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "rank": self.rank, "position": self.position,
                "score": self.score, "lifecycle": {"status": self.status, "retires_on": self.retires_on,
                                                   "successor": self.successor, "source": self.source},
                "lifecycle_text": self.lifecycle_text}


@dataclass(frozen=True, slots=True)
class SummaryLead:
    """One of the pieces of evidence that would most change the decision, in words."""

    option: str
    option_name: str
    fact: str
    """The fact path (or the unknown inputs behind a computed entry, joined by " and ")."""
    evidence: str
    """unknown, imputed or unverified."""
    changes_recommendation: bool
    takes_over: str | None
    effect: str
    """What obtaining it could do, in words, options by name."""

    @property
    def text(self) -> str:
        return f"{self.option_name}: {self.words} ({self.evidence}) → {self.effect}"

    @property
    def words(self) -> str:
        """The fact in words, its path kept: "support tiers [support.support_tiers]"."""
        from selector.robustness.verdict import fact_words

        return self.fact if self.fact.startswith("evaluation task") else fact_words(self.fact)

    def as_dict(self) -> dict[str, Any]:
        return {"option": self.option, "option_name": self.option_name, "fact": self.fact,
                "evidence": self.evidence, "changes_recommendation": self.changes_recommendation,
                "takes_over": self.takes_over, "effect": self.effect, "text": self.text}


@dataclass(frozen=True, slots=True)
class GateCount:
    """One gate and the options it excluded (an option excluded by two gates counts in both)."""

    gate: str
    label: str
    count: int
    options: tuple[str, ...]
    """The names of the options it excluded, in the order they were excluded."""

    def as_dict(self) -> dict[str, Any]:
        return {"gate": self.gate, "label": self.label, "count": self.count,
                "options": list(self.options)}


@dataclass(frozen=True, slots=True)
class OpenItem:
    option: str
    option_name: str
    item: str
    title: str
    status: str
    owner: str | None
    due: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"option": self.option, "option_name": self.option_name, "item": self.item,
                "title": self.title, "status": self.status, "owner": self.owner, "due": self.due}


@dataclass(frozen=True, slots=True)
class OpenCount:
    option: str
    option_name: str
    count: int

    def as_dict(self) -> dict[str, Any]:
        return {"option": self.option, "option_name": self.option_name, "count": self.count}


@dataclass(frozen=True, slots=True)
class ChartOption:
    id: str
    name: str
    position: int
    scores: tuple[float | None, ...]
    """Points per criterion, in the criteria's order."""

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "position": self.position, "scores": list(self.scores)}


@dataclass(frozen=True, slots=True)
class Acceptability:
    id: str
    name: str
    first: float
    """Share of the robustness samples in which the option ranks first."""

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "first": self.first}


@dataclass(frozen=True, slots=True)
class DecisionSummary:
    recommendation: SummaryOption | None
    runner_up: SummaryOption | None
    shortlisted: int
    sentence: str
    robustness_computed: bool
    safety: str | None
    tie: str | None
    """When the runner-up shares the recommendation's rank: that they are tied, and the rule that
    put the recommendation first (the ranking's tie-break), so the page never hides a tie."""
    leads: tuple[SummaryLead, ...]
    leads_total: int
    excluded_total: int
    gates_total: int
    gates: tuple[GateCount, ...]
    has_checklists: bool
    open_high: tuple[OpenCount, ...]
    """Open high-priority checklist items of the recommendation and of the runner-up."""
    open_items: tuple[OpenItem, ...]
    analyst_changes: tuple[str, ...]
    criteria: tuple[tuple[str, str, float], ...]
    """(id, name, weight) of each criterion, for the chart."""
    chart: tuple[ChartOption, ...]
    acceptability: tuple[Acceptability, ...]
    performance: str | None = None
    """Whether the recommendation and the runner-up were evaluated on the institution's tasks,
    in words (None: no option ranked)."""
    performance_warning: bool = False
    """True when either has no measured result on some task, or there is no evaluations block."""

    @property
    def open_high_total(self) -> int:
        return sum(c.count for c in self.open_high)

    @property
    def analyst_text(self) -> tuple[str, ...]:
        return self.analyst_changes or (NOTHING_CHANGED,)

    def as_dict(self) -> dict[str, Any]:
        return {
            "recommendation": self.recommendation.as_dict() if self.recommendation else None,
            "runner_up": self.runner_up.as_dict() if self.runner_up else None,
            "shortlisted": self.shortlisted, "sentence": self.sentence,
            "robustness_computed": self.robustness_computed, "safety": self.safety,
            "tie": self.tie,
            "evidence_to_obtain": [lead.as_dict() for lead in self.leads],
            "evidence_to_obtain_total": self.leads_total,
            "excluded_total": self.excluded_total, "gates_total": self.gates_total,
            "gates": [g.as_dict() for g in self.gates],
            "has_checklists": self.has_checklists,
            "open_high_priority": {"total": self.open_high_total,
                                   "by_option": [c.as_dict() for c in self.open_high],
                                   "top": [i.as_dict() for i in self.open_items]},
            "analyst_changes": list(self.analyst_text),
            "criteria": [{"id": c, "name": n, "weight": w} for c, n, w in self.criteria],
            "scores": [c.as_dict() for c in self.chart],
            "rank_one_acceptability": [a.as_dict() for a in self.acceptability],
            "performance": {"text": self.performance, "warning": self.performance_warning},
        }


def _option(result: Result, index: int) -> SummaryOption:
    row = result.ranking[index]
    check = result.lifecycle.get(row.id)
    state = getattr(check, "state", None)
    status = str(getattr(state, "status", None) or "unknown")
    retires = getattr(state, "retires_on", None)
    source = getattr(state, "source", None) if retires else None
    confidence = getattr(state, "confidence", None)
    if source and confidence:
        source = f"{source}, {confidence}"
    return SummaryOption(row.id, row.name, row.rank, row.position, row.score, status, retires,
                         getattr(state, "successor", None) if retires else None, source)


def _effect(lead: EvidenceLead, names: dict[str, str], tied: frozenset[str] = frozenset()) -> str:
    """What obtaining the fact could do, in words; "it" is the lead's own option. ``tied``: the
    options that share rank 1 with the recommendation (a lead of one of them breaks the tie)."""
    taker = names.get(lead.takes_over or "", lead.takes_over or "another option")
    if lead.changes_recommendation and lead.rank == 1:
        return f"if unfavourable, it falls to rank {lead.worst_rank} and {taker} would be recommended"
    if lead.changes_recommendation and lead.takes_over == lead.option and lead.option in tied:
        return "if favourable, it breaks the tie for first and would be recommended"
    if lead.changes_recommendation and lead.takes_over == lead.option:
        return f"if favourable, it rises from rank {lead.rank} to first and would be recommended"
    if lead.changes_recommendation:
        return f"at its best or worst it reorders the leaders and {taker} would be recommended"
    moves = []
    if lead.best_rank < lead.rank:
        moves.append(f"up to rank {lead.best_rank}")
    if lead.worst_rank > lead.rank:
        moves.append(f"down to rank {lead.worst_rank}")
    if not moves:
        return f"it stays at rank {lead.rank} either way; the recommendation holds"
    return f"it could move from rank {lead.rank} {' or '.join(moves)}; the recommendation holds"


def _lead(lead: EvidenceLead, names: dict[str, str], tied: frozenset[str] = frozenset()) -> SummaryLead:
    fact = " and ".join(lead.inputs) if lead.inputs else lead.fact
    if lead.fact.startswith("evaluations.") and lead.evidence == "unknown":
        fact = f"evaluation task '{lead.fact.partition('.')[2]}' (no result yet)"
    return SummaryLead(lead.option, names.get(lead.option, lead.option), fact, lead.evidence,
                       lead.changes_recommendation, lead.takes_over, _effect(lead, names, tied))


def _gates(result: Result) -> tuple[int, tuple[GateCount, ...]]:
    from selector.scoring.constraints import GATES

    order = {gate: i for i, gate in enumerate(GATES)}
    members: dict[str, list[str]] = {}
    for ex in result.excluded:
        gates = ex.gates if ex.gates else (UNCLASSIFIED,)
        for gate in dict.fromkeys(gates):
            members.setdefault(gate, []).append(ex.name)
    ranked = sorted(members.items(), key=lambda kv: (-len(kv[1]), order.get(kv[0], len(order)), kv[0]))
    labels = {**GATES, UNCLASSIFIED: "Other constraints (reason not classified)"}
    return len(members), tuple(GateCount(g, labels.get(g, g), len(names), tuple(names))
                               for g, names in ranked)


def _checklist(result: Result) -> tuple[bool, tuple[OpenCount, ...], tuple[OpenItem, ...]]:
    has = any(not getattr(c, "orphaned", False) for c in result.checklists.values())
    counts: list[OpenCount] = []
    items: list[tuple[tuple[Any, ...], OpenItem]] = []
    for position, row in enumerate(result.ranking[:2]):
        checklist = result.checklists.get(row.id)
        if checklist is None:
            continue
        open_high = [t for t in checklist.items if not t.orphaned and t.item.priority == "high"
                     and t.status not in OPEN_DONE]
        counts.append(OpenCount(row.id, row.name, len(open_high)))
        for order, t in enumerate(open_high):
            # Blocked work first, then the earliest due date, then the recommendation's items
            # before the runner-up's, in the checklist's own order.
            key = (t.status != "blocked", t.due is None, t.due or "", position, order)
            items.append((key, OpenItem(row.id, row.name, t.item.id, t.item.title, t.status, t.owner, t.due)))
    items.sort(key=lambda pair: pair[0])
    return has, tuple(counts), tuple(item for _, item in items[:TOP_ITEMS])


def _sentence(result: Result, robustness: Any) -> tuple[str, bool, str | None]:
    from selector.robustness import Robustness
    from selector.robustness.verdict import headline

    if not result.ranking:
        return NO_RANKING, False, None
    if not isinstance(robustness, Robustness):
        return NOT_COMPUTED.format(name=result.ranking[0].name), False, None
    return headline(result, robustness), True, robustness.safety or None


def _tie(result: Result) -> tuple[str | None, frozenset[str]]:
    """The tie for first, in words, and the ids of the options in it after the recommendation."""
    if len(result.ranking) < 2 or result.ranking[1].rank != result.ranking[0].rank:
        return None, frozenset()
    first = result.ranking[0]
    others = [row for row in result.ranking[1:] if row.rank == first.rank]
    names = " and ".join(row.name for row in others)
    return (f"Tied for first: {first.name} and {names} have the same score; the first is listed "
            "first only by the ranking's tie-break (fewer unknown facts, then the id).",
            frozenset(row.id for row in others))


def _performance(result: Result) -> tuple[str | None, bool]:
    """Whether the two leaders were measured on every evaluation task (the report's survey ranks
    model performance and accuracy first among risk-management considerations)."""
    top = result.ranking[:2]
    if not top:
        return None, False
    ev = result.evaluations
    if ev is None:
        return ("none. No evaluations block, so no measured model performance is in the ranking "
                "(the HKIMR survey's first risk-management consideration).", True)
    found = []
    by_gap: dict[tuple[str, ...], list[str]] = {}
    for row in top:
        missing = tuple(t.id for t in ev.tasks if ev.measurement(row.id, t.id) is None)
        found += [m for t in ev.tasks if (m := ev.measurement(row.id, t.id)) is not None]
        if missing:
            by_gap.setdefault(missing, []).append(row.name)
    gaps = [f"no result for {' or '.join(who)} on {len(missing)} of {len(ev.tasks)} tasks "
            f"({', '.join(missing)})" for missing, who in by_gap.items()]
    bounds = [f"{n} {word}" for n, word in (
        (sum(m.source is not None for m in found), "published, not the institution's own runs"),
        (sum(bool(m.partial) for m in found), "from partial runs"),
        (sum(m.reused is not None for m in found), "reused from another route")) if n]
    of = f" (of their {len(found)} results: {'; '.join(bounds)})" if bounds and found else ""
    if gaps:
        return "; ".join(gaps) + of + ": 0 points there until evaluated.", True
    names = " and ".join(row.name for row in top)
    return f"{names} measured on all {len(ev.tasks)} evaluation tasks{of}.", False


def decision_summary(result: Result, robustness: Any) -> DecisionSummary:
    """The decision summary of ``result`` with its robustness analysis (None: not computed)."""
    from selector.robustness import Robustness

    names = {row.id: row.name for row in result.ranking}
    sentence, computed, safety = _sentence(result, robustness)
    tie, tied = _tie(result)
    rob = robustness if computed and isinstance(robustness, Robustness) else None
    leads = rob.evidence_to_obtain if rob is not None else ()
    gates_total, gates = _gates(result)
    performance, warn = _performance(result)
    has_checklists, open_high, open_items = _checklist(result)
    crit = tuple(c.id for c in result.criteria)
    chart = tuple(ChartOption(row.id, row.name, row.position, tuple(row.scores.get(c) for c in crit))
                  for row in result.ranking[:CHART_OPTIONS])
    accept: tuple[Acceptability, ...] = ()
    if rob is not None:
        order = {row.id: row.position for row in result.ranking}
        firsts = sorted((o for o in rob.options if rob.first_share(o) > 0),
                        key=lambda o: (-rob.first_share(o), order.get(o, len(order) + 1), o))
        accept = tuple(Acceptability(o, names.get(o, o), rob.first_share(o))
                       for o in firsts[:ACCEPTABILITY_BARS])
    return DecisionSummary(
        recommendation=_option(result, 0) if result.ranking else None,
        runner_up=_option(result, 1) if len(result.ranking) > 1 else None,
        shortlisted=len(result.ranking), sentence=sentence, robustness_computed=computed,
        safety=safety, tie=tie, leads=tuple(_lead(lead, names, tied) for lead in leads[:TOP_LEADS]),
        leads_total=len(leads), excluded_total=len(result.excluded), gates_total=gates_total,
        gates=gates[:TOP_GATES], has_checklists=has_checklists, open_high=open_high,
        open_items=open_items, analyst_changes=tuple(c.text for c in result.analyst_changes),
        criteria=tuple((c.id, c.name, c.weight) for c in result.criteria), chart=chart,
        acceptability=accept, performance=performance, performance_warning=warn,
    )
