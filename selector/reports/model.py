"""The report's view data: a Result turned once into plain dicts and lists for every format.

Only presentation is derived here (ordering, labels, number formats, the strengths and
weaknesses of each option relative to the shortlist mean); every score, weight, rank, cost and
robustness figure is read from the result as computed. All strings pass through
``selector.reports.text.clean``; each format then escapes for itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from selector.reports.audit_view import evidence_audit_view
from selector.reports.checklist_view import (
    checklist_matrix,
    checklist_reference,
    checklist_view,
    orphaned_work,
)
from selector.reports.cost_view import cost_sensitivity_view, tco_view
from selector.reports.robust_view import robustness_view
from selector.reports.summary import DecisionSummary, decision_summary
from selector.reports.text import clean_all, fixed, money, percent, points, share_text, web_link
from selector.result import Result
from selector.scoring.rubric import FLAG_IMPUTED, FLAG_STALE, FLAG_UNKNOWN, FLAG_UNSOURCED, FLAG_UNVERIFIED

FLAG_ORDER = (FLAG_UNKNOWN, FLAG_IMPUTED, FLAG_STALE, FLAG_UNVERIFIED, FLAG_UNSOURCED)
STRENGTHS = 3
DETAIL_OPTIONS = 3
"""Shortlisted options the HTML report shows in full (the others one line each; every format but
HTML has them all in full)."""
SENSITIVITY_ROWS = 5
"""Cost sensitivity rows the HTML report shows per option."""


def build_view(result: Result, robustness: Any, *, generated_at: str, report_version: str) -> dict[str, Any]:
    names = {row.id: row.name for row in result.ranking} | {ex.id: ex.name for ex in result.excluded}
    criteria = [
        {"id": c.id, "name": c.name, "label": c.label or c.name, "weight": c.weight,
         "weight_text": percent(c.weight),
         "objective": c.objective, "scale": list(c.scale) if c.scale else None,
         "scale_high_text": points(c.scale[1]) if c.scale else "best"}
        for c in result.criteria
    ]
    ranking = _ranking(result)
    options = [_option(result, index, criteria) for index in range(len(result.ranking))]
    rob = robustness_view(robustness, names, {c.id: c.name for c in result.criteria}, result)
    assessment = dict(result.assessment) if result.assessment is not None else None
    view: dict[str, Any] = {
        "report_version": report_version,
        "generated_at": generated_at,
        "title": "Generative-AI model offering: due-diligence report",
        "institution": _get(assessment, "institution", "name"),
        "use_case": _get(assessment, "use_case", "name"),
        "method": {"id": result.method, "title": result.method_title,
                   "direction": "higher is better" if result.higher_is_better else "lower is better",
                   "pipeline": str(result.method_extra.get("pipeline", "")), "tie_break": result.tie_break},
        "criteria": criteria,
        "ranking": ranking,
        "options": options,
        "excluded": [{"id": ex.id, "name": ex.name, "reasons": list(ex.reasons),
                      "evidence": list(ex.evidence)} for ex in result.excluded],
        "robustness": rob,
        "context": _context(result, assessment, criteria),
        "audit": _audit(result, rob, generated_at, report_version),
    }
    view["summary"] = summary_view(decision_summary(result, robustness), result)
    view["checklist_reference"] = checklist_reference(options)
    view["orphaned_work"] = orphaned_work(result)
    view["detail_count"] = DETAIL_OPTIONS
    view["sensitivity_rows"] = SENSITIVITY_ROWS
    view["checklist_matrix"] = checklist_matrix(options[:DETAIL_OPTIONS])
    view["evidence_audit"] = evidence_audit_view(result)
    from selector.reports.performance_view import performance_view

    view["performance"] = performance_view(result)
    cleaned: dict[str, Any] = clean_all(view)
    return cleaned


def _get(data: Mapping[str, Any] | None, *path: str) -> Any:
    for key in path:
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return data


def _score_text(result: Result, value: float) -> str:
    """The one score format of every face (``selector rank``, ``explain``, the reports): two
    decimals on the 0-100 scale, four when every score is below 1."""
    from selector.render.ranking import score_text

    return score_text(result, value)


def _score_digits(result: Result) -> int:
    return 4 if all(abs(r.score) < 1 for r in result.ranking) else 2


def _tied(result: Result, rank: int) -> bool:
    return sum(1 for r in result.ranking if r.rank == rank) > 1


def _share(value: float | None, scale: tuple[float, float] | None, top: float) -> float | None:
    """Where a score sits on its criterion's fixed scale (0 = low end, 1 = high end), for bars."""
    if value is None:
        return None
    low, high = scale if scale else (0.0, top)
    span = high - low
    return min(max((value - low) / span, 0.0), 1.0) if span else 0.0


def _ranking(result: Result) -> list[dict[str, Any]]:
    crit = [c.id for c in result.criteria]
    tops = {c: max([abs(r.scores.get(c, 0.0)) for r in result.ranking] + [1.0]) for c in crit}
    scales = {c.id: c.scale for c in result.criteria}
    rows = []
    for row in result.ranking:
        flags = row.evidence_flags
        rows.append({
            "rank": row.rank, "tied": _tied(result, row.rank),
            "rank_text": ("=" if _tied(result, row.rank) else "") + str(row.rank),
            "position": row.position, "id": row.id, "name": row.name, "anchor": f"option-{row.position}",
            "openness": row.openness or "-", "route": row.route or "-",
            "score": row.score, "score_text": _score_text(result, row.score),
            "scores": [{"criterion": c, "value": row.scores.get(c),
                        "text": fixed(row.scores.get(c), 1),
                        "share": _share(row.scores.get(c), scales[c], tops[c])} for c in crit],
            "unknown": len(flags.get(FLAG_UNKNOWN, ())), "stale": len(flags.get(FLAG_STALE, ())),
            "unverified": len(flags.get(FLAG_UNVERIFIED, ())),
            "processing": list(result.processing.get(row.id, ())),
            "lifecycle": lifecycle_text(result, row.id),
        })
    return rows


def lifecycle_text(result: Result, option_id: str) -> str:
    from selector.scoring.lifecycle import describe

    return describe(result.lifecycle.get(option_id))


def _contributions(result: Result, option_id: str) -> list[float] | None:
    """Each criterion's contribution to the score, as the method recorded it (wsm only)."""
    extra = result.method_extra
    table, order = extra.get("contributions"), extra.get("alternatives")
    if not isinstance(table, Sequence) or not isinstance(order, Sequence) or option_id not in order:
        return None
    row = table[list(order).index(option_id)]
    return [float(v) for v in row] if isinstance(row, Sequence) else None


def _option(result: Result, index: int, criteria: list[dict[str, Any]]) -> dict[str, Any]:
    row = result.ranking[index]
    crit_names = {c["id"]: c["name"] for c in criteria}
    contributions = _contributions(result, row.id)
    scores = []
    for i, c in enumerate(criteria):
        value = row.scores.get(c["id"])
        contribution = contributions[i] if contributions and i < len(contributions) else None
        scores.append({"criterion": c["id"], "name": c["name"], "weight_text": c["weight_text"],
                       "value": value, "text": fixed(value, 1) if value is not None else "-",
                       "contribution": contribution, "contribution_text": fixed(contribution, 2)})
    traces = []
    for cid, score in result.traces.get(row.id, {}).items():
        traces.append({"criterion": cid, "name": crit_names.get(cid, cid), "value": score.value,
                       "text": fixed(score.value, 1), "rows": [_trace_row(e) for e in score.trace]})
    checklist = result.checklists.get(row.id)
    return {
        "id": row.id, "name": row.name, "anchor": f"option-{row.position}", "position": row.position,
        "rank_text": ("=" if _tied(result, row.rank) else "") + str(row.rank),
        "score_text": _score_text(result, row.score), "openness": row.openness or "-",
        "route": row.route or "-", "processing": list(result.processing.get(row.id, ())),
        "lifecycle": lifecycle_text(result, row.id),
        "lifecycle_source": _lifecycle_source(result, row.id),
        "scores": scores, **_strengths(result, row.id, crit_names), "traces": traces,
        "evidence": _evidence(traces), "tco": tco_view(result, row.id),
        "cost_sensitivity": cost_sensitivity_view(result, row.id),
        "flags": [flag.text for flag in result.review_flags.get(row.id, ())],
        "checklist": checklist_view(checklist) if checklist is not None else None,
    }


def _lifecycle_source(result: Result, option_id: str) -> str | None:
    check = result.lifecycle.get(option_id)
    if check is None or check.state.source is None:
        return None
    state = check.state
    return f"{state.source}, {state.confidence}" if state.confidence else state.source


def _strengths(result: Result, option_id: str, names: Mapping[str, str]) -> dict[str, Any]:
    """Best and worst criteria relative to the shortlist mean (points above or below it)."""
    if len(result.ranking) < 2:
        return {"strengths": [], "weaknesses": []}
    row = result.option(option_id)
    deltas: list[dict[str, Any]] = []
    for c in result.criteria:
        values = [r.scores[c.id] for r in result.ranking if c.id in r.scores]
        if c.id not in row.scores or not values:
            continue
        mean = sum(values) / len(values)
        deltas.append({"criterion": c.id, "name": names.get(c.id, c.id), "value": row.scores[c.id],
                       "mean": mean, "delta": row.scores[c.id] - mean,
                       "text": f"{fixed(row.scores[c.id], 1)} vs shortlist mean {fixed(mean, 1)}"})
    best = sorted((d for d in deltas if d["delta"] > 1e-9), key=lambda d: (-d["delta"], d["criterion"]))
    worst = sorted((d for d in deltas if d["delta"] < -1e-9), key=lambda d: (d["delta"], d["criterion"]))
    return {"strengths": best[:STRENGTHS], "weaknesses": worst[:STRENGTHS]}


def _trace_row(entry: Any) -> dict[str, Any]:
    flags = [f for f in FLAG_ORDER if f in entry.flags]
    words = [f.upper() for f in flags] + ([] if entry.counted else ["NOT COUNTED"])
    return {
        "rule": entry.rule, "fact": entry.fact, "value": entry.value,
        "points": entry.points, "max_points": entry.max_points,
        "points_text": f"{points(entry.points)} / {points(entry.max_points)}",
        "outcome": entry.outcome, "counted": entry.counted, "flags": flags, "flag_words": words,
        "source": entry.source, "source_title": entry.source_title, "source_url": entry.source_url,
        "link": web_link(entry.source_url), "as_of": entry.as_of, "confidence": entry.confidence,
        "note": entry.note, "why": entry.why, "cite": entry.cite,
    }


def _evidence(traces: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per fact behind the scores (first occurrence), unknown and stale ones first."""
    seen: dict[str, dict[str, Any]] = {}
    for trace in traces:
        for row in trace["rows"]:
            informational = row["max_points"] == 0 and not row["flags"]
            if row["fact"] in seen or row["rule"] == "direct" or informational:
                continue
            seen[row["fact"]] = {**row, "criterion": trace["criterion"], "criterion_name": trace["name"]}
    order = {FLAG_UNKNOWN: 0, FLAG_STALE: 1, FLAG_UNVERIFIED: 2}
    return sorted(seen.values(), key=lambda r: (min((order.get(f, 3) for f in r["flags"]), default=4),
                                                r["fact"]))


def _pairs(data: Any, labels: Mapping[str, str] | None = None) -> list[list[str]]:
    """A mapping flattened to [label, text] rows for the context tables."""
    rows: list[list[str]] = []
    if not isinstance(data, Mapping):
        return rows
    for key, value in data.items():
        if key in ("description",) or value is None or value == [] or value == {}:
            continue
        label = (labels or {}).get(key, key.replace("_", " "))
        if isinstance(value, Mapping):
            text = "; ".join(f"{k.replace('_', ' ')}: {_plain(v)}" for k, v in value.items()
                             if v not in (None, []))
            if not text:
                continue  # a block with nothing set (no required capabilities) says nothing
        else:
            text = _plain(value)
        rows.append([label, text])
    return rows


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value) if value else "none"
    if isinstance(value, float):
        return points(value) if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return str(value)


def _context(result: Result, assessment: dict[str, Any] | None,
             criteria: list[dict[str, Any]]) -> dict[str, Any]:
    steps = []
    for step in result.weight_steps:
        steps.append({"kind": step.kind, "label": step.label, "why": step.why, "cite": step.cite,
                      "weights": [percent(step.weights.get(c["id"])) if c["id"] in step.weights else "-"
                                  for c in criteria]})
    general = []
    if assessment is not None:
        general = [["horizon", f"{assessment.get('horizon_years')} years"],
                   ["budget (USD a year)", money(assessment.get("budget_usd_per_year"))
                    if assessment.get("budget_usd_per_year") is not None else "not stated"],
                   ["assessment file", str(assessment.get("path", "-"))]]
    return {
        "has_assessment": assessment is not None,
        "institution": _pairs(_get(assessment, "institution")),
        "use_case": _pairs(_get(assessment, "use_case")),
        "use_case_description": _get(assessment, "use_case", "description"),
        "constraints": _pairs(_get(assessment, "constraints")),
        "general": general,
        "steps": steps,
    }


def _audit(result: Result, rob: dict[str, Any], generated_at: str, report_version: str) -> dict[str, Any]:
    meta = result.meta
    inputs = sorted(meta.inputs.items())
    catalogues = [[path, digest] for path, digest in inputs if "checklist" in path]
    facts = [
        ["generated at", generated_at],
        ["facts judged as of", meta.today],
        ["tool version", f"selector {meta.tool_version}"],
        ["report version", report_version],
        ["criteria set", f"{meta.criteria_set} (version {meta.criteria_version})"],
        ["checklist catalogue", "; ".join(p for p, _ in catalogues) or "none"],
        ["checklist state revision", "none" if result.checklist_revision is None
         else str(result.checklist_revision)],
        ["method", f"{result.method}: {result.method_title}"],
        ["pipeline", str(result.method_extra.get("pipeline", "-"))],
        ["robustness seed", str(rob["seed"]) if rob["computed"] else "not computed"],
        ["robustness samples", f"{rob['samples']:,}" if rob["computed"] else "not computed"],
    ]
    return {
        "facts": facts,
        "libraries": [[k, v] for k, v in sorted(meta.libraries.items())],
        "inputs": [[path, digest] for path, digest in inputs],
        "weights": [[c.name, c.id, f"{c.weight:.6f}", percent(c.weight)] for c in result.criteria],
    }


def summary_view(summary: DecisionSummary, result: Result) -> dict[str, Any]:
    """The decision summary's data with the texts the page shows (score, gap, anchors)."""
    data = summary.as_dict()
    digits = _score_digits(result)
    for key, option in (("recommendation", summary.recommendation), ("runner_up", summary.runner_up)):
        if option is not None:
            data[key] |= {"score_text": _score_text(result, option.score),
                          "anchor": f"option-{option.position}",
                          "rank_text": ("=" if _tied(result, option.rank) else "") + str(option.rank)}
    top, second = summary.recommendation, summary.runner_up
    # the gap between the two scores as printed, so a reader subtracting them gets the same
    data["gap_text"] = (fixed(abs(round(top.score, digits) - round(second.score, digits)), digits)
                        if top and second else None)
    data["open_high_text"] = [f"{c.option_name}: {c.count}" for c in summary.open_high]
    data["leads_text"] = [lead.text for lead in summary.leads]
    for row, lead in zip(data["evidence_to_obtain"], summary.leads, strict=True):
        row["words"] = lead.words
    data["score_rows"] = [
        {"name": c.name, "weight_text": percent(c.weight),
         "cells": [{"text": fixed(o.scores[i], 1), "share": _share(o.scores[i], c.scale, 100.0)}
                   for o in summary.chart]}
        for i, c in enumerate(result.criteria)]
    data["acceptability_rows"] = [{"name": a.name, "text": share_text(a.first), "share": a.first}
                                  for a in summary.acceptability]
    return data
