"""The one immutable result every face (CLI, TUI, reports, Python API) reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from selector.review import ReviewFlag
from selector.scoring.rubric import CriterionScore, evidence_flags

if TYPE_CHECKING:
    from selector.robustness import Robustness
    from selector.scoring.cost_sensitivity import CostSensitivity


def frozen_map(data: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(data))


@dataclass(frozen=True, slots=True)
class CriterionInfo:
    id: str
    name: str
    objective: str
    weight: float
    """Normalised: the weights of a result sum to 1."""
    raw_weight: float
    description: str | None
    scale: tuple[float, float] | None
    has_rubric: bool
    label: str = ""
    """A short column label for tables (the criterion's ``label``, or its name's first word)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "objective": self.objective,
            "weight": self.weight,
            "raw_weight": self.raw_weight,
            "scale": list(self.scale) if self.scale else None,
            "rubric": self.has_rubric,
        }


@dataclass(frozen=True, slots=True)
class RankedOption:
    rank: int
    """Dense rank: options with equal scores share it."""
    position: int
    """1..n after the documented tie-break (fewer unknown facts first, then id)."""
    id: str
    name: str
    openness: str | None
    route: str | None
    score: float
    scores: Mapping[str, float]
    evidence_flags: Mapping[str, tuple[str, ...]]
    """Flag name (unknown, stale, unverified) -> the fact paths that carry it."""
    path: str
    provider: str | None = None
    """The provider's name as the profile gives it (``provider.name``), for search and display."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "position": self.position,
            "id": self.id,
            "name": self.name,
            "provider": self.provider,
            "openness": self.openness,
            "route": self.route,
            "score": self.score,
            "scores": dict(self.scores),
            "flags": {k: list(v) for k, v in self.evidence_flags.items()},
        }


@dataclass(frozen=True, slots=True)
class Excluded:
    id: str
    name: str
    reasons: tuple[str, ...]
    """Why, each as ``rule: fact = value`` (no sources: those are in ``evidence``)."""
    evidence: tuple[str, ...] = ()
    """Each fact the reasons cite, once, with its source (title, date, confidence)."""
    gates: tuple[str, ...] = ()
    """The gate behind each reason, in the reasons' order: a key of
    ``selector.scoring.constraints.GATES`` (``lifecycle``, ``processing_jurisdictions``, ...)."""

    def __post_init__(self) -> None:
        if self.gates and len(self.gates) != len(self.reasons):
            raise ValueError(f"{self.id}: {len(self.reasons)} reasons but {len(self.gates)} gates")

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "reasons": list(self.reasons),
                "evidence": list(self.evidence), "gates": list(self.gates)}


@dataclass(frozen=True, slots=True)
class Meta:
    tool_version: str
    libraries: Mapping[str, str]
    inputs: Mapping[str, str]
    """Input file path -> sha256."""
    today: str
    criteria_set: str
    criteria_version: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "tool_version": self.tool_version,
            "libraries": dict(self.libraries),
            "inputs": dict(self.inputs),
            "today": self.today,
            "criteria_set": self.criteria_set,
            "criteria_version": self.criteria_version,
        }


@dataclass(frozen=True, slots=True)
class AnalystChange:
    """One change the analyst made to the assessment's decision inputs after it was written:
    weights or method given on the command line, moved on screen, or a preset applied in the
    terminal UI. Every face says it in the same words: "<what> changed by the analyst from
    <before> to <after>"."""

    kind: str
    """``weights``, ``method`` or ``preset``."""
    before: str
    """What the assessment said, in words (e.g. "wsm", or "security 21.7%, ...")."""
    after: str
    """What the ranking used instead."""
    how: str
    """Where the change was made: "selector rank --weights ...", "terminal UI", ..."""
    changes: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    """For ``weights`` and ``preset``: criterion id -> (before, after) normalised weight, for
    the criteria whose weight changed."""

    @property
    def text(self) -> str:
        what = {"weights": "Weights", "method": "Method", "preset": "Weights (preset)"}.get(
            self.kind, self.kind)
        return f"{what} changed by the analyst from {self.before} to {self.after} ({self.how})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "before": self.before,
            "after": self.after,
            "how": self.how,
            "changes": {k: list(v) for k, v in self.changes.items()},
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Result:
    method: str
    method_title: str
    higher_is_better: bool
    criteria: tuple[CriterionInfo, ...]
    ranking: tuple[RankedOption, ...]
    excluded: tuple[Excluded, ...]
    traces: Mapping[str, Mapping[str, CriterionScore]]
    method_extra: Mapping[str, Any]
    meta: Meta
    tie_break: str = field(
        default="scores equal to 9 decimals share a rank; within a tie, the option with fewer "
        "unknown facts comes first, then the option id in alphabetical order"
    )
    weight_steps: tuple[Any, ...] = ()
    """How the weights were derived (selector.weights.presets.WeightStep), last step effective."""
    tco: Mapping[str, Any] = field(default_factory=dict)
    """Option id -> selector.scoring.tco.Tco, when an assessment was given."""
    review_flags: Mapping[str, tuple[ReviewFlag, ...]] = field(default_factory=dict)
    """Option id -> matters for a human (legal review, evidence to confirm, lifecycle) that do
    not exclude."""
    assessment: Mapping[str, Any] | None = None
    """The assessment's context (institution, use case, constraints), when one was given."""
    processing: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Option id -> jurisdictions where it processes prompts (empty when unknown)."""
    checklists: Mapping[str, Any] = field(default_factory=dict)
    """Option id -> selector.checklist.OptionChecklist (generated items with tracked state)."""
    checklist_revision: int | None = None
    """Revision of the checklist state file the checklists were read at."""
    lifecycle: Mapping[str, Any] = field(default_factory=dict)
    """Option id -> selector.scoring.lifecycle.LifecycleCheck (state, exclusion, review), for every
    option, excluded ones too."""
    evaluations: Any = None
    """selector.evaluations.load.EvaluationEvidence: the assessment's evaluation results (tasks,
    and per offering and task the measurement with its provenance), when it has an
    ``evaluations:`` block; the performance criterion's trace points into it."""
    audit: Any = None
    """selector.audit.Audit of the profiles the ranking read (and of the checklist catalogue's
    references, with an assessment): the evidence behind the decision, for the report."""
    robustness: Robustness | None = None
    """selector.robustness.Robustness, once analysed (`selector robustness`, or
    ``with_robustness(result, analyse(result))``); reports read it instead of recomputing.
    Always of this result's weights and method: re-ranking drops it (``None``)."""
    normalise_weights: bool = True
    """Whether the method rescaled the weights to sum to 1 (the criteria set's
    ``normalise_weights``); re-ranking and the robustness analysis reuse it."""
    method_options: Mapping[str, Any] = field(default_factory=dict)
    """The method's fixed hyperparameters (WASPAS lambda, VIKOR v), as ranked."""
    cost_inputs: Mapping[str, Any] = field(default_factory=dict)
    """Cost input key -> selector.scoring.costbook.CostInput (value, source or assumption,
    range), when an assessment was given: what each TCO line's ``inputs`` stand on."""
    cost_sensitivity: CostSensitivity | None = None
    """Which cost inputs move the TCO ranking (selector.scoring.cost_sensitivity), computed once
    when an assessment is run. After re-weighting, its rank-1 check is cleared (``top`` None)."""
    analyst_changes: tuple[AnalystChange, ...] = ()
    """What the analyst changed from the assessment file (weights, method, preset), oldest
    first; empty when the ranking uses the assessment exactly as written."""

    def option(self, option_id: str) -> RankedOption:
        for row in self.ranking:
            if row.id == option_id:
                return row
        raise KeyError(option_id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "method_title": self.method_title,
            "higher_is_better": self.higher_is_better,
            "tie_break": self.tie_break,
            "criteria": [c.as_dict() for c in self.criteria],
            "ranking": [r.as_dict() for r in self.ranking],
            "excluded": [e.as_dict() for e in self.excluded],
            "method_extra": dict(self.method_extra),
            "weight_derivation": [step.as_dict() for step in self.weight_steps],
            "tco": {k: v.as_dict() for k, v in self.tco.items()},
            "review_flags": {k: [f.text for f in v] for k, v in self.review_flags.items()},
            "assessment": dict(self.assessment) if self.assessment is not None else None,
            "checklists": {k: v.as_dict() for k, v in self.checklists.items()},
            "checklist_revision": self.checklist_revision,
            "lifecycle": {k: v.as_dict() for k, v in self.lifecycle.items()},
            **({"evaluations": self.evaluations.as_dict()} if self.evaluations is not None else {}),
            **({"evidence_audit": self.audit.as_dict()} if self.audit is not None else {}),
            **({"robustness": self.robustness.as_dict()} if self.robustness is not None else {}),
            **({"cost_inputs": {k: v.as_dict() for k, v in self.cost_inputs.items()}}
               if self.cost_inputs else {}),
            **({"cost_sensitivity": self.cost_sensitivity.as_dict()}
               if self.cost_sensitivity is not None else {}),
            "analyst_changes": [c.as_dict() for c in self.analyst_changes],
            "meta": self.meta.as_dict(),
        }


__all__ = ["AnalystChange", "CriterionInfo", "Excluded", "Meta", "RankedOption", "Result", "ReviewFlag",
           "evidence_flags", "frozen_map"]
