"""The ranking as a table, CSV or JSON (the contract documented in the README)."""

from __future__ import annotations

import io
import json
from typing import Any

from selector.render.text import clip, csv_writer, number, safe_cell, table
from selector.result import Result
from selector.scoring.rubric import FLAG_STALE, FLAG_UNKNOWN, FLAG_UNVERIFIED


def short(criterion_id: str) -> str:
    return criterion_id[:6]


def rank_table(result: Result) -> str:
    crit = [c.id for c in result.criteria]
    headers = ["#", "option", "openness", "route", "score", *(short(c) for c in crit), "evidence"]
    rows = []
    for row in result.ranking:
        evidence_flags = row.evidence_flags
        evidence = ", ".join(
            f"{len(evidence_flags[k])} {k}"
            for k in (FLAG_UNKNOWN, FLAG_STALE, FLAG_UNVERIFIED)
            if evidence_flags.get(k)
        )
        rank = str(row.rank) + ("=" if _tied(result, row.rank) else "")
        rows.append(
            [
                rank,
                clip(row.id, 40),
                row.openness or "-",
                row.route or "-",
                number(row.score, 2 if abs(row.score) >= 1 else 4),
                *(number(row.scores[c], 1) for c in crit),
                evidence or "-",
            ]
        )
    right = {0, 4, *range(5, 5 + len(crit))}
    direction = "higher is better" if result.higher_is_better else "lower is better"
    lines = [
        f"Method: {result.method} - {result.method_title} ({direction})",
        "",
        table(headers, rows, right=tuple(right)),
        "",
        "Criteria (weight): "
        + "; ".join(f"{short(c.id)} = {c.name} ({number(c.weight, 3)})" for c in result.criteria),
    ]
    if any(_tied(result, r.rank) for r in result.ranking):
        lines.append("'=' marks a tie; " + result.tie_break + ".")
    if result.excluded:
        lines.append("")
        why = ("by the assessment's constraints" if result.assessment is not None
               else "as retired (--include-retired ranks them)")
        lines.append(f"Excluded {why} ({len(result.excluded)}):")
        for ex in result.excluded:
            lines.append(f"  {ex.id}: " + "; ".join(ex.reasons))
    flagged = [(r.id, result.review_flags.get(r.id, ())) for r in result.ranking]
    flagged = [(i, f) for i, f in flagged if f]
    if flagged:
        lines.append("")
        lines.append("Needs a human (does not exclude; `selector explain ID` lists them):")
        for option_id, flags in flagged:
            legal = sum(1 for f in flags if f.legal)
            other = len(flags) - legal
            parts = [f"{legal} legal review"] if legal else []
            parts += [f"{other} to confirm"] if other else []
            lines.append(f"  {option_id}: " + ", ".join(parts))
    extra = result.method_extra
    if result.method == "vikor":
        lines.append(
            "VIKOR compromise set: "
            + ", ".join(extra.get("compromise_set", []))
            + f" (acceptable advantage: {extra.get('acceptable_advantage')}, "
            f"acceptable stability: {extra.get('acceptable_stability')})"
        )
    return "\n".join(lines)


def _tied(result: Result, rank: int) -> bool:
    return sum(1 for r in result.ranking if r.rank == rank) > 1


def rank_json(result: Result) -> str:
    return json.dumps(result.as_dict(), indent=2, ensure_ascii=False, sort_keys=False)


def rank_csv(result: Result) -> str:
    crit = [c.id for c in result.criteria]
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(["rank", "position", "id", "name", "openness", "route", "score", *crit,
                     "unknown_facts", "stale_facts", "unverified_facts"])
    for row in result.ranking:
        cells: list[Any] = [
            row.rank,
            row.position,
            row.id,
            row.name,
            row.openness or "",
            row.route or "",
            row.score,
            *(row.scores[c] for c in crit),
            len(row.evidence_flags.get(FLAG_UNKNOWN, ())),
            len(row.evidence_flags.get(FLAG_STALE, ())),
            len(row.evidence_flags.get(FLAG_UNVERIFIED, ())),
        ]
        writer.writerow([safe_cell(c) for c in cells])
    return buffer.getvalue()
