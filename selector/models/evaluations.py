"""An assessment's ``evaluations:`` block: the institution's own evaluation runs as evidence.

Results belong to the institution and its use case, not to the vendor profile: the block names
the result files, their format, which task and metric count, each task's weight within the
performance criterion, and the minimum acceptable and target value of each metric (the data that
fixes the 0-100 points scale), and how the model names in the files map to offerings.
"""

from __future__ import annotations

from datetime import date as Day
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from selector.models.common import Bool, LongText, Number, Slug, Strict, Text
from selector.models.languages import LanguageTag
from selector.models.profile import Route

Format = Literal["lm-eval", "inspect", "promptfoo", "helm", "csv"]
FORMATS: tuple[str, ...] = ("lm-eval", "inspect", "promptfoo", "helm", "csv")
RelPath = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=500)]
ModelName = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=300)]
Share = Annotated[float, Field(strict=True, gt=0, lt=1, allow_inf_nan=False)]
TaskWeight = Annotated[float, Field(strict=True, gt=0, le=1000, allow_inf_nan=False)]
CountsFor = Literal["performance", "security"]
COUNTS_FOR: tuple[str, ...] = ("performance", "security")


class PublishedSource(Strict):
    """Where a published result was read (a model card's or paper's table, a leaderboard
    release): required for results the institution did not measure itself."""

    title: Text
    url: Text
    locator: Text
    """The table, section or row the numbers come from."""
    date: Day


class Run(Strict):
    """One result file and what it measured."""

    id: Slug
    format: Format
    file: RelPath
    """The result file, relative to the assessment's folder."""
    route: Route
    """The delivery route the run measured (a score measured self-hosted is not silently reused
    for a cloud route)."""
    quantisation: Text | None = None
    """How the weights were served when it is not the provider's own (``bf16``, ``int4-awq``)."""
    models: dict[ModelName, Slug | list[Slug]] = Field(min_length=1, max_length=200)
    """Model name as the file writes it -> the offering id (or ids) it measured."""
    ignore_models: list[ModelName] = Field(default_factory=list, max_length=200)
    """Model names in the file that measure no offering of this assessment."""
    reuse_for: dict[Slug, LongText] = Field(default_factory=dict)
    """Offering id -> why a score measured on this run's route stands for that offering's
    (different) route. Without it a route mismatch is refused."""
    task: Text | None = None
    """HELM only: the run name the ``stats.json`` belongs to (``mmlu:subject=philosophy``)."""
    date: Day | None = None
    """The run's date where the file does not record one (HELM, CSV)."""
    complete: Bool | None = None
    """The team's claim that the run is complete; refused when the file shows a partial run."""
    source: PublishedSource | None = None
    """For published results (CSV): where the numbers were read."""


class Task(Strict):
    """One task and metric of the suite, and how it maps onto 0-100 points."""

    id: Slug
    name: Text | None = None
    """The task's name in the files (default: the id): lm-eval's results key, inspect's
    ``eval.task``, promptfoo's prompt label, HELM's run name, the CSV's task column."""
    metric: Text
    """lm-eval ``acc,none``; inspect ``accuracy`` or ``scorer/accuracy``; promptfoo
    ``pass_rate``, ``score`` or ``named:<name>`` (red-team plugins ``redteam:<plugin>``);
    HELM ``exact_match`` (split ``test``) or ``exact_match@valid``; CSV the metric column."""
    weight: TaskWeight = 1.0
    """The task's weight within the performance criterion (weights are normalised)."""
    minimum: Number
    """The least acceptable value: it and anything worse earns 0 points."""
    target: Number
    """The value that earns all 100 points (lower than ``minimum`` for a metric where lower is
    better, such as an error rate)."""
    language: LanguageTag | None = None
    """The language the task measures (``yue`` for a Cantonese suite): a result at or above the
    minimum evidences the language for the language rule and the required-languages gate."""
    accept_version_mismatch: LongText | None = None
    """Why runs of different task versions may still be compared; without it they are refused."""
    counts_for: CountsFor = "performance"
    """The criterion the result is evidence for: ``performance`` (the evaluations criterion), or
    ``security``: a red-team or attack-resistance result (promptfoo ``redteam:<plugin>``, an
    in-house jailbreak suite), the measured part of the security criterion (see
    ``evaluations.security``)."""
    description: LongText | None = None


class PerformanceCriterion(Strict):
    id: Slug = "performance"
    name: Text = "Task performance (evaluated)"
    weight: Share = 0.2
    """The criterion's share of the whole decision; the other criteria keep their proportions."""
    description: LongText | None = None


class MeasuredSecurity(Strict):
    """How the tasks that count for security enter the security criterion."""

    criterion: Slug = "security"
    """The criteria set's security criterion (a rubric criterion)."""
    share: Share
    """The measured part's share of the security criterion's 0-100 points: the tasks that count
    for security earn up to ``100 x share`` between them, and every rubric rule (the vendor's
    declared evidence) keeps ``1 - share`` of its points. A policy choice, stated in the file."""
    description: LongText | None = None


class Evaluations(Strict):
    criterion: PerformanceCriterion = Field(default_factory=PerformanceCriterion)
    security: MeasuredSecurity | None = None
    """Required when a task counts for security."""

    @property
    def performance_criterion(self) -> str | None:
        """The performance criterion's id, when a task counts for it (None: every task counts
        for security, and the block adds no criterion)."""
        return (self.criterion.id if any(t.counts_for == "performance" for t in self.tasks)
                else None)
    runs: list[Run] = Field(min_length=1, max_length=100)
    tasks: list[Task] = Field(min_length=1, max_length=60)
