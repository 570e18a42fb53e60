"""The performance criterion: evaluation results scored on the fixed 0-100 points scale.

Each task of the ``evaluations:`` block is one trace entry worth its share of 100 points: a
metric value at (or beyond) the task's minimum earns 0, its target earns all, linearly between.
The entry carries the file, run, task, metric, n and standard error; an offering that no run
measured is ``unknown`` (0 points, flagged: "evaluate it on the suite"), which the evidence-to-
obtain analysis takes over [0, the task's share]. A result with a standard error is drawn from
its sampling distribution (normal, on the points scale, clipped) in the robustness analysis.
"""

from __future__ import annotations

from collections.abc import Mapping

from selector.evaluations.load import EvaluationEvidence, Measurement, TaskInfo
from selector.review import CONFIRM, ReviewFlag
from selector.scoring.rubric import (
    FLAG_PARTIAL,
    FLAG_REUSED,
    FLAG_UNKNOWN,
    CriterionScore,
    TraceEntry,
)

__all__ = ["FLAG_REUSED", "FLAG_VERSION", "describe", "performance_gates", "score_performance",
           "task_entry"]
FLAG_VERSION = "version-mismatch"
"""Runs of the task in different versions, compared on the task's stated reason."""
WHY = ("Model performance and accuracy is the risk-management consideration the HKIMR survey "
       "ranks first; the institution's own evaluation on its use case is the evidence, scored on "
       "the minimum and target the assessment states.")
CITE = "HKIMR report, executive summary; ch. 2 (survey: risk-management considerations)"


def describe(m: Measurement) -> str:
    err = f" ± {m.stderr:.3g}" if m.stderr is not None else ""
    n = f", n = {m.n}" if m.n is not None else ""
    return f"{m.metric} = {m.value:.4g}{err}{n}"


def _note(m: Measurement) -> str:
    parts = [f"model '{m.model}' on the {m.route} route"
             + (f" ({m.quantisation})" if m.quantisation else "")]
    if m.interval is not None:
        parts.append(f"95% interval [{m.interval[0]:.3g}, {m.interval[1]:.3g}] ({m.stderr_method})")
    else:
        parts.append(m.stderr_method)
    if m.partial:
        parts.append("partial run: " + "; ".join(m.partial))
    if m.reused:
        parts.append("reused from another route: " + m.reused)
    if m.version:
        parts.append(m.version)
    if m.source:
        parts.append("published: " + m.source)
    return "; ".join(parts)


def task_entry(criterion: str, task: TaskInfo, m: Measurement | None, offering_name: str,
               group: int, *, rule: str = "perf", why: str = WHY,
               cite: str = CITE) -> TraceEntry:
    """One task's entry, worth ``100 x task.share`` points of ``criterion``."""
    maximum = 100.0 * task.share
    fact = f"evaluations.{task.id}"
    scale = f"minimum {task.minimum:g} = 0, target {task.target:g} = 100"
    if m is None:
        return TraceEntry(
            criterion=criterion, rule=f"{rule}-{task.id}", fact=fact, value="unknown", points=0.0,
            max_points=maximum, outcome=f"no run measured it: earns 0 (evaluate {offering_name} "
            "on the suite)", counted=True, flags=(FLAG_UNKNOWN,),
            note=f"No evaluation run covers task '{task.name}' ({task.metric}) for this offering: "
            f"run the suite on {offering_name} and add the result file to the assessment.",
            why=why, cite=cite, group=group)
    on_task = task.points(m.value)
    points = on_task * task.share
    flags: list[str] = []
    if m.partial:
        flags.append(FLAG_PARTIAL)
    if m.reused:
        flags.append(FLAG_REUSED)
    if task.version_note:
        flags.append(FLAG_VERSION)
    sampling = None
    if m.stderr is not None and m.stderr > 0:
        width = abs(task.target - task.minimum)
        sampling = (task.raw_points(m.value) * task.share, m.stderr / width * 100.0 * task.share)
    run = f"run {m.tool_run_id}" if m.tool_run_id else f"run '{m.run}'"
    return TraceEntry(
        criterion=criterion, rule=f"{rule}-{task.id}", fact=fact, value=describe(m), points=points,
        max_points=maximum,
        outcome=f"{m.value:.4g} on [{scale}] = {on_task:.1f}; x share {task.share:.3g} = "
        f"{points:.1f}", counted=True, flags=tuple(flags), source=m.run,
        source_title=f"{m.file} ({m.format}, {run}, task '{task.name}', sha256 {m.sha256[:12]})",
        source_url=m.file, as_of=m.run_date,
        confidence="published" if m.source else "measured", note=_note(m),
        why=why + (f" Versions compared because: {task.version_note}" if task.version_note else ""),
        cite=cite, group=group, sampling=sampling)


def score_performance(evidence: EvaluationEvidence, offering: str,
                      offering_name: str) -> CriterionScore:
    entries = tuple(task_entry(evidence.criterion, task, evidence.measurement(offering, task.id),
                               offering_name, group)
                    for group, task in enumerate(evidence.performance_tasks))
    total = sum(e.points for e in entries)
    return CriterionScore(evidence.criterion, round(total, 9), entries)


def performance_gates(evidence: EvaluationEvidence | None, offering: str,
                      minimums: Mapping[str, float]) -> tuple[tuple[str, ...], tuple[ReviewFlag, ...]]:
    """``constraints.min_performance``: an offering measured worse than a task's minimum is
    excluded, with the measurement as the reason; one with no result is flagged for review."""
    if evidence is None or not minimums:
        return (), ()
    reasons: list[str] = []
    flags: list[ReviewFlag] = []
    tasks = {t.id: t for t in evidence.tasks}
    for task_id, threshold in sorted(minimums.items()):
        task = tasks[task_id]
        m = evidence.measurement(offering, task_id)
        if m is None:
            flags.append(ReviewFlag(CONFIRM, f"evaluations.{task_id}",
                                    f"task '{task.name}' must reach {task.metric} {threshold:g} "
                                    "(constraints.min_performance) and no run measured this "
                                    "offering: evaluate it on the suite"))
            continue
        if not task.meets(m.value, threshold):
            word = "<" if task.target >= task.minimum else ">"
            partial = f"; partial run: {'; '.join(m.partial)}" if m.partial else ""
            what = "red-team result" if task.counts_for == "security" else "performance"
            reasons.append(
                f"{what} on task '{task.name}': {describe(m)} {word} the minimum "
                f"{threshold:g} (constraints.min_performance): {m.file}, run '{m.run}'"
                f"{', ' + m.run_date if m.run_date else ''}{partial}")
    return tuple(reasons), tuple(flags)
