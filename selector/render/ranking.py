"""The ranking as a table, CSV or JSON (the contract documented in the README)."""

from __future__ import annotations

import io
import json
import textwrap
from typing import Any

from selector.render.text import clip, csv_writer, safe_cell, table
from selector.result import Result
from selector.review import CONFIRM, LEGAL, LIFECYCLE
from selector.scoring.rubric import FLAG_STALE, FLAG_UNKNOWN, FLAG_UNVERIFIED

DEFAULT_WIDTH = 100


def short(result: Result, criterion_id: str) -> str:
    """A criterion's column label (its ``label``, else its name's first word)."""
    info = next((c for c in result.criteria if c.id == criterion_id), None)
    return (info.label or info.name.split()[0]) if info is not None else criterion_id


def score_text(result: Result, value: float) -> str:
    """Every score of one ranking with the same decimals: 2 on a 0-100 scale, 4 below 1."""
    small = all(abs(r.score) < 1 for r in result.ranking)
    return f"{value:.4f}" if small else f"{value:.2f}"


def _open_facts(flags: Any) -> str:
    parts = [f"{len(flags[k])} {k}" for k in (FLAG_UNKNOWN, FLAG_STALE, FLAG_UNVERIFIED) if flags.get(k)]
    return ", ".join(parts) or "-"


def _with_ids(text: str, ids: list[str], rank_width: int) -> str:
    """The ranking table with each option's id on the line below its name, in full: an id is
    what the reader types next (``explain ID``), so it is never cut, even past ``width``."""
    lines = text.split("\n")
    for k, option in enumerate(ids):
        lines[3 + 2 * k] = " " * (rank_width + 2) + "  " + clip(option, 500)
    return "\n".join(lines)


def rank_table(result: Result, width: int | None = None) -> str:
    """Two tables that fit ``width`` columns (default 100): the ranking (rank, name with its id
    below, score, open facts), then each option's points per criterion, by rank."""
    width = max(60, width or DEFAULT_WIDTH)
    crit = [c.id for c in result.criteria]
    ranks = [str(row.rank) + ("=" if _tied(result, row.rank) else "") for row in result.ranking]
    scores = [score_text(result, row.score) for row in result.ranking]
    facts = [_open_facts(row.evidence_flags) for row in result.ranking]
    fixed = (max(map(len, ranks), default=1) + max(max(map(len, scores), default=5), 5)
             + max(max(map(len, facts), default=10), 10) + 3 * 2)
    name_width = max(24, width - fixed - 1)
    rows: list[list[str]] = []
    for rank, row, score, fact in zip(ranks, result.ranking, scores, facts, strict=True):
        rows.append([rank, clip(row.name, name_width), score, fact])
        rows.append(["", "", "", ""])  # the id to type: written in full below
    points = [[rank, *(f"{row.scores[c]:.1f}" for c in crit)]
              for rank, row in zip(ranks, result.ranking, strict=True)]
    direction = "higher is better" if result.higher_is_better else "lower is better"
    lines = [
        f"Method: {result.method} - {result.method_title} ({direction})",
        "",
        _with_ids(table(["#", "option (and its id)", "score", "open facts"], rows, right=(0, 2)),
                  [row.id for row in result.ranking], max(map(len, ranks), default=1)),
        "",
        "Points per criterion (0-100), by rank; the weights below:",
        table(["#", *(short(result, c) for c in crit)], points, right=tuple(range(len(crit) + 1))),
        "",
        textwrap.fill("Weights: " + "; ".join(f"{short(result, c.id)} = {c.name} {c.weight:.1%}"
                                              for c in result.criteria), width, subsequent_indent="  ",
                      break_on_hyphens=False),
    ]
    from selector.weights.changes import changes_line

    changed = changes_line(result)
    if changed:
        lines.append(textwrap.fill(changed, width, subsequent_indent="  ", break_on_hyphens=False))
    if any(_tied(result, r.rank) for r in result.ranking):
        lines.append(textwrap.fill("'=' marks a tie; " + result.tie_break + ".", width,
                                   break_on_hyphens=False))
    if result.excluded:
        lines.append("")
        why = ("by the assessment's constraints" if result.assessment is not None
               else "as retired (--include-retired ranks them)")
        lines.append(textwrap.fill(f"Excluded {why} ({len(result.excluded)}; `selector explain ID` "
                                   "gives each reason's sources):", width, break_on_hyphens=False))
        for ex in result.excluded:
            lines.append(textwrap.fill(f"{ex.id}: " + "; ".join(ex.reasons), width, initial_indent="  ",
                                       subsequent_indent="      ", break_on_hyphens=False,
                                       break_long_words=False))
    flagged = [(r.id, result.review_flags.get(r.id, ())) for r in result.ranking]
    flagged = [(i, f) for i, f in flagged if f]
    if flagged:
        lines.append("")
        lines.append("Needs a human (does not exclude; `selector explain ID` lists them):")
        words = {LEGAL: "legal review", CONFIRM: "to confirm", LIFECYCLE: "lifecycle (exit plan)"}
        names = {r.id: r.name for r in result.ranking}
        for option_id, flags in flagged:
            counts = {kind: sum(1 for f in flags if f.kind == kind) for kind in words}
            parts = [f"{n} {words[kind]}" for kind, n in counts.items() if n]
            lines.append(f"  {names.get(option_id, option_id)}: " + ", ".join(parts))
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
