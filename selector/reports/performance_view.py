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
    tasks = []
    for task in ev.tasks:
        rows = []
        for row in result.ranking:
            m = ev.measurement(row.id, task.id)
            if m is None:
                rows.append({"option": names[row.id], "value": "no run", "interval": "-",
                             "n": "-", "complete": "-", "date": "-", "source": "evaluate it on "
                             "the suite"})
                continue
            interval = (f"[{m.interval[0]:.3g}, {m.interval[1]:.3g}]" if m.interval else "-")
            rows.append({
                "option": names[row.id], "value": _num(m.value), "interval": interval,
                "n": "-" if m.n is None else str(m.n),
                "complete": "complete" if m.complete else "partial: " + "; ".join(m.partial),
                "date": m.run_date or "-",
                "source": f"{m.file} (run {m.tool_run_id or m.run}; sha256 {m.sha256[:12]})"
                + (f"; reused from the {m.route} route: {m.reused}" if m.reused else "")
                + (f"; published: {m.source}" if m.source else ""),
            })
        tasks.append({"id": task.id, "name": task.name, "metric": task.metric,
                      "share": f"{task.share:.0%}", "minimum": f"{task.minimum:g}",
                      "target": f"{task.target:g}", "rows": rows,
                      "version_note": task.version_note})
    return {"criterion": ev.criterion_name, "share": f"{ev.share:.0%}", "tasks": tasks}
