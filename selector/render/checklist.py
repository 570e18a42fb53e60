"""Checklists as text tables, JSON and CSV."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from selector.render.text import clip, csv_writer, safe_cell, table


def progress_line(view: Any) -> str:
    p = view.progress()
    parts = [f"{p[k]['done']}/{p[k]['total']} {k}" for k in ("high", "medium", "low") if p[k]["total"]]
    return f"{p['all']['done']}/{p['all']['total']} done ({', '.join(parts) or 'nothing open'})"


def checklist_text(views: Mapping[str, Any], revision: int | None, *, status: str | None = None,
                   priority: str | None = None) -> str:
    lines: list[str] = []
    for option, view in views.items():
        items = [
            t for t in view.items
            if (status is None or t.status == status) and (priority is None or t.item.priority == priority)
        ]
        if view.orphaned:
            lines.append(f"{option}: orphaned - no longer shortlisted; its {len(view.items)} tracked "
                         "item(s) are kept with their history")
        else:
            lines.append(f"{option}: {progress_line(view)}")
        rows = [
            [t.item.id, t.item.priority, t.status + (" (orphaned)" if t.orphaned else ""),
             t.owner or "-", t.due or "-",
             ("[vendor] " if t.waits_on_vendor else "") + clip(t.item.title, 60)]
            for t in items
        ]
        if rows:
            lines.append(table(["item", "priority", "status", "owner", "due", "title"], rows))
        else:
            lines.append("  (no items match)")
        lines.append("")
    lines.append(f"State revision {revision if revision is not None else 0}. Why an item is there: "
                 "`selector checklist show --option ID --format json` (reasons and references). "
                 "[vendor]: waits on the vendor's answer (`selector questionnaire export`).")
    return "\n".join(lines)


def checklist_summary(result: Any, *, status: str | None = None, priority: str | None = None) -> str:
    """One line per shortlisted option, by rank: progress and what is open by priority; then
    the open high-priority items shared by most options (what to start on)."""
    order = [r.id for r in result.ranking if r.id in result.checklists]
    order += [o for o in result.checklists if o not in order]
    rows = []
    shared: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for option in order:
        view = result.checklists[option]
        items = [t for t in view.items if (status is None or t.status == status)
                 and (priority is None or t.item.priority == priority)]
        closed = ("done", "not-applicable")
        open_by = {p: sum(1 for t in items if t.item.priority == p and t.status not in closed)
                   for p in ("high", "medium", "low")}
        done = sum(1 for t in items if t.status in ("done", "not-applicable"))
        rows.append([clip(option, 40), "orphaned" if view.orphaned else f"{done}/{len(items)}",
                     str(open_by["high"]), str(open_by["medium"]), str(open_by["low"])])
        for t in items:
            if t.item.priority == "high" and t.status not in ("done", "not-applicable") and not view.orphaned:
                shared.setdefault(t.item.id, []).append(option)
                titles[t.item.id] = t.item.title
    lines = [f"Checklists of {len(order)} options (state revision {result.checklist_revision or 0})"
             + (f"; only {status} items" if status else "")
             + (f"; only {priority} priority" if priority else ""),
             table(["option", "done", "open high", "open medium", "open low"], rows, right=(1, 2, 3, 4))]
    common = sorted(shared.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:10]
    if common:
        lines += ["", "Open high-priority items, the most widely shared first:"]
        lines += [f"  {item} ({len(opts)} of {len(order)} options): {clip(titles[item], 70)}"
                  for item, opts in common]
    lines += ["", "`--option ID` lists one option's items, `--all` every option's;",
              "`checklist set --all-options --item ITEM ...` changes an item everywhere at once."]
    return "\n".join(lines)


def checklist_json(views: Mapping[str, Any], revision: int | None) -> str:
    return json.dumps({"revision": revision, "options": {k: v.as_dict() for k, v in views.items()}},
                      indent=2, ensure_ascii=False)


CSV_COLUMNS = ("option", "item", "kind", "category", "priority", "status", "owner", "due", "title",
               "action", "evidence_expected", "reasons", "references", "report", "notes",
               "evidence_links", "orphaned", "last_change")


def checklist_rows(views: Mapping[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for option, view in views.items():
        for t in view.items:
            last = t.history[-1] if t.history else {}
            rows.append([
                option, t.item.id, t.item.kind, t.item.category, t.item.priority, t.status,
                t.owner or "", t.due or "", t.item.title, t.item.action, t.item.evidence,
                " | ".join(t.item.reasons), " | ".join(t.item.references), t.item.report or "",
                " | ".join(t.notes), " | ".join(t.evidence_links), "yes" if t.orphaned else "",
                f"{last.get('at', '')} {last.get('by', '')}: {last.get('change', '')}" if last else "",
            ])
    return rows


def checklist_csv(views: Mapping[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in checklist_rows(views):
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


def known_items(view: Any) -> dict[str, dict[str, str]]:
    return {t.item.id: {"title": t.item.title, "priority": t.item.priority, "category": t.item.category}
            for t in view.items}


def ids(views: Mapping[str, Any]) -> Sequence[str]:
    return list(views)
