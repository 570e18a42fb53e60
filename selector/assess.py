"""Run an assessment: its weights, gates and costs turn the catalogue into its own ranking."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from selector.audit import audit as audit_catalogue
from selector.criteria import LoadedCriteria, load_criteria
from selector.errors import InputError
from selector.evaluations.languages import measured_languages
from selector.io.paths import bundled, default_criteria, default_profiles
from selector.io.validation import validate_model
from selector.io.yamlio import Document, load
from selector.models.assessment import Assessment
from selector.profiles import LoadedProfile, load_profiles
from selector.result import Excluded, Result, frozen_map
from selector.review import LIFECYCLE, ReviewFlag
from selector.scoring.accessibility import score_accessibility_tco
from selector.scoring.constraints import GateOutcome, apply_gates
from selector.scoring.lifecycle import LifecycleCheck, check_lifecycle, horizon_end
from selector.scoring.measured_security import with_measured_security
from selector.scoring.performance import performance_gates, score_performance
from selector.scoring.rubric import CriterionScore, TraceEntry, score_criterion
from selector.scoring.switching import switching_cost
from selector.scoring.tco import CostBook, Tco, compute_tco, load_costs
from selector.weights.presets import WeightStep, derive, load_presets, normalise


@dataclass(frozen=True, slots=True)
class LoadedAssessment:
    assessment: Assessment
    path: str
    sha256: str
    criteria_path: Path
    profiles_paths: tuple[Path, ...]
    """Every profiles folder (or file) the assessment names, in order; the bundled catalogue
    when it names none."""
    checklist_path: Path
    document: Document | None = None
    """The parsed file, for locating problems found after validation (names that match nothing)."""

    @property
    def folder(self) -> Path:
        return Path(self.path).resolve().parent


def validate_document(doc: Document) -> Assessment:
    return validate_model(doc, Assessment, "an assessment")


def load_assessment(path: str | os.PathLike[str]) -> LoadedAssessment:
    doc = load(path, os.fspath(path))
    assessment = validate_document(doc)
    criteria_path, profiles_paths, checklist_path = resolve_paths(doc, assessment, path)
    return LoadedAssessment(
        assessment=assessment,
        path=doc.path,
        sha256=doc.sha256,
        criteria_path=criteria_path,
        profiles_paths=profiles_paths,
        checklist_path=checklist_path,
        document=doc,
    )


def resolve_paths(doc: Document, assessment: Assessment,
                  path: str | os.PathLike[str]) -> tuple[Path, tuple[Path, ...], Path]:
    """The criteria set, profiles and checklist state an assessment names, checked the same way
    for ``validate`` as for ``rank``: each problem one located line (all of them at once).

    The checklist state must stay inside the assessment's folder: ``checklist_state:
    ../../.bash_aliases`` created a file anywhere."""
    from selector.io.validation import located

    folder = Path(path).resolve().parent
    problems = []

    def resolve(value: str | None, default: Path, *field: str | int) -> Path:
        if value is None:
            return default
        target = (folder / value).resolve()
        if not target.exists():
            problems.append(located(doc, field, f"'{value}' does not exist (relative paths are "
                                    f"resolved against the assessment's folder)"))
        return target

    criteria_path = resolve(assessment.criteria, default_criteria(), "criteria")
    named = assessment.profiles
    if isinstance(named, list):
        profiles_paths = tuple(resolve(value, default_profiles(), "profiles", index)
                               for index, value in enumerate(named))
    else:
        profiles_paths = (resolve(named, default_profiles(), "profiles"),)
    state = assessment.checklist_state or f"{Path(path).stem}.checklist.yaml"
    lexical = os.path.normpath(state)
    if os.path.isabs(state) or lexical == ".." or lexical.startswith(".." + os.sep) or lexical == ".":
        problems.append(located(doc, ("checklist_state",), f"'{state}' is outside the assessment's "
                                "folder; give a file name (or a path below the folder)"))
    if problems:
        raise InputError(problems)
    from selector.io.paths import state_home

    elsewhere = state_home(Path(path), Path(lexical).name)
    return criteria_path, profiles_paths, elsewhere if elsewhere is not None else folder / lexical


def _beside(criteria_path: Path, name: str) -> Path:
    local = criteria_path.parent / name
    return local if local.exists() else bundled("criteria") / name


def check_cost_overrides(doc: Document, assessment: Assessment, criteria_path: Path) -> None:
    """The assessment's ``costs:`` keys against the cost inputs of the costs file beside its
    criteria (``selector validate`` runs what ``rank`` runs): each unknown key one located
    problem with a did-you-mean."""
    load_costs(_beside(criteria_path, "costs.yaml"), assessment.costs, doc.path, document=doc)


def forced_switch(check: LifecycleCheck, go_live: date, end: date) -> date | None:
    """The published retirement date that falls inside the horizon (after go-live, by its
    end): it forces a model switch and a re-validation. None when there is none."""
    retires = check.state.retires_on
    if retires is None:
        return None
    day = date.fromisoformat(retires)
    return day if go_live < day <= end else None


def _with_switching_cost(score: CriterionScore, loaded: LoadedProfile, la: LoadedAssessment,
                         book: CostBook, tco: Tco) -> CriterionScore:
    """Add the switching-cost estimate to the lock-in trace (information: it earns no points)."""
    amount, working = switching_cost(loaded, la.assessment, book, tco)
    rules = book.rules
    assert rules is not None
    entry = TraceEntry(
        criterion=score.criterion,
        rule="lck-switching-cost",
        fact="assessment.switching_cost",
        value=f"{amount:,.0f} USD",
        points=0.0,
        max_points=0.0,
        outcome=f"estimate, no points: {working}",
        counted=True,
        flags=(),
        why=rules.lck_switching_cost.why,
        cite=rules.lck_switching_cost.cite,
    )
    return CriterionScore(score.criterion, score.value, (*score.trace, entry))


def weight_steps(la: LoadedAssessment, criteria: LoadedCriteria) -> tuple[list[WeightStep], str]:
    crit_ids = [c.id for c in criteria.criteria_set.criteria]
    defaults = {c.id: c.weight for c in criteria.criteria_set.criteria}
    presets_path = _beside(la.criteria_path, "presets.yaml")
    presets, shown, _ = load_presets(presets_path)
    covers = all(all(c in p.weights for c in crit_ids) for p in presets)
    if not covers and la.assessment.weights.preset == "auto" and la.assessment.weights.pairwise is None:
        steps = [WeightStep("criteria-default", "criteria set defaults", normalise(defaults, crit_ids),
                            f"{shown} does not cover this criteria set's criteria")]
        if la.assessment.weights.direct:
            from selector.models.assessment import Weights

            spec = Weights(preset=None, direct=la.assessment.weights.direct)
            steps = derive(_With(la.assessment, spec), presets, crit_ids, defaults, la.path)
        return steps, str(presets_path)
    return derive(la.assessment, presets, crit_ids, defaults, la.path), str(presets_path)


class _With:
    """An assessment seen with another weights spec (for a custom criteria set)."""

    def __init__(self, assessment: Assessment, weights: Any) -> None:
        self._assessment = assessment
        self.weights = weights

    def __getattr__(self, name: str) -> Any:
        return getattr(self._assessment, name)


def assessment_context(la: LoadedAssessment,
                       profiles: Sequence[str | os.PathLike[str]] | None = None) -> dict[str, Any]:
    """What the result says of the assessment; ``profiles``: the folders actually read, when
    not the assessment's own (``--profiles``), shown "; "-separated when there are several."""
    from selector.engine import display_path

    a = la.assessment
    base = la.folder
    return {
        "path": display_path(la.path, base),
        "institution": a.institution.model_dump(mode="json"),
        "use_case": a.use_case.model_dump(mode="json"),
        "horizon_years": a.horizon_years,
        "budget_usd_per_year": a.budget_usd_per_year,
        "constraints": a.constraints.model_dump(mode="json"),
        "method": a.method,
        "criteria": display_path(str(la.criteria_path), base),
        "profiles": "; ".join(display_path(os.fspath(p), base) for p in (profiles or la.profiles_paths)),
        "checklist_state": display_path(str(la.checklist_path), base),
    }


def run(
    path: str | os.PathLike[str],
    *,
    method: str | None = None,
    weights: Mapping[str, float] | None = None,
    today: date | None = None,
    profiles: Sequence[str | os.PathLike[str]] | None = None,
    with_checklist: bool = False,
    command: str | None = None,
) -> Result:
    """Rank the catalogue for the assessment at ``path`` (see :func:`selector.engine.rank`).

    With ``with_checklist`` the result also carries each shortlisted option's due-diligence
    checklist, merged with the tracked state file (read, never written here). ``weights`` and a
    ``method`` other than the assessment's are recorded as analyst changes against the
    assessment's derived weights (``command``, e.g. ``selector report``, says where they were
    given; see :mod:`selector.weights.changes`).
    """
    from selector.engine import build_result

    today = today or date.today()
    la = load_assessment(path)
    loaded_criteria = load_criteria(la.criteria_path)
    loaded_profiles = load_profiles(list(profiles) if profiles else la.profiles_paths)
    criteria_set = loaded_criteria.criteria_set
    crit_ids = [c.id for c in criteria_set.criteria]
    from selector.assessment_refs import check_references
    from selector.io.yamlio import load as load_document

    block = la.assessment.evaluations
    check_references(la.document or load_document(la.path), la.assessment,
                     [*crit_ids, *([block.performance_criterion] if block is not None
                                   and block.performance_criterion else [])],
                     [lp.profile.id for lp in loaded_profiles])
    steps, presets_path = weight_steps(la, loaded_criteria)
    effective = dict(steps[-1].weights)
    evaluations = None
    if la.assessment.evaluations is not None:
        from selector.evaluations.criterion import (
            check_security_criterion,
            load_assessment_evaluations,
            with_performance,
        )

        check_security_criterion(la, loaded_criteria)
        evaluations = load_assessment_evaluations(la, loaded_profiles)
        loaded_criteria, step = with_performance(loaded_criteria, evaluations, effective)
        criteria_set = loaded_criteria.criteria_set
        crit_ids = [c.id for c in criteria_set.criteria]
        if step is not None:
            steps.append(step)
            effective = dict(step.weights)
    elif la.assessment.constraints.min_performance:
        from selector.io.validation import located

        key = next(iter(la.assessment.constraints.min_performance))
        raise InputError(located(la.document or load_document(la.path),
                                 ("constraints", "min_performance", key),
                                 "min_performance needs an evaluations: block whose tasks it names"))
    if weights:
        from selector.engine import resolve_weights

        effective = resolve_weights(
            LoadedCriteria(criteria_set.model_copy(update={"criteria": [
                c.model_copy(update={"weight": effective[c.id]}) for c in criteria_set.criteria
            ]}), loaded_criteria.path, loaded_criteria.sha256),
            weights,
        )
    costs_path = _beside(la.criteria_path, "costs.yaml")
    book = load_costs(costs_path, la.assessment.costs, la.path, document=la.document)
    scored: dict[str, dict[str, CriterionScore]] = {}
    tcos: dict[str, Tco] = {}
    excluded: list[Excluded] = []
    review: dict[str, tuple[ReviewFlag, ...]] = {}
    names = {c.id: c.name for c in criteria_set.criteria}
    go_live = la.assessment.go_live or today
    end = horizon_end(go_live, la.assessment.horizon_years)
    lifecycles: dict[str, LifecycleCheck] = {}
    retirements: dict[str, date | None] = {}
    for lp in loaded_profiles:
        pid = lp.profile.id
        life = check_lifecycle(lp, go_live, end)
        lifecycles[pid] = life
        retirements[pid] = forced_switch(life, go_live, end)
        tco = compute_tco(lp, la.assessment, book, retires_on=retirements[pid])
        tcos[pid] = tco
        scores: dict[str, CriterionScore] = {}
        languages = measured_languages(evaluations, pid)
        for criterion in criteria_set.criteria:
            if criterion.assessment == "tco":
                scores[criterion.id] = score_accessibility_tco(criterion, lp, la.assessment, book, tco)
            elif evaluations is not None and criterion.id == evaluations.criterion:
                scores[criterion.id] = score_performance(evaluations, pid, lp.profile.name)
            else:
                scores[criterion.id] = score_criterion(criterion, lp, today, languages)
            if evaluations is not None and criterion.id == evaluations.security_criterion:
                scores[criterion.id] = with_measured_security(scores[criterion.id], evaluations,
                                                              pid, lp.profile.name)
        if "lock_in" in scores:
            scores["lock_in"] = _with_switching_cost(scores["lock_in"], lp, la, book, tco)
        scored[pid] = scores
        outcome = apply_gates(lp, la.assessment, scores, names, languages)
        perf_reasons, perf_flags = performance_gates(
            evaluations, pid, la.assessment.constraints.min_performance)
        outcome = GateOutcome(outcome.reasons + perf_reasons, outcome.review_flags + perf_flags,
                              outcome.evidence, outcome.gates + ("min_performance",) * len(perf_reasons))
        reasons = ((life.exclude,) if life.exclude else ()) + outcome.reasons
        if reasons:
            gates = (("lifecycle",) if life.exclude else ()) + outcome.gates
            excluded.append(Excluded(pid, lp.profile.name, reasons, outcome.evidence, gates))
        lifecycle_flags = [ReviewFlag(LIFECYCLE, "lifecycle.status", life.review)] if life.review else []
        review[pid] = (*lifecycle_flags, *outcome.review_flags)
    extra_inputs = {la.path: la.sha256, str(costs_path): book.sha256}
    if evaluations is not None:
        extra_inputs.update(evaluations.files)
    from selector.io.yamlio import load as load_yaml

    extra_inputs[presets_path] = load_yaml(presets_path).sha256
    result = build_result(
        loaded_profiles,
        loaded_criteria,
        scored,
        effective,
        method=method or la.assessment.method,
        today=today,
        excluded=excluded,
        extra_inputs=extra_inputs,
        weight_steps=tuple(steps),
        tco=frozen_map(tcos),
        review_flags=frozen_map(review),
        lifecycle=frozen_map(lifecycles),
        evaluations=evaluations,
        audit=audit_catalogue(loaded_profiles, today),
        base=la.folder,
        assessment=frozen_map({**assessment_context(la, profiles), "go_live": go_live.isoformat(),
                               "horizon_end": end.isoformat()}),
    )
    result = with_cost_sensitivity(result, loaded_profiles, la.assessment, book, criteria_set,
                                   tcos, retirements)
    from selector.weights.changes import command_weights, how_text, record

    result = record(result, weights_how=how_text(command, "weights", command_weights(weights))
                    if weights else None,
                    method_how=how_text(command, "method", method) if method else None)
    if with_checklist:
        result = attach_checklists(result, la)
    return result


def with_cost_sensitivity(result: Result, loaded_profiles: Sequence[LoadedProfile],
                          assessment: Assessment, book: CostBook, criteria_set: Any,
                          tcos: Mapping[str, Tco], retirements: Mapping[str, date | None]) -> Result:
    """The result with its cost inputs and the cost sensitivity table of its ranked options."""
    import dataclasses

    from selector.scoring.cost_sensitivity import analyse_costs, ranking_of

    criterion = next((c for c in criteria_set.criteria if c.assessment == "tco"), None)
    table = analyse_costs(ranking_of(result), {lp.profile.id: lp for lp in loaded_profiles},
                          assessment, book, criterion, tcos, retirements)
    return dataclasses.replace(result, cost_inputs=frozen_map(dict(book.inputs)),
                               cost_sensitivity=table)


def attach_checklists(result: Result, la: LoadedAssessment) -> Result:
    import dataclasses
    import hashlib

    from selector.checklist import checklists, load_catalogue
    from selector.checklist.state import load_state
    from selector.engine import display_path

    catalogue = load_catalogue(_beside(la.criteria_path, "checklist.yaml"))
    state = load_state(la.checklist_path, la.path)
    views = checklists(result, catalogue.catalogue, state)
    if result.audit is not None:
        from selector.audit import with_references

        today = date.fromisoformat(result.meta.today)
        result = dataclasses.replace(result, audit=with_references(result.audit, catalogue.catalogue,
                                                                   today))
    meta_inputs = dict(result.meta.inputs)
    meta_inputs[display_path(catalogue.path, la.folder)] = catalogue.sha256
    if la.checklist_path.exists():
        meta_inputs[display_path(str(la.checklist_path), la.folder)] = hashlib.sha256(
            la.checklist_path.read_bytes()).hexdigest()
    meta = dataclasses.replace(result.meta, inputs=frozen_map(dict(sorted(meta_inputs.items()))))
    return dataclasses.replace(result, checklists=frozen_map(views),
                               checklist_revision=int(state["revision"]), meta=meta)
