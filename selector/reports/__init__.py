"""Due-diligence reports: one Result rendered as HTML, Markdown, XLSX or JSON.

Every format reads the same view data (``selector.reports.model``) built once from the result;
nothing is recomputed here. Output is a pure function of the result and the generation time, so
with ``SOURCE_DATE_EPOCH`` set two runs give byte-identical files.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from selector.errors import UsageError
from selector.result import Result

REPORT_VERSION = "2"
"""Bumped when the structure of a report (sections, sheets, JSON keys) changes."""

KINDS = ("html", "md", "xlsx", "json")
EXTENSIONS = {"html": ".html", "md": ".md", "xlsx": ".xlsx", "json": ".json"}

_UNSET: Any = object()


def generation_time(environ: Mapping[str, str] | None = None) -> datetime:
    """SOURCE_DATE_EPOCH (seconds since 1970, UTC) when set, else now; whole seconds, UTC."""
    from selector.epoch import source_date_epoch

    moment = source_date_epoch(dict(os.environ if environ is None else environ))
    return moment if moment is not None else datetime.now(UTC).replace(microsecond=0)


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the second: 2026-11-25T09:30:00Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def robustness_of(result: Result) -> Any:
    """The result's robustness analysis, or None until it has been computed and attached."""
    return getattr(result, "robustness", None)


def render_report(
    kind: str,
    result: Result,
    *,
    generated_at: datetime | None = None,
    robustness: Any = _UNSET,
) -> bytes:
    """The report of ``result`` in ``kind`` (html, md, xlsx or json), as bytes ready to write.

    ``generated_at`` defaults to :func:`generation_time`. ``robustness`` defaults to
    ``result.robustness``; pass an analysis explicitly while the result does not carry one.
    """
    if kind not in KINDS:
        raise UsageError(f"unknown report format '{kind}'; choose one of {', '.join(KINDS)}")
    moment = generated_at if generated_at is not None else generation_time()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC).replace(microsecond=0)
    rob = robustness_of(result) if robustness is _UNSET else robustness
    if kind == "json":
        from selector.reports.json import render_json

        return render_json(result, rob, iso(moment), REPORT_VERSION)
    from selector.reports.model import build_view

    view = build_view(result, rob, generated_at=iso(moment), report_version=REPORT_VERSION)
    if kind == "html":
        from selector.reports.html import render_html

        return render_html(view)
    if kind == "md":
        from selector.reports.markdown import render_markdown

        return render_markdown(view)
    from selector.reports.xlsx import render_xlsx

    return render_xlsx(view, moment)
