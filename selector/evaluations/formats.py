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

import csv
import hashlib
import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError

from selector.errors import InputError, Problem
from selector.io.validation import located, model_problems
from selector.io.yamlio import Document, read_text

MAX_RESULT_BYTES = 32 * 2**20
"""Largest result file read (32 MiB): lm-eval files with every task config stay well below."""
Z95 = 1.959963984540054
"""The normal quantile of a two-sided 95% interval."""


@dataclass(frozen=True, slots=True)
class Metric:
    value: float
    stderr: float | None = None
    interval: tuple[float, float] | None = None
    """95% interval: value +- 1.96 stderr, or the Wilson interval of pass/fail counts."""
    method: str = ""
    """How stderr was obtained (``from the file``, ``Wilson interval of 41/50``)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One model's result on one task in one file."""

    model: str
    task: str
    metrics: Mapping[str, Metric]
    n: int | None
    n_total: int | None
    partial: tuple[str, ...] = ()
    """Why the row is not a complete run (empty: complete)."""
    version: str | None = None
    """What must agree between rows of one task before they are compared."""
    run_id: str | None = None
    run_date: date | None = None
    loc: tuple[str | int, ...] = ()
    """Where the row is in the file (for located messages)."""


@dataclass(frozen=True, slots=True)
class ResultFile:
    path: str
    sha256: str
    format: str
    rows: tuple[Row, ...]
    document: Document = field(repr=False)


class Loose(BaseModel):
    """A tool's own file: the fields read here are checked, the many others ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True, allow_inf_nan=False)


Count = int
Value = float | int


def wilson(passed: int, total: int) -> Metric:
    """Pass rate with its Wilson score interval (95%); stderr is the interval's half-width over
    1.96, for drawing."""
    if total <= 0:
        return Metric(0.0, None, None, "no tests")
    p = passed / total
    denom = 1 + Z95**2 / total
    centre = (p + Z95**2 / (2 * total)) / denom
    half = Z95 * math.sqrt(p * (1 - p) / total + Z95**2 / (4 * total**2)) / denom
    low, high = max(0.0, centre - half), min(1.0, centre + half)
    return Metric(p, (high - low) / (2 * Z95), (low, high), f"Wilson interval of {passed}/{total}")


def _with_stderr(value: float, stderr: float | None, how: str) -> Metric:
    if stderr is None or not math.isfinite(stderr) or stderr < 0:
        return Metric(value, None, None, "no standard error in the file")
    return Metric(value, stderr, (value - Z95 * stderr, value + Z95 * stderr), how)


def _utc_day(stamp: str) -> date | None:
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).date()
    except ValueError:
        return None


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
            metrics[key] = _with_stderr(float(value), stderr, "from the file")
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
            shown = _with_stderr(metric.value, stderr, f"scorer {score.name}'s stderr metric")
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
                run_date=_utc_day(spec.created), loc=("eval", "task"))]


# --- promptfoo ------------------------------------------------------------------------------


class PromptfooRedteam(Loose):
    pluginPassCount: dict[str, Count] = Field(default_factory=dict)
    pluginFailCount: dict[str, Count] = Field(default_factory=dict)


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
    day = _utc_day(data.results.timestamp)
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
                metrics[f"named:{name}"] = Metric(value / count, None, None, "mean named score")
        if m.redteam is not None:
            for plugin in sorted(set(m.redteam.pluginPassCount) | set(m.redteam.pluginFailCount)):
                passed = m.redteam.pluginPassCount.get(plugin, 0)
                failed = m.redteam.pluginFailCount.get(plugin, 0)
                metrics[f"redteam:{plugin}"] = wilson(passed, passed + failed)
        partial = (f"{m.testErrorCount} of {total} tests errored",) if m.testErrorCount else ()
        template = hashlib.sha256(prompt.raw.encode()).hexdigest()[:12]
        rows.append(Row(prompt.provider, prompt.label, metrics, total, total, partial,
                        f"prompt template {template}", data.evalId, day, loc))
    return rows


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
        shown = _with_stderr(stat.mean, stderr, f"stddev / sqrt(count - 1), count {stat.count}")
        metrics[f"{stat.name.name}@{stat.name.split}"] = shown
        if stat.name.split in (None, "test") or stat.name.name not in metrics:
            metrics[stat.name.name] = shown
            if stat.name.split in (None, "test"):
                n = stat.count
    return [Row(model, task, metrics, n, n, (), None, None, None, ())]


# --- CSV ------------------------------------------------------------------------------------

CSV_COLUMNS = ("offering", "task", "metric", "value", "n", "stderr")


def read_csv(doc: Document) -> list[Row]:
    records = [(line, record) for line, record in enumerate(csv.reader(io.StringIO(doc.text)), 1)
               if not (record and record[0].lstrip().startswith("#"))]
    header = records[0][1] if records else None
    if header is None:
        raise InputError(Problem(doc.path, 1, 1, "", "empty CSV; expected the header "
                                 + ",".join(CSV_COLUMNS)))
    header = [h.strip().lower() for h in header]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise InputError(Problem(doc.path, records[0][0], 1, "", f"missing column(s) {', '.join(missing)}; "
                                 f"the header must name {','.join(CSV_COLUMNS)} (and may add date)"))
    col = {name: header.index(name) for name in (*CSV_COLUMNS, "date") if name in header}
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    problems: list[Problem] = []
    for line, record in records[1:]:
        if not any(cell.strip() for cell in record):
            continue

        def cell(name: str, record: Sequence[str] = record) -> str:
            index = col[name]
            return record[index].strip() if index < len(record) else ""

        def bad(name: str, message: str, line: int = line) -> None:
            problems.append(Problem(doc.path, line, col[name] + 1, name, message))

        offering, task, metric = cell("offering"), cell("task"), cell("metric")
        for name, text in (("offering", offering), ("task", task), ("metric", metric)):
            if not text:
                bad(name, "empty; every row needs an offering, a task and a metric")
        value = _number(cell("value"))
        if value is None:
            bad("value", f"'{cell('value')}' is not a finite number")
        n_text, err_text = cell("n"), cell("stderr")
        n = int(n_text) if n_text.isdigit() else None
        if n_text and n is None:
            bad("n", f"'{n_text}' is not a whole number of samples (leave it empty if unknown)")
        stderr = _number(err_text) if err_text else None
        if err_text and (stderr is None or stderr < 0):
            bad("stderr", f"'{err_text}' is not a standard error (a number >= 0, or empty)")
        day = None
        if "date" in col and cell("date"):
            try:
                day = date.fromisoformat(cell("date"))
            except ValueError:
                bad("date", f"'{cell('date')}' is not a date as YYYY-MM-DD")
        if problems or value is None:
            continue
        entry = grouped.setdefault((offering, task), {"metrics": {}, "n": n, "date": day,
                                                      "line": line})
        if metric in entry["metrics"]:
            bad("metric", f"{offering} / {task} / {metric} appears twice (also row "
                f"{entry['metrics'][metric][1]})")
            continue
        entry["metrics"][metric] = (_with_stderr(value, stderr, "from the file"), line)
    if problems:
        raise InputError(problems)
    return [Row(model, task, {k: v[0] for k, v in e["metrics"].items()}, e["n"], e["n"], (), None,
                None, e["date"], ("row", e["line"]))
            for (model, task), e in grouped.items()]


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


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
