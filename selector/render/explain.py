"""``selector explain``: every point an option earned, and where each fact came from."""

from __future__ import annotations

import json
from typing import Any

from selector.errors import InputError
from selector.render.text import number
from selector.result import Result
from selector.rubric import FLAG_UNKNOWN
from selector.validation import suggestion


def _find(result: Result, option_id: str) -> Any:
    try:
        return result.option(option_id)
    except KeyError:
        ids = [r.id for r in result.ranking]
        raise InputError(f"no option '{option_id}' in the ranking; " + suggestion(option_id, ids))\
            from None


def explain_data(result: Result, option_id: str) -> dict[str, Any]:
    row = _find(result, option_id)
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
    return {
        "option": row.as_dict(),
        "method": result.method,
        "of": len(result.ranking),
        "criteria": criteria,
        "meta": result.meta.as_dict(),
    }


def explain_json(result: Result, option_id: str) -> str:
    return json.dumps(explain_data(result, option_id), indent=2, ensure_ascii=False)


def explain_text(result: Result, option_id: str) -> str:
    row = _find(result, option_id)
    trace = result.traces[option_id]
    n = len(result.ranking)
    lines = [
        f"{row.id}: {row.name}",
        f"{row.openness or '-'} | {row.route or '-'} | file {row.path}",
        f"Rank {row.rank} of {n} by {result.method} ({result.method_title}): score "
        f"{number(row.score, 4)}" + ("" if result.higher_is_better else " (lower is better)"),
    ]
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
    flags = row.evidence_flags
    summary = [f"{k}: {', '.join(v)}" for k, v in flags.items() if v]
    lines += ["", "Evidence flags: " + ("; ".join(summary) if summary else "none")]
    lines.append("Legend: '!' unknown fact (0 points, a due-diligence item); '~' alternative "
                 "not counted (best_of took another).")
    return "\n".join(lines)
