"""``selector explain``: every point an option earned, and where each fact came from."""

from __future__ import annotations

import json
from typing import Any

from selector.errors import InputError
from selector.io.validation import suggestion
from selector.render.ranking import score_text
from selector.render.text import number
from selector.result import Result
from selector.scoring.rubric import FLAG_UNKNOWN
from selector.weights.changes import LABELS


def _find(result: Result, option_id: str) -> Any:
    """The ranked row of an option, or None when it was excluded by a gate."""
    try:
        return result.option(option_id)
    except KeyError:
        if any(e.id == option_id for e in result.excluded):
            return None
        ids = [r.id for r in result.ranking] + [e.id for e in result.excluded]
        raise InputError(f"no option '{option_id}' in the result; " + suggestion(option_id, ids))\
            from None


def resolve(result: Result, query: str) -> str:
    """The option id ``query`` names: the id itself, or the one option whose id or name contains
    it (case-insensitive). Several matches, or none, are a clear error listing what was meant."""
    options = [(r.id, r.name) for r in result.ranking] + [(e.id, e.name) for e in result.excluded]
    if any(oid == query for oid, _ in options):
        return query
    needle = query.casefold()
    hits = [(oid, name) for oid, name in options if needle in oid.casefold() or needle in name.casefold()]
    if len(hits) == 1:
        return hits[0][0]
    if hits:
        shown = "; ".join(f"{oid} ({name})" for oid, name in hits[:8])
        more = f"; and {len(hits) - 8} more" if len(hits) > 8 else ""
        raise InputError(f"'{query}' matches {len(hits)} options: {shown}{more}; give one of these ids")
    return query  # _find reports it, with a did-you-mean


def _excluded(result: Result, option_id: str) -> Any:
    return next((e for e in result.excluded if e.id == option_id), None)


def explain_data(result: Result, option_id: str) -> dict[str, Any]:
    option_id = resolve(result, option_id)
    row = _find(result, option_id)
    excluded = _excluded(result, option_id)
    trace = result.traces[option_id]
    criteria = []
    for info in result.criteria:
        score = trace[info.id]
        criteria.append(
            {
                "id": info.id,
                "name": info.name,
                "weight": info.weight,
                "score": score.value,
                "flags": list(score.flags),
                "trace": [entry.as_dict() for entry in score.trace],
            }
        )
    tco = result.tco.get(option_id)
    used = sorted({k for line in tco.lines for k in line.inputs}) if tco is not None else []
    table = result.cost_sensitivity
    return {
        "option": row.as_dict() if row is not None else {"id": option_id, "excluded": True},
        "excluded_reasons": list(excluded.reasons) if excluded else [],
        "excluded_evidence": list(excluded.evidence) if excluded else [],
        "review_flags": [flag.text for flag in result.review_flags.get(option_id, ())],
        "method": result.method,
        "of": len(result.ranking),
        "criteria": criteria,
        "tco": tco.as_dict() if tco is not None else None,
        "cost_inputs": {k: result.cost_inputs[k].as_dict() for k in used if k in result.cost_inputs},
        "cost_sensitivity": [r.as_dict() for r in table.rows_for(option_id)] if table else [],
        "weight_derivation": [step.as_dict() for step in result.weight_steps],
        "analyst_changes": [change.as_dict() for change in result.analyst_changes],
        "meta": result.meta.as_dict(),
    }


def explain_json(result: Result, option_id: str) -> str:
    return json.dumps(explain_data(result, option_id), indent=2, ensure_ascii=False)


def explain_text(result: Result, option_id: str) -> str:
    option_id = resolve(result, option_id)
    row = _find(result, option_id)
    excluded = _excluded(result, option_id)
    trace = result.traces[option_id]
    n = len(result.ranking)
    if row is not None:
        lines = [
            f"{row.id}: {row.name}",
            f"{row.openness or '-'} | {row.route or '-'} | file {row.path}",
            f"Rank {row.rank} of {n} by {result.method} ({result.method_title}): score "
            f"{score_text(result, row.score)}" + ("" if result.higher_is_better else " (lower is better)"),
        ]
    else:
        lines = [f"{option_id}: {excluded.name}", "EXCLUDED by the assessment's constraints:"]
        lines += [f"  - {reason}" for reason in excluded.reasons]
        if excluded.evidence:
            lines.append("Evidence the reasons cite:")
            lines += [f"  - {fact}" for fact in excluded.evidence]
    if result.assessment is not None:
        a = result.assessment
        lines.append(
            f"Assessment: {a['institution']['name']} - {a['use_case']['name']} ({a['path']}); "
            "weights: " + next((s.label for s in reversed(result.weight_steps)
                                if s.label != LABELS["method"]), "-")
        )
    if result.analyst_changes:
        lines += [change.text for change in result.analyst_changes]
    flags = result.review_flags.get(option_id, ())
    if flags:
        lines.append("Review (does not exclude):")
        lines += [f"  - {flag.text}" for flag in flags]
    tco = result.tco.get(option_id)
    if tco is not None:
        lines += ["", *cost_lines(result, option_id, tco)]
    contributions = result.method_extra.get("contributions") if result.method == "wsm" else None
    ids_in_matrix = list(result.method_extra.get("alternatives", []))
    k = ids_in_matrix.index(option_id) if option_id in ids_in_matrix else 0
    for j, info in enumerate(result.criteria):
        score = trace[info.id]
        head = f"{info.name}: {number(score.value, 2)}"
        head += " / 100" if info.has_rubric else ""
        head += f"   weight {number(info.weight, 3)}"
        if contributions is not None:
            head += f" -> contributes {number(contributions[k][j], 2)}"
        lines += ["", head]
        for entry in score.trace:
            mark = "  " if entry.counted else "  ~"
            if FLAG_UNKNOWN in entry.flags:
                mark = "  !"
            points = f"{number(entry.points, 2)}/{number(entry.max_points, 2)}"
            lines.append(f"{mark} {points:>7}  {entry.rule}: {entry.fact} = {entry.value}")
            lines.append(f"             {entry.outcome}")
            if entry.source:
                conf = entry.confidence or "no confidence given"
                lines.append(
                    f"             source: {entry.source_title or entry.source} "
                    f"[{entry.source_url or '-'}] as of {entry.as_of or '?'}, {conf}"
                )
            if entry.note:
                lines.append(f"             note: {entry.note}")
            if entry.flags:
                lines.append(f"             flags: {', '.join(entry.flags)}")
            if entry.cite and entry.counted:
                lines.append(f"             basis: {entry.cite}")
    from selector.result import evidence_flags

    evidence = row.evidence_flags if row is not None else evidence_flags(trace)
    summary = [f"{k}: {', '.join(v)}" for k, v in evidence.items() if v]
    lines += ["", "Evidence flags: " + ("; ".join(summary) if summary else "none")]
    lines.append("Legend: '!' unknown fact (0 points, or the pessimistic bound when imputed; a "
                 "due-diligence item); '~' alternative not counted (best_of took another).")
    return "\n".join(lines)


SENSITIVITY_ROWS = 12
"""Rows of the cost sensitivity table ``explain`` prints for one option (the JSON has all)."""


def cost_lines(result: Result, option_id: str, tco: Any) -> list[str]:
    """The TCO with each line's inputs and their evidence, then the sensitivity rows that
    involve the option."""
    head = (f"Cost of ownership: {tco.annual_usd:,.0f} USD a year, {tco.horizon_usd:,.0f} over "
            f"{tco.horizon_years} years")
    out = [head]
    if tco.imputed:
        out.append(f"  IMPUTED: unknown {', '.join(i.fact for i in tco.imputed)} counted at the "
                   f"pessimistic bound (costs.yaml imputation); {tco.favourable_annual_usd:,.0f} a "
                   "year at the favourable end. Obtain the figure.")
    used: list[str] = []
    for line in tco.lines:
        mark = " (imputed)" if line.imputed else ""
        out.append(f"  {line.annual_usd:>12,.0f}  {line.item}{mark}: {line.working}")
        tags = []
        for key in line.inputs:
            info = result.cost_inputs.get(key)
            if info is None:
                continue
            tags.append(f"{key} = {info.value:g} [{info.short_tag}]")
            if key not in used:
                used.append(key)
        if tags:
            out.append("                inputs: " + "; ".join(tags))
    if used:
        out.append("  Evidence of the cost inputs (costs.yaml; override any in the assessment's costs: map):")
        for key in used:
            info = result.cost_inputs[key]
            out.append(f"    {key}: {info.tag}")
    table = result.cost_sensitivity
    rows = table.rows_for(option_id) if table is not None else ()
    if table is not None and rows:
        out += ["", f"Cost sensitivity: the inputs that move this option's TCO or the ranking by TCO "
                f"({len(rows)} of {len(table.rows)}, largest impact first; cheapest "
                f"{table.base_cheapest}" + (f", rank 1 {table.base_top}" if table.base_top else "")
                + ")"]
        for row in rows[:SENSITIVITY_ROWS]:
            mine = [f"{row.low.changes.get(option_id, 0.0):+,.0f}",
                    f"{row.high.changes.get(option_id, 0.0):+,.0f}"]
            out.append(f"  {row.key} = {row.base:g} -> {row.low.value:g} / {row.high.value:g} "
                       f"({row.basis}; {row.tag}): this option {mine[0]} / {mine[1]} "
                       f"USD a year; {row.describe(table.base_cheapest, table.base_top)}")
        if len(rows) > SENSITIVITY_ROWS:
            out.append(f"  ... {len(rows) - SENSITIVITY_ROWS} more (selector explain --format json, "
                       "or the report)")
    return out
