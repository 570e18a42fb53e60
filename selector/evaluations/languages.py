"""Language capability as measured: an evaluation task with a ``language:`` tag is the evidence
for that language, in the adaptability language rule and in the required-languages gate.

For each capability a task's tag evidences (read through its subtags the way the profile's
declared tags are: ``yue``; ``zh-HK`` evidences ``yue``, ``zh-hant`` and ``zh``):

- the offering's result at or beyond the task's ``minimum`` (on the task's direction) makes
  the capability **measured**: it counts, whatever the profile declares;
- a result worse than the minimum makes it **measured below**: it does not count, even when
  the profile declares it (every measured task of the capability must reach its minimum);
- no result for it leaves the profile's declared list as the fallback, marked **declared, not
  measured**.

A result from a partial run or reused from another route still decides, and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from selector.evaluations.load import EvaluationEvidence, Measurement
from selector.models.languages import capabilities

MEASURED = "measured"
"""The capability's measured results all reach their tasks' minimums: it counts."""
BELOW = "measured-below"
"""A measured result is worse than its task's minimum: the capability does not count."""
DECLARED = "declared"
"""No run measured the capability; the profile's declaration is the fallback."""


@dataclass(frozen=True, slots=True)
class LanguageResult:
    """One offering's result on one language task, read against the task's minimum."""

    task: str
    """The task id."""
    tag: str
    """The task's language tag, as the block gives it."""
    capabilities: tuple[str, ...]
    minimum: float
    capable: bool
    measurement: Measurement

    @property
    def text(self) -> str:
        """``measured: <task> <value> (95% CI a-b, n=N, file, run date)``, with what bounds
        it: below the minimum, a partial run, a score reused from another route, a published
        source."""
        m = self.measurement
        word = "" if self.capable else f" below the minimum {self.minimum:g}"
        ci = f"95% CI {m.interval[0]:.3g}-{m.interval[1]:.3g}" if m.interval else "no interval"
        n = f"n={m.n}" if m.n is not None else "n unknown"
        parts = [ci, n, m.file, m.run_date or "undated"]
        if m.partial:
            parts.append("partial run: " + "; ".join(m.partial))
        if m.reused:
            parts.append(f"reused from the {m.route} route: {m.reused.rstrip('.')}")
        if m.source:
            parts.append("a published result (its source is in the performance trace)")
        return f"measured: {self.task} {m.value:.4g}{word} ({', '.join(parts)})"


@dataclass(frozen=True, slots=True)
class MeasuredLanguages:
    """An offering's language results (empty when no run measured a language task for it)."""

    results: tuple[LanguageResult, ...] = ()

    def of(self, capability: str) -> tuple[LanguageResult, ...]:
        return tuple(r for r in self.results if capability in r.capabilities)

    def status(self, capability: str) -> str:
        """:data:`MEASURED`, :data:`BELOW` or :data:`DECLARED` (nothing measured it)."""
        found = self.of(capability)
        if not found:
            return DECLARED
        return MEASURED if all(r.capable for r in found) else BELOW

    def text(self, capability: str) -> str:
        return "; ".join(r.text for r in self.of(capability)) or "declared, not measured"

    @property
    def measured(self) -> tuple[str, ...]:
        """Every capability some result covers, in task order."""
        return tuple(dict.fromkeys(c for r in self.results for c in r.capabilities))


NOT_MEASURED = MeasuredLanguages()


def measured_languages(evidence: EvaluationEvidence | None, offering: str) -> MeasuredLanguages:
    """The offering's results on the block's language tasks (tasks without ``language:`` and
    tasks no run measured for the offering leave nothing)."""
    if evidence is None:
        return NOT_MEASURED
    results = []
    for task in evidence.tasks:
        m = evidence.measurement(offering, task.id)
        if task.language is None or m is None:
            continue
        results.append(LanguageResult(task.id, task.language, capabilities(task.language),
                                      task.minimum, task.meets(m.value, task.minimum), m))
    return MeasuredLanguages(tuple(results))


@dataclass(frozen=True, slots=True)
class LanguageReading:
    """What the language rule counts: the declared capabilities overruled by measurement."""

    counted: tuple[str, ...]
    """The capabilities that count: measured, and declared where nothing measured them."""
    declared_only: tuple[str, ...]
    """Counted on the profile's declaration alone."""
    below: tuple[str, ...]
    """Measured below a minimum: not counted (declared or not)."""
    lines: tuple[str, ...]
    """One line per capability: ``yue: measured: ...``; ``en, zh: declared, not measured``."""
    partial: bool
    reused: bool


def read_languages(declared: Sequence[str] | None, measured: MeasuredLanguages) -> LanguageReading:
    """The capabilities the rule counts, from the profile's declared tags (None: unknown) and
    the measured results."""
    have = list(dict.fromkeys(c for tag in declared or () for c in capabilities(tag)))
    order = list(dict.fromkeys([*have, *measured.measured]))
    counted, declared_only, below, lines = [], [], [], []
    for cap in order:
        status = measured.status(cap)
        if status == DECLARED:
            counted.append(cap)
            declared_only.append(cap)
        elif status == MEASURED:
            counted.append(cap)
            lines.append(f"{cap}: {measured.text(cap)}")
        else:
            below.append(cap)
            lines.append(f"{cap}: not counted{' although declared' if cap in have else ''}; "
                         + measured.text(cap))
    if declared_only:
        lines.append(f"{', '.join(declared_only)}: declared, not measured")
    return LanguageReading(tuple(counted), tuple(declared_only), tuple(below), tuple(lines),
                           partial=any(r.measurement.partial for r in measured.results),
                           reused=any(r.measurement.reused for r in measured.results))
