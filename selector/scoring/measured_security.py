"""Red-team results as security evidence: the measured part of the security criterion.

The security rubric reads what the vendor declares and evidences (its community or
attestations, its own red team, a bug bounty, filtering, isolation). An institution's own
red-team run of the offering (promptfoo ``redteam:<plugin>`` pass rates, an in-house jailbreak
or prompt-injection suite) measures how the offering resists attack on the institution's use
case: evidence the rubric cannot hold. The assessment's tasks with ``counts_for: security`` are
that evidence, mapped onto the criterion's fixed 0-100 points as follows:

- the block's ``security.share`` (s) is the measured part's share: the security tasks earn up
  to ``100 x s`` points between them (each its share of that, task weights normalised), each on
  its own minimum-to-target scale (a pass rate at or below the minimum earns 0, the target all);
- every rubric rule keeps ``1 - s`` of its points (and of its maximum, its plausible range and
  its sampling distribution), so the rubric's proportions and the 0-100 scale stay as they were;
- an offering no red-team run measured is ``unknown`` on each task (0 points, flagged, an
  "evaluate it" checklist item, and the evidence-to-obtain analysis takes it over [0, its
  share]); a result with pass/fail counts is drawn from its Wilson-interval sampling
  distribution in the robustness analysis;
- ``constraints.min_performance`` can gate on a security task as on any task.

The HKIMR report names GenAI-aware red teams, with prompt-engineering tests, as a hard defence
against adversarial prompts (ch. 2.3), and its survey puts adversarial attacks on model and data
among the top three GenAI cyber risks for 55% of respondents (Fig. 3.5). The vendor's claim
(``security.red_teaming``) and the institution's measurement stay separate entries.
"""

from __future__ import annotations

from dataclasses import replace

from selector.evaluations.load import EvaluationEvidence
from selector.scoring.performance import task_entry
from selector.scoring.rubric import CriterionScore, TraceEntry

RULE = "sec-measured"
WHY = ("GenAI-aware red teams, including prompt-engineering tests, are the first hard defence; "
       "the institution's own red-team run of the offering on its use case is the measured "
       "evidence, scored on the minimum and target the assessment states.")
CITE = "HKIMR report, ch. 2.3 (defences: red teams, prompt-engineering tests)"


def _scaled(entry: TraceEntry, keep: float, criterion: str) -> TraceEntry:
    """A rubric entry at ``keep`` of its points: the declared evidence's share."""
    points = entry.points * keep
    plausible = (entry.plausible[0] * keep, entry.plausible[1] * keep) if entry.plausible else None
    sampling = (entry.sampling[0] * keep, entry.sampling[1] * keep) if entry.sampling else None
    return replace(entry, points=points, max_points=entry.max_points * keep,
                   outcome=f"{entry.outcome}; x {keep:g} (the rubric's share of {criterion}, the "
                   f"rest measured) = {points:.3g}",
                   plausible=plausible, sampling=sampling)


def with_measured_security(score: CriterionScore, evidence: EvaluationEvidence, offering: str,
                           offering_name: str) -> CriterionScore:
    """The security criterion's rubric score with the measured red-team part blended in."""
    share = evidence.security_share
    keep = 1.0 - share
    rubric = tuple(_scaled(e, keep, score.criterion) for e in score.trace)
    first = max((e.group for e in rubric if e.group is not None), default=-1) + 1
    measured = tuple(
        task_entry(score.criterion, replace(task, share=task.share * share),
                   evidence.measurement(offering, task.id), offering_name, first + k,
                   rule=RULE, why=WHY, cite=CITE)
        for k, task in enumerate(evidence.security_tasks))
    entries = rubric + measured
    total = sum(e.points for e in entries if e.counted)
    return CriterionScore(score.criterion, round(total, 9), entries)
