"""The report's performance section: per task and offering, the measured value, its interval,
n, completeness and run date, read from the result's evaluation evidence (never recomputed)."""

from __future__ import annotations

from typing import Any

from selector.result import Result


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.4g}"


def performance_view(result: Result) -> dict[str, Any] | None:
    ev = result.evaluations
    if ev is None:
        return None
    names = {row.id: row.name for row in result.ranking}
    criteria = {c.id: c.name for c in result.criteria}
    security = criteria.get(ev.security_criterion or "", ev.security_criterion or "")
    tasks = []
    for task in ev.tasks:
        rows = []
        for row in result.ranking:
            m = ev.measurement(row.id, task.id)
            if m is None:
                rows.append({"option": names[row.id], "id": row.id, "value": "no run",
                             "interval": "-", "n": "-", "complete": "-", "date": "-",
                             "source": "evaluate it on the suite", "number": None,
                             "low": None, "high": None, "count": None})
                continue
            interval = (f"[{m.interval[0]:.3g}, {m.interval[1]:.3g}]" if m.interval else "-")
            rows.append({
                "option": names[row.id], "id": row.id, "value": _num(m.value), "interval": interval,
                "number": m.value, "low": m.interval[0] if m.interval else None,
                "high": m.interval[1] if m.interval else None, "count": m.n,
                "n": "-" if m.n is None else str(m.n),
                "complete": "complete" if m.complete else "partial: " + "; ".join(m.partial),
                "date": (f"{m.run_date} (published)" if m.source and m.run_date
                         else m.run_date or "-"),
                "source": f"{m.file} (run {m.tool_run_id or m.run}; sha256 {m.sha256[:12]})"
                + (f"; reused from the {m.route} route: {m.reused}" if m.reused else "")
                + (f"; published: {m.source}" if m.source else ""),
            })
        of = f"{task.share:.0%} of the criterion"
        if task.counts_for == "security":
            of = f"{task.share:.0%} of the measured part of {security}"
        tasks.append({"id": task.id, "name": task.name, "metric": task.metric,
                      "share": f"{task.share:.0%}", "share_value": task.share, "of": of,
                      "minimum": f"{task.minimum:g}", "target": f"{task.target:g}", "rows": rows,
                      "version_note": task.version_note, "counts_for": task.counts_for})
    parts = []
    if ev.performance_tasks:
        parts.append(f"{ev.criterion_name}, {ev.share:.0%} of the decision")
    if ev.security_tasks:
        parts.append(f"red-team results: {ev.security_share:.0%} of {security}'s points")
    note = (f"The red-team tasks are the measured part of {security}: together they earn up to "
            f"{100 * ev.security_share:g} of its 100 points, and each rubric rule (the vendor's "
            f"declared evidence) keeps {1 - ev.security_share:.0%} of its points. A pass is an "
            "attack the offering resisted." if ev.security_tasks else None)
    return {"criterion": ev.criterion_name, "share": f"{ev.share:.0%}", "tasks": tasks,
            "title": "; ".join(parts), "security_note": note}
