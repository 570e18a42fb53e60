"""The assessment's evaluations as a criterion: read and joined to its offerings, and added to
the criteria set with its share of the decision."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from selector.criteria import LoadedCriteria
from selector.errors import InputError
from selector.evaluations.load import EvaluationEvidence
from selector.models.criteria import Criterion
from selector.profiles import LoadedProfile
from selector.weights.presets import WeightStep

if TYPE_CHECKING:
    from selector.assess import LoadedAssessment


def load_assessment_evaluations(la: LoadedAssessment,
                                profiles: Sequence[LoadedProfile]) -> EvaluationEvidence:
    """The assessment's evaluation runs, read and joined to its offerings (located errors)."""
    from selector.engine import display_path
    from selector.evaluations.load import load_evaluations
    from selector.io.validation import located, suggestion
    from selector.io.yamlio import load as load_document

    block = la.assessment.evaluations
    assert block is not None
    doc = la.document or load_document(la.path)
    evidence = load_evaluations(block, doc, la.folder, profiles,
                                lambda p: display_path(p, la.folder))
    tasks = [t.id for t in evidence.tasks]
    problems = [located(doc, ("constraints", "min_performance", key),
                        f"no task '{key}' in the evaluations block; " + suggestion(key, tasks))
                for key in la.assessment.constraints.min_performance if key not in tasks]
    problems += [located(doc, ("evaluations", "tasks", j), "minimum and target are equal, so the "
                         "task has no scale; the target is the value that earns 100 points")
                 for j, t in enumerate(evidence.tasks) if t.minimum == t.target]
    if problems:
        raise InputError(problems)
    return evidence


def check_security_criterion(la: LoadedAssessment, loaded: LoadedCriteria) -> None:
    """The block's ``security.criterion`` is a rubric criterion of the criteria set."""
    block = la.assessment.evaluations
    if block is None or block.security is None:
        return
    from selector.io.validation import located, suggestion
    from selector.io.yamlio import load as load_document

    wanted = block.security.criterion
    criteria = {c.id: c for c in loaded.criteria_set.criteria}
    found = criteria.get(wanted)
    if found is not None and found.rubric:
        return
    doc = la.document or load_document(la.path)
    why = (f"'{wanted}' has no rubric (its scores are direct values)" if found is not None
           else f"'{wanted}' is no criterion of {loaded.path}; "
           + suggestion(wanted, sorted(c for c, v in criteria.items() if v.rubric)))
    raise InputError(located(doc, ("evaluations", "security", "criterion"),
                             f"{why}: the measured security part joins a rubric criterion"))


def with_performance(loaded: LoadedCriteria, evidence: EvaluationEvidence,
                     weights: Mapping[str, float]) -> tuple[LoadedCriteria, WeightStep | None]:
    """The criteria set with the performance criterion added, and the weight step that gives it
    its share of the decision (the other criteria keep their proportions). Unchanged, with no
    step, when every task counts for security."""
    criteria_set = loaded.criteria_set
    if not evidence.performance_tasks:
        return loaded, None
    if any(c.id == evidence.criterion for c in criteria_set.criteria):
        raise InputError(f"the evaluations block's criterion id '{evidence.criterion}' is already "
                         "a criterion of the criteria set; give it another id")
    criterion = Criterion(
        id=evidence.criterion, name=evidence.criterion_name, objective="max",
        weight=evidence.share, scale=(0.0, 100.0),
        description="The institution's evaluation results on its own suite (the assessment's "
        "evaluations block), each task on its minimum-to-target scale.")
    extended = criteria_set.model_copy(update={"criteria": [*criteria_set.criteria, criterion]})
    share = evidence.share
    new = {c: w * (1.0 - share) for c, w in weights.items()}
    new[evidence.criterion] = share
    step = WeightStep("evaluations", "performance criterion from the evaluations block", new,
                      f"evaluations.criterion.weight gives {evidence.criterion_name} "
                      f"{share:.0%} of the decision; the other criteria keep their proportions")
    return LoadedCriteria(extended, loaded.path, loaded.sha256), step


