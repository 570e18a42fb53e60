"""What a result file becomes: rows of (model, task) with metrics, counts and provenance."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from selector.io.yamlio import Document

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
    n: int | None = None
    """The metric's own sample count where it differs from the row's (a red-team plugin's
    attacks among all the prompt's tests); None: the row's."""


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
    return Metric(p, (high - low) / (2 * Z95), (low, high), f"Wilson interval of {passed}/{total}",
                  total)


def with_stderr(value: float, stderr: float | None, how: str) -> Metric:
    if stderr is None or not math.isfinite(stderr) or stderr < 0:
        return Metric(value, None, None, "no standard error in the file")
    return Metric(value, stderr, (value - Z95 * stderr, value + Z95 * stderr), how)


def utc_day(stamp: str) -> date | None:
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).date()
    except ValueError:
        return None


