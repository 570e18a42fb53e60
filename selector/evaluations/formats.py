"""Readers for evaluation result files: the fields selector uses, as pydantic models.

Each reader takes the structure from the tool's own source (cited per format below and in each
test fixture's header); nothing depends on the tools themselves. A file becomes rows, one per
(model, task), each with its metrics (value and standard error), its sample counts, why it is
partial if it is, and a version key: what must agree before two rows of one task are compared.

- lm-evaluation-harness ``results_<date>.json`` (``lm_eval/result_schema.py``,
  ``lm_eval/loggers/evaluation_tracker.py``): ``results.<task>."<metric>,<filter>"`` and its
  ``"<metric>_stderr,<filter>"`` twin, ``n-samples.<task>.{original,effective}``,
  ``task_hashes``, ``versions``, ``config.{model,model_args,limit}``, ``model_name``, ``date``
  (a UNIX timestamp).
- inspect_ai JSON eval logs (``src/inspect_ai/log/_log.py``): ``status``, ``eval.{run_id,
  created, task, task_version, model, dataset.{name, samples, sample_ids}, revision.dirty}``,
  ``results.{total_samples, completed_samples, scores[].{name, scorer, metrics}}``.
- promptfoo ``-o results.json`` (``src/types/index.ts``: ``EvaluateSummaryV3``,
  ``CompletedPrompt``, ``PromptMetrics``): ``evalId``, ``results.{timestamp, prompts[].{raw,
  label, provider, metrics.{score, testPassCount, testFailCount, testErrorCount, namedScores,
  namedScoresCount, redteam, cost}}}``.
- HELM ``stats.json`` (``src/helm/benchmark/metrics/statistic.py``, written by
  ``src/helm/benchmark/runner.py``): a list of ``{name: {name, split, sub_split,
  perturbation}, count, mean, stddev}`` (``stddev`` is the population deviation).
- CSV: ``offering,task,metric,value,n,stderr`` (``n`` and ``stderr`` may be empty), an
  optional ``date`` column.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import ConfigDict, Field, RootModel, ValidationError

from selector.errors import InputError, Problem
from selector.evaluations.csvfile import read_csv
from selector.evaluations.rows import (
    Count,
    Loose,
    Metric,
    ResultFile,
    Row,
    utc_day,
    wilson,
    with_stderr,
)
from selector.io.validation import located, model_problems
from selector.io.yamlio import Document, read_text

MAX_RESULT_BYTES = 32 * 2**20
"""Largest result file read (32 MiB): lm-eval files with every task config stay well below."""


# --- lm-evaluation-harness ------------------------------------------------------------------


class LmEvalSamples(Loose):
    original: Count = Field(ge=0)
    effective: Count = Field(ge=0)


class LmEvalConfig(Loose):
    model: str | None = None
    model_args: str | dict[str, Any] | None = None
    limit: float | None = None


class LmEvalFile(Loose):
    results: dict[str, dict[str, Any]]
    n_samples: dict[str, LmEvalSamples] = Field(default_factory=dict, alias="n-samples")
    task_hashes: dict[str, str] = Field(default_factory=dict)
    versions: dict[str, str | float | None] = Field(default_factory=dict)
    config: LmEvalConfig = Field(default_factory=LmEvalConfig)
    model_name: str | None = None
    date: float | None = None


def _lm_eval_model(data: LmEvalFile) -> str:
    if data.model_name:
        return data.model_name
    args = data.config.model_args
    if isinstance(args, dict):
        for key in ("pretrained", "model", "path"):
            if isinstance(args.get(key), str):
                return str(args[key])
    elif isinstance(args, str):
        parts = dict(p.split("=", 1) for p in args.split(",") if "=" in p)
        for key in ("pretrained", "model", "path"):
            if key in parts:
                return parts[key]
    return data.config.model or "unknown"


def read_lm_eval(doc: Document) -> list[Row]:
    data = _validate(doc, LmEvalFile, "an lm-evaluation-harness results file")
    model = _lm_eval_model(data)
    day = datetime.fromtimestamp(data.date, UTC).date() if data.date is not None else None
    rows = []
    for task, values in data.results.items():
        metrics: dict[str, Metric] = {}
        for key, value in values.items():
            if "," not in key or "_stderr," in key or isinstance(value, bool):
                continue
            if not isinstance(value, int | float):
                continue
            name, _, filt = key.partition(",")
            err = values.get(f"{name}_stderr,{filt}")
            stderr = float(err) if isinstance(err, int | float) and not isinstance(err, bool) else None
            metrics[key] = with_stderr(float(value), stderr, "from the file")
        counts = data.n_samples.get(task)
        partial = []
        if counts is not None and counts.effective < counts.original:
            partial.append(f"--limit: {counts.effective} of {counts.original} samples")
        elif data.config.limit is not None:
            partial.append(f"run with --limit {data.config.limit:g}")
        digest = data.task_hashes.get(task)
        version = (f"task hash {digest}" if digest else
                   f"task version {data.versions.get(task)} (no task hash: run with --log_samples)")
        rows.append(Row(model=model, task=task, metrics=metrics,
                        n=counts.effective if counts else None,
                        n_total=counts.original if counts else None,
                        partial=tuple(partial), version=version, run_id=None, run_date=day,
                        loc=("results", task)))
    return rows


# --- inspect_ai -----------------------------------------------------------------------------


class InspectMetric(Loose):
    name: str
    value: float


class InspectScore(Loose):
    name: str
    scorer: str
    scored_samples: Count | None = None
    metrics: dict[str, InspectMetric] = Field(default_factory=dict)


class InspectResults(Loose):
    total_samples: Count = 0
    completed_samples: Count = 0
    scores: list[InspectScore] = Field(default_factory=list)


class InspectDataset(Loose):
    name: str | None = None
    samples: Count | None = None
    sample_ids: list[str | int] | None = None


class InspectRevision(Loose):
    commit: str
    dirty: bool | None = None


class InspectSpec(Loose):
    run_id: str = ""
    created: str
    task: str
    task_version: int | str = 0
    dataset: InspectDataset
    model: str
    revision: InspectRevision | None = None


class InspectLog(Loose):
    status: Literal["started", "success", "cancelled", "error"]
    eval: InspectSpec
    results: InspectResults | None = None


def read_inspect(doc: Document) -> list[Row]:
    log = _validate(doc, InspectLog, "an inspect_ai eval log (JSON)")
    spec = log.eval
    results = log.results or InspectResults()
    metrics: dict[str, Metric] = {}
    for score in results.scores:
        stderr_metric = score.metrics.get("stderr")
        stderr = stderr_metric.value if stderr_metric is not None else None
        for name, metric in score.metrics.items():
            if name == "stderr":
                continue
            shown = with_stderr(metric.value, stderr, f"scorer {score.name}'s stderr metric")
            metrics.setdefault(f"{score.name}/{name}", shown)
            metrics.setdefault(name, shown)
    partial = []
    if log.status != "success":
        partial.append(f"status {log.status}")
    if results.completed_samples < results.total_samples:
        partial.append(f"{results.completed_samples} of {results.total_samples} samples completed")
    if spec.revision is not None and spec.revision.dirty:
        partial.append(f"dirty revision {spec.revision.commit} (uncommitted changes)")
    ids = spec.dataset.sample_ids
    id_hash = hashlib.sha256(json.dumps(ids).encode()).hexdigest()[:12] if ids else "not recorded"
    version = (f"task version {spec.task_version}, dataset {spec.dataset.name or '?'} "
               f"({spec.dataset.samples if spec.dataset.samples is not None else '?'} samples, "
               f"sample ids {id_hash})")
    return [Row(model=spec.model, task=spec.task, metrics=metrics,
                n=results.completed_samples, n_total=results.total_samples,
                partial=tuple(partial), version=version, run_id=spec.run_id or None,
                run_date=utc_day(spec.created), loc=("eval", "task"))]


# --- promptfoo ------------------------------------------------------------------------------


class PromptfooRedteam(Loose):
    """Red-team pass/fail counts by plugin and by strategy. A pass is an attack the target
    resisted (the plugin's grader found no vulnerability), so a pass rate is a resistance rate."""

    pluginPassCount: dict[str, Count] = Field(default_factory=dict)
    pluginFailCount: dict[str, Count] = Field(default_factory=dict)
    strategyPassCount: dict[str, Count] = Field(default_factory=dict)
    strategyFailCount: dict[str, Count] = Field(default_factory=dict)


class PromptfooMetrics(Loose):
    score: float
    testPassCount: Count = Field(ge=0)
    testFailCount: Count = Field(ge=0)
    testErrorCount: Count = Field(default=0, ge=0)
    namedScores: dict[str, float] = Field(default_factory=dict)
    namedScoresCount: dict[str, Count] = Field(default_factory=dict)
    redteam: PromptfooRedteam | None = None
    cost: float | None = None


class PromptfooPrompt(Loose):
    raw: str
    label: str
    provider: str
    metrics: PromptfooMetrics | None = None


class PromptfooSummary(Loose):
    version: int
    timestamp: str
    prompts: list[PromptfooPrompt]


class PromptfooFile(Loose):
    evalId: str | None = None
    results: PromptfooSummary


def read_promptfoo(doc: Document) -> list[Row]:
    data = _validate(doc, PromptfooFile, "a promptfoo results file (promptfoo eval -o results.json)")
    day = utc_day(data.results.timestamp)
    rows = []
    for index, prompt in enumerate(data.results.prompts):
        m = prompt.metrics
        loc: tuple[str | int, ...] = ("results", "prompts", index)
        if m is None:
            rows.append(Row(prompt.provider, prompt.label, {}, None, None, ("no metrics",),
                            None, data.evalId, day, loc))
            continue
        total = m.testPassCount + m.testFailCount + m.testErrorCount
        metrics: dict[str, Metric] = {"pass_rate": wilson(m.testPassCount, total)}
        if total:
            metrics["score"] = Metric(m.score / total, None, None, "mean test score; no stderr")
        for name, value in m.namedScores.items():
            count = m.namedScoresCount.get(name) or 0
            if count:
                metrics[f"named:{name}"] = Metric(value / count, None, None, "mean named score",
                                                 n=count)
        if m.redteam is not None:
            metrics.update(_redteam_metrics(m.redteam))
        partial = (f"{m.testErrorCount} of {total} tests errored",) if m.testErrorCount else ()
        template = hashlib.sha256(prompt.raw.encode()).hexdigest()[:12]
        rows.append(Row(prompt.provider, prompt.label, metrics, total, total, partial,
                        f"prompt template {template}", data.evalId, day, loc))
    return rows


def _redteam_metrics(rt: PromptfooRedteam) -> dict[str, Metric]:
    """``redteam`` (every plugin's attacks pooled), ``redteam:<plugin>`` and
    ``redteam-strategy:<strategy>``: resistance rates with Wilson intervals."""
    metrics: dict[str, Metric] = {}
    pooled = [0, 0]
    for plugin in sorted(set(rt.pluginPassCount) | set(rt.pluginFailCount)):
        passed, failed = rt.pluginPassCount.get(plugin, 0), rt.pluginFailCount.get(plugin, 0)
        pooled[0] += passed
        pooled[1] += failed
        metrics[f"redteam:{plugin}"] = wilson(passed, passed + failed)
    if sum(pooled):
        metrics["redteam"] = wilson(pooled[0], sum(pooled))
    for strategy in sorted(set(rt.strategyPassCount) | set(rt.strategyFailCount)):
        passed, failed = rt.strategyPassCount.get(strategy, 0), rt.strategyFailCount.get(strategy, 0)
        metrics[f"redteam-strategy:{strategy}"] = wilson(passed, passed + failed)
    return metrics


# --- HELM -----------------------------------------------------------------------------------


class HelmName(Loose):
    name: str
    split: str | None = None
    sub_split: str | None = None
    perturbation: dict[str, Any] | None = None


class HelmStat(Loose):
    name: HelmName
    count: Count = Field(ge=0)
    mean: float | None = None
    stddev: float | None = None


class HelmStats(RootModel[list[HelmStat]]):
    model_config = ConfigDict(frozen=True)


def read_helm(doc: Document, model: str, task: str) -> list[Row]:
    try:
        stats = HelmStats.model_validate(doc.data).root
    except ValidationError as exc:
        raise InputError(model_problems(exc, doc, HelmStats)) from None
    metrics: dict[str, Metric] = {}
    n = None
    for stat in stats:
        if stat.name.perturbation is not None or stat.name.sub_split is not None or stat.mean is None:
            continue
        stderr = (stat.stddev / math.sqrt(stat.count - 1)
                  if stat.stddev is not None and stat.count > 1 else None)
        shown = with_stderr(stat.mean, stderr, f"stddev / sqrt(count - 1), count {stat.count}")
        metrics[f"{stat.name.name}@{stat.name.split}"] = shown
        if stat.name.split in (None, "test") or stat.name.name not in metrics:
            metrics[stat.name.name] = shown
            if stat.name.split in (None, "test"):
                n = stat.count
    return [Row(model, task, metrics, n, n, (), None, None, None, ())]


# --- the border -----------------------------------------------------------------------------


def _validate(doc: Document, model: type[Any], what: str) -> Any:
    if not isinstance(doc.data, dict):
        raise InputError(Problem(doc.path, 1, 1, "", f"{what} must be a JSON object, not "
                                 f"{type(doc.data).__name__}"))
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(model_problems(exc, doc, model)) from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def load_result_file(path: str, display: str, fmt: str, *, model: str | None = None,
                     task: str | None = None) -> ResultFile:
    """Read one result file of format ``fmt``; every problem is one located line."""
    text, raw = read_text(path, display, limit=MAX_RESULT_BYTES)
    sha = hashlib.sha256(raw).hexdigest()
    if fmt == "csv":
        doc = Document(display, text, None, sha)
        return ResultFile(display, sha, fmt, tuple(read_csv(doc)), doc)
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InputError(Problem(display, exc.lineno, exc.colno, "",
                                 f"not valid JSON ({exc.msg}); expected a {fmt} result file")) from None
    except ValueError as exc:
        raise InputError(Problem(display, 1, 1, "", f"{exc}; expected a {fmt} result file")) from None
    doc = Document(display, text, data, sha)
    if fmt == "lm-eval":
        rows = read_lm_eval(doc)
    elif fmt == "inspect":
        rows = read_inspect(doc)
    elif fmt == "promptfoo":
        rows = read_promptfoo(doc)
    elif fmt == "helm":
        assert model is not None and task is not None
        rows = read_helm(doc, model, task)
    else:  # pragma: no cover - the assessment model admits only the formats above
        raise InputError(Problem(display, 1, 1, "", f"unknown format '{fmt}'"))
    return ResultFile(display, sha, fmt, tuple(rows), doc)


def where(result: ResultFile, row: Row) -> Problem:
    """The row's place in its file, as a problem to which a message is added."""
    if result.format == "csv" and row.loc:
        return Problem(result.path, int(row.loc[1]), 1, "", "")
    return located(result.document, row.loc, "")
