"""Join an assessment's ``evaluations:`` block to its result files and to the offerings.

Every value becomes a :class:`Measurement`: a fact with provenance (the file, its sha256, the
tool's run id, the run's date) and uncertainty (n, the standard error from the file or a Wilson
interval from pass/fail counts). Nothing is compared or reused silently: a partial run is
flagged and cannot be claimed complete; runs of different task versions are refused unless the
task says why they may be compared; a score measured on one route stands for another only with
the run's ``reuse_for`` reason. Every problem is one located line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selector.errors import InputError, Problem
from selector.evaluations.formats import load_result_file, where
from selector.evaluations.rows import Metric, ResultFile, Row
from selector.io.validation import located, suggestion
from selector.io.yamlio import Document
from selector.models.evaluations import Evaluations, Run, Task
from selector.profiles import LoadedProfile


@dataclass(frozen=True, slots=True)
class TaskInfo:
    id: str
    name: str
    metric: str
    share: float
    """The task's share of the performance criterion (task weights normalised)."""
    minimum: float
    target: float
    language: str | None = None
    version_note: str | None = None
    counts_for: str = "performance"
    """``performance`` or ``security``: the criterion the result is evidence for (``share`` is
    the task's share among the tasks of that criterion)."""

    def points(self, value: float) -> float:
        """0-100 points for a metric value: 0 at (or beyond) the minimum, 100 at the target."""
        return min(100.0, max(0.0, self.raw_points(value)))

    def raw_points(self, value: float) -> float:
        return (value - self.minimum) / (self.target - self.minimum) * 100.0

    def meets(self, value: float, threshold: float) -> bool:
        """Whether ``value`` is at least as good as ``threshold`` on this task's direction."""
        return value >= threshold if self.target >= self.minimum else value <= threshold

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "metric": self.metric, "share": self.share,
                "minimum": self.minimum, "target": self.target, "language": self.language,
                "version_note": self.version_note, "counts_for": self.counts_for}


@dataclass(frozen=True, slots=True)
class Measurement:
    """One offering's result on one task: the value, its uncertainty and where it came from."""

    offering: str
    task: str
    metric: str
    value: float
    stderr: float | None
    interval: tuple[float, float] | None
    stderr_method: str
    n: int | None
    n_total: int | None
    partial: tuple[str, ...]
    run: str
    """The run's id in the assessment."""
    tool_run_id: str | None
    run_date: str | None
    file: str
    sha256: str
    format: str
    model: str
    route: str
    quantisation: str | None
    reused: str | None
    """Why a score measured on another route stands for this offering's (None: same route)."""
    version: str | None
    source: str | None
    """A published result's source (title, locator, url, date); None for the team's own run."""

    @property
    def complete(self) -> bool:
        return not self.partial

    def as_dict(self) -> dict[str, Any]:
        return {
            "offering": self.offering, "task": self.task, "metric": self.metric,
            "value": self.value, "stderr": self.stderr,
            "interval": list(self.interval) if self.interval else None,
            "stderr_method": self.stderr_method, "n": self.n, "n_total": self.n_total,
            "complete": self.complete, "partial": list(self.partial), "run": self.run,
            "tool_run_id": self.tool_run_id, "run_date": self.run_date, "file": self.file,
            "sha256": self.sha256, "format": self.format, "model": self.model,
            "route": self.route, "quantisation": self.quantisation, "reused": self.reused,
            "version": self.version, "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class EvaluationEvidence:
    criterion: str
    criterion_name: str
    share: float
    """The criterion's share of the decision."""
    tasks: tuple[TaskInfo, ...]
    measurements: Mapping[str, Mapping[str, Measurement]]
    """Offering id -> task id -> its measurement (a missing task: no run measured it)."""
    files: Mapping[str, str]
    """Result file (as shown) -> sha256."""
    security_criterion: str | None = None
    """The security criterion the tasks that count for security feed (None: none does)."""
    security_share: float = 0.0
    """The measured part's share of that criterion's points."""

    def measurement(self, offering: str, task: str) -> Measurement | None:
        return self.measurements.get(offering, {}).get(task)

    @property
    def performance_tasks(self) -> tuple[TaskInfo, ...]:
        """The tasks of the performance criterion (it exists only when there is one)."""
        return tuple(t for t in self.tasks if t.counts_for == "performance")

    @property
    def security_tasks(self) -> tuple[TaskInfo, ...]:
        """The tasks that are the measured part of the security criterion."""
        return tuple(t for t in self.tasks if t.counts_for == "security")

    def as_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion, "criterion_name": self.criterion_name,
            "share": self.share, "tasks": [t.as_dict() for t in self.tasks],
            "measurements": {o: {t: m.as_dict() for t, m in tasks.items()}
                             for o, tasks in self.measurements.items()},
            "files": dict(self.files),
            "security_criterion": self.security_criterion,
            "security_share": self.security_share,
        }


def _offering_ids(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _source_text(run: Run) -> str | None:
    s = run.source
    if s is None:
        return None
    return f"{s.title}, {s.locator} ({s.url}, {s.date.isoformat()})"


def load_evaluations(block: Evaluations, doc: Document, folder: Path,
                     profiles: Sequence[LoadedProfile], display: Any) -> EvaluationEvidence:
    """Read every run's file and join it to the tasks and offerings (``display`` shows a path
    relative to the assessment's folder)."""
    base = ("evaluations",)
    by_id = {lp.profile.id: lp for lp in profiles}
    problems: list[Problem] = _block_problems(block, doc)
    files: list[tuple[Run, int, ResultFile]] = []
    for i, run in enumerate(block.runs):
        loc = (*base, "runs", i)
        problems.extend(_run_problems(run, loc, doc, by_id))
        path = (folder / run.file).resolve()
        if not path.is_file():
            problems.append(located(doc, (*loc, "file"), f"'{run.file}' does not exist (relative "
                                    "paths are resolved against the assessment's folder)"))
            continue
        model = next(iter(run.models)) if run.format == "helm" else None
        if run.format == "helm" and (run.task is None or len(run.models) != 1):
            problems.append(located(doc, (*loc, "task" if run.task is None else "models"),
                                    "a HELM stats.json holds one run of one model: give the run's "
                                    "name as 'task' and exactly one entry in 'models'"))
            continue
        try:
            files.append((run, i, load_result_file(str(path), display(str(path)), run.format,
                                                   model=model, task=run.task)))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    tasks = _tasks(block.tasks)
    measurements: dict[str, dict[str, Measurement]] = {}
    first_seen: dict[tuple[str, str], str] = {}
    for run, i, result in files:
        loc = (*base, "runs", i)
        problems.extend(_model_problems(run, loc, doc, result))
        for j, task in enumerate(block.tasks):
            info = tasks[j]
            rows = [row for row in result.rows if row.task == info.name]
            if not rows:
                continue
            for row in rows:
                if row.model in run.ignore_models or row.model not in run.models:
                    continue
                metric = row.metrics.get(info.metric)
                if metric is None:
                    problems.append(located(doc, (*base, "tasks", j, "metric"),
                                            f"metric '{info.metric}' is not in {result.path} for "
                                            f"task '{info.name}' (it has: "
                                            f"{', '.join(sorted(row.metrics)) or 'none'}); "
                                            + suggestion(info.metric, sorted(row.metrics))))
                    break
                for offering in _offering_ids(run.models[row.model]):
                    key = (offering, task.id)
                    if key in first_seen:
                        problems.append(located(doc, (*loc, "models", row.model),
                                                f"{offering} is measured on task '{task.id}' twice "
                                                f"(also by run '{first_seen[key]}'); keep one run "
                                                "per offering and task"))
                        continue
                    first_seen[key] = run.id
                    measurements.setdefault(offering, {})[task.id] = _measurement(
                        run, result, row, metric, offering, info, by_id)
    for j, task in enumerate(block.tasks):
        info = tasks[j]
        if not any(row.task == info.name for _, _, result in files for row in result.rows):
            available = sorted({row.task for _, _, result in files for row in result.rows})
            problems.append(located(doc, (*base, "tasks", j, "name" if task.name else "id"),
                                    f"task '{info.name}' is in none of the result files (they "
                                    f"have: {', '.join(available) or 'none'}); "
                                    + suggestion(info.name, available)))
    problems.extend(_version_problems(block.tasks, tasks, measurements, doc))
    if problems:
        raise InputError(sorted(set(problems), key=lambda p: (p.file, p.line, p.column)))
    totals = {group: sum(t.weight for t in block.tasks if t.counts_for == group)
              for group in {t.counts_for for t in block.tasks}}
    infos = tuple(
        TaskInfo(t.id, tasks[j].name, t.metric, t.weight / totals[t.counts_for], t.minimum,
                 t.target, t.language, t.accept_version_mismatch, t.counts_for)
        for j, t in enumerate(block.tasks))
    security = block.security
    return EvaluationEvidence(
        criterion=block.criterion.id, criterion_name=block.criterion.name,
        share=block.criterion.weight, tasks=infos,
        measurements={o: dict(sorted(m.items())) for o, m in sorted(measurements.items())},
        files={result.path: result.sha256 for _, _, result in files},
        security_criterion=security.criterion if security is not None else None,
        security_share=security.share if security is not None else 0.0,
    )


def _block_problems(block: Evaluations, doc: Document) -> list[Problem]:
    """Tasks that count for security need the block's ``security:`` share, and it needs them."""
    base = ("evaluations",)
    problems = []
    secure = [j for j, t in enumerate(block.tasks) if t.counts_for == "security"]
    if secure and block.security is None:
        problems.append(located(doc, (*base, "tasks", secure[0], "counts_for"),
                                "a task counts for security, so the evaluations block needs "
                                "'security: {share: <0-1>}': the measured part's share of the "
                                "security criterion's points (the rubric keeps the rest)"))
    if block.security is not None and not secure:
        problems.append(located(doc, (*base, "security"),
                                "no task counts for security ('counts_for: security'), so there "
                                "is nothing to give a share of the security criterion: remove "
                                "'security:' or mark the red-team tasks"))
    problems += [located(doc, (*base, "tasks", j, "language"),
                         "a task that counts for security evidences no language: remove "
                         "'language:' or count the task for performance")
                 for j in secure if block.tasks[j].language is not None]
    return problems


def _tasks(tasks: Sequence[Task]) -> dict[int, TaskInfo]:
    return {j: TaskInfo(t.id, t.name or t.id, t.metric, t.weight, t.minimum, t.target, t.language,
                        counts_for=t.counts_for)
            for j, t in enumerate(tasks)}


def _run_problems(run: Run, loc: tuple[str | int, ...], doc: Document,
                  by_id: Mapping[str, LoadedProfile]) -> list[Problem]:
    problems = []
    ids = sorted(by_id)
    mapped: set[str] = set()
    for name, target in run.models.items():
        for offering in _offering_ids(target):
            mapped.add(offering)
            lp = by_id.get(offering)
            if lp is None:
                problems.append(located(doc, (*loc, "models", name),
                                        f"model '{name}' maps to '{offering}', which is no offering "
                                        "in the profiles; " + suggestion(offering, ids)))
                continue
            route = lp.profile.route
            if route is not None and route != run.route and offering not in run.reuse_for:
                problems.append(located(
                    doc, (*loc, "models", name),
                    f"run '{run.id}' measured the {run.route} route, but {offering} is "
                    f"{route}: a score is not reused across routes silently; add "
                    f"'reuse_for: {{{offering}: <why the same weights behave the same>}}' or map "
                    "a run of that route"))
    for offering in run.reuse_for:
        lp = by_id.get(offering)
        if offering not in mapped:
            problems.append(located(doc, (*loc, "reuse_for", offering),
                                    f"'{offering}' is not mapped by this run's models, so there is "
                                    "nothing to reuse; " + suggestion(offering, sorted(mapped))))
        elif lp is not None and lp.profile.route == run.route:
            problems.append(located(doc, (*loc, "reuse_for", offering),
                                    f"{offering} is {run.route}, the route run '{run.id}' measured, "
                                    "so nothing is reused: remove it, or give the run the route it "
                                    "really measured"))
    return problems


def _model_problems(run: Run, loc: tuple[str | int, ...], doc: Document,
                    result: ResultFile) -> list[Problem]:
    """Every model in the file maps to an offering (or is ignored); every mapped name is in it."""
    problems = []
    in_file = sorted({row.model for row in result.rows})
    if run.format != "helm":
        for name in run.models:
            if name not in in_file:
                problems.append(located(doc, (*loc, "models", name),
                                        f"model '{name}' is not in {result.path} (it has: "
                                        f"{', '.join(in_file) or 'none'}); "
                                        + suggestion(name, in_file)))
    seen: set[str] = set()
    for row in result.rows:
        if row.model in run.models or row.model in run.ignore_models or row.model in seen:
            continue
        seen.add(row.model)
        place = where(result, row)
        problems.append(Problem(place.file, place.line, place.column, place.field or "model",
                                f"model '{row.model}' maps to no offering: add it to "
                                f"{doc.path}'s evaluations run '{run.id}' under models (or "
                                "ignore_models)"))
    partial = sorted({reason for row in result.rows if row.model in run.models
                      for reason in row.partial})
    if run.complete and partial:
        problems.append(located(doc, (*loc, "complete"),
                                f"run '{run.id}' cannot be tagged complete: {result.path} shows a "
                                f"partial run ({'; '.join(partial)}); remove 'complete: true' or "
                                "re-run it in full"))
    return problems


def _measurement(run: Run, result: ResultFile, row: Row, metric: Metric, offering: str,
                 info: TaskInfo, by_id: Mapping[str, LoadedProfile]) -> Measurement:
    day = row.run_date or run.date
    route = by_id[offering].profile.route
    reused = run.reuse_for.get(offering) if route is not None and route != run.route else None
    return Measurement(
        offering=offering, task=info.id, metric=info.metric, value=metric.value,
        stderr=metric.stderr, interval=metric.interval, stderr_method=metric.method,
        n=metric.n if metric.n is not None else row.n,
        n_total=row.n_total, partial=row.partial, run=run.id, tool_run_id=row.run_id,
        run_date=day.isoformat() if day else None, file=result.path, sha256=result.sha256,
        format=result.format, model=row.model, route=run.route, quantisation=run.quantisation,
        reused=reused, version=row.version, source=_source_text(run),
    )


def _version_problems(tasks: Sequence[Task], infos: Mapping[int, TaskInfo],
                      measurements: Mapping[str, Mapping[str, Measurement]],
                      doc: Document) -> list[Problem]:
    problems = []
    for j, task in enumerate(tasks):
        seen: dict[str, list[str]] = {}
        for offering, by_task in measurements.items():
            m = by_task.get(task.id)
            if m is not None and m.version is not None:
                seen.setdefault(m.version, []).append(offering)
        if len(seen) > 1 and task.accept_version_mismatch is None:
            shown = "; ".join(f"{', '.join(who)}: {version}" for version, who in sorted(seen.items()))
            problems.append(located(doc, ("evaluations", "tasks", j),
                                    f"task '{infos[j].name}' was run in different versions "
                                    f"({shown}); re-run on one version, or say why they compare "
                                    "with 'accept_version_mismatch: <reason>'"))
    return problems
